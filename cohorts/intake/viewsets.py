"""Wagtail admin for the intake content editors translate: a call's extra questions and a
round's discussion topics, as snippets so that wagtail-localize's Translate and Sync act on
them (and its editor opens for a translation). Scoped to the cohorts a person manages.

They are added, ordered and removed on the coordinator's screens (call settings, topics);
here a source's wording can be corrected (through the services) and translations made.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permissions import register_permission_policy

from kohorta.admin_scope import ScopedPermissionPolicy, ScopedSnippetEditView, ScopedSnippetViewSet

from .. import selectors
from ..models import CallQuestion, DiscussionTopic
from . import services, topics


def questions_managed_by(user):
    """Questions (sources and translations) of the calls of the cohorts the person manages."""
    return CallQuestion.objects.filter(
        call__cohort__in=selectors.cohorts_managed_by(user)
    ).select_related("call__cohort", "locale")


def topics_managed_by(user):
    return DiscussionTopic.objects.filter(
        cohort__in=selectors.cohorts_managed_by(user)
    ).select_related("cohort", "locale")


register_permission_policy(CallQuestion, ScopedPermissionPolicy(CallQuestion, questions_managed_by))
register_permission_policy(
    DiscussionTopic, ScopedPermissionPolicy(DiscussionTopic, topics_managed_by)
)


class CallQuestionEditView(ScopedSnippetEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.correct_question(
            question=self.form.instance,
            by=self.request.user,
            label=data["label"],
            help_text=data["help_text"],
        )


class CallQuestionViewSet(ScopedSnippetViewSet):
    model = CallQuestion
    icon = "help"
    menu_label = _("Application questions")
    list_display = ["label", "call", "locale"]
    search_fields = ["label"]
    edit_view_class = CallQuestionEditView
    edit_handler = ObjectList(
        [FieldPanel("label"), FieldPanel("help_text")], base_form_class=WagtailAdminModelForm
    )


class DiscussionTopicEditView(ScopedSnippetEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return topics.correct_topic(
            topic=self.form.instance, by=self.request.user, title=data["title"], body=data["body"]
        )


class DiscussionTopicViewSet(ScopedSnippetViewSet):
    model = DiscussionTopic
    icon = "comment"
    menu_label = _("Discussion topics")
    list_display = ["title", "cohort", "starts_on", "locale"]
    search_fields = ["title"]
    edit_view_class = DiscussionTopicEditView
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("body")], base_form_class=WagtailAdminModelForm
    )
