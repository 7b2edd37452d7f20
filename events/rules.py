"""Permission predicates for meetings; objects carry ``cohort_id`` (the meeting's cohort)."""

from cohorts.rules import MANAGE_COHORT, TAKE_PART_IN_MEETINGS, VIEW_COHORT_DATA, grant

# Wagtail admin permissions that come with managing a cohort (see cohorts.rules).
ADMIN_PERMISSIONS = [
    *(
        ("events", f"{action}_{model}")
        for model in ("room", "track", "speaker", "session")
        for action in ("add", "change", "delete", "view")
    ),
    # Published versions are renamed and translated, never added or deleted in the admin.
    ("events", "change_agendarelease"),
    ("events", "view_agendarelease"),
    # wagtail-localize's "Translate" (scoped per object by kohorta.admin_scope).
    ("wagtail_localize", "submit_translation"),
]

# Members of the meeting's cohort whose role takes part in meetings register and sign up.
can_register = grant("events.register", TAKE_PART_IN_MEETINGS)
can_manage = grant("events.manage_meeting", MANAGE_COHORT)
# Registrations, participants and badges of a meeting, read only.
grant("events.view_registrations", VIEW_COHORT_DATA)
