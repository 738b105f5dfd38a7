"""Candidate community stories found in a period's data, for a facilitator to accept, edit and tag.

Four kinds, each with the messages that tell it:
- `thank_you`: a member's reply that thanks (谢谢/感谢/多谢/thanks/thank you) another member for a message;
  one story per thanked message, with the message it answered (when it was itself a reply), the thanked
  message and every thank-you to it. Thanks to staff, to oneself, or not replying to anyone are not stories.
- `member_answer`: a member's question of P (voice.looks_like_question, not a reply) answered by a reply from
  another non-staff member; answers from staff alone do not make one.
- `newcomer_regular`: a member who joined within NEWCOMER_DAYS before P's end and whose cumulative points
  crossed the second level (活跃 Regular by default) during P: below it at P's start, at or above it at P's end.
- `best_event`: the best-scored events of P (at most BEST_EVENTS) with their feedback comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from workbook.metrics.context import Context, local_days, within
from workbook.metrics.culture import points_by_member
from workbook.metrics.events import top_events
from workbook.metrics.voice import looks_like_question
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames

NEWCOMER_DAYS = 90
BEST_EVENTS = 3
THANKS = re.compile(r"谢谢|感谢|多谢|谢啦|\bthanks?\b(?!\s+but\b)|\bthank\s+you\b|\bthx\b", re.IGNORECASE)
# Polite refusals and "you're welcome" carry the same characters without thanking anyone.
NOT_THANKS = re.compile(r"不用谢|不客气|无需感谢|\bno,?\s+thanks?\b|\bthanks\s+but\s+no\b", re.IGNORECASE)


def thanks(text: object) -> bool:
    """Whether a message's text thanks someone (谢谢/感谢/多谢/thanks/thank you), not "不用谢" or "no thanks"."""
    if not isinstance(text, str):
        return False
    return bool(THANKS.search(text)) and not NOT_THANKS.search(text)


@dataclass(frozen=True)
class Quote:
    """One message (or feedback comment) of a story."""

    ref: str
    member_id: str | None
    at: pd.Timestamp
    text: str | None


@dataclass(frozen=True)
class Candidate:
    story_id: str  # stable across runs: kind and the message or event it grew from
    kind: str
    at: pd.Timestamp
    members: tuple[str, ...]
    quotes: tuple[Quote, ...]
    value: float | None = None  # answers, points or score, by kind
    subject: str = ""  # an event's title

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(q.ref for q in self.quotes) if self.quotes else ((self.story_id.split(":", 1)[1],))


def _quote(row: Any) -> Quote:
    text = row.text if isinstance(row.text, str) else None
    return Quote(str(row.message_id), str(row.member_id), row.sent_at, text)


def _quotes(messages: pd.DataFrame) -> list[Quote]:
    """Quotes of a frame's messages in its order (column access: itertuples per group cost seconds)."""
    return [Quote(str(m), str(w), at, text if isinstance(text, str) else None) for m, w, at, text in
            zip(messages["message_id"], messages["member_id"], messages["sent_at"], messages["text"], strict=True)]


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def thank_you(ctx: Context) -> list[Candidate]:
    """Stories of members thanked by other members for a message (see the module docstring)."""
    said = ctx.member_messages
    thanking = said.loc[said["reply_to"].notna() & said["text"].map(thanks).astype(bool)]
    if thanking.empty:
        return []
    columns = ["message_id", "member_id", "sent_at", "text", "reply_to"]
    messages = ctx.frames.messages[columns].drop_duplicates("message_id")
    parents = messages.loc[messages["message_id"].isin(thanking["reply_to"])]
    pairs = thanking[columns].merge(parents.rename(columns={c: f"p_{c}" for c in columns}), left_on="reply_to",
                                    right_on="p_message_id")
    pairs = pairs.loc[(pairs["p_member_id"] != pairs["member_id"]) & ~pairs["p_member_id"].isin(ctx.staff_ids)]
    if pairs.empty:
        return []
    pairs = pairs.sort_values(["sent_at", "message_id"], kind="stable")
    needed = messages.loc[messages["message_id"].isin(set(pairs["reply_to"]) | set(pairs["p_reply_to"].dropna()))]
    shown = {q.ref: q for q in _quotes(needed)}
    found = []
    for parent_id, rows in pairs.groupby("reply_to", sort=False):
        asked = rows["p_reply_to"].iloc[0]
        quotes = [shown[asked]] if isinstance(asked, str) and asked in shown else []
        quotes.append(shown[str(parent_id)])
        quotes += _quotes(rows)
        found.append(Candidate(f"thank_you:{parent_id}", "thank_you", rows["sent_at"].iloc[0],
                               _unique([str(rows["p_member_id"].iloc[0]), *map(str, rows["member_id"])]),
                               tuple(quotes), float(len(rows))))
    return found


