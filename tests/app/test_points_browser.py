"""The points page in headless Chromium over a real server and the pilot client (tests/forms/client.py): a bonus
added and a reward recorded through the page's widgets, the October ledger seen changing after each, the
leaderboard post following and saved, the simulator run; the same page in Chinese naming a bad member. Nothing
loaded off 127.0.0.1.

October, default rules: m1 earned 14 (a message 1, event e1 10, feedback 3), standing 15 with September's
message (Newcomer). +40 → adjusted 40, balance 55, Regular (a level up); a 10-point mug → redeemed 10, balance 45,
still Regular (spending never lowers a level). The post ranks m1 by points gained: 14 + 40 = 54.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.app.conftest import Server
from tests.app.test_browser import Guard, _field, _shot, _status, browser  # noqa: F401 (fixture)
from tests.forms.client import CLIENT, PERIOD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FORM = "wb-form-points"


def _ledger_row(page: Any, member_id: str) -> list[str]:
    return [c.strip() for c in page.locator(f".wb-ledger tr[data-member='{member_id}'] td").all_inner_texts()]


def _wait_row(page: Any, member_id: str, cells: list[str]) -> None:
    page.wait_for_function(
        """([id, want]) => { const row = document.querySelector(`.wb-ledger tr[data-member='${id}']`);
             return !!row && JSON.stringify([...row.cells].map(c => c.innerText.trim())) === JSON.stringify(want); }""",
        arg=[member_id, cells], timeout=30_000)


def _open(page: Any, server: Server, lang: str) -> None:
    server.settle()
    page.goto(f"{server.url}/voila/render/09_points.ipynb?client={CLIENT}&period={PERIOD}&lang={lang}&who=tester",
              wait_until="commit")
    page.locator(f".{FORM} .wb-ledger").wait_for(timeout=60_000)


def _save(page: Any) -> None:
    page.locator(f".{FORM} button", has_text=re.compile(r"^\s*(Save|保存)\s*$")).click()


def test_bonus_and_reward_change_the_ledger(server: Server, browser: Any) -> None:  # noqa: F811
    guard = Guard(browser)
    page = guard.context.new_page()
    _open(page, server, "en")
    assert _ledger_row(page, "m1") == ["Member 1 (m1)", "14", "0", "0", "15", "Newcomer", "no"]

    _field(page, FORM, "Member").locator("input").fill("m1")
    _field(page, FORM, "Points (− to correct)").locator("input").fill("40")
    _field(page, FORM, "Reason").locator("input").fill("Hosted the October meetup")
    page.locator(f".{FORM} .wb-points-preview", has_text="After saving: balance 55 points, level Regular").wait_for()
    _save(page)
    page.locator(f".{FORM} .wb-status", has_text="40 points added for Member 1 (m1)").wait_for(timeout=30_000)
    _wait_row(page, "m1", ["Member 1 (m1)", "14", "40", "0", "55", "Regular", "yes"])
    page.locator(f".{FORM} .wb-points-recent", has_text="Hosted the October meetup").wait_for()

    page.locator(f".{FORM} button", has_text="Reward").click()
    _field(page, FORM, "Points spent").wait_for()
    _field(page, FORM, "Member").locator("input").fill("Member 1 (m1)")
    _field(page, FORM, "Points spent").locator("input").fill("10")
    _field(page, FORM, "Reward").locator("input").fill("Mug")
    _save(page)
    page.locator(f".{FORM} .wb-status", has_text="redeemed Mug for 10 points").wait_for(timeout=30_000)
    _wait_row(page, "m1", ["Member 1 (m1)", "14", "40", "10", "45", "Regular", "yes"])

    post = page.locator(".wb-form-post textarea")
    page.wait_for_function("el => el.value.includes('1. m1 — 54 pts (Regular)')", arg=post.element_handle(),
                           timeout=30_000)
    assert "· m1 is now Regular" in post.input_value()
    page.locator(".wb-form-post button", has_text="Save this text").click()
    assert "Saved to posts/2026-10-leaderboard.txt" in _status(page, "wb-form-post")

    # The simulator: a candidate paying 5 a message beside the current rules. Members of October hold 4 message
    # points of 57 under the current rules (17 earned by rules + 40 bonus); 20 of 73 under the candidate.
    _field(page, "wb-form-sim", "A message").locator("input").fill("5")
    page.locator(".wb-form-sim button", has_text="Simulate").click()
    result = page.locator(".wb-form-sim .wb-sim-result")
    result.wait_for(timeout=30_000)
    assert "Messages\t4 · 7.0%\t20 · 27.4%" in result.inner_text(), result.inner_text()
    _shot(page, "points-en")

    # The same page in Chinese: the ledger holds what was saved, a member not on the roster is named as typed.
    _open(page, server, "zh-CN")
    _wait_row(page, "m1", ["Member 1 (m1)", "14", "40", "10", "45", "活跃", "是"])
    _field(page, FORM, "成员").locator("input").fill("m99")
    _field(page, FORM, "积分（负数为扣减）").locator("input").fill("5")
    _field(page, FORM, "原因").locator("input").fill("测试")
    _save(page)
    page.locator(f".{FORM} .wb-invalid", has_text="名单中没有成员“m99”").wait_for(timeout=30_000)
    assert "未保存" in _status(page, FORM)
    # The post saved above comes back as saved (not regenerated in Chinese).
    assert "1. m1 — 54 pts (Regular)" in page.locator(".wb-form-post textarea").input_value()
    _shot(page, "points-zh-CN")
    guard.context.close()
    assert guard.blocked == []
