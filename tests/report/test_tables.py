"""Report tables built from the metrics series on the small client of conftest.py, checked by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.report.conftest import CLIENT
from workbook.report import notebook as nb
from workbook.report import tables
from workbook.report.format import localised


@pytest.fixture
def report(workspace: Path) -> nb.Report:
    return nb.load(CLIENT, "2026-10", "en")


def test_event_contributions_add_up_to_the_score(report: nb.Report) -> None:
    parts = tables.event_components(report)
    # e1: attendance 1/2 = .5, satisfaction (5−1)/4 = 1, NPS (100+100)/200 = 1, learning and application
    # (4−1)/4 = .75; × weights .25 .25 .20 .15 .15 × 100 → 12.5 + 25 + 20 + 11.25 + 11.25 = 80
    assert parts["component"].tolist() == ["Attendance rate", "Satisfaction", "NPS", "Learning", "Application"]
    assert parts["contribution"].round(2).tolist() == [12.5, 25.0, 20.0, 11.25, 11.25]
    assert parts["contribution"].sum() == pytest.approx(report.document["events"][0]["score"])


def test_channel_funnel_is_labelled_by_stage(report: nb.Report) -> None:
    # no applicants in the small client: nothing to draw (the notebook then says so)
    assert tables.channel_funnel(report).empty


def test_content_calendar_marks_unplanned_items(report: nb.Report) -> None:
    # no plan slots; c1 published 2026-10-08 09:00 Shanghai → one unplanned item that day
    calendar = tables.content_calendar(report)
    assert calendar.to_dict("records") == [
        {"date": pd.Timestamp("2026-10-08").date(), "status": "Published, not planned", "items": 1}]


def test_stories_of_the_period(report: nb.Report) -> None:
    # m1 first posted in September, so October's only first post is m2's x4; m3 never posted. m2 (Li Na) did not
    # agree to be named, so her words are no story.
    assert tables.stories(report, "first_post").empty
    # x2 "有问题？" (m1) has one reply by someone else (x4 by m2)
    assert tables.stories(report, "most_answered").to_dict("records") == [
        {"member": "张伟", "text": "有问题？", "replies": 1.0}]
    assert tables.stories(report, "best_event")["score"].round(1).tolist() == [80.0]


def test_packs_name_only_consenting_members(report: nb.Report) -> None:
    everyone = set(tables.leaderboard(report)["member"])
    agreed = set(tables.leaderboard(report, consent_only=True)["member"])
    # m2 Li Na did not agree to be named: she appears by id, and not at all in the yearbook; m1 张伟 did.
    assert "Li Na" not in everyone and "m2" in everyone and "张伟" in everyone
    assert "m2" not in agreed and "张伟" in agreed


def test_localised_writes_figures_for_readers() -> None:
    frame = pd.DataFrame({"share": [0.425], "score": [71.25], "points": [3752.0], "value": [0.54724],
                          "date": [pd.Timestamp("2026-10-31")], "replies": [float("nan")]})
    shown = localised(frame, "en")
    assert shown.iloc[0].tolist() == ["42.5%", "71.2", "3,752", "0.547", "2026-10-31", "—"]
    assert list(shown.columns) == ["Share", "Score", "Points", "Value", "Date", "Replies from others"]


def test_duplicate_event_titles_get_their_dates() -> None:
    document = {"period": {"timezone": "Asia/Shanghai"}, "events": [
        {"event_id": "a", "title": "运动日", "starts_at": "2026-05-23T01:00:00+00:00"},
        {"event_id": "b", "title": "运动日", "starts_at": "2026-07-17T17:00:00+00:00"},
        {"event_id": "c", "title": "讲座", "starts_at": "2026-07-18T01:00:00+00:00"}]}
    # b starts 2026-07-18 01:00 in Shanghai (UTC+8), the day a reader knows it by
    assert tables.event_names(document) == {"a": "运动日 (2026-05-23)", "b": "运动日 (2026-07-18)", "c": "讲座"}


def test_goal_figures_read_as_their_metric() -> None:
    document = {"goals": [
        {"statement": "More posters", "metric": "engagement.posting_rate", "baseline": 0.4, "target": 0.55,
         "actual": 0.1667, "progress": -1.5556, "elapsed": 0.5, "on_track": False},
        {"statement": "Better events", "metric": "events_summary.mean_score", "baseline": 65.0, "target": 75.0,
         "actual": None, "progress": None, "elapsed": 0.5, "on_track": None}]}
    table = tables.goals(document, "en")
    assert table.loc[0, ["baseline", "target", "actual"]].tolist() == ["40.0%", "55.0%", "16.7%"]
    assert table.loc[1, ["baseline", "target"]].tolist() == [65.0, 75.0] and pd.isna(table.loc[1, "actual"])
    shown = localised(table, "en").iloc[1].tolist()
    assert shown[2:5] == ["65", "75", "—"]


def test_recommendations_name_the_members_they_list(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the demo, the suggestions listing members (dormant, repeat offenders) name them as the pages do."""
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(demo_data))
    report = nb.load("demo", "2026-10", "zh-CN")
    suggestions = report.document["recommendations"]
    listing = [r for r in suggestions if r.get("members")]
    assert {r["id"] for r in listing} >= {"dormant", "repeat_offenders"}
    people = report.series("people").set_index("member_id")["name"]
    texts = dict(zip([r["id"] for r in suggestions], tables.recommendations(report), strict=True))
    for suggestion in listing:
        ids = ", ".join(suggestion["members"])
        assert ids in suggestion["zh-CN"] and ids not in texts[suggestion["id"]]
        assert ", ".join(people[m] for m in suggestion["members"]) in texts[suggestion["id"]]
    # A copy of the summary notebook written before still passes (document, lang) and gets the ids.
    assert tables.recommendations(report.document, "en") == [r["en"] for r in suggestions]
