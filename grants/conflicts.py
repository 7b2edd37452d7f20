"""Conflicts of interest between jurors and proposals.

Automatic reasons (computed, never stored, so they are always current): the juror is the
applicant or a co-applicant, shares an organisation with an applicant, mentors the
applicant in the cohort, or (when the call says so) comes from the applicant's country.
Declared conflicts are ``Conflict`` rows. ``conflict_filter`` is the queryset form used to
hide proposals from jurors; ``conflicts_for_call`` is the same rule for a whole call at
once (assignment pages and automatic assignment).
"""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q

from cohorts.models import MentorGroupMember

from .enums import ConflictReason
from .models import Conflict, Proposal


def _co_applicant_rows():
    return Proposal.co_applicants.through.objects.filter(proposal_id=OuterRef("pk"))


def conflict_filter(juror):
    """A ``Q`` matching the proposals ``juror`` is in conflict with (use with ``exclude``)."""
    q = Q(applicant_id=juror.pk)
    q |= Exists(_co_applicant_rows().filter(user_id=juror.pk))
    q |= Exists(Conflict.objects.filter(proposal_id=OuterRef("pk"), juror_id=juror.pk))
    q |= Exists(
        MentorGroupMember.objects.filter(
            cohort_id=OuterRef("cohort_id"),
            innovator_id=OuterRef("applicant_id"),
            group__mentor_id=juror.pk,
        )
    )
    organisation = (juror.organisation or "").strip()
    if organisation:
        q |= Q(applicant__organisation__iexact=organisation) & ~Q(applicant_id=juror.pk)
        q |= Exists(
            _co_applicant_rows()
            .filter(user__organisation__iexact=organisation)
            .exclude(user_id=juror.pk)
        )
    country = str(juror.country or "")
    if country:
        q |= Q(call__same_country_conflicts=True, applicant__country=country)
    return q


def conflicts_for_call(call, jurors):
    """``{(juror_id, proposal_id): [reason, ...]}`` for every conflicted pair; four queries."""
    proposals = list(
        Proposal.objects.filter(call=call).values(
            "pk", "applicant_id", "applicant__organisation", "applicant__country"
        )
    )
    co_rows = defaultdict(list)
    for proposal_id, user_id, organisation in Proposal.co_applicants.through.objects.filter(
        proposal__call=call
    ).values_list("proposal_id", "user_id", "user__organisation"):
        co_rows[proposal_id].append((user_id, (organisation or "").strip().lower()))
    mentors = defaultdict(set)
    for innovator_id, mentor_id in MentorGroupMember.objects.filter(
        cohort_id=call.cohort_id
    ).values_list("innovator_id", "group__mentor_id"):
        mentors[innovator_id].add(mentor_id)
    declared = set(
        Conflict.objects.filter(proposal__call=call).values_list("juror_id", "proposal_id")
    )
    result = {}
    for juror in jurors:
        organisation = (juror.organisation or "").strip().lower()
        country = str(juror.country or "")
        for proposal in proposals:
            reasons = []
            pid = proposal["pk"]
            if (juror.pk, pid) in declared:
                reasons.append(ConflictReason.DECLARED)
            if proposal["applicant_id"] == juror.pk:
                reasons.append(ConflictReason.APPLICANT)
            if any(user_id == juror.pk for user_id, _org in co_rows[pid]):
                reasons.append(ConflictReason.CO_APPLICANT)
            # Other people's organisations only: a co-applicant juror is in conflict as a
            # co-applicant, and "same organisation" only when someone else's really matches.
            organisations = set()
            if proposal["applicant_id"] != juror.pk:
                organisations.add((proposal["applicant__organisation"] or "").strip().lower())
            organisations |= {org for user_id, org in co_rows[pid] if user_id != juror.pk}
            if organisation and organisation in organisations:
                reasons.append(ConflictReason.SAME_ORGANISATION)
            if juror.pk in mentors[proposal["applicant_id"]]:
                reasons.append(ConflictReason.MENTOR)
            if (
                call.same_country_conflicts
                and country
                and country == str(proposal["applicant__country"] or "")
            ):
                reasons.append(ConflictReason.SAME_COUNTRY)
            if reasons:
                result[(juror.pk, pid)] = reasons
    return result


def conflict_reasons(juror, proposal):
    """The reasons one juror is in conflict with one proposal (empty list: none)."""
    return conflicts_for_call(proposal.call, [juror]).get((juror.pk, proposal.pk), [])
