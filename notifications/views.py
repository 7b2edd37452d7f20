from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import mail, registry, selectors, services
from .forms import PreferencesForm


@login_required
def inbox(request):
    entries = selectors.inbox(request.user)
    return render(
        request,
        "notifications/inbox.html",
        {"entries": entries, "unread": sum(1 for entry in entries if entry.is_unread)},
    )


def _safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one entry read, then follow its link (the entry's object) or go back."""
    notification = services.mark_read(notification_id=pk, by=request.user)
    if notification is None:
        raise Http404
    if request.POST.get("open") and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect(_safe_next(request, "notifications:inbox"))


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(by=request.user)
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    user = request.user
    form = PreferencesForm(request.POST or None, user_choices=selectors.preferences(user))
    if request.method == "POST" and form.is_valid():
        for name, channel in form.cleaned_data.items():
            services.set_preference(user=user, kind=name, channel=channel, by=user)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications:preferences")
    fixed = [kind for kind in registry.kinds() if not kind.can_turn_off]
    return render(request, "notifications/preferences.html", {"form": form, "fixed": fixed})


@csrf_exempt  # RFC 8058: mail clients POST the one-click unsubscribe without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm; POST (the form, or a mail client's one-click) turns the kind off."""
    data = mail.read_unsubscribe_token(token)
    if data is None or not registry.is_registered(data[1]):
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    kind = registry.get(data[1])
    if request.method == "POST":
        if services.unsubscribe(token=token) is None:
            return render(request, "notifications/unsubscribe_invalid.html", status=404)
        return render(request, "notifications/unsubscribed.html", {"kind": kind})
    return render(request, "notifications/unsubscribe.html", {"kind": kind})
