"""Needs → plan on the content page: the period's hot terms beside the content that covers them (with its
attention); a term members keep raising with no content is a suggested slot of workbook.plan_suggestions (this
module's `plan_suggestions` provider), accepted from the plan's suggestions like any other."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.ui import note, section, table_html
from workbook.metrics import needs
from workbook.metrics.context import Context


@dataclass
class NeedsView:
    widget: widgets.VBox
    table: widgets.HTML
    state: dict[str, Any]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def needs_view(ctx: FormContext) -> NeedsView:
    """The page period's hot terms (its metrics document) matched to content (a fresh read)."""
    state: dict[str, Any] = {"needs": []}
    table = widgets.HTML()
    intro = ctx.label("culture_programme.needs.intro", n=needs.DEMAND_MIN_COUNT)

    def refresh() -> None:
        hot = ctx.document().get("voice", {}).get("hot_terms", [])
        state["needs"] = needs.needs(Context(ctx.frames(), ctx.profile, ctx.period), hot)
        headers = {c: ctx.label(f"culture_programme.needs.col.{c}") for c in ("term", "count", "prev", "covered")}
        rows = [{"term": n.term, "count": n.count, "prev": n.prev_count,
                 "covered": "; ".join(f"{c.title} ({_percent(c.attention)})" for c in n.items)
                 or ctx.label("culture_programme.needs.uncovered")} for n in state["needs"]]
        table.value = table_html(rows, headers) if rows else note(ctx.label("culture_programme.needs.no_terms"))

    refresh()  # once: planning a slot on this page changes neither the terms nor the content covering them
    box = section(ctx.label("culture_programme.needs.title"), widgets.HTML(f"<p>{html.escape(intro)}</p>"), table)
    box.add_class("wb-form-needs")
    return NeedsView(box, table, state)


def plan_suggestions(engine: Any, client: str, profile: Any, period: Any, lang: str) -> list[Any]:
    """workbook.plan_suggestions provider: the period's gaps (terms with demand, no content, no slot) as slots on
    the first Monday after it. Hot terms come from the period's snapshot (computed once per store revision)."""
    from workbook import snapshot
    from workbook.i18n import t
    from workbook.plan_suggestions import Suggestion
    from workbook.snapshot import build

    document = snapshot.document(client, period.label, engine.url.render_as_string(hide_password=False))
    hot = document.get("voice", {}).get("hot_terms", [])
    if not hot:
        return []
    frames = build.frames_for(engine, client, profile, period, full=False)
    found = needs.gaps(needs.needs(Context(frames, profile, period), hot),
                       store.read_table(engine, client, "content_plan"), profile.voice.dictionary)
    due = needs.suggested_due(period.end)
    return [Suggestion(due, n.term, needs.SOURCE, t("culture_programme.needs.reason", lang, profile.labels,
                                                    term=n.term, count=n.count, prev=n.prev_count))
            for n in found]
