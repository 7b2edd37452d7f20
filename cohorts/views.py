import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from kohorta import accounts, personal_cache

from . import selectors, services
from .forms import MembersCSVForm, ProfileForm


@login_required
def dashboard(request):
    """The person's cohorts, their roles in each, and what each role leads to.

    Other apps add panels with the ``kohorta_dashboard_panels`` hook: a function
    ``(request, entries) -> [{"cohort_id": id|None, "template": ..., "context": {...}}]``
    that must cost a fixed number of queries. The rendered page is kept a short while
    per session until anything on the site changes (kohorta/personal_cache.py).
    """

    def page():
        return render_to_string(
            "cohorts/dashboard.html", {"content": _dashboard_content(request)}, request
        )

    if len(messages.get_messages(request)):
        # A message is shown once: this page is rendered afresh and not kept.
        return HttpResponse(page())
    return HttpResponse(personal_cache.cached_part(request, "dashboard", page))


def _dashboard_content(request):
    entries = selectors.dashboard_cohorts(request.user)
    by_cohort = {entry["cohort"].pk: entry for entry in entries}
    general_panels = []
    for entry in entries:
        entry["panels"] = []
    for hook in hooks.get_hooks("kohorta_dashboard_panels"):
        for panel in hook(request, entries) or []:
            target = by_cohort.get(panel.get("cohort_id"))
            (target["panels"] if target else general_panels).append(panel)
    return render_to_string(
        "cohorts/dashboard_content.html",
        {"entries": entries, "general_panels": general_panels},
        request,
    )


def set_language(request):
    """Django's ``set_language``; a signed-in person's choice becomes their profile's too.

    Pages without a language prefix (the dashboard, the course pages) follow the profile's
    preferred language (``kohorta.middleware.PreferredLanguageMiddleware``), so without this
    the language form would change nothing for them.
    """
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and language != user.preferred_language
    ):
        # If another profile field no longer validates, the cookie still changes the language.
        with contextlib.suppress(ValidationError):
            services.update_profile(user=user, by=user, preferred_language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=user)
        if form.is_valid():
            try:
                services.update_profile(user=user, by=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("cohorts:profile")
        user.refresh_from_db()
    else:
        form = ProfileForm(instance=user)
    return render(request, "cohorts/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "cohorts/invitation_invalid.html", status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError:
            return render(request, "cohorts/invitation_invalid.html", status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        accounts.record_sign_in(request, user, method="invitation")
        messages.success(request, _("Welcome to Kohorta! Your password has been set."))
        return redirect("dashboard")
    return render(request, "cohorts/invitation.html", {"form": form, "invitation": invitation})


@require_http_methods(["GET", "POST"])
def import_members(request):
    """Wagtail admin page: add a cohort's members from a CSV file, all rows or none."""
    cohorts = selectors.cohorts_managed_by(request.user)
    if not cohorts.exists():
        raise PermissionDenied
    form = MembersCSVForm(
        request.POST or None,
        request.FILES or None,
        cohorts=cohorts,
        initial={"cohort": request.GET.get("cohort")} if request.GET.get("cohort") else None,
    )
    error_rows = []
    if request.method == "POST" and form.is_valid():
        cohort = form.cleaned_data["cohort"]
        upload = form.cleaned_data["file"]
        if upload.size > services.CSV_MAX_BYTES:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            try:
                result = services.import_members_csv(
                    cohort=cohort, data=upload.read(), by=request.user
                )
            except services.CSVImportError as error:
                error_rows = error.rows
                form.add_error(
                    "file",
                    _("Nothing was imported: %(count)s line(s) need fixing.")
                    % {"count": len(error_rows)},
                )
            else:
                messages.success(
                    request,
                    _(
                        "%(added)s member(s) added, %(existing)s already members, "
                        "%(invited)s invitation(s) sent."
                    )
                    % {
                        "added": result.added,
                        "existing": result.already_members,
                        "invited": result.invited,
                    },
                )
                return redirect("cohorts_import_members")
    return render(
        request,
        "cohorts/admin/import_members.html",
        {"form": form, "error_rows": error_rows, "columns": services.CSV_COLUMNS},
    )


@login_required
@require_http_methods(["GET"])
def profile_export(request):
    """Download everything Kohorta holds about the signed-in person, as JSON."""
    from django.http import HttpResponse

    from kohorta.privacy import export_personal_data_json

    response = HttpResponse(
        export_personal_data_json(request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="kohorta-personal-data-{request.user.pk}.json"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile_delete(request):
    """Ask for deletion: after the password is confirmed, the person is anonymised and
    signed out. Their programme records stay, under "Deleted person #id"."""
    from django.contrib.auth import logout

    from kohorta.privacy import anonymise_person

    from .forms import DeleteAccountForm

    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            anonymise_person(user=request.user, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your personal data has been deleted."))
            return redirect("account_login")
    return render(request, "cohorts/profile_delete.html", {"form": form})
