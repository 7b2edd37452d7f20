"""Calls, selection and matching: their part of a person's export and anonymisation.

Registered from ``cohorts/intake/hooks.py``; the mechanism is in ``kohorta/privacy.py``.

Export (the GDPR right of access) -----------------------------------------------------
- Every application with all its fields, the answers to the extra questions (with the
  questions), its state and dates: what the person typed and what was decided.
- Assessments: the reviewers' score is personal data about the applicant (the CJEU's
  *Nowak* judgment on examiners' marks), so it is included, but only once the decision
  has been sent to them: before that the selection is still being deliberated and the
  export would get ahead of the batch of decisions. Who decided or scored is not
  included (the reviewers' own personal data).
- Rubric reviews (``ApplicationReview``): the applicant's export gets, once the decision
  has been sent, each criterion's mean over the submitted reviews and how many there were,
  like the score above; never who reviewed, their notes or their recommendations (the
  deliberation, as with the notes below).
- As a reviewer (author): every review the person wrote, with its scores per criterion,
  note, recommendation and dates, and the application's cohort and number (not the
  applicant's name or answers: those are the applicant's data).
- Reviewers' internal notes (``ApplicationNote``) are *not* in the self-service export:
  they are written to other reviewers, often compare applicants and name them, so
  disclosing them needs a person to weigh the others' rights first (GDPR Art. 15(4)).
  A request for them goes to the programme's coordinators. Hypha and pretalx likewise
  export a person's own submissions, not the reviewers' deliberation.
- Matching: for each published round, the partners' names only (not their e-mails,
  answers or the matching's reasons about them). Discussion topics the person was
  e-mailed.

Anonymisation -------------------------------------------------------------------------
- Applications stay, with state, dates, score, country, sector, career stage, languages
  and interests: the round's counts, the country cap and the matching statistics stay
  consistent. Free text goes: organisation, other interests, hopes, the answers to the
  extra questions, and the normalised e-mail/name keys used to find duplicates.
- Reviewers' notes on the person's applications are deleted (remarks about them only).
  Notes the person wrote as a reviewer stay, under "Deleted person #id"; mentions of their
  name in notes on other applications of the same rounds are rewritten.
- Rubric reviews of the person's applications keep their scores and recommendations (the
  list's figures do not change) and lose their notes. Reviews the person wrote stay, scores
  and recommendation included, under "Deleted person #id" (the user row is anonymised, not
  removed); their notes stay with the person's name and e-mail rewritten wherever they
  appear. A deleted application takes its reviews with it.
- Partner rows (``PeerPair``) and matching constraints stay, so a round's groups and
  scores do not change; a constraint's note is blanked when it concerns the person.
"""

from django.db.models import Avg, CharField, Count, Q, TextField
from django_countries.fields import CountryField

from kohorta.privacy import rewrite_mentions

from ..models import (
    Application,
    ApplicationNote,
    ApplicationReview,
    ApplicationScore,
    DiscussionTopic,
    MatchingConstraint,
    PeerPair,
)
from .enums import ApplicationState, MatchingRunStatus
from .services import APPLICANT_FIELDS


def personal_data(user):
    applications = (
        Application.objects.filter(user=user)
        .select_related("cohort__programme", "cohort__call")
        .prefetch_related("cohort__call__questions")
        .order_by("created_at", "pk")
    )
    pairs = (
        PeerPair.objects.filter(run__status=MatchingRunStatus.PUBLISHED)
        .filter(Q(person_a=user) | Q(person_b=user) | Q(person_c=user))
        .select_related("cohort", "run", "person_a", "person_b", "person_c")
        .order_by("run__published_at", "pk")
    )
    topic_ids = _topic_ids_sent_to(user)
    topics = DiscussionTopic.objects.filter(pk__in=topic_ids).select_related("cohort")
    written = (
        ApplicationReview.objects.filter(reviewer=user)
        .select_related("application__cohort")
        .prefetch_related("scores__criterion")
        .order_by("created_at", "pk")
    )
    return {
        "applications": [_application_data(application) for application in applications],
        "reviews_written": [
            {
                "cohort": review.application.cohort.name,
                "application": review.application_id,
                "scores": {score.criterion.name: score.value for score in review.scores.all()},
                "note": review.note,
                "recommendation": review.recommendation,
                "created_at": review.created_at,
                "submitted_at": review.submitted_at,
                "updated_at": review.updated_at,
            }
            for review in written
        ],
        "partners": [
            {
                "cohort": pair.cohort.name,
                "published_at": pair.run.published_at,
                "partners": [person.full_name for person in pair.people if person.pk != user.pk],
            }
            for pair in pairs
        ],
        "discussion_topics_received": [
            {
                "cohort": topic.cohort.name,
                "fortnight_starting": topic.starts_on,
                "title": topic.title,
                "text": topic.body,
                "sent_at": topic.sent_at,
            }
            for topic in topics.order_by("starts_on")
        ],
    }


