"""`workbook metrics demo --period 2026-10 --json` on the demo client: every METRICS.md key, plausible values."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from workbook import demo
from workbook.cli import main

ENGAGEMENT_KEYS = {
    "members_in_period", "new_members", "left_members", "messages_total", "messages_members", "posters",
    "active_members", "posting_rate", "active_rate", "dau_avg", "stickiness", "gini_messages", "tiers",
    "activation_rate_7d", "dormant", "replies_share", "absence_factor", "questions", "completion_rate"}
EVENT_KEYS = {"registered", "attended", "attendance_rate", "reach", "responses", "response_rate",
              "satisfaction_avg", "learning_avg", "application_avg", "nps", "score", "low_confidence",
              "activity_lift"}


@pytest.fixture(scope="module")
def document(demo_data: Path) -> dict:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBOOK_DATA_DIR", str(demo_data))
        mp.delenv("WORKBOOK_DB_URL", raising=False)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(["metrics", "demo", "--period", demo.DEMO_PERIOD, "--json"]) == 0
    return dict(json.loads(buffer.getvalue()))


@pytest.mark.slow
def test_every_section_and_key(document: dict) -> None:
    assert document["period"] == {"label": "2026-10", "start": "2026-10-01", "end": "2026-10-31",
                                  "timezone": "Asia/Shanghai"}
    for section in ("engagement", "events", "events_summary", "content", "content_summary", "recruitment",
                    "goals", "points", "culture", "moderation", "voice", "recommendations"):
        assert section in document
    voice = document["voice"]
    assert len(voice["hot_terms"]) == 20 and voice["text_available"] is True
    assert all(row["count"] >= 1 and row["prev_count"] >= 0 for row in voice["hot_terms"])
    assert voice["open_questions"] and set(voice["comment_themes"]) == {e["event_id"] for e in document["events"]}
    assert set(document["engagement"]) >= ENGAGEMENT_KEYS
    assert set(document["engagement"]["tiers"]) == {"lurkers", "contributors", "heavy"}
    assert set(document["engagement"]["questions"]) == {"asked", "answered_24h", "unanswered_share",
                                                        "median_first_response_minutes"}
    assert document["events"] and all(set(e) >= EVENT_KEYS for e in document["events"])
    for key in ("published", "by_format", "by_kind", "member_generated_share", "plan_adherence",
                "median_attention"):
        assert key in document["content_summary"]
    for key in ("views", "unique_viewers", "reactions", "attention", "interaction_rate"):
        assert all(key in item for item in document["content"])
    for key in ("applicants", "by_channel", "accepted", "waitlisted", "rejected", "undecided"):
        assert key in document["recruitment"]
    for key in ("metric", "baseline", "target", "actual", "progress", "elapsed", "on_track"):
        assert all(key in goal for goal in document["goals"])
    assert set(document["points"]) >= {"leaderboard", "by_level"}
    assert "core_members" in document["culture"]
    assert {"violations", "repeat_offenders"} <= set(document["moderation"])


@pytest.mark.slow
def test_plausible_values(document: dict) -> None:
    eng = document["engagement"]
    assert 150 <= eng["members_in_period"] <= 300
    assert 0.2 <= eng["posting_rate"] <= 0.8
    assert eng["posting_rate"] <= eng["active_rate"] <= 1
    assert eng["posters"] <= eng["active_members"] <= eng["members_in_period"]
    assert 0.3 <= eng["gini_messages"] < 1
    assert sum(eng["tiers"].values()) == eng["members_in_period"]
    assert eng["messages_total"] >= eng["messages_members"] > 1000
    assert 0 < eng["stickiness"] <= 1
    assert 1 <= eng["absence_factor"] <= eng["posters"]
    assert all(0 <= e["score"] <= 100 for e in document["events"] if e["score"] is not None)
    assert all(-100 <= e["nps"] <= 100 for e in document["events"] if e["nps"] is not None)
    assert 0 <= document["content_summary"]["member_generated_share"] <= 1
    assert 3 <= len(document["recommendations"]) <= 8
    assert document["moderation"]["repeat_offenders"]
    assert len(document["points"]["leaderboard"]) == 10
