"""One member's history up to a period's end: joined, posts per ISO week, events, content, points and level
changes week by week, quiz results — a member's growth story (成员的成长故事). Counts and titles only, never message
text, so it can be shown wherever the member may be shown at all.

Points follow METRICS.md (`points`, the rules of client.yaml) computed over the member's own rows, plus manual
adjustments (`points_adjustments`), as the points ledger sets levels (redemptions never lower one); the level at a
week's end is the level of those points up to then; a level change is a week whose level differs from the week
before (the first week compares with the lowest level).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from workbook.metrics.context import iso_week_starts, local_days
from workbook.metrics.culture import levels_for, points_by_member
from workbook.profile import Profile
from workbook.store import Frames


@dataclass
class Timeline:
    member_id: str
    joined: date | None
    left: date | None
    weeks: pd.DataFrame  # week_start, messages, replies, points (cumulative at the week's end), level
    events: list[dict[str, Any]] = field(default_factory=list)  # event_id, title, day, attended
    content: list[dict[str, Any]] = field(default_factory=list)  # content_id, title, day, role (author/completed)
    level_changes: list[dict[str, Any]] = field(default_factory=list)  # week_start, before, after
    quizzes: list[dict[str, Any]] = field(default_factory=list)  # quiz_id, attempt, day, pct

    @property
    def messages(self) -> int:
        return int(self.weeks["messages"].sum()) if len(self.weeks) else 0

    @property
    def points(self) -> float:
        return float(self.weeks["points"].iloc[-1]) if len(self.weeks) else 0.0


def _own(frames: Frames, member_id: str) -> Frames:
    """The frames cut to what the member did (points of one member need nothing else)."""
    pick = {
        "messages": frames.messages.loc[frames.messages["member_id"] == member_id],
        "attendance": frames.attendance.loc[frames.attendance["member_id"] == member_id],
        "feedback": frames.feedback.loc[frames.feedback["member_id"] == member_id],
        "content": frames.content.loc[frames.content["author_id"] == member_id],
        "interactions": frames.interactions.loc[frames.interactions["member_id"] == member_id],
    }
    return Frames(**{name: pick.get(name, getattr(frames, name)) for name in Frames.__dataclass_fields__})


def _day(moment: Any, timezone: str) -> date:
    return pd.Timestamp(moment).tz_convert(timezone).date()


def timeline(frames: Frames, profile: Profile, member_id: str, end_at: pd.Timestamp) -> Timeline:
    """The member's history up to `end_at` (the first instant after the period), by local ISO week."""
    tz = profile.timezone
    members = frames.members.loc[frames.members["member_id"] == member_id]
    if members.empty:
        raise KeyError(member_id)
    row = members.iloc[0]
    joined = None if pd.isna(row["joined_at"]) else _day(row["joined_at"], tz)
    left = None if pd.isna(row["left_at"]) else _day(row["left_at"], tz)
    own = _own(frames, member_id)
    messages = own.messages.loc[own.messages["sent_at"] < end_at]
    last_day = _day(end_at - pd.Timedelta(microseconds=1), tz)
    first_day = min([d for d in (joined, *(_day(m, tz) for m in messages["sent_at"].head(1))) if d is not None],
                    default=last_day)
    first_week = first_day - timedelta(days=first_day.weekday())
    starts = [first_week + timedelta(weeks=k) for k in range((last_day - first_week).days // 7 + 1)]
    week_of = iso_week_starts(local_days(messages["sent_at"], tz)) if len(messages) else np.array([], "datetime64[D]")
    counts = pd.Series(week_of).value_counts() if len(week_of) else pd.Series(dtype="int64")
    replies = pd.Series(week_of[messages["reply_to"].notna().to_numpy()]).value_counts() if len(week_of) \
        else pd.Series(dtype="int64")
    adjustments = frames.points_adjustments.loc[frames.points_adjustments["member_id"] == member_id]
    points = []
    for start in starts:
        week_end = min(pd.Timestamp(start + timedelta(days=7)).tz_localize(tz), end_at)
        adjusted = float(adjustments.loc[adjustments["at"] < week_end, "points"].sum())
        points.append(float(points_by_member(own, profile, tz, week_end).get(member_id, 0.0)) + adjusted)
    weeks = pd.DataFrame({"week_start": starts,
                          "messages": [int(counts.get(np.datetime64(s, "D"), 0)) for s in starts],
                          "replies": [int(replies.get(np.datetime64(s, "D"), 0)) for s in starts],
                          "points": points})
    weeks["level"] = levels_for(weeks["points"], profile).to_numpy() if len(weeks) else []
    changes, before = [], min(profile.levels, key=lambda lv: lv.min_points).en
    for week in weeks.itertuples():
        if week.level != before:
            changes.append({"week_start": week.week_start, "before": before, "after": week.level})
            before = week.level
    result = Timeline(member_id, joined, left, weeks, level_changes=changes)
    events = frames.events.set_index("event_id")
    for a in own.attendance.itertuples():
        if a.event_id in events.index and events.at[a.event_id, "starts_at"] < end_at:
            result.events.append({"event_id": a.event_id, "title": events.at[a.event_id, "title"],
                                  "day": _day(events.at[a.event_id, "starts_at"], tz), "attended": bool(a.attended)})
    result.events.sort(key=lambda e: (e["day"], e["event_id"]))
    for c in own.content.loc[own.content["published_at"] < end_at].itertuples():
        result.content.append({"content_id": c.content_id, "title": c.title, "day": _day(c.published_at, tz),
                               "role": "author"})
    titles = frames.content.set_index("content_id")["title"]
    done = own.interactions.loc[(own.interactions["action"] == "complete") & (own.interactions["at"] < end_at)]
    for c in done.sort_values("at").drop_duplicates("content_id").itertuples():
        result.content.append({"content_id": c.content_id, "title": titles.get(c.content_id, c.content_id),
                               "day": _day(c.at, tz), "role": "completed"})
    result.content.sort(key=lambda c: (c["day"], c["content_id"]))
    quiz = frames.quiz_results.loc[(frames.quiz_results["member_id"] == member_id)
                                   & (frames.quiz_results["submitted_at"] < end_at)]
    for q in quiz.sort_values(["submitted_at", "quiz_id"]).itertuples():
        result.quizzes.append({"quiz_id": q.quiz_id, "attempt": int(q.attempt), "day": _day(q.submitted_at, tz),
                               "pct": float(q.score) / float(q.max_score)})
    return result


def shown_as(members: pd.DataFrame, profile: Profile, member_id: str) -> tuple[str, bool]:
    """How the page may name the member, and whether that is their name (consent, not pseudonymised)."""
    rows = members.loc[members["member_id"] == member_id]
    named = bool(len(rows)) and bool(rows["consent"].fillna(False).iloc[0]) and not profile.privacy.pseudonymise
    return (str(rows["display_name"].iloc[0]) if named else member_id), named
