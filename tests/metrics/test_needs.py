"""Needs → plan: hot terms matched to the content covering them with its attention; gaps and their slots."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tests.metrics.test_stories import PROFILE, local, person
from workbook import periods
from workbook.metrics import needs
from workbook.metrics.context import Context
from workbook.store import frames_from_records

PERIOD = periods.parse("2026-10", "Asia/Shanghai")
CONTENT = [
    {"content_id": "C1", "title": "Python 入门", "kind": "courseware", "format": "video", "topic": "编程",
     "published_at": local("2026-09-01 10:00")},
    {"content_id": "C2", "title": "Excel tips", "kind": "best_practice", "format": "text", "topic": "Python automation",
     "published_at": local("2026-10-03 10:00")},
    {"content_id": "C3", "title": "报销指南", "kind": "case_study", "format": "document", "topic": "财务",
     "published_at": local("2026-11-03 10:00")},  # after October: not counted
]


def view(content: str, who: str, when: str, action: str = "view") -> dict[str, object]:
    return {"content_id": content, "member_id": who, "at": local(when), "action": action}


# Members in October: m1…m4 (s1 is staff). C1 viewed by m1, m2 (twice) and s1 → 2/4 = 0.5; C2 by m3 once (a like by
# m4 is not a view) → 1/4 = 0.25; a September view of C2 by m4 does not count.
INTERACTIONS = [view("C1", "m1", "2026-10-02 09:00"), view("C1", "m2", "2026-10-02 10:00"),
                view("C1", "m2", "2026-10-03 10:00"), view("C1", "s1", "2026-10-03 11:00"),
                view("C2", "m3", "2026-10-04 10:00"), view("C2", "m4", "2026-10-04 11:00", "like"),
                view("C2", "m4", "2026-09-20 11:00")]
MEMBERS = [person("s1", "Host", "2026-01-01 09:00", staff=True),
           *(person(f"m{i}", f"M{i}", "2026-03-01 09:00") for i in range(1, 5))]
HOT = [{"term": "python", "count": 9, "prev_count": 2}, {"term": "报销", "count": 3, "prev_count": 0},
       {"term": "周报", "count": 2, "prev_count": 5}]


def context() -> Context:
    frames = frames_from_records(members=MEMBERS, content=CONTENT, interactions=INTERACTIONS)
    return Context(frames, PROFILE, PERIOD)


def test_attention_in_period() -> None:
    attention = needs.attention_in_period(context())
    assert attention.to_dict() == {"C1": 0.5, "C2": 0.25}


def test_terms_matched_to_content_by_title_or_topic() -> None:
    found = {n.term: n for n in needs.needs(context(), HOT)}
    # "python" is in C1's title and C2's topic, best attention first; C3 (报销指南) is published after October.
    assert [(c.content_id, c.attention) for c in found["python"].items] == [("C1", 0.5), ("C2", 0.25)]
    assert found["python"].count == 9 and found["python"].prev_count == 2 and not found["python"].gap
    assert found["报销"].items == () and found["报销"].gap
    assert found["周报"].items == () and not found["周报"].gap  # 2 mentions: under DEMAND_MIN_COUNT (3)


def test_gaps_leave_out_planned_topics() -> None:
    found = needs.needs(context(), HOT)
    assert [n.term for n in needs.gaps(found, pd.DataFrame())] == ["报销"]
    plan = pd.DataFrame({"slot_id": ["x"], "due": [date(2026, 11, 2)], "topic": [" 报销 "]})
    assert needs.gaps(found, plan) == []
    # 2026-10-31 is a Saturday: the first Monday after is 2 November; a period ending on a Sunday → the next day.
    assert needs.suggested_due(date(2026, 10, 31)) == date(2026, 11, 2)
    assert needs.suggested_due(date(2026, 11, 1)) == date(2026, 11, 2)


def test_only_terms_that_can_name_a_topic_become_gaps() -> None:
    """Of the demo's gaps (October, September): time words, pronouns, conjunctions and particles are never offered
    as content slots; verbs stay (报销 is a topic); the client's dictionary terms and English words always stay."""
    terms = ["打卡", "讲得", "挑战", "课后练习", "中午", "周末", "还要", "这块", "报销", "excel", "复盘会"]
    found = [needs.TermNeed(term, 10, 0, ()) for term in terms]
    assert [n.term for n in needs.gaps(found, pd.DataFrame(), ["复盘会"])] == [
        "打卡", "挑战", "课后练习", "报销", "excel", "复盘会"]
