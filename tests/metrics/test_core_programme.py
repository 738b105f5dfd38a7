"""Core members as a programme: contributions beside each role, active roles and pairs, promotion candidates —
worked out by hand for October 2026."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tests.metrics.test_stories import local, person, said
from workbook import periods
from workbook.metrics import core_programme as programme
from workbook.metrics.context import Context
from workbook.profile import CoreMembers, Profile
from workbook.store import frames_from_records

MEMBERS = [person("s1", "Host", "2026-01-01 09:00", staff=True), person("m1", "李雷", "2026-03-01 09:00"),
           person("m2", "韩梅梅", "2026-03-01 09:00"), person("m3", "Wang Fang", "2026-03-01 09:00", consent=False),
           person("m4", "Alice", "2026-03-01 09:00")]
MESSAGES = [
    said("q0", "m1", "2026-09-10 09:00", "Where are the slides?"),
    said("r0", "m2", "2026-09-10 09:30", "In the drive", reply_to="q0"),        # September: not counted
    said("q1", "m1", "2026-10-02 09:00", "How do I start?"),
    said("a1", "m2", "2026-10-02 09:10", "Read the guide", reply_to="q1"),     # m2: reply + answer
    said("a2", "m3", "2026-10-03 09:00", "Start with lesson one", reply_to="q1"),  # m3: reply + answer
    said("n1", "m1", "2026-10-03 10:00", "ok", reply_to="a1"),                 # m1: reply, not an answer
    said("s2", "m2", "2026-10-03 11:00", "补充一下", reply_to="a1"),            # m2 to herself: not counted
    said("q2", "m4", "2026-10-05 09:00", "为什么报错？"),
    said("a3", "m2", "2026-10-05 09:10", "看日志", reply_to="q2"),              # m2: reply + answer
    said("a4", "m2", "2026-10-05 09:20", "再重启一下", reply_to="q2"),          # m2: reply + answer
    said("a5", "s1", "2026-10-05 09:30", "已修复", reply_to="q2"),              # staff
]
EVENTS = [{"event_id": "E1", "title": "Lesson", "kind": "workshop", "starts_at": local("2026-10-10 14:00"),
           "host": "m3"},
          {"event_id": "E2", "title": "Q&A", "kind": "webinar", "starts_at": local("2026-10-20 20:00"),
           "host": "韩梅梅"},
          {"event_id": "E3", "title": "Old", "kind": "webinar", "starts_at": local("2026-09-20 20:00"), "host": "m3"}]
CONTENT = [{"content_id": "C1", "title": "My notes", "kind": "member_story", "format": "text",
            "published_at": local("2026-10-12 10:00"), "author_id": "m4", "member_generated": True},
           {"content_id": "C2", "title": "Older notes", "kind": "member_story", "format": "text",
            "published_at": local("2026-09-12 10:00"), "author_id": "m4", "member_generated": True}]
ROLES = pd.DataFrame([
    {"member_id": "m2", "role": "mentor", "since": date(2026, 9, 1), "until": None},
    {"member_id": "m3", "role": "speaker", "since": date(2026, 11, 5), "until": None},     # starts after October
    {"member_id": "m1", "role": "moderator", "since": None, "until": date(2026, 9, 30)},   # ended before October
])
MENTORING = pd.DataFrame([
    {"mentor_id": "m2", "mentee_id": "m1", "since": date(2026, 10, 1), "until": None},
    {"mentor_id": "m2", "mentee_id": "m4", "since": None, "until": date(2026, 9, 15)},    # ended
    {"mentor_id": "m3", "mentee_id": "m4", "since": date(2026, 10, 15), "until": None},
])
TASKS = pd.DataFrame([
    {"task_id": "t1", "member_id": "m2", "title": "Host Q&A", "due": date(2026, 10, 20), "status": "done"},
    {"task_id": "t2", "member_id": "m2", "title": "Write FAQ", "due": None, "status": None},
    {"task_id": "t3", "member_id": "m2", "title": "Next month", "due": date(2026, 11, 15), "status": "open"},
    {"task_id": "t4", "member_id": "m3", "title": "Slides", "due": date(2026, 10, 25), "status": "open"},
])
# Core list: top half of the 4 members by points of the 90 days to 31 October, active in ≥ 1 ISO week.
# Points (message 1, reply +1, member content 15): m4 = q2 1 + C1 15 + C2 15 = 31; m2 = r0 2 + a1 2 + s2 2 + a3 2
# + a4 2 = 10; m1 = q0 1 + q1 1 + n1 2 = 4; m3 = a2 2. Top 2 → m4 (31), m2 (10).
PROFILE = Profile(name="core", timezone="Asia/Shanghai",
                  core_members=CoreMembers(window_days=90, top_share=0.5, min_active_weeks=1))


def context() -> Context:
    frames = frames_from_records(members=MEMBERS, messages=MESSAGES, events=EVENTS, content=CONTENT)
    return Context(frames, PROFILE, periods.parse("2026-10", "Asia/Shanghai"))


def test_contributions_by_hand() -> None:
    table = programme.contributions(context(), ["m1", "m2", "m3", "m4"], MENTORING, TASKS).set_index("member_id")
    assert table.loc["m2"].to_dict() == {"replies_given": 3, "answers_given": 3, "events_hosted": 1,
                                         "content_written": 0, "mentees": 1, "open_tasks": 1, "done_tasks": 1}
    assert table.loc["m3"].to_dict() == {"replies_given": 1, "answers_given": 1, "events_hosted": 1,
                                         "content_written": 0, "mentees": 1, "open_tasks": 1, "done_tasks": 0}
    assert table.loc["m1"].to_dict() == {"replies_given": 1, "answers_given": 0, "events_hosted": 0,
                                         "content_written": 0, "mentees": 0, "open_tasks": 0, "done_tasks": 0}
    assert table.loc["m4", "content_written"] == 1 and table.loc["m4", "replies_given"] == 0


def test_roster_lists_only_roles_active_in_the_period() -> None:
    roster = programme.roster(context(), ROLES, MENTORING, TASKS)
    assert roster[["member_id", "role", "replies_given", "mentees"]].to_dict("records") == [
        {"member_id": "m2", "role": "mentor", "replies_given": 3, "mentees": 1}]


def test_promotion_candidates() -> None:
    candidates = programme.promotion_candidates(context(), ROLES, MENTORING, TASKS)
    # m2 is a core member but already a mentor; m4 is not in a role and wrote content → content author.
    assert candidates[["member_id", "points", "suggested_role"]].to_dict("records") == [
        {"member_id": "m4", "points": 31.0, "suggested_role": "content_author"}]
    no_roles = programme.promotion_candidates(context(), ROLES.iloc[0:0], MENTORING, TASKS)
    assert list(no_roles["member_id"]) == ["m4", "m2"]
    # m2 wrote nothing but hosted E2 → speaker.
    assert no_roles.set_index("member_id").loc["m2", "suggested_role"] == "speaker"


def test_suggested_role_order() -> None:
    base = {"content_written": 0, "events_hosted": 0, "answers_given": 0}
    assert programme.suggested_role(base | {"answers_given": 3}) == "mentor"
    assert programme.suggested_role(base | {"answers_given": 2}) == "moderator"
    assert programme.suggested_role(base | {"events_hosted": 1, "answers_given": 5}) == "speaker"
