"""Microsoft Teams attendance report: UTF-16 tab-separated text in three sections (Summary, Participants,
In-Meeting Activities)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, Problem, refused, register
from workbook.ingest.matching import Meeting, attendance, group_attendees
from workbook.ingest.timeparse import BadTime, from_text

if TYPE_CHECKING:
    import pandas as pd

    from workbook.profile import Profile

_SECTION = re.compile(r"^\s*(\d)\.\s*(.+?)\s*$")
Row = tuple[int, str, "str | None", "pd.Timestamp | None", "pd.Timestamp | None"]


def _decode(path: Path) -> str | None:
    data = path.read_bytes() if path.is_file() else b""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if len(data) > 1 and data[1:2] == b"\x00":  # UTF-16LE saved without a BOM
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            return None
    return None


def _sections(text: str) -> dict[str, list[tuple[int, list[str]]]]:
    """Section title (lower case, e.g. "participants") → its (line number, cells) rows."""
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current: list[tuple[int, list[str]]] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SECTION.match(line) if "\t" not in line.strip() else None
        if match:
            current = sections.setdefault(match[2].lower(), [])
        elif current is not None and line.strip():
            current.append((number, [c.strip() for c in line.split("\t")]))
    return sections


def _time(value: str, profile: Profile) -> pd.Timestamp:
    return from_text(value.replace(", ", " "), profile.tz)  # "10/1/26, 8:00:00 PM"


class TeamsAttendance:
    name = "teams"
    kinds: ClassVar[tuple[str, ...]] = ("attendance",)

    def detect(self, path: Path) -> bool:
        if not path.is_file() or path.stat().st_size > 20_000_000:
            return False
        text = _decode(path)
        return bool(text) and "Summary" in text[:400] and "Participants" in text  # type: ignore[operator]

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        text = _decode(path)
        if text is None:
            raise refused(path, 0, "-", "teams_not_utf16")
        sections = _sections(text)
        summary = {cells[0]: cells[1] for _, cells in sections.get("summary", []) if len(cells) > 1}
        table = sections.get("in-meeting activities") or sections.get("participants")
        if not table:
            raise refused(path, 0, "-", "teams_no_participants_section")
        header_line, header = table[0]
        join_col = "Join Time" if "Join Time" in header else "First Join"
        leave_col = "Leave Time" if "Leave Time" in header else "Last Leave"
        missing = [c for c in ("Name", join_col, leave_col) if c not in header]
        if missing:
            raise refused(path, header_line, ", ".join(missing), "required_column")
        found: list[Row] = []
        problems: list[Problem] = []
        for number, cells in table[1:]:
            cell = dict(zip(header, cells, strict=False))
            try:
                found.append((number, cell["Name"], cell.get("Email"), _time(cell[join_col], profile),
                              _time(cell[leave_col], profile)))
            except (BadTime, KeyError) as exc:
                problems.append(Problem.from_error(str(path), number, join_col, exc, "attendance"))
        if not found:
            raise refused(path, header_line + 1, "-", "no_participants")
        try:
            starts_at = _time(summary["Start time"], profile)
            ends_at = _time(summary["End time"], profile) if summary.get("End time") else None
        except (BadTime, KeyError):
            starts_at, ends_at = min(r[3] for r in found if r[3] is not None), None  # type: ignore[type-var]
        meeting = Meeting("teams", None, summary.get("Meeting title") or path.stem, starts_at, ends_at)
        canonical = attendance(group_attendees(found), meeting, context, profile)
        canonical.problems += problems
        return canonical


register(TeamsAttendance())
