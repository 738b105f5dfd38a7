"""Needs → plan on the content page: the period's hot terms beside the content that covers them (with its
attention), and a term members keep raising with no content added to the plan as a slot (an audited
content_plan row, status planned)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

import ipywidgets as widgets

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.dates import day_text
from workbook.forms.ui import Field, Status, guarded, note, save, section, table_html
from workbook.metrics import needs
from workbook.metrics.context import Context


@dataclass
class NeedsForm:
    widget: widgets.VBox
    table: widgets.HTML
    gap: widgets.Dropdown
    due: widgets.DatePicker
    add: widgets.Button
    status: Status
    state: dict[str, Any]


def term_needs(ctx: FormContext) -> list[needs.TermNeed]:
    """The page period's hot terms matched to content, from its metrics document and a fresh read of the store."""
    hot = ctx.document().get("voice", {}).get("hot_terms", [])
    return needs.needs(Context(ctx.frames(), ctx.profile, ctx.period), hot)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def reason(ctx: FormContext, need: needs.TermNeed) -> str:
    return ctx.label("culture_programme.needs.reason", term=need.term, count=need.count, prev=need.prev_count)


def needs_form(ctx: FormContext) -> NeedsForm:
    state: dict[str, Any] = {"needs": [], "gaps": []}
    intro_text = ctx.label("culture_programme.needs.intro", n=needs.DEMAND_MIN_COUNT)
    table, intro = widgets.HTML(), widgets.HTML(f"<p>{html.escape(intro_text)}</p>")
    gap = widgets.Dropdown(layout=widgets.Layout(width="28em"))
    due = widgets.DatePicker(value=needs.suggested_due(ctx.period.end))
    add = widgets.Button(description=ctx.label("culture_programme.needs.add"), button_style="primary")
    status = Status()
    fields = {"gap": Field(ctx.label("culture_programme.needs.gap"), gap),
              "due": Field(ctx.label("culture_programme.needs.due"), due)}

    def reload() -> None:
        found = term_needs(ctx)
        plan = store.read_table(ctx.engine, ctx.client, "content_plan")
        state["needs"], state["gaps"] = found, needs.gaps(found, plan)
        headers = {c: ctx.label(f"culture_programme.needs.col.{c}") for c in ("term", "count", "prev", "covered")}
        rows = [{"term": n.term, "count": n.count, "prev": n.prev_count,
                 "covered": "; ".join(f"{c.title} ({_percent(c.attention)})" for c in n.items)
                 or ctx.label("culture_programme.needs.uncovered")} for n in found]
        table.value = table_html(rows, headers) if rows else note(ctx.label("culture_programme.needs.no_terms"))
        gap.options = [(f"{n.term} · {reason(ctx, n)}", n.term) for n in state["gaps"]]
        gap.value = state["gaps"][0].term if state["gaps"] else None
        add.disabled = not state["gaps"]

    @guarded(status, ctx)
    def on_add(_: object) -> None:
        for f in fields.values():
            f.set_error(None)
        chosen = next((n for n in state["gaps"] if n.term == gap.value), None)
        if chosen is None:
            fields["gap"].set_error(ctx.label("form.error.required"))
            return
        if not isinstance(due.value, date):
            fields["due"].set_error(ctx.label("form.error.required"))
            status.show(ctx.label("form.not_saved"), "error")
            return
        record = slot_record(chosen.term, due.value, ctx.who)
        if save(ctx, "content_plan", record, None, status, saved=lambda _v: reload()) is not None:
            status.show(ctx.label("culture_programme.needs.added", term=chosen.term,
                                  due=day_text(due.value, ctx.lang), who=ctx.who), "ok")

    add.on_click(on_add)
    reload()
    box = section(ctx.label("culture_programme.needs.title"), intro, table, *(f.box for f in fields.values()), add,
                  status)
    box.add_class("wb-form-needs")
    return NeedsForm(box, table, gap, due, add, status, state)


def slot_record(term: str, due: date, owner: str) -> dict[str, Any]:
    return {"slot_id": needs.slot_id(term, due), "due": due, "kind": None, "format": None, "topic": term,
            "owner": owner or None, "status": "planned", "content_id": None}


def plan_suggestions(engine: Any, client: str, profile: Any, period: Any, lang: str) -> list[Any]:
    """Provider for workbook.plan_suggestions: the period's gaps as slots the week after it."""
    from workbook.i18n import t
    from workbook.metrics.voice import Segmenter, hot_terms
    from workbook.plan_suggestions import Suggestion
    from workbook.snapshot import build

    context = Context(build.frames_for(engine, client, profile, period, full=False), profile, period)
    hot = hot_terms(context, Segmenter(profile.voice.dictionary, profile.voice.stop_words))
    found = needs.gaps(needs.needs(context, hot),
                       store.read_table(engine, client, "content_plan"))
    due = needs.suggested_due(period.end)
    return [Suggestion(due, n.term, needs.SOURCE, t("culture_programme.needs.reason", lang, profile.labels,
                                                    term=n.term, count=n.count, prev=n.prev_count))
            for n in found]
