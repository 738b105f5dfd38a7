"""The points-economy simulator (workbook/points_sim.py) on a small community, every figure worked out by hand.

Period 2026-10 (Asia/Shanghai, 31 days). Current rules: message 1, cap 2 a day, reply +1, event 10, feedback 3,
member content 15, reaction 1; levels 0 Newcomer, 10 Regular, 20 Contributor. Candidate: message 2, cap 5,
reply 0, event 5 (the rest unchanged); levels 0 Newcomer, 15 Regular, 40 Contributor.

              current                                   candidate
m1 (joined 10-01) 10-01: 4 messages, 2 of them replies → min(4,2)·1 + min(2,2)·1 = 4 | min(4,5)·2 + 0 = 8
               10-03: attended E1                    → 10                     | 5
               total                                  14 (Regular)            | 13 (Newcomer)
m2 (10-01)     10-02: 1 message → 1; 10-10: bonus +30 → 31 (Contributor)      | 2 + 30 = 32 (Regular)
               (redeemed 20 on 10-20: spending changes no level and no figure here)
m3 (10-01)     nothing                                 0 (Newcomer)           | 0 (Newcomer)
m4 (09-01)     09-15: 1 message; 10-05: a like; 10-06: feedback → 1+1+3 = 5   | 2+1+3 = 6 (Newcomer both)
m5 (10-01)     10-04: member content                   15 (Regular)            | 15 (Regular)
s1 is staff (10 messages on 10-01), m6 left in September: neither counts.

Members per level: current Newcomer 2 (m3, m4), Regular 2 (m1, m5), Contributor 1 (m2);
candidate Newcomer 3 (m1, m3, m4), Regular 2 (m2, m5), Contributor 0.
Points per action, current: message 2+1+1 = 4, reply 2, event 10, feedback 3, content 15, reaction 1,
adjustment 30: total 65. Candidate: message 8+2+2 = 12, reply 0, event 5, feedback 3, content 15, reaction 1,
adjustment 30: total 66.
Median member (ascending by points, then id, index (5−1)//2 = 2): m1 under both; top member: m2 under both.
Days after the start (the join day; m4's would be the first day of data, 09-15):
  current m1: Regular on 10-03 → 2; Contributor not reached: pace 14/31 a day, ceil(20 / (14/31)) − 1 = 44 (projected)
  current m2: Regular and Contributor both on 10-10 → 9
  candidate m1: Regular ceil(15·31/13) − 1 = 35, Contributor ceil(40·31/13) − 1 = 95 (both projected)
  candidate m2: Regular on 10-10 → 9; Contributor ceil(40·31/32) − 1 = 38 (projected)
Spammer, 100 replies a day for 31 days: current capped min(100,2)·(1+1) = 4 a day → 124, uncapped 200 a day →
6200; candidate capped min(100,5)·(2+0) = 10 a day → 310, uncapped 200 a day → 6200.
Cap trimmed from real messages: current 2 (m1's 3rd and 4th message on 10-01); candidate 0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.metrics.conftest import TZ, attend, local, member, message
from workbook import periods
from workbook.metrics.ledger import ledger
from workbook.points_sim import (
    candidate_profile,
    compare,
    daily_points,
    level_of,
    profile_changes,
    side_by_side,
    simulate,
)
from workbook.profile import Level, PointsRules, Profile, ProfileError
from workbook.store import Frames, frames_from_records

OCTOBER = periods.parse("2026-10", TZ)


@pytest.fixture
def frames() -> Frames:
    members = [member("s1", "2026-01-01 09:00", staff=True), member("m4", "2026-09-01 09:00"),
               *(member(m, "2026-10-01 09:00") for m in ("m1", "m2", "m3", "m5")),
               member("m6", "2026-08-01 09:00", left="2026-09-20 09:00")]
    messages = [
        message("a1", "m1", "2026-10-01 10:00", "one"), message("a2", "m1", "2026-10-01 11:00", "two", "a1"),
        message("a3", "m1", "2026-10-01 12:00", "three", "a1"), message("a4", "m1", "2026-10-01 13:00", "four"),
        message("b1", "m2", "2026-10-02 10:00", "hello"),
        message("d1", "m4", "2026-09-15 10:00", "early"),
        message("f1", "m6", "2026-09-16 10:00", "gone"),
        *(message(f"s{i}", "s1", "2026-10-01 10:00", "staff") for i in range(10)),
    ]
    events = [{"event_id": "E1", "title": "One", "kind": "workshop", "starts_at": local("2026-10-03 20:00")}]
    feedback = [{"event_id": "E1", "response_id": "r1", "member_id": "m4", "submitted_at": local("2026-10-06 09:00")}]
    content = [{"content_id": "c1", "title": "Story", "kind": "member_story", "format": "text", "topic": "t",
                "published_at": local("2026-10-04 09:00"), "author_id": "m5", "member_generated": True}]
    interactions = [{"content_id": "c1", "member_id": "m4", "at": local("2026-10-05 09:00"), "action": "like"}]
    adjustments = [{"id": "j1", "member_id": "m2", "at": local("2026-10-10 09:00"), "points": 30, "reason": "host",
                    "by": "s1"}]
    redemptions = [{"id": "r1", "member_id": "m2", "at": local("2026-10-20 09:00"), "reward": "mug", "points": 20}]
    return frames_from_records(members=members, messages=messages, events=events,
                               attendance=[attend("E1", "m1", True, True)], feedback=feedback, content=content,
                               interactions=interactions, points_adjustments=adjustments, redemptions=redemptions)


@pytest.fixture
def current() -> Profile:
    return Profile(name="sim", timezone=TZ, points=PointsRules(message_daily_cap=2),
                   levels=[Level(min_points=0, zh="新人", en="Newcomer"), Level(min_points=10, zh="活跃", en="Regular"),
                           Level(min_points=20, zh="骨干", en="Contributor")])


CANDIDATE = {"points": {"message": 2, "message_daily_cap": 5, "reply_bonus": 0, "event_attended": 5},
             "levels": [{"min_points": 0, "zh": "新人", "en": "Newcomer"},
                        {"min_points": 15, "zh": "活跃", "en": "Regular"},
                        {"min_points": 40, "zh": "骨干", "en": "Contributor"}]}


def road(*days: tuple[str, float, int | None, bool]) -> list[dict[str, Any]]:
    return [{"level": lv, "min_points": p, "days": d, "projected": projected} for lv, p, d, projected in days]


def test_current_configuration(frames: Frames, current: Profile) -> None:
    sim = simulate(frames, current, OCTOBER)
    assert sim["members"] == 5
    assert [(b["level"], b["members"]) for b in sim["by_level"]] == [("Newcomer", 2), ("Regular", 2),
                                                                     ("Contributor", 1)]
    assert {a["action"]: a["points"] for a in sim["by_action"]} == {
        "message": 4, "reply_bonus": 2, "event_attended": 10, "feedback_given": 3, "member_content": 15,
        "reaction_given": 1, "adjustment": 30}
    assert sim["total_points"] == 65
    assert {a["action"]: a["share"] for a in sim["by_action"]}["adjustment"] == pytest.approx(30 / 65)
    assert sim["median"] == {"member_id": "m1", "points": 14, "start": "2026-10-01", "days": road(
        ("Newcomer", 0, 0, False), ("Regular", 10, 2, False), ("Contributor", 20, 44, True))}
    assert sim["top"] == {"member_id": "m2", "points": 31, "start": "2026-10-01", "days": road(
        ("Newcomer", 0, 0, False), ("Regular", 10, 9, False), ("Contributor", 20, 9, False))}
    assert sim["spammer"] == {"messages_per_day": 100, "days": 31, "per_day_capped": 4, "per_day_uncapped": 200,
                              "capped": 124, "uncapped": 6200, "level_capped": "Contributor",
                              "level_uncapped": "Contributor"}
    assert sim["cap_trimmed"] == 2


def test_candidate_side_by_side(frames: Frames, current: Profile) -> None:
    candidate = candidate_profile(current, CANDIDATE)
    both = compare(frames, current, candidate, OCTOBER)
    assert both["period"] == "2026-10" and both["current"] == simulate(frames, current, OCTOBER)
    sim = both["candidate"]
    assert [(b["level"], b["members"]) for b in sim["by_level"]] == [("Newcomer", 3), ("Regular", 2),
                                                                     ("Contributor", 0)]
    assert {a["action"]: a["points"] for a in sim["by_action"]} == {
        "message": 12, "reply_bonus": 0, "event_attended": 5, "feedback_given": 3, "member_content": 15,
        "reaction_given": 1, "adjustment": 30}
    assert sim["total_points"] == 66
    assert sim["median"]["member_id"] == "m1" and sim["median"]["days"] == road(
        ("Newcomer", 0, 0, False), ("Regular", 15, 35, True), ("Contributor", 40, 95, True))
    assert sim["top"]["member_id"] == "m2" and sim["top"]["days"] == road(
        ("Newcomer", 0, 0, False), ("Regular", 15, 9, False), ("Contributor", 40, 38, True))
    assert (sim["spammer"]["per_day_capped"], sim["spammer"]["capped"], sim["spammer"]["uncapped"]) == (10, 310, 6200)
    assert sim["cap_trimmed"] == 0


def test_current_totals_are_the_ledgers_standing(frames: Frames, current: Profile) -> None:
    """Under the client's own rules, a member's simulated total is the ledger's balance plus what they spent."""
    days = daily_points(frames, current, TZ, OCTOBER.end_at)
    totals = days.groupby("member_id")["points"].sum()
    for row in ledger(frames, current, OCTOBER):
        spent = frames.redemptions.loc[frames.redemptions["member_id"] == row["member_id"], "points"].sum()
        assert totals.get(row["member_id"], 0) == row["balance"] + spent
        assert level_of(totals.get(row["member_id"], 0), current) == row["level"]


