"""Peer matching services: runs, pins and exclusions, swaps, publishing, comparison.

The algorithm itself (pure Python, no database) is ``cohorts.intake.matching.algorithm``; this
module feeds it the round's participants and stores, explains and publishes its result.
"""

import time
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue

from ...models import Application, MatchingConstraint, MatchingRun, Membership, PeerPair, User
from ...rules import TAKE_PART, roles_with
from ..enums import CareerStage, ConstraintKind, Interest, MatchingRunStatus, Sector
from ..services import email_key, name_key
from . import algorithm

DEFAULT_TOP_K = algorithm.DEFAULT_TOP_K


@dataclass
class RoundData:
    participants: dict  # user id -> algorithm.Participant
    users: dict  # user id -> User
    applications: dict  # user id -> Application
    pins: list
    exclusions: list
    previous: set


def load_round(cohort):
    """The round's participants (its innovators) with their answers, constraints and history.

    Five queries whatever the size of the round.
    """
    memberships = Membership.objects.filter(
        cohort=cohort, role__in=roles_with(TAKE_PART)
    ).select_related("user")
    users = {m.user_id: m.user for m in memberships}
    applications = {a.user_id: a for a in Application.objects.filter(cohort=cohort)}
    participants = {}
    for user_id, user in users.items():
        application = applications.get(user_id)
        languages = set(application.languages if application else []) | set(user.languages or [])
        organisation = (application.organisation if application else "") or user.organisation
        identities = {f"e:{email_key(user.email)}"}
        if key := name_key(user.full_name, organisation):
            identities.add(f"n:{key}")
        participants[user_id] = algorithm.Participant(
            id=user_id,
            country=str((application.country if application else "") or user.country),
            sector=application.sector if application else "",
            career_stage=application.career_stage if application else "",
            interests=frozenset(application.interests if application else ()),
            languages=frozenset(languages - {"en"}),
            preferred_sector=application.preferred_partner_sector if application else "",
            identities=frozenset(identities),
        )
    pins, exclusions = [], []
    for kind, a, b in MatchingConstraint.objects.filter(cohort=cohort).values_list(
        "kind", "person_a_id", "person_b_id"
    ):
        (pins if kind == ConstraintKind.PIN else exclusions).append((a, b))
    return RoundData(
        participants, users, applications, pins, exclusions, previous_partners(cohort, users)
    )


def previous_partners(cohort, user_ids):
    """Pairs of these people who were partners in a published run of another round."""
    ids = list(user_ids)
    pairs = set()
    rows = (
        PeerPair.objects.filter(run__status__in=MatchingRunStatus.partnered())
        .exclude(cohort=cohort)
        .filter(Q(person_a__in=ids) | Q(person_b__in=ids) | Q(person_c__in=ids))
        .values_list("person_a_id", "person_b_id", "person_c_id")
    )
    for row in rows:
        people = [pk for pk in row if pk]
        for index, first in enumerate(people):
            for second in people[index + 1 :]:
                pairs.add(frozenset((first, second)))
    return pairs


def _refusal(code, data, first=None, second=None):
    """A clear message for a hard rule or an impossible run."""
    names = {"a": str(first) if first else "", "b": str(second) if second else ""}
    messages = {
        "too_few": _("Matching needs at least two participants; this round has %(count)s.")
        % {"count": len(data.participants)},
        "one_country": _(
            "All participants come from the same country: partners must come from different "
            "countries."
        ),
        "pinned_twice": _("A participant is in two pinned pairs; remove one of the pins."),
        "self": _("A person cannot be their own partner."),
        "same_country": _(
            "%(a)s and %(b)s come from the same country: partners must come from different "
            "countries."
        )
        % names,
        "duplicate": _("%(a)s and %(b)s look like the same person (a duplicate application).")
        % names,
        "previous_partner": _("%(a)s and %(b)s were partners in an earlier round.") % names,
        "excluded": _("%(a)s and %(b)s must never be paired (an exclusion).") % names,
    }
    return ValidationError(messages[code], code=code)


