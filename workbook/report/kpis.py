"""The headline figures of a period (summary notebook and index.html) and how they are written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from workbook.i18n import t

Style = Literal["count", "ratio", "score"]
Tone = Literal["good", "bad", "neutral"]
UP_GOOD, UP_BAD, EITHER = 1, -1, 0

# (dotted key in the metrics document, how it is written, whether a rise is good news)
HEADLINES: tuple[tuple[str, Style, int], ...] = (
    ("engagement.members_in_period", "count", UP_GOOD),
    ("engagement.active_rate", "ratio", UP_GOOD),
    ("engagement.posting_rate", "ratio", UP_GOOD),
    ("engagement.new_members", "count", UP_GOOD),
    ("engagement.messages_total", "count", UP_GOOD),
    ("engagement.questions.unanswered_share", "ratio", UP_BAD),
    ("events_summary.count", "count", EITHER),
    ("events_summary.mean_score", "score", UP_GOOD),
    ("content_summary.published", "count", EITHER),
    ("recruitment.applicants", "count", UP_GOOD),
)


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: str
    change: str
    raw: float | None
    tone: Tone = "neutral"


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


def _change(delta: float | None, style: Style, lang: str) -> str:
    if delta is None:
        return t("report.kpi.no_change", lang)
    if style == "ratio":
        text = t("report.unit.points", lang, value=f"{delta * 100:+.1f}")
    elif style == "score":
        text = f"{delta:+.1f}"
    else:
        text = f"{delta:+,.0f}"
    return t("report.kpi.change", lang, change=text)


def tone(delta: float | None, rise: int) -> Tone:
    """Good or bad news for the reader: a rise of a figure where up is good, a fall where up is bad."""
    if delta is None or rise == EITHER or abs(delta) < 1e-9:
        return "neutral"
    return "good" if (delta > 0) == (rise == UP_GOOD) else "bad"


def headlines(document: dict[str, Any], previous: dict[str, Any] | None, lang: str) -> list[Headline]:
    """Each headline figure with its change against prev(P)."""
    rows = []
    for key, style, rise in HEADLINES:
        now = lookup(document, key)
        before = lookup(previous, key) if previous else None
        delta = None if now is None or before is None else now - before
        rows.append(Headline(key, t(f"report.kpi.{key}", lang), write(now, style), _change(delta, style, lang),
                             now, tone(delta, rise)))
    return rows
