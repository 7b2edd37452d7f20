"""Demo content for the public site: a home page per language (en, mk, pl, bg), the news
index, about and programme pages, the 11 ambassador organisations and 14 news articles,
some translated and some in one language only. Idempotent and deterministic."""

import io
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from cohorts.demo import AMBASSADOR_ORGANISATIONS
from cohorts.models import Programme

from . import demo_content as content
from . import services, signals
from .models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    NewsTag,
    Organisation,
    ProgrammeOrganisation,
    ProgrammePage,
    StandardPage,
)
from .slugs import ascii_slug

LANGUAGES = ["en", "mk", "pl", "bg"]

IMAGES = {
    "home": ((11, 92, 173), (255, 191, 71)),
    "thessaloniki": ((8, 70, 127), (120, 190, 230)),
    "sofia": ((31, 111, 58), (230, 220, 150)),
    "athens": ((163, 33, 42), (250, 200, 160)),
    "awards": ((90, 40, 130), (255, 210, 90)),
    "training": ((29, 36, 48), (110, 170, 200)),
}
IMAGE_ALT = {
    "en": "Abstract illustration in the colours of the network",
    "mk": "Апстрактна илустрација во боите на мрежата",
    "pl": "Abstrakcyjna ilustracja w barwach sieci",
    "bg": "Абстрактна илюстрация в цветовете на мрежата",
}
IMAGE_CAPTION = {
    "thessaloniki": {
        "en": "Thessaloniki, November 2015",
        "mk": "Солун, ноември 2015",
        "bg": "Солун, ноември 2015",
        "pl": "Saloniki, listopad 2015",
    },
    "sofia": {
        "en": "Sofia, November 2016",
        "mk": "Софија, ноември 2016",
        "bg": "София, ноември 2016",
    },
    "athens": {"en": "Athens", "mk": "Атина"},
}


def _image(key, rng):
    """A generated illustration (no external files), made once."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    Image = get_image_model()
    title = f"Demo: {key}"
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    start, end = IMAGES[key]
    width, height = 1600, 900
    picture = PILImage.new("RGB", (width, height), start)
    draw = ImageDraw.Draw(picture)
    for x in range(0, width, 8):
        ratio = x / width
        colour = tuple(int(a + (b - a) * ratio) for a, b in zip(start, end, strict=True))
        draw.rectangle([x, 0, x + 8, height], fill=colour)
    for _index in range(7):
        radius = rng.randint(60, 220)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline="white", width=6)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"demo-{key}.jpg")
    )


def _paragraphs(paragraphs):
    from django.utils.html import escape

    return [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in paragraphs]


def _body(language, paragraphs, quote=None, image=None, image_key=None):
    blocks = _paragraphs(paragraphs[:1])
    if image is not None:
        blocks.append(
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": IMAGE_ALT[language],
                    "caption": IMAGE_CAPTION.get(image_key, {}).get(language, ""),
                },
            }
        )
    blocks += _paragraphs(paragraphs[1:])
    if quote:
        blocks.append({"type": "quote", "value": {"quote": quote[0], "attribution": quote[1]}})
    return json.dumps(blocks)


def _home_pages(locales, images):
    en = locales["en"]
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=en).first()
    title, intro = content.HOME["en"]
    if home is None:
        home = services.add_page(
            parent=root,
            page=HomePage(title=title, slug="home-en", locale=en, intro=intro),
            by=None,
        )
    if home.hero_image_id is None:
        home.hero_image = images["home"]
        home.hero_image_alt = IMAGE_ALT["en"]
        home.save_revision().publish()
    # Absolute URLs (canonical, hreflang, sitemap) use the site's host and port.
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    host = base.hostname or "localhost"
    port = base.port or (443 if base.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=host, port=port, root_page=home, is_default_site=True, site_name="Kohorta"
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        placeholder = (
            old_root.specific_class is Page
            and old_root.depth == 2
            and not old_root.get_children().exists()
        )
        site.root_page = home
        site.site_name = "Kohorta"
        if placeholder:
            # The site Wagtail's migrations made for their welcome page.
            site.hostname, site.port = host, port
        site.save()
        if placeholder:
            old_root.delete()
    homes = {"en": home}
    for language in LANGUAGES[1:]:
        translated = home.get_translation_or_none(locales[language])
        if translated is None:
            title, intro = content.HOME[language]
            translated = services.translate_page(
                page=home,
                locale=locales[language],
                by=None,
                title=title,
                slug=f"home-{language}",
                intro=intro,
                hero_image_alt=IMAGE_ALT[language],
            )
        homes[language] = translated.specific
    return homes


def _translated_child(model, homes, locales, source_language, source_fields, translations):
    """Create (once) a child of the source language's home and its translations."""
    parent = homes[source_language]
    slug = source_fields["slug"]
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = services.add_page(
            parent=parent, page=model(locale=locales[source_language], **source_fields), by=None
        )
    pages = {source_language: page}
    for language, fields in translations.items():
        translated = page.get_translation_or_none(locales[language])
        if translated is None:
            translated = services.translate_page(
                page=page, locale=locales[language], by=None, **fields
            )
        pages[language] = translated.specific
    return pages