def create_run(*, cohort, by, weights=None, top_k=DEFAULT_TOP_K, seed=0, progress=None):
    """Match the round's participants and save the result as a draft run.

    ``progress(share)`` follows the matching (see ``algorithm.match``); the task
    of ``cohorts.intake.matching.jobs`` shows it on the job's page.
    """
    require(by, "cohorts.manage_intake", cohort)
    weights = weights or algorithm.Weights()
    data = load_round(cohort)
    started = time.perf_counter()
    try:
        result = algorithm.match(
            data.participants.values(),
            weights=weights,
            pins=data.pins,
            exclusions=data.exclusions,
            previous=data.previous,
            top_k=top_k,
            seed=seed,
            progress=progress,
        )
    except algorithm.MatchingError as error:
        people = [data.users[pk] for pk in error.pair] if error.pair else [None, None]
        raise _refusal(error.code, data, *people) from None
    duration = int((time.perf_counter() - started) * 1000)
    with transaction.atomic():
        run = MatchingRun.objects.create(
            cohort=cohort,
            weights=weights.as_dict(),
            top_k=top_k or 0,
            seed=seed,
            total_score=result.total,
            participant_count=len(data.participants),
            unplaced=[person.id for person in result.unplaced],
            duration_ms=duration,
            created_by=by,
        )
        PeerPair.objects.bulk_create(
            [
                PeerPair(
                    run=run,
                    cohort=cohort,
                    person_a_id=group.members[0].id,
                    person_b_id=group.members[1].id,
                    person_c_id=group.members[2].id if len(group.members) > 2 else None,
                    score=group.score,
                    reasons=group.reasons,
                    pinned=group.pinned,
                )
                for group in result.groups
            ],
            batch_size=500,
        )
        log(
            run,
            "kohorta.matching.run",
            user=by,
            data={"cohort": cohort.pk, "weights": run.weights, "total": run.total_score},
        )
    return run


def _weights_of(run):
    return algorithm.Weights(**run.weights)


def _require_draft(run):
    if run.status != MatchingRunStatus.DRAFT:
        raise ValidationError(
            _("A published run cannot be changed; start a new run instead."), code="published"
        )


def swap_partners(*, run, first, second, by):
    """Swap two people between their groups in a draft run; the hard rules still hold."""
    require(by, "cohorts.manage_intake", run.cohort)
    _require_draft(run)
    data = load_round(run.cohort)
    with transaction.atomic():
        pairs = list(
            run.pairs.select_for_update().filter(
                Q(person_a__in=[first.pk, second.pk])
                | Q(person_b__in=[first.pk, second.pk])
                | Q(person_c__in=[first.pk, second.pk])
            )
        )
        group_of = {pk: pair for pair in pairs for pk in pair.people_ids}
        if first.pk not in group_of or second.pk not in group_of:
            raise ValidationError(_("Both people must be in this run."), code="not_in_run")
        one, other = group_of[first.pk], group_of[second.pk]
        if one.pk == other.pk:
            raise ValidationError(_("These two people are already partners."), code="same_group")
        if one.pinned or other.pinned:
            raise ValidationError(
                _("A pinned pair cannot be changed; remove the pin first."), code="pinned"
            )
        weights = _weights_of(run)
        previous = data.previous
        excluded = {frozenset(pair) for pair in data.exclusions}
        for pair, leaving, joining in ((one, first.pk, second.pk), (other, second.pk, first.pk)):
            ids = [joining if pk == leaving else pk for pk in pair.people_ids]
            members = [data.participants[pk] for pk in ids]
            for index, a in enumerate(members):
                for b in members[index + 1 :]:
                    broken = algorithm.hard_rule_broken(a, b, previous=previous, excluded=excluded)
                    if broken:
                        raise _refusal(broken, data, data.users[a.id], data.users[b.id])
            pair.person_a_id, pair.person_b_id = ids[0], ids[1]
            pair.person_c_id = ids[2] if len(ids) > 2 else None
            pair.score, pair.reasons = algorithm.score_group(members, weights)
        for pair in (one, other):
            pair.save(update_fields=["person_a", "person_b", "person_c", "score", "reasons"])
        run.total_score = sum(run.pairs.values_list("score", flat=True))
        run.save(update_fields=["total_score"])
        log(
            run,
            "kohorta.matching.swap",
            user=by,
            data={"people": [first.pk, second.pk], "total": run.total_score},
        )
    return run


