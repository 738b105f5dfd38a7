"""METRICS.md `voice` and engagement.completion_rate on a planted conversation in Chinese and English.

Client dictionary: 复盘, 销售漏斗 (kept whole by jieba). October (Asia/Shanghai):
  q1 m1 "复盘模板在哪里？"          question (？); m2 replies after 2 h → answered
  q2 m2 "请问销售漏斗怎么画"        question (请问, no mark); only its author replies → open
  q3 m3 "How do I write an OKR"    question (opens with how); s1 replies after 25 h → open (too late)
  c1 m1 "复盘 复盘，OKR 复盘！"      not a question (control); 复盘 ×3, okr ×1
  c2 m3 "I like the OKR workshop"  not a question (control); okr, workshop (like/the/i are stop words)
  c3 s1 "see https://spam.example.com/x OKR"   staff: counts in hot terms, its URL does not
September: p1 m1 "复盘" → prev_count of 复盘 is 1.
Hot terms in October: 复盘 3+1 (q1) = 4; okr c1+c2+c3+q3 = 4; 销售漏斗 1 (q2); 模板 1; 在哪里? jieba gives
在/哪里 (single character dropped, 哪里 kept). Ties sort by term.
"""

from __future__ import annotations

from typing import Any

import pytest

from workbook import periods
from workbook.metrics import compute
from workbook.metrics.voice import looks_like_question
from workbook.profile import Profile
from workbook.store import frames_from_records

TZ = "Asia/Shanghai"


def _at(text: str) -> str:
    from pandas import Timestamp

    return Timestamp(text, tz=TZ).tz_convert("UTC").isoformat()


def _msg(mid: str, who: str, when: str, text: str, reply_to: str | None = None) -> dict[str, Any]:
    return {"message_id": mid, "member_id": who, "sent_at": _at(when), "text": text, "reply_to": reply_to,
            "kind": "text"}


MEMBERS = [{"member_id": m, "display_name": m, "joined_at": _at("2026-08-01 09:00"), "is_staff": m == "s1"}
           for m in ("m1", "m2", "m3", "s1")]
MESSAGES = [
    _msg("p1", "m1", "2026-09-20 10:00", "复盘"),
    _msg("q1", "m1", "2026-10-02 10:00", "复盘模板在哪里？"),
    _msg("r1", "m2", "2026-10-02 12:00", "在群文件", reply_to="q1"),
    _msg("q2", "m2", "2026-10-03 10:00", "请问销售漏斗怎么画"),
    _msg("r2", "m2", "2026-10-03 11:00", "自己想到了", reply_to="q2"),
    _msg("q3", "m3", "2026-10-04 10:00", "How do I write an OKR"),
    _msg("r3", "s1", "2026-10-05 11:00", "Start from the goal", reply_to="q3"),
    _msg("c1", "m1", "2026-10-06 10:00", "复盘 复盘，OKR 复盘！"),
    _msg("c2", "m3", "2026-10-07 10:00", "I like the OKR workshop"),
    _msg("c3", "s1", "2026-10-08 10:00", "see https://spam.example.com/x OKR"),
]
EVENTS = [{"event_id": "E1", "title": "Workshop", "kind": "workshop", "mode": "offline",
           "starts_at": _at("2026-10-10 14:00")}]
FEEDBACK = [{"event_id": "E1", "response_id": f"f{i}", "submitted_at": _at("2026-10-10 18:00"), "comment": text}
            for i, text in enumerate(["案例很实用", "案例 案例 workshop", "希望多一些案例", None])]


@pytest.fixture
def document() -> dict[str, Any]:
    frames = frames_from_records(members=MEMBERS, messages=MESSAGES, events=EVENTS, feedback=FEEDBACK)
    profile = Profile(name="v", timezone=TZ, voice={"dictionary": ["复盘", "销售漏斗"]})
    return compute(frames, profile, periods.parse("2026-10", TZ))


