from wagtail.users.apps import WagtailUsersAppConfig


class KohortaUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with Kohorta's people forms (full name, country, organisation)."""

    user_viewset = "cohorts.viewsets.UserViewSet"
