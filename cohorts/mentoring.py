"""Mentor groups: the groups as they are, a balanced automatic proposal the coordinator
reviews, changes by hand and applies.

The proposal gives every mentor an equal load (differing by one at most), never a
mentor from the innovator's own organisation, and spreads each group over as many
countries as it can. Applying it goes through ``cohorts.services.assign_mentor``.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import services
from .intake.services import _words
from .models import MentorGroupMember, User
from .rules import MENTOR_PEOPLE, TAKE_PART, roles_with


@dataclass
class Proposal:
    rows: list = field(default_factory=list)  # dicts: innovator, mentor, current, changed
    problems: list = field(default_factory=list)  # innovators nobody can take
    loads: list = field(default_factory=list)  # (mentor, count, countries)
    real_loads: dict = field(default_factory=dict)  # mentor pk -> innovators in their group now


def _people(cohort, capability):
    return list(
        User.objects.filter(
            memberships__cohort=cohort, memberships__role__in=roles_with(capability)
        ).order_by("full_name", "pk")
    )


def _current(cohort):
    """``{innovator pk: mentor pk}`` of the groups as they are (one query)."""
    return dict(
        MentorGroupMember.objects.filter(cohort=cohort).values_list(
            "innovator_id", "group__mentor_id"
        )
    )


def _real_loads(mentors, innovators, current):
    """``{mentor pk: count}``: the cohort's innovators in each mentor's group now."""
    mentor_ids = {mentor.pk for mentor in mentors}
    return Counter(
        current[innovator.pk] for innovator in innovators if current.get(innovator.pk) in mentor_ids
    )


def current_groups(cohort):
    """The groups as they are, shaped like a proposal (each row's mentor is the current one).

    Innovators without a mentor come first, with ``mentor`` ``None``. Loads count the real
    groups. Raises the same ValidationErrors as ``propose_mentor_groups``.
    """
    mentors = _people(cohort, MENTOR_PEOPLE)
    innovators = _people(cohort, TAKE_PART)
    if not mentors:
        raise ValidationError(_("This cohort has no mentors yet."), code="no_mentors")
    if not innovators:
        raise ValidationError(_("This cohort has no innovators yet."), code="no_innovators")
    current = _current(cohort)
    by_id = {mentor.pk: mentor for mentor in mentors}
    countries = defaultdict(set)
    proposal = Proposal()
    for innovator in innovators:
        mentor = by_id.get(current.get(innovator.pk))
        if mentor is not None:
            countries[mentor.pk].add(str(innovator.country))
        proposal.rows.append(
            {"innovator": innovator, "mentor": mentor, "current": mentor, "changed": False}
        )
    proposal.rows.sort(
        key=lambda row: (
            row["mentor"] is not None,
            row["mentor"].full_name if row["mentor"] else "",
            row["innovator"].full_name,
        )
    )
    proposal.real_loads = _real_loads(mentors, innovators, current)
    proposal.loads = [(m, proposal.real_loads[m.pk], len(countries[m.pk])) for m in mentors]
    return proposal


def propose_mentor_groups(cohort, *, only_unassigned=False):
    """Work out who should mentor whom (no writes); see the module docstring."""
    mentors = _people(cohort, MENTOR_PEOPLE)
    innovators = _people(cohort, TAKE_PART)
    if not mentors:
        raise ValidationError(_("This cohort has no mentors yet."), code="no_mentors")
    if not innovators:
        raise ValidationError(_("This cohort has no innovators yet."), code="no_innovators")
    current = dict(
        MentorGroupMember.objects.filter(cohort=cohort).values_list(
            "innovator_id", "group__mentor_id"
        )
    )
    by_id = {mentor.pk: mentor for mentor in mentors}
    loads = Counter()
    countries = defaultdict(Counter)
    proposal = Proposal()
    to_place = innovators
    if only_unassigned:
        to_place = []
        for innovator in innovators:
            mentor_id = current.get(innovator.pk)
            if mentor_id in by_id:
                loads[mentor_id] += 1
                countries[mentor_id][str(innovator.country)] += 1
            else:
                to_place.append(innovator)
    capacity = math.ceil(len(innovators) / len(mentors))
    frequency = Counter(str(person.country) for person in to_place)
    to_place = sorted(
        to_place, key=lambda p: (-frequency[str(p.country)], str(p.country), p.full_name)
    )
    for innovator in to_place:
        country = str(innovator.country)
        organisation = _words(innovator.organisation)
        eligible = [
            mentor
            for mentor in mentors
            if loads[mentor.pk] < capacity
            and not (organisation and _words(mentor.organisation) == organisation)
        ]
        if not eligible:
            proposal.problems.append(innovator)
            continue
        mentor = min(
            eligible,
            key=lambda m: (
                loads[m.pk],
                countries[m.pk][country],
                current.get(innovator.pk) != m.pk,
                m.full_name,
            ),
        )
        loads[mentor.pk] += 1
        countries[mentor.pk][country] += 1
        proposal.rows.append(
            {
                "innovator": innovator,
                "mentor": mentor,
                "current": by_id.get(current.get(innovator.pk)),
                "changed": current.get(innovator.pk) != mentor.pk,
            }
        )
    proposal.rows.sort(key=lambda row: (row["mentor"].full_name, row["innovator"].full_name))
    proposal.loads = [(m, loads[m.pk], len(countries[m.pk])) for m in mentors]
    proposal.real_loads = _real_loads(mentors, innovators, current)
    return proposal


def apply_mentor_groups(*, cohort, assignments, by):
    """Put each innovator in the chosen mentor's group; ``assignments``: ``[(innovator, mentor)]``.

    All or nothing: if any innovator is given a mentor from their own organisation, nothing
    is saved and the ValidationError names every such innovator (``{innovator pk: error}``).
    Returns how many innovators changed mentor.
    """
    if by is not None and not by.has_perm("cohorts.manage_intake", cohort):
        raise PermissionDenied("cohorts.manage_intake")
    current = _current(cohort)
    errors = {}
    for innovator, mentor in assignments:
        organisation = _words(innovator.organisation)
        if organisation and organisation == _words(mentor.organisation):
            errors[str(innovator.pk)] = ValidationError(
                _("%(mentor)s works at the same organisation as %(innovator)s.")
                % {"mentor": mentor, "innovator": innovator},
                code="same_organisation",
            )
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        for innovator, mentor in assignments:
            if current.get(innovator.pk) == mentor.pk:
                continue
            services.assign_mentor(cohort=cohort, mentor=mentor, innovator=innovator, by=by)
            changed += 1
        log(cohort, "kohorta.mentor.proposal", user=by, data={"changed": changed})
    return changed
