"""Pages for calls and applications (/apply/...) and for coordinators (/cohorts/<id>/...).

Views map forms and buttons to services; every object outside the person's scope is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kohorta.exports import table_response
from kohorta.translatable import localize

from .. import mentoring, selectors, services
from ..enums import CohortStatus
from ..models import (
    Application,
    ApplicationScore,
    Call,
    Cohort,
    DiscussionTopic,
    MatchingConstraint,
    MatchingJob,
    MatchingRun,
    PeerPair,
    User,
    spoken_language_name,
)
from ..rules import MENTOR_PEOPLE, TAKE_PART, roles_with
from . import selectors as intake_selectors
from . import services as intake
from . import topics
from .enums import (
    REVIEWABLE_STATES,
    ApplicationState,
    Interest,
    MatchingJobState,
    MatchingRunStatus,
    ReviewRecommendation,
    Sector,
)
from .forms import (
    ApplicationForm,
    CallForm,
    CapForm,
    ConstraintForm,
    CriterionFormSet,
    FilterForm,
    PeopleByEmailForm,
    QuestionFormSet,
    ReviewForm,
    RubricReviewForm,
    RunForm,
    TopicForm,
)
from .matching import jobs as matching_jobs
from .matching import service as matching

PAGE_SIZE = 50


def _errors_to_form(form, error):
    """Put a service's ValidationError next to the fields it names (else on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _message_error(request, error):
    for message in error.messages:
        messages.error(request, message)


def _cohort(request, cohort_id, perm="cohorts.manage_intake"):
    """The cohort if the person holds ``perm`` on it; a 404 otherwise (ids leak nothing)."""
    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
    if cohort is None or not request.user.has_perm(perm, cohort):
        raise Http404
    return cohort


# Public: calls and the application form --------------------------------------------------


def call_list(request):
    return render(
        request, "cohorts/intake/call_list.html", {"calls": intake_selectors.open_calls()}
    )


def _public_call(cohort_id):
    call = (
        Call.objects.select_related("cohort__programme")
        .filter(cohort_id=cohort_id, cohort__status=CohortStatus.OPEN)
        .first()
    )
    if call is None:
        raise Http404
    return call


