"""The ``<id:...>`` path converter for row ids in Kohorta's URLs.

Django's ``<int:...>`` takes any run of digits, and a number beyond the database's 64-bit
range reaches the ORM: SQLite refuses it with an OverflowError (a 500) wherever it is
compared with a foreign key. ``<id:...>`` takes at most 18 digits, so such a URL is a 404.
Importing this module registers the converter; each app's ``urls.py`` does.
"""

from django.urls import register_converter


class RowIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(RowIdConverter, "id")