def add_constraint(*, cohort, kind, first, second, by, note=""):
    """Pin two participants together or keep them apart in every later run."""
    require(by, "cohorts.manage_intake", cohort)
    kind = ConstraintKind(kind)
    data = load_round(cohort)
    if first.pk == second.pk:
        raise _refusal("self", data)
    if first.pk not in data.participants or second.pk not in data.participants:
        raise ValidationError(
            _("Both people must be participants of this round."), code="not_participant"
        )
    a, b = sorted((first.pk, second.pk))
    existing = {frozenset(pair) for pair in data.pins + data.exclusions}
    if frozenset((a, b)) in existing:
        raise ValidationError(
            _("There is already a pin or exclusion for these two people."), code="exists"
        )
    if kind == ConstraintKind.PIN:
        broken = algorithm.hard_rule_broken(
            data.participants[a], data.participants[b], previous=data.previous
        )
        if broken:
            raise _refusal(broken, data, data.users[a], data.users[b])
        pinned = {pk for pair in data.pins for pk in pair}
        for person in (first, second):
            if person.pk in pinned:
                raise ValidationError(
                    _("%(name)s is already pinned to someone else.") % {"name": person},
                    code="pinned_twice",
                )
    try:
        with transaction.atomic():
            constraint = MatchingConstraint.objects.create(
                cohort=cohort, kind=kind, person_a_id=a, person_b_id=b, note=note, created_by=by
            )
            log(
                constraint,
                "kohorta.matching.constraint",
                user=by,
                data={"kind": str(kind), "people": [a, b]},
            )
    except IntegrityError:
        raise ValidationError(
            _("There is already a pin or exclusion for these two people."), code="exists"
        ) from None
    return constraint


def pin_pair(*, pair, by):
    """Keep a pair of a run together in every later run."""
    if pair.person_c_id:
        raise ValidationError(_("Only a pair of two can be pinned."), code="trio")
    return add_constraint(
        cohort=pair.cohort,
        kind=ConstraintKind.PIN,
        first=pair.person_a,
        second=pair.person_b,
        by=by,
    )


def remove_constraint(*, constraint, by):
    require(by, "cohorts.manage_intake", constraint.cohort)
    with transaction.atomic():
        log(
            constraint,
            "kohorta.matching.constraint_removed",
            user=by,
            data={
                "kind": constraint.kind,
                "people": [constraint.person_a_id, constraint.person_b_id],
            },
        )
        constraint.delete()


def published_run(cohort):
    """The round's published matching (its current version), or None."""
    return MatchingRun.objects.filter(cohort=cohort, status=MatchingRunStatus.PUBLISHED).first()


def _attach_to_pair(person, groups, weights, previous, excluded):
    """Make ``person`` the third of the best-fitting group of two they may join; or False."""
    best = None
    for group in groups:
        if len(group.members) != 2 or group.pinned:
            continue
        if any(
            algorithm.hard_rule_broken(person, other, previous=previous, excluded=excluded)
            for other in group.members
        ):
            continue
        points, _reasons = algorithm.score_group((*group.members, person), weights)
        if best is None or points > best[0]:
            best = (points, group)
    if best is None:
        return False
    group = best[1]
    group.members = (*group.members, person)
    group.score, group.reasons = algorithm.score_group(group.members, weights)
    return True