def call_detail(request, cohort_id):
    call = _public_call(cohort_id)
    application = None
    if request.user.is_authenticated:
        application = Application.objects.filter(cohort=call.cohort, user=request.user).first()
    return render(
        request,
        "cohorts/intake/call_detail.html",
        {"call": call, "cohort": call.cohort, "application": application},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_form(request, cohort_id):
    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    try:
        call = intake.check_call_open(cohort)
    except ValidationError as error:
        return render(
            request,
            "cohorts/intake/call_closed.html",
            {"cohort": cohort, "reasons": error.messages},
        )
    application = Application.objects.filter(cohort=cohort, user=request.user).first()
    if application is not None and application.state != ApplicationState.DRAFT:
        messages.info(
            request,
            _("You have already applied to “%(cohort)s”; your application is “%(state)s”.")
            % {"cohort": cohort.name, "state": application.get_state_display()},
        )
        return redirect("cohorts:call_detail", cohort_id=cohort.pk)
    questions = localize(call.questions.sources())
    if request.method == "POST":
        form = ApplicationForm(request.POST, questions=questions)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                intake.save_application(
                    cohort=cohort,
                    user=request.user,
                    by=request.user,
                    submit=submit,
                    **form.service_fields(),
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                if submit:
                    messages.success(
                        request,
                        _("Thank you! Your application to “%(cohort)s” has been submitted.")
                        % {"cohort": cohort.name},
                    )
                    return redirect("cohorts:call_detail", cohort_id=cohort.pk)
                messages.success(request, _("Your draft has been saved."))
                return redirect("cohorts:apply", cohort_id=cohort.pk)
    else:
        form = ApplicationForm(
            initial=ApplicationForm.initial_for(application, request.user), questions=questions
        )
    return render(
        request,
        "cohorts/intake/application_form.html",
        {"form": form, "call": call, "cohort": cohort, "application": application},
    )


@login_required
@require_POST
def application_withdraw(request, cohort_id):
    application = Application.objects.filter(cohort_id=cohort_id, user=request.user).first()
    if application is None:
        raise Http404
    try:
        intake.transition_application(application, ApplicationState.WITHDRAWN, by=request.user)
    except ValidationError as error:
        _message_error(request, error)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("dashboard")


# Coordinators and ambassadors: selection -------------------------------------------------


@login_required
def manage(request):
    """The cohorts a coordinator runs, with their intake pages."""
    cohorts = selectors.cohorts_managed_by(request.user)
    if not request.user.is_superuser and not cohorts.exists():
        raise Http404
    return render(request, "cohorts/intake/manage.html", {"cohorts": cohorts})


def _listed(request, cohort, filters, criteria=None):
    """The applications the list (and its export) shows for the filters in ``request.GET``,
    with their review figures when the call has a rubric (``criteria``)."""
    chosen = filters.cleaned_data if filters.is_valid() else {}
    return intake_selectors.reviewable_applications(
        request.user,
        cohort,
        country=chosen.get("country", ""),
        sector=chosen.get("sector", ""),
        state=chosen.get("state", ""),
        search=chosen.get("q", ""),
        sort=chosen.get("sort", ""),
        criteria=criteria,
    )


def _sort_links(request):
    """For each sortable column: the list's URL sorted by it, and the current direction."""
    current = request.GET.get("sort", "")
    links = {}
    for key in intake_selectors.SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        direction = "ascending" if current == key else "descending" if current == f"-{key}" else ""
        links[key] = {"url": "?" + query.urlencode(), "direction": direction}
    return links


@login_required
def application_list(request, cohort_id):
    cohort = _cohort(request, cohort_id, "cohorts.view_applications")
    filters = FilterForm(request.GET or None)
    criteria = intake_selectors.rubric(cohort)
    queryset = _listed(request, cohort, filters, criteria)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page:
        application.recommendations = intake_selectors.recommendation_summary(application)
    can_manage = request.user.has_perm("cohorts.manage_intake", cohort)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cohorts/intake/application_list.html",
        {
            "cohort": cohort,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "sorts": _sort_links(request),
            "list_params": [
                (key, request.GET[key])
                for key in ("q", "country", "sector", "state", "sort", "page")
                if request.GET.get(key)
            ],
            "can_manage": can_manage,
            "can_review": request.user.has_perm("cohorts.review_applications", cohort),
            "criteria": criteria,
            "scale": intake_selectors.rubric_scale(criteria),
            "sees_all_reviews": request.user.has_perm("cohorts.view_all_reviews", cohort),
            "bulk_states": [(state, state.label) for state in intake.BULK_STATES],
            "counts": intake_selectors.state_counts(
                intake_selectors.reviewable_applications(request.user, cohort, everything=True)
            ),
            "pending_decisions": intake_selectors.pending_decisions(cohort).count()
            if can_manage
            else 0,
            "cap_form": CapForm(
                initial={
                    "percent": getattr(getattr(cohort, "call", None), "country_cap_percent", 20)
                }
            )
            if can_manage
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def applications_bulk(request, cohort_id):
    """One confirmation page for a decision on the applications ticked in the list.

    GET lists who changes and who is skipped (and why); POST applies it in one transaction.
    """
    cohort = _cohort(request, cohort_id)
    data = request.POST if request.method == "POST" else request.GET
    to = data.get("to", "")
    ids = sorted({number for number in map(_int, data.getlist("ids")) if number})
    back = redirect(reverse("cohorts:applications", args=[cohort.pk]) + _back_query(data))
    if to not in intake.BULK_STATES:
        messages.error(request, _("Choose a decision."))
        return back
    if not ids:
        messages.error(request, _("Tick at least one application."))
        return back
    applications = list(
        intake_selectors.reviewable_applications(request.user, cohort, everything=True).filter(
            pk__in=ids
        )
    )
    to = ApplicationState(to)
    if request.method == "POST":
        try:
            changed, skipped = intake.bulk_transition(
                cohort=cohort, applications=applications, to=to, by=request.user
            )
        except ValidationError as error:
            _message_error(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s application is now “%(state)s”.",
                    "%(count)s applications are now “%(state)s”.",
                    len(changed),
                )
                % {"count": len(changed), "state": to.label},
            )
            if skipped:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)s application was left as it was.",
                        "%(count)s applications were left as they were.",
                        len(skipped),
                    )
                    % {"count": len(skipped)},
                )
        return back
    changes, skipped = intake_selectors.bulk_plan(applications, to)
    return render(
        request,
        "cohorts/intake/applications_bulk.html",
        {
            "cohort": cohort,
            "to": to,
            "changes": changes,
            "skipped": skipped,
            "back_query": _back_query(data),
        },
    )


