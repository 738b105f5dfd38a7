"""Turning a meeting's attendee list into attendance rows: merge rejoins, match members, pick the event."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd

from workbook.i18n import t
from workbook.ingest.base import Canonical, ImportContext
from workbook.ingest.values import BadValue
from workbook.profile import Profile

_EVENT_WINDOW = timedelta(hours=2)


@dataclass
class Attendee:
    """One person in a report, however many times they joined; `names` are the spellings to match on."""

    names: list[str]
    email: str | None
    row: int
    intervals: list[tuple[pd.Timestamp, pd.Timestamp]] = field(default_factory=list)
    minutes: float | None = None  # as reported, when the report gives no join/leave times


@dataclass
class Meeting:
    platform: str
    meeting_id: str | None
    title: str
    starts_at: pd.Timestamp
    ends_at: pd.Timestamp | None = None


def name_variants(name: str) -> list[str]:
    """ "Zoe (Zoe Li)" → the whole name, the name before the brackets and the one inside them."""
    name = name.strip()
    variants = [name]
    match = re.fullmatch(r"(.*?)\s*[(（](.+)[)）]", name)
    if match:
        variants += [match[1].strip(), match[2].strip()]
    return [v for v in dict.fromkeys(variants) if v]


def group_attendees(rows: list[tuple[int, str, str | None, pd.Timestamp | None, pd.Timestamp | None]]
                    ) -> list[Attendee]:
    """(row, name, email, join, leave) per report line → one Attendee per email (or name when no email)."""
    people: dict[str, Attendee] = {}
    for row, name, email, joined, left in rows:
        email = (email or "").strip().lower() or None
        key = email or name.strip()
        person = people.setdefault(key, Attendee(names=name_variants(name), email=email, row=row))
        for variant in name_variants(name):
            if variant not in person.names:
                person.names.append(variant)
        if joined is not None and left is not None and left >= joined:
            person.intervals.append((joined, left))
    return list(people.values())


def union_minutes(intervals: list[tuple[pd.Timestamp, pd.Timestamp]]) -> float:
    """Minutes covered by the union of the intervals (overlapping rejoins are not counted twice)."""
    total = pd.Timedelta(0)
    end: pd.Timestamp | None = None
    for start, stop in sorted(intervals):
        if end is None or start > end:
            total += stop - start
            end = stop
        elif stop > end:
            total += stop - end
            end = stop
    return round(total.total_seconds() / 60, 2)


def match_member(person: Attendee, members: pd.DataFrame) -> str | None:
    """Member id by email, then by an exact display name; None when absent or ambiguous (never guessed)."""
    if members.empty or "member_id" not in members:
        return None
    if person.email and "email" in members:
        hits = members[members["email"].fillna("").astype(str).str.strip().str.lower() == person.email]
        if len(hits) == 1:
            return str(hits["member_id"].iloc[0])
    if "display_name" in members:
        names = members["display_name"].fillna("").astype(str).str.strip()
        for variant in person.names:
            hits = members[names == variant]
            if len(hits) == 1:
                return str(hits["member_id"].iloc[0])
    return None


def find_event(meeting: Meeting, context: ImportContext) -> str | None:
    """`--event`, else the stored event starting nearest the meeting within ±2 h."""
    if context.event_id:
        return context.event_id
    events = context.events
    if events.empty or "starts_at" not in events:
        return None
    starts = pd.to_datetime(events["starts_at"], utc=True, errors="coerce")
    gaps = (starts - meeting.starts_at.tz_convert("UTC")).abs()
    close = gaps[gaps <= _EVENT_WINDOW]
    return str(events.loc[close.idxmin(), "event_id"]) if len(close) else None


def event_id_for(meeting: Meeting) -> str:
    """A stable id from the meeting id and start, so importing the same report twice lands on one event."""
    stamp = meeting.starts_at.tz_convert("UTC").strftime("%Y%m%d%H%M")
    return f"{meeting.platform}-{meeting.meeting_id}-{stamp}" if meeting.meeting_id else f"{meeting.platform}-{stamp}"


def attendance(people: list[Attendee], meeting: Meeting, context: ImportContext, profile: Profile) -> Canonical:
    """Attendance rows for matched people, an events row when the meeting is new, notes for the rest."""
    lang = profile.language
    canonical = Canonical()
    event_id = find_event(meeting, context)
    if event_id is None:
        event_id = event_id_for(meeting)
        ends_at = meeting.ends_at or max((stop for p in people for _, stop in p.intervals), default=None)
        canonical.add("events", pd.DataFrame([{
            "event_id": event_id, "title": meeting.title, "kind": "webinar", "mode": "online",
            "starts_at": meeting.starts_at, "ends_at": ends_at}]), [1])
        canonical.notes.append(t("ingest.note.event_created", lang, event_id=event_id, title=meeting.title))
    else:
        canonical.notes.append(t("ingest.note.event_matched", lang, event_id=event_id))
    rows: dict[str, dict[str, object]] = {}
    source: dict[str, int] = {}
    unmatched: list[str] = []
    for person in people:
        member_id = match_member(person, context.members)
        if member_id is None:
            unmatched.append(person.names[0])
            continue
        minutes = union_minutes(person.intervals) if person.intervals else person.minutes
        if member_id in rows:  # two spellings of one member: add their time up
            rows[member_id]["minutes"] = (rows[member_id]["minutes"] or 0) + (minutes or 0)  # type: ignore[operator]
            continue
        rows[member_id] = {"event_id": event_id, "member_id": member_id, "registered": True, "attended": True,
                           "minutes": minutes}
        source[member_id] = person.row
    frame = pd.DataFrame(list(rows.values()), columns=["event_id", "member_id", "registered", "attended", "minutes"])
    canonical.add("attendance", frame, list(source.values()))
    if unmatched:
        canonical.notes.append(t("ingest.note.unmatched", lang, n=len(unmatched), names=", ".join(unmatched)))
    return canonical


_DURATION_PARTS = re.compile(
    r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|小时|时|m|min|mins|minutes?|分钟|分|s|sec|secs|seconds?|秒)", re.IGNORECASE)


def duration_minutes(value: object) -> float | None:
    """Minutes from "01:02:30", "1h 2m 30s", "1小时2分30秒", "62分钟" or a bare number of minutes."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"\d+:\d{1,2}(:\d{1,2})?", text):
        parts = [int(p) for p in text.split(":")]
        hours, minutes, seconds = (parts if len(parts) == 3 else [0, *parts])
        return round(hours * 60 + minutes + seconds / 60, 2)
    found = _DURATION_PARTS.findall(text)
    if not found:
        raise BadValue("duration_unreadable", value=text[:40])
    total = 0.0
    for number, unit in found:
        unit = unit.lower()
        scale = 60 if unit[0] in "h小时" else (1 / 60 if unit[0] in "s秒" else 1)
        total += float(number) * scale
    return round(total, 2)
