"""Candidate stories: planted thank-yous, member answers, a newcomer turned regular and the best events are found
in a zh-CN and an English conversation of October 2026; the controls beside them are not."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from workbook import periods
from workbook.metrics import stories
from workbook.profile import Level, Profile
from workbook.store import Frames, frames_from_records

TZ = "Asia/Shanghai"


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=TZ).tz_convert("UTC")


def person(mid: str, name: str, joined: str, consent: bool = True, staff: bool = False) -> dict[str, Any]:
    return {"member_id": mid, "display_name": name, "joined_at": local(joined), "is_staff": staff,
            "consent": consent, "department": "Sales"}


def said(mid: str, who: str, when: str, text: str, reply_to: str | None = None) -> dict[str, Any]:
    return {"message_id": mid, "member_id": who, "sent_at": local(when), "kind": "text", "length": len(text),
            "reply_to": reply_to, "text": text}


MEMBERS = [
    person("s1", "Host", "2026-01-01 09:00", staff=True),
    person("m1", "李雷", "2026-03-01 09:00"),
    person("m2", "韩梅梅", "2026-03-01 09:00"),
    person("m3", "Wang Fang", "2026-03-01 09:00", consent=False),
    person("m4", "Alice", "2026-03-01 09:00"),
    person("m5", "张伟", "2026-09-20 09:00"),   # newcomer: 2 points in September, 5 by October's end
    person("m6", "Bob", "2026-10-02 09:00"),    # newcomer with 1 point: stays a newcomer (control)
    person("m7", "Carol", "2026-01-10 09:00"),  # crosses the level in October but joined long ago (control)
]
ZH = [
    said("z1", "m1", "2026-10-05 09:00", "请问 Python 环境怎么配置？"),
    said("z2", "m2", "2026-10-05 09:10", "先装 Anaconda，再建虚拟环境", reply_to="z1"),
    said("z3", "m1", "2026-10-05 09:20", "谢谢！解决了", reply_to="z2"),         # planted thank-you to m2
    said("z4", "m3", "2026-10-06 10:00", "有人知道报销流程吗"),                  # answered by staff only (control)
    said("z5", "s1", "2026-10-06 10:05", "看 OA 系统", reply_to="z4"),
    said("z6", "m3", "2026-10-06 10:10", "谢谢老师", reply_to="z5"),             # thanks to staff (control)
    said("z7", "m4", "2026-10-07 09:00", "谢谢大家"),                            # thanks to nobody (control)
    said("z8", "m2", "2026-10-05 09:30", "不用谢", reply_to="z3"),               # "you're welcome" (control)
    said("z9", "m4", "2026-10-08 09:00", "笔记分享"),
    said("z10", "m4", "2026-10-08 09:05", "感谢自己", reply_to="z9"),            # thanks to oneself (control)
]
EN = [
    said("e1", "m4", "2026-10-12 09:00", "How do I export the report?"),
    said("e2", "m3", "2026-10-12 09:30", "File > Export, then pick PDF", reply_to="e1"),
    said("e3", "m4", "2026-10-12 09:40", "Thanks a lot!", reply_to="e2"),       # planted thank-you to m3
    said("e4", "m1", "2026-10-13 09:00", "What time is the workshop?"),         # unanswered (control)
    said("e5", "m2", "2026-10-13 10:00", "thanks but no thanks", reply_to="e2"),  # a refusal (control)
    said("e6", "m2", "2026-09-10 09:00", "Where are the slides?"),
    said("e7", "m1", "2026-09-10 09:05", "In the drive", reply_to="e6"),
    said("e8", "m2", "2026-09-10 09:10", "thank you!", reply_to="e7"),          # September (control)
]
GROWTH = [
    said("g1", "m5", "2026-09-21 09:00", "大家好，我是新人"), said("g2", "m5", "2026-09-22 09:00", "学习中"),
    said("g3", "m5", "2026-10-03 09:00", "今天打卡"), said("g4", "m5", "2026-10-10 09:00", "第二周打卡"),
    said("g5", "m5", "2026-10-20 09:00", "分享我的作业"),
    said("g6", "m6", "2026-10-03 09:00", "hi"),
    *(said(f"c{i}", "m7", f"2026-10-{10 + i} 09:00", f"post {i}") for i in range(6)),
]
EVENTS = [
    {"event_id": "E1", "title": "数据分析工作坊", "kind": "workshop", "mode": "offline",
     "starts_at": local("2026-10-08 14:00"), "host": "s1"},
    {"event_id": "E2", "title": "Webinar two", "kind": "webinar", "mode": "online",
     "starts_at": local("2026-10-20 20:00"), "host": "s1"},
    {"event_id": "E3", "title": "September quiz", "kind": "quiz", "mode": "online",
     "starts_at": local("2026-09-28 20:00"), "host": "s1"},  # not in October (control)
]
ATTENDANCE = [
    {"event_id": "E1", "member_id": "m1", "registered": True, "attended": True},
    {"event_id": "E1", "member_id": "m3", "registered": True, "attended": True},
    {"event_id": "E2", "member_id": "m2", "registered": True, "attended": True},
    {"event_id": "E2", "member_id": "m4", "registered": True, "attended": False},
    {"event_id": "E3", "member_id": "m2", "registered": True, "attended": True},
]
FEEDBACK = [
    {"event_id": "E1", "response_id": "f1", "member_id": "m1", "submitted_at": local("2026-10-08 17:00"),
     "satisfaction": 5, "comment": "讲得很好，案例实用"},
    {"event_id": "E1", "response_id": "f2", "member_id": "m3", "submitted_at": local("2026-10-08 17:05"),
     "satisfaction": 5, "comment": "希望多一些练习"},
    {"event_id": "E2", "response_id": "f3", "member_id": "m2", "submitted_at": local("2026-10-20 22:00"),
     "satisfaction": 4, "comment": "Good pace"},
]
# Levels 0 / 5 points (message 1, reply +1). m5: 2 points by 1 October (g1, g2), 5 by 31 October → crosses.
# m6: 1 point. m7: 6 points, all in October, but joined in January (more than 90 days before 31 October).
PROFILE = Profile(name="stories", timezone=TZ, levels=[Level(min_points=0, zh="新人", en="Newcomer"),
                                                      Level(min_points=5, zh="活跃", en="Regular")])
PERIOD = periods.parse("2026-10", TZ)


@pytest.fixture
def frames() -> Frames:
    return frames_from_records(members=MEMBERS, messages=[*ZH, *EN, *GROWTH], events=EVENTS,
                               attendance=ATTENDANCE, feedback=FEEDBACK)


def by_id(found: list[stories.Candidate]) -> dict[str, stories.Candidate]:
    return {c.story_id: c for c in found}


def test_planted_stories_are_found_and_controls_are_not(frames: Frames) -> None:
    found = by_id(stories.candidates(frames, PROFILE, PERIOD))
    # E1: attendance 2/2, satisfaction 5 → (0.25·1 + 0.25·1)/0.5 = 100; E2: 1/2 and 4 → (0.125 + 0.1875)/0.5 = 62.5.
    assert set(found) == {"thank_you:z2", "thank_you:e2", "member_answer:z1", "member_answer:e1",
                          "newcomer_regular:m5", "best_event:E1", "best_event:E2"}


def test_a_thank_you_story_carries_its_question_answer_and_thanks(frames: Frames) -> None:
    found = by_id(stories.candidates(frames, PROFILE, PERIOD))
    zh = found["thank_you:z2"]
    assert zh.members == ("m2", "m1")  # the helper first, then who thanked
    assert [q.ref for q in zh.quotes] == ["z1", "z2", "z3"]
    assert zh.quotes[2].text == "谢谢！解决了" and zh.at == local("2026-10-05 09:20")
    en = found["thank_you:e2"]
    assert en.members == ("m3", "m4") and [q.ref for q in en.quotes] == ["e1", "e2", "e3"] and en.value == 1


def test_member_answers_and_newcomer(frames: Frames) -> None:
    found = by_id(stories.candidates(frames, PROFILE, PERIOD))
    assert found["member_answer:z1"].members == ("m1", "m2") and found["member_answer:z1"].value == 1
    # e1's answers: m3's reply (e2); m2's e5 replies to e2, not to the question.
    assert [q.ref for q in found["member_answer:e1"].quotes] == ["e1", "e2"]
    newcomer = found["newcomer_regular:m5"]
    assert newcomer.value == 5 and [q.ref for q in newcomer.quotes] == ["g1", "g5"]


def test_best_events_with_their_comments(frames: Frames) -> None:
    found = stories.candidates(frames, PROFILE, PERIOD)
    events = [c for c in found if c.kind == "best_event"]
    assert [(c.story_id, c.value) for c in events] == [("best_event:E1", 100.0), ("best_event:E2", 62.5)]
    assert [q.text for q in events[0].quotes] == ["讲得很好，案例实用", "希望多一些练习"]
    assert events[0].subject == "数据分析工作坊"


@pytest.mark.parametrize(("text", "expected"), [
    ("谢谢！", True), ("非常感谢你的分享", True), ("多谢", True), ("Thanks a lot", True), ("thank you!", True),
    ("thx", True), ("不用谢", False), ("不客气", False), ("no thanks", False), ("thanks but no thanks", False),
    ("Thanksgiving plans?", False), (None, False)])
def test_thanks_detection(text: str | None, expected: bool) -> None:
    assert stories.thanks(text) is expected


def test_no_text_no_text_stories(frames: Frames) -> None:
    """A pseudonymised client keeps no message text: only the newcomer and event stories remain."""
    frames.messages["text"] = None
    frames.feedback["comment"] = None
    kinds = {c.kind for c in stories.candidates(frames, PROFILE, PERIOD)}
    assert kinds == {"newcomer_regular", "best_event"}


def test_report_quotes_only_consenting_members(frames: Frames) -> None:
    names = stories.display_names(frames.members, PROFILE)
    allowed = stories.consenting(frames.members, PROFILE)
    assert names["m3"] == "m3" and names["m4"] == "Alice"
    lines = stories.quotes_for_report(["e1", "e2", "e3", "E1/f1", "E1/f2"], frames.messages, frames.feedback,
                                      allowed, names)
    # m3 (e2, E1/f2) did not agree to be named: their words are left out.
    assert lines == ["Alice: How do I export the report?", "Alice: Thanks a lot!", "李雷: 讲得很好，案例实用"]
    hidden = PROFILE.model_copy(update={"privacy": PROFILE.privacy.model_copy(update={"pseudonymise": True})})
    assert stories.consenting(frames.members, hidden) == set()


def test_unconsented_names_in_a_story_text(frames: Frames) -> None:
    text = "Wang Fang 帮 Alice 解决了导出问题"
    assert stories.unconsented_names(text, frames.members, PROFILE) == ["Wang Fang"]
    assert stories.unconsented_names("Alice 和 李雷", frames.members, PROFILE) == []


def test_accepted_in_period_and_lists() -> None:
    table = pd.DataFrame({"story_id": ["a", "b", "c"], "status": ["accepted", "dismissed", "accepted"],
                          "at": [local("2026-10-02 09:00"), local("2026-10-03 09:00"), local("2026-11-01 09:00")]})
    assert list(stories.accepted_in_period(table, PERIOD)["story_id"]) == ["a"]
    assert stories.split_list("学习, 分享，成长；互助") == ["学习", "分享", "成长", "互助"]
