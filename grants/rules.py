"""Permission predicates for grants, built on the cohort roles.

Object-level rules take a GrantCall or a Proposal (both carry ``cohort_id``). Whether a
juror may see a proposal also depends on assignments and conflicts: that lives in
``selectors.proposals_for_juror`` so the queryset and the rule always agree.
"""

import rules

from cohorts.rules import (
    JUDGE,
    MANAGE_COHORT,
    TAKE_PART,
    VIEW_COHORT_DATA,
    grant,
    is_innovator,
    is_jury,
)

# Wagtail admin permissions that come with managing a cohort (see cohorts.rules).
ADMIN_PERMISSIONS = [
    *(
        ("grants", f"{action}_{model}")
        for model in ("grantcall", "criterion")
        for action in ("add", "change", "delete", "view")
    ),
    # Questions are added and removed in the call's form; here only corrected and translated.
    ("grants", "change_grantquestion"),
    ("grants", "view_grantquestion"),
    # wagtail-localize's Translate, scoped per object (kohorta.translation_scope).
    ("wagtail_localize", "submit_translation"),
]


@rules.predicate
def is_lead_applicant(user, proposal):
    return proposal is not None and proposal.applicant_id == getattr(user, "pk", None)


@rules.predicate
def is_co_applicant(user, proposal):
    if proposal is None or not getattr(user, "is_authenticated", False):
        return False
    return proposal.co_applicants.filter(pk=user.pk).exists()


@rules.predicate
def is_assigned_unconflicted_juror(user, proposal):
    if proposal is None or not is_jury(user, proposal):
        return False
    from .selectors import proposals_for_juror

    return proposals_for_juror(user).filter(pk=proposal.pk).exists()


can_manage = grant("grants.manage_call", MANAGE_COHORT)
# The ranking and its exports, read only.
grant("grants.view_call_results", VIEW_COHORT_DATA)
grant("grants.apply_to_call", TAKE_PART, superuser=False)
grant("grants.judge_call", JUDGE, superuser=False)
rules.add_perm("grants.edit_proposal", is_lead_applicant & is_innovator)
rules.add_perm(
    "grants.view_proposal",
    can_manage | is_lead_applicant | is_co_applicant | is_assigned_unconflicted_juror,
)
rules.add_perm("grants.review_proposal", is_assigned_unconflicted_juror)
rules.add_perm("grants.report_on_award", is_lead_applicant | is_co_applicant)
