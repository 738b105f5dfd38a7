"""The headline figures of a period (summary notebook and index.html) and how they are written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from workbook.i18n import t

Style = Literal["count", "ratio", "score"]

# (dotted key in the metrics document, how it is written)
HEADLINES: tuple[tuple[str, Style], ...] = (
    ("engagement.members_in_period", "count"),
    ("engagement.active_rate", "ratio"),
    ("engagement.posting_rate", "ratio"),
    ("engagement.new_members", "count"),
    ("engagement.messages_total", "count"),
    ("events_summary.count", "count"),
    ("events_summary.mean_score", "score"),
    ("content_summary.published", "count"),
    ("recruitment.applicants", "count"),
)


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: str
    change: str
    raw: float | None


def lookup(document: dict[str, Any], key: str) -> float | None:
    node: Any = document
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return None if node is None or isinstance(node, dict | list) else float(node)


def write(value: float | None, style: Style) -> str:
    """A figure as shown to a reader: 1,234 / 42.5% / 71.3; — when unknown."""
    if value is None:
        return "—"
    if style == "ratio":
        return f"{value:.1%}"
    if style == "score":
        return f"{value:.1f}"
    return f"{value:,.0f}"


def _change(now: float | None, before: float | None, style: Style, lang: str) -> str:
    if now is None or before is None:
        return t("report.kpi.no_change", lang)
    delta = now - before
    if style == "ratio":
        text = f"{delta * 100:+.1f} pp"
    elif style == "score":
        text = f"{delta:+.1f}"
    else:
        text = f"{delta:+,.0f}"
    return t("report.kpi.change", lang, change=text)


def headlines(document: dict[str, Any], previous: dict[str, Any] | None, lang: str) -> list[Headline]:
    """Each headline figure with its change against prev(P)."""
    rows = []
    for key, style in HEADLINES:
        now = lookup(document, key)
        before = lookup(previous, key) if previous else None
        rows.append(Headline(key, t(f"report.kpi.{key}", lang), write(now, style),
                             _change(now, before, style, lang), now))
    return rows
