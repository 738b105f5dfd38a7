"""How report figures read: localised enum values and headers, ratios as percentages, one-decimal scores."""

from __future__ import annotations

import pandas as pd

from workbook.i18n import has, t

OTHER = "other"
RATIO_COLUMNS = ("attendance_rate", "attention", "median_attention", "share", "retention", "progress", "elapsed",
                 "posting_rate")
ONE_DECIMAL_COLUMNS = ("score", "satisfaction_avg", "nps", "contribution")


def value_label(group: str, value: object, lang: str) -> str:
    """Localised name of an enum value (channel, format, kind…); unknown values are data, shown as is."""
    key = f"report.value.{group}.{value}"
    if has(key):
        return t(key, lang)
    return t("report.value.other", lang) if value == OTHER else str(value)


def _headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rename columns to their localised headers (report.col.<name>)."""
    return frame.rename(columns={c: t(f"report.col.{c}", lang) for c in frame.columns})


def _written(value: object, column: str) -> object:
    """One cell as a reader sees it: ratios as percentages, scores with one decimal, dates as days."""
    if value is None:
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if not isinstance(value, float):
        return value
    if value != value:
        return "—"
    if column in RATIO_COLUMNS:
        return f"{value:.1%}"
    if column in ONE_DECIMAL_COLUMNS:
        return f"{value:.1f}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.3f}".rstrip("0")


def localised(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with localised column headers and figures written for display (ratios as percentages)."""
    shown = pd.DataFrame({col: pd.Series([_written(v, col) for v in frame[col].tolist()], index=frame.index,
                                         dtype=object) for col in frame.columns}, columns=frame.columns)
    return _headers(shown, lang)