def _application_data(application):
    call = getattr(application.cohort, "call", None)
    labels = {str(q.pk): q.label for q in call.questions.sources()} if call else {}
    answers = application.answers if isinstance(application.answers, dict) else {}
    data = {
        "programme": application.cohort.programme.name,
        "cohort": application.cohort.name,
        "state": application.state,
        "state_label": str(ApplicationState(application.state).label),
        **{name: _exported(application, name) for name in APPLICANT_FIELDS},
        "answers": [
            {"question": labels.get(key, key), "answer": value} for key, value in answers.items()
        ],
        "created_at": application.created_at,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "decision_sent": application.decision_sent_state or None,
    }
    if application.decision_sent_state:
        data["assessment"] = {"score": application.score}
        rubric = _rubric_means(application)
        if rubric:
            data["assessment"]["rubric"] = rubric
    return data


def _rubric_means(application):
    """Each criterion's mean over the application's submitted reviews (no reviewer, no note)."""
    rows = (
        ApplicationScore.objects.filter(
            review__application=application, review__submitted_at__isnull=False
        )
        .values("criterion__name", "criterion__scale_max", "criterion__position", "criterion_id")
        .annotate(mean=Avg("value"), reviews=Count("pk"))
        .order_by("criterion__position", "criterion_id")
    )
    return [
        {
            "criterion": row["criterion__name"],
            "mean": round(row["mean"], 2),
            "out_of": row["criterion__scale_max"],
            "reviews": row["reviews"],
        }
        for row in rows
    ]


def _exported(application, name):
    value = getattr(application, name)
    return str(value) if isinstance(Application._meta.get_field(name), CountryField) else value


def _free_text_fields():
    """The applicant's fields that hold their own words (no choices): blanked on erasure."""
    fields = (Application._meta.get_field(name) for name in APPLICANT_FIELDS)
    return [
        field.name
        for field in fields
        if isinstance(field, CharField | TextField) and not field.choices
    ]


def _topic_ids_sent_to(user):
    from notifications.models import SentOnce

    ids = []
    for key in SentOnce.objects.filter(user=user, key__startswith="cohorts:topic:").values_list(
        "key", flat=True
    ):
        parts = key.split(":")
        if len(parts) == 4 and parts[2].isdigit():
            ids.append(int(parts[2]))
    return ids


def anonymise(user, replacements):
    Application.objects.filter(user=user).update(
        **dict.fromkeys(_free_text_fields(), ""),
        answers={},
        email_key="",
        name_key="",
    )
    ApplicationNote.objects.filter(application__user=user).delete()
    ApplicationReview.objects.filter(application__user=user).update(note="")
    cohorts = Application.objects.filter(user=user).values("cohort_id")
    rewrite_mentions(
        ApplicationNote.objects.filter(Q(author=user) | Q(application__cohort__in=cohorts)),
        ["body"],
        replacements,
    )
    rewrite_mentions(
        ApplicationReview.objects.filter(
            Q(reviewer=user) | Q(application__cohort__in=cohorts)
        ).exclude(note=""),
        ["note"],
        replacements,
    )
    MatchingConstraint.objects.filter(Q(person_a=user) | Q(person_b=user)).update(note="")
