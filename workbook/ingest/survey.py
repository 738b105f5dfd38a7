"""Survey exports → feedback rows, with questions mapped to feedback fields by the client's survey_mapping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from workbook.i18n import t
from workbook.ingest.base import Canonical, ImportContext, Problem, refused
from workbook.ingest.timeparse import BadTime, from_cell, from_text
from workbook.ingest.values import BadValue
from workbook.profile import Profile

FIELDS = ("satisfaction", "nps", "learning", "application", "comment", "member_id", "event_id")
_RANGES = {"satisfaction": (1, 5), "learning": (1, 5), "application": (1, 5), "nps": (0, 10)}
_LIKERT = {"非常满意": 5, "满意": 4, "一般": 3, "不满意": 2, "非常不满意": 1, "比较满意": 4, "比较不满意": 2,
           "very satisfied": 5, "satisfied": 4, "neutral": 3, "dissatisfied": 2, "very dissatisfied": 1}
_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)")
_NUMBERING = re.compile(r"^\s*(?:\d+[、.．]|第\d+题|Q\d+[:：.、]?)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Layout:
    """Where a survey tool puts the response id and the submission time (header names)."""

    id_column: str | None
    time_column: str
    fixed: tuple[str, ...]
    dayfirst: bool = False

    @staticmethod
    def clean_time(text: str) -> str:
        """Google Forms writes "2026/10/01 8:05:11 PM GMT+8": pandas wants "+08:00"."""
        match = re.search(r"\s*(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$", text)
        if not match:
            return text
        return f"{text[:match.start()]}{match[1]}{int(match[2]):02d}:{match[3] or '00'}"


def _clean(header: str) -> str:
    return "".join(str(header).split()).replace("（", "(").replace("）", ")")


def question_match(header: str, keys: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first (cleaned) mapping key, with its field, that matches `header` exactly or as its start, with or
    without the question number."""
    plain, bare = _clean(header), _clean(_NUMBERING.sub("", str(header)))
    return next(((k, v) for k, v in keys if k and (plain.startswith(k) or bare.startswith(k))), None)


def question_field(header: str, keys: list[tuple[str, str]]) -> str | None:
    match = question_match(header, keys)
    return match[1] if match else None


