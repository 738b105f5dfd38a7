"""A small community whose every figure for 2026-10 (Asia/Shanghai) is worked out by hand in the tests.

Members in period: m1…m9 (s1 is staff; m10 left in September; m12 joined 2026-11-01 01:00 local, which is
still 2026-10-31 in UTC). Newcomers of October: m6, m7, m8. m9 leaves on 2026-10-10.
Times below are local (UTC+8); `local()` turns them into UTC like the store does.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

from workbook import periods
from workbook.profile import CoreMembers, Level, PointsRules, Privacy, Profile
from workbook.store import Frames, frames_from_records

TZ = "Asia/Shanghai"


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=TZ).tz_convert("UTC")


def member(mid: str, joined: str, left: str | None = None, staff: bool = False) -> dict[str, Any]:
    # m3 and m9 did not agree to be named in reports (consent); nothing in the figures depends on it.
    return {"member_id": mid, "display_name": f"Name {mid}", "department": "dept-a" if mid < "m5" else "dept-b",
            "joined_at": local(joined), "left_at": local(left) if left else None, "is_staff": staff,
            "source_channel": "referral", "consent": mid not in ("m3", "m9")}


def message(mid: str, who: str, when: str, text: str | None, reply_to: str | None = None) -> dict[str, Any]:
    return {"message_id": mid, "member_id": who, "sent_at": local(when), "channel": "main", "kind": "text",
            "length": len(text or ""), "reply_to": reply_to, "text": text}


MEMBERS = [
    member("s1", "2026-01-01 09:00", staff=True),
    member("m1", "2026-01-10 09:00"),
    member("m2", "2026-03-01 09:00"),
    member("m3", "2026-05-01 09:00"),
    member("m4", "2026-06-01 09:00"),
    member("m5", "2026-07-01 09:00"),
    member("m6", "2026-10-10 09:00"),
    member("m7", "2026-10-05 10:00"),
    member("m8", "2026-10-28 10:00"),
    member("m9", "2026-02-01 09:00", left="2026-10-10 18:00"),
    member("m10", "2026-02-01 09:00", left="2026-09-15 18:00"),
    member("m12", "2026-11-01 01:00"),
]

MESSAGES = [
    message("a1", "m1", "2026-10-01 09:00", "How do I start?"),
    message("a2", "s1", "2026-10-01 10:00", "See the guide", reply_to="a1"),
    message("a3", "m1", "2026-10-02 09:00", "Day two notes, stupid bot"),
    message("a4", "m1", "2026-10-02 20:00", "More notes 加微信 abc"),
    message("a5", "m1", "2026-10-03 09:00", "visit https://spam.example.com/x"),
    message("a6", "m2", "2026-10-01 12:00", "try the intro", reply_to="a1"),
    message("a7", "m2", "2026-10-15 12:00", "Any template？"),
    message("a8", "m3", "2026-10-31 23:30", "late night"),
    message("a9", "m7", "2026-10-06 09:00", "hello all"),
    message("a10", "s1", "2026-10-20 10:00", "Welcome https://learn.corp.com/welcome"),
    message("a11", "m9", "2026-10-05 09:00", "bye 优惠券"),
    message("a12", "m2", "2026-10-21 09:00", "never mind", reply_to="a7"),
    message("b1", "m4", "2026-09-10 09:00", "september"),
    message("b2", "m10", "2026-09-05 09:00", "september too"),
    message("b3", "m1", "2026-09-20 09:00", "september three"),
    message("b4", "m3", "2026-11-01 00:30", "november"),
    message("b5", "m8", "2026-11-02 09:00", "first words"),
]

EVENTS = [
    {"event_id": "E1", "title": "Workshop one", "kind": "workshop", "mode": "offline",
     "starts_at": local("2026-10-08 14:00"), "ends_at": local("2026-10-08 16:00"), "host": "s1"},
    {"event_id": "E2", "title": "Webinar two", "kind": "webinar", "mode": "online",
     "starts_at": local("2026-10-20 20:00"), "ends_at": local("2026-10-20 21:00"), "host": "s1"},
    {"event_id": "E3", "title": "Quiz of September", "kind": "quiz", "mode": "online",
     "starts_at": local("2026-09-28 20:00"), "ends_at": local("2026-09-28 21:00"), "host": "s1"},
]


def attend(event: str, who: str, registered: bool, attended: bool) -> dict[str, Any]:
    return {"event_id": event, "member_id": who, "registered": registered, "attended": attended}


ATTENDANCE = [
    attend("E1", "m1", True, True), attend("E1", "m4", True, True), attend("E1", "m5", True, False),
    attend("E1", "m9", True, False), attend("E1", "m3", False, True), attend("E1", "s1", False, True),
    attend("E2", "m2", True, True), attend("E2", "m7", True, True),
    attend("E3", "m5", True, True),
]

FEEDBACK = [
    {"event_id": "E1", "response_id": "f1", "member_id": "m1", "submitted_at": local("2026-10-08 17:00"),
     "satisfaction": 5, "nps": 10, "learning": 4, "application": 4},
    {"event_id": "E1", "response_id": "f2", "member_id": "m4", "submitted_at": local("2026-10-08 17:05"),
     "satisfaction": 4, "nps": 7, "learning": None, "application": 3},
    {"event_id": "E1", "response_id": "f3", "member_id": "m3", "submitted_at": local("2026-10-08 17:10"),
     "satisfaction": None, "nps": None, "learning": None, "application": None},
]

CONTENT = [
    {"content_id": "C1", "title": "Course video", "kind": "courseware", "format": "video", "topic": "basics",
     "published_at": local("2026-10-03 10:00"), "author_id": "s1", "member_generated": False},
    {"content_id": "C2", "title": "My story", "kind": "member_story", "format": "text", "topic": "stories",
     "published_at": local("2026-10-12 10:00"), "author_id": "m2", "member_generated": True},
    {"content_id": "C3", "title": "Old doc", "kind": "case_study", "format": "document", "topic": "cases",
     "published_at": local("2026-09-25 10:00"), "author_id": "s1", "member_generated": False},
]


def touch(content: str, who: str, when: str, action: str) -> dict[str, Any]:
    return {"content_id": content, "member_id": who, "at": local(when), "action": action}


INTERACTIONS = [
    touch("C1", "m1", "2026-10-09 09:00", "view"), touch("C1", "m1", "2026-10-09 10:00", "view"),
    touch("C1", "m5", "2026-10-09 11:00", "view"), touch("C1", "m1", "2026-10-09 12:00", "like"),
    touch("C1", "m5", "2026-10-09 13:00", "comment"),
    touch("C2", "m3", "2026-10-09 14:00", "view"), touch("C2", "m3", "2026-10-09 15:00", "share"),
    touch("C2", "m6", "2026-11-01 09:00", "view"),
]

PLAN = [
    {"slot_id": "P1", "due": "2026-10-03", "status": "published", "content_id": "C1"},
    {"slot_id": "P2", "due": "2026-10-20", "status": "planned"},
    {"slot_id": "P3", "due": "2026-10-25", "status": "cancelled"},
    {"slot_id": "P4", "due": "2026-11-05", "status": "planned"},
]


def applicant(aid: str, channel: str, when: str, decision: str | None) -> dict[str, Any]:
    return {"applicant_id": aid, "name": f"Applicant {aid}", "source_channel": channel,
            "applied_at": local(when), "decision": decision,
            "scores": json.dumps({"motivation": 5, "relevance": 4, "foundation": 3, "commitment": 2})}


APPLICANTS = [
    applicant("A1", "referral", "2026-10-02 09:00", "accept"),
    applicant("A2", "referral", "2026-10-03 09:00", "reject"),
    applicant("A3", "social_media", "2026-10-04 09:00", "waitlist"),
    applicant("A4", "internal_notice", "2026-10-05 09:00", None),
    applicant("A5", "industry_forum", "2026-10-01 01:00", "accept"),
    applicant("A6", "referral", "2026-09-30 23:00", "accept"),
]

GOALS = [
    {"goal_id": "G1", "statement": "More members post", "metric": "engagement.posting_rate", "baseline": 0.4,
     "target": 0.8, "direction": "increase", "start": "2026-09-01", "deadline": "2026-12-31", "owner": "s1"},
    {"goal_id": "G2", "statement": "Typo goal", "metric": "engagement.no_such_key", "baseline": 0,
     "target": 1, "direction": "increase", "start": "2026-10-01", "deadline": "2026-12-31", "owner": "s1"},
    {"goal_id": "G3", "statement": "Better events", "metric": "events_summary.mean_score", "baseline": 70,
     "target": 80, "direction": "increase", "start": "2026-10-01", "deadline": "2026-10-31", "owner": "s1"},
]


EVENT_SCORES = [
    {"event_id": "E1", "scorer": "s1", "scores": json.dumps({"content": 5, "delivery": 4, "organisation": 3})},
    {"event_id": "E1", "scorer": "s2", "scores": json.dumps({"content": 3, "delivery": 3, "organisation": 3})},
    {"event_id": "E3", "scorer": "s1", "scores": json.dumps({"content": 1, "delivery": 1, "organisation": 1})},
]


def build_frames() -> Frames:
    return frames_from_records(members=MEMBERS, messages=MESSAGES, events=EVENTS, attendance=ATTENDANCE,
                               feedback=FEEDBACK, content=CONTENT, interactions=INTERACTIONS, content_plan=PLAN,
                               applicants=APPLICANTS, goals=GOALS, event_scores=EVENT_SCORES)


def build_profile() -> Profile:
    return Profile(
        name="fixture", timezone=TZ, heavy_poster_min_messages=3, allowed_domains=["corp.com"],
        points=PointsRules(message_daily_cap=1),
        levels=[Level(min_points=0, zh="新人", en="Newcomer"), Level(min_points=15, zh="活跃", en="Regular"),
                Level(min_points=30, zh="骨干", en="Contributor")],
        core_members=CoreMembers(top_share=0.34), privacy=Privacy(min_group_size=2))


@pytest.fixture
def frames() -> Frames:
    return build_frames()


@pytest.fixture
def profile() -> Profile:
    return build_profile()


@pytest.fixture
def october() -> periods.Period:
    return periods.parse("2026-10", TZ)


@pytest.fixture(scope="session")
def document() -> dict[str, Any]:
    """The fixture community's document for 2026-10 with its recommendations, computed once (tests only read it)."""
    from workbook.snapshot.build import period_document

    return period_document(build_frames(), build_profile(), periods.parse("2026-10", TZ))
