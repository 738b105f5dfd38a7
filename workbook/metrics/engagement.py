"""METRICS.md `engagement`: members, posters, activity, concentration, newcomers and questions."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from workbook.metrics.context import DAY, Context, attended_events, local_days, number, questions_among, ratio, within

COURSE_KINDS = ("courseware", "video")


def gini(counts: np.ndarray) -> float:
    """Gini of counts, zeros included: G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n+1)/n over ascending xᵢ; 0 when Σ xᵢ = 0."""
    values = np.sort(np.asarray(counts, dtype="float64"))
    n, total = len(values), values.sum()
    if n == 0 or total == 0:
        return 0.0
    ranks = np.arange(1, n + 1, dtype="float64")
    return float(2 * (ranks * values).sum() / (n * total) - (n + 1) / n)


def absence_factor(counts: np.ndarray) -> int:
    """Fewest senders whose messages together make ≥ 50 % of all (CHAOSS contributor absence factor)."""
    values = np.sort(np.asarray(counts, dtype="float64"))[::-1]
    total = values.sum()
    if total == 0:
        return 0
    return int(np.searchsorted(np.cumsum(values), total / 2, side="left") + 1)


def messages_per_member(ctx: Context) -> pd.Series:
    """Messages in P per member of the period, zeros included."""
    members = ctx.members_in_period
    counts = ctx.member_messages["member_id"].value_counts()
    return counts.reindex(members, fill_value=0).astype("int64")


def posters(ctx: Context) -> pd.Index:
    return pd.Index(ctx.member_messages["member_id"].unique()).intersection(ctx.members_in_period)


def active_members(ctx: Context) -> pd.Index:
    """Members of the period who posted, attended an event or had an interaction in P."""
    acted = pd.Index(ctx.member_messages["member_id"].unique()).union(ctx.attendees)
    acted = acted.union(pd.Index(ctx.interactions["member_id"].unique()))
    return acted.intersection(ctx.members_in_period)


def dau_avg(ctx: Context) -> float:
    """Mean over every day of P of distinct posters (members of the period) that day."""
    mine = ctx.member_messages.loc[ctx.member_messages["member_id"].isin(ctx.members_in_period)]
    daily = mine.drop_duplicates(["day", "member_id"]).shape[0]
    return daily / ctx.period.days


def tiers(counts: pd.Series, heavy_min: int) -> dict[str, int]:
    return {"lurkers": int((counts == 0).sum()),
            "contributors": int(((counts >= 1) & (counts < heavy_min)).sum()),
            "heavy": int((counts >= heavy_min).sum())}


def new_member_ids(ctx: Context) -> pd.Series:
    members = ctx.frames.members
    joined = members.loc[~members["is_staff"] & within(members["joined_at"], ctx.start_at, ctx.end_at)]
    return joined.set_index("member_id")["joined_at"]


def activation_rate_7d(ctx: Context) -> float | None:
    """Share of newcomers of P who posted or attended within 7×24 h of joining (later data counts)."""
    joined = new_member_ids(ctx)
    if joined.empty:
        return None
    messages = ctx.frames.messages
    mine = messages.loc[messages["member_id"].isin(joined.index), ["member_id", "sent_at"]]
    deltas = mine["sent_at"] - mine["member_id"].map(joined)
    activated = set(mine.loc[(deltas >= pd.Timedelta(0)) & (deltas < 7 * DAY), "member_id"])
    went = attended_events(ctx.frames)
    went = went.loc[went["member_id"].isin(joined.index)]
    deltas = went["starts_at"] - went["member_id"].map(joined)
    activated |= set(went.loc[(deltas >= pd.Timedelta(0)) & (deltas < 7 * DAY), "member_id"])
    return ratio(len(activated), len(joined))


def dormant_ids(ctx: Context, poster_ids: pd.Index) -> list[str]:
    """Members of the period who posted in prev(P) and not in P."""
    prev = ctx.period.prev()
    before = ctx.messages_between(prev.start_at, prev.end_at)
    earlier = pd.Index(before.loc[~before["is_staff"], "member_id"].unique())
    return sorted(earlier.intersection(ctx.members_in_period).difference(poster_ids))


def completion_rate(ctx: Context) -> float | None:
    """Members of P with a `complete` interaction in P / members of P with any interaction on a course item
    (courseware or video) in P (METRICS.md engagement.completion_rate)."""
    members = ctx.members_in_period
    touched = ctx.interactions.loc[ctx.interactions["member_id"].isin(members)]
    courses = ctx.frames.content.loc[ctx.frames.content["kind"].isin(COURSE_KINDS), "content_id"]
    learners = touched.loc[touched["content_id"].isin(courses), "member_id"].nunique()
    completed = touched.loc[touched["action"] == "complete", "member_id"].nunique()
    return ratio(completed, learners)


def last_posted(ctx: Context, member_ids: list[str]) -> dict[str, object]:
    """Each member's last local day with a message before P's end (members who never posted are left out)."""
    messages = ctx.frames.messages
    mine = messages.loc[(messages["sent_at"] < ctx.end_at) & messages["member_id"].isin(member_ids)]
    last = mine.groupby("member_id")["sent_at"].max()
    return {m: pd.Timestamp(day).date() for m, day in zip(last.index, local_days(last, ctx.tz), strict=True)}


def questions(ctx: Context) -> dict[str, Any]:
    """Questions asked in P and how fast someone else answered them (null when messages carry no text)."""
    empty = {"asked": None, "answered_24h": None, "unanswered_share": None, "median_first_response_minutes": None}
    if ctx.messages.empty or ctx.messages["text"].isna().all():
        return empty
    asked = questions_among(ctx.member_messages)
    if asked.empty:
        return {**empty, "asked": 0, "answered_24h": 0}
    all_messages = ctx.frames.messages
    replies = all_messages.loc[all_messages["reply_to"].isin(asked["message_id"]),
                               ["reply_to", "member_id", "sent_at"]]
    pairs = replies.merge(asked[["message_id", "member_id", "sent_at"]], left_on="reply_to",
                          right_on="message_id", suffixes=("", "_q"))
    pairs = pairs.loc[pairs["member_id"] != pairs["member_id_q"]]
    delay = pairs["sent_at"] - pairs["sent_at_q"]
    pairs = pairs.assign(delay=delay).loc[delay >= pd.Timedelta(0)]
    first = pairs.groupby("reply_to")["delay"].min()
    answered = int((first < DAY).sum())
    median = first.median() if len(first) else None
    return {"asked": len(asked), "answered_24h": answered,
            "unanswered_share": ratio(len(asked) - answered, len(asked)),
            "median_first_response_minutes": number(median / pd.Timedelta(minutes=1)) if median is not None
            else None}


def engagement(ctx: Context) -> dict[str, Any]:
    """The `engagement` section of METRICS.md."""
    members = ctx.frames.members
    non_staff = members.loc[~members["is_staff"]]
    in_period = len(ctx.members_in_period)
    counts = messages_per_member(ctx)
    poster_ids = posters(ctx)
    active = active_members(ctx)
    daily = dau_avg(ctx)
    dormant = dormant_ids(ctx, poster_ids)
    sender_counts = ctx.member_messages["member_id"].value_counts().to_numpy()
    messages_members = len(ctx.member_messages)
    left_days = local_days(non_staff["left_at"], ctx.tz)
    left = int(((left_days >= np.datetime64(ctx.period.start, "D"))
                & (left_days <= np.datetime64(ctx.period.end, "D"))).sum())
    return {
        "members_in_period": in_period,
        "new_members": len(new_member_ids(ctx)),
        "left_members": left,
        "messages_total": len(ctx.messages),
        "messages_members": messages_members,
        "posters": len(poster_ids),
        "active_members": len(active),
        "posting_rate": ratio(len(poster_ids), in_period),
        "active_rate": ratio(len(active), in_period),
        "dau_avg": daily,
        "stickiness": ratio(daily, len(poster_ids)),
        "gini_messages": gini(counts.to_numpy()),
        "tiers": tiers(counts, ctx.profile.heavy_poster_min_messages),
        "activation_rate_7d": activation_rate_7d(ctx),
        "dormant": len(dormant),
        "dormant_member_ids": dormant,
        "replies_share": ratio(int(ctx.member_messages["reply_to"].notna().sum()), messages_members),
        "absence_factor": absence_factor(sender_counts),
        "questions": questions(ctx),
        "completion_rate": completion_rate(ctx),
    }
