"""The culture programme in headless Chromium over a real server: a candidate story accepted on the stories page
shows in the culture page (and, from the same store, in the year's yearbook pack); a term members keep raising
is added to the content plan from the content page and found in the plan after a reload."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app import test_browser
from tests.app.server import Server, running
from tests.app.test_browser import Guard, _choose, _field, _shot
from tests.forms.test_needs_form import write_needs_client
from tests.forms.test_stories_form import CLIENT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
browser = test_browser.browser  # the Chromium fixture, shared
PERIOD = "2026-10"
TITLE = "韩梅梅 helped 李雷"


@pytest.fixture(scope="module")
def culture_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """No warm kernels (pool 0): each of the three pages starts its own, so the test adds none to the machine."""
    base = tmp_path_factory.mktemp("culture-app")
    env = {"WORKBOOK_DATA_DIR": str(base / "data"), "WORKBOOK_REPORTS_DIR": str(base / "reports"),
           "WORKBOOK_USER": "tester", "WORKBOOK_LANG": "en"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        write_needs_client(None)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    with running(base, "--pool-size", "0", env=env, preheated=0) as server:
        yield server, base


def _url(server: Server, page: str) -> str:
    return f"{server.url}/voila/render/{page}.ipynb?client={CLIENT}&period={PERIOD}&lang=en&who=tester"


def test_accept_a_story_and_a_term_slot(culture_server: tuple[Server, Path], browser: Any) -> None:
    server, _ = culture_server
    guard = Guard(browser)
    page = guard.context.new_page()

    page.goto(_url(server, "11_stories"), wait_until="commit")
    page.locator(".wb-form-stories button").last.wait_for(state="visible", timeout=60_000)
    assert page.locator("#wb-shell .wb-motto").inner_text() == "互助 · 学习"  # the client's values in the header
    _choose(_field(page, "wb-form-stories", "Candidate"), "· Thank-you · 2026-10-05")
    page.locator(".wb-form-stories", has_text="谢谢！解决了").wait_for()
    from playwright.sync_api import expect

    expect(_field(page, "wb-form-stories", "Title").locator("input")).to_have_value(TITLE)
    _field(page, "wb-form-stories", "Tags").locator("input").fill("互助")
    page.locator(".wb-form-stories button", has_text="Accept").click()
    page.locator(".wb-form-stories .wb-status", has_text="Saved").wait_for(timeout=30_000)
    # The report section below the form redraws with the accepted story.
    page.locator(".wb-live-section", has_text=TITLE).wait_for(timeout=30_000)
    _shot(page, "stories-en")

    page.goto(_url(server, "06_culture"), wait_until="commit")
    page.locator("#rendered_cells h2", has_text="Community stories (accepted)").wait_for(timeout=120_000)
    page.locator("#rendered_cells h2", has_text="Outcomes beside activity").wait_for()
    story = page.locator("#rendered_cells table", has_text=TITLE)
    assert "互助" in story.inner_text() and "李雷: 谢谢！解决了" in story.inner_text()
    _shot(page, "culture-stories-en")

    page.goto(_url(server, "03_content"), wait_until="commit")
    page.locator(".wb-form-needs table").wait_for(timeout=60_000)
    assert "Python 入门" in page.locator(".wb-form-needs table").inner_text()
    gap = page.locator(".wb-plan-suggestions .wb-suggestion", has_text="报销")
    assert "came up 4 times" in gap.inner_text()
    gap.locator("button", has_text="Add to plan").click()
    page.locator(".wb-plan-suggestions .wb-status", has_text="Added to the content plan").wait_for(timeout=30_000)
    _shot(page, "needs-en")
    page.reload(wait_until="commit")
    page.locator(".wb-form-plan select").first.wait_for(timeout=60_000)
    assert "· 报销" in page.locator(".wb-form-plan select").first.inner_text().replace("\xa0", " ")
    assert page.locator(".wb-plan-suggestions .wb-suggestion", has_text="报销").count() == 0
    guard.context.close()
    assert guard.blocked == []


def test_yearbook_carries_the_accepted_story(culture_server: tuple[Server, Path], monkeypatch: Any) -> None:
    """The year's yearbook pack shows the story accepted above (accepted here when the browser test did not run)."""
    _, base = culture_server
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("WORKBOOK_REPORTS_DIR", str(base / "reports"))
    from workbook import store
    from workbook.forms.context import FormContext
    from workbook.forms.stories import stories_form
    from workbook.report.pack import run_yearbook

    if store.read_table(store.engine(CLIENT), CLIENT, "stories").empty:
        form = stories_form(FormContext(CLIENT, PERIOD, "en", who="tester"))
        form.candidate.value = "thank_you:z2"
        form.accept.click()

    result = run_yearbook(CLIENT, 2026, lang="en")
    assert result.ok, result.failures
    html = next((base / "reports" / CLIENT / "2026-yearbook").rglob("yearbook.html")).read_text(encoding="utf-8")
    assert TITLE in html and "Community stories (accepted)" in html
    assert "wb-motto-banner" in html and "互助" in html  # the values on the yearbook's first page