def create_rematch(*, cohort, by, weights=None, seed=0):
    """Match again only the people affected since the published run; everyone else stays.

    Affected are the partners of people who left the round (left alone in their pair) and
    late joiners who are in no published pair. Groups whose members are all still in the
    round are copied unchanged; a trio that lost one person stays a pair. The affected
    people are matched among themselves (pins between two of them are kept; an odd one
    joins a pair as its third), and whoever still has no partner joins the best-fitting
    kept pair of two. The result is a draft whose ``base_run`` is the published run.
    """
    require(by, "cohorts.manage_intake", cohort)
    weights = weights or algorithm.Weights()
    base = published_run(cohort)
    if base is None:
        raise ValidationError(
            _("Nothing is published for this round yet: start a full run instead."),
            code="not_published",
        )
    data = load_round(cohort)
    started = time.perf_counter()
    previous = frozenset(frozenset(pair) for pair in data.previous)
    excluded = frozenset(frozenset(pair) for pair in data.exclusions)
    kept, placed = [], set()
    for pair in base.pairs.all():
        present = [pk for pk in pair.people_ids if pk in data.participants]
        placed.update(pair.people_ids)
        if len(present) < 2:
            continue
        members = tuple(data.participants[pk] for pk in present)
        if len(present) == len(pair.people_ids):
            kept.append(algorithm.Group(members, pair.score, pair.reasons, pair.pinned))
        else:
            score, reasons = algorithm.score_group(members, weights)
            kept.append(algorithm.Group(members, score, reasons))
    kept_ids = {person.id for group in kept for person in group.members}
    pool = [p for pk, p in data.participants.items() if pk not in kept_ids]
    if not pool:
        raise ValidationError(
            _(
                "Nobody needs a new partner: no one has left the round and no late joiner "
                "is waiting."
            ),
            code="nobody_affected",
        )
    pool_ids = {p.id for p in pool}
    new_groups, leftover = [], list(pool)
    if len(pool) >= 2 and len({p.country for p in pool}) >= 2:
        try:
            result = algorithm.match(
                pool,
                weights=weights,
                pins=[pin for pin in data.pins if set(pin) <= pool_ids],
                exclusions=data.exclusions,
                previous=data.previous,
                top_k=None,
                seed=seed,
            )
        except algorithm.MatchingError as error:
            people = [data.users[pk] for pk in error.pair] if error.pair else [None, None]
            raise _refusal(error.code, data, *people) from None
        new_groups, leftover = result.groups, result.unplaced
    unplaced = [
        person
        for person in leftover
        if not _attach_to_pair(person, new_groups + kept, weights, previous, excluded)
    ]
    groups = kept + new_groups
    duration = int((time.perf_counter() - started) * 1000)
    with transaction.atomic():
        run = MatchingRun.objects.create(
            cohort=cohort,
            base_run=base,
            weights=weights.as_dict(),
            top_k=0,
            seed=seed,
            total_score=sum(group.score for group in groups),
            participant_count=len(data.participants),
            unplaced=[person.id for person in unplaced],
            duration_ms=duration,
            created_by=by,
        )
        PeerPair.objects.bulk_create(
            [
                PeerPair(
                    run=run,
                    cohort=cohort,
                    person_a_id=group.members[0].id,
                    person_b_id=group.members[1].id,
                    person_c_id=group.members[2].id if len(group.members) > 2 else None,
                    score=group.score,
                    reasons=group.reasons,
                    pinned=group.pinned,
                )
                for group in groups
            ],
            batch_size=500,
        )
        log(
            run,
            "kohorta.matching.rematch",
            user=by,
            data={"cohort": cohort.pk, "base": base.pk, "affected": sorted(pool_ids)},
        )
    return run


def _partners(run):
    """``{person id: frozenset of partner ids}`` in a run (one query)."""
    partners = {}
    for row in run.pairs.values_list("person_a_id", "person_b_id", "person_c_id"):
        group = {pk for pk in row if pk}
        for pk in group:
            partners[pk] = frozenset(group - {pk})
    return partners


def changed_people(old, new):
    """Ids of the people whose partners differ between two runs (either may be None)."""
    before = _partners(old) if old else {}
    after = _partners(new) if new else {}
    return {pk for pk in set(before) | set(after) if before.get(pk) != after.get(pk)}


