"""Background work for the public site (django-q)."""

from django.core.management import call_command


def publish_scheduled():
    """Publish pages whose "go live" time has come and unpublish expired ones (Wagtail's
    ``publish_scheduled``). Safe to run at any time; django-q runs it every minute."""
    call_command("publish_scheduled", verbosity=0)
