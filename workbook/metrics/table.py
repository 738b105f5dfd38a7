"""The metrics document as a readable terminal table in zh-CN or en (`workbook metrics` without --json)."""

from __future__ import annotations

import unicodedata
from typing import Any

from workbook.i18n import has, normalise_lang, t

LIST_COLUMNS = {
    "events": ("event_id", "kind", "attended", "attendance_rate", "nps", "score", "rubric_score", "activity_lift"),
    "content": ("content_id", "format", "views", "attention", "interaction_rate"),
    "goals": ("goal_id", "metric", "actual", "target", "progress", "elapsed", "on_track", "error"),
}
INDENT = "  "
HIDDEN = ("levels", "level_zh")


def _width(text: str) -> int:
    """Terminal columns taken by `text` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _label(key: str, lang: str) -> str:
    return t(f"metrics.key.{key}", lang) if has(f"metrics.key.{key}") else key


def _value(value: Any, lang: str, levels: dict[str, str] | None = None) -> str:
    if levels and isinstance(value, str) and value in levels:
        return levels[value]
    if value is None:
        return t("metrics.none", lang)
    if isinstance(value, bool):
        return t(f"metrics.value.{str(value).lower()}", lang)
    if isinstance(value, float):
        if abs(value) < 1000:
            return f"{value:.4g}"
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, list):
        return ", ".join(_value(v, lang) for v in value) if value else t("metrics.empty_list", lang)
    if isinstance(value, str) and has(f"metrics.value.{value}"):
        return t(f"metrics.value.{value}", lang)
    return str(value)


def _rows(node: dict[str, Any], lang: str, levels: dict[str, str], depth: int = 1) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, value in node.items():
        if key in HIDDEN:
            continue
        shown = key in levels or has(f"metrics.value.{key}")
        label = INDENT * depth + (_value(key, lang, levels) if shown else _label(key, lang))
        if isinstance(value, dict):
            rows.append((label, ""))
            rows += _rows(value, lang, levels, depth + 1)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            rows.append((label, ""))
            rows += [(INDENT * (depth + 1) + str(i + 1), _record(item, lang, levels)) for i, item in enumerate(value)]
        else:
            rows.append((label, _value(value, lang, levels)))
    return rows


def _record(item: dict[str, Any], lang: str, levels: dict[str, str], columns: tuple[str, ...] | None = None) -> str:
    keys = [k for k in (columns or tuple(item))
            if k in item and k not in HIDDEN and not (k == "error" and item[k] is None)]
    return "  ".join(f"{_label(k, lang)}={_value(item[k], lang, levels)}" for k in keys)


def render_table(document: dict[str, Any], lang: str | None = None) -> str:
    """Sections of the document as aligned label/value lines, lists as one line per item, then suggestions."""
    lang = normalise_lang(lang)
    # Level names are the client's own (client.yaml), so the document carries both spellings.
    levels = {lv["en"]: lv[lang] for lv in document["points"].get("levels", [])} if lang != "en" else {}
    lines = [t("metrics.title", lang, **document["period"])]
    for section in ("engagement", "events", "events_summary", "content", "content_summary", "recruitment",
                    "goals", "points", "culture", "moderation"):
        lines += ["", t(f"metrics.section.{section}", lang)]
        if section in LIST_COLUMNS:
            items = document[section]
            lines += [INDENT + _record(item, lang, levels, LIST_COLUMNS[section]) for item in items] or \
                [INDENT + t("metrics.empty_list", lang)]
            continue
        rows = _rows(document[section], lang, levels)
        width = max((_width(label) for label, _ in rows), default=0) + 2
        lines += [_pad(label, width) + value for label, value in rows]
    lines += ["", t("metrics.section.recommendations", lang)]
    lines += [f"{INDENT}{i + 1}. {s[lang]}" for i, s in enumerate(document.get("recommendations", []))]
    return "\n".join(lines)
