"""Matrix rows for the project's own URLs outside the apps, and the third-party groups."""

from .matrix import DENIED, LOGIN, Group, Row, expect, logged_in

GROUPS = [
    Group(
        "allauth",
        ("accounts/",),
        "django-allauth's sign-up, login, e-mail, password and two-factor pages: every "
        "page acts on the signed-in person only; a few representative rows below.",
    ),
    Group(
        "wagtail admin",
        ("admin/",),
        "Wagtail's own admin (pages, images, documents, settings, ...): Wagtail checks "
        "access_admin and its model permissions; representative rows below. Admin views "
        "of Kohorta models are Kohorta-owned and need their own rows.",
    ),
    Group(
        "wagtail documents",
        ("documents/",),
        "Wagtail documents are served by Wagtail with their collection's privacy.",
    ),
    Group(
        "wagtail pages",
        ("en/", "mk/", "pl/", "bg/", "sr/", "el/", "sq/", "hr/", "ro/", "sl/"),
        "Wagtail's page catch-all and page privacy under each language prefix.",
    ),
    Group(
        "i18n",
        ("i18n/",),
        "set_language: changes the visitor's language (a signed-in person's own profile too).",
    ),
]

ROWS = [
    # Third-party representatives -------------------------------------------------------
    Row("allauth: login", "/accounts/login/", logged_in(302, anonymous=200)),
    Row("allauth: signup", "/accounts/signup/", logged_in(302, anonymous=200)),
    Row("allauth: e-mail addresses", "/accounts/email/", logged_in(200)),
    Row("allauth: password change", "/accounts/password/change/", logged_in(200)),
    Row("allauth: two-factor", "/accounts/2fa/", logged_in(200)),
    Row(
        "wagtail admin: home",
        "/admin/",
        logged_in(LOGIN, coordinator=200, other_coordinator=200, staff=200),
    ),
    Row(
        "wagtail admin: pages",
        "/admin/pages/",
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=200),
    ),
    Row(
        "wagtail admin: images",
        "/admin/images/",
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=200),
    ),
    Row(
        "wagtail admin: documents",
        "/admin/documents/",
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=200),
    ),
    Row(
        "wagtail admin: groups",
        "/admin/groups/",
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=200),
    ),
    Row(
        "wagtail admin: site history",
        "/admin/reports/site-history/",
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=200),
        visible={"staff": "all"},
    ),
    Row("wagtail pages: home", "/en/", expect(200)),
    Row(
        "set_language",
        "/i18n/setlang/",
        expect(302),
        method="POST",
        data={"language": "mk", "next": "/"},
    ),
    # Kohorta's own, outside the apps ------------------------------------------------------
    Row("media", "/media/people/photos/none.png", expect(404)),
    Row(
        "kohorta_failed_tasks",
        "/admin/reports/failed-tasks/",
        logged_in(LOGIN, coordinator=200, other_coordinator=200, staff=200),
    ),
]
