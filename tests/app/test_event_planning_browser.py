"""The event planning page in headless Chromium over a real server: bad input refused in the page's language,
an event created, a member registered and ticked on the attendance register, and this period's figures
following each step; nothing loaded off 127.0.0.1."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.app.conftest import Server
from tests.app.test_browser import Guard, _choose, _field, _shot, _status, browser  # noqa: F401 (fixture)
from tests.app.test_shell import OVERFLOW
from tests.forms.client import CLIENT, PERIOD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EDITOR, REGISTRATION, REGISTER = "wb-form-event-plan", "wb-form-registration", "wb-form-attendance-register"


def _open_planning(page: Any, server: Server, lang: str) -> None:
    page.goto(f"{server.url}/voila/render/08_event_planning.ipynb?client={CLIENT}&period={PERIOD}&lang={lang}"
              "&who=ann", wait_until="commit")
    page.locator(f".{REGISTER} button").last.wait_for(state="visible", timeout=60_000)


def _figures_row(page: Any, title: str) -> str:
    row = page.locator(".wb-planning-figures tr", has_text=title)
    row.wait_for(timeout=30_000)
    return " | ".join(row.locator("td").all_inner_texts())


def _figures_become(page: Any, title: str, expected: str, timeout: float = 30) -> None:
    """Wait until the event's figures row reads `expected` (the table redraws after each save)."""
    deadline = time.monotonic() + timeout
    while _figures_row(page, title) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert _figures_row(page, title) == expected


def test_create_register_tick_and_the_figures_follow(server: Server, browser: Any) -> None:  # noqa: F811
    guard = Guard(browser)
    page = guard.context.new_page()
    server.settle()
    _open_planning(page, server, "en")
    assert page.locator(".wb-planning-figures tr", has_text="SQL workshop").count() == 0
    _field(page, EDITOR, "Title").locator("input").fill("SQL workshop")
    _choose(_field(page, EDITOR, "Kind"), "workshop")
    _field(page, EDITOR, "Starts").locator("input").fill("2026-10-20 19:00")
    _field(page, EDITOR, "Ends").locator("input").fill("2026-10-20 18:00")
    _field(page, EDITOR, "Places").locator("input").fill("-1")
    page.locator(f".{EDITOR} button", has_text="Save event").click()
    assert "Not saved" in _status(page, EDITOR)
    page.locator(f".{EDITOR}", has_text="The end is before the start").wait_for()
    page.locator(f".{EDITOR}", has_text="Places must be a whole number of 0 or more").wait_for()

    _field(page, EDITOR, "Ends").locator("input").fill("2026-10-20 21:00")
    _field(page, EDITOR, "Places").locator("input").fill("2")
    _field(page, EDITOR, "Cost").locator("input").fill("300")
    page.locator(f".{EDITOR} button", has_text="Save event").click()
    page.locator(f".{EDITOR} .wb-status-ok").wait_for(timeout=30_000)
    # Created: 2 places, nobody signed up or came yet, cost per attendee blank.
    assert _figures_row(page, "SQL workshop") == "SQL workshop | 2 | 0 | 0% | 0 | 0 | — | 300.00 | —"
    page.locator(f".{REGISTRATION}", has_text="0 signed up · 2 places · 2 left").wait_for()

    member = _field(page, REGISTRATION, "Member (id or name)").locator("input")
    member.fill("Nobody Here")
    page.locator(f".{REGISTRATION} button", has_text="Register").first.click()
    page.locator(f".{REGISTRATION}", has_text="No member has the id or name “Nobody Here”").wait_for()
    member.fill("Member 3")
    page.locator(f".{REGISTRATION} button", has_text="Register").first.click()
    page.locator(f".{REGISTRATION}", has_text="Member 3 is registered (by ann)").wait_for(timeout=30_000)
    _figures_become(page, "SQL workshop", "SQL workshop | 2 | 1 | 50% | 0 | 1 | 100% | 300.00 | —")

    page.locator(f".{REGISTER} label", has_text="Member 3 (m3)").locator("input").check()
    page.locator(f".{REGISTER} button", has_text="Save attendance").click()
    page.locator(f".{REGISTER}", has_text="1 row(s) changed (by ann)").wait_for(timeout=30_000)
    # Ticked: 1 attended, no no-shows, 300 / 1 attendee.
    _figures_become(page, "SQL workshop", "SQL workshop | 2 | 1 | 50% | 1 | 0 | 0% | 300.00 | 300.00")
    _shot(page, "event-planning-en")

    # Reopened: the event, its sign-up and its tick are stored.
    _open_planning(page, server, "en")
    assert _figures_row(page, "SQL workshop") == "SQL workshop | 2 | 1 | 50% | 1 | 0 | 0% | 300.00 | 300.00"

    # The same page in Chinese refuses bad input in Chinese.
    _open_planning(page, server, "zh-CN")
    _field(page, EDITOR, "活动名称").locator("input").fill("周会")
    _field(page, EDITOR, "开始时间").locator("input").fill("2026-10-22 19:00")
    _field(page, EDITOR, "名额").locator("input").fill("-3")
    page.locator(f".{EDITOR} button", has_text="保存活动").click()
    page.locator(f".{EDITOR}", has_text="名额须为 0 或更大的整数").wait_for(timeout=30_000)
    assert "未保存" in _status(page, EDITOR)
    _shot(page, "event-planning-zh-CN")
    # On a tablet nothing sticks out of the window (the figures table scrolls inside its own box).
    page.set_viewport_size({"width": 768, "height": 900})
    page.wait_for_timeout(300)
    assert page.evaluate(OVERFLOW) == []
    guard.context.close()
    assert guard.blocked == []


