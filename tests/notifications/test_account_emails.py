"""django-allauth's e-mails name the site (the default Wagtail Site), never the host."""

from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from tests.factories.cohorts import UserFactory


def test_password_reset_email_uses_the_site_name_not_the_host(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kohorta.example.org"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    Site.objects.filter(is_default_site=True).update(site_name="INELI Balkans")
    UserFactory(email="ana@example.org")
    client.post(
        reverse("account_reset_password"), {"email": "ana@example.org"}, HTTP_HOST="127.0.0.1"
    )
    (message,) = mail.outbox
    assert message.subject.startswith("[INELI Balkans] ")
    assert message.body.startswith("Hello from INELI Balkans!")
    assert "127.0.0.1" not in message.body.split("\n")[0]
    assert "kohorta.example.org" in message.body
