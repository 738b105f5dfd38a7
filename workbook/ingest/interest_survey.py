"""Interest survey exports (问卷星, 腾讯问卷) → interests: questions mapped to topics, formats, times or member_id
by client.yaml `kit.interest_mapping`. A multiple choice comes either as one column of picks joined by ┋ (问卷星's
text download) or as one 0/1 column per option, `第6题(运动)` (its numeric download); both give the same picks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from workbook.i18n import t
from workbook.ingest.base import Canonical, ImportContext, Problem, refused
from workbook.ingest.signup import blank, cell_text, response_key, submitted
from workbook.ingest.survey import Layout, mapping_keys, question_match
from workbook.ingest.timeparse import BadTime

if TYPE_CHECKING:
    from workbook.profile import Profile

PICK_FIELDS = ("topics", "formats", "times")
_SEPARATORS = re.compile(r"[┋|；;\n]")
_FILL_IN = re.compile(r"〖.*?〗")
_OPTION = re.compile(r"^(?:第\d+题|Q\d+)?\s*[(（](.*)[)）]\s*$")
_CHOSEN_NOT = ("0", "0.0", "false", "否", "未选")


def picks(value: object) -> list[str]:
    """The options picked in one multiple-choice cell (问卷星 `运动┋影视`; other tools | or ;)."""
    if blank(value):
        return []
    parts = (_FILL_IN.sub("", p).strip() for p in _SEPARATORS.split(cell_text(value)))
    return [p for p in dict.fromkeys(parts) if p]


def option_name(header: str, key: str) -> str:
    """The option an option column stands for: `第6题(运动)` → 运动; `Q2:形式:视频` → 视频."""
    match = _OPTION.match(header.strip())
    if match:
        return match[1].strip()
    tail = header.strip()
    cut = tail.find(key) if key else -1
    if cut >= 0:
        tail = tail[cut + len(key):]
    return tail.strip(" :：-_—") or header.strip()


def _chosen(value: object) -> bool:
    return not blank(value) and cell_text(value).lower() not in _CHOSEN_NOT


def interests(path: Path, rows: list[list[object]], header_row: int, layout: Layout, profile: Profile,
              context: ImportContext, tool: str) -> Canonical:
    """One interest response per answer sheet; a blank submission time is allowed (some exports blank it), a
    time that is no time is a row problem."""
    headers = [str(h).strip() for h in rows[header_row]]
    mapping = profile.kit.interest_mapping
    if not any(v in PICK_FIELDS for v in mapping.values()):
        raise refused(path, 0, "kit.interest_mapping", "interest_no_mapping")
    keys = mapping_keys(dict(mapping))
    columns: dict[str, list[int]] = {}
    matched_key: dict[int, str] = {}
    unmapped: list[str] = []
    for index, header in enumerate(headers):
        if header in layout.fixed:
            continue
        match = question_match(header, keys)
        if match is None:
            unmapped.append(header)
            continue
        matched_key[index], field = match
        columns.setdefault(field, []).append(index)
    if not any(f in columns for f in PICK_FIELDS):
        raise refused(path, header_row + 1, "-", "interest_no_question", found=", ".join(unmapped[:8]))
    time_at = headers.index(layout.time_column) if layout.time_column in headers else None
    id_at = headers.index(layout.id_column) if layout.id_column in headers else None
    canonical = Canonical()
    out: list[dict[str, object]] = []
    source: list[int] = []
    for number, row in enumerate(rows[header_row + 1:], start=header_row + 2):
        cells = [*row, *[None] * (len(headers) - len(row))]
        if all(blank(c) for c in cells):
            continue
        record: dict[str, object] = {}
        at = None
        if time_at is not None and not blank(cells[time_at]):
            try:
                at = submitted(cells[time_at], layout, profile)
            except (BadTime, TypeError) as exc:
                canonical.problems.append(Problem.from_error(str(path), number, layout.time_column, exc, "interests"))
                continue
        record["submitted_at"] = at
        for field, indexes in columns.items():
            if field == "member_id":
                value = cells[indexes[0]]
                record[field] = None if blank(value) else cell_text(value)
                continue
            chosen: list[str] = []
            if len(indexes) == 1:
                chosen = picks(cells[indexes[0]])
            else:
                chosen = [option_name(headers[i], matched_key[i]) for i in indexes if _chosen(cells[i])]
            record[field] = json.dumps(chosen, ensure_ascii=False)
        raw_id = cells[id_at] if id_at is not None and not blank(cells[id_at]) else number
        record["response_id"] = response_key(tool, raw_id, at, profile)
        out.append(record)
        source.append(number)
    frame = pd.DataFrame(out, columns=["response_id", "member_id", "submitted_at", *PICK_FIELDS])
    canonical.add("interests", frame[[c for c in frame.columns if c in ("response_id", "submitted_at") or
                                      c in columns]], source)
    if unmapped:
        shown = ", ".join(unmapped[:8]) + (" …" if len(unmapped) > 8 else "")
        canonical.notes.append(t("ingest.note.unmapped_questions", profile.language, names=shown))
    return canonical