def member_answer(ctx: Context) -> list[Candidate]:
    """Members' questions of P answered by another non-staff member (replies at any time after)."""
    said = ctx.member_messages
    asked = said.loc[said["reply_to"].isna() & said["text"].notna()]
    asked = asked.loc[asked["text"].astype(str).map(looks_like_question).astype(bool)]
    if asked.empty:
        return []
    messages = ctx.frames.messages
    replies = messages.loc[messages["reply_to"].isin(asked["message_id"])
                           & ~messages["member_id"].isin(ctx.staff_ids),
                           ["message_id", "member_id", "sent_at", "text", "reply_to"]]
    questions = asked[["message_id", "member_id", "sent_at"]].rename(
        columns={"message_id": "reply_to", "member_id": "asker", "sent_at": "asked_at"})
    answers = replies.merge(questions, on="reply_to")
    answers = answers.loc[(answers["member_id"] != answers["asker"]) & (answers["sent_at"] >= answers["asked_at"])]
    by_question = {qid: group for qid, group in
                   answers.sort_values(["sent_at", "message_id"], kind="stable").groupby("reply_to", sort=False)}
    found = []
    for question in asked.sort_values(["sent_at", "message_id"], kind="stable").itertuples():
        group = by_question.get(question.message_id)
        if group is None:
            continue
        found.append(Candidate(f"member_answer:{question.message_id}", "member_answer", question.sent_at,
                               _unique([str(question.member_id), *map(str, group["member_id"])]),
                               (_quote(question), *_quotes(group)),
                               float(group["member_id"].nunique())))
    return found


def newcomer_regular(ctx: Context) -> list[Candidate]:
    """Members who joined within NEWCOMER_DAYS before P's end and reached the second level during P."""
    levels = sorted(ctx.profile.levels, key=lambda lv: lv.min_points)
    if len(levels) < 2:
        return []
    threshold = levels[1].min_points
    members = ctx.frames.members
    joined = pd.Series(local_days(members["joined_at"], ctx.tz), index=members.index)
    recent = np.datetime64(ctx.period.end - timedelta(days=NEWCOMER_DAYS - 1), "D")
    newcomers = members.loc[members["member_id"].isin(ctx.members_in_period) & (joined >= recent), "member_id"]
    if newcomers.empty:
        return []
    frames = ctx.frames
    own = replace(frames, messages=frames.messages.loc[frames.messages["member_id"].isin(newcomers)],
                  attendance=frames.attendance.loc[frames.attendance["member_id"].isin(newcomers)],
                  feedback=frames.feedback.loc[frames.feedback["member_id"].isin(newcomers)],
                  content=frames.content.loc[frames.content["author_id"].isin(newcomers)],
                  interactions=frames.interactions.loc[frames.interactions["member_id"].isin(newcomers)])
    before = points_by_member(own, ctx.profile, ctx.tz, ctx.start_at).reindex(newcomers, fill_value=0.0)
    after = points_by_member(own, ctx.profile, ctx.tz, ctx.end_at).reindex(newcomers, fill_value=0.0)
    crossed = after.loc[(before < threshold) & (after >= threshold)].sort_values(ascending=False, kind="stable")
    messages = own.messages
    found = []
    for member_id, points in crossed.items():
        theirs = messages.loc[messages["member_id"] == member_id].sort_values(["sent_at", "message_id"])
        shown = theirs.head(1)
        in_period = theirs.loc[within(theirs["sent_at"], ctx.start_at, ctx.end_at) & theirs["text"].notna()]
        if len(in_period):
            shown = pd.concat([shown, in_period.tail(1)]).drop_duplicates("message_id")
        at = in_period["sent_at"].iloc[-1] if len(in_period) else ctx.end_at - pd.Timedelta(seconds=1)
        found.append(Candidate(f"newcomer_regular:{member_id}", "newcomer_regular", at, (str(member_id),),
                               tuple(_quote(r) for r in shown.itertuples()), float(points)))
    return found


