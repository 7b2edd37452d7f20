"""Permissions for calls, applications, matching, mentor groups and topics.

Built on the predicates of ``cohorts.rules``. Coordinators decide; the ambassador of a
country reviews (notes and scores) the applications from that country and nothing else.
Reviews are blind: a reviewer sees the others' scores once they have submitted their own,
except whoever reads all the cohort's data (coordinators, observers), who see them at once.
"""

import rules

from .. import rules as cohort_rules


@rules.predicate
def is_own_application(user, application):
    return application is not None and application.user_id == getattr(user, "pk", None)


@rules.predicate
def is_ambassador_for_application(user, application):
    """The user is an ambassador in the application's cohort for the applicant's country."""
    if application is None or not application.country:
        return False
    return str(application.country) in cohort_rules.ambassador_countries(
        user, application.cohort_id
    )


can_manage = cohort_rules.can_manage_cohort

# On a cohort: may read the selection list (ambassadors get their country's rows only).
cohort_rules.grant(
    "cohorts.view_applications",
    cohort_rules.VIEW_COHORT_DATA,
    cohort_rules.REPRESENT_COUNTRY,
)
# On a cohort: may open applications to review them (ambassadors: their country's only).
cohort_rules.grant("cohorts.review_applications", cohort_rules.REVIEW_APPLICATIONS)
# On a cohort: sees every submitted review at once (others see them after submitting theirs).
cohort_rules.grant("cohorts.view_all_reviews", cohort_rules.VIEW_COHORT_DATA)
# On an application: may note and score it (the queryset side: ``reviewable_applications``).
rules.add_perm(
    "cohorts.review_application",
    can_manage
    | (cohort_rules.holds(cohort_rules.REVIEW_APPLICATIONS) & is_ambassador_for_application),
)
rules.add_perm("cohorts.decide_application", can_manage)
rules.add_perm("cohorts.edit_application", is_own_application)
# On a cohort: call settings, cap, duplicates, decisions, matching, mentor groups, topics.
cohort_rules.grant("cohorts.manage_intake", cohort_rules.MANAGE_COHORT)


def reviewer_countries(user, cohort):
    """``None`` when the person sees every country of the cohort, else the set they may see."""
    if user.is_superuser or cohort_rules.has_capability(
        user, cohort, cohort_rules.VIEW_COHORT_DATA
    ):
        return None
    return cohort_rules.ambassador_countries(user, cohort)