def _organisations(locales):
    en = locales["en"]
    organisations = []
    for country, name in AMBASSADOR_ORGANISATIONS:
        organisation = Organisation.objects.filter(locale=en, name=name).first()
        if organisation is None:
            organisation = services.save_organisation(
                by=None,
                locale=en,
                name=name,
                country=country,
                website=content.WEBSITES.get(name, ""),
            )
        for language, translated_name in content.ORGANISATION_NAMES.get(name, {}).items():
            if organisation.get_translation_or_none(locales[language]) is None:
                copy = organisation.copy_for_translation(locales[language])
                copy.name = translated_name
                copy.save()
        organisations.append(organisation)
    return organisations


def _programme_pages(homes, locales, organisations):
    programmes = {p.slug: p for p in Programme.objects.filter(slug__in=["ineli-balkans", "iln"])}
    result = {}
    for key, data in content.PROGRAMMES.items():
        programme = programmes.get("ineli-balkans" if key == "ineli" else "iln")
        if programme is None:
            continue
        title, intro, paragraphs = data["en"]
        parent = homes["en"]
        page = ProgrammePage.objects.child_of(parent).filter(slug=data["slug"]).first()
        if page is None:
            page = ProgrammePage(
                locale=locales["en"],
                title=title,
                slug=data["slug"],
                programme=programme,
                intro=intro,
                body=json.dumps(_paragraphs(paragraphs)),
            )
            if key == "ineli":
                page.ambassador_organisations = [
                    ProgrammeOrganisation(organisation=organisation, sort_order=index)
                    for index, organisation in enumerate(organisations)
                ]
            page = services.add_page(parent=parent, page=page, by=None)
        result[key] = {"en": page}
        for language in [code for code in LANGUAGES[1:] if code in data]:
            translated = page.get_translation_or_none(locales[language])
            if translated is None:
                title, intro, paragraphs = data[language]
                translated = services.translate_page(
                    page=page,
                    locale=locales[language],
                    by=None,
                    title=title,
                    slug=data["slug"],
                    intro=intro,
                    body=json.dumps(_paragraphs(paragraphs)),
                )
            result[key][language] = translated
    return result


def _articles(indexes, locales, images):
    created = 0
    for _key, date, author, tags, image_key, versions in content.ARTICLES:
        source_language = "en" if "en" in versions else next(iter(versions))
        index = indexes[source_language]
        title, intro, paragraphs, quote = versions[source_language]
        image = images.get(image_key) if image_key else None
        slug = ascii_slug(title, language=source_language)
        article = NewsPage.objects.child_of(index).filter(slug=slug).first()
        if article is None:
            article = NewsPage(
                locale=locales[source_language],
                title=title,
                date=date,
                author=author,
                intro=intro,
                listing_image=image,
                listing_image_alt=IMAGE_ALT[source_language] if image else "",
                body=_body(source_language, paragraphs, quote, image, image_key),
            )
            article.tags.set(tags)
            article = services.add_page(parent=index, page=article, by=None)
            created += 1
        for language, (title, intro, paragraphs, quote) in versions.items():
            if language == source_language:
                continue
            if article.get_translation_or_none(locales[language]) is None:
                services.translate_page(
                    page=article,
                    locale=locales[language],
                    by=None,
                    title=title,
                    intro=intro,
                    listing_image_alt=IMAGE_ALT[language] if image else "",
                    body=_body(language, paragraphs, quote, image, image_key),
                )
                created += 1
    return created


def _tag_translations():
    """The demo's news tags in a few languages, translated the way editors do it."""
    from kohorta.translating import translate

    default = Locale.get_default()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for tag in NewsTag.objects.filter(locale=default, name__in=content.TAG_NAMES):
        have = set(
            NewsTag.objects.filter(translation_key=tag.translation_key).values_list(
                "locale__language_code", flat=True
            )
        )
        for language, name in content.TAG_NAMES[tag.name].items():
            if language in locales and language not in have:
                translate(tag, locales[language], {"name": name})


def seed(*, rng, scale, stdout, context):
    signals.ensure_locales()
    locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
    images = {key: _image(key, rng) for key in IMAGES}
    homes = _home_pages(locales, images)

    news_fields = {}
    for language in LANGUAGES:
        title, intro = content.NEWS_INDEX[language]
        news_fields[language] = {"title": title, "slug": "news", "intro": intro}
    indexes = _translated_child(
        NewsIndexPage,
        homes,
        locales,
        "en",
        news_fields["en"],
        {language: news_fields[language] for language in LANGUAGES[1:]},
    )

    organisations = _organisations(locales)
    programme_pages = _programme_pages(homes, locales, organisations)

    about = {}
    for language in LANGUAGES:
        title, intro, paragraphs = content.ABOUT[language]
        about[language] = {
            "title": title,
            "slug": "about",
            "intro": intro,
            "body": json.dumps(_paragraphs(paragraphs)),
        }
    _translated_child(
        StandardPage,
        homes,
        locales,
        "en",
        about["en"],
        {language: about[language] for language in LANGUAGES[1:]},
    )

    created = _articles(indexes, locales, images)
    _tag_translations()
    services.ensure_moderation_workflow()
    stdout.write(
        f"  {len(homes)} home pages, {NewsPage.objects.count()} news pages "
        f"({created} new), {Organisation.objects.count()} organisation versions"
    )
    context["home_pages"] = homes
    context["news_indexes"] = indexes
    context["programme_pages"] = programme_pages
