"""Pages of the curriculum: the course as the innovator takes it, reflections, dashboards,
certificates. Views map requests to selectors and services; the rules decide who sees what,
and anything outside a person's scope answers 404.
"""

import csv
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.enums import Role
from cohorts.models import User

from . import selectors, services
from .blocks import check_quiz
from .enums import EDITABLE_REFLECTION_STATES, CompletedVia, ModuleStatus, ReflectionState
from .forms import ExtensionForm, FeedbackForm, ReflectionForm, RevokeForm
from .models import Certificate, LessonPage, LessonProgress, Reflection, ReflectionVersion
from .structure import course_structure, due_date, extensions_for


def _error_text(error):
    if hasattr(error, "message_dict"):
        return " ".join(
            message for messages_ in error.message_dict.values() for message in messages_
        )
    return " ".join(error.messages)


def _safe_next(request, fallback):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


# Wagtail pages ----------------------------------------------------------------------------


def _staff_links(user, course_page):
    """Dashboards of runs of this course for a mentor, ambassador or coordinator."""
    if not user.is_authenticated:
        return []
    links = []
    runs = selectors.cohort_courses_for(user, Role.MENTOR, Role.AMBASSADOR, Role.COORDINATOR)
    for run in runs.filter(course_key=course_page.translation_key):
        links.extend(_dashboard_links(user, run))
    return links


def _dashboard_links(user, run):
    from cohorts.rules import has_role

    links = []
    if has_role(user, run.cohort_id, Role.MENTOR):
        links.append(
            (
                _("Your mentees in %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:mentor_dashboard", args=[run.pk]),
            )
        )
    if has_role(user, run.cohort_id, Role.AMBASSADOR):
        links.append(
            (
                _("Your country in %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:country_dashboard", args=[run.pk]),
            )
        )
    if user.is_superuser or has_role(user, run.cohort_id, Role.COORDINATOR):
        links.append(
            (
                _("Cohort overview: %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:cohort_dashboard", args=[run.pk]),
            )
        )
    return links


def serve_course_page(request, page):
    user = request.user
    run = selectors.enrolment_for_course_page(user, page)
    context = page.get_context(request)
    if run is not None:
        context.update(selectors.learner_course(cohort_course=run, user=user, request=request))
    else:
        context["outline"] = selectors.course_outline(page, request=request)
        context["staff_links"] = _staff_links(user, page)
    return TemplateResponse(request, "curriculum/course_page.html", context)


def serve_module_page(request, page):
    user = request.user
    course_page = selectors.course_of(page)
    run = selectors.enrolment_for_course_page(user, course_page) if course_page else None
    context = page.get_context(request)
    context["course_page"] = course_page
    if run is not None:
        learner = selectors.learner_course(cohort_course=run, user=user, request=request)
        context.update(learner)
        context["module"] = next(
            (module for module in learner["modules"] if module.info.key == page.translation_key),
            None,
        )
    else:
        outline = selectors.course_outline(course_page, request=request) if course_page else []
        context["outline_module"] = next(
            (module for module in outline if module["key"] == page.translation_key), None
        )
    return TemplateResponse(request, "curriculum/module_page.html", context)