def best_event(ctx: Context, document: dict[str, Any]) -> list[Candidate]:
    """The best-scored events of P with their feedback comments."""
    feedback = ctx.frames.feedback
    found = []
    for event in top_events(document.get("events", []), BEST_EVENTS):
        comments = feedback.loc[(feedback["event_id"] == event["event_id"]) & feedback["comment"].notna()]
        quotes = tuple(Quote(f"{event['event_id']}/{r.response_id}", r.member_id if isinstance(r.member_id, str)
                             else None, r.submitted_at, str(r.comment))
                       for r in comments.sort_values("submitted_at", kind="stable").itertuples())
        found.append(Candidate(f"best_event:{event['event_id']}", "best_event",
                               pd.Timestamp(event["starts_at"]), (), quotes, float(event["score"]),
                               str(event["title"])))
    return found


def candidates(frames: Frames, profile: Profile, period: Period,
               document: dict[str, Any] | None = None) -> list[Candidate]:
    """Every candidate story of P, by kind then time. `document` (the period's metrics) gives event scores."""
    from workbook.metrics import compute

    ctx = Context(frames, profile, period)
    if document is None:
        document = compute(frames, profile, period, sections=("events",))
    return [*thank_you(ctx), *member_answer(ctx), *newcomer_regular(ctx), *best_event(ctx, document)]


def display_names(members: pd.DataFrame, profile: Profile) -> dict[str, str]:
    """member_id → how a report may name them: the name of a consenting member, the id otherwise and always
    under pseudonymisation (as every pack names people)."""
    named = members["consent"].fillna(False).astype(bool) & ~profile.privacy.pseudonymise
    names = members["display_name"].where(named & members["display_name"].notna(), members["member_id"])
    return dict(zip(members["member_id"].astype(str), names.astype(str), strict=True))


def consenting(members: pd.DataFrame, profile: Profile) -> set[str]:
    if profile.privacy.pseudonymise:
        return set()
    return set(members.loc[members["consent"].fillna(False).astype(bool), "member_id"].astype(str))


def unconsented_names(text: str, members: pd.DataFrame, profile: Profile) -> list[str]:
    """Display names of members who did not agree to be named that appear in a story's text (never saved)."""
    allowed = consenting(members, profile)
    found = []
    for row in members.itertuples():
        name = row.display_name
        if isinstance(name, str) and len(name.strip()) >= 2 and str(row.member_id) not in allowed \
                and name.strip() in text:
            found.append(name.strip())
    return sorted(set(found))


def split_list(text: object) -> list[str]:
    """A stored comma list (members, refs, tags) as items; Chinese commas and semicolons separate too."""
    if not isinstance(text, str):
        return []
    return [item.strip() for item in re.split(r"[,，;；、]", text) if item.strip()]


def accepted_in_period(stories: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Accepted stories whose moment lies in P, oldest first."""
    if stories.empty:
        return stories
    chosen = stories.loc[(stories["status"] == "accepted") & within(stories["at"], period.start_at, period.end_at)]
    return chosen.sort_values(["at", "story_id"], kind="stable")


def quotes_for_report(refs: list[str], messages: pd.DataFrame, feedback: pd.DataFrame,
                      allowed: set[str], names: dict[str, str]) -> list[str]:
    """The story's messages a report may quote: only those written by members who agreed to be named
    ("name: text"); anything else is left out, never shown under an id."""
    by_message = messages.drop_duplicates("message_id").set_index("message_id")
    lines = []
    for ref in refs:
        if ref in by_message.index:
            author, text = str(by_message.at[ref, "member_id"]), by_message.at[ref, "text"]
        elif "/" in ref:
            event_id, response_id = ref.split("/", 1)
            rows = feedback.loc[(feedback["event_id"] == event_id) & (feedback["response_id"] == response_id)]
            if rows.empty:
                continue
            author, text = str(rows["member_id"].iloc[0]), rows["comment"].iloc[0]
        else:
            continue
        if author in allowed and isinstance(text, str) and text.strip():
            lines.append(f"{names.get(author, author)}: {text.strip()}")
    return lines
