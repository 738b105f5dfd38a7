"""What every metric module shares: the period's bounds, local-day bucketing and members in the period."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import numpy as np
import pandas as pd

from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames

DAY = pd.Timedelta(days=1)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is 0 (METRICS.md: empty denominators)."""
    if denominator == 0 or denominator is None or (isinstance(denominator, float) and math.isnan(denominator)):
        return None
    return float(numerator) / float(denominator)


def number(value: object) -> float | None:
    """A plain float, or None for NaN/None (JSON has no NaN)."""
    if value is None:
        return None
    result = float(value)  # type: ignore[arg-type]
    return None if math.isnan(result) else result


def local_days(moments: pd.Series, timezone: str) -> np.ndarray:
    """Calendar day (datetime64[D]) of each UTC moment, read in the client's time zone."""
    if moments.empty:
        return np.array([], dtype="datetime64[D]")
    local = moments.dt.tz_convert(timezone).dt.tz_localize(None)
    return local.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def iso_week_starts(days: np.ndarray) -> np.ndarray:
    """Monday of each day's ISO week (1970-01-01 was a Thursday, hence the +3)."""
    as_int = days.astype("int64")
    return (as_int - (as_int + 3) % 7).astype("datetime64[D]")


def within(moments: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Mask of moments in [start, end)."""
    return (moments >= start) & (moments < end)


OTHER = "other"
QUESTION_MARKS = r"[?？]"
REACTIONS = ("like", "comment", "share")  # interactions that count as reacting to content


def attended_events(frames: Frames) -> pd.DataFrame:
    """Columns event_id, member_id, starts_at: one row per attendance marked attended, with its event's start."""
    attendance = frames.attendance.loc[frames.attendance["attended"], ["event_id", "member_id"]]
    return attendance.merge(frames.events[["event_id", "starts_at"]], on="event_id")


def questions_among(messages: pd.DataFrame) -> pd.DataFrame:
    """The messages that ask (METRICS.md questions): not a reply, text with ? or ？."""
    candidates = messages.loc[messages["reply_to"].isna() & messages["text"].notna()]
    return candidates.loc[candidates["text"].astype(str).str.contains(QUESTION_MARKS, regex=True)]


def slots_due(plan: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Content-plan slots whose due date lies in the period."""
    if plan.empty:
        return plan
    due = pd.to_datetime(plan["due"]).dt.date
    return plan.loc[(due >= period.start) & (due <= period.end)]


def fold_small_groups(labels: pd.Series, min_size: int) -> pd.Series:
    """Each row's group (department, channel, cohort …) as a breakdown may publish it: groups of fewer than
    `min_size` rows merged into "other", and None — left out of the breakdown — where even "other" stays under
    `min_size`, so no group of fewer than `min_size` people is ever shown (METRICS.md; `privacy.min_group_size`)."""
    labels = labels.fillna(OTHER).astype(object)
    folded = labels.where(labels.map(labels.value_counts()) >= min_size, OTHER)
    if (folded == OTHER).sum() < min_size:
        folded = folded.where(folded != OTHER, None)
    return folded


@dataclass
class Context:
    """Frames, profile and period plus the derived sets every domain needs, computed once."""

    frames: Frames
    profile: Profile
    period: Period

    @property
    def tz(self) -> str:
        return self.period.timezone

    @property
    def start_at(self) -> pd.Timestamp:
        return self.period.start_at

    @property
    def end_at(self) -> pd.Timestamp:
        return self.period.end_at

    @cached_property
    def staff_ids(self) -> pd.Index:
        members = self.frames.members
        return pd.Index(members.loc[members["is_staff"], "member_id"].unique())

    @cached_property
    def members_in_period(self) -> pd.Index:
        """Non-staff members joined by `end` and not left on or before `start` (local calendar dates)."""
        return pd.Index(self.frames.members.loc[self.member_in_period_mask(self.period), "member_id"].unique())

    def member_in_period_mask(self, period: Period) -> pd.Series:
        members = self.frames.members
        joined = pd.Series(local_days(members["joined_at"], self.tz), index=members.index)
        left = pd.Series(local_days(members["left_at"], self.tz), index=members.index)
        start, end = np.datetime64(period.start, "D"), np.datetime64(period.end, "D")
        return ~members["is_staff"] & (joined <= end) & (left.isna() | (left > start))

    @cached_property
    def messages(self) -> pd.DataFrame:
        """Every message sent in P, staff included, with `is_staff` and local `day` columns."""
        return self.messages_between(self.start_at, self.end_at)

    def messages_between(self, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
        all_messages = self.frames.messages
        chosen = all_messages.loc[within(all_messages["sent_at"], start, end)].copy()
        chosen["is_staff"] = chosen["member_id"].isin(self.staff_ids)
        chosen["day"] = local_days(chosen["sent_at"], self.tz)
        return chosen

    @cached_property
    def member_messages(self) -> pd.DataFrame:
        """Messages in P by non-staff senders."""
        return self.messages.loc[~self.messages["is_staff"]]

    @cached_property
    def events(self) -> pd.DataFrame:
        """Events starting in P, sorted by starts_at."""
        events = self.frames.events
        chosen = events.loc[within(events["starts_at"], self.start_at, self.end_at)]
        return chosen.sort_values(["starts_at", "event_id"], kind="stable")

    @cached_property
    def attendees(self) -> pd.Index:
        """Members who attended an event of P."""
        attendance = self.frames.attendance
        rows = attendance["attended"] & attendance["event_id"].isin(self.events["event_id"])
        return pd.Index(attendance.loc[rows, "member_id"].unique())

    @cached_property
    def interactions(self) -> pd.DataFrame:
        interactions = self.frames.interactions
        return interactions.loc[within(interactions["at"], self.start_at, self.end_at)]

    def day_start(self, day: object) -> pd.Timestamp:
        """First instant of a local calendar day."""
        return pd.Timestamp(day).tz_localize(self.tz)

    def window_start(self, days: int) -> pd.Timestamp:
        """First instant of the `days` local calendar days ending with P's last day."""
        return self.day_start(self.period.end - timedelta(days=days - 1))
