"""Thin views: each maps a page or a button to a selector or a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cohorts.models import Cohort
from kohorta.media import file_response
from kohorta.translatable import localize_one

from . import selectors, services
from .enums import COHORT_KINDS, PostState, ThreadKind
from .forms import DirectoryForm, EditForm, MessageForm, PostForm, ReportForm, ThreadForm
from .models import Post


def _cohort_for_space(user, cohort_id):
    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
    if cohort is None or not user.has_perm("community.view_space", cohort):
        raise Http404
    return cohort


def _thread_for(user, pk):
    return get_object_or_404(selectors.visible_threads(user).select_related("cohort"), pk=pk)


def _post_for(user, pk):
    post = get_object_or_404(Post.objects.select_related("thread__cohort", "author"), pk=pk)
    if not user.has_perm("community.view_thread", post.thread):
        raise Http404
    return post


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_safe
def home(request):
    """The person's cohort spaces and private conversations."""
    services.open_private_threads(user=request.user)
    cohorts = Cohort.objects.filter(pk__in=selectors.space_cohort_ids(request.user)).select_related(
        "programme"
    )
    return render(
        request,
        "community/home.html",
        {
            "cohorts": cohorts,
            "conversations": selectors.conversations(request.user),
            "reviews_reports": request.user.is_superuser
            or any(request.user.has_perm("community.review_reports", c) for c in cohorts),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def space(request, cohort_id):
    cohort = _cohort_for_space(request.user, cohort_id)
    services.open_topic_threads(cohort_id=cohort.pk)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(
                cohort=cohort,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
                by=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("community:thread", thread.pk)
    page = selectors.space_page(request.user, cohort, request.GET.get("page", 1))
    return render(
        request,
        "community/space.html",
        {"cohort": cohort, "page": page, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def lesson_thread(request, cohort_id, lesson_key):
    """Open (the first time) and show the cohort's thread for a lesson's discussion prompt."""
    from curriculum.models import LessonPage

    cohort = _cohort_for_space(request.user, cohort_id)
    lesson = LessonPage.objects.filter(translation_key=lesson_key).order_by("pk").first()
    if lesson is None or not any(b.block_type == "discussion" for b in lesson.body):
        raise Http404
    thread = services.open_lesson_thread(
        cohort_id=cohort.pk, lesson_key=lesson_key, title=lesson.title
    )
    return redirect("community:thread", thread.pk)


def _lesson_context(thread):
    """The lesson (in the reader's language when translated) and its prompt (2 queries)."""
    from curriculum.models import LessonPage

    pages = LessonPage.objects.filter(translation_key=thread.lesson_key).select_related("locale")
    pages = list(pages)
    lesson = next((p for p in pages if p.locale.language_code == get_language()), None) or (
        pages[0] if pages else None
    )
    if lesson is None:
        return {}
    prompt = next((b.value for b in lesson.body if b.block_type == "discussion"), None)
    return {"lesson": lesson, "prompt": prompt}


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, pk):
    thread = _thread_for(request.user, pk)
    user = request.user
    can_post = user.has_perm("community.post_in_thread", thread)
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_post:
            raise PermissionDenied
        if form.is_valid():
            quoted = None
            if form.cleaned_data.get("quoted"):
                quoted = thread.posts.filter(
                    pk=form.cleaned_data["quoted"], state=PostState.VISIBLE
                ).first()
            try:
                post = services.add_post(
                    thread=thread,
                    body=form.cleaned_data["body"],
                    quoted=quoted,
                    attachment=form.cleaned_data.get("attachment"),
                    by=user,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                return redirect(
                    f"{reverse('community:thread', args=[thread.pk])}?page=last#post-{post.pk}"
                )
    elif request.GET.get("quote", "").isdigit():
        form = PostForm(initial={"quoted": int(request.GET["quote"])})
    page_number = request.GET.get("page") or selectors.first_unread_page(thread, user)
    page = selectors.thread_posts(thread, page_number)
    last_read = selectors.last_read_post_id(thread, user)
    posts = list(page.object_list)
    if posts and posts[-1].pk > last_read:
        services.mark_read(thread=thread, by=user, post_id=posts[-1].pk)
    following = thread.members.filter(user=user, following=True).exists()
    context = {
        "thread": thread,
        "page": page,
        "posts": posts,
        "last_read": last_read,
        "form": form,
        "can_post": can_post,
        "can_moderate": user.has_perm("community.moderate_thread", thread),
        "following": following,
        "participants": (
            [m.user for m in thread.members.filter(participant=True).select_related("user")]
            if thread.is_private
            else []
        ),
        "quoted_post": thread.posts.filter(pk=form.initial.get("quoted")).first()
        if form.initial.get("quoted")
        else None,
    }
    if context["can_moderate"] and not thread.is_private:
        context["move_targets"] = list(
            selectors.visible_threads(user)
            .filter(cohort_id=thread.cohort_id, kind__in=COHORT_KINDS)
            .exclude(pk=thread.pk)
            .order_by("-last_post_at")
            .values_list("pk", "title")[:200]
        )
    if thread.kind == ThreadKind.LESSON:
        context.update(_lesson_context(thread))
    elif thread.kind == ThreadKind.TOPIC and thread.topic_id:
        # The topic in the reader's language; the thread stays the source topic's.
        context["topic"] = topic = localize_one(thread.topic)
        thread.topic_title = topic.tr.title
    return render(request, "community/thread.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def follow(request, pk):
    thread = _thread_for(request.user, pk)
    services.follow_thread(
        thread=thread, by=request.user, following=request.POST.get("follow") == "1"
    )
    return redirect("community:thread", thread.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request, pk):
    post = _post_for(request.user, pk)
    if post.author_id != request.user.pk:
        raise Http404
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(post=post, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("This post can no longer be changed."))
        else:
            return redirect(_post_url(post))
    return render(
        request,
        "community/edit_post.html",
        {"post": post, "form": form},
        status=400 if form.errors else 200,
    )


def _post_url(post):
    position = post.thread.posts.filter(pk__lt=post.pk).count()
    page = position // selectors.POSTS_PER_PAGE + 1
    return f"{reverse('community:thread', args=[post.thread_id])}?page={page}#post-{post.pk}"


@login_required
@require_POST
def remove_post(request, pk):
    post = _post_for(request.user, pk)
    if post.author_id != request.user.pk:
        raise Http404
    try:
        services.remove_post(post=post, by=request.user)
    except PermissionDenied:
        messages.error(request, _("This post cannot be removed."))
    else:
        messages.success(request, _("Your post was removed."))
    return redirect(_post_url(post))


@login_required
@require_http_methods(["GET", "POST"])
def report_post(request, pk):
    post = _post_for(request.user, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_post(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. The programme's coordinators will look at this post.")
            )
            return redirect(_post_url(post))
    return render(
        request,
        "community/report.html",
        {"post": post, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def moderate_post(request, pk):
    post = _post_for(request.user, pk)
    if not request.user.has_perm("community.moderate_thread", post.thread):
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "hide":
            services.hide_post(post=post, by=request.user)
        elif action == "dismiss":
            services.hide_post(post=post, by=request.user, dismiss=True)
        elif action == "restore":
            services.restore_post(post=post, by=request.user)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    target = request.POST.get("next")
    if target == "reports":
        return redirect("community:reports")
    return redirect(_post_url(post))


@login_required
@require_POST
def moderate_thread(request, pk):
    thread = _thread_for(request.user, pk)
    if not request.user.has_perm("community.moderate_thread", thread):
        raise Http404
    flags = {
        "lock": {"locked": True},
        "unlock": {"locked": False},
        "pin": {"pinned": True},
        "unpin": {"pinned": False},
    }.get(request.POST.get("action"))
    if flags is None:
        raise Http404
    try:
        services.set_thread_flags(thread=thread, by=request.user, **flags)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("community:thread", thread.pk)


@login_required
@require_POST
def move_post(request, pk):
    post = _post_for(request.user, pk)
    if not request.user.has_perm("community.moderate_thread", post.thread):
        raise Http404
    target = request.POST.get("thread", "")
    to_thread = (
        selectors.visible_threads(request.user).filter(pk=target).first()
        if target.isdigit()
        else None
    )
    if to_thread is None:
        messages.error(request, _("Choose a thread of the same cohort."))
        return redirect(_post_url(post))
    try:
        services.move_post(post=post, to_thread=to_thread, by=request.user)
    except (ValidationError, PermissionDenied):
        messages.error(request, _("Choose a thread of the same cohort."))
        return redirect(_post_url(post))
    messages.success(request, _("The post was moved."))
    return redirect(_post_url(post))


@login_required
@require_safe
def attachment(request, pk):
    post = _post_for(request.user, pk)
    if not post.attachment or post.state != PostState.VISIBLE:
        raise Http404
    try:
        handle = post.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_response(handle, filename=post.attachment_name or "attachment")


@login_required
@require_safe
def reports(request):
    user = request.user
    if not (
        user.is_superuser
        or any(user.has_perm("community.review_reports", cid) for cid in _coordinated(user))
    ):
        raise Http404
    return render(
        request,
        "community/reports.html",
        {"reports": selectors.open_reports(user), "hidden": selectors.hidden_posts(user)},
    )


def _coordinated(user):
    from cohorts.enums import Role
    from cohorts.rules import cohort_ids_with_role

    return cohort_ids_with_role(user, Role.COORDINATOR)


# The directory ---------------------------------------------------------------------------


@login_required
@require_safe
def people(request):
    choices = selectors.directory_filters()
    form = DirectoryForm(request.GET or None, **choices)
    # A filter nobody listed matches (a country no one is from) finds nobody.
    if not form.is_bound:
        filters = {}
    else:
        filters = form.cleaned_data if form.is_valid() else {"nobody": True}
    page = selectors.directory_page(
        query=filters.get("q", ""),
        country=filters.get("country", ""),
        sector=filters.get("sector", ""),
        language=filters.get("language", ""),
        programme=filters.get("programme", ""),
        nobody=filters.get("nobody", False),
        page=request.GET.get("page", 1),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/people.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_safe
def person(request, pk):
    person = selectors.directory_person(pk)
    if person is None:
        raise Http404
    return render(
        request,
        "community/person.html",
        {
            "person": person,
            "can_contact": services.can_contact(by=request.user, person=person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact(request, pk):
    person = selectors.contactable_person(request.user, pk)
    if person is None:
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread, _post = services.start_conversation(
                by=request.user, person=person, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("community:thread", thread.pk)
    return render(
        request,
        "community/contact.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )
