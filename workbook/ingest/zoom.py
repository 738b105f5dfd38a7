"""Zoom participant report CSV, with or without the meeting block (Meeting ID, Topic, Start Time …) on top."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, IngestError, Problem, refused, register
from workbook.ingest.matching import Meeting, attendance, group_attendees
from workbook.ingest.sheet import head_rows
from workbook.ingest.tabular import decode_text
from workbook.ingest.timeparse import BadTime, from_text

if TYPE_CHECKING:
    import pandas as pd

    from workbook.profile import Profile

Row = tuple[int, str, "str | None", "pd.Timestamp | None", "pd.Timestamp | None"]
_NAME_HEADERS = ("Name (Original Name)", "Name (original name)", "Name")
_NEEDED = ("Join Time", "Leave Time")


def _is_participant_header(row: list[str]) -> bool:
    return bool(row) and row[0].strip() in _NAME_HEADERS and all(h in row for h in _NEEDED)


class ZoomParticipants:
    name = "zoom"
    kinds: ClassVar[tuple[str, ...]] = ("attendance",)

    def detect(self, path: Path) -> bool:
        rows = head_rows(path, 4)
        return any(_is_participant_header(r) for r in rows) or (
            bool(rows) and rows[0][:3] == ["Meeting ID", "Topic", "Start Time"])

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        rows = list(csv.reader(io.StringIO(decode_text(path), newline="")))
        start = next((i for i, r in enumerate(rows) if _is_participant_header(r)), None)
        if start is None:
            raise refused(path, 1, ", ".join(("Name (Original Name)", *_NEEDED)), "not_zoom")
        header = [h.strip() for h in rows[start]]
        problems: list[Problem] = []
        found: list[Row] = []
        for number, row in enumerate(rows[start + 1:], start=start + 2):
            if not any(cell.strip() for cell in row):
                continue
            cell = dict(zip(header, row, strict=False))
            try:
                joined = from_text(cell.get("Join Time", ""), profile.tz)
                left = from_text(cell.get("Leave Time", ""), profile.tz)
            except BadTime as exc:
                problems.append(Problem.from_error(str(path), number, "Join Time/Leave Time", exc, "attendance"))
                continue
            found.append((number, cell[header[0]], cell.get("User Email") or cell.get("Email"), joined, left))
        if not found and not problems:
            raise refused(path, start + 2, "-", "no_participants")
        meeting = _meeting(rows, start, path, profile, found)
        canonical = attendance(group_attendees(found), meeting, context, profile)
        canonical.problems += problems
        return canonical


def _meeting(rows: list[list[str]], start: int, path: Path, profile: Profile, found: list[Row]) -> Meeting:
    """The meeting block when the report has one; else the first join and the file name stand in."""
    if start >= 2 and rows[0][:1] == ["Meeting ID"]:
        block = dict(zip(rows[0], rows[1], strict=False))
        try:
            starts_at = from_text(block.get("Start Time", ""), profile.tz)
            ends_at = from_text(block["End Time"], profile.tz) if block.get("End Time") else None
        except BadTime as exc:
            raise IngestError(Problem.from_error(str(path), 2, "Start Time", exc)) from None
        meeting_id = "".join(block.get("Meeting ID", "").split()) or None
        return Meeting("zoom", meeting_id, block.get("Topic") or path.stem, starts_at, ends_at)
    first = min((joined for _, _, _, joined, _ in found), default=None)
    if first is None:
        raise refused(path, start + 1, "Join Time", "no_join_time")
    return Meeting("zoom", None, path.stem, first)


register(ZoomParticipants())
