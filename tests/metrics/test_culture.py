"""points, levels and core members of the conftest community (daily cap 1, levels 0/15/30, top 34 %)."""

from __future__ import annotations

from typing import Any


def test_leaderboard_points(document: dict[str, Any]) -> None:
    board = {row["member_id"]: row["points"] for row in document["points"]["leaderboard"]}
    # m1: messages on 09-20, 10-01, 10-02 (two, capped to 1), 10-03 = 4; E1 10; feedback f1 3; like C1 1 → 18.
    assert board["m1"] == 18
    # m2: a6 reply 2, a7 1, a12 reply 2; E2 10; member story C2 15 → 30.
    assert board["m2"] == 30
    # m3: a8 1 (b4 is November); E1 10; blank feedback f3 still given 3; share C2 1 (views earn nothing) → 15.
    assert board["m3"] == 15
    # m5: attended E3 in September 10 + comment 1; m8's only message is in November.
    assert board["m5"] == 11 and board["m8"] == 0
    order = [row["member_id"] for row in document["points"]["leaderboard"]]
    # Ties (m5, m7 at 11) by member id; staff s1 is not ranked.
    assert order == ["m2", "m1", "m3", "m4", "m5", "m7", "m9", "m6", "m8"]


def test_levels(document: dict[str, Any]) -> None:
    top = document["points"]["leaderboard"][0]
    assert (top["level"], top["level_zh"]) == ("Contributor", "骨干")
    assert document["points"]["by_level"] == {"Newcomer": 6, "Regular": 2, "Contributor": 1}


def test_core_members(document: dict[str, Any]) -> None:
    # floor(0.34·9) = 3 → cut-off at the 3rd best (15): m2, m1, m3. m3 was active in only two ISO weeks
    # (10-05: E1 and the share on 10-09; 10-26: a8), so m2 (weeks of 09-28, 10-12, 10-19) and m1 remain.
    core = document["culture"]["core_members"]
    assert [(m["member_id"], m["points"], m["active_weeks"]) for m in core] == [("m2", 30, 3), ("m1", 18, 3)]
    assert document["culture"]["core_member_count"] == 2
