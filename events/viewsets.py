"""Wagtail admin for a meeting's agenda (rooms, tracks, speakers, sessions, published
versions), scoped to the meetings of the cohorts a coordinator coordinates. Every save goes
through the services.

Rooms, tracks, sessions and versions are translatable snippets: wagtail-localize's
"Translate" and "Sync translated snippets" appear in their listings and edit views, and a
translation opens in its translation editor. A listing shows the sources (the meeting's
language) unless a locale is chosen in its filter."""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.actions import DeleteAction
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views import snippets

from kohorta.admin_scope import ScopedPermissionPolicy, ScopedSnippetEditView, ScopedSnippetViewSet

from . import selectors, services
from .enums import SessionKind
from .models import AgendaRelease, MeetingPage, Room, Session, Speaker, Track


def managed_meetings(user):
    return selectors.original_meetings(selectors.meetings_managed_by(user))


def _scope(model):
    """The rooms, tracks, speakers or sessions of the meetings a person manages."""

    def scope(user):
        return model.objects.filter(meeting__in=managed_meetings(user).values("pk"))

    return scope


class ReleasePermissionPolicy(ScopedPermissionPolicy):
    """Agenda versions are made by publishing (``services.publish_agenda``) and never
    deleted: in the admin they are listed, renamed and translated only."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        actions = [action for action in actions if action not in ("add", "delete")]
        return bool(actions) and super().user_has_any_permission(user, actions)


for _model in (Room, Track, Speaker, Session):
    register_permission_policy(_model, ScopedPermissionPolicy(_model, _scope(_model)))
register_permission_policy(
    AgendaRelease, ReleasePermissionPolicy(AgendaRelease, _scope(AgendaRelease))
)


def _listed(request, queryset):
    """Sources only, unless the listing's locale filter asks for one language's rows."""
    if request is not None and request.GET.get("locale"):
        return queryset
    return queryset.sources()


class AgendaItemForm(WagtailAdminModelForm):
    """Offers only the meetings (and their rooms, tracks, speakers) the person manages."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        meetings = managed_meetings(for_user)
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = meetings
        if "user" in self.fields and not for_user.is_superuser:
            # Only people of the cohorts the coordinator manages (and the current account):
            # the list of every account would show other cohorts' people.
            self.fields["user"].queryset = (
                get_user_model()
                .objects.filter(
                    Q(memberships__cohort_id__in=meetings.values("cohort_id"))
                    | Q(pk=self.instance.user_id)
                )
                .distinct()
                .order_by("full_name")
            )
        for name, model in (("room", Room), ("track", Track), ("speakers", Speaker)):
            if name in self.fields:
                queryset = model.objects.filter(meeting__in=meetings.values("pk"))
                if hasattr(queryset, "sources"):
                    queryset = queryset.sources()  # a session points at source rows
                self.fields[name].queryset = queryset.select_related("meeting")

    def clean(self):
        data = super().clean()
        meeting = data.get("meeting")
        speakers = data.get("speakers")
        if meeting is not None and speakers:
            foreign = [speaker for speaker in speakers if speaker.meeting_id != meeting.pk]
            if foreign:
                self.add_error(
                    "speakers",
                    _("%(name)s speaks at another meeting.") % {"name": foreign[0].name},
                )
        return data


def _meeting_choices(request):
    if request is None:
        return MeetingPage.objects.none()
    return managed_meetings(request.user)


class SessionFilterSet(WagtailFilterSet):
    meeting = django_filters.ModelChoiceFilter(queryset=_meeting_choices, label=_lazy("Meeting"))
    kind = django_filters.ChoiceFilter(choices=SessionKind.choices, label=_lazy("Kind"))

    class Meta:
        model = Session
        fields = ["meeting", "kind", "day"]


class MeetingFilterSet(WagtailFilterSet):
    meeting = django_filters.ModelChoiceFilter(queryset=_meeting_choices, label=_lazy("Meeting"))


def _filterset_for(model):
    return type(
        f"{model.__name__}FilterSet",
        (MeetingFilterSet,),
        {"Meta": type("Meta", (), {"model": model, "fields": ["meeting"]})},
    )


class AgendaItemSaveMixin:
    def save_instance(self):
        return services.save_agenda_item(obj=self.form.instance, by=self.request.user)


class AgendaItemCreateView(AgendaItemSaveMixin, snippets.CreateView):
    pass


class AgendaItemEditView(AgendaItemSaveMixin, ScopedSnippetEditView):
    pass