def mapping_keys(mapping: dict[str, str], fields: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(cleaned question, field) pairs for `question_field`, longest question first so a longer key wins."""
    keys = [(_clean(k), v) for k, v in mapping.items() if fields is None or v in fields]
    return sorted(keys, key=lambda kv: -len(kv[0]))


def map_questions(headers: list[str], mapping: dict[str, str], fixed: tuple[str, ...]) -> tuple[dict[str, int],
                                                                                                 list[str]]:
    """Feedback field → column index (a mapping key matches a header exactly or as its start, with or
    without the question number); also the question headers left unmapped."""
    fields: dict[str, int] = {}
    unmapped: list[str] = []
    keys = [(_clean(k), v) for k, v in mapping.items() if v in FIELDS]
    for index, header in enumerate(headers):
        if header in fixed:
            continue
        field = question_field(header, keys)
        if field and field not in fields:
            fields[field] = index
        elif not field:
            unmapped.append(str(header).strip())
    return fields, unmapped


def rating(value: object, field: str) -> float:
    """A rating as a number ("5", 5.0, "5分", "非常满意"); ValueError says why it cannot be one."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip()
        match = _LEADING_NUMBER.match(text)
        if match:
            number = float(match[1])
        elif text.lower() in _LIKERT:
            number = float(_LIKERT[text.lower()])
        else:
            raise BadValue("not_rating", value=text[:40])
    low, high = _RANGES[field]
    if not low <= number <= high:
        raise BadValue("rating_range", value=f"{number:g}", low=low, high=high)
    return number


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() in ("", "(跳过)",
                                                                                                     "(空)")


def feedback(path: Path, rows: list[list[object]], header_row: int, layout: Layout, profile: Profile,
             context: ImportContext) -> Canonical:
    """One feedback row per response; unusable ratings or times are row problems (the row is left out)."""
    headers = [str(h).strip() for h in rows[header_row]]
    missing = [c for c in (layout.id_column, layout.time_column) if c and c not in headers]
    if missing:
        raise refused(path, header_row + 1, ", ".join(missing), "missing_columns", found=", ".join(headers[:8]) + " …")
    fields, unmapped = map_questions(headers, profile.survey_mapping, layout.fixed)
    if not context.event_id and "event_id" not in fields:
        raise refused(path, 0, "event_id", "survey_event")
    time_at = headers.index(layout.time_column)
    fallback = _event_time(context)
    undated = 0
    id_at = headers.index(layout.id_column) if layout.id_column else None
    canonical = Canonical()
    out: list[dict[str, object]] = []
    source: list[int] = []
    for number, row in enumerate(rows[header_row + 1:], start=header_row + 2):
        cells = [*row, *[None] * (len(headers) - len(row))]
        if all(_blank(c) for c in cells):
            continue
        if _blank(cells[time_at]) and fallback is not None:
            # Some exports (问卷星 with privacy settings) blank the submission time: date the answer at the event.
            cells[time_at] = fallback
            undated += 1
        record, bad = _response(cells, number, time_at, id_at, fields, layout, profile, context, str(path))
        if bad:
            canonical.problems += bad
        else:
            out.append(record)
            source.append(number)
    columns = ["event_id", "response_id", "member_id", "submitted_at", "satisfaction", "nps", "learning",
               "application", "comment"]
    canonical.add("feedback", pd.DataFrame(out, columns=columns), source)
    if undated:
        canonical.notes.append(t("ingest.note.undated_responses", profile.language, n=undated,
                                 event_id=context.event_id))
    if unmapped:
        shown = ", ".join(unmapped[:8]) + (" …" if len(unmapped) > 8 else "")
        canonical.notes.append(t("ingest.note.unmapped_questions", profile.language, names=shown))
    return canonical


def _event_time(context: ImportContext) -> datetime | None:
    """When the survey's event is known: its end (else its start), tz-aware."""
    events = context.events
    if not context.event_id or events.empty:
        return None
    match = events.loc[events["event_id"] == context.event_id]
    if match.empty:
        return None
    moment = match["ends_at"].iloc[0] if "ends_at" in match else pd.NaT
    if pd.isna(moment):
        moment = match["starts_at"].iloc[0]
    return None if pd.isna(moment) else pd.Timestamp(moment).to_pydatetime()


def _response(cells: list[object], number: int, time_at: int, id_at: int | None, fields: dict[str, int],
              layout: Layout, profile: Profile, context: ImportContext, file: str
              ) -> tuple[dict[str, object], list[Problem]]:
    problems: list[Problem] = []
    record: dict[str, object] = {"event_id": context.event_id}
    raw_time = cells[time_at]
    try:
        if _blank(raw_time):
            raise BadTime("submission_time_empty")
        record["submitted_at"] = (from_cell(raw_time, profile.tz) if isinstance(raw_time, datetime)
                                  else from_text(layout.clean_time(str(raw_time)), profile.tz, layout.dayfirst))
    except (BadTime, TypeError) as exc:
        problems.append(Problem.from_error(file, number, layout.time_column, exc, "feedback"))
    if id_at is not None and not _blank(cells[id_at]):
        value = cells[id_at]
        record["response_id"] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    else:
        record["response_id"] = str(raw_time).strip()
    for field, index in fields.items():
        value = cells[index]
        if _blank(value):
            continue
        if field in _RANGES:
            try:
                record[field] = rating(value, field)
            except ValueError as exc:
                problems.append(Problem.from_error(file, number, field, exc, "feedback"))
        elif field != "event_id" or not context.event_id:
            record[field] = str(value).strip()
    return record, problems
