"""Tasks the failure-recovery tests queue (importable by django-q's worker by path)."""


def always_fails(invitation_id):
    raise RuntimeError(f"the mail server refused invitation {invitation_id}")
