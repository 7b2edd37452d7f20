"""Reads for the community pages; each costs a fixed number of queries whatever the size."""

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from cohorts.enums import Role
from cohorts.models import Membership, MentorGroupMember, User
from cohorts.rules import cohort_ids_with_role

from .enums import COHORT_KINDS, PRIVATE_KINDS, PostState, ReportStatus
from .models import Post, Report, Thread, ThreadMember
from .rules import space_cohort_ids

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50
PEOPLE_PER_PAGE = 24


def visible_threads(user):
    """Every thread the person may read (the rules in community/rules.py, as a queryset)."""
    if not user.is_authenticated:
        return Thread.objects.none()
    participant = ThreadMember.objects.filter(thread=OuterRef("pk"), user=user, participant=True)
    private = Q(kind__in=PRIVATE_KINDS) & (
        Exists(participant)
        | Q(reported=True, cohort_id__in=cohort_ids_with_role(user, Role.COORDINATOR))
    )
    if user.is_superuser:
        return Thread.objects.filter(
            Q(kind__in=COHORT_KINDS) | private | Q(kind__in=PRIVATE_KINDS, reported=True)
        )
    return Thread.objects.filter(
        Q(kind__in=COHORT_KINDS, cohort_id__in=space_cohort_ids(user)) | private
    )


