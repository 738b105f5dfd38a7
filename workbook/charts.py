"""Altair chart builders over tidy DataFrames, the `workbook` theme, and offline SVG rendering.

Every builder only turns a frame into a chart (no computation); titles and axis labels come from the
i18n catalogue (workbook/i18n/charts.yaml) in the report's language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from workbook.i18n import t

CJK_FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))
FONT = "Noto Sans CJK SC"
PALETTE = ["#2f6f9f", "#e07b39", "#5a9e6f", "#c1443c", "#8a6bb1", "#9c7a4d", "#d17fb6", "#7f7f7f"]
WIDTH, HEIGHT = 560, 240


@alt.theme.register("workbook", enable=True)
def workbook_theme() -> alt.theme.ThemeConfig:
    """One look for every chart: CJK-capable font, calm palette, no chart border."""
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": PALETTE},
            "title": {"anchor": "start", "fontSize": 15, "fontWeight": "bold"},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
        }
    }


@cache
def register_fonts() -> None:
    """Let vl-convert see the CJK font; without it Chinese labels silently become boxes."""
    import vl_convert

    for folder in CJK_FONT_DIRS:
        if folder.is_dir():
            vl_convert.register_font_directory(str(folder))


def to_svg(chart: alt.TopLevelMixin) -> str:
    """Static SVG of `chart`, rendered by vl-convert with no network."""
    import vl_convert

    register_fonts()
    return vl_convert.vegalite_to_svg(chart.to_dict())


def _title(name: str, lang: str) -> str:
    return t(f"chart.{name}.title", lang)


def _axis(name: str, lang: str) -> str:
    return t(f"chart.axis.{name}", lang)


def _base(frame: pd.DataFrame, name: str, lang: str) -> alt.Chart:
    return alt.Chart(frame, title=_title(name, lang))


def daily_posters(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: date (date or datetime), posters."""
    frame = frame.assign(date=pd.to_datetime(frame["date"]))  # datetime.date is not JSON for vl-convert
    return _base(frame, "daily_posters", lang).mark_line(point=True).encode(
        x=alt.X("date:T", title=_axis("date", lang)),
        y=alt.Y("posters:Q", title=_axis("posters", lang)),
        tooltip=["date:T", "posters:Q"],
    )


def weekly_active(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: week_start, active_members."""
    return _base(frame, "weekly_active", lang).mark_bar().encode(
        x=alt.X("week_start:T", title=_axis("week", lang)),
        y=alt.Y("active_members:Q", title=_axis("active_members", lang)),
        tooltip=["week_start:T", "active_members:Q"],
    )


def heat_map(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: weekday (localised label), weekday_no (0 = Monday), hour (0–23), messages."""
    return _base(frame, "heat_map", lang).mark_rect().encode(
        x=alt.X("hour:O", title=_axis("hour", lang)),
        y=alt.Y("weekday:N", title=_axis("weekday", lang), sort=alt.EncodingSortField("weekday_no")),
        color=alt.Color("messages:Q", title=_axis("messages", lang), scale=alt.Scale(scheme="blues")),
        tooltip=["weekday:N", "hour:O", "messages:Q"],
    )


def cohort_retention(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: cohort (join month), months_since_join, retention (0–1)."""
    return _base(frame, "cohort_retention", lang).mark_rect().encode(
        x=alt.X("months_since_join:O", title=_axis("months_since_join", lang)),
        y=alt.Y("cohort:O", title=_axis("cohort", lang)),
        color=alt.Color("retention:Q", title=_axis("retention", lang), scale=alt.Scale(scheme="greens"),
                        legend=alt.Legend(format=".0%")),
        tooltip=["cohort:O", "months_since_join:O", alt.Tooltip("retention:Q", format=".0%")],
    )


def bar(frame: pd.DataFrame, name: str, category: str, value: str, lang: str, *,
        colour: str | None = None, percent: bool = False, horizontal: bool = True) -> alt.Chart:
    """A bar per `category` (already localised) sized by `value`, optionally stacked by `colour`."""
    value_axis = alt.Axis(format=".0%") if percent else alt.Axis()
    val = alt.X(f"{value}:Q", title=_axis(value, lang), axis=value_axis) if horizontal else \
        alt.Y(f"{value}:Q", title=_axis(value, lang), axis=value_axis)
    cat = alt.Y(f"{category}:N", title=_axis(category, lang), sort="-x") if horizontal else \
        alt.X(f"{category}:N", title=_axis(category, lang), sort=None)
    encoding: dict[str, Any] = {"x": val, "y": cat} if horizontal else {"x": cat, "y": val}
    tooltip: list[Any] = [f"{category}:N", alt.Tooltip(f"{value}:Q", format=".0%" if percent else ",.2~f")]
    if colour:
        encoding["color"] = alt.Color(f"{colour}:N", title=_axis(colour, lang))
        tooltip.append(f"{colour}:N")
    return _base(frame, name, lang).mark_bar().encode(**encoding, tooltip=tooltip)


def histogram(frame: pd.DataFrame, name: str, value: str, lang: str, *, colour: str | None = None,
              step: float = 10) -> alt.Chart:
    """Binned counts of `value`, stacked by `colour`."""
    encoding: dict[str, Any] = {
        "x": alt.X(f"{value}:Q", bin=alt.Bin(step=step), title=_axis(value, lang)),
        "y": alt.Y("count():Q", title=_axis("count", lang)),
    }
    if colour:
        encoding["color"] = alt.Color(f"{colour}:N", title=_axis(colour, lang))
    return _base(frame, name, lang).mark_bar().encode(**encoding)


def lines(frame: pd.DataFrame, name: str, x: str, y: str, series: str, lang: str, *,
          facet: str | None = None, percent: bool = False) -> alt.Chart | alt.FacetChart:
    """One line per `series` value over a temporal `x`; one panel per `facet` value when given."""
    axis = alt.Axis(format=".0%") if percent else alt.Axis()
    chart = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X(f"{x}:T", title=_axis(x, lang)),
        y=alt.Y(f"{y}:Q", title=_axis(y, lang), axis=axis),
        color=alt.Color(f"{series}:N", title=_axis(series, lang)),
        strokeDash=alt.StrokeDash(f"{series}:N", legend=None),
        tooltip=[f"{series}:N", f"{x}:T", f"{y}:Q"],
    ).properties(width=WIDTH, height=160)
    if facet:
        return chart.facet(row=alt.Row(f"{facet}:N", title=None), title=_title(name, lang))
    return chart.properties(title=_title(name, lang))


def calendar_vs_plan(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: date, status (localised planned/published), items."""
    return _base(frame, "calendar_vs_plan", lang).mark_bar().encode(
        x=alt.X("yearmonthdate(date):O", title=_axis("date", lang)),
        y=alt.Y("items:Q", title=_axis("items", lang)),
        xOffset=alt.XOffset("status:N"),
        color=alt.Color("status:N", title=_axis("status", lang)),
        tooltip=["date:T", "status:N", "items:Q"],
    )


def event_components(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: event (title), component (localised), contribution (weighted points adding up to score)."""
    return _base(frame, "event_components", lang).mark_bar().encode(
        x=alt.X("contribution:Q", title=_axis("score", lang), scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("event:N", title=_axis("event", lang), sort=None),
        color=alt.Color("component:N", title=_axis("component", lang)),
        tooltip=["event:N", "component:N", alt.Tooltip("contribution:Q", format=".1f")],
    )
