import datetime

import feedparser
import pytest

from tests.factories.cms import add_news, build_site, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    homes, indexes = build_site(("en", "mk", "pl", "bg"))
    sofia = add_news(indexes["en"], "Second meeting in Sofia", date=datetime.date(2016, 11, 29))
    translate(sofia, "mk", "Втора средба во Софија", intro="Средбата заврши со наградите.")
    add_news(indexes["en"], "Five projects win awards", date=datetime.date(2016, 12, 5))
    add_news(indexes["pl"], "Polscy bibliotekarze w ILN", date=datetime.date(2014, 8, 1))
    return homes, indexes


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return feedparser.parse(response.content)


def test_english_feed_lists_english_news_newest_first(client, site):
    feed = parse(client, "/en/news/feed/")

    assert feed.bozo == 0
    assert feed.feed.language == "en"
    assert feed.feed.link == "http://testserver/en/news/"
    assert [(e.title, e.link) for e in feed.entries] == [
        ("Five projects win awards", "http://testserver/en/news/five-projects-win-awards/"),
        ("Second meeting in Sofia", "http://testserver/en/news/second-meeting-in-sofia/"),
    ]
    assert feed.entries[0].published_parsed[:3] == (2016, 12, 5)
    assert feed.entries[0].author == "Future Library"


def test_macedonian_feed_lists_only_macedonian_news(client, site):
    feed = parse(client, "/mk/news/feed/")

    assert feed.feed.language == "mk"
    assert [(e.title, e.link, e.summary) for e in feed.entries] == [
        (
            "Втора средба во Софија",
            "http://testserver/mk/news/vtora-sredba-vo-sofija/",
            "Средбата заврши со наградите.",
        )
    ]
    assert feed.entries[0].published_parsed[:3] == (2016, 11, 29)


def test_polish_feed_lists_polish_news(client, site):
    feed = parse(client, "/pl/news/feed/")

    assert [e.title for e in feed.entries] == ["Polscy bibliotekarze w ILN"]


def test_feed_for_language_without_news_index_is_404(client, site):
    response = client.get("/sr/news/feed/")

    assert response.status_code == 404


def test_news_pages_link_to_their_language_feed(client, site):
    english = client.get("/en/news/").content.decode()
    macedonian = client.get("/mk/news/").content.decode()

    assert 'type="application/rss+xml" title="News" href="/en/news/feed/">' in english
    assert 'type="application/rss+xml"' in macedonian
    assert 'href="/mk/news/feed/">' in macedonian
