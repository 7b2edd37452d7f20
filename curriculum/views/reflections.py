"""Reflections: the innovator's drafts and submissions, the mentor's feedback, files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..enums import ReflectionState
from ..forms import FeedbackForm, ReflectionForm
from ..models import Reflection
from ..structure import course_structure, due_date, extensions_for
from .common import _own_run


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
    editable = reflection is None or ReflectionState(reflection.state).editable
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
                            _("Submitted after the due date: it is marked late.")
                            + " "
                            + _submitted_message(reflection),
                        )
                    else:
                        messages.success(request, _submitted_message(reflection))
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
    # The reader's page shows what was submitted; drafts stay on the author's own page.
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
    """Serve an uploaded file, only to those who may read its version, always as a download.

    A draft version's file is its author's alone (``selectors.reflection_version_for``).
    """
    version = selectors.reflection_version_for(request.user, version_id)
    if version is None or not version.attachment:
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


def _submitted_message(reflection):
    """What submitting really did: the mentor gets a notification, or there is none."""
    from ..selectors import mentor_of

    mentor = mentor_of(reflection.cohort_course.cohort_id, reflection.author_id)
    if mentor is None:
        return _("Submitted. You have no mentor in this cohort yet; your coordinator can read it.")
    return _("Submitted. %(name)s, your mentor, gets a notification.") % {"name": mentor.full_name}
