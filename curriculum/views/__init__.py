"""Pages of the curriculum: the course as the innovator takes it, reflections, dashboards,
certificates. Views map requests to selectors and services; the rules decide who sees what,
and anything outside a person's scope answers 404.
"""

from .certificates import (
    bulk_certificates,
    certificate_pdf,
    issue_certificate,
    reissue_certificate,
    revoke_certificate,
    verify_certificate,
)
from .credentials import (
    certificate_badge,
    certificate_json,
    certificate_jwt,
    ob_achievement,
    ob_issuer,
    ob_keys,
    ob_status,
    verify_index,
)
from .dashboards import (
    chart_svg,
    cohort_dashboard,
    cohort_export,
    country_dashboard,
    mentor_dashboard,
    person_progress,
)
from .pages import (
    home,
    lesson_progress,
    lesson_quiz,
)
from .reflections import my_reflection, reflection_detail, reflection_file

__all__ = [
    "certificate_badge",
    "certificate_json",
    "certificate_jwt",
    "ob_achievement",
    "ob_issuer",
    "ob_keys",
    "ob_status",
    "verify_index",
    "bulk_certificates",
    "certificate_pdf",
    "chart_svg",
    "cohort_export",
    "cohort_dashboard",
    "country_dashboard",
    "home",
    "issue_certificate",
    "lesson_progress",
    "lesson_quiz",
    "mentor_dashboard",
    "my_reflection",
    "person_progress",
    "reflection_detail",
    "reflection_file",
    "reissue_certificate",
    "revoke_certificate",
    "verify_certificate",
]
