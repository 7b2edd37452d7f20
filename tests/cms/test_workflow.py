import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import GroupPagePermission

from cms import services, tasks
from cms.models import NewsPage
from tests.factories.cms import add_news, build_site, locale
from tests.factories.cohorts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    homes, indexes = build_site(("en", "mk"))
    workflow = services.ensure_moderation_workflow()
    return homes, indexes, workflow


def editor_and_moderator(index):
    admin_access = Permission.objects.get(codename="access_admin")
    editors = Group.objects.create(name="News editors")
    editors.permissions.add(admin_access)
    for permission in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors, page=index, permission=Permission.objects.get(codename=permission)
        )
    editor = UserFactory()
    editor.groups.add(editors)
    moderators = Group.objects.get(name="Moderators")
    moderators.permissions.add(admin_access)
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=moderators, page=index, permission=Permission.objects.get(codename=permission)
        )
    moderator = UserFactory()
    moderator.groups.add(moderators)
    return editor, moderator


def draft(index, editor, **fields):
    page = NewsPage(
        title="Awards announced",
        date=datetime.date(2026, 11, 21),
        intro="Five projects win.",
        body="[]",
        locale=index.locale,
        **fields,
    )
    return services.add_page(parent=index, page=page, by=editor, publish=False)


def test_ensure_moderation_workflow_is_idempotent(site):
    homes, indexes, workflow = site

    again = services.ensure_moderation_workflow()

    assert again.pk == workflow.pk
    assert indexes["en"].get_workflow() == workflow


def test_news_goes_live_only_after_moderator_approves(client, site):
    homes, indexes, workflow = site
    editor, moderator = editor_and_moderator(indexes["en"])
    page = draft(indexes["en"], editor)

    state = workflow.start(page, editor)
    assert state.status == "in_progress"
    assert client.get("/en/news/awards-announced/").status_code == 404

    task_state = state.current_task_state
    task_state.task.on_action(task_state, moderator, "approve")

    page.refresh_from_db()
    assert page.live is True
    assert client.get("/en/news/awards-announced/").status_code == 200


def test_editor_without_publish_permission_cannot_publish_directly(site):
    homes, indexes, workflow = site
    editor, _moderator = editor_and_moderator(indexes["en"])

    with pytest.raises(PermissionDenied):
        services.add_page(
            parent=homes["en"],
            page=NewsPage(title="x", date="2026-01-01", intro="x", body="[]", locale=locale("en")),
            by=editor,
        )


def test_approved_news_with_go_live_date_is_published_by_the_scheduled_task(client, site):
    homes, indexes, workflow = site
    editor, moderator = editor_and_moderator(indexes["en"])
    go_live = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    page = draft(indexes["en"], editor, go_live_at=go_live)
    page.save_revision(user=editor)

    state = workflow.start(page, editor)
    task_state = state.current_task_state
    task_state.task.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live is False
    assert page.get_latest_revision().approved_go_live_at == go_live

    tasks.publish_scheduled()
    page.refresh_from_db()
    assert page.live is False

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        tasks.publish_scheduled()
    page.refresh_from_db()
    assert page.live is True
    assert client.get("/en/news/awards-announced/").status_code == 200


def test_admin_translation_with_wagtail_localize_creates_draft_for_moderation(client, site):
    homes, indexes, workflow = site
    article = add_news(indexes["en"], "Meeting in Sofia")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(
        f"/admin/localize/submit/page/{article.pk}/", {"locales": [locale("mk").pk]}
    )

    assert response.status_code == 302
    translated = article.get_translation(locale("mk"))
    assert translated.live is False
    assert translated.get_workflow() == workflow
    assert client.get("/mk/news/meeting-in-sofia/").context["is_fallback"] is True
