"""Widget pieces every form uses: labelled fields with an error slot, a status line, audited saves."""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from workbook import store
from workbook.forms.context import FormContext
from workbook.profile import Criterion

log = logging.getLogger(__name__)

_COLOURS = {"ok": "#1a7f37", "warning": "#9a6700", "error": "#cf222e", "info": "#57606a"}


def note(text: str, level: str = "info") -> str:
    """A short coloured line of HTML (escaped) for a status or field message."""
    if not text:
        return ""
    return f'<span class="wb-{level}" style="color:{_COLOURS[level]}">{html.escape(text)}</span>'


class Field:
    """A widget with its label and a message slot beside it (invalid input is shown here, not raised)."""

    def __init__(self, label: str, widget: widgets.Widget) -> None:
        self.widget = widget
        self.error = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.caption = widgets.HTML(html.escape(label), layout=widgets.Layout(width="11em"))
        self.box = widgets.HBox([self.caption, widget, self.error], layout=widgets.Layout(align_items="center"))

    def set_error(self, text: str | None) -> None:
        self.error.value = note(text or "", "error")
        if text:
            self.box.add_class("wb-invalid")
        else:
            self.box.remove_class("wb-invalid")


class Status(widgets.HTML):
    """The form's status line: saved, refused, or a conflict with another facilitator's change."""

    def show(self, text: str, level: str = "info") -> None:
        self.value = f'<div class="wb-status wb-status-{level}">{note(text, level)}</div>'

    @property
    def level(self) -> str | None:
        for level in _COLOURS:
            if f"wb-status-{level}" in self.value:
                return level
        return None


def guarded(status: Status, ctx: FormContext) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Show a handler's unexpected error in the status line (Voila would swallow it silently)."""
    def wrap(handler: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(handler)
        def run(*args: Any) -> None:
            try:
                handler(*args)
            except Exception as exc:
                log.exception("form handler %s failed", handler.__name__)
                status.show(ctx.label("form.error.unexpected", error=f"{type(exc).__name__}: {exc}"), "error")
        return run
    return wrap


def _shown(value: Any) -> str:
    import pandas as pd

    missing = value is None or value == "" or (not isinstance(value, dict | list) and pd.isna(value))
    return "—" if missing else str(value)


def conflict_text(ctx: FormContext, exc: store.ConflictError, mine: Mapping[str, Any]) -> str:
    """Who changed the record, when, and which of its values differ from the edit being saved."""
    theirs = exc.current
    changes = [f"{k}: {_shown(theirs.get(k))} ≠ {_shown(v)}" for k, v in mine.items()
               if k in theirs and _shown(theirs.get(k)) != _shown(v)]
    return ctx.label("form.conflict", who=_shown(theirs.get("updated_by")), at=_shown(theirs.get("updated_at")),
                     changes="; ".join(changes) or ctx.label("form.conflict.no_diff"))


def save(ctx: FormContext, table: str, record: Mapping[str, Any], expected_version: int | None,
         status: Status) -> int | None:
    """Write one record through the audited store; on a conflict say whose change won and save nothing."""
    try:
        version = store.save_record(ctx.engine, ctx.client, table, record, expected_version=expected_version,
                                    who=ctx.who)
    except store.ConflictError as exc:
        status.show(conflict_text(ctx, exc, record), "error")
        return None
    status.show(ctx.label("form.saved", who=ctx.who), "ok")
    return version


def options(ctx: FormContext, group: str, values: tuple[str, ...], blank: bool = False) -> list[tuple[str, Any]]:
    """Dropdown options (label, value) for an enum, optionally led by an empty choice."""
    items = [(ctx.choice(group, v), v) for v in values]
    return [("—", None), *items] if blank else items


def section(title: str, *children: widgets.Widget) -> widgets.VBox:
    return widgets.VBox([widgets.HTML(f"<h3>{html.escape(title)}</h3>"), *children],
                        layout=widgets.Layout(margin="0 0 16px 0"))


def table_html(rows: list[dict[str, Any]], headers: Mapping[str, str]) -> str:
    """A small escaped HTML table over `rows` with localised `headers` (column → label)."""
    head = "".join(f"<th>{html.escape(label)}</th>" for label in headers.values())
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_shown(row.get(c)))}</td>" for c in headers) + "</tr>"
                   for row in rows)
    return f'<table class="wb-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def rubric_fields(ctx: FormContext, rubric: list[Criterion]) -> tuple[dict[str, widgets.Dropdown], dict[str, Field]]:
    """One 1–5 dropdown per rubric criterion, each level with its anchored description, labelled with its weight."""
    zh = ctx.lang == "zh-CN"
    criteria: dict[str, widgets.Dropdown] = {}
    fields: dict[str, Field] = {}
    for c in rubric:
        anchors = c.anchors_zh if zh else c.anchors_en
        options = [("—", None), *((f"{n} · {anchors[n]}" if n in anchors else str(n), n) for n in range(1, 6))]
        criteria[c.key] = widgets.Dropdown(options=options, value=None, layout=widgets.Layout(width="22em"))
        fields[c.key] = Field(f"{c.label_zh if zh else c.label_en} ({c.weight:g})", criteria[c.key])
    return criteria, fields
