"""The sign-up questionnaire: contact questions, one single-choice question per screening criterion (its options
the criterion's anchored levels, written `5 · …` so the answer carries its score), and a free answer — exported
as CSV/XLSX (one question a row) and as 问卷星 text import, and mapped back on import (question → field)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from workbook.kit.common import anchors, choice, criterion_name, label
from workbook.profile import Profile
from workbook.safe_cells import neutralise
from workbook.schemas import CHANNELS

QuestionKind = Literal["text", "single"]
LEVEL_SEPARATOR = " · "


@dataclass(frozen=True)
class Question:
    text: str
    kind: QuestionKind
    maps_to: str
    required: bool = True
    options: tuple[str, ...] = field(default=())


def _criterion_options(profile: Profile, key: str, lang: str) -> tuple[str, ...]:
    criterion = next(c for c in profile.screening_rubric if c.key == key)
    levels = anchors(criterion, lang)
    if not levels:
        return tuple(str(n) for n in range(1, 6))
    return tuple(f"{n}{LEVEL_SEPARATOR}{text}" for n, text in levels.items())


def _channels(profile: Profile) -> list[str]:
    """The configured recruitment channels, then "other" for anyone who heard of it elsewhere."""
    configured = profile.kit.recruitment.channels
    return [*configured, *(["other"] if "other" not in configured else [])]


def questions(profile: Profile, lang: str) -> list[Question]:
    """The questions in order; `maps_to` is the applicant field (or score_<criterion>) each answer fills."""
    q = [Question(label(profile, "kit.question.name", lang), "text", "name"),
         Question(label(profile, "kit.question.member_id", lang), "text", "member_id", required=False),
         Question(label(profile, "kit.question.department", lang), "text", "department"),
         Question(label(profile, "kit.question.channel", lang, name=profile.name), "single", "source_channel",
                  options=tuple(choice(profile, "channel", c, lang) for c in _channels(profile)))]
    for criterion in profile.screening_rubric:
        q.append(Question(label(profile, "kit.question.criterion", lang, name=criterion_name(criterion, lang)),
                          "single", f"score_{criterion.key}", options=_criterion_options(profile, criterion.key, lang)))
    q.append(Question(label(profile, "kit.question.answers", lang, name=profile.name), "text", "answers",
                      required=False))
    return q


def default_mapping(profile: Profile) -> dict[str, str]:
    """Question text → field for the generated questionnaire in both languages (what an import needs when the
    facilitator pasted it unchanged)."""
    return {q.text: q.maps_to for lang in ("zh-CN", "en") for q in questions(profile, lang)}


def channel_codes(profile: Profile) -> dict[str, str]:
    """A channel as the questionnaire words it, in either language → its code."""
    return {choice(profile, "channel", c, lang): c for lang in ("zh-CN", "en") for c in CHANNELS}


def _rows(profile: Profile, lang: str) -> tuple[list[str], list[list[str]]]:
    qs = questions(profile, lang)
    width = max((len(q.options) for q in qs), default=0)
    header = [label(profile, f"kit.questionnaire.column.{c}", lang) for c in ("number", "text", "kind", "required")]
    header += [label(profile, "kit.questionnaire.column.option", lang, n=n) for n in range(1, width + 1)]
    header.append(label(profile, "kit.questionnaire.column.maps_to", lang))
    rows = []
    for n, q in enumerate(qs, start=1):
        rows.append([str(n), q.text, label(profile, f"kit.questionnaire.kind.{q.kind}", lang),
                     label(profile, "kit.yes" if q.required else "kit.no", lang),
                     *q.options, *[""] * (width - len(q.options)), q.maps_to])
    return header, [[neutralise(c) for c in row] for row in rows]


def to_csv(profile: Profile, lang: str) -> str:
    """CSV text (write it UTF-8 with BOM so Chinese Excel opens it), one question a row."""
    header, rows = _rows(profile, lang)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_xlsx(profile: Profile, lang: str, path: Path) -> Path:
    from openpyxl import Workbook

    header, rows = _rows(profile, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = label(profile, "kit.questionnaire.sheet", lang)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["B"].width = 60
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(tmp)
    tmp.replace(path)
    return path


def to_text(profile: Profile, lang: str) -> str:
    """问卷星 批量添加题目 / 文本导入: a question per block, its type in brackets, one option per line."""
    blocks = []
    for n, q in enumerate(questions(profile, lang), start=1):
        mark = label(profile, f"kit.questionnaire.mark.{q.kind}", lang) + ("*" if q.required else "")
        blocks.append("\n".join([f"{n}. {q.text}{mark}", *q.options]))
    return "\n\n".join(blocks)
