"""One member's timeline for October 2026, worked out by hand (levels 0 / 5 / 20 points)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.metrics.test_stories import local, person, said
from workbook import periods
from workbook.metrics import timeline
from workbook.profile import Level, Privacy, Profile
from workbook.store import frames_from_records

PROFILE = Profile(name="timeline", timezone="Asia/Shanghai",
                  levels=[Level(min_points=0, zh="新人", en="Newcomer"), Level(min_points=5, zh="活跃", en="Regular"),
                          Level(min_points=20, zh="骨干", en="Contributor")])
MEMBERS = [person("m1", "李雷", "2026-10-05 09:00"), person("m2", "韩梅梅", "2026-03-01 09:00", consent=False)]
MESSAGES = [
    said("x", "m2", "2026-10-05 08:00", "hello"),
    said("a", "m1", "2026-10-05 09:30", "我来了"), said("b", "m1", "2026-10-05 10:00", "hi", reply_to="x"),
    said("c", "m1", "2026-10-07 09:00", "notes"),
    *(said(f"d{k}", "m1", f"2026-10-1{3 + k} 09:00", "more") for k in range(3)),
    said("e", "m1", "2026-10-27 09:00", "back"),
    said("f", "m1", "2026-11-02 09:00", "November"),   # after October
]
EVENTS = [{"event_id": "E1", "title": "Workshop", "kind": "workshop", "starts_at": local("2026-10-14 14:00")},
          {"event_id": "E2", "title": "Webinar", "kind": "webinar", "starts_at": local("2026-10-28 20:00")}]
ATTENDANCE = [{"event_id": "E1", "member_id": "m1", "registered": True, "attended": True},
              {"event_id": "E2", "member_id": "m1", "registered": True, "attended": False}]
CONTENT = [{"content_id": "C0", "title": "Course", "kind": "courseware", "format": "video",
            "published_at": local("2026-09-01 10:00"), "author_id": "s1", "member_generated": False},
           {"content_id": "C1", "title": "我的笔记", "kind": "member_story", "format": "text",
            "published_at": local("2026-10-20 10:00"), "author_id": "m1", "member_generated": True}]
INTERACTIONS = [{"content_id": "C0", "member_id": "m1", "at": local("2026-10-22 09:00"), "action": "complete"},
                {"content_id": "C0", "member_id": "m1", "at": local("2026-10-22 09:05"), "action": "like"}]
QUIZ = [{"quiz_id": "Q1", "member_id": "m1", "attempt": 1, "score": 6, "max_score": 10,
         "submitted_at": local("2026-10-15 20:00")},
        {"quiz_id": "Q1", "member_id": "m1", "attempt": 2, "score": 9, "max_score": 10,
         "submitted_at": local("2026-10-16 20:00")}]
ADJUSTMENTS = [{"id": "b1", "member_id": "m1", "at": local("2026-10-20 12:00"), "points": 5, "reason": "分享奖励"},
               {"id": "b2", "member_id": "m1", "at": local("2026-11-03 12:00"), "points": 50, "reason": "later"}]
END = periods.parse("2026-10", "Asia/Shanghai").end_at


def frames() -> object:
    return frames_from_records(members=MEMBERS, messages=MESSAGES, events=EVENTS, attendance=ATTENDANCE,
                               content=CONTENT, interactions=INTERACTIONS, quiz_results=QUIZ,
                               points_adjustments=ADJUSTMENTS)


def test_weeks_points_and_levels() -> None:
    line = timeline.timeline(frames(), PROFILE, "m1", END)
    # Week of 5 Oct: a 1 + b 2 (reply) + c 1 = 4; week of 12 Oct: d0–d2 3 + E1 10 → 17; week of 19 Oct: C1 15 +
    # like 1 + a bonus of 5 → 38; week of 26 Oct: e 1 → 39 (E2 registered, not attended; f and the second bonus
    # are in November).
    assert line.weeks.to_dict("list") == {
        "week_start": [date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19), date(2026, 10, 26)],
        "messages": [3, 3, 0, 1], "replies": [1, 0, 0, 0], "points": [4.0, 17.0, 38.0, 39.0],
        "level": ["Newcomer", "Regular", "Contributor", "Contributor"]}
    assert line.level_changes == [
        {"week_start": date(2026, 10, 12), "before": "Newcomer", "after": "Regular"},
        {"week_start": date(2026, 10, 19), "before": "Regular", "after": "Contributor"}]
    assert (line.joined, line.left, line.messages, line.points) == (date(2026, 10, 5), None, 7, 39.0)


def test_events_content_and_quizzes() -> None:
    line = timeline.timeline(frames(), PROFILE, "m1", END)
    assert line.events == [{"event_id": "E1", "title": "Workshop", "day": date(2026, 10, 14), "attended": True},
                           {"event_id": "E2", "title": "Webinar", "day": date(2026, 10, 28), "attended": False}]
    assert line.content == [{"content_id": "C1", "title": "我的笔记", "day": date(2026, 10, 20), "role": "author"},
                            {"content_id": "C0", "title": "Course", "day": date(2026, 10, 22), "role": "completed"}]
    assert line.quizzes == [{"quiz_id": "Q1", "attempt": 1, "day": date(2026, 10, 15), "pct": 0.6},
                            {"quiz_id": "Q1", "attempt": 2, "day": date(2026, 10, 16), "pct": 0.9}]


def test_naming_follows_privacy() -> None:
    members = frames().members  # type: ignore[attr-defined]
    assert timeline.shown_as(members, PROFILE, "m1") == ("李雷", True)
    assert timeline.shown_as(members, PROFILE, "m2") == ("m2", False)
    hidden = PROFILE.model_copy(update={"privacy": Privacy(pseudonymise=True)})
    assert timeline.shown_as(members, hidden, "m1") == ("m1", False)
    with pytest.raises(KeyError):
        timeline.timeline(frames(), PROFILE, "nobody", END)  # type: ignore[arg-type]


def test_an_older_member() -> None:
    line = timeline.timeline(frames(), PROFILE, "m2", pd.Timestamp(END))  # type: ignore[arg-type]
    # m2 joined in March and posted once (5 Oct): every week from March's first Monday, one message.
    assert line.messages == 1 and line.weeks["week_start"].iloc[0] == date(2026, 2, 23)
    assert line.level_changes == [] and line.events == [] and line.quizzes == []
