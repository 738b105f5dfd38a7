"""Event scoring: an event's attendance and survey figures, the facilitator's rubric scores and notes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook.forms.context import FormContext
from workbook.forms.ui import Field, Status, guarded, note, rubric_fields, save, section, table_html
from workbook.profile import Criterion

FIGURES = ("registered", "attended", "attendance_rate", "responses", "satisfaction_avg", "nps", "learning_avg",
           "application_avg", "score")


@dataclass
class EventScoreForm:
    widget: widgets.VBox
    event: widgets.Dropdown
    figures: widgets.HTML
    criteria: dict[str, widgets.Dropdown]
    notes: widgets.Textarea
    composite: widgets.HTML
    save: widgets.Button
    status: Status
    fields: dict[str, Field]
    state: dict[str, Any]


def facilitator_score(scores: dict[str, int], rubric: list[Criterion]) -> float | None:
    """0–100 from the client's 1–5 event rubric and its weights, as the metrics report it (`rubric_score`)."""
    from workbook.metrics.recruitment import screening_score

    return screening_score(scores, rubric)


def _shown(value: object, key: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if key == "attendance_rate":
        return f"{float(value):.0%}"  # type: ignore[arg-type]
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def event_score_form(ctx: FormContext) -> EventScoreForm:
    """Events of the period (all events when it has none); the survey composite uses the client's weights."""
    from workbook.metrics.events import composite_score

    state: dict[str, Any] = {"version": None, "rows": {}}
    event = widgets.Dropdown()
    figures, composite = widgets.HTML(), widgets.HTML()
    rubric = ctx.profile.event_rubric
    criteria, rubric_boxes = rubric_fields(ctx, rubric)
    notes = widgets.Textarea(layout=widgets.Layout(width="32em", height="4em"))
    save_button = widgets.Button(description=ctx.label("form.save"), button_style="primary")
    status = Status()
    fields = {"event": Field(ctx.label("form.event.event"), event)}
    fields |= rubric_boxes
    fields["notes"] = Field(ctx.label("form.event.notes"), notes)

    def scores() -> dict[str, int]:
        return {k: w.value for k, w in criteria.items() if w.value is not None}

    def show_composite(*_: object) -> None:
        row = state["rows"].get(event.value, {})
        components = {"attendance_rate": row.get("attendance_rate"), "satisfaction": row.get("satisfaction_avg"),
                      "nps": row.get("nps"), "learning": row.get("learning_avg"),
                      "application": row.get("application_avg")}
        survey = composite_score(components, ctx.profile.event_score_weights)
        mine = facilitator_score(scores(), rubric)
        composite.value = note(ctx.label("form.event.composite", survey=_shown(survey, "score"),
                                         facilitator=_shown(mine, "score")), "info")

    def reload(select: str | None = None) -> None:
        frames = ctx.frames()
        document = ctx.document()
        rows = {r["event_id"]: r for r in document["events"]}
        titles = dict(zip(frames.events["event_id"], frames.events["title"], strict=True))
        if not rows:
            rows = {e: {"event_id": e} for e in titles}
        state["rows"], state["scores"] = rows, frames.event_scores
        event.options = [(f"{titles.get(e, e)} ({e})", e) for e in rows]
        event.value = select if select is not None else next(iter(rows), None)

    def on_event(change: dict[str, Any]) -> None:
        for f in fields.values():
            f.set_error(None)
        row = state["rows"].get(change["new"], {})
        figures.value = table_html([{k: _shown(row.get(k), k) for k in FIGURES}],
                                   {k: ctx.label(f"form.event.figure.{k}") for k in FIGURES})
        saved = state["scores"]
        mine = saved.loc[(saved["event_id"] == change["new"]) & (saved["scorer"] == ctx.who)]
        if mine.empty:
            state["version"] = None
            for w in criteria.values():
                w.value = None
            notes.value = ""
        else:
            record = mine.iloc[0]
            state["version"] = int(record["version"])
            for k, w in criteria.items():
                value = (record["scores"] or {}).get(k)
                w.value = int(value) if value is not None and str(value).strip() else None
            notes.value = record["notes"] or ""
        show_composite()

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        for f in fields.values():
            f.set_error(None)
        problems = {}
        if event.value is None:
            problems["event"] = ctx.label("form.error.required")
        for k in criteria:
            if criteria[k].value is None:
                problems[k] = ctx.label("form.error.required")
        for name, text in problems.items():
            fields[name].set_error(text)
        if problems:
            status.show(ctx.label("form.not_saved"), "error")
            return
        record = {"event_id": event.value, "scorer": ctx.who, "scores": json.dumps(scores()),
                  "notes": notes.value.strip() or None}
        def saved(_version: int) -> None:
            reload(record["event_id"])
            on_event({"new": record["event_id"]})

        save(ctx, "event_scores", record, state["version"], status, saved=saved, theirs=lambda: saved(0))

    event.observe(on_event, "value")
    for w in criteria.values():
        w.observe(show_composite, "value")
    save_button.on_click(on_save)
    reload()
    if event.value is not None:
        on_event({"new": event.value})
    box = section(ctx.label("form.event.title"), fields["event"].box, figures,
                  *(fields[c.key].box for c in rubric), fields["notes"].box, composite, save_button, status)
    box.add_class("wb-form-event")
    return EventScoreForm(box, event, figures, criteria, notes, composite, save_button, status, fields, state)

