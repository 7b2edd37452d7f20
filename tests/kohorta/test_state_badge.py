"""Every workflow state is shown through one include (``includes/state_badge.html``)."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string


def test_state_badge_renders_the_state_class_and_label():
    html = render_to_string("includes/state_badge.html", {"state": "awarded", "label": "Awarded"})
    assert html == '<span class="badge badge--state badge--state-awarded">Awarded</span>'


def test_no_template_writes_a_state_badge_by_hand():
    base = Path(settings.BASE_DIR)
    by_hand = [
        str(path.relative_to(base))
        for app in (
            "cms",
            "cohorts",
            "community",
            "curriculum",
            "events",
            "grants",
            "notifications",
            "kohorta",
        )
        for path in (base / app).rglob("*.html")
        if ("badge--state-{{" in path.read_text() or "state state--{{" in path.read_text())
        and path.name != "state_badge.html"
    ]
    assert by_hand == []