class SessionSaveMixin:
    """Save through ``services.save_session`` and warn about speakers in two places."""

    def save_instance(self):
        session = services.save_session(
            session=self.form.instance,
            by=self.request.user,
            speakers=list(self.form.cleaned_data.get("speakers") or []),
        )
        for name, a, b in selectors.speaker_clashes(session.meeting):
            if session.pk in (a.pk, b.pk):
                messages.warning(
                    self.request,
                    _("%(name)s is in two places at once: “%(a)s” and “%(b)s”.")
                    % {"name": name, "a": a.title, "b": b.title},
                )
        return session


class SessionCreateView(SessionSaveMixin, snippets.CreateView):
    pass


class SessionEditView(SessionSaveMixin, ScopedSnippetEditView):
    pass


class DeleteAgendaItemAction(DeleteAction):
    """A room, track or speaker is deleted through ``services.delete_agenda_item``."""

    def _delete(self):
        services.delete_agenda_item(obj=self.instance, by=self.user)


class DeleteSessionAction(DeleteAction):
    """A session is deleted through ``services.delete_session``."""

    def _delete(self):
        services.delete_session(session=self.instance, by=self.user)


class AgendaItemViewSet(ScopedSnippetViewSet):
    add_view_class = AgendaItemCreateView
    edit_view_class = AgendaItemEditView


class RoomViewSet(AgendaItemViewSet):
    model = Room
    icon = "home"
    menu_label = _lazy("Rooms")
    list_display = ["name", "capacity", "meeting"]
    filterset_class = _filterset_for(Room)
    edit_handler = ObjectList(
        [
            FieldPanel("meeting"),
            FieldPanel("name"),
            FieldPanel("capacity"),
            FieldPanel("position"),
        ],
        base_form_class=AgendaItemForm,
    )

    def get_queryset(self, request):
        return _listed(request, Room.objects.select_related("meeting"))


class TrackViewSet(AgendaItemViewSet):
    model = Track
    icon = "tag"
    menu_label = _lazy("Tracks")
    list_display = ["name", "colour", "meeting"]
    filterset_class = _filterset_for(Track)
    edit_handler = ObjectList(
        [
            FieldPanel("meeting"),
            FieldPanel("name"),
            FieldPanel("colour"),
        ],
        base_form_class=AgendaItemForm,
    )

    def get_queryset(self, request):
        return _listed(request, Track.objects.select_related("meeting"))


class SpeakerViewSet(AgendaItemViewSet):
    model = Speaker
    icon = "user"
    menu_label = _lazy("Speakers")
    list_display = ["name", "organisation", "meeting"]
    filterset_class = _filterset_for(Speaker)
    search_fields = ["name", "organisation"]
    edit_handler = ObjectList(
        [
            FieldPanel("meeting"),
            FieldPanel("user"),
            FieldPanel("name"),
            FieldPanel("email"),
            FieldPanel("organisation"),
            FieldPanel("bio"),
            FieldPanel("photo"),
        ],
        base_form_class=AgendaItemForm,
    )

    def get_queryset(self, request):
        return Speaker.objects.select_related("meeting")


class SessionViewSet(ScopedSnippetViewSet):
    model = Session
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    icon = "date"
    menu_label = _lazy("Sessions")
    list_display = ["title", "kind", "day", "start_time", "end_time", "room", "meeting"]
    filterset_class = SessionFilterSet
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("meeting"),
            FieldPanel("title"),
            FieldPanel("kind"),
            FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
            FieldRowPanel([FieldPanel("room"), FieldPanel("location")]),
            FieldPanel("track"),
            FieldPanel("speakers"),
            FieldPanel("description"),
            FieldPanel("capacity"),
        ],
        base_form_class=AgendaItemForm,
    )

    def get_queryset(self, request):
        return _listed(request, Session.objects.select_related("meeting", "room"))


class ReleaseViewSet(AgendaItemViewSet):
    """Published agenda versions: their names are renamed and translated here."""

    model = AgendaRelease
    icon = "doc-full"
    menu_label = _lazy("Agenda versions")
    list_display = ["name", "number", "meeting", "published_at"]
    filterset_class = _filterset_for(AgendaRelease)
    edit_handler = ObjectList([FieldPanel("name")], base_form_class=AgendaItemForm)

    def get_queryset(self, request):
        return _listed(request, AgendaRelease.objects.select_related("meeting"))
