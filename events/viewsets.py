"""Wagtail admin for a meeting's agenda (rooms, tracks, speakers, sessions), scoped to the
meetings of the cohorts a coordinator coordinates. Every save goes through the services."""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from cohorts.viewsets import _scoped_views

from . import selectors, services
from .enums import SessionKind
from .models import MeetingPage, Room, Session, Speaker, Track


def managed_meetings(user):
    return selectors.original_meetings(selectors.meetings_managed_by(user))


def _scope(model):
    def scope(user):
        return model.objects.filter(meeting__in=managed_meetings(user).values("pk"))

    return scope


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
                self.fields[name].queryset = model.objects.filter(
                    meeting__in=meetings.values("pk")
                ).select_related("meeting")

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


def _save_item(view):
    return services.save_agenda_item(obj=view.form.instance, by=view.request.user)


def _delete_item(view):
    services.delete_agenda_item(obj=view.object, by=view.request.user)


def _save_session(view):
    form = view.form
    session = services.save_session(
        session=form.instance,
        by=view.request.user,
        speakers=list(form.cleaned_data.get("speakers") or []),
    )
    for name, a, b in selectors.speaker_clashes(session.meeting):
        if session.pk in (a.pk, b.pk):
            messages.warning(
                view.request,
                _("%(name)s is in two places at once: “%(a)s” and “%(b)s”.")
                % {"name": name, "a": a.title, "b": b.title},
            )
    return session


def _delete_session(view):
    services.delete_session(session=view.object, by=view.request.user)


def _with_services(viewset_cls, save, delete):
    for attr in ("add_view_class", "edit_view_class"):
        base = getattr(viewset_cls, attr)
        setattr(
            viewset_cls,
            attr,
            type(f"{viewset_cls.__name__}{attr}", (base,), {"save_instance": save}),
        )
    base = viewset_cls.delete_view_class
    viewset_cls.delete_view_class = type(
        f"{viewset_cls.__name__}Delete", (base,), {"delete_action": delete}
    )
    return viewset_cls


class RoomViewSet(SnippetViewSet):
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
        return Room.objects.select_related("meeting")


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "tag"
    menu_label = _lazy("Tracks")
    list_display = ["name", "colour", "meeting"]
    filterset_class = _filterset_for(Track)
    edit_handler = ObjectList(
        [
            FieldPanel("meeting"),
            FieldPanel("name"),
            FieldPanel("name_translations"),
            FieldPanel("colour"),
        ],
        base_form_class=AgendaItemForm,
    )

    def get_queryset(self, request):
        return Track.objects.select_related("meeting")


class SpeakerViewSet(SnippetViewSet):
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


class SessionViewSet(SnippetViewSet):
    model = Session
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
        return Session.objects.select_related("meeting", "room")


for _viewset, _model in (
    (RoomViewSet, Room),
    (TrackViewSet, Track),
    (SpeakerViewSet, Speaker),
    (SessionViewSet, Session),
):
    _scoped_views(_viewset, _scope(_model))
_with_services(RoomViewSet, _save_item, _delete_item)
_with_services(TrackViewSet, _save_item, _delete_item)
_with_services(SpeakerViewSet, _save_item, _delete_item)
_with_services(SessionViewSet, _save_session, _delete_session)
