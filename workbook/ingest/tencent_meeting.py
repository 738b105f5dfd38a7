"""腾讯会议 attendance export (.xlsx): meeting facts on top, the attendee table headed on row 9."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pandas as pd

from workbook.ingest.base import Canonical, ImportContext, Problem, refused, register
from workbook.ingest.matching import Attendee, Meeting, attendance, duration_minutes, name_variants
from workbook.ingest.sheet import is_excel, read_rows, sheet_names
from workbook.ingest.timeparse import BadTime, from_cell

if TYPE_CHECKING:
    from workbook.profile import Profile

SUMMARY_SHEET = "成员参会概况"
DETAIL_SHEET = "成员参会明细"
NAME = "用户昵称（入会昵称）"
FIRST_JOIN, LAST_LEAVE, TOTAL = "首次入会时间", "最后退会时间", "累计参会时长"


def _norm(text: object) -> str:
    return re.sub(r"\s+", "", str(text)).replace("(", "（").replace(")", "）")


class TencentMeeting:
    name = "tencent_meeting"
    kinds: ClassVar[tuple[str, ...]] = ("attendance",)

    def detect(self, path: Path) -> bool:
        return is_excel(path) and SUMMARY_SHEET in sheet_names(path)

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        if SUMMARY_SHEET not in sheet_names(path):
            raise refused(path, 0, "-", "not_tencent_meeting", sheet=SUMMARY_SHEET)
        rows = read_rows(path, SUMMARY_SHEET)
        at = next((i for i, r in enumerate(rows) if NAME in [_norm(c) for c in r]), None)
        if at is None:
            raise refused(f"{path}:{SUMMARY_SHEET}", 9, NAME, "required_column")
        header = [_norm(c) for c in rows[at]]
        missing = [c for c in (FIRST_JOIN, TOTAL) if c not in header]
        if missing:
            raise refused(f"{path}:{SUMMARY_SHEET}", at + 1, ", ".join(missing), "required_column")
        people: list[Attendee] = []
        by_name: dict[str, Attendee] = {}
        problems: list[Problem] = []
        first_join: pd.Timestamp | None = None
        for number, row in enumerate(rows[at + 1:], start=at + 2):
            cell = dict(zip(header, row, strict=False))
            name = str(cell.get(NAME) or "").strip()
            if not name:
                continue
            try:
                joined = from_cell(cell.get(FIRST_JOIN), profile.tz)
                minutes = duration_minutes(cell.get(TOTAL))
            except (BadTime, ValueError) as exc:
                problems.append(Problem.from_error(str(path), number, FIRST_JOIN if isinstance(exc, BadTime) else TOTAL,
                                                   exc, "attendance"))
                continue
            first_join = joined if first_join is None else min(first_join, joined)
            email = str(cell.get("邮箱") or "").strip().lower() or None
            person = by_name.get(name)
            if person is None:  # one nickname listed twice (rejoined from another device) is one person
                person = by_name[name] = Attendee(names=name_variants(name), email=email, row=number, minutes=0.0)
                people.append(person)
            person.minutes = (person.minutes or 0) + (minutes or 0)
        if first_join is None:
            raise refused(path, at + 2, NAME, "no_attendees")
        canonical = attendance(people, _meeting(rows[:at], first_join, path, profile), context, profile)
        canonical.problems += problems
        return canonical



def _meeting(top: list[list[object]], first_join: pd.Timestamp, path: Path, profile: Profile) -> Meeting:
    """Meeting facts from the rows above the table ("会议主题：…" in one cell, or label and value side by side)."""
    facts: dict[str, object] = {}
    for row in top:
        cells = [c for c in row if str(c).strip()]
        for i, c in enumerate(cells):
            text = str(c).strip()
            if re.search(r"[：:]", text) and not re.fullmatch(r"[\d\s:/-]+", text):
                key, _, value = re.split(r"([：:])", text, maxsplit=1)
                if value.strip():
                    facts[_norm(key)] = value.strip()
                elif i + 1 < len(cells):
                    facts[_norm(key)] = cells[i + 1]
            elif i + 1 < len(cells) and text in ("会议主题", "会议号", "开始时间", "会议开始时间"):
                facts[text] = cells[i + 1]
    starts = facts.get("开始时间") or facts.get("会议开始时间")
    try:
        starts_at = from_cell(starts, profile.tz) if starts else first_join
    except BadTime:
        starts_at = first_join
    meeting_id = re.sub(r"\D", "", str(facts.get("会议号", ""))) or None
    return Meeting("tencent", meeting_id, str(facts.get("会议主题") or path.stem), starts_at)


register(TencentMeeting())
