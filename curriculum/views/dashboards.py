"""Dashboards: mentor, ambassador and coordinator grids, the chart, CSV, one person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kohorta import personal_cache
from kohorta.exports import table_response

from .. import selectors, services
from ..enums import ModuleStatus
from ..forms import ExtensionForm, RevokeForm
from ..models import Certificate, DueDateExtension
from ..structure import course_structure
from .common import (
    _dashboard_run,
)

GRID_PAGE_SIZE = 50


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
    """A grid page; kept a short while per session until anything on the site changes
    (kohorta/personal_cache.py, as the dashboard), once the permission check has passed;
    the kept copy answers before the check is made again (two queries fewer)."""
    name = f"grid:{scope}:{pk}"
    kept = personal_cache.kept_part(request, name)
    if kept is not None:
        return HttpResponse(kept)
    run = _dashboard_run(request, pk, scope)
    if len(messages.get_messages(request)):
        return _dashboard_response(request, run, scope)

    def render():
        return _dashboard_response(request, run, scope).content

    return HttpResponse(personal_cache.cached_part(request, name, render))


def _dashboard_response(request, run, scope):
    # Filters, sort and pagination in SQL; the chart from one aggregate (issue 21).
    grid = selectors.progress_page(
        cohort_course=run,
        user=request.user,
        scope=scope,
        page=request.GET.get("page"),
        per_page=GRID_PAGE_SIZE,
        sort=request.GET.get("sort", "name"),
        status=request.GET.get("status", ""),
        country=request.GET.get("country", ""),
        query=request.GET.get("q", "").strip()[:100],
        chart=scope == "coordinator",
    )
    page = grid["page_obj"]
    query = request.GET.copy()
    query.pop("page", None)
    filters_only = query.copy()
    filters_only.pop("sort", None)
    can_manage = request.user.has_perm("curriculum.manage_course", run)
    context = {
        "run": run,
        "scope": scope,
        "can_manage": can_manage,
        "grid": grid,
        "rows": selectors.with_cells(grid, grid["rows"]),
        "page_obj": page,
        "query_string": query.urlencode(),
        "filter_string": filters_only.urlencode(),
        "link_reflections": scope == "mentor" or can_manage,
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
def cohort_export(request, pk, fmt="csv"):
    """The coordinator's grid as CSV or XLSX: one row per innovator, a column per module."""
    run = _dashboard_run(request, pk, "coordinator")
    grid = _grid(request, run, "coordinator")
    selectors.with_cells(grid, grid["rows"])
    header = [
        _("Name"),
        _("E-mail"),
        _("Country"),
        _("Organisation"),
        _("Percent"),
        _("Lessons done"),
        _("Last activity"),
        _("Behind schedule"),
    ] + [f"{module['info'].position}. {module['title']}" for module in grid["modules"]]
    rows = [
        [
            row["person"].full_name,
            row["person"].email,
            row["person"].country_name,
            row["person"].organisation,
            row["percent"],
            row["lessons_done"],
            timezone.localtime(row["last_activity"]) if row["last_activity"] else None,
            bool(row["behind"]),
        ]
        + [f"{cell['label']} ({cell['done']}/{cell['total']})" for cell in row["cells"]]
        for row in grid["rows"]
    ]
    return table_response(fmt, f"progress-{run.cohort.slug}", header, rows)


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
    run = _dashboard_run(request, pk, "manage")
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