def rematch_changes(run):
    """Who changes if this re-match is published, for its page.

    ``changed``: people in both versions with other partners (old → new); ``joined``:
    people new to the matching with their partners; ``left``: people of the published
    version no longer in the round. Two queries.
    """
    if run.base_run_id is None:
        return None
    before, after = _partners(run.base_run), _partners(run)
    ids = set(before) | set(after)
    users = User.objects.in_bulk(ids)

    def names(pks):
        return sorted(users[pk].full_name for pk in pks if pk in users)

    changed, joined, left = [], [], []
    for pk in sorted(ids, key=lambda pk: users[pk].full_name if pk in users else ""):
        if pk not in users:
            continue
        if pk not in before:
            joined.append({"person": users[pk], "new": names(after[pk])})
        elif pk not in after:
            left.append({"person": users[pk], "old": names(before[pk])})
        elif before[pk] != after[pk]:
            changed.append({"person": users[pk], "old": names(before[pk]), "new": names(after[pk])})
    return {"changed": changed, "joined": joined, "left": left}


def publish_run(*, run, by):
    """Make a run the round's partners and e-mail the people concerned (queued).

    A first publication e-mails everyone their partner. A re-match of the published run
    becomes its new version: the previous run is superseded (kept, not deleted) and only
    the people whose partners changed are e-mailed.
    """
    require(by, "cohorts.manage_intake", run.cohort)
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        _require_draft(run)
        published = (
            MatchingRun.objects.select_for_update()
            .filter(cohort=run.cohort, status=MatchingRunStatus.PUBLISHED)
            .exclude(pk=run.pk)
            .first()
        )
        if published is not None and run.base_run_id != published.pk:
            raise ValidationError(
                _(
                    "%(run)s is already published for this round; only a re-match of it can "
                    "replace it."
                )
                % {"run": published},
                code="already_published",
            )
        if published is None and run.base_run_id is not None:
            raise ValidationError(
                _("The run this re-match started from is no longer published."),
                code="base_not_published",
            )
        if run.unplaced:
            raise ValidationError(
                _("%(count)s participant(s) have no partner in this run; it cannot be published.")
                % {"count": len(run.unplaced)},
                code="unplaced",
            )
        if published is not None:
            published.status = MatchingRunStatus.SUPERSEDED
            published.save(update_fields=["status"])
        run.status = MatchingRunStatus.PUBLISHED
        run.published_at = timezone.now()
        run.save(update_fields=["status", "published_at"])
        log(
            run,
            "kohorta.matching.publish",
            user=by,
            data={"cohort": run.cohort_id, "supersedes": published.pk if published else None},
        )
        enqueue("cohorts.intake.tasks.send_partner_emails", run.pk)
    return run


def unpublish_run(*, run, by):
    """Withdraw the round's published run; the version it replaced is published again.

    The people whose partners change by this are told (``cohorts.matching_unpublished``),
    with their partner again when the earlier version comes back.
    """
    require(by, "cohorts.manage_intake", run.cohort)
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if run.status != MatchingRunStatus.PUBLISHED:
            raise ValidationError(_("Only the published run can be unpublished."), code="draft")
        restored = None
        if run.base_run_id:
            restored = (
                MatchingRun.objects.select_for_update()
                .filter(pk=run.base_run_id, status=MatchingRunStatus.SUPERSEDED)
                .first()
            )
        run.status = MatchingRunStatus.DRAFT
        run.published_at = None
        run.save(update_fields=["status", "published_at"])
        if restored is not None:
            restored.status = MatchingRunStatus.PUBLISHED
            restored.save(update_fields=["status"])
        log(
            run,
            "kohorta.matching.unpublish",
            user=by,
            data={"cohort": run.cohort_id, "restored": restored.pk if restored else None},
        )
        enqueue(
            "cohorts.intake.tasks.send_unpublished_notices",
            run.pk,
            restored.pk if restored else None,
            timezone.now().isoformat(),
        )
    return restored


# Reads ------------------------------------------------------------------------------------

WEIGHT_LABELS = {
    "interests": _("Shared areas of interest"),
    "partner_sector": _("Requested partner sector"),
    "language": _("Shared language besides English"),
    "student_stage": _("Different career stage for a student"),
}


