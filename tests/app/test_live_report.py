"""Report sections under a form redraw after a save, in Voila in headless Chromium, without a reload and with
the form's state kept: the recruitment funnel after an applicant is accepted, the goals table after a goal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.app.conftest import PREHEATED, Server, app_env
from tests.app.server import running
from tests.app.test_browser import Guard, _choose, _field, _open, _shot, _status, browser  # noqa: F401 (fixture)
from tests.forms.client import CLIENT, PERIOD
from workbook.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The pilot client with groups of one shown: its two applicants come from two channels, which the
    default privacy floor would fold away, leaving the funnel empty whatever is saved."""
    base = tmp_path_factory.mktemp("live")
    env = app_env(base)
    profile_path = Path(env["WORKBOOK_DATA_DIR"]) / CLIENT / "client.yaml"
    profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    profile.setdefault("privacy", {})["min_group_size"] = 1
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    with running(base, "--pool-size", "1", env=env, preheated=PREHEATED) as running_server:
        running_server.settle(timeout=90)
        yield running_server


def _section(page: Any, heading_key: str) -> Any:
    return page.locator(".wb-live-section", has=page.get_by_role("heading", name=t(heading_key, "en"))).first


def _mark(page: Any) -> None:
    """A value only this document holds: still there after the save means the page was not reloaded."""
    page.evaluate("() => { window.__wb_same_page = true; }")


def _same_page(page: Any) -> bool:
    return bool(page.evaluate("() => window.__wb_same_page === true"))


def test_accepting_an_applicant_redraws_the_funnel(server: Server, browser: Any) -> None:  # noqa: F811
    guard = Guard(browser)
    page = guard.context.new_page()
    server.settle()
    _open(page, f"{server.url}/voila/render/02_recruitment.ipynb?client={CLIENT}&period={PERIOD}&lang=en&who=ann",
          "wb-form-screening")
    funnel = _section(page, "report.recruitment.funnel")
    funnel.locator("figure.wb-figure svg").wait_for()
    before = funnel.locator("table").text_content()
    assert "Accepted" in str(before)
    _mark(page)
    _choose(_field(page, "wb-form-screening", "Applicant"), "Zhao Lei")
    for caption, value in (("Motivation (0.3)", "5"), ("Job relevance (0.3)", "5"), ("Foundation (0.2)", "3"),
                           ("Commitment (0.2)", "3")):
        _choose(_field(page, "wb-form-screening", caption), value)
    _choose(_field(page, "wb-form-screening", "Decision"), "Accept")
    page.locator(".wb-form-screening button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-screening")
    page.wait_for_function("(before) => { const s = [...document.querySelectorAll('.wb-live-section')]"
                           ".find(e => e.textContent.includes('Channel funnel'));"
                           " return s && s.querySelector('table')?.textContent !== before; }", arg=before,
                           timeout=30_000)
    page.locator(".wb-live-section.wb-stale").first.wait_for(state="detached", timeout=30_000)
    after = str(funnel.locator("table").text_content())
    assert "Accepted" in after and after != before
    assert _same_page(page)
    # The form kept its state: the same applicant, the decision just saved.
    assert "Zhao Lei" in _field(page, "wb-form-screening", "Applicant").locator("select").evaluate(
        "s => s.options[s.selectedIndex].text").replace("\xa0", " ")
    rows = ["".join(row.split()) for row in
            _section(page, "report.recruitment.decisions").locator("table tbody tr").all_text_contents()]
    assert "Accepted1" in rows and "Undecided1" in rows, rows
    _shot(page, "live-recruitment")
    guard.context.close()
    assert guard.blocked == []


def test_saving_a_goal_redraws_the_goals_table(server: Server, browser: Any) -> None:  # noqa: F811
    guard = Guard(browser)
    page = guard.context.new_page()
    server.settle()
    _open(page, f"{server.url}/voila/render/01_goals.ipynb?client={CLIENT}&period={PERIOD}&lang=en&who=ann",
          "wb-form-goal")
    goals = page.locator(".wb-live-section table.wb-table", has_text="Members post at least once a month").first
    goals.wait_for()
    statement = "Every newcomer posts in the first week"
    assert statement not in str(goals.text_content())
    _mark(page)
    _field(page, "wb-form-goal", "Statement").locator("textarea").fill(statement)
    _choose(_field(page, "wb-form-goal", "Metric"), "Engagement › Posting rate ")
    _field(page, "wb-form-goal", "Target").locator("input").fill("0.9")
    _field(page, "wb-form-goal", "Deadline").locator("input").fill("2026-12-31")
    page.locator(".wb-form-goal button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-goal")
    page.locator(".wb-live-section table.wb-table", has_text=statement).first.wait_for(timeout=30_000)
    assert _same_page(page)
    assert _field(page, "wb-form-goal", "Statement").locator("textarea").input_value() == statement
    _shot(page, "live-goals")
    guard.context.close()
    assert guard.blocked == []


def test_engagement_shows_the_daily_chart_and_the_dormant_list_once(server: Server, browser: Any) -> None:  # noqa: F811
    guard = Guard(browser)
    page = guard.context.new_page()
    server.settle()
    _open(page, f"{server.url}/voila/render/05_engagement.ipynb?client={CLIENT}&period={PERIOD}&lang=zh-CN&who=ann",
          "wb-form-engagement")
    page.locator(".wb-live-section").last.wait_for()
    assert page.get_by_role("heading", name=t("report.engagement.daily", "zh-CN")).count() == 0
    assert page.locator(".wb-form-engagement figure.wb-figure svg").count() == 1
    assert page.locator("table", has_text=t("form.engagement.col.last_posted", "zh-CN")).count() == 1
    period = _field(page, "wb-form-engagement", t("form.engagement.period", "zh-CN")).locator("input")
    period.fill("2026-13")
    period.press("Enter")
    page.locator(".wb-form-engagement .wb-invalid", has_text="不是周期").wait_for()
    _shot(page, "live-engagement-zh-CN")
    guard.context.close()
    assert guard.blocked == []


# The label shown in the last searchable dropdown of the content plan form (the published item's).
PICKED = """(label) => { const s = [...document.querySelectorAll('.wb-form-plan .wb-searchable select')].pop();
  return s && s.selectedIndex >= 0 && s.options[s.selectedIndex].text.replace(/\\u00a0/g, ' ') === label; }"""


def test_an_item_picked_through_the_search_box(server: Server, browser: Any) -> None:  # noqa: F811
    guard = Guard(browser)
    page = guard.context.new_page()
    server.settle()
    _open(page, f"{server.url}/voila/render/03_content.ipynb?client={CLIENT}&period={PERIOD}&lang=zh-CN&who=ann",
          "wb-form-plan")
    content = _field(page, "wb-form-plan", t("form.plan.content", "zh-CN"))
    labels = content.locator("datalist option").evaluate_all("os => os.map(o => o.value)")
    label = next(v for v in labels if v != "—")
    content.locator("input").fill(label)
    page.wait_for_function(PICKED, arg=label, timeout=15_000)
    assert content.locator("input").input_value() == "", "the search box empties once the item is picked"
    guard.context.close()
    assert guard.blocked == []
