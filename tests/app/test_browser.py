"""The app in headless Chromium: home page, each form used and found again after a reload, a conflict."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.app.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")
QUERY = "client=pilot&period=2026-10&lang=en"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Guard:
    """A browser context that refuses every request not to 127.0.0.1 and remembers what it refused."""

    def __init__(self, browser: Any) -> None:
        self.blocked: list[str] = []
        self.context = browser.new_context()
        self.context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def _open(page: Any, url: str, form: str) -> float:
    """Navigate and wait until the form's save button is on screen; seconds taken."""
    started = time.monotonic()
    page.goto(url)
    page.locator(f".{form} button").last.wait_for(state="visible", timeout=30_000)
    return time.monotonic() - started


def _field(page: Any, form: str, caption: str) -> Any:
    caption_cell = page.locator(".widget-html", has=page.get_by_text(caption, exact=True))
    return page.locator(f".{form} .widget-hbox").filter(has=caption_cell).first


def _choose(field: Any, prefix: str) -> None:
    """Pick the option whose text starts with `prefix` (ipywidgets use the label as the option value)."""
    select = field.locator("select")
    value = select.evaluate("(s, p) => [...s.options].map(o => o.value).find(v => v.startsWith(p))", prefix)
    select.select_option(value=value)


def _status(page: Any, form: str) -> str:
    locator = page.locator(f".{form} .wb-status").last
    locator.wait_for(timeout=15_000)
    return locator.inner_text()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_and_every_form(server: str, browser: Any) -> None:
    guard = Guard(browser)
    page = guard.context.new_page()
    timings: dict[str, float] = {}

    page.goto(f"{server}/")
    assert page.url.endswith("/voila/render/index.ipynb")
    page.locator(".wb-home").wait_for(timeout=30_000)
    page.get_by_role("button", name="English").click()
    page.locator("text=Community Workbook").first.wait_for()
    _shot(page, "home")
    href = page.locator("a[data-page='01_goals']").get_attribute("href")
    assert href is not None and "lang=en" in href and "client=pilot" in href

    timings["goals"] = _open(page, f"{server}/voila/render/{href}", "wb-form-goal")
    _field(page, "wb-form-goal", "Statement").locator("textarea").fill("Members post in the group every week")
    _choose(_field(page, "wb-form-goal", "Metric"), "engagement.posting_rate ")
    _field(page, "wb-form-goal", "Target").locator("input").fill("0.3")
    _field(page, "wb-form-goal", "Deadline").locator("input").fill("2026-12-31")
    page.locator(".wb-form-goal button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-goal")
    _shot(page, "goals")

    timings["recruitment"] = _open(page, f"{server}/voila/render/02_recruitment.ipynb?{QUERY}", "wb-form-screening")
    # Default rubric: 5, 5, 3, 3 with weights 0.3, 0.3, 0.2, 0.2 → 80 (tests/forms/test_screening_form.py).
    rubric = (("Motivation (0.3)", "5"), ("Job relevance (0.3)", "5"), ("Foundation (0.2)", "3"),
              ("Commitment (0.2)", "3"))
    for caption, value in rubric:
        _choose(_field(page, "wb-form-screening", caption), value)
    page.locator(".wb-form-screening", has_text="Screening score 80").wait_for()
    page.locator(".wb-form-screening button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-screening")
    _shot(page, "recruitment")

    timings["content"] = _open(page, f"{server}/voila/render/03_content.ipynb?{QUERY}", "wb-form-plan")
    _field(page, "wb-form-plan", "Due").locator("input").fill("2026-10-07")
    _field(page, "wb-form-plan", "Topic").locator("input").fill("Onboarding checklist")
    page.locator(".wb-form-plan button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-plan")
    _shot(page, "content")

    timings["events"] = _open(page, f"{server}/voila/render/04_events.ipynb?{QUERY}", "wb-form-event")
    for caption in ("Content (1–5)", "Delivery (1–5)", "Organisation (1–5)"):
        _choose(_field(page, "wb-form-event", caption), "4")
    page.locator(".wb-form-event", has_text="your rubric: 75.0").wait_for()
    page.locator(".wb-form-event button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-event")
    _shot(page, "events")

    timings["engagement"] = _open(page, f"{server}/voila/render/05_engagement.ipynb?{QUERY}", "wb-form-engagement")
    page.locator(".wb-form-engagement", has_text="2 dormant").wait_for()
    page.locator(".wb-form-engagement canvas, .wb-form-engagement svg").first.wait_for(timeout=15_000)
    _shot(page, "engagement")

    # Reload each page: what was saved is there.
    page.goto(f"{server}/voila/render/01_goals.ipynb?{QUERY}")
    page.locator(".wb-form-goal select").first.wait_for()
    goals = page.locator(".wb-form-goal select").first.inner_text().replace("\xa0", " ")
    assert "Members post in the group every week" in goals
    page.goto(f"{server}/voila/render/02_recruitment.ipynb?{QUERY}")
    page.locator(".wb-form-screening", has_text="Screening score 80").wait_for()
    page.goto(f"{server}/voila/render/03_content.ipynb?{QUERY}")
    page.locator(".wb-form-plan select").first.wait_for()
    slots = page.locator(".wb-form-plan select").first.inner_text().replace("\xa0", " ")
    assert "10-07 · Onboarding checklist" in slots
    page.goto(f"{server}/voila/render/04_events.ipynb?{QUERY}&who=tester")
    page.locator(".wb-form-event", has_text="your rubric: 75.0").wait_for()

    guard.context.close()
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
    assert guard.blocked == []
    assert all(seconds < 15 for seconds in timings.values()), timings


def test_two_browsers_editing_one_goal(server: str, browser: Any) -> None:
    guards = [Guard(browser), Guard(browser)]
    pages = [g.context.new_page() for g in guards]
    for page, who in zip(pages, ("ann", "ben"), strict=True):
        _open(page, f"{server}/voila/render/01_goals.ipynb?{QUERY}&who={who}", "wb-form-goal")
        _choose(_field(page, "wb-form-goal", "Goal"), "Members post at least once a month")
        _field(page, "wb-form-goal", "Target").locator("input").wait_for()
    first, second = pages
    _field(first, "wb-form-goal", "Target").locator("input").fill("0.8")
    first.locator(".wb-form-goal button", has_text="Save").click()
    assert "Saved" in _status(first, "wb-form-goal")
    _field(second, "wb-form-goal", "Target").locator("input").fill("0.75")
    second.locator(".wb-form-goal button", has_text="Save").click()
    message = _status(second, "wb-form-goal")
    _shot(second, "goal-conflict")
    assert "Not saved: ann changed this record" in message and "0.8 ≠ 0.75" in message
    for g in guards:
        g.context.close()
    assert guards[0].blocked == guards[1].blocked == []