def describe_reasons(reasons, names):
    """Turn stored reasons into ``(text, points)`` lines in the reader's language."""
    from django_countries import countries

    interests = dict(Interest.choices)
    sectors = dict(Sector.choices)
    stages = dict(CareerStage.choices)
    lines = []
    for reason in reasons:
        code = reason["code"]
        if code == "countries":
            text = _("Different countries: %(first)s and %(second)s") % {
                "first": countries.name(reason["countries"][0]) or "–",
                "second": countries.name(reason["countries"][1]) or "–",
            }
        elif code == "interests":
            text = _("Shared interests: %(interests)s") % {
                "interests": ", ".join(str(interests.get(i, i)) for i in reason["interests"])
            }
        elif code == "partner_sector":
            text = _("%(name)s asked for a partner from: %(sector)s") % {
                "name": names.get(reason["person"], "?"),
                "sector": sectors.get(reason["sector"], reason["sector"]),
            }
        elif code == "language":
            from django.utils.translation import get_language_info

            def language_name(code):
                try:
                    return get_language_info(code)["name"]
                except KeyError:
                    return code

            text = _("Shared language besides English: %(languages)s") % {
                "languages": ", ".join(language_name(code) for code in reason["languages"])
            }
        elif code == "student_stage":
            text = _("%(name)s is a student; partner's career stage: %(stage)s") % {
                "name": names.get(reason["person"], "?"),
                "stage": stages.get(reason["stage"], reason["stage"] or "–"),
            }
        elif code == "pinned":
            text = _("Pinned by a coordinator")
        elif code == "trio":
            text = _("%(name)s joined as the third person (odd number of participants)") % {
                "name": names.get(reason["person"], "?")
            }
        else:
            continue
        if "pair" in reason:
            people = " – ".join(names.get(pk, "?") for pk in reason["pair"])
            text = _("%(reason)s (%(people)s)") % {"reason": text, "people": people}
        lines.append((text, reason.get("points", 0)))
    return lines


def run_pairs(run):
    """The run's groups with names and explanations, for its page (two queries)."""
    pairs = list(run.pairs.select_related("person_a", "person_b", "person_c"))
    for pair in pairs:
        names = {person.pk: person.full_name for person in pair.people}
        pair.explanation = describe_reasons(pair.reasons, names)
    return pairs


def compare_runs(first, second):
    """How two runs of the same round differ: scores, weights, groups kept and changed."""

    def groups(run):
        return {
            frozenset(pk for pk in row if pk)
            for row in run.pairs.values_list("person_a_id", "person_b_id", "person_c_id")
        }

    groups_first, groups_second = groups(first), groups(second)
    partners_first, partners_second = defaultdict(frozenset), defaultdict(frozenset)
    for store, source in ((partners_first, groups_first), (partners_second, groups_second)):
        for group in source:
            for pk in group:
                store[pk] = group - {pk}
    people = set(partners_first) | set(partners_second)
    changed = sorted(pk for pk in people if partners_first[pk] != partners_second[pk])
    shown = changed[:50]
    wanted = set(shown).union(*(partners_first[pk] | partners_second[pk] for pk in shown))
    names = dict(User.objects.filter(pk__in=wanted).values_list("pk", "full_name"))
    return {
        "first": first,
        "second": second,
        "score_difference": second.total_score - first.total_score,
        "same_groups": len(groups_first & groups_second),
        "only_first": len(groups_first - groups_second),
        "only_second": len(groups_second - groups_first),
        "changed_count": len(changed),
        "changed": [
            {
                "name": names.get(pk, "?"),
                "first": sorted(names.get(p, "?") for p in partners_first[pk]),
                "second": sorted(names.get(p, "?") for p in partners_second[pk]),
            }
            for pk in shown
        ],
        "weights": [
            (label, first.weights.get(key), second.weights.get(key))
            for key, label in WEIGHT_LABELS.items()
        ],
    }


def partners_for(user, cohort_ids):
    """``{cohort_id: [partner, ...]}`` from the published runs of these cohorts (one query)."""
    result = {}
    if not cohort_ids:
        return result
    rows = (
        PeerPair.objects.filter(run__status=MatchingRunStatus.PUBLISHED, cohort_id__in=cohort_ids)
        .filter(Q(person_a=user) | Q(person_b=user) | Q(person_c=user))
        .select_related("person_a", "person_b", "person_c")
    )
    for pair in rows:
        result[pair.cohort_id] = [person for person in pair.people if person.pk != user.pk]
    return result
