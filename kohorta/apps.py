from wagtail.users.apps import WagtailUsersAppConfig


class KohortaUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with Kohorta's people forms (full name, country, organisation)."""

    user_viewset = "cohorts.viewsets.UserViewSet"

    def ready(self):
        super().ready()
        import django_countries

        from .formats import collation_key

        # django-countries sorts its lists with a module-level key: Unicode collation when
        # pyuca is installed, else names stripped to ASCII (Cyrillic and Greek names then
        # sort as empty strings). Kohorta's key sorts by the interface language's alphabet.
        django_countries.sort_key = lambda item: collation_key(str(item[1]))
