"""Recruitment screening: score an applicant on the client's rubric, see the suggestion, record a decision."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.dates import day_text
from workbook.forms.ui import Field, Status, guarded, note, options, rubric_fields, save, section, table_html
from workbook.schemas import DECISIONS


@dataclass
class ScreeningForm:
    widget: widgets.VBox
    applicant: widgets.Dropdown
    details: widgets.HTML
    criteria: dict[str, widgets.Dropdown]
    score: widgets.HTML
    decision: widgets.Dropdown
    reviewer: widgets.Text
    save: widgets.Button
    status: Status
    funnel: widgets.HTML
    fields: dict[str, Field]
    state: dict[str, Any]


def funnel_rows(ctx: FormContext) -> list[dict[str, Any]]:
    """Applicants of the period per channel at each funnel stage (small channels folded, METRICS.md)."""
    from workbook.metrics import series

    frame = series.recruitment_funnel(ctx.frames(), ctx.profile, ctx.period)
    if frame.empty:
        return []
    wide = frame.pivot(index="channel", columns="stage", values="applicants").reset_index()
    return [{"channel": ctx.choice("channel", r["channel"]),
             **{s: int(r[s]) for s in series.FUNNEL_STAGES}} for r in wide.to_dict("records")]


def screening_form(ctx: FormContext) -> ScreeningForm:
    """Applicants of the period (all applicants when the period has none), newest first."""
    from workbook.metrics.recruitment import screening_score, suggested_decision

    rubric = ctx.profile.screening_rubric
    state: dict[str, Any] = {"version": None, "applicants": pd.DataFrame()}
    applicant = widgets.Dropdown()
    details = widgets.HTML()
    criteria, rubric_boxes = rubric_fields(ctx, rubric)
    score = widgets.HTML()
    decision = widgets.Dropdown(options=[(ctx.label("form.screening.undecided"), None),
                                         *options(ctx, "decision", DECISIONS)], value=None)
    reviewer = widgets.Text(value=ctx.who)
    save_button = widgets.Button(description=ctx.label("form.save"), button_style="primary")
    status = Status()
    funnel = widgets.HTML()
    fields = {"applicant": Field(ctx.label("form.screening.applicant"), applicant)}
    fields |= rubric_boxes
    fields |= {"decision": Field(ctx.label("form.screening.decision"), decision),
               "reviewer": Field(ctx.label("form.screening.reviewer"), reviewer)}

    def scores() -> dict[str, int]:
        return {k: w.value for k, w in criteria.items() if w.value is not None}

    def show_score(*_: object) -> None:
        value = screening_score(scores(), rubric)
        suggestion = suggested_decision(value, ctx.profile.screening_thresholds)
        if value is None:
            score.value = note(ctx.label("form.screening.no_score"))
            return
        score.value = note(ctx.label("form.screening.score", score=f"{value:.0f}",
                                     suggestion=ctx.choice("decision", suggestion)), "info")

    def show_funnel() -> None:
        headers = {"channel": ctx.label("form.screening.channel"),
                   **{s: ctx.label(f"form.screening.stage.{s}") for s in ("applied", "screened", "accepted",
                                                                            "joined")}}
        funnel.value = table_html(funnel_rows(ctx), headers)

    def reload(select: str | None = None) -> None:
        frame = store.read_table(ctx.engine, ctx.client, "applicants")
        period = ctx.period
        in_period = frame.loc[(frame["applied_at"] >= period.start_at) & (frame["applied_at"] < period.end_at)]
        frame = (in_period if len(in_period) else frame).sort_values("applied_at", ascending=False)
        state["applicants"] = frame
        applicant.options = [(f"{r.name} · {ctx.choice('channel', r.source_channel or 'other')}", r.applicant_id)
                             for r in frame.itertuples()]
        applicant.value = select if select is not None else next((v for _, v in applicant.options), None)
        show_funnel()

    def on_applicant(change: dict[str, Any]) -> None:
        for f in fields.values():
            f.set_error(None)
        rows = state["applicants"].loc[state["applicants"]["applicant_id"] == change["new"]]
        if rows.empty:
            state["version"] = None
            details.value = ""
            return
        row = rows.iloc[0]
        state["version"] = int(row["version"])
        applied = day_text(row["applied_at"], ctx.lang, tz=ctx.profile.timezone)
        details.value = (f'<div class="wb-applicant"><b>{html.escape(str(row["name"]))}</b> · '
                         f'{html.escape(str(row["department"] or "—"))} · {applied}'
                         f'<br>{html.escape(str(row["answers"] or ""))}</div>')
        saved = row["scores"] or {}
        for key, w in criteria.items():
            value = saved.get(key)
            w.value = int(value) if value is not None and str(value).strip() else None
        decision.value = row["decision"] if row["decision"] in DECISIONS else None
        reviewer.value = row["decided_by"] or ctx.who

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        for f in fields.values():
            f.set_error(None)
        problems = {}
        if applicant.value is None:
            problems["applicant"] = ctx.label("form.error.required")
        if decision.value is not None and not reviewer.value.strip():
            problems["reviewer"] = ctx.label("form.error.required")
        if decision.value is not None and not scores():
            problems["decision"] = ctx.label("form.screening.score_first")
        for name, text in problems.items():
            fields[name].set_error(text)
        if problems:
            status.show(ctx.label("form.not_saved"), "error")
            return
        record = {"applicant_id": applicant.value, "scores": json.dumps(scores()), "decision": decision.value,
                  "decided_by": reviewer.value.strip() if decision.value else None}
        def saved(_version: int) -> None:
            # The same applicant stays selected, so its observer does not fire: load the saved version here.
            reload(record["applicant_id"])
            on_applicant({"new": record["applicant_id"]})

        save(ctx, "applicants", record, state["version"], status, saved=saved, theirs=lambda: saved(0))

    applicant.observe(on_applicant, "value")
    for w in criteria.values():
        w.observe(show_score, "value")
    save_button.on_click(on_save)
    reload()
    if applicant.options:
        on_applicant({"new": applicant.value})
    show_score()
    box = section(ctx.label("form.screening.title"), fields["applicant"].box, details,
                  *(fields[c.key].box for c in rubric), score, fields["decision"].box, fields["reviewer"].box,
                  save_button, status, widgets.HTML(f"<h4>{html.escape(ctx.label('form.screening.funnel'))}</h4>"),
                  funnel)
    box.add_class("wb-form-screening")
    return ScreeningForm(box, applicant, details, criteria, score, decision, reviewer, save_button, status, funnel,
                         fields, state)
