"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every page a test visits goes through ``visit``: it waits for the page, fails on any
Content-Security-Policy violation, runs axe-core (no serious or critical violations) and
saves a screenshot to ``artifacts/e2e/``. Under CI=true a missing browser fails the run.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM = os.environ.get("KOHORTA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Wagtail's own admin markup is not ours to fix; its pages are checked for these only.
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous and safe. Only for the browser tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visitor:
    """One browser tab for one person, with the checks every page must pass."""

    def __init__(self, page, base_url, name):
        self.page = page
        self.base_url = base_url
        self.name = name
        self.csp_violations = []
        self.steps = 0
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    def visit(self, path):
        self.page.goto(self.base_url + path)
        return self.check()

    def check(self, label=None):
        """Check the page now shown: no CSP violation, no serious axe violation; screenshot."""
        from axe_playwright_python.sync_playwright import Axe

        page = self.page
        page.wait_for_load_state("networkidle")
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", (label or urlsplit(page.url).path).lower()).strip("-")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=ARTIFACTS / f"{self.name}-{self.steps:02d}-{slug[:60]}.png", full_page=True
        )
        results = Axe().run(page)
        serious = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"{[node['target'] for node in violation['nodes']][:3]}"
            for violation in results.response["violations"]
            if violation["impact"] in SERIOUS
        ]
        assert not serious, f"{page.url}: accessibility violations:\n" + "\n".join(serious)
        assert not self.csp_violations, f"{page.url}: CSP violations: {self.csp_violations}"
        return page


@pytest.fixture
def visitor(browser, live_server, request):
    """``visitor(name)`` opens a fresh browser context (no cookies) for one person."""
    contexts = []

    def open_visitor(name="visitor", user=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        if user is not None:
            from django.conf import settings
            from django.test import Client

            client = Client()
            client.force_login(user)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        return Visitor(page, live_server.url, f"{request.node.name}-{name}")

    yield open_visitor
    for context in contexts:
        context.close()
