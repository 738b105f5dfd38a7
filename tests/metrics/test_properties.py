"""Properties that hold for any community: ratios in [0, 1], Gini in [0, 1), nested member counts,
and a document that does not depend on row order."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook import metrics, periods
from workbook.profile import Profile
from workbook.snapshot.build import period_document
from workbook.store import Frames, frames_from_records

TZ = "Asia/Shanghai"
OCTOBER = periods.parse("2026-10", TZ)
BASE = pd.Timestamp("2026-08-01", tz="UTC")
HOURS = 24 * 120  # August to November


def _at(hour: int) -> pd.Timestamp:
    return BASE + pd.Timedelta(hours=hour)


@st.composite
def communities(draw: st.DrawFn) -> Frames:
    n = draw(st.integers(1, 12))
    ids = [f"u{i}" for i in range(n)]
    members = []
    for mid in ids:
        joined = draw(st.integers(0, HOURS))
        left = draw(st.one_of(st.none(), st.integers(joined, HOURS)))
        members.append({"member_id": mid, "display_name": mid, "joined_at": _at(joined),
                        "left_at": _at(left) if left is not None else None, "is_staff": draw(st.booleans())})
    n_messages = draw(st.integers(0, 30))
    messages = []
    for i in range(n_messages):
        reply = draw(st.one_of(st.none(), st.integers(0, max(i - 1, 0))))
        messages.append({"message_id": f"x{i}", "member_id": draw(st.sampled_from(ids)),
                         "sent_at": _at(draw(st.integers(0, HOURS))),
                         "reply_to": f"x{reply}" if reply is not None and i else None,
                         "text": draw(st.sampled_from([None, "ok", "why?", "加微信", "why？ https://a.b/c"]))})
    events = [{"event_id": "e1", "title": "t", "kind": "quiz", "starts_at": _at(draw(st.integers(0, HOURS)))}]
    attendance = [{"event_id": "e1", "member_id": mid, "registered": draw(st.booleans()),
                   "attended": draw(st.booleans())} for mid in draw(st.sets(st.sampled_from(ids)))]
    feedback = [{"event_id": "e1", "response_id": f"r{i}", "submitted_at": _at(0),
                 "satisfaction": draw(st.one_of(st.none(), st.integers(1, 5))),
                 "nps": draw(st.one_of(st.none(), st.integers(0, 10)))} for i in range(draw(st.integers(0, 4)))]
    content = [{"content_id": "c1", "title": "t", "kind": "video", "format": "video",
                "published_at": _at(draw(st.integers(0, HOURS))), "member_generated": draw(st.booleans())}]
    interactions = [{"content_id": "c1", "member_id": draw(st.sampled_from(ids)), "at": _at(h),
                     "action": draw(st.sampled_from(["view", "like", "share"]))}
                    for h in draw(st.sets(st.integers(0, HOURS), max_size=8))]
    return frames_from_records(members=members, messages=messages, events=events, attendance=attendance,
                               feedback=feedback, content=content, interactions=interactions)


def _shuffled(frames: Frames, seed: int) -> Frames:
    return Frames(**{f.name: getattr(frames, f.name).sample(frac=1, random_state=seed) for f in fields(frames)})


def _rounded(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _rounded(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_rounded(v) for v in node]
    return round(node, 9) if isinstance(node, float) else node


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(communities())
def test_ratios_and_nesting(frames: Frames) -> None:
    document = period_document(frames, Profile(name="p", timezone=TZ), OCTOBER)
    eng = document["engagement"]
    for key in ("posting_rate", "active_rate", "stickiness", "replies_share", "activation_rate_7d"):
        assert eng[key] is None or 0 <= eng[key] <= 1, key
    assert eng["questions"]["unanswered_share"] is None or 0 <= eng["questions"]["unanswered_share"] <= 1
    assert 0 <= eng["gini_messages"] < 1
    assert eng["posters"] <= eng["active_members"] <= eng["members_in_period"]
    assert sum(eng["tiers"].values()) == eng["members_in_period"]
    assert eng["messages_members"] <= eng["messages_total"]
    assert 3 <= len(document["recommendations"]) <= 8
    for suggestion in document["recommendations"]:
        assert all(metrics.resolve(document, k) == v for k, v in suggestion["figures"].items())


@SETTINGS
@given(communities(), st.integers(0, 1000))
def test_row_order_changes_nothing(frames: Frames, seed: int) -> None:
    profile = Profile(name="p", timezone=TZ)
    first = metrics.compute(frames, profile, OCTOBER)
    again = metrics.compute(_shuffled(frames, seed), profile, OCTOBER)
    assert _rounded(first) == _rounded(again)
