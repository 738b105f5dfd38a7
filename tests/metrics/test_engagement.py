"""engagement figures of the conftest community for 2026-10, each worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from workbook import metrics, periods
from workbook.metrics import engagement
from workbook.metrics.engagement import absence_factor, gini
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames, frames_from_records


def test_membership(document: dict[str, Any]) -> None:
    eng = document["engagement"]
    # m1…m9: s1 is staff, m10 left on 09-15, m12 joined 11-01 01:00 local (still 10-31 in UTC).
    assert eng["members_in_period"] == 9
    # Joined in October: m6 (10-10), m7 (10-05), m8 (10-28).
    assert eng["new_members"] == 3
    # m9 left on 10-10; m10 left in September.
    assert eng["left_members"] == 1


def test_message_counts_keep_staff_out_of_engagement(document: dict[str, Any]) -> None:
    eng = document["engagement"]
    # a1…a12 are in October local time (a8 is 10-31 23:30 local = 15:30 UTC; b4 is 11-01 00:30 local).
    assert eng["messages_total"] == 12
    # Minus s1's a2 and a10.
    assert eng["messages_members"] == 10
    # m1 (4), m2 (3), m3, m7, m9 (1 each).
    assert eng["posters"] == 5
    # Posters + m4 (attended E1) + m5 (viewed C1); m6, m8 did nothing in October.
    assert eng["active_members"] == 7
    assert eng["posting_rate"] == pytest.approx(5 / 9)
    assert eng["active_rate"] == pytest.approx(7 / 9)


def test_daily_posters_and_stickiness(document: dict[str, Any]) -> None:
    eng = document["engagement"]
    # Poster-days: m1 10-01, 10-02, 10-03; m2 10-01, 10-15, 10-21; m3 10-31; m7 10-06; m9 10-05 = 9 over 31 days.
    assert eng["dau_avg"] == pytest.approx(9 / 31)
    assert eng["stickiness"] == pytest.approx(9 / 31 / 5)


def test_gini_and_tiers(document: dict[str, Any]) -> None:
    eng = document["engagement"]
    # Counts ascending [0,0,0,0,1,1,1,3,4], Σx = 10, Σ i·x = 5+6+7+24+36 = 78:
    # G = 2·78/(9·10) − 10/9 = 156/90 − 100/90 = 56/90.
    assert eng["gini_messages"] == pytest.approx(56 / 90)
    # heavy_poster_min_messages = 3: m1 (4) and m2 (3) heavy; m3, m7, m9 contributors; 4 lurkers.
    assert eng["tiers"] == {"lurkers": 4, "contributors": 3, "heavy": 2}


def test_activation_counts_data_after_the_period(document: dict[str, Any]) -> None:
    # m7 posted 10-06 09:00 (joined 10-05 10:00); m8 posted 11-02 09:00 (joined 10-28 10:00, after P but in 7 d);
    # m6 never did: 2/3.
    assert document["engagement"]["activation_rate_7d"] == pytest.approx(2 / 3)


def test_dormant_skips_members_who_left_before(document: dict[str, Any]) -> None:
    # Posted in September: m4 (silent in October), m1 (still posting), m10 (left 09-15: not counted).
    assert document["engagement"]["dormant"] == 1
    assert document["engagement"]["dormant_member_ids"] == ["m4"]


def test_replies_and_absence_factor(document: dict[str, Any]) -> None:
    eng = document["engagement"]
    # Member replies: a6, a12 of 10 member messages.
    assert eng["replies_share"] == pytest.approx(0.2)
    # Sender counts [4, 3, 1, 1, 1]; half of 10 is 5; 4 < 5 ≤ 4+3: two senders.
    assert eng["absence_factor"] == 2


def test_questions(document: dict[str, Any]) -> None:
    # a1 "How do I start?" answered by s1 after 60 min (and m2 after 180); a7 "…？" only answered by its own
    # author (a12), which does not count.
    assert document["engagement"]["questions"] == {
        "asked": 2, "answered_24h": 1, "unanswered_share": 0.5, "median_first_response_minutes": 60.0}


def test_questions_null_without_text(frames: Frames, profile: Profile, october: Period) -> None:
    frames.messages["text"] = None
    document = metrics.compute(frames, profile, october)
    assert set(document["engagement"]["questions"].values()) == {None}


def test_empty_store_gives_nulls_not_errors(profile: Profile, october: Period) -> None:
    document = metrics.compute(frames_from_records(), profile, october)
    eng = document["engagement"]
    assert eng["members_in_period"] == 0
    assert eng["posting_rate"] is None and eng["stickiness"] is None and eng["activation_rate_7d"] is None
    assert eng["gini_messages"] == 0.0 and eng["absence_factor"] == 0
    assert document["events_summary"]["mean_score"] is None


@pytest.mark.parametrize(("counts", "expected"), [
    ([0, 0, 0], 0.0),
    ([1, 1, 1, 1], 0.0),
    # Sorted [0, 0, 0, 4]: 2·(4·4)/(4·4) − 5/4 = 0.75.
    ([4, 0, 0, 0], 0.75),
])
def test_gini_formula(counts: list[int], expected: float) -> None:
    assert gini(counts) == pytest.approx(expected)


def test_absence_factor_half_exactly() -> None:
    # [5, 3, 2]: 5 is exactly half of 10, so one sender suffices.
    assert absence_factor([3, 5, 2]) == 1


def test_iso_week_with_prev_week(frames: Frames, profile: Profile) -> None:
    from workbook import periods

    eng = metrics.compute(frames, profile, periods.parse("2026-W41", "Asia/Shanghai"))["engagement"]
    # Mon 10-05 … Sun 10-11: m1…m5, m6 (joined 10-10), m7 (joined 10-05), m9 (leaves 10-10) = 8 members.
    assert (eng["members_in_period"], eng["new_members"], eng["left_members"]) == (8, 2, 1)
    # Posters m7 (a9) and m9 (a11); active adds E1's m1, m3, m4 and m5 (comment on C1, 10-09).
    assert (eng["posters"], eng["active_members"]) == (2, 6)
    # W40 (09-28 … 10-04) posters m1 and m2 are silent in W41.
    assert eng["dormant_member_ids"] == ["m1", "m2"]


def test_last_posted_is_the_last_local_day_before_the_end(frames: Frames, profile: Profile) -> None:
    from workbook.metrics.context import Context

    ctx = Context(frames, profile, periods.parse("2026-10", "Asia/Shanghai"))
    # m3: 10-31 23:30 local counts (b4 on 11-01 is after P); m4 last posted 09-10; m6 never posted.
    last = engagement.last_posted(ctx, ["m3", "m4", "m6"])
    assert last == {"m3": date(2026, 10, 31), "m4": date(2026, 9, 10)}
