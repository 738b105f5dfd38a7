"""The events chapter's planning and quiz sections as tables: the document's event planning figures
(workbook.metrics.registrations) and METRICS.md `quizzes` / `quiz_pre_post` reshaped, one row per event, quiz,
question and pre/post pair. Nothing is computed here, and nothing heavy is imported: report kernels load neither
the database layer nor widgets."""

from __future__ import annotations

from typing import Any

import pandas as pd

QUIZ_COLUMNS = ("quiz_id", "participants", "mean_pct", "median_pct", "pass_rate")
ITEM_COLUMNS = ("quiz_id", "item", "share_right")
PRE_POST_COLUMNS = ("pre_id", "post_id", "members", "mean_delta_pct")
PLANNING_COLUMNS = ("event", "capacity", "sign_ups", "fill_rate", "attended", "no_shows", "no_show_rate", "cost",
                    "cost_per_attendee")
# Shares written as percentages; a pre/post change in percentage points.
PERCENT = ("mean_pct", "median_pct", "pass_rate", "share_right", "fill_rate", "no_show_rate")


def percent(share: float) -> str:
    """A share as a reader writes it: 82.5%, 75% (one decimal, none when it is 0)."""
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def quiz_table(document: dict[str, Any]) -> pd.DataFrame:
    """One row per quiz with a result in P: participation, mean and median of best results, pass rate."""
    return pd.DataFrame([{c: q.get(c) for c in QUIZ_COLUMNS} for q in document.get("quizzes", [])],
                        columns=list(QUIZ_COLUMNS))


def item_table(document: dict[str, Any]) -> pd.DataFrame:
    """One row per quiz question: the share of best attempts that got it right, hardest first within a quiz."""
    rows = [{"quiz_id": q["quiz_id"], "item": item, "share_right": share}
            for q in document.get("quizzes", []) for item, share in (q.get("item_difficulty") or {}).items()]
    frame = pd.DataFrame(rows, columns=list(ITEM_COLUMNS))
    order = frame.assign(_missing=frame["share_right"].isna())
    return frame.loc[order.sort_values(["quiz_id", "_missing", "share_right", "item"], kind="stable").index] \
        .reset_index(drop=True)


def pre_post_table(document: dict[str, Any]) -> pd.DataFrame:
    """One row per configured [pre, post] pair: members with both results and their mean change (Kirkpatrick
    level 2: knowledge measured before and after)."""
    return pd.DataFrame([{c: p.get(c) for c in PRE_POST_COLUMNS} for p in document.get("quiz_pre_post", [])],
                        columns=list(PRE_POST_COLUMNS))


def planning_table(document: dict[str, Any]) -> pd.DataFrame:
    """One row per event of P: capacity, sign-ups and fill rate, attendees and no-shows, cost per attendee."""
    rows = [{"event": e.get("title") or e["event_id"], **{c: e.get(c) for c in PLANNING_COLUMNS[1:]}}
            for e in document.get("events", [])]
    return pd.DataFrame(rows, columns=list(PLANNING_COLUMNS))


def written(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table of this module as a reader sees it: headers in `lang`
    (events_planning.col.*), shares as percentages, a pre/post change in percentage points, money with two
    decimals, blanks as —."""
    from workbook.i18n import t

    def cell(column: str, value: Any) -> Any:
        if value is None or (isinstance(value, float) and value != value):
            return "—"
        if column in PERCENT:
            return percent(value)
        if column == "mean_delta_pct":
            points = t("events_planning.points", lang)
            return f"{value * 100:+.1f} {points}"
        if column in ("cost", "cost_per_attendee"):
            return f"{value:,.2f}"
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    shown = pd.DataFrame({c: [cell(c, v) for v in frame[c].tolist()] for c in frame.columns},
                         columns=frame.columns, dtype=object)
    return shown.rename(columns={c: t(f"events_planning.col.{c}", lang) for c in frame.columns})
