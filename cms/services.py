"""Writes to the public site: pages, translations, organisations, the moderation workflow.

Like every Kohorta service these take keyword arguments and the acting user (``by``;
``None`` is the system, e.g. the demo seeder), run in a transaction, check permission
and leave an audit entry (Wagtail logs page creation, revisions and publishing itself).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from .models import Organisation

MODERATION_WORKFLOW_NAME = "Moderators approval"


def _require_page_perm(by, page, action):
    if by is None or by.is_superuser:
        return
    permissions = page.permissions_for_user(by)
    allowed = {
        "add": permissions.can_add_subpage,
        "publish": permissions.can_publish,
        "edit": permissions.can_edit,
    }[action]()
    if not allowed:
        raise PermissionDenied(f"cms.{action}_page")


def add_page(*, parent, page, by, publish=True):
    """Create ``page`` under ``parent``, save a first revision and publish it (or leave a
    draft, e.g. for moderation)."""
    _require_page_perm(by, parent, "add")
    with transaction.atomic():
        if by is not None:
            page.owner = by
        if not publish:
            page.live = False
        parent.add_child(instance=page)
        log(page, "wagtail.create", user=by)
        revision = page.save_revision(user=by, log_action=True)
        if publish:
            revision.publish(user=by)
            page.refresh_from_db()
    return page


def translate_page(*, page, locale, by, publish=True, **fields):
    """Create the ``locale`` version of ``page`` (its parent must exist in ``locale``
    already) with the translated ``fields``; Wagtail's copy keeps ``translation_key``."""
    _require_page_perm(by, page.get_parent(), "add")
    with transaction.atomic():
        translation = CopyPageForTranslationAction(page.specific, locale, user=by).execute(
            skip_permission_checks=by is None
        )
        for name, value in fields.items():
            if name == "tags":
                translation.tags.set(value)
            else:
                setattr(translation, name, value)
        if "title" in fields and "slug" not in fields:
            translation.slug = ""
        translation.save()
        revision = translation.save_revision(user=by, log_action=True)
        if publish:
            revision.publish(user=by)
            translation.refresh_from_db()
    return translation


def save_organisation(*, by, organisation=None, locale=None, **fields):
    """Create or change an organisation snippet; ``locale`` only for a new one."""
    if by is not None and not by.has_perm(
        "cms.change_organisation" if organisation else "cms.add_organisation"
    ):
        raise PermissionDenied("cms.change_organisation")
    with transaction.atomic():
        created = organisation is None
        if created:
            organisation = Organisation(locale=locale)
        for name, value in fields.items():
            setattr(organisation, name, value)
        organisation.full_clean()
        organisation.save()
        log(organisation, "wagtail.create" if created else "wagtail.edit", user=by)
    return organisation


def ensure_moderation_workflow():
    """Wagtail's default "Moderators approval" workflow on the whole page tree.

    Wagtail's migrations create it on a fresh database; this puts it back if it was
    removed (and builds it in tests, which run without migrations). Editors submit news
    for moderation, a moderator approves, and the page goes live at once or at its
    "go live" date (``publish_scheduled`` runs every minute, see cms.tasks).
    """
    from django.contrib.auth.models import Group

    root = Page.get_first_root_node()
    existing = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if existing is not None and existing.workflow.active:
        return existing.workflow
    with transaction.atomic():
        moderators, _created = Group.objects.get_or_create(name="Moderators")
        task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name="Moderators approval")
            task.groups.set([moderators])
        workflow, _created = Workflow.objects.get_or_create(
            name=MODERATION_WORKFLOW_NAME, defaults={"active": True}
        )
        if not WorkflowTask.objects.filter(workflow=workflow).exists():
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow
