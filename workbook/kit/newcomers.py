"""Newcomers of the last days who still need a welcome from staff, or have not posted yet."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

WINDOW_DAYS = 7


@dataclass(frozen=True)
class Newcomer:
    member_id: str
    display_name: str
    joined_at: pd.Timestamp
    greeted: bool
    posted: bool


def newcomers(members: pd.DataFrame, messages: pd.DataFrame, as_of: pd.Timestamp, days: int = WINDOW_DAYS,
              welcomes: Sequence[tuple[pd.Timestamp, str]] = ()) -> list[Newcomer]:
    """Non-staff members who joined in (as_of − days, as_of], had not left by as_of, and are not yet greeted
    or have not yet posted, oldest join first; only messages up to as_of count.

    Greeted: at or after the newcomer's `joined_at`, either some staff member (`is_staff`) sent a message that
    replies to one of the newcomer's messages (`reply_to`) or mentions them — its text holds "@" followed by
    their display name or their member id — or the facilitator saved a welcome message on the Recruit &
    welcome page (`welcomes`: when saved, its text; even after as_of, as this list is a to-do list) that
    mentions them so. A staff message addressed to nobody
    (an announcement) is no greeting. Without message text (pseudonymised clients) only replies and saved
    welcomes can greet.
    Posted: the newcomer sent at least one message at or after `joined_at`.
    """
    as_of = pd.Timestamp(as_of)
    start = as_of - pd.Timedelta(days=days)
    joined = pd.to_datetime(members["joined_at"], utc=True)
    left = pd.to_datetime(members["left_at"], utc=True) if "left_at" in members else pd.Series(pd.NaT,
                                                                                               index=members.index)
    staff = members["is_staff"].fillna(False).astype(bool)
    recent = members.loc[~staff & (joined > start) & (joined <= as_of) & ~(left <= as_of)]
    staff_ids = set(members.loc[staff, "member_id"])
    sent = messages.loc[pd.to_datetime(messages["sent_at"], utc=True) <= as_of] if len(messages) else messages
    out = []
    for row in recent.sort_values(["joined_at", "member_id"], kind="stable").itertuples():
        at = pd.Timestamp(row.joined_at)
        after = sent.loc[pd.to_datetime(sent["sent_at"], utc=True) >= at] if len(sent) else sent
        own = after.loc[after["member_id"] == row.member_id] if len(after) else after
        from_staff = after.loc[after["member_id"].isin(staff_ids)] if len(after) else after
        mentions = (f"@{row.display_name}", f"@{row.member_id}")
        welcomed = [text for when, text in welcomes if at <= pd.Timestamp(when)]
        greeted = _addressed(from_staff, set(own["message_id"]) if len(own) else set(), mentions) or \
            _mentioned(welcomed, mentions)
        posted = len(own) > 0
        if not (greeted and posted):
            out.append(Newcomer(str(row.member_id), str(row.display_name or row.member_id), at, greeted, posted))
    return out


def _addressed(staff_messages: pd.DataFrame, their_ids: set[str], mentions: tuple[str, ...]) -> bool:
    if staff_messages.empty:
        return False
    if their_ids and staff_messages["reply_to"].isin(their_ids).any():
        return True
    texts = staff_messages["text"].dropna().astype(str) if "text" in staff_messages else pd.Series(dtype=str)
    return _mentioned(list(texts), mentions)


def _mentioned(texts: Sequence[str], mentions: tuple[str, ...]) -> bool:
    # "@Member 1" must not greet "Member 10": the mention ends where the name does.
    pattern = re.compile("|".join(re.escape(m) + r"(?!\w)" for m in mentions if len(m) > 1))
    return any(pattern.search(text) for text in texts)
