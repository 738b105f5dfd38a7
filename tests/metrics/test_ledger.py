"""METRICS.md Points ledger on a small community, every figure worked out by hand.

Rules: message 1, reply +1, at most 2 of each a day; attended event 10; feedback 3. Levels 0 Newcomer,
10 Regular, 20 Contributor, 100 Expert. Times are local (Asia/Shanghai).

m1  September: 1 message → 1. October: 10-02 three messages, one a reply → min(3, 2) + min(1, 2) = 3; 10-03 one
    → 1; attended E2 → 10; feedback on E2 → 3: earned 17. Adjusted +6 (10-20), redeemed 5 (10-25).
    Standing 1 + 17 + 6 = 24 (Contributor; 1 at September's end: Newcomer → level up). Balance 24 − 5 = 19.
m2  September: three replies on 09-05 → 2 + 2 = 4, attended E1 → 10: 14 (Regular); redeemed 10 on 09-28.
    October: one message → earned 1; redeemed 5. Standing 15, still Regular although the balance is
    15 − 10 − 5 = 0: spending never lowers a level.
m3  October: 25 messages on 10-07, capped → 2. Adjusted +20 in September (Contributor already) and +100 in
    November (not yet). Balance 22, Contributor, no level up. November: standing 122 → Expert, a level up.
m4  Adjusted −4 on 09-30 23:59 (September) and +3 on 10-01 00:30 (October, though still 09-30 in UTC):
    earned 0, adjusted 3, balance −1, Newcomer (below 0 is still the lowest level).
m5  left in September, s1 is staff: neither is in the ledger. Order: earned descending, then member id.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.metrics.conftest import TZ, attend, local, member, message
from workbook import periods
from workbook.metrics.ledger import ledger, render_ledger
from workbook.profile import Level, PointsRules, Profile
from workbook.store import Frames, frames_from_records

MEMBERS = [
    member("s1", "2026-01-01 09:00", staff=True),
    *(member(f"m{i}", "2026-01-01 09:00") for i in range(1, 5)),
    member("m5", "2026-01-01 09:00", left="2026-09-20 09:00"),
]
MESSAGES = [
    message("x1", "m1", "2026-09-10 09:00", "hi"),
    message("x2", "m1", "2026-10-02 09:00", "one"),
    message("x3", "m1", "2026-10-02 10:00", "two", reply_to="x2"),
    message("x4", "m1", "2026-10-02 11:00", "three"),
    message("x5", "m1", "2026-10-03 09:00", "four"),
    *(message(f"y{i}", "m2", f"2026-09-05 0{i}:00", "re", reply_to="x1") for i in range(1, 4)),
    message("y4", "m2", "2026-10-09 09:00", "back"),
    *(message(f"z{i}", "m3", "2026-10-07 10:00", "flood") for i in range(25)),
    message("w1", "m5", "2026-09-01 09:00", "bye"),
    *(message(f"s{i}", "s1", "2026-10-02 10:00", "staff") for i in range(5)),
]
EVENTS = [
    {"event_id": "E1", "title": "One", "kind": "workshop", "starts_at": local("2026-09-15 14:00")},
    {"event_id": "E2", "title": "Two", "kind": "webinar", "starts_at": local("2026-10-15 20:00")},
]
ATTENDANCE = [attend("E1", "m2", True, True), attend("E2", "m1", True, True)]
FEEDBACK = [{"event_id": "E2", "response_id": "f1", "member_id": "m1", "submitted_at": local("2026-10-15 21:30")}]


def adjust(aid: str, who: str, when: str, points: float) -> dict[str, Any]:
    return {"id": aid, "member_id": who, "at": local(when), "points": points, "reason": "manual", "by": "s1"}


def redeem(rid: str, who: str, when: str, points: float) -> dict[str, Any]:
    return {"id": rid, "member_id": who, "at": local(when), "reward": "mug", "points": points}


ADJUSTMENTS = [
    adjust("j1", "m1", "2026-10-20 10:00", 6),
    adjust("j2", "m3", "2026-09-12 10:00", 20),
    adjust("j3", "m3", "2026-11-03 10:00", 100),
    adjust("j4", "m4", "2026-09-30 23:59", -4),
    adjust("j5", "m4", "2026-10-01 00:30", 3),
]
REDEMPTIONS = [redeem("r1", "m1", "2026-10-25 10:00", 5), redeem("r2", "m2", "2026-09-28 10:00", 10),
               redeem("r3", "m2", "2026-10-26 10:00", 5)]


@pytest.fixture
def ledger_frames() -> Frames:
    return frames_from_records(members=MEMBERS, messages=MESSAGES, events=EVENTS, attendance=ATTENDANCE,
                               feedback=FEEDBACK, points_adjustments=ADJUSTMENTS, redemptions=REDEMPTIONS)


@pytest.fixture
def ledger_profile() -> Profile:
    return Profile(name="ledger", timezone=TZ, points=PointsRules(message_daily_cap=2),
                   levels=[Level(min_points=0, zh="新人", en="Newcomer"), Level(min_points=10, zh="活跃", en="Regular"),
                           Level(min_points=20, zh="骨干", en="Contributor"),
                           Level(min_points=100, zh="达人", en="Expert")])


def row(member_id: str, earned: float, adjusted: float, redeemed: float, balance: float, level: str,
        level_up: bool) -> dict[str, Any]:
    return {"member_id": member_id, "earned": earned, "adjusted": adjusted, "redeemed": redeemed,
            "balance": balance, "level": level, "level_up": level_up}


def test_october_ledger(ledger_frames: Frames, ledger_profile: Profile) -> None:
    assert ledger(ledger_frames, ledger_profile, periods.parse("2026-10", TZ)) == [
        row("m1", 17, 6, 5, 19, "Contributor", True),
        row("m3", 2, 0, 0, 22, "Contributor", False),
        row("m2", 1, 0, 5, 0, "Regular", False),
        row("m4", 0, 3, 0, -1, "Newcomer", False),
    ]


def test_level_up_in_a_later_period(ledger_frames: Frames, ledger_profile: Profile) -> None:
    november = {r["member_id"]: r for r in ledger(ledger_frames, ledger_profile, periods.parse("2026-11", TZ))}
    assert november["m3"] == row("m3", 0, 100, 0, 122, "Expert", True)
    assert november["m1"] == row("m1", 0, 0, 0, 19, "Contributor", False)


def test_september_ledger_counts_only_what_happened_by_then(ledger_frames: Frames, ledger_profile: Profile) -> None:
    september = ledger(ledger_frames, ledger_profile, periods.parse("2026-09", TZ))
    # m5 left on 09-20, so is still a member of September; m2 reached Regular in September.
    assert [r["member_id"] for r in september] == ["m2", "m1", "m5", "m3", "m4"]
    assert september[0] == row("m2", 14, 0, 10, 4, "Regular", True)
    assert september[-1] == row("m4", 0, -4, 0, -4, "Newcomer", False)


def test_no_members_no_rows(ledger_profile: Profile) -> None:
    assert ledger(frames_from_records(), ledger_profile, periods.parse("2026-10", TZ)) == []


def test_readable_table_in_the_clients_language(ledger_frames: Frames, ledger_profile: Profile) -> None:
    october = periods.parse("2026-10", TZ)
    rows = ledger(ledger_frames, ledger_profile, october)
    zh = render_ledger(rows, ledger_profile, october, "zh-CN").splitlines()
    assert zh[0].startswith("积分台账 2026-10")
    assert zh[2].split() == ["成员ID", "本期获得", "人工调整", "已兑换", "余额", "等级", "升级"]
    assert zh[3].split() == ["m1", "17", "6", "5", "19", "骨干", "是"]
    en = render_ledger(rows, ledger_profile, october, "en").splitlines()
    assert en[3].split() == ["m1", "17", "6", "5", "19", "Contributor", "yes"]
