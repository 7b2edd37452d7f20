from django.core.exceptions import PermissionDenied


def require(by, perm, obj=None):
    """Refuse unless ``by`` holds ``perm``; ``None`` is the system itself."""
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(perm)
