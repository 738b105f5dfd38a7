"""Core members as a programme: who holds which role (moderator, mentor, speaker, content author), what each of
them did in the period beside it, their tasks and mentoring pairs, and who is a candidate for promotion.

Definitions (period P):
- A role is **active in P** when its `since` is empty or on/before P's last day and its `until` is empty or
  on/after P's first day.
- **replies_given**: the member's messages sent in P replying to someone else's message.
- **answers_given**: those replies whose parent is a question (voice.looks_like_question, not itself a reply).
- **events_hosted**: events starting in P whose `host` is the member's id or display name.
- **content_written**: content published in P with the member as `author_id`.
- **mentees**: mentoring pairs active in P with the member as mentor; **open_tasks** / **done_tasks**: their tasks
  with status open (or none) / done, due in P or without a due date.
- **Promotion candidates**: members of P's automatic core list (METRICS.md culture.core_members: top share by
  points of the window, active in enough ISO weeks) holding no role active in P; each with a suggested role —
  content_author when they wrote content in P, else speaker when they hosted an event in P, else mentor when they
  gave at least MENTOR_MIN_ANSWERS answers in P, else moderator.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from workbook.metrics.context import Context, within
from workbook.metrics.culture import core_members
from workbook.metrics.voice import looks_like_question

MENTOR_MIN_ANSWERS = 3
CONTRIBUTIONS = ("replies_given", "answers_given", "events_hosted", "content_written", "mentees", "open_tasks",
                 "done_tasks")


def _day(value: Any) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def active_in(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Rows (roles, mentoring pairs) whose since/until range overlaps [start, end]; empty ends are open."""
    if frame.empty:
        return frame
    keep = [(_day(s) is None or _day(s) <= end) and (_day(u) is None or _day(u) >= start)  # type: ignore[operator]
            for s, u in zip(frame["since"], frame["until"], strict=True)]
    return frame.loc[keep]


def contributions(ctx: Context, member_ids: list[str], mentoring: pd.DataFrame,
                  tasks: pd.DataFrame) -> pd.DataFrame:
    """One row per member id with the CONTRIBUTIONS of P (see the module docstring), zeros included."""
    frames, period = ctx.frames, ctx.period
    parents = frames.messages[["message_id", "member_id", "text", "reply_to"]].drop_duplicates("message_id")
    parents = parents.rename(columns={"message_id": "reply_to", "member_id": "parent_member", "text": "parent_text",
                                      "reply_to": "parent_reply"})
    mine = ctx.messages.loc[ctx.messages["member_id"].isin(member_ids) & ctx.messages["reply_to"].notna(),
                            ["member_id", "reply_to"]]
    joined = mine.merge(parents, on="reply_to", how="inner")
    replies = joined.loc[joined["member_id"] != joined["parent_member"]]
    asked = [isinstance(text, str) and not isinstance(reply, str) and looks_like_question(text)
             for text, reply in zip(replies["parent_text"], replies["parent_reply"], strict=True)]
    answers = replies.loc[pd.Series(asked, index=replies.index, dtype=bool)]
    names = dict(zip(frames.members["member_id"], frames.members["display_name"], strict=True))
    events = ctx.events
    content = frames.content.loc[within(frames.content["published_at"], ctx.start_at, ctx.end_at)]
    pairs = active_in(mentoring, period.start, period.end)
    due = [d is None or period.start <= d <= period.end for d in map(_day, tasks["due"])] if len(tasks) else []
    current = tasks.loc[due] if len(tasks) else tasks
    rows = []
    for member_id in member_ids:
        host_names = {member_id, names.get(member_id)}
        theirs = current.loc[current["member_id"] == member_id] if len(current) else current
        status = theirs["status"].fillna("open") if len(theirs) else pd.Series(dtype=object)
        rows.append({
            "member_id": member_id,
            "replies_given": int((replies["member_id"] == member_id).sum()),
            "answers_given": int((answers["member_id"] == member_id).sum()),
            "events_hosted": int(events["host"].isin(host_names - {None}).sum()),
            "content_written": int((content["author_id"] == member_id).sum()),
            "mentees": int((pairs["mentor_id"] == member_id).sum()) if len(pairs) else 0,
            "open_tasks": int((status == "open").sum()), "done_tasks": int((status == "done").sum())})
    return pd.DataFrame(rows, columns=["member_id", *CONTRIBUTIONS])


def suggested_role(row: pd.Series | dict[str, Any]) -> str:
    if row["content_written"] > 0:
        return "content_author"
    if row["events_hosted"] > 0:
        return "speaker"
    if row["answers_given"] >= MENTOR_MIN_ANSWERS:
        return "mentor"
    return "moderator"


def promotion_candidates(ctx: Context, roles: pd.DataFrame, mentoring: pd.DataFrame,
                         tasks: pd.DataFrame) -> pd.DataFrame:
    """Automatic core members of P without an active role, with their contributions, points of the window and a
    suggested role, by points (most first)."""
    core = core_members(ctx)
    holding = set(active_in(roles, ctx.period.start, ctx.period.end)["member_id"]) if len(roles) else set()
    chosen = [c for c in core if c["member_id"] not in holding]
    table = contributions(ctx, [c["member_id"] for c in chosen], mentoring, tasks)
    table.insert(1, "points", [c["points"] for c in chosen])
    table.insert(2, "active_weeks", [c["active_weeks"] for c in chosen])
    table["suggested_role"] = [suggested_role(r) for _, r in table.iterrows()]
    return table


def roster(ctx: Context, roles: pd.DataFrame, mentoring: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Roles active in P, one row per member and role, with the member's contributions of P beside it."""
    active = active_in(roles, ctx.period.start, ctx.period.end)
    if active.empty:
        return pd.DataFrame(columns=["member_id", "role", "since", *CONTRIBUTIONS])
    active = active.sort_values(["role", "member_id"], kind="stable")
    done = contributions(ctx, list(dict.fromkeys(active["member_id"])), mentoring, tasks)
    return active[["member_id", "role", "since"]].merge(done, on="member_id", how="left")