def with_unread(threads, user):
    """Annotate ``last_read`` and ``unread`` (visible posts after the person's marker)."""
    last_read = ThreadMember.objects.filter(thread=OuterRef("pk"), user=user).values(
        "last_read_post_id"
    )[:1]
    unread = (
        Post.objects.filter(
            thread=OuterRef("pk"), pk__gt=OuterRef("last_read"), state=PostState.VISIBLE
        )
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_author = Post.objects.filter(pk=OuterRef("last_post_id_cache")).values(
        "author__full_name"
    )[:1]
    return threads.annotate(
        last_read=Coalesce(Subquery(last_read), Value(0), output_field=IntegerField()),
    ).annotate(
        unread=Coalesce(Subquery(unread), Value(0), output_field=IntegerField()),
        last_author=Subquery(last_author),
    )


def _lesson_title(key_field):
    """The title of the thread's lesson in the active content language, as a subquery (no
    extra query): a lesson thread is shared by every translation of its lesson."""
    from wagtail.models import Page

    from cms.locales import _active_content_language

    return Subquery(
        Page.objects.filter(
            translation_key=OuterRef(key_field),
            locale__language_code=_active_content_language() or "en",
            live=True,
        ).values("title")[:1]
    )


def _topic_title(topic_field):
    """The title of the thread's discussion topic in the active content language, as a
    subquery (no extra query): the thread belongs to the source topic; a translation
    shares its ``translation_key``. None when the topic is not translated into it."""
    from cms.locales import _active_content_language
    from cohorts.models import DiscussionTopic

    return Subquery(
        DiscussionTopic.objects.filter(
            translation_key=OuterRef(f"{topic_field}__translation_key"),
            locale__language_code=_active_content_language() or "en",
        ).values("title")[:1]
    )


def with_lesson_titles(threads):
    """Threads whose ``display_title`` reads their lesson's or topic's title in the active
    language (two subqueries, no extra query)."""
    return threads.annotate(
        lesson_title=_lesson_title("lesson_key"), topic_title=_topic_title("topic")
    )


def _posts_with_lesson_titles(posts, count):
    """The first ``count`` posts, whose ``thread.display_title`` reads the lesson or the
    topic in the active language."""
    posts = list(
        posts.annotate(
            thread_lesson_title=_lesson_title("thread__lesson_key"),
            thread_topic_title=_topic_title("thread__topic"),
        )[:count]
    )
    for post in posts:
        post.thread.lesson_title = post.thread_lesson_title
        post.thread.topic_title = post.thread_topic_title
    return posts


def space_page(user, cohort, page_number=1):
    """A page of the cohort's space: pinned first, then by latest post (2 queries)."""
    threads = with_unread(
        with_lesson_titles(visible_threads(user).filter(cohort=cohort, kind__in=COHORT_KINDS)),
        user,
    ).order_by("-pinned", F("last_post_at").desc(nulls_last=True), "-pk")
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def conversations(user):
    """The person's private threads, latest first (1 query)."""
    threads = visible_threads(user).filter(
        kind__in=PRIVATE_KINDS, members__user=user, members__participant=True
    )
    participants = Prefetch(
        "members",
        queryset=ThreadMember.objects.filter(participant=True).select_related("user"),
        to_attr="participant_rows",
    )
    return list(
        with_unread(threads, user)
        .select_related("cohort")
        .prefetch_related(participants)
        .order_by(F("last_post_at").desc(nulls_last=True), "-pk")[:100]
    )


def thread_posts(thread, page_number=1):
    """A page of the thread's posts with authors and quoted posts (2 queries)."""
    posts = thread.posts.select_related("author", "quoted__author").order_by("pk")
    paginator = Paginator(posts, POSTS_PER_PAGE)
    if page_number == "last":
        page_number = paginator.num_pages
    return paginator.get_page(page_number)


def first_unread_page(thread, user):
    """The page holding the person's first unread post (1 query)."""
    marker = ThreadMember.objects.filter(thread=thread, user=user).values("last_read_post_id")
    before = thread.posts.filter(pk__lte=Coalesce(Subquery(marker[:1]), Value(0))).count()
    return before // POSTS_PER_PAGE + 1


def last_read_post_id(thread, user):
    return (
        ThreadMember.objects.filter(thread=thread, user=user)
        .values_list("last_read_post_id", flat=True)
        .first()
        or 0
    )


def latest_posts(thread, count=3):
    """The thread's latest visible posts, newest last (1 query)."""
    posts = list(
        thread.posts.filter(state=PostState.VISIBLE)
        .select_related("author")
        .order_by("-pk")[:count]
    )
    return posts[::-1]


def open_reports(user):
    """Open reports the person may act on: their cohorts' (all for superusers) (1 query)."""
    reports = Report.objects.filter(status=ReportStatus.OPEN).select_related(
        "post__author", "post__thread__cohort", "reporter"
    )
    if not user.is_superuser:
        reports = reports.filter(
            post__thread__cohort_id__in=cohort_ids_with_role(user, Role.COORDINATOR)
        )
    return list(reports.order_by("created_at")[:200])


def hidden_posts(user):
    """Posts hidden by moderators in the person's cohorts, to restore (1 query)."""
    posts = Post.objects.filter(state=PostState.HIDDEN).select_related("author", "thread")
    if not user.is_superuser:
        posts = posts.filter(thread__cohort_id__in=cohort_ids_with_role(user, Role.COORDINATOR))
    return list(posts.order_by("-pk")[:100])


# The dashboard ---------------------------------------------------------------------------


def dashboard_activity(user, cohort_ids):
    """Per cohort: unread threads and latest replies; for mentors, mentees' posts (4 queries)."""
    threads = visible_threads(user).filter(cohort_id__in=cohort_ids)
    unread = list(
        with_unread(with_lesson_titles(threads.exclude(last_post_id_cache=0)), user)
        .filter(last_post_id_cache__gt=F("last_read"))
        .select_related("cohort")
        .order_by("-last_post_at")[:8]
    )
    latest = _posts_with_lesson_titles(
        Post.objects.filter(thread__in=threads, state=PostState.VISIBLE)
        .exclude(author=user)
        .select_related("author", "thread")
        .order_by("-pk"),
        5,
    )
    mentee_ids = MentorGroupMember.objects.filter(
        cohort_id__in=cohort_ids, group__mentor=user
    ).values("innovator_id")
    mentees = _posts_with_lesson_titles(
        Post.objects.filter(
            thread__in=threads.filter(kind__in=COHORT_KINDS),
            author_id__in=mentee_ids,
            state=PostState.VISIBLE,
        )
        .select_related("author", "thread")
        .order_by("-pk"),
        5,
    )
    return {"unread": unread, "latest": latest, "mentees": mentees}


# The directory ---------------------------------------------------------------------------


def directory_people():
    """Everyone who opted into the directory (only they are ever shown there)."""
    return User.objects.filter(in_directory=True, is_active=True)


def directory_page(
    *, query="", country="", sector="", language="", programme="", nobody=False, page=1
):
    """A page of the directory with each person's programmes and cohorts (3 queries).

    ``nobody``: a filter no listed person can match (an unknown country) finds nobody.
    """
    people = directory_people()
    if nobody:
        people = people.none()
    query = query.strip()
    if query:
        people = people.filter(
            Q(full_name__icontains=query)
            | Q(organisation__icontains=query)
            | Q(interests__icontains=query)
            | Q(bio__icontains=query)
        )
    if country:
        people = people.filter(country=country)
    if sector:
        people = people.filter(sector=sector)
    if language:
        people = people.annotate(languages_text=Cast("languages", TextField())).filter(
            languages_text__contains=f'"{language}"'
        )
    if programme:
        people = people.filter(
            pk__in=Membership.objects.filter(cohort__programme__slug=programme).values("user")
        )
    memberships = Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("cohort__programme").order_by(
            "-cohort__starts_on"
        ),
    )
    people = people.prefetch_related(memberships).order_by("full_name", "pk")
    return Paginator(people, PEOPLE_PER_PAGE).get_page(page)


def directory_person(pk):
    """One person of the directory, with their memberships (2 queries); ``None`` otherwise."""
    memberships = Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("cohort__programme").order_by(
            "-cohort__starts_on"
        ),
    )
    return directory_people().prefetch_related(memberships).filter(pk=pk).first()


def contactable_person(user, pk):
    """A person the signed-in person may write to: in the directory or sharing a cohort
    (nobody for a read-only observer)."""
    from .rules import writes_in_network

    if not writes_in_network(user):
        return None
    shared = Membership.objects.filter(user=user).values("cohort")
    return (
        User.objects.filter(is_active=True, pk=pk)
        .filter(Q(in_directory=True) | Q(memberships__cohort__in=shared))
        .exclude(pk=user.pk)
        .distinct()
        .first()
    )


def directory_filters():
    """Choices for the directory's filters, from the people listed (2 queries)."""
    from cohorts.models import Programme

    people = directory_people()
    countries = sorted({str(c) for c in people.values_list("country", flat=True) if c})
    programmes = list(
        Programme.objects.filter(cohorts__memberships__user__in=people)
        .distinct()
        .values_list("slug", "name")
    )
    return {"countries": countries, "programmes": programmes}