def test_member_joined_before_the_data_counts_from_its_first_day(frames: Frames, current: Profile) -> None:
    """m4 joined 09-01 but the first point of data is 09-15: days count from 09-15 (5 points by 10-31, so as the
    only member left its road is projected: pace 5/47, Regular ceil(10·47/5) − 1 = 93)."""
    only_m4 = frames_from_records(
        members=[r for r in frames.members.to_dict("records") if r["member_id"] == "m4"],
        messages=frames.messages.loc[frames.messages["member_id"] == "m4"].to_dict("records"),
        interactions=frames.interactions.to_dict("records"), feedback=frames.feedback.to_dict("records"),
        events=frames.events.to_dict("records"))
    sim = simulate(only_m4, current, OCTOBER)
    assert sim["top"]["start"] == "2026-09-15" and sim["top"]["points"] == 5
    assert sim["top"]["days"][1] == {"level": "Regular", "min_points": 10, "days": 93, "projected": True}


def test_no_members(current: Profile) -> None:
    sim = simulate(frames_from_records(), current, OCTOBER)
    assert sim["members"] == 0 and sim["median"] is None and sim["top"] is None
    assert all(a["share"] is None for a in sim["by_action"]) and sim["cap_trimmed"] == 0


@pytest.mark.parametrize(("data", "problem"), [
    ({"points": {"mesage": 2}}, "key `points.mesage`: unknown key"),
    ({"levels": [{"min_points": 5, "zh": "新人", "en": "Newcomer"}]}, "the lowest level must start at 0 points"),
    ({"points": {"message_daily_cap": -1}}, "key `points.message_daily_cap`"),
    ({"rules": []}, "key `rules`: unknown key"),
    (["points"], "must hold a mapping"),
])
def test_bad_candidate_says_which_key(current: Profile, data: object, problem: str) -> None:
    with pytest.raises(ProfileError) as refused:
        candidate_profile(current, data)
    assert any(problem in line for line in refused.value.problems), refused.value.problems


