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
- Partner rows (``PeerPair``) and matching constraints stay, so a round's groups and
  scores do not change; a constraint's note is blanked when it concerns the person.
"""

from django.db.models import CharField, Q, TextField
from django_countries.fields import CountryField

from kohorta.privacy import rewrite_mentions

from ..models import Application, ApplicationNote, DiscussionTopic, MatchingConstraint, PeerPair
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
    return {
        "applications": [_application_data(application) for application in applications],
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
    return data


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
    cohorts = Application.objects.filter(user=user).values("cohort_id")
    rewrite_mentions(
        ApplicationNote.objects.filter(Q(author=user) | Q(application__cohort__in=cohorts)),
        ["body"],
        replacements,
    )
    MatchingConstraint.objects.filter(Q(person_a=user) | Q(person_b=user)).update(note="")
