"""Newcomers of the last 7 days not yet greeted by staff or not yet posted, worked out by hand."""

from __future__ import annotations

import pandas as pd

from workbook.kit.newcomers import Newcomer, newcomers
from workbook.store import frames_from_records

AS_OF = pd.Timestamp("2026-10-31T15:59:59Z")  # the end of 31 October in Asia/Shanghai
# Window: joined after 2026-10-24T15:59:59Z and up to AS_OF.
MEMBERS = [
    {"member_id": "s1", "display_name": "Host", "joined_at": "2026-01-01T00:00:00Z", "is_staff": True},
    # n1: greeted by a staff reply to its message, and posted → not listed.
    {"member_id": "n1", "display_name": "Ann", "joined_at": "2026-10-25T02:00:00Z"},
    # n2: posted, staff mention "@Bo" — but sent before the join → not greeted; listed (greeted False, posted True).
    {"member_id": "n2", "display_name": "Bo", "joined_at": "2026-10-26T02:00:00Z"},
    # n3: greeted by "@Cy," after the join, never posted → listed (greeted True, posted False).
    {"member_id": "n3", "display_name": "Cy", "joined_at": "2026-10-27T02:00:00Z"},
    # n4: only a staff mention of "@Cyril" (another name starting with Cy…) and of "@n4x"; no post → listed, neither.
    {"member_id": "n4", "display_name": "Dee", "joined_at": "2026-10-28T02:00:00Z"},
    # n5: joined 8 days before → outside the window. n6: left already. n7: joins after AS_OF.
    {"member_id": "n5", "display_name": "Eve", "joined_at": "2026-10-23T02:00:00Z"},
    {"member_id": "n6", "display_name": "Fay", "joined_at": "2026-10-29T02:00:00Z", "left_at": "2026-10-30T02:00:00Z"},
    {"member_id": "n7", "display_name": "Gus", "joined_at": "2026-11-01T02:00:00Z"},
    # n8: a plain staff announcement after the join is no greeting; greeted by "@n8" (member id) only after AS_OF.
    {"member_id": "n8", "display_name": "Hal", "joined_at": "2026-10-30T02:00:00Z"},
]
MESSAGES = [
    {"message_id": "a", "member_id": "n1", "sent_at": "2026-10-25T03:00:00Z"},
    {"message_id": "b", "member_id": "s1", "sent_at": "2026-10-25T04:00:00Z", "reply_to": "a", "text": "hi"},
    {"message_id": "c", "member_id": "s1", "sent_at": "2026-10-26T01:00:00Z", "text": "@Bo soon!"},
    {"message_id": "d", "member_id": "n2", "sent_at": "2026-10-26T05:00:00Z"},
    {"message_id": "e", "member_id": "s1", "sent_at": "2026-10-27T05:00:00Z", "text": "welcome @Cy, glad"},
    {"message_id": "f", "member_id": "s1", "sent_at": "2026-10-28T05:00:00Z", "text": "@Cyril @n4x thanks"},
    {"message_id": "g", "member_id": "s1", "sent_at": "2026-10-30T05:00:00Z", "text": "Live at 8pm"},
    {"message_id": "h", "member_id": "s1", "sent_at": "2026-11-01T05:00:00Z", "text": "@n8 welcome"},
]


def test_newcomers_by_hand() -> None:
    frames = frames_from_records(members=MEMBERS, messages=MESSAGES)
    found = newcomers(frames.members, frames.messages, AS_OF)
    assert [(n.member_id, n.display_name, n.greeted, n.posted) for n in found] == [
        ("n2", "Bo", False, True), ("n3", "Cy", True, False), ("n4", "Dee", False, False),
        ("n8", "Hal", False, False)]
    assert isinstance(found[0], Newcomer) and found[0].joined_at == pd.Timestamp("2026-10-26T02:00:00Z")
    # A day later (window after 2026-10-25T15:59:59Z): n1 has left the window (it was not listed anyway), n7 has
    # joined, and n8's greeting of 1 November counts.
    later = newcomers(frames.members, frames.messages, AS_OF + pd.Timedelta(days=1))
    assert [(n.member_id, n.greeted, n.posted) for n in later] == [
        ("n2", False, True), ("n3", True, False), ("n4", False, False), ("n8", True, False), ("n7", False, False)]


def test_no_members_no_newcomers() -> None:
    frames = frames_from_records()
    assert newcomers(frames.members, frames.messages, AS_OF) == []


def test_a_saved_welcome_mentioning_them_greets_them() -> None:
    frames = frames_from_records(members=MEMBERS, messages=MESSAGES)
    # Saved 29 October: greets n2 (joined 26th; it posted too, so it leaves the list) and n4 (28th, "@Dee" ends at
    # the comma) but not n8 (joined 30th, after the save).
    welcomes = [(pd.Timestamp("2026-10-29T00:00:00Z"), "@Bo @Dee, @Hal welcome!")]
    found = newcomers(frames.members, frames.messages, AS_OF, welcomes=welcomes)
    assert [(n.member_id, n.greeted, n.posted) for n in found] == [
        ("n3", True, False), ("n4", True, False), ("n8", False, False)]
    # A welcome saved later (the facilitator catching up on a past week) greets n8 too.
    later = [*welcomes, (pd.Timestamp("2026-11-20T00:00:00Z"), "@Hal welcome!")]
    assert [n.member_id for n in newcomers(frames.members, frames.messages, AS_OF, welcomes=later)
            if not n.greeted] == []
