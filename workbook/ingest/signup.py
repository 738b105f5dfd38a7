"""Sign-up survey exports (问卷星, 腾讯问卷) → applicants: each question mapped to an applicant field or to
score_<criterion> by the generated questionnaire's texts and client.yaml `kit.signup_mapping`; a criterion's
answer is its level (`5 · 目标清晰…`, `5`, or the anchor's words)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from workbook.i18n import t
from workbook.ingest.base import Canonical, ImportContext, Problem, refused
from workbook.ingest.survey import Layout, mapping_keys, question_field
from workbook.ingest.timeparse import BadTime, from_cell, from_text
from workbook.ingest.values import BadValue
from workbook.kit.config import APPLICANT_FIELDS

if TYPE_CHECKING:
    from workbook.profile import Profile

_LEVEL = re.compile(r"^\s*([1-5])(?:\s*[·.、:：)）]|\s*$|\s*分)")
_OTHER_TEXT = re.compile(r"[〖\[【(（].*$")
BLANKS = ("", "(跳过)", "(空)", "-3", "-2")  # 问卷星 numeric codes: -3 skipped, -2 not shown


def blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() in BLANKS


def cell_text(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()


def submitted(raw: object, layout: Layout, profile: Profile) -> datetime:
    if blank(raw):
        raise BadTime("submission_time_empty")
    if isinstance(raw, datetime):
        return from_cell(raw, profile.tz)
    return from_text(layout.clean_time(str(raw)), profile.tz, layout.dayfirst)


def response_key(tool: str, raw_id: object, at: datetime | None, profile: Profile) -> str:
    """A response's key across surveys: the tool, the local submission time and the tool's response number
    (two surveys both number their answers from 1)."""
    stamp = pd.Timestamp(at).tz_convert(profile.tz).strftime("%Y%m%d%H%M%S") if at is not None else "-"
    return f"{tool}-{stamp}-{cell_text(raw_id)}"


def _levels(profile: Profile) -> dict[str, dict[str, int]]:
    """Criterion key → {anchor words in either language: level}."""
    return {c.key: {text.strip().lower(): level for anchors in (c.anchors_zh, c.anchors_en)
                    for level, text in anchors.items()} for c in profile.screening_rubric}


def level(value: object, words: dict[str, int], shown: str = "") -> float:
    """A rubric level from `5`, `5 · …`, `5分` or an anchor's words; BadValue naming the options in `shown`."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer() \
            and 1 <= value <= 5:
        return float(value)
    text = cell_text(value)
    match = _LEVEL.match(text)
    if match:
        return float(match[1])
    if text.lower() in words:
        return float(words[text.lower()])
    raise BadValue("signup_level", value=text[:40], levels=shown or "1–5")


def signup_mapping(profile: Profile) -> dict[str, str]:
    """The generated questionnaire's questions (both languages), then the client's own mapping over them."""
    from workbook.kit.questionnaire import default_mapping

    return {**default_mapping(profile), **profile.kit.signup_mapping}


def applicants(path: Path, rows: list[list[object]], header_row: int, layout: Layout, profile: Profile,
               context: ImportContext, tool: str) -> Canonical:
    """One applicant per response; an answer that is no level of its criterion, or a missing time, is a row
    problem naming the question as the file heads it (the row is left out)."""
    from workbook.kit.common import anchors
    from workbook.kit.questionnaire import channel_codes

    headers = [str(h).strip() for h in rows[header_row]]
    if layout.time_column not in headers:
        raise refused(path, header_row + 1, layout.time_column, "missing_columns", found=", ".join(headers[:8]) + " …")
    criteria = {c.key for c in profile.screening_rubric}
    mapping = signup_mapping(profile)
    unknown = sorted({f for f in mapping.values() if f.startswith("score_") and f[6:] not in criteria})
    if unknown:
        raise refused(path, 0, "kit.signup_mapping", "signup_unknown_criterion", fields=", ".join(unknown),
                      criteria=", ".join(sorted(criteria)))
    keys = mapping_keys(mapping)
    fields: dict[str, int] = {}
    unmapped: list[str] = []
    for index, header in enumerate(headers):
        if header in layout.fixed:
            continue
        field = question_field(header, keys)
        if field is None:
            unmapped.append(header)
        else:
            fields.setdefault(field, index)
    if "name" not in fields:
        raise refused(path, header_row + 1, "name", "signup_no_name", found=", ".join(unmapped[:8]))
    time_at = headers.index(layout.time_column)
    id_at = headers.index(layout.id_column) if layout.id_column in headers else None
    words = _levels(profile)
    shown = {c.key: " / ".join(anchors(c, profile.language).values()) for c in profile.screening_rubric}
    channels = {k.lower(): v for k, v in channel_codes(profile).items()}
    other_channels: set[str] = set()
    out: list[dict[str, object]] = []
    source: list[int] = []
    canonical = Canonical()
    for number, row in enumerate(rows[header_row + 1:], start=header_row + 2):
        cells = [*row, *[None] * (len(headers) - len(row))]
        if all(blank(c) for c in cells):
            continue
        problems: list[Problem] = []
        record: dict[str, object] = {}
        try:
            record["applied_at"] = submitted(cells[time_at], layout, profile)
        except (BadTime, TypeError) as exc:
            problems.append(Problem.from_error(str(path), number, layout.time_column, exc, "applicants"))
        for field, index in fields.items():
            value = cells[index]
            if blank(value):
                continue
            if field.startswith("score_"):
                try:
                    record[field] = level(value, words[field[6:]], shown[field[6:]])
                except BadValue as exc:
                    problems.append(Problem.from_error(str(path), number, headers[index], exc, "applicants"))
            elif field == "source_channel":
                text = _OTHER_TEXT.sub("", cell_text(value)).strip().lower()
                record[field] = channels.get(text, channels.get(cell_text(value).lower(), "other"))
                if record[field] == "other" and text not in channels:
                    other_channels.add(cell_text(value))
            elif field in APPLICANT_FIELDS:
                record[field] = cell_text(value)
        if problems:
            canonical.problems += problems
            continue
        if "applicant_id" not in record:
            raw_id = cells[id_at] if id_at is not None and not blank(cells[id_at]) else number
            record["applicant_id"] = response_key(tool, raw_id, record.get("applied_at"), profile)  # type: ignore[arg-type]
        out.append(record)
        source.append(number)
    columns = ["applicant_id", "name", "department", "source_channel", "member_id", "applied_at", "answers",
               *sorted(f for f in fields if f.startswith("score_"))]
    canonical.add("applicants", pd.DataFrame(out, columns=columns), source)
    if other_channels:
        canonical.notes.append(t("ingest.note.signup_other_channels", profile.language,
                                 names=", ".join(sorted(other_channels)[:8])))
    if unmapped:
        shown = ", ".join(unmapped[:8]) + (" …" if len(unmapped) > 8 else "")
        canonical.notes.append(t("ingest.note.unmapped_questions", profile.language, names=shown))
    return canonical
