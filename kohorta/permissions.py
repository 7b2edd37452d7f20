"""The one permission check every service makes before it writes."""

from django.core.exceptions import PermissionDenied


def require(by, perm, obj=None):
    """Refuse unless ``by`` holds ``perm`` (on ``obj``); ``None`` is the system itself
    (tasks, the demo seeder), which may do anything."""
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(perm)