def test_hot_terms_count_planted_terms_against_the_previous_period(document: dict[str, Any]) -> None:
    terms = {row["term"]: (row["count"], row["prev_count"]) for row in document["voice"]["hot_terms"]}
    assert terms["复盘"] == (4, 1)
    assert terms["okr"] == (4, 0)
    assert terms["销售漏斗"] == (1, 0)
    assert terms["workshop"] == (1, 0)
    # Stop words, single characters, URL parts never count.
    assert not {"the", "like", "i", "https", "spam", "com", "在", "请问"} & set(terms)
    ranked = [row["term"] for row in document["voice"]["hot_terms"]]
    assert ranked[:2] == ["okr", "复盘"]  # 4 each: ties by term


def test_open_questions_are_the_unanswered_ones(document: dict[str, Any]) -> None:
    # q1 answered by m2 within 24 h; q2 answered only by its asker; q3 answered after 25 h.
    assert document["voice"]["open_questions"] == ["q2", "q3"]


def test_comment_themes_per_event(document: dict[str, Any]) -> None:
    themes = document["voice"]["comment_themes"]["E1"]
    assert themes[0] == {"term": "案例", "count": 4}
    assert {"term": "workshop", "count": 1} in themes and len(themes) <= 5


def test_text_availability_is_said(document: dict[str, Any]) -> None:
    assert document["voice"]["text_available"] is True
    frames = frames_from_records(members=MEMBERS, messages=[{**m, "text": None} for m in MESSAGES])
    empty = compute(frames, Profile(name="v", timezone=TZ), periods.parse("2026-10", TZ))["voice"]
    assert empty == {"hot_terms": [], "open_questions": [], "comment_themes": {}, "text_available": False}


@pytest.mark.parametrize(("text", "asks"), [
    ("复盘模板在哪里？", True), ("请问销售漏斗怎么画", True), ("这个可以吗", True), ("Why is it late", True),
    ("how-to guide attached", False), ("谢谢大家", False), ("I like the OKR workshop", False), ("Done.", False)])
def test_question_detection(text: str, asks: bool) -> None:
    assert looks_like_question(text) is asks


def test_completion_rate() -> None:
    # Members of October: m1, m2, m3. On course items (courseware K1, video K2): m1 views K1 and completes it,
    # m2 views K2, m3 only likes a case study K3 (not a course item) → 1 completed / 2 learners.
    content = [{"content_id": k, "title": k, "kind": kind, "format": "text", "published_at": _at("2026-09-01 09:00")}
               for k, kind in (("K1", "courseware"), ("K2", "video"), ("K3", "case_study"))]
    touches = [{"content_id": c, "member_id": m, "at": _at("2026-10-05 10:00"), "action": a}
               for c, m, a in (("K1", "m1", "view"), ("K1", "m1", "complete"), ("K2", "m2", "view"),
                               ("K3", "m3", "like"), ("K1", "s1", "complete"))]
    frames = frames_from_records(members=MEMBERS, content=content, interactions=touches)
    engagement = compute(frames, Profile(name="v", timezone=TZ), periods.parse("2026-10", TZ),
                         {"engagement"})["engagement"]
    assert engagement["completion_rate"] == pytest.approx(1 / 2)
    nobody = compute(frames_from_records(members=MEMBERS), Profile(name="v", timezone=TZ),
                     periods.parse("2026-10", TZ), {"engagement"})["engagement"]
    assert nobody["completion_rate"] is None


def test_the_segmenter_is_shared_per_dictionary_and_forgets_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.metrics import voice as voice_module

    first = voice_module.shared_segmenter(("复盘会",), ())
    first.terms("周五开复盘会")
    assert voice_module.shared_segmenter(("复盘会",), ()) is first
    assert voice_module.shared_segmenter((), ()) is not first
    monkeypatch.setattr(voice_module, "SEGMENTED_TEXTS_KEPT", 0)
    again = voice_module.shared_segmenter(("复盘会",), ())
    again.terms("周五开复盘会")
    assert "复盘会" in again.terms("周五开复盘会")
    assert voice_module.shared_segmenter(("复盘会",), ()) is not again