def serve_lesson_page(request, page, *, quiz=None):
    """A lesson for the innovator taking it; read-only for staff; closed to everyone else."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course_page = selectors.course_of(page)
    run = selectors.enrolment_for_course_page(user, course_page) if course_page else None
    context = page.get_context(request)
    context.update({"course_page": course_page, "run": run, "quiz": quiz or {}})
    status = 200
    if run is not None:
        structure = course_structure(run)
        lesson = structure.lessons.get(page.translation_key)
        module = structure.module_map.get(lesson.module_key) if lesson else None
        context["module_info"] = module
        if lesson is None:
            context["access"] = "none"
            status = 404
        elif not module.is_released():
            context["access"] = "locked"
        else:
            context["access"] = "learner"
            context["done"] = LessonProgress.objects.filter(
                cohort_course=run, user=user, lesson_key=lesson.key
            ).exists()
            context["has_quiz"] = bool(page.quiz_blocks)
            ordered = [
                item
                for item in structure.ordered_lessons()
                if structure.module_map[item.module_key].is_released()
            ]
            position = next(i for i, item in enumerate(ordered) if item.key == lesson.key)
            neighbours = {
                "previous": ordered[position - 1] if position > 0 else None,
                "next": ordered[position + 1] if position + 1 < len(ordered) else None,
            }
            keys = [item.key for item in neighbours.values() if item]
            pages = selectors.localized_pages(keys)
            sources = selectors.localized_source_pages(keys)
            for name, item in neighbours.items():
                target = (pages.get(item.key) or sources.get(item.key)) if item else None
                context[name] = (
                    {"title": target.title, "url": target.get_url(request)} if target else None
                )
            context["progress_url"] = reverse(
                "curriculum:lesson_progress", args=[run.pk, lesson.key]
            )
            context["quiz_url"] = reverse("curriculum:lesson_quiz", args=[run.pk, lesson.key])
    elif course_page and selectors.staff_view_of_course(user, course_page):
        context["access"] = "staff"
    else:
        context["access"] = "none"
        status = 403
    return TemplateResponse(request, "curriculum/lesson_page.html", context, status=status)


# Taking lessons ---------------------------------------------------------------------------


def _own_run(request, pk):
    run = selectors.visible_cohort_course(request.user, pk, Role.INNOVATOR)
    if run is None:
        raise Http404
    return run


@login_required
@require_POST
def lesson_progress(request, pk, lesson_key):
    """Mark a lesson complete, or not complete again."""
    run = _own_run(request, pk)
    action = request.POST.get("action", "complete")
    fallback = reverse("curriculum:home")
    try:
        if action == "undo":
            services.undo_lesson(
                cohort_course=run, user=request.user, lesson_key=lesson_key, by=request.user
            )
            messages.info(request, _("The lesson is marked as not done."))
        else:
            enrolment = services.complete_lesson(
                cohort_course=run, user=request.user, lesson_key=lesson_key, by=request.user
            )
            messages.success(
                request,
                _("Lesson complete. You have done %(percent)s%% of the course.")
                % {"percent": enrolment.percent},
            )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    except PermissionDenied:
        raise Http404 from None
    return HttpResponseRedirect(_safe_next(request, fallback))


@login_required
@require_POST
def lesson_quiz(request, pk, lesson_key):
    """Check a self-check quiz; passing it completes the lesson, failing shows the feedback."""
    run = _own_run(request, pk)
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        raise Http404 from None
    page = LessonPage.objects.live().filter(pk=page_id, translation_key=lesson_key).first()
    if page is None:
        raise Http404
    block_id = request.POST.get("block", "")
    quiz_block = next((block for block in page.quiz_blocks if block.id == block_id), None)
    if quiz_block is None:
        raise Http404
    answers = {}
    for index in range(len(quiz_block.value["questions"])):
        try:
            answers[index] = int(request.POST.get(f"q{index}", ""))
        except ValueError:
            continue
    passed, results = check_quiz(quiz_block.value, answers)
    if passed:
        try:
            services.complete_lesson(
                cohort_course=run,
                user=request.user,
                lesson_key=lesson_key,
                by=request.user,
                via=CompletedVia.QUIZ,
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(page.get_url(request))
        messages.success(request, _("All answers are right: the lesson is complete."))
        return redirect(page.get_url(request))
    quiz = {
        "block": block_id,
        "results": {result["index"]: result for result in results},
        "answers": answers,
        "passed": False,
    }
    return serve_lesson_page(request, page, quiz=quiz)


@login_required
def home(request):
    """Where the curriculum starts for a person: their courses and their dashboards."""
    user = request.user
    runs = list(
        selectors.cohort_courses_for(
            user, Role.INNOVATOR, Role.MENTOR, Role.AMBASSADOR, Role.COORDINATOR
        )
    )
    if user.is_superuser:
        runs = list(selectors.CohortCourse.objects.select_related("course", "cohort__programme"))
    from cohorts.rules import has_role

    items = []
    pages = selectors.localized_pages([run.course_key for run in runs])
    for run in runs:
        page = pages.get(run.course_key) or run.course
        items.append(
            {
                "run": run,
                "title": page.title,
                "url": page.get_url(request)
                if has_role(user, run.cohort_id, Role.INNOVATOR)
                else "",
                "links": _dashboard_links(user, run),
            }
        )
    return render(request, "curriculum/home.html", {"items": items})


# Reflections ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_reflection(request, pk, module_key):
    """The innovator's reflection for a module: write drafts, submit, revise, see feedback."""
    run = _own_run(request, pk)
    structure = course_structure(run)
    module = structure.module_map.get(module_key)
    if module is None or not module.has_reflection:
        raise Http404
    reflection = Reflection.objects.filter(
        cohort_course=run, module_key=module_key, author=request.user
    ).first()
    versions = list(reflection.versions.all()) if reflection else []
    draft = versions[-1] if versions and versions[-1].is_draft else None
    editable = reflection is None or reflection.state in EDITABLE_REFLECTION_STATES
    released = module.is_released()
    initial = {"text": (draft or (versions[-1] if versions else None)).text} if versions else {}
    form = ReflectionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        allows_upload=module.reflection_allows_upload,
    )
    if request.method == "POST":
        if not editable or not released:
            messages.error(request, _("This reflection cannot be changed now."))
            return redirect(request.path)
        if form.is_valid():
            try:
                reflection = services.save_reflection_draft(
                    cohort_course=run,
                    module_key=module_key,
                    user=request.user,
                    text=form.cleaned_data["text"],
                    attachment=form.cleaned_data.get("attachment"),
                    remove_attachment=form.cleaned_data.get("remove_attachment", False),
                    by=request.user,
                )
                if "submit" in request.POST:
                    reflection = services.submit_reflection(reflection=reflection, by=request.user)
                    if reflection.is_late:
                        messages.warning(
                            request,
                            _("Submitted after the due date: your mentor will see it marked late."),
                        )
                    else:
                        messages.success(request, _("Submitted. Your mentor has been told."))
                else:
                    messages.success(request, _("Your draft has been saved."))
                return redirect(request.path)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errors in error.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, error)
    feedback = list(reflection.feedback.all()) if reflection else []
    feedback_by_version = {}
    for item in feedback:
        feedback_by_version.setdefault(item.version_id, []).append(item)
    pages = selectors.localized_pages([module.key])
    module_page = (
        pages.get(module.key) or selectors.localized_source_pages([module.key])[module.key]
    ).specific
    extensions = extensions_for(run, [request.user.pk])
    return render(
        request,
        "curriculum/reflection_form.html",
        {
            "run": run,
            "module": module,
            "module_title": module_page.title,
            "module_url": module_page.get_url(request),
            "module_page": module_page,
            "reflection": reflection,
            "versions": [
                (version, feedback_by_version.get(version.pk, [])) for version in versions
            ],
            "form": form,
            "editable": editable and released,
            "due_on": due_date(module, request.user.pk, extensions),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reflection_detail(request, pk):
    """A reflection as its mentor (or coordinator) reads it, with the feedback form."""
    reflection = selectors.reflection_for(request.user, pk)
    if reflection is None:
        raise Http404
    if reflection.author_id == request.user.pk and not request.user.has_perm(
        "curriculum.give_feedback", reflection
    ):
        return redirect(
            "curriculum:my_reflection", reflection.cohort_course_id, reflection.module_key
        )
    can_give = request.user.has_perm("curriculum.give_feedback", reflection)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if not can_give:
            raise Http404
        if form.is_valid():
            try:
                services.give_feedback(
                    reflection=reflection,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errors in error.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your feedback has been sent to %(name)s.") % {"name": reflection.author},
                )
                return redirect(request.path)
    structure = course_structure(reflection.cohort_course)
    module = structure.module_map.get(reflection.module_key)
    versions = list(reflection.versions.filter(submitted_at__isnull=False))
    feedback_by_version = {}
    for item in reflection.feedback.select_related("author"):
        feedback_by_version.setdefault(item.version_id, []).append(item)
    back = None
    if request.user.has_perm("curriculum.view_cohort_dashboard", reflection.cohort_course):
        back = reverse("curriculum:cohort_dashboard", args=[reflection.cohort_course_id])
    elif can_give:
        back = reverse("curriculum:mentor_dashboard", args=[reflection.cohort_course_id])
    return render(
        request,
        "curriculum/reflection_detail.html",
        {
            "reflection": reflection,
            "module": module,
            "versions": [(v, feedback_by_version.get(v.pk, [])) for v in reversed(versions)],
            "form": form if can_give and reflection.state == ReflectionState.SUBMITTED else None,
            "back": back,
        },
    )


@login_required
def reflection_file(request, version_id):
    """Serve an uploaded file, only to those who may read the reflection, always as a download."""
    version = get_object_or_404(
        ReflectionVersion.objects.select_related("reflection__cohort_course"), pk=version_id
    )
    if not version.attachment or not request.user.has_perm(
        "curriculum.view_reflection", version.reflection
    ):
        raise Http404
    try:
        handle = version.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.attachment_name or "attachment",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# Dashboards -------------------------------------------------------------------------------

GRID_PAGE_SIZE = 50

SCOPES = {
    "mentor": (Role.MENTOR, "curriculum.view_mentor_dashboard"),
    "ambassador": (Role.AMBASSADOR, "curriculum.view_country_dashboard"),
    "coordinator": (Role.COORDINATOR, "curriculum.view_cohort_dashboard"),
}


def _dashboard_run(request, pk, scope):
    role, perm = SCOPES[scope]
    run = selectors.visible_cohort_course(request.user, pk, role)
    if run is None or not request.user.has_perm(perm, run):
        raise Http404
    return run


def _grid(request, run, scope):
    return selectors.progress_grid(
        cohort_course=run,
        user=request.user,
        scope=scope,
        sort=request.GET.get("sort", "name"),
        status=request.GET.get("status", ""),
        country=request.GET.get("country", ""),
        query=request.GET.get("q", "").strip()[:100],
    )


def _dashboard(request, pk, scope):
    run = _dashboard_run(request, pk, scope)
    grid = _grid(request, run, scope)
    page = Paginator(grid["rows"], GRID_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filters_only = query.copy()
    filters_only.pop("sort", None)
    context = {
        "run": run,
        "scope": scope,
        "grid": grid,
        "rows": selectors.with_cells(grid, list(page.object_list)),
        "page_obj": page,
        "query_string": query.urlencode(),
        "filter_string": filters_only.urlencode(),
        "link_reflections": scope != "ambassador",
        "reflection_base": reverse("curriculum:reflection", args=[0]).removesuffix("0/"),
        "extended_label": _("due date extended"),
        "behind_label": _("Behind"),
        "statuses": [
            (status.value, status.label, selectors.STATUS_ICONS[status]) for status in ModuleStatus
        ],
        "sort": request.GET.get("sort", "name"),
        "filters": {
            "status": request.GET.get("status", ""),
            "country": request.GET.get("country", ""),
            "q": request.GET.get("q", ""),
        },
        "sorts": [
            ("name", _("Name")),
            ("country", _("Country")),
            ("-progress", _("Most progress")),
            ("progress", _("Least progress")),
            ("-activity", _("Latest activity")),
            ("waiting", _("Awaiting feedback")),
        ],
    }
    if scope == "coordinator":
        context["chart"] = chart_svg(grid["chart"])
        context["certificates"] = selectors.certificates_of(run)
    return render(request, "curriculum/dashboard.html", context)


@login_required
def mentor_dashboard(request, pk):
    return _dashboard(request, pk, "mentor")


@login_required
def country_dashboard(request, pk):
    return _dashboard(request, pk, "ambassador")


@login_required
def cohort_dashboard(request, pk):
    return _dashboard(request, pk, "coordinator")


@login_required
def cohort_csv(request, pk):
    """The coordinator's grid as CSV: one row per innovator, a column per module."""
    run = _dashboard_run(request, pk, "coordinator")
    grid = _grid(request, run, "coordinator")
    selectors.with_cells(grid, grid["rows"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="progress-{run.cohort.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Country"),
            _("Organisation"),
            _("Percent"),
            _("Lessons done"),
            _("Last activity"),
            _("Behind schedule"),
        ]
        + [f"{module['info'].position}. {module['title']}" for module in grid["modules"]]
    )
    for row in grid["rows"]:
        person = row["person"]
        writer.writerow(
            [
                _csv_safe(person.full_name),
                person.email,
                person.country_name,
                _csv_safe(person.organisation),
                row["percent"],
                row["lessons_done"],
                row["last_activity"].isoformat() if row["last_activity"] else "",
                _("yes") if row["behind"] else _("no"),
            ]
            + [f"{cell['label']} ({cell['done']}/{cell['total']})" for cell in row["cells"]]
        )
    return response


def _csv_safe(value):
    """Keep spreadsheet programs from reading a cell as a formula."""
    value = str(value or "")
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def chart_svg(chart):
    """Completion per module as a horizontal bar chart, drawn on the server (no JavaScript)."""
    from django.template.loader import render_to_string

    bar_height, gap, label_width, bar_width = 22, 10, 260, 360
    rows = []
    for index, item in enumerate(chart):
        y = index * (bar_height + gap)
        rows.append(
            {
                **item,
                "y": y,
                "text_y": y + bar_height * 0.7,
                "width": round(bar_width * item["percent"] / 100, 1),
                "label": item["title"] if len(item["title"]) <= 33 else item["title"][:32] + "…",
            }
        )
    return render_to_string(
        "curriculum/includes/chart.svg",
        {
            "rows": rows,
            "height": max(1, len(rows)) * (bar_height + gap),
            "label_width": label_width,
            "bar_width": bar_width,
            "bar_height": bar_height,
            "value_x": label_width + bar_width + 8,
            "total_width": label_width + bar_width + 60,
        },
    )


# Coordinator actions for one person -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_progress(request, pk, user_id):
    """A coordinator's page for one innovator: extend a due date, issue or revoke a certificate."""
    run = _dashboard_run(request, pk, "coordinator")
    membership = selectors.memberships_in(run, user_id).first()
    if membership is None:
        raise Http404
    person = membership.user
    structure = course_structure(run)
    form = ExtensionForm(request.POST or None, schedules=structure.modules)
    if request.method == "POST" and form.is_valid():
        schedule = run.schedules.filter(pk=form.cleaned_data["schedule"]).first()
        try:
            if schedule is None:
                raise ValidationError({"schedule": _("Choose a module of this course.")})
            services.grant_extension(
                schedule=schedule,
                user=person,
                due_on=form.cleaned_data["due_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The due date has been extended."))
            return redirect(request.path)
    learner = selectors.learner_course(cohort_course=run, user=person, request=request)
    from .models import DueDateExtension

    return render(
        request,
        "curriculum/person_progress.html",
        {
            "run": run,
            "person": person,
            "learner": learner,
            "form": form,
            "extensions": DueDateExtension.objects.filter(
                cohort_course=run, user=person
            ).select_related("granted_by", "schedule"),
            "certificates": Certificate.objects.filter(cohort_course=run, user=person),
            "missing": services.missing_for_certificate(cohort_course=run, user=person),
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_POST
def issue_certificate(request, pk, user_id):
    run = _dashboard_run(request, pk, "coordinator")
    person = get_object_or_404(User, pk=user_id)
    try:
        services.issue_certificate(
            cohort_course=run, user=person, by=request.user, force="force" in request.POST
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The certificate has been issued."))
    return redirect("curriculum:person_progress", run.pk, person.pk)


def _managed_certificate(request, code):
    certificate = (
        Certificate.objects.select_related("cohort_course__cohort", "user")
        .filter(code=code)
        .first()
    )
    if certificate is None or not request.user.has_perm(
        "curriculum.revoke_certificate", certificate
    ):
        raise Http404
    return certificate


@login_required
@require_POST
def revoke_certificate(request, code):
    certificate = _managed_certificate(request, code)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_certificate(
                certificate=certificate, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The certificate has been revoked."))
    else:
        messages.error(request, _("Say why the certificate is revoked."))
    return redirect("curriculum:person_progress", certificate.cohort_course_id, certificate.user_id)


@login_required
@require_POST
def reissue_certificate(request, code):
    certificate = _managed_certificate(request, code)
    new = services.reissue_certificate(certificate=certificate, by=request.user)
    messages.success(
        request, _("A new certificate has been issued: %(code)s.") % {"code": new.code}
    )
    return redirect("curriculum:person_progress", certificate.cohort_course_id, certificate.user_id)


@login_required
@require_POST
def bulk_certificates(request, pk):
    run = _dashboard_run(request, pk, "coordinator")
    services.request_bulk_certificates(cohort_course=run, by=request.user)
    messages.success(
        request,
        _("Certificates are being issued to everyone who has earned one. This takes a minute."),
    )
    return redirect("curriculum:cohort_dashboard", run.pk)


# Certificates -----------------------------------------------------------------------------


@login_required
def certificate_pdf(request, code):
    certificate = (
        Certificate.objects.select_related("cohort_course__cohort", "user")
        .filter(code=code)
        .first()
    )
    if certificate is None or not request.user.has_perm(
        "curriculum.download_certificate", certificate
    ):
        raise Http404
    from .certificates import render_certificate_pdf

    response = HttpResponse(
        render_certificate_pdf(certificate, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def verify_certificate(request, code):
    """Public: anyone holding a code can check whether the certificate is valid."""
    certificate = (
        Certificate.objects.select_related("cohort_course__cohort__programme")
        .filter(code=code.strip().upper())
        .first()
    )
    # An unknown code answers 200 with a clear message: a 404 here would be redirected to the
    # language-prefixed site by LocaleMiddleware and lose the explanation.
    return render(request, "curriculum/verify.html", {"certificate": certificate, "code": code})


def lesson_key_or_404(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None
