"""Every write to the curriculum goes through here.

Services take keyword arguments and the acting user (``by``; ``None`` is the system: the
demo seeder or a task), run in a transaction, check permission with the rules and leave an
audit entry with Wagtail's ``log()``. They never see ``request``.
"""

from .certificates import (
    CODE_ALPHABET,
    certificate_details,
    issue_certificate,
    issue_certificate_if_complete,
    issue_earned_certificates,
    missing_for_certificate,
    new_certificate_code,
    reissue_certificate,
    request_bulk_certificates,
    revoke_certificate,
)
from .progress import (
    complete_lesson,
    import_progress,
    recompute_enrolment,
    refresh_behind_schedule,
    undo_lesson,
)
from .reflections import (
    give_feedback,
    save_reflection_draft,
    submit_reflection,
)
from .schedules import (
    create_cohort_course,
    grant_extension,
    schedule_module,
    unschedule_module,
)

__all__ = [
    "CODE_ALPHABET",
    "certificate_details",
    "complete_lesson",
    "create_cohort_course",
    "give_feedback",
    "import_progress",
    "grant_extension",
    "issue_certificate",
    "issue_certificate_if_complete",
    "issue_earned_certificates",
    "missing_for_certificate",
    "new_certificate_code",
    "recompute_enrolment",
    "refresh_behind_schedule",
    "reissue_certificate",
    "request_bulk_certificates",
    "revoke_certificate",
    "save_reflection_draft",
    "schedule_module",
    "submit_reflection",
    "undo_lesson",
    "unschedule_module",
]
