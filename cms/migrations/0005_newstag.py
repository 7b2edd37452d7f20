"""News tags become translatable: ``cms.NewsTag`` (TranslatableMixin) replaces taggit's
shared ``Tag`` for news articles. Every tag an article uses is copied into the default
locale with its name and slug (made ASCII when it was not), and every article keeps its
tags. taggit's own rows stay (images and documents use them)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cms.models

CODENAMES = ["add_newstag", "change_newstag", "delete_newstag", "view_newstag"]


def copy_tags(apps, schema_editor):
    from cms.slugs import slug_for

    Locale = apps.get_model("wagtailcore", "Locale")
    NewsTag = apps.get_model("cms", "NewsTag")
    NewsPageTag = apps.get_model("cms", "NewsPageTag")
    items = list(NewsPageTag.objects.select_related("tag"))
    if not items:
        return
    locale = (
        Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
        or Locale.objects.order_by("pk").first()
    )
    copies, slugs = {}, set()
    for item in items:
        old = item.tag
        if old.pk not in copies:
            base = old.slug if old.slug.isascii() else (slug_for(old.name, None) or "tag")
            slug, number = base[:100], 1
            while slug in slugs:
                slug, number = f"{base[:90]}-{number}", number + 1
            slugs.add(slug)
            copies[old.pk] = NewsTag.objects.create(
                name=old.name, slug=slug, locale=locale, translation_key=uuid.uuid4()
            )
        item.news_tag = copies[old.pk]
    NewsPageTag.objects.bulk_update(items, ["news_tag"])


def copy_tags_back(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    NewsPageTag = apps.get_model("cms", "NewsPageTag")
    items = list(NewsPageTag.objects.select_related("news_tag"))
    for item in items:
        tag = item.news_tag
        item.tag = Tag.objects.filter(name=tag.name).first() or Tag.objects.create(
            name=tag.name, slug=tag.slug
        )
    NewsPageTag.objects.bulk_update(items, ["tag"])


def grant(apps, schema_editor):
    """Wagtail's Editors and Moderators translate and manage news tags."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="cms", model="newstag")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} news tag"},
        )[0]
        for codename in CODENAMES
    ]
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_organisation_permissions_for_editors"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewsTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("slug", models.SlugField(max_length=100, verbose_name="slug")),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "news tag",
                "verbose_name_plural": "news tags",
                "ordering": ["name"],
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
                "constraints": [
                    models.UniqueConstraint(
                        fields=("locale", "name"), name="cms_newstag_locale_name"
                    ),
                    models.UniqueConstraint(
                        fields=("locale", "slug"), name="cms_newstag_locale_slug"
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="newspagetag",
            name="news_tag",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cms.newstag",
            ),
        ),
        migrations.RunPython(copy_tags, copy_tags_back),
        migrations.RemoveField(model_name="newspagetag", name="tag"),
        migrations.RenameField(model_name="newspagetag", old_name="news_tag", new_name="tag"),
        migrations.AlterField(
            model_name="newspagetag",
            name="tag",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tagged_items",
                to="cms.newstag",
            ),
        ),
        migrations.AlterField(
            model_name="newspage",
            name="tags",
            field=cms.models.NewsTagManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="cms.NewsPageTag",
                to="cms.NewsTag",
                verbose_name="tags",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