def _back_query(data):
    """The list's filters, search and sort carried through the bulk page (``?...`` or "")."""
    query = QueryDict(mutable=True)
    for key in ("q", "country", "sector", "state", "sort", "page"):
        value = data.get(f"list_{key}")
        if value:
            query[key] = value
    return "?" + query.urlencode() if query else ""


@login_required
def applications_export(request, cohort_id, fmt="csv"):
    """The listed applications with every answer, as CSV or XLSX (docs/exports.md)."""
    cohort = _cohort(request, cohort_id)
    filters = FilterForm(request.GET or None)
    call = Call.objects.filter(cohort=cohort).first()
    questions = localize(call.questions.sources()) if call else []
    criteria = intake_selectors.rubric(cohort)
    recommendations = [
        (value, label)
        for value, label in ReviewRecommendation.choices
        if value != ReviewRecommendation.NONE
    ]
    interests = dict(Interest.choices)
    sectors = dict(Sector.choices)
    header = [
        _("Application"),
        _("Name"),
        _("E-mail"),
        _("Country"),
        _("Organisation"),
        _("Sector"),
        _("Career stage"),
        _("Languages"),
        _("Areas of interest"),
        _("Other interests"),
        _("Hopes"),
        _("Preferred partner sector"),
        _("Submitted"),
        _("State"),
        _("Score"),
        _("Merged into"),
        *(
            [
                _("Mean score (1–%(max)s)") % {"max": intake_selectors.rubric_scale(criteria)},
                _("Reviews"),
                _("Spread"),
                *[
                    _("Recommend: %(choice)s") % {"choice": label}
                    for _value, label in recommendations
                ],
                *[
                    _("Mean: %(criterion)s") % {"criterion": criterion.name}
                    for criterion in criteria
                ],
            ]
            if criteria
            else []
        ),
        *[question.tr.label for question in questions],
    ]
    rows = (
        [
            application.pk,
            application.user.full_name,
            application.user.email,
            application.country.name if application.country else "",
            application.organisation,
            application.get_sector_display(),
            application.get_career_stage_display(),
            ", ".join(spoken_language_name(code) for code in application.languages),
            ", ".join(str(interests.get(code, code)) for code in application.interests),
            application.interests_other,
            application.hopes,
            str(sectors.get(application.preferred_partner_sector, ""))
            if application.preferred_partner_sector
            else "",
            timezone.localtime(application.submitted_at).replace(tzinfo=None)
            if application.submitted_at
            else None,
            application.get_state_display(),
            application.score,
            application.duplicate_of.user.full_name if application.duplicate_of else "",
            *(_review_cells(application, criteria, recommendations) if criteria else []),
            *[application.answers.get(str(question.pk), "") for question in questions],
        ]
        for application in _listed(request, cohort, filters, criteria)
    )
    return table_response(fmt, f"applications-{cohort.slug}", header, rows)


def _rounded(value):
    return None if value is None else round(value, 2)


def _review_cells(application, criteria, recommendations):
    """The export's review columns of one annotated application (``with_review_stats``)."""
    return [
        _rounded(application.review_mean),
        application.review_count or 0,
        _rounded(application.review_spread),
        *[getattr(application, f"rec_{value}") or 0 for value, _label in recommendations],
        *[_rounded(getattr(application, f"criterion_{criterion.pk}")) for criterion in criteria],
    ]


def _application(request, cohort, pk):
    """Any application the person may review, withdrawn and merged ones included."""
    application = (
        intake_selectors.reviewable_applications(request.user, cohort, everything=True)
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, cohort_id, pk):
    cohort = _cohort(request, cohort_id, "cohorts.review_applications")
    application = _application(request, cohort, pk)
    criteria = intake_selectors.rubric(cohort)
    read_only = application.state == ApplicationState.WITHDRAWN
    form = ReviewForm(request.POST or None, initial={"score": application.score})
    if request.method == "POST" and read_only:
        messages.error(request, _("This application has been withdrawn; it can no longer change."))
        return redirect("cohorts:application_detail", cohort_id=cohort.pk, pk=application.pk)
    if request.method == "POST" and form.is_valid():
        # With a rubric, each reviewer scores in their own review: the form only adds notes.
        score = {} if criteria else {"score": form.cleaned_data["score"]}
        try:
            intake.review_application(
                application=application, by=request.user, note=form.cleaned_data["note"], **score
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your review has been saved."))
            return redirect("cohorts:application_detail", cohort_id=cohort.pk, pk=application.pk)
    return _detail_page(request, cohort, application, criteria, form=form)


@login_required
@require_POST
def application_review(request, cohort_id, pk):
    """The reviewer's own scores, note and recommendation (``save`` a draft or ``submit``)."""
    cohort = _cohort(request, cohort_id, "cohorts.review_applications")
    application = _application(request, cohort, pk)
    criteria = intake_selectors.rubric(cohort)
    review_form = RubricReviewForm(request.POST, criteria=criteria)
    if review_form.is_valid():
        try:
            review = intake.save_review(
                application=application,
                by=request.user,
                scores=review_form.scores(),
                note=review_form.cleaned_data["note"],
                recommendation=review_form.cleaned_data["recommendation"],
                submit="submit" in request.POST,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _errors_to_form(review_form, error)
        else:
            messages.success(
                request,
                _("Your review has been submitted.")
                if review.submitted_at and "submit" in request.POST
                else _("Your review has been saved."),
            )
            url = reverse("cohorts:application_detail", args=[cohort.pk, application.pk])
            return redirect(url + "#your-review")
    messages.error(request, _("Your review was not saved: see the marked fields below."))
    return _detail_page(request, cohort, application, criteria, review_form=review_form)


def _detail_page(request, cohort, application, criteria, *, form=None, review_form=None):
    read_only = application.state == ApplicationState.WITHDRAWN
    form = form or ReviewForm(initial={"score": application.score})
    questions = []
    call = Call.objects.filter(cohort=cohort).first()
    if call is not None:
        questions = [
            (question, application.answers.get(str(question.pk), ""))
            for question in localize(call.questions.sources())
        ]
    targets = sorted(
        intake.allowed_application_states(application, request.user)
        - {ApplicationState.WITHDRAWN, ApplicationState.SUBMITTED},
        key=list(ApplicationState.values).index,
    )
    duplicates = (
        [
            other
            for group in intake_selectors.duplicate_groups(cohort)
            if application in group["applications"]
            for other in group["applications"]
            if other.pk != application.pk
        ]
        if request.user.has_perm("cohorts.manage_intake", cohort)
        else []
    )
    reviews = intake_selectors.application_reviews(request.user, application, criteria)
    may_score = (
        bool(criteria)
        and application.state in REVIEWABLE_STATES
        and not application.duplicate_of_id
        and request.user.has_perm("cohorts.review_application", application)
    )
    if review_form is None and may_score:
        review_form = RubricReviewForm(
            initial=RubricReviewForm.initial_for(reviews["own"]), criteria=criteria
        )
    interests = dict(Interest.choices)
    return render(
        request,
        "cohorts/intake/application_detail.html",
        {
            "cohort": cohort,
            "application": application,
            "interest_labels": [str(interests.get(i, i)) for i in application.interests],
            "language_names": [spoken_language_name(code) for code in application.languages],
            "form": form,
            "notes": application.notes.select_related("author"),
            "questions": questions,
            "targets": [(state, ApplicationState(state).label) for state in targets],
            "duplicates": duplicates,
            "read_only": read_only,
            "criteria": criteria,
            "scale": intake_selectors.rubric_scale(criteria),
            "review_form": review_form if may_score else None,
            "own_review": reviews["own"],
            "other_reviews": reviews["others"],
            "blind": reviews["blind"],
            "summary": reviews["summary"],
            "sees_all_reviews": request.user.has_perm("cohorts.view_all_reviews", cohort),
        },
    )


@login_required
@require_POST
def application_decide(request, cohort_id, pk):
    cohort = _cohort(request, cohort_id, "cohorts.review_applications")
    application = _application(request, cohort, pk)
    state = request.POST.get("state", "")
    if state not in ApplicationState.values:
        messages.error(request, _("Choose a decision."))
    else:
        try:
            intake.transition_application(application, state, by=request.user)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _message_error(request, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(state)s.")
                % {"name": application.user, "state": ApplicationState(state).label},
            )
    return redirect("cohorts:application_detail", cohort_id=cohort.pk, pk=application.pk)


@login_required
@require_POST
def apply_cap(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    form = CapForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the cap as a share between 1 and 100 per cent."))
    else:
        try:
            moved = intake.apply_country_cap(
                cohort=cohort, by=request.user, percent=form.cleaned_data["percent"]
            )
        except ValidationError as error:
            _message_error(request, error)
        else:
            messages.success(
                request,
                _("%(count)s applicant(s) moved to a later round; each gets an e-mail.")
                % {"count": len(moved)},
            )
    return redirect("cohorts:applications", cohort_id=cohort.pk)


@login_required
@require_POST
def send_decisions(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    try:
        count = intake.send_decisions(cohort=cohort, by=request.user)
    except ValidationError as error:
        _message_error(request, error)
    else:
        messages.success(
            request, _("%(count)s decision e-mail(s) are on their way.") % {"count": count}
        )
    return redirect("cohorts:applications", cohort_id=cohort.pk)


@login_required
@require_http_methods(["GET", "POST"])
def duplicates(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    if request.method == "POST":
        rows = {
            a.pk: a
            for a in Application.objects.filter(
                cohort=cohort,
                pk__in=[
                    _int(request.POST.get("keep")) or 0,
                    _int(request.POST.get("duplicate")) or 0,
                ],
            ).select_related("cohort")
        }
        keep = rows.get(_int(request.POST.get("keep")))
        duplicate = rows.get(_int(request.POST.get("duplicate")))
        if keep is None or duplicate is None:
            messages.error(request, _("Choose the application to keep and its duplicate."))
        else:
            try:
                intake.merge_applications(keep=keep, duplicate=duplicate, by=request.user)
            except ValidationError as error:
                _message_error(request, error)
            else:
                messages.success(request, _("The duplicate has been merged."))
        return redirect("cohorts:duplicates", cohort_id=cohort.pk)
    return render(
        request,
        "cohorts/intake/duplicates.html",
        {"cohort": cohort, "groups": intake_selectors.duplicate_groups(cohort)},
    )


def _int(value):
    """A posted id as a number, or None when it is not one a database row could have."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


@login_required
@require_http_methods(["GET", "POST"])
def call_settings(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    call = Call.objects.filter(cohort=cohort).first()
    if request.method == "POST" and "open" in request.POST:
        try:
            if call is None:
                raise ValidationError(_("Save the call's deadline first."))
            services.transition_cohort(cohort, CohortStatus.OPEN, by=request.user)
        except ValidationError as error:
            _message_error(request, error)
        else:
            messages.success(request, _("The cohort is now open for applications."))
        return redirect("cohorts:call_settings", cohort_id=cohort.pk)
    initial_questions = (
        [
            {"id": q.pk, "label": q.label, "help_text": q.help_text, "required": q.required}
            for q in call.questions.sources()
        ]
        if call
        else []
    )
    criteria = intake_selectors.rubric(cohort)
    initial_criteria = [
        {
            "id": c.pk,
            "name": c.name,
            "description": c.description,
            "scale_max": c.scale_max,
            "weight": c.weight,
        }
        for c in criteria
    ]
    scored = set(
        ApplicationScore.objects.filter(criterion__in=criteria).values_list(
            "criterion_id", flat=True
        )
    )
    if request.method == "POST":
        form = CallForm(request.POST)
        formset = QuestionFormSet(request.POST, initial=initial_questions, prefix="questions")
        # A form without the rubric's rows (an older page, a script) leaves the rubric as it is.
        posted = "criteria-TOTAL_FORMS" in request.POST
        rubric = _rubric_formset(request.POST if posted else None, initial_criteria, scored)
        if form.is_valid() and formset.is_valid() and (not posted or rubric.is_valid()):
            questions = [
                row for row in formset.cleaned_data if row and (row.get("label") or "").strip()
            ]
            rows = (
                [row for row in rubric.cleaned_data if row and (row.get("name") or "").strip()]
                if posted
                else None
            )
            try:
                intake.save_call(
                    cohort=cohort,
                    by=request.user,
                    questions=questions,
                    criteria=rows,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                _rubric_errors_to_forms(form, rubric, error)
            else:
                messages.success(request, _("The call has been saved."))
                return redirect("cohorts:call_settings", cohort_id=cohort.pk)
    else:
        form = CallForm(
            initial={
                "deadline": call.deadline,
                "introduction": call.introduction,
                "country_cap_percent": call.country_cap_percent,
            }
            if call
            else {}
        )
        formset = QuestionFormSet(initial=initial_questions, prefix="questions")
        rubric = _rubric_formset(None, initial_criteria, scored)
    return render(
        request,
        "cohorts/intake/call_settings.html",
        {
            "cohort": cohort,
            "call": call,
            "form": form,
            "formset": formset,
            "rubric": rubric,
            "scored": bool(scored),
        },
    )


def _rubric_formset(data, initial, scored):
    """The rubric's rows; a scored criterion's scale is shown but cannot be changed."""
    rubric = CriterionFormSet(data, initial=initial, prefix="criteria")
    for row in rubric.forms:
        if row.initial.get("id") in scored:
            row.fields["scale_max"].disabled = True
            row.fields["scale_max"].help_text = _(
                "Reviewers have scored this criterion: its scale is fixed."
            )
    return rubric


def _rubric_errors_to_forms(form, rubric, error):
    """Put ``save_call``'s errors next to the call's fields or the rubric row they name."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    named = [
        row
        for row in (rubric.forms if rubric.is_bound else [])
        if (row.cleaned_data.get("name") or "").strip()
    ]
    for key, errors in error.error_dict.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "criteria" and int(parts[1]) < len(named):
            row = named[int(parts[1])]
            row.add_error(parts[2] if parts[2] in row.fields else None, errors)
        elif key == "criteria":
            form.add_error(None, errors)
        else:
            form.add_error(key if key in form.fields else None, errors)


# Matching ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def matching_home(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    run_form = RunForm(initial=RunForm.defaults())
    constraint_form = ConstraintForm(prefix="constraint")
    if request.method == "POST" and "run" in request.POST:
        run_form = RunForm(request.POST)
        if run_form.is_valid():
            try:
                job = matching_jobs.request_run(
                    cohort=cohort,
                    by=request.user,
                    weights=run_form.weights(),
                    top_k=run_form.cleaned_data["top_k"],
                    seed=run_form.cleaned_data["seed"],
                )
            except ValidationError as error:
                _errors_to_form(run_form, error)
            else:
                return redirect("cohorts:matching_job", cohort_id=cohort.pk, job_id=job.pk)
    elif request.method == "POST" and "constraint" in request.POST:
        constraint_form = ConstraintForm(request.POST, prefix="constraint")
        if constraint_form.is_valid():
            data = constraint_form.cleaned_data
            try:
                matching.add_constraint(
                    cohort=cohort,
                    kind=data["kind"],
                    first=data["first_user"],
                    second=data["second_user"],
                    note=data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                _errors_to_form(constraint_form, error)
            else:
                messages.success(request, _("The pin or exclusion has been saved."))
                return redirect("cohorts:matching", cohort_id=cohort.pk)
    elif request.method == "POST" and "rematch" in request.POST:
        run_form = RunForm(request.POST)
        if run_form.is_valid():
            try:
                run = matching.create_rematch(
                    cohort=cohort,
                    by=request.user,
                    weights=run_form.weights(),
                    seed=run_form.cleaned_data["seed"],
                )
            except ValidationError as error:
                _errors_to_form(run_form, error)
            else:
                messages.success(
                    request, _("Re-match ready: check who changes below, then publish it.")
                )
                return redirect("cohorts:matching_run", cohort_id=cohort.pk, run_id=run.pk)
    elif request.method == "POST" and "remove" in request.POST:
        constraint = MatchingConstraint.objects.filter(
            cohort=cohort, pk=_int(request.POST.get("remove"))
        ).first()
        if constraint is None:
            raise Http404
        matching.remove_constraint(constraint=constraint, by=request.user)
        messages.success(request, _("The pin or exclusion has been removed."))
        return redirect("cohorts:matching", cohort_id=cohort.pk)
    runs = list(MatchingRun.objects.filter(cohort=cohort).select_related("created_by"))
    return render(
        request,
        "cohorts/intake/matching.html",
        {
            "cohort": cohort,
            "runs": runs,
            "run_form": run_form,
            "constraint_form": constraint_form,
            "constraints": MatchingConstraint.objects.filter(cohort=cohort).select_related(
                "person_a", "person_b"
            ),
            "job": matching_jobs.latest_job(cohort),
            "published": next(
                (run for run in runs if run.status == MatchingRunStatus.PUBLISHED), None
            ),
        },
    )


@login_required
def matching_job(request, cohort_id, job_id):
    """A queued matching run: its progress (the page reloads itself), then its run."""
    cohort = _cohort(request, cohort_id)
    job = MatchingJob.objects.filter(cohort=cohort, pk=job_id).select_related("run").first()
    if job is None:
        raise Http404
    if job.state == MatchingJobState.DONE and job.run_id:
        run = job.run
        messages.success(
            request,
            _("%(run)s: %(count)s participants matched in %(seconds)s s.")
            % {
                "run": run,
                "count": run.participant_count,
                "seconds": f"{run.duration_ms / 1000:.1f}",
            },
        )
        return redirect("cohorts:matching_run", cohort_id=cohort.pk, run_id=run.pk)
    return render(
        request,
        "cohorts/intake/matching_job.html",
        {"cohort": cohort, "job": job, "active": job.state in MatchingJobState.active()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def matching_run(request, cohort_id, run_id):
    cohort = _cohort(request, cohort_id)
    run = MatchingRun.objects.filter(cohort=cohort, pk=run_id).select_related("base_run").first()
    if run is None:
        raise Http404
    swap_form = PeopleByEmailForm(request.POST or None, prefix="swap")
    here = redirect("cohorts:matching_run", cohort_id=cohort.pk, run_id=run.pk)
    if request.method == "POST" and "swap" in request.POST:
        if swap_form.is_valid():
            try:
                matching.swap_partners(
                    run=run,
                    first=swap_form.cleaned_data["first_user"],
                    second=swap_form.cleaned_data["second_user"],
                    by=request.user,
                )
            except ValidationError as error:
                _errors_to_form(swap_form, error)
            else:
                messages.success(request, _("The two people have swapped partners."))
                return here
    elif request.method == "POST":
        try:
            if "publish" in request.POST:
                matching.publish_run(run=run, by=request.user)
                if run.base_run_id:
                    messages.success(
                        request,
                        _(
                            "Published as the round's new matching: the people whose partner "
                            "changed are being e-mailed their new partner."
                        ),
                    )
                else:
                    messages.success(
                        request, _("Published: every participant is being e-mailed their partner.")
                    )
            elif "unpublish" in request.POST:
                restored = matching.unpublish_run(run=run, by=request.user)
                if restored is not None:
                    messages.success(
                        request,
                        _(
                            "Unpublished: %(run)s is the round's matching again; the people "
                            "whose partner changed are being told."
                        )
                        % {"run": restored},
                    )
                else:
                    messages.success(
                        request,
                        _("Unpublished: the participants are being told they have no partner."),
                    )
            elif "pin" in request.POST:
                pair = PeerPair.objects.filter(run=run, pk=_int(request.POST.get("pin"))).first()
                if pair is None:
                    raise Http404
                matching.pin_pair(pair=pair, by=request.user)
                messages.success(request, _("The pair is pinned for later runs."))
        except ValidationError as error:
            _message_error(request, error)
        return here
    page = Paginator(run.pairs.order_by("-score", "pk"), 100).get_page(request.GET.get("page"))
    pairs = list(page.object_list.select_related("person_a", "person_b", "person_c"))
    for pair in pairs:
        names = {person.pk: person.full_name for person in pair.people}
        pair.explanation = matching.describe_reasons(pair.reasons, names)
    return render(
        request,
        "cohorts/intake/matching_run.html",
        {
            "cohort": cohort,
            "run": run,
            "page": page,
            "pairs": pairs,
            "swap_form": swap_form,
            "weights": [
                (label, run.weights.get(key)) for key, label in matching.WEIGHT_LABELS.items()
            ],
            "unplaced": User.objects.filter(pk__in=run.unplaced or []).order_by("full_name"),
            "is_draft": run.status == MatchingRunStatus.DRAFT,
            "is_published": run.status == MatchingRunStatus.PUBLISHED,
            "changes": matching.rematch_changes(run),
        },
    )


@login_required
def matching_compare(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    runs = {
        run.pk: run
        for run in MatchingRun.objects.filter(
            cohort=cohort,
            pk__in=[_int(request.GET.get("first")) or 0, _int(request.GET.get("second")) or 0],
        )
    }
    first = runs.get(_int(request.GET.get("first")))
    second = runs.get(_int(request.GET.get("second")))
    if first is None or second is None or first.pk == second.pk:
        raise Http404
    return render(
        request,
        "cohorts/intake/matching_compare.html",
        {"cohort": cohort, **matching.compare_runs(first, second)},
    )


# Mentor groups and topics ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mentor_groups(request, cohort_id):
    """The groups as they are (``?propose=all`` / ``?propose=unassigned`` for a proposal).

    Applying goes back to the groups as they are now. A refused apply keeps every choice
    made and puts the error next to the rows it concerns.
    """
    cohort = _cohort(request, cohort_id)
    propose = request.GET.get("propose", "")
    if propose not in ("all", "unassigned"):
        propose = ""
    row_errors = {}
    chosen = None
    if request.method == "POST":
        pairs = []
        for key, value in request.POST.items():
            if key.startswith("assign-") and value:
                pairs.append((_int(key.removeprefix("assign-")), _int(value)))
        people = User.objects.filter(
            memberships__cohort=cohort,
            memberships__role__in=roles_with(TAKE_PART, MENTOR_PEOPLE),
            pk__in=[pk for pair in pairs for pk in pair if pk],
        ).distinct()
        people = {person.pk: person for person in people}
        try:
            assignments = [(people[i], people[m]) for i, m in pairs]
        except KeyError:
            messages.error(request, _("The proposal is out of date; please review it again."))
            return redirect("cohorts:mentor_groups", cohort_id=cohort.pk)
        try:
            changed = mentoring.apply_mentor_groups(
                cohort=cohort, assignments=assignments, by=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                row_errors = {int(pk): errors for pk, errors in error.error_dict.items()}
                messages.error(
                    request, _("Nothing was saved: correct the rows marked below and apply again.")
                )
            else:
                _message_error(request, error)
            chosen = {innovator.pk: mentor for innovator, mentor in assignments}
        else:
            messages.success(
                request,
                _("Mentor groups applied: %(count)s innovator(s) moved.") % {"count": changed},
            )
            return redirect("cohorts:mentor_groups", cohort_id=cohort.pk)
    proposal, error = None, None
    try:
        if propose:
            proposal = mentoring.propose_mentor_groups(
                cohort, only_unassigned=propose == "unassigned"
            )
        else:
            proposal = mentoring.current_groups(cohort)
    except ValidationError as exc:
        error = exc.messages
    if proposal is not None:
        for row in proposal.rows:
            pk = row["innovator"].pk
            if chosen is not None and pk in chosen:
                row["mentor"] = chosen[pk]
                row["changed"] = row["current"] is None or row["current"].pk != chosen[pk].pk
            row["errors"] = [message for e in row_errors.get(pk, []) for message in e.messages]
    return render(
        request,
        "cohorts/intake/mentor_groups.html",
        {
            "cohort": cohort,
            "proposal": proposal,
            "mentors": [
                (mentor, proposal.real_loads.get(mentor.pk, 0), load, countries)
                for mentor, load, countries in proposal.loads
            ]
            if proposal
            else [],
            "error": error,
            "propose": propose,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_list(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    days = topics.fortnights(cohort)
    form = TopicForm(request.POST or None, fortnights=days)
    if request.method == "POST" and "remove" in request.POST:
        topic = (
            DiscussionTopic.objects.sources()
            .filter(cohort=cohort, pk=_int(request.POST.get("remove")))
            .first()
        )
        if topic is None:
            raise Http404
        try:
            topics.remove_topic(topic=topic, by=request.user)
        except ValidationError as error:
            _message_error(request, error)
        return redirect("cohorts:topics", cohort_id=cohort.pk)
    if request.method == "POST" and form.is_valid():
        try:
            topics.schedule_topic(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The topic has been scheduled."))
            return redirect("cohorts:topics", cohort_id=cohort.pk)
    return render(
        request,
        "cohorts/intake/topics.html",
        {
            "cohort": cohort,
            "form": form,
            "topics": DiscussionTopic.objects.sources().filter(cohort=cohort),
            "back": reverse("cohorts:manage"),
        },
    )
