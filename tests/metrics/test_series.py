"""Chart tables of the conftest community for 2026-10, by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from workbook.metrics import series
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames


def test_daily_posters(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.daily_posters(frames, profile, october)
    assert list(table.columns) == ["date", "posters", "messages"] and len(table) == 31
    by_day = table.set_index("date")
    # 10-01: m1 (a1) and m2 (a6); s1's a2 is staff. 10-02: m1 twice. 10-31 23:30 local: m3.
    assert tuple(by_day.loc[date(2026, 10, 1)]) == (2, 2)
    assert tuple(by_day.loc[date(2026, 10, 2)]) == (1, 2)
    assert by_day.loc[date(2026, 10, 31), "posters"] == 1
    # Same 9 poster-days as dau_avg·31.
    assert table["posters"].sum() == 9 and (table["posters"] == 0).sum() == 31 - 8


def test_weekly_active(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.weekly_active(frames, profile, october)
    # ISO weeks of 09-28 … 10-26 overlap October, plus 8 before.
    assert len(table) == 5 + 8 and table["in_period"].sum() == 5
    weeks = table.set_index("week_start")["active_members"]
    # Week of 09-28: m5 (E3 on Mon 09-28), m1 and m2 (10-01 … 10-03).
    assert weeks[date(2026, 9, 28)] == 3
    # Week of 10-26 runs to Sun 11-01: m3 (a8, b4) and m6 (view on 11-01).
    assert weeks[date(2026, 10, 26)] == 2
    assert table.loc[table["week_start"] == date(2026, 10, 26), "week"].item() == "2026-W44"


def test_posting_heatmap(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.posting_heatmap(frames, profile, october)
    assert len(table) == 7 * 24 and table["messages"].sum() == 10
    # At 09:00 local: a11 Mon, a9 Tue, a12 Wed, a1 Thu, a3 Fri, a5 Sat.
    nine = table.loc[table["hour"] == 9].set_index("weekday")["messages"]
    assert nine.tolist() == [1, 1, 1, 1, 1, 1, 0]


def test_cohort_retention(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.cohort_retention(frames, profile, october).set_index(["cohort", "months_since_join"])
    # 2026-10: m6, m7, m8, only m7 posted in October (m8's first post is in November).
    assert tuple(table.loc[("2026-10", 0), ["members", "posters"]]) == (3, 1)
    assert table.loc[("2026-10", 0), "share"] == pytest.approx(1 / 3)
    # 2026-02: m9 posted in October (month 8), m10 in September (month 7).
    assert tuple(table.loc[("2026-02", 8), ["members", "posters"]]) == (2, 1)
    # Single-member join months (m1 Jan, m2 Mar, m3 May, m4 Jun, m5 Jul) fold into other; at month 3 all 5 count
    # and only m4 (June → September) posted.
    assert tuple(table.loc[("other", 3), ["members", "posters"]]) == (5, 1)
    assert tuple(table.loc[("other", 9), ["members", "posters"]]) == (1, 1)
    assert "2026-01" not in table.index.get_level_values(0)


def test_department_activity(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.department_activity(frames, profile, october).set_index("department")
    # dept-a: m1…m4, posters m1, m2, m3; dept-b: m5…m9, posters m7, m9.
    assert tuple(table.loc["dept-a", ["members", "posters"]]) == (4, 3)
    assert table.loc["dept-b", "posting_rate"] == pytest.approx(0.4)


def test_recruitment_funnel(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.recruitment_funnel(frames, profile, october)
    referral = table.loc[table["channel"] == "referral"].set_index("stage")["applicants"]
    assert referral.to_dict() == {"applied": 2, "screened": 2, "accepted": 1, "joined": 0}
    other = table.loc[table["channel"] == "other"].set_index("stage")["applicants"]
    assert (other["applied"], other["accepted"]) == (3, 1)


def test_screening_distribution(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.screening_distribution(frames, profile, october)
    # All five October applicants score 67.5 → bin 60–70, suggested waitlist.
    assert table["applicants"].sum() == 5
    row = table.loc[table["applicants"] > 0].iloc[0]
    assert (row["bin_start"], row["bin_end"], row["suggested"]) == (60, 70, "waitlist")


def test_content_calendar(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.content_calendar(frames, profile, october)
    # P1 (10-03, C1), C2 published without a slot (10-12), P2 (10-20), P3 (10-25); P4 is November.
    assert table["slot_id"].tolist()[0] == "P1" and table["status"].tolist() == [
        "published", "unplanned", "planned", "cancelled"]
    assert table["published"].tolist() == [True, True, False, False]
    assert table["calendar_status"].tolist() == ["on_plan", "unplanned", "missed", "missed"]


def test_figures_tables(document: dict[str, Any], frames: Frames, profile: Profile, october: Period) -> None:
    attention = series.attention_by_format(frames, profile, october, document=document).set_index("format")
    assert attention.loc["video", "median_attention"] == pytest.approx(2 / 9)
    components = series.event_components(frames, profile, october, document=document)
    assert len(components) == 10
    e1 = components.loc[components["event_id"] == "E1"].set_index("component")["value"]
    # Scaled components of E1: 1.0, (4.5−1)/4, (50+100)/200, (4−1)/4, (3.5−1)/4.
    assert e1.tolist() == pytest.approx([1.0, 0.875, 0.75, 0.75, 0.625])
    # Default weights .25, .25, .20, .15, .15 all present: contributions add up to the score.
    e1_parts = components.loc[components["event_id"] == "E1"]
    assert e1_parts["contribution"].tolist() == pytest.approx([25.0, 21.875, 15.0, 11.25, 9.375])
    assert e1_parts["contribution"].sum() == pytest.approx(e1_parts["score"].iloc[0])
    board = series.leaderboard(frames, profile, october)
    assert board.iloc[0][["rank", "member_id", "name", "points"]].tolist() == [1, "m2", "Name m2", 30]
    # Members who did not agree to be named appear by id, here as everywhere in a pack.
    names = series.people(frames, profile).set_index("member_id")["name"]
    assert names[["m1", "m3", "m9"]].tolist() == ["Name m1", "m3", "m9"]
    pseudonymous = profile.model_copy(update={"privacy": profile.privacy.model_copy(update={"pseudonymise": True})})
    assert series.people(frames, pseudonymous).set_index("member_id")["name"]["m1"] == "m1"
    core = series.core_members(frames, profile, october, document=document)
    assert core[["member_id", "name", "department"]].values.tolist() == [
        ["m2", "Name m2", "dept-a"], ["m1", "Name m1", "dept-a"]]


def test_goal_trajectories(frames: Frames, profile: Profile, october: Period) -> None:
    table = series.goal_trajectories(frames, profile, october)
    g1 = table.loc[table["goal_id"] == "G1"].set_index("month")
    # September: members m1…m5, m9, m10 (left 09-15), posters m1, m4, m10 → 3/7; October 5/9.
    assert g1.loc["2026-09", "actual"] == pytest.approx(3 / 7)
    assert g1.loc["2026-10", "actual"] == pytest.approx(5 / 9)
    # Expected on the straight line: 0.4 + 0.4·30/122 at 09-30, 0.4 + 0.4·61/122 at 10-31.
    assert g1.loc["2026-09", "expected"] == pytest.approx(0.4 + 0.4 * 30 / 122)
    assert g1.loc["2026-10", "expected"] == pytest.approx(0.6)
    # G2 names a missing metric: no figures, but no crash.
    assert table.loc[table["goal_id"] == "G2", "actual"].isna().all()


def test_milestones(document: dict[str, Any], frames: Frames, profile: Profile, october: Period) -> None:
    table = series.milestones(frames, profile, october, document=document)
    first = table.loc[table["kind"] == "first_post"]
    # First-ever messages in October: m2 (a6), m9 (a11), m7 (a9), m3 (a8); m1 and m4 posted in September.
    # m9 and m3 did not agree to be named, so their words are no story.
    assert first["member_id"].tolist() == ["m2", "m7"]
    answered = table.loc[table["kind"] == "most_answered"]
    # a1 has replies from s1 and m2; a7 only from its own author.
    assert answered[["ref_id", "value"]].values.tolist() == [["a1", 2.0]]
    assert table.loc[table["kind"] == "best_event", "ref_id"].tolist() == ["E2", "E1"]


PUBLIC = ["daily_posters", "weekly_active", "posting_heatmap", "cohort_retention", "department_activity",
          "recruitment_funnel", "screening_distribution", "content_calendar", "attention_by_format",
          "event_components", "goal_trajectories", "leaderboard", "core_members", "milestones"]


@pytest.mark.parametrize("name", PUBLIC)
def test_uniform_call_on_an_empty_store(name: str, profile: Profile, october: Period) -> None:
    # The notebooks call every table as name(frames, profile, period); an empty store gives a frame, not an error.
    from workbook.store import frames_from_records

    table = getattr(series, name)(frames_from_records(), profile, october)
    assert hasattr(table, "columns")
    if name == "daily_posters":
        assert len(table) == 31 and table["posters"].sum() == 0
