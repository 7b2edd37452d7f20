import xml.etree.ElementTree as ET

import pytest

from tests.factories.cms import add_news, build_site, translate

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    return {
        url.find("s:loc", NS).text: [
            (link.get("hreflang"), link.get("href")) for link in url.findall("x:link", NS)
        ]
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_locale_with_alternates(client):
    homes, indexes = build_site(("en", "mk"))
    article = add_news(indexes["en"], "Libraries")
    translate(article, "mk", "Библиотеките")
    add_news(indexes["mk"], "Само македонски")

    urls = entries(client)

    assert sorted(urls) == [
        "http://testserver/en/",
        "http://testserver/en/news/",
        "http://testserver/en/news/libraries/",
        "http://testserver/mk/",
        "http://testserver/mk/news/",
        "http://testserver/mk/news/bibliotekite/",
        "http://testserver/mk/news/samo-makedonski/",
    ]
    expected = [
        ("en", "http://testserver/en/news/libraries/"),
        ("mk", "http://testserver/mk/news/bibliotekite/"),
        ("x-default", "http://testserver/en/news/libraries/"),
    ]
    assert urls["http://testserver/en/news/libraries/"] == expected
    assert urls["http://testserver/mk/news/bibliotekite/"] == expected
    assert urls["http://testserver/mk/news/samo-makedonski/"] == []


def test_sitemap_leaves_out_drafts(client):
    homes, indexes = build_site()
    from cms import services
    from cms.models import NewsPage

    services.add_page(
        parent=indexes["en"],
        page=NewsPage(
            title="Draft", date="2026-01-01", intro="x", body="[]", locale=homes["en"].locale
        ),
        by=None,
        publish=False,
    )

    assert "http://testserver/en/news/draft/" not in entries(client)


def test_robots_txt_points_to_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /dashboard/",
        "Disallow: /*/search/",
        "Sitemap: http://testserver/sitemap.xml",
    ]
