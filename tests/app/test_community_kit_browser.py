"""The Recruit & welcome page in headless Chromium over a real server: a notice edited and saved with the client,
the 群规 in Chinese, and an interest-based slot accepted into the content plan — seen in the content page's plan,
where the next suggestion is accepted and shown in its week; nothing loaded off 127.0.0.1."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import Server
from tests.app.test_browser import Guard, _shot, browser  # noqa: F401 (fixture)
from tests.forms.client import CLIENT, PERIOD
from workbook import store

pytestmark = [pytest.mark.browser, pytest.mark.slow]
KIT, PLAN = "wb-form-kit", "wb-form-plan"
# Two responses: Negotiation ×2, Pricing ×1, both wanting Wednesdays and videos → slots on Wed 7 and Wed 14 October.
INTERESTS = [("r1", ["Negotiation", "Pricing"], ["Video course"], ["Wednesday evening"]),
             ("r2", ["Negotiation"], ["Live lecture"], ["Wednesday evening"])]


def _data_dir(server: Server) -> Path:
    return server.log.parent / "data"  # tests/app/conftest.app_env writes the pilot beside the server's log


def _add_interests(server: Server) -> None:
    saved = os.environ.get("WORKBOOK_DATA_DIR")
    os.environ["WORKBOOK_DATA_DIR"] = str(_data_dir(server))
    try:
        eng = store.engine(CLIENT)
        with store.transaction(eng) as conn:
            store.upsert_rows(conn, "interests", [
                {"client": CLIENT, "response_id": rid, "topics": json.dumps(topics), "formats": json.dumps(formats),
                 "times": json.dumps(times)} for rid, topics, formats, times in INTERESTS])
            store.bump_revision(conn, CLIENT)
        eng.dispose()
    finally:
        if saved is None:
            os.environ.pop("WORKBOOK_DATA_DIR", None)
        else:
            os.environ["WORKBOOK_DATA_DIR"] = saved


def _open(page: Any, server: Server, name: str, form: str, lang: str = "en") -> None:
    page.goto(f"{server.url}/voila/render/{name}.ipynb?client={CLIENT}&period={PERIOD}&lang={lang}&who=ann",
              wait_until="commit")
    page.locator(f".{form} button").last.wait_for(state="visible", timeout=60_000)


def test_notice_saved_and_an_interest_slot_accepted_into_the_plan(server: Server, browser: Any) -> None:  # noqa: F811
    _add_interests(server)
    guard = Guard(browser)
    page = guard.context.new_page()
    server.settle()
    _open(page, server, "10_community_kit", KIT)
    page.locator("h1", has_text="Recruit & welcome").wait_for()
    wecom = page.locator(".wb-kit-text-notice_wecom textarea")
    assert wecom.input_value().startswith("[pilot is recruiting]")
    wecom.fill("[pilot is recruiting] Join us!")
    page.locator(".wb-kit-text-notice_wecom button", has_text="Save text").click()
    page.locator(".wb-kit-text-notice_wecom .wb-status-ok").wait_for(timeout=30_000)
    saved = _data_dir(server) / CLIENT / "posts" / "notice_wecom.en.md"
    assert saved.read_text(encoding="utf-8") == "[pilot is recruiting] Join us!"

    interests = page.locator(".wb-kit-interests")
    shown = interests.inner_text()
    assert "2 responses." in shown and "Event kinds to plan: live lecture (1)" in shown
    first = interests.locator(".wb-suggestion").first
    assert "Negotiation" in first.inner_text()
    first.locator("button", has_text="Add to plan").click()
    interests.locator(".wb-status-ok", has_text="Added to the content plan: 2026-10-07 · Negotiation").wait_for(
        timeout=30_000)
    _shot(page, "community-kit")

    _open(page, server, "03_content", PLAN)
    options = page.locator(f".{PLAN} select").first.evaluate("s => [...s.options].map(o => o.text)")
    assert "2026-10-07 · Negotiation" in [o.replace("\xa0", " ") for o in options]
    suggested = page.locator(f".{PLAN} .wb-plan-suggestions .wb-suggestion")
    assert suggested.count() == 1 and "Pricing" in suggested.first.inner_text()
    suggested.first.locator("button", has_text="Add to plan").click()
    page.locator(f".{PLAN} .wb-week", has_text="Pricing").wait_for(timeout=30_000)
    assert "Wed 10-14" in page.locator(f".{PLAN} .wb-week").inner_text()
    page.locator(f".{PLAN} .wb-plan-suggestions", has_text="No suggested slot waiting.").wait_for(timeout=30_000)
    _shot(page, "community-kit-plan")

    _open(page, server, "10_community_kit", KIT, lang="zh-CN")
    page.locator("h1", has_text="招募与欢迎").wait_for()
    assert "pilot 群规" in page.locator(".wb-kit-text-rules textarea").input_value()
    assert page.locator(".wb-kit-interests").inner_text().count("加入计划") == 0  # both slots are in the plan now
    assert guard.blocked == []
