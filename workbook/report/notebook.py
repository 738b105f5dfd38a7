"""What the report notebooks call: open the page (its parameters, its period's figures loaded once, its title and
forms), and show charts, tables and text."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING, Any

import pandas as pd

from workbook.i18n import t

if TYPE_CHECKING:
    from workbook.report.kpis import Headline

SORT_KEY_SUFFIX = "_no"  # columns that only order a chart (weekday_no…) stay out of its table


@dataclass
class Report:
    """One client's period as a notebook sees it: profile, period and the period's snapshot (document, the
    previous period's document, chart tables). With `snapshot_dir` (a report run) the store is never read;
    `interactive`: drawn as the app's page (Voila), its forms above the report."""

    client: str
    period_label: str
    lang: str
    db_url: str | None = None
    snapshot_dir: str | None = None
    interactive: bool = False

    @cached_property
    def profile(self) -> Any:
        from workbook.profile import load_profile

        return load_profile(self.client)

    @cached_property
    def period(self) -> Any:
        from workbook.periods import parse

        return parse(self.period_label, self.profile.timezone)

    @cached_property
    def snapshot(self) -> Any:
        from pathlib import Path

        from workbook import snapshot

        if self.snapshot_dir:
            return snapshot.Snapshot(Path(self.snapshot_dir))
        return snapshot.load(self.client, self.period_label, self.db_url)

    @property
    def document(self) -> dict[str, Any]:
        return self.snapshot.document  # type: ignore[no-any-return]

    @property
    def previous(self) -> dict[str, Any]:
        return self.snapshot.previous  # type: ignore[no-any-return]

    def series(self, name: str) -> pd.DataFrame:
        """A chart table of the snapshot (workbook.snapshot.build.TABLES), read once per notebook."""
        if name not in self._tables:
            self._tables[name] = self.snapshot.table(name)
        return self._tables[name].copy()

    @cached_property
    def _tables(self) -> dict[str, pd.DataFrame]:
        return {}

    def breakdown(self, table: str, *names: str) -> pd.DataFrame:
        """A chart table per published group of each cross-filter in `names` (workbook.report.breakdowns), one
        column per filter: everyone's rows (every filter at ALL), then each filter's groups with the others at ALL —
        the page applies one filter at a time, so groups are never crossed (a crossed group could be too small).
        Prepared by the pack runner beside the snapshot, computed here (reading the store) only outside a report run;
        a report run's notebook reads nothing but its snapshot: without prepared breakdowns, everyone's rows alone."""
        from workbook.report import breakdowns

        folder = self.snapshot.folder
        if not (breakdowns.folder(folder) / breakdowns.DONE).is_file():
            if self.snapshot_dir:
                return self._everyone(table).assign(**dict.fromkeys(names, breakdowns.ALL))
            breakdowns.prepare(folder, self.client, self.period_label, self.db_url)
        parts = []
        for name in names:
            frame = breakdowns.read(folder, name, table)
            if not parts:
                parts.append(frame.loc[frame[name] == breakdowns.ALL])
            parts.append(frame.loc[frame[name] != breakdowns.ALL])
        return pd.concat(parts, ignore_index=True).fillna(dict.fromkeys(names, breakdowns.ALL))

    def _everyone(self, table: str) -> pd.DataFrame:
        """Everyone's rows of a breakdown table, from the snapshot (workbook.report.breakdowns.TABLES)."""
        from workbook.report.breakdowns import CONTENT_COLUMNS

        if table == "tiers":
            tiers = self.document["engagement"]["tiers"]
            return pd.DataFrame({"tier": list(tiers), "members": list(tiers.values())})
        if table == "content_kinds":
            kinds = self.document["content_summary"]["by_kind"]
            return pd.DataFrame({"kind": list(kinds), "items": list(kinds.values())})
        if table == "content_items":
            return pd.DataFrame(self.document["content"], columns=CONTENT_COLUMNS)
        return self.series(table)

    def label(self, key: str, **values: Any) -> str:
        return t(key, self.lang, self.profile.labels, **values)


def load(client: str, period: str, lang: str | None = None, db_url: str | None = None,
         snapshot: str | None = None) -> Report:
    """The notebook's entry point; `lang=None` uses the client's language; `snapshot`: a snapshot folder
    prepared by the report runner (the notebook then reads nothing else)."""
    from workbook import branding
    from workbook.i18n import normalise_lang

    report = Report(client, period, "en", db_url, snapshot)
    report.lang = normalise_lang(lang or report.profile.language)
    branding.activate(client, report.profile)  # the charts this notebook draws take the client's colour
    if not _reopening:
        _remember_loading_cell()
    return report


def _lazy(target: str, *args: Any) -> Callable[..., Any]:
    """`module:function` called with `args` first, imported on the first call: a report kernel, which never shows
    forms, never loads ipywidgets."""
    module, function = target.split(":")

    def call(*more: Any, **keywords: Any) -> Any:
        return getattr(import_module(module), function)(*args, *more, **keywords)

    return call


def _domain_forms(domain: str) -> Callable[..., Any]:
    return _lazy("workbook.forms.page:page", domain)


def _programme_form(form: str, name: str) -> Callable[..., Any]:
    """One culture-programme form (`module:function`) as its page shows it (forms.stories.programme_page)."""
    return _lazy("workbook.forms.stories:programme_page", _lazy(form), name)


@dataclass(frozen=True)
class Opening:
    """What a notebook shows above its own sections: its title (report.notebook.<name> unless `title`), then
    `intro` or else the period line; on the app's page its `forms` (called with client, period, lang, db_url and
    who), and elsewhere `static_intro` in their place (the forms carry that text themselves)."""

    forms: Callable[..., Any] | None = None
    intro: str | None = None
    static_intro: str | None = None
    title: str | None = None


OPENINGS: dict[str, Opening] = {
    "01_goals": Opening(forms=_domain_forms("goals")),
    "02_recruitment": Opening(forms=_domain_forms("recruitment")),
    "03_content": Opening(forms=_domain_forms("content")),
    "04_events": Opening(forms=_domain_forms("events")),
    "05_engagement": Opening(forms=_domain_forms("engagement")),
    "07_settings": Opening(forms=_domain_forms("settings"), intro="form.settings.intro",
                           title="app.page.07_settings"),
    "08_event_planning": Opening(forms=_lazy("workbook.forms.event_planning:planning_page"),
                                 intro="events_planning.intro"),
    "09_points": Opening(forms=_lazy("workbook.forms.points:points_page"), intro="points.intro"),
    "10_community_kit": Opening(forms=_lazy("workbook.forms.community_kit:page"), intro="kit.form.intro"),
    "11_stories": Opening(forms=_programme_form("workbook.forms.stories:stories_form", "stories")),
    "12_core_members": Opening(forms=_programme_form("workbook.forms.core_members:core_members_form",
                                                     "core_members")),
    "13_member": Opening(forms=_programme_form("workbook.forms.member_timeline:timeline_form", "member"),
                         static_intro="culture_programme.timeline.intro"),
}


def open_report(name: str, client: str, period: str, lang: str | None = None, db_url: str | None = None,
                snapshot: str | None = None) -> Report:
    """A notebook's opening outside the app (the yearbook): the period's report loaded (`load`), the notebook's
    title, then its intro or the period line."""
    opening = OPENINGS.get(name, Opening())
    report = load(client, period, lang, db_url, snapshot)
    heading(report.label(opening.title or f"report.notebook.{name}"), 1)
    if opening.intro:
        md(report.label(opening.intro))
    else:
        period_header(report)
    return report


def open_page(name: str, client: str, period: str, lang: str, db_url: str | None = None, interactive: bool = False,
              snapshot: str | None = None) -> Report:
    """A page notebook's opening, from its parameters: in Voila the query string overrides them and is checked
    (forms.request.page_params), then `open_report`, then on the app's page the page's forms (OPENINGS).
    Later cells read the page's client, period, language and mode from the report (`report.interactive`…), not
    from the parameters cell the query string overrode."""
    from workbook.forms.request import page_params

    params = page_params(client, period, lang, interactive)
    report = open_report(name, params.client, params.period, params.lang, db_url, snapshot)
    report.interactive = params.interactive
    opening = OPENINGS.get(name, Opening())
    if not params.interactive:
        if opening.static_intro:
            md(report.label(opening.static_intro))
    elif opening.forms is not None and not _reopening:
        from IPython.display import display

        _reopen_after_saves()
        display(opening.forms(client=params.client, period=params.period, lang=params.lang, db_url=db_url,
                              who=params.who))
    return report


# (shell, source) of the cell that last called load() in IPython: an interactive page re-runs it after a save
# (workbook.forms.live) so its sections read the new revision. Nothing is displayed: report runs are unchanged.
_loading_cell: tuple[Any, str] | None = None
# True while a page's opening cell runs again after a save: the report is read anew, the forms shown stay.
_reopening = False


def _remember_loading_cell() -> None:
    global _loading_cell
    import sys

    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    history = shell.user_ns.get("In") if shell is not None else None
    if history:
        _loading_cell = (shell, str(history[-1]))


def _reopen_after_saves() -> None:
    """The page's opening cell, which also shows the forms, is what a save re-runs: re-run it through `_reopen`
    so that it reloads the report and rebinds the cell's names without building the forms again."""
    global _loading_cell
    if _loading_cell is not None:
        shell, source = _loading_cell
        _loading_cell = (shell, f"__import__({__name__!r}, fromlist=['_reopen'])._reopen({source!r})")


def _reopen(source: str) -> None:
    global _reopening
    from IPython import get_ipython

    shell = get_ipython()
    _reopening = True
    try:
        exec(compile(shell.transform_cell(source), "<page opening>", "exec"), shell.user_ns)
    finally:
        _reopening = False


def loading_cell() -> tuple[Any, str] | None:
    """The IPython shell and source of the cell that loaded the report, when load() ran in one."""
    from IPython import get_ipython

    if _loading_cell is None or _loading_cell[0] is not get_ipython():
        return None
    return _loading_cell


def _display(html_text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(html_text))


def md(text: str) -> None:
    """Narrative text (already localised) as a paragraph."""
    _display(f"<p>{html.escape(text)}</p>")


def heading(text: str, level: int = 2) -> None:
    _display(f"<h{level}>{html.escape(text)}</h{level}>")


def table_html(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, na_rep="—", border=0, classes="wb-table", escape=True)


def show(chart_or_table: Any, table: pd.DataFrame | None = None, caption: str | None = None,
         static: Any = None) -> None:
    """A chart (or its Vega-Lite dict) as inline SVG with its data table folded below it (screen readers,
    copying), or a table; `static`: the chart the SVG draws when it differs from the live one."""
    if isinstance(chart_or_table, pd.DataFrame):
        _display(table_html(chart_or_table))
        return
    from workbook.charts import compact_data, to_svg

    # The spec draws the live chart where the page has vega.js (report packs); the SVG is the fallback.
    as_dict = compact_data(chart_or_table if isinstance(chart_or_table, dict) else chart_or_table.to_dict())
    spec = json.dumps(as_dict, ensure_ascii=False).replace("</", "<\\/")
    parts = [f'<figure class="wb-figure"><div class="wb-live"></div>'
             f'<script type="application/json" class="wb-spec">{spec}</script>'
             f'<div class="wb-static">{to_svg(as_dict if static is None else static)}</div>']
    if table is not None and caption:
        parts.append(f"<details><summary>{html.escape(caption)}</summary>{table_html(table)}</details>")
    parts.append("</figure>")
    _display("".join(parts))


def period_header(report: Report) -> None:
    """The period line, and a plain sentence when the period has no data yet or has not ended."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    period = report.period
    md(report.label("report.period_line", start=period.start, end=period.end))
    today = datetime.now(ZoneInfo(period.timezone)).date()
    if today < period.start:
        md(report.label("report.period_future", today=today))
    elif today <= period.end:
        md(report.label("report.period_open", today=today))
    if not has_data(report.document):
        md(report.label("report.period_empty"))


def has_data(document: dict[str, Any]) -> bool:
    """Whether anything happened or anyone was a member in the document's period."""
    engagement = document.get("engagement", {})
    return any([engagement.get("members_in_period"), engagement.get("messages_total"), document.get("events"),
                document.get("content"), document.get("recruitment", {}).get("applicants")])


def empty(report: Report) -> None:
    """Say plainly that a section has nothing for this period (rather than draw an empty chart)."""
    md(report.label("report.no_data"))


def kpi_cards(cards: list[Headline] | list[tuple[str, str, str]]) -> None:
    """Headline figures as cards, the change coloured by whether it is good news; tuples are (label, value,
    change) with no judgement."""
    from workbook.report.kpis import Headline

    rows = [(c.label, c.value, c.change, c.tone) if isinstance(c, Headline) else (*c, "neutral") for c in cards]
    items = "".join(
        f'<div class="wb-kpi"><div>{html.escape(label)}</div><div class="value">{html.escape(value)}</div>'
        f'<div class="wb-tone-{tone}">{html.escape(change)}</div></div>' for label, value, change, tone in rows)
    _display(f'<div class="wb-kpis">{items}</div>')


def chart(report: Report, frame: pd.DataFrame, build: Callable[[pd.DataFrame], Any], highlight: str | None = None
          ) -> None:
    """`build(frame)` shown with `frame` as its table alternative, or a no-data line for an empty frame.

    A frame with cross-filter columns (a report.breakdown) holds every published group of each: the chart declares
    the filters that offer a choice and starts on everyone; the table alternative and the static drawing (print,
    readers without scripts) show everyone. `highlight` (a filter name) declares the filter on a chart of the groups
    themselves (one bar per department): choosing a group fades the others."""
    from workbook.charts import alt, cross_filter, cross_highlight
    from workbook.report.breakdowns import ALL, FILTERS
    from workbook.report.format import localised

    if frame.empty:
        empty(report)
        return
    names = [c for c in frame.columns if c in FILTERS]
    offered = {name: options for name in names if len(options := _options(report, frame[name], name)) > 1}
    # a filter with no group to choose (no departments, none large enough) leaves everyone's rows
    plain = [name for name in names if name not in offered]
    frame = frame.loc[(frame[plain] == ALL).all(axis=1)].drop(columns=plain)
    everyone = frame.loc[(frame[list(offered)] == ALL).all(axis=1)].drop(columns=list(offered))
    drawn: Any = build(frame)
    if offered:
        # every group's rows, each group's already aggregated (a heat map of 30 groups is 5,040 cells): past
        # Altair's 5,000-row guard against unaggregated data
        with alt.data_transformers.enable(max_rows=None):
            drawn = _as_dict(drawn)
    declared = []
    for name, options in offered.items():
        drawn = cross_filter(_as_dict(drawn), name, options, report.label(f"report.explore.filter.{name}"), ALL)
        declared.append(_declared(report, drawn, name))
    options = _options(report, report.breakdown(FILTERS[highlight].tables[0], highlight)[highlight], highlight
                       ) if highlight else []
    if highlight and len(options) > 1:
        drawn = cross_highlight(_as_dict(drawn), highlight, FILTERS[highlight].values, options,
                                report.label(f"report.explore.filter.{highlight}"), ALL)
        declared.append(_declared(report, drawn, highlight))
    if len(declared) > 1:  # the page applies one at a time (groups are never crossed): say so beside the last
        last = declared[-1]
        last["note"] = " ".join(filter(None, [last.get("note"), report.label("report.explore.filter.one_at_a_time")]))
    if declared:
        drawn["usermeta"]["wb_filter"] = declared
    shown = everyone.drop(columns=[c for c in everyone.columns if c.endswith(SORT_KEY_SUFFIX)])
    show(drawn, table=localised(shown, report.lang), caption=report.label("report.table_caption"),
         static=build(everyone) if offered else None)


def _as_dict(drawn: Any) -> dict[str, Any]:
    return drawn if isinstance(drawn, dict) else drawn.to_dict()  # type: ignore[no-any-return]


def _options(report: Report, groups: pd.Series, name: str) -> list[tuple[str, str]]:
    """(value, label) of the filter `name`: everyone first, then each published group (in order of name, as every
    chart declaring it lists them) as the pages name it."""
    from workbook.report.breakdowns import ALL, FILTERS
    from workbook.report.format import value_label

    return [(ALL, report.label("report.explore.filter.all")),
            *((g, value_label(FILTERS[name].values, g, report.lang)) for g in sorted(set(groups) - {ALL}))]


def _declared(report: Report, spec: dict[str, Any], name: str) -> dict[str, Any]:
    """The filter `spec` has just declared (taken out of its usermeta: a chart may declare several, listed under
    usermeta.wb_filter), with its note beside the selector when it has one."""
    from workbook.report.breakdowns import FILTERS

    declared: dict[str, Any] = spec["usermeta"].pop("wb_filter")
    if (note := FILTERS[name].note) is not None:
        declared["note"] = report.label(note, n=report.profile.privacy.min_group_size)
    return declared


def bullets(items: list[str], none_text: str) -> None:
    """A list of localised sentences, or `none_text` when there are none."""
    if not items:
        md(none_text)
        return
    _display("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")


def table(report: Report, frame: pd.DataFrame, none_text: str) -> None:
    """`frame` with localised headers, or `none_text` when it is empty."""
    from workbook.report.format import localised

    if frame.empty:
        md(none_text)
        return
    show(localised(frame, report.lang))