def test_partial_candidate_keeps_the_rest(current: Profile) -> None:
    candidate = candidate_profile(current, {"points": {"event_attended": 20}})
    assert candidate.points.event_attended == 20 and candidate.points.message_daily_cap == 2
    assert candidate.levels == current.levels
    changes = profile_changes(candidate)
    assert changes[("points", "event_attended")] == 20 and changes[("points", "message_daily_cap")] == 2
    assert changes[("levels",)][1] == {"min_points": 10, "zh": "活跃", "en": "Regular"}


CLI_FILES = {
    "members": "成员ID,昵称,入群时间,是否工作人员\nm1,甲,2026-10-01 09:00,否\nm2,乙,2026-10-01 09:00,否\n",
    # m1: 3 messages on 10-02 (1 a reply) → current (cap 20): 3 + 1 = 4; candidate (message 5, cap 2): 2·5 + 1 = 11.
    "messages": "message_id,member_id,sent_at,reply_to\na1,m1,2026-10-02 09:00,\na2,m1,2026-10-02 10:00,a1\n"
                "a3,m1,2026-10-02 11:00,\n",
}


def test_cli_side_by_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workbook.cli import main
    from workbook.clients import init_client

    init_client("acme", lang="zh-CN")
    for kind, text in CLI_FILES.items():
        (tmp_path / f"{kind}.csv").write_text(text, encoding="utf-8")
        assert main(["import", "acme", kind, str(tmp_path / f"{kind}.csv")]) == 0
    config = tmp_path / "candidate.yaml"
    config.write_text("points: {message: 5, message_daily_cap: 2}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["points-sim", "acme", "--period", "2026-10", "--config", str(config), "--json"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert (both["current"]["total_points"], both["candidate"]["total_points"]) == (4, 11)
    assert both["candidate"]["top"]["member_id"] == "m1" and both["candidate"]["cap_trimmed"] == 5
    assert main(["points-sim", "acme", "--period", "2026-10", "--config", str(config)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("积分规则试算 2026-10：现行规则 与 候选规则")
    assert text.splitlines()[2].split() == ["现行规则", "候选规则"]
    messages = next(line for line in text.splitlines() if line.startswith("发言"))
    assert messages.split() == ["发言", "3", "·", "75.0%", "10", "·", "90.9%"]  # 3 of 4; 2·5 = 10 of 11
    config.write_text("levels: [{min_points: 10, zh: 新人, en: Newcomer}]\n", encoding="utf-8")
    assert main(["points-sim", "acme", "--period", "2026-10", "--config", str(config)]) == 2
    assert "the lowest level must start at 0 points" in capsys.readouterr().err


def test_side_by_side_text_in_both_languages(frames: Frames, current: Profile) -> None:
    """The figures above as the page and the CLI write them, current beside candidate."""
    both = compare(frames, current, candidate_profile(current, CANDIDATE), OCTOBER)
    en = dict(side_by_side(both, "en"))
    assert en[""] == [("Members (staff not counted)", "5", "5")]
    assert en["Members per level"][1:] == [("Level 2", "Regular (10): 2", "Regular (15): 2"),
                                           ("Level 3", "Contributor (20): 1", "Contributor (40): 0")]
    assert en["Days to each level: the median member"][0] == ("Member", "m1 (14 points)", "m1 (13 points)")
    assert en["Days to each level: the median member"][3] == ("Level 3", "Contributor (20): ≈ 44 d",
                                                              "Contributor (40): ≈ 95 d")
    assert en["Days to each level: the top member"][2] == ("Level 2", "Regular (10): 9 d", "Regular (15): 9 d")
    assert en["Points and share per action"][-1] == ("Manual bonuses", "30 · 46.2%", "30 · 45.5%")
    assert en["What a spammer gains (a newcomer posting 100 replies a day for 31 days)"] == [
        ("With the daily cap", "124 (4 a day) · Contributor", "310 (10 a day) · Contributor"),
        ("Without the cap", "6,200 (200 a day) · Contributor", "6,200 (200 a day) · Contributor"),
        ("Withheld by the cap in the real history", "2", "0")]
    zh = dict(side_by_side(both, "zh-CN"))
    assert zh["中位成员达到各等级所需天数"][3] == ("第 3 级", "骨干 (20): ≈ 44 天", "骨干 (40): ≈ 95 天")
    assert zh["刷屏者能得多少分（新成员每天发 100 条回复，连续 31 天）"][0] == (
        "有每日上限", "124 分（4 分/天）「骨干」", "310 分（10 分/天）「骨干」")
    assert zh["各行为所得积分与占比"][0] == ("发言", "4 · 6.2%", "12 · 18.2%")


def test_standing_and_balance_at_a_moment(frames: Frames, current: Profile) -> None:
    """ledger.standing_at (the page's "how many points now?"): m2 has 31 from 10-10; the 20-point mug of 10-20
    09:00 lowers the balance, never the standing."""
    from workbook.metrics.ledger import standing_at

    before = standing_at(frames, current, TZ, local("2026-10-20 08:00"))
    after = standing_at(frames, current, TZ, local("2026-10-20 10:00"))
    assert before.loc["m2"].to_dict() == {"standing": 31, "balance": 31}
    assert after.loc["m2"].to_dict() == {"standing": 31, "balance": 11}
    assert after.loc["m1"].to_dict() == {"standing": 14, "balance": 14} and "s1" in after.index
