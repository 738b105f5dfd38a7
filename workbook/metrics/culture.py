"""METRICS.md `points` and `culture`: cumulative points, levels, leaderboard and core members."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from workbook.metrics.context import REACTIONS, Context, attended_events, iso_week_starts, local_days
from workbook.profile import Profile
from workbook.store import Frames

LEADERBOARD_SIZE = 10


def _before(moments: pd.Series, since: pd.Timestamp | None, until: pd.Timestamp) -> pd.Series:
    mask = moments < until
    return mask & (moments >= since) if since is not None else mask


def message_points(messages: pd.DataFrame, profile: Profile, timezone: str) -> pd.Series:
    """Per member: 1 a message and +1 a reply, each at most `message_daily_cap` a local day."""
    if messages.empty:
        return pd.Series(dtype="float64")
    rules = profile.points
    codes, members = pd.factorize(messages["member_id"])
    days = local_days(messages["sent_at"], timezone).astype("int64")
    key = codes.astype("int64") * 2**24 + (days - days.min())
    member_day, inverse = np.unique(key, return_inverse=True)
    sent = np.bincount(inverse)
    replies = np.bincount(inverse, weights=messages["reply_to"].notna().to_numpy(dtype="float64"))
    cap = rules.message_daily_cap
    per_day = np.minimum(sent, cap) * rules.message + np.minimum(replies, cap) * rules.reply_bonus
    per_member = np.bincount(member_day // 2**24, weights=per_day, minlength=len(members))
    return pd.Series(per_member, index=pd.Index(members, name="member_id"))


def points_by_member(frames: Frames, profile: Profile, timezone: str, until: pd.Timestamp,
                     since: pd.Timestamp | None = None) -> pd.Series:
    """Points earned in [since, until) per member (since=None: from the first day of data)."""
    rules = profile.points
    messages = frames.messages.loc[_before(frames.messages["sent_at"], since, until), ["member_id", "sent_at",
                                                                                         "reply_to"]]
    parts = [message_points(messages, profile, timezone)]
    went = attended_events(frames)
    went = went.loc[_before(went["starts_at"], since, until)]
    parts.append(went.groupby("member_id").size() * rules.event_attended)
    feedback = frames.feedback.loc[frames.feedback["member_id"].notna()
                                   & _before(frames.feedback["submitted_at"], since, until)]
    parts.append(feedback.groupby("member_id").size() * rules.feedback_given)
    content = frames.content.loc[frames.content["member_generated"] & frames.content["author_id"].notna()
                                 & _before(frames.content["published_at"], since, until)]
    parts.append(content.groupby("author_id").size() * rules.member_content)
    interactions = frames.interactions
    reactions = interactions.loc[interactions["action"].isin(REACTIONS) & _before(interactions["at"], since, until)]
    parts.append(reactions.groupby("member_id").size() * rules.reaction_given)
    parts = [p.astype("float64") for p in parts if len(p)]
    if not parts:
        return pd.Series(dtype="float64")
    return pd.concat(parts).groupby(level=0).sum()


def levels_for(points: pd.Series, profile: Profile) -> pd.Series:
    """English level name for each points total (highest threshold reached)."""
    thresholds = np.array([lv.min_points for lv in profile.levels])
    names = np.array([lv.en for lv in profile.levels], dtype=object)
    return pd.Series(names[np.searchsorted(thresholds, points.to_numpy(), side="right") - 1], index=points.index)


def points_section(ctx: Context) -> dict[str, Any]:
    """METRICS.md `points`: top-10 leaderboard and members per level, over members of the period."""
    totals = points_by_member(ctx.frames, ctx.profile, ctx.tz, ctx.end_at)
    totals = totals.reindex(ctx.members_in_period, fill_value=0.0).astype("float64")
    level = levels_for(totals, ctx.profile)
    zh = {lv.en: lv.zh for lv in ctx.profile.levels}
    ranked = pd.DataFrame({"member_id": totals.index, "points": totals.to_numpy(), "level": level.to_numpy()})
    ranked = ranked.sort_values(["points", "member_id"], ascending=[False, True], kind="stable")
    counts = ranked["level"].value_counts()
    return {
        "leaderboard": [{"member_id": r.member_id, "points": float(r.points), "level": r.level,
                         "level_zh": zh[r.level]} for r in ranked.head(LEADERBOARD_SIZE).itertuples()],
        "by_level": {lv.en: int(counts.get(lv.en, 0)) for lv in ctx.profile.levels},
        "levels": [{"min_points": lv.min_points, "zh-CN": lv.zh, "en": lv.en} for lv in ctx.profile.levels],
    }


def active_weeks(ctx: Context, since: pd.Timestamp) -> pd.Series:
    """Distinct ISO weeks (local time) with a message, an attended event or an interaction, per member."""
    frames, until = ctx.frames, ctx.end_at
    messages = frames.messages.loc[_before(frames.messages["sent_at"], since, until), ["member_id", "sent_at"]]
    went = attended_events(frames)
    went = went.loc[_before(went["starts_at"], since, until)]
    touched = frames.interactions.loc[_before(frames.interactions["at"], since, until), ["member_id", "at"]]
    moments = pd.concat([
        pd.DataFrame({"member_id": messages["member_id"], "week": iso_week_starts(
            local_days(messages["sent_at"], ctx.tz))}),
        pd.DataFrame({"member_id": went["member_id"], "week": iso_week_starts(local_days(went["starts_at"], ctx.tz))}),
        pd.DataFrame({"member_id": touched["member_id"], "week": iso_week_starts(local_days(touched["at"], ctx.tz))}),
    ])
    return moments.drop_duplicates().groupby("member_id").size()


def core_members(ctx: Context) -> list[dict[str, Any]]:
    """Members of the period in the top share by points of the window, active in enough ISO weeks."""
    rules = ctx.profile.core_members
    members = ctx.members_in_period
    if members.empty:
        return []
    since = ctx.window_start(rules.window_days)
    window = points_by_member(ctx.frames, ctx.profile, ctx.tz, ctx.end_at, since)
    window = window.reindex(members, fill_value=0.0).sort_values(ascending=False, kind="stable")
    top_n = max(1, math.floor(rules.top_share * len(members)))
    cutoff = window.iloc[top_n - 1]
    weeks = active_weeks(ctx, since).reindex(window.index, fill_value=0)
    chosen = window.loc[(window >= cutoff) & (window > 0) & (weeks >= rules.min_active_weeks)]
    ordered = pd.DataFrame({"member_id": chosen.index, "points": chosen.to_numpy()})
    ordered = ordered.sort_values(["points", "member_id"], ascending=[False, True], kind="stable")
    return [{"member_id": r.member_id, "points": float(r.points), "active_weeks": int(weeks[r.member_id])}
            for r in ordered.itertuples()]


def culture(ctx: Context) -> dict[str, Any]:
    """METRICS.md `culture`."""
    core = core_members(ctx)
    return {"core_members": core, "core_member_count": len(core)}