def test_events_page_quiz_section_and_winners_post_edited_and_kept(server: Server, browser: Any) -> None:  # noqa: F811
    """Quiz QZ in the store behind the server (m1 9/10, m2 6/10: 2 members, mean 75%, both pass the default
    60%): the Events page shows it and the winners post by id (no member of the pilot agreed to be named); the
    post edited and saved is what the page shows after a reload."""
    import pandas as pd

    from workbook import store

    data = server.log.parent / "data"
    eng = store.engine(CLIENT, f"sqlite:///{data / CLIENT / 'workbook.sqlite'}")
    with store.transaction(eng) as conn:
        store.upsert_rows(conn, "quiz_results", [
            {"client": CLIENT, "quiz_id": "QZ", "member_id": m, "attempt": 1, "score": s, "max_score": 10.0,
             "submitted_at": pd.Timestamp("2026-10-15 02:00").to_pydatetime(), "items": "{}"}
            for m, s in (("m1", 9.0), ("m2", 6.0))])
        store.bump_revision(conn, CLIENT)
    guard = Guard(browser)
    page = guard.context.new_page()
    server.settle()
    page.goto(f"{server.url}/voila/render/04_events.ipynb?client={CLIENT}&period={PERIOD}&lang=en&who=ann",
              wait_until="commit")
    post = page.locator(".wb-winners textarea")
    post.wait_for(timeout=60_000)
    assert post.input_value().splitlines()[1] == "QZ: #1 m1, #2 m2 (2 took part, average 75%, 100% passed)"
    page.locator("#rendered_cells", has_text="Knowledge before and after").wait_for()
    assert "Member 1" not in post.input_value()
    post.fill(post.input_value() + "\nPrizes at Friday's meetup!")
    page.locator(".wb-winners button", has_text="Save text").click()
    page.locator(".wb-winners", has_text="Saved.").wait_for(timeout=30_000)
    assert (data / CLIENT / "posts" / f"quiz-winners-{PERIOD}.en.txt").read_text(encoding="utf-8").endswith(
        "Prizes at Friday's meetup!")
    page.reload(wait_until="commit")
    page.locator(".wb-winners textarea").wait_for(timeout=60_000)
    assert page.locator(".wb-winners textarea").input_value().endswith("Prizes at Friday's meetup!")
    _shot(page, "events-winners-en")
    guard.context.close()
    assert guard.blocked == []
