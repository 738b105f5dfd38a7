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
    """A short inline note of HTML (escaped) for a status or field message, styled by the app shell."""
    if not text:
        return ""
    return (f'<span class="wb-note wb-note-{level} wb-{level}" style="color:{_COLOURS[level]}">'
            f"{html.escape(text)}</span>")


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


class Status(widgets.VBox):
    """The form's status line: saved, refused, or a conflict with another facilitator's change (then with
    "keep mine" / "take theirs" buttons)."""

    def __init__(self) -> None:
        self.line = widgets.HTML()
        self.actions = widgets.HBox()
        super().__init__([self.line, self.actions])

    @property
    def value(self) -> str:
        return str(self.line.value)

    def show(self, text: str, level: str = "info") -> None:
        self.actions.children = ()
        self.line.value = f'<div class="wb-status wb-status-{level}" role="status">{note(text, level)}</div>'

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


def save(ctx: FormContext, table: str, record: Mapping[str, Any], expected_version: int | None,
         status: Status, *, saved: Callable[[int], None] | None = None,
         theirs: Callable[[], None] | None = None) -> int | None:
    """Write one record through the audited store, then `saved(version)` and the page's refreshers. On a
    conflict nothing is saved: the status says who changed what and when, and offers to keep this edit
    (saved over theirs) or take theirs (`theirs()` reloads the form)."""
    from workbook.forms.conflict import conflict_text

    if not ctx.who.strip():
        status.show(ctx.label("form.error.no_name"), "error")
        return None
    try:
        version = store.save_record(ctx.engine, ctx.client, table, record, expected_version=expected_version,
                                    who=ctx.who)
    except store.ConflictError as exc:
        status.show(conflict_text(ctx, exc, record), "warning")
        keep = widgets.Button(description=ctx.label("form.conflict.keep_mine"), button_style="primary")
        take = widgets.Button(description=ctx.label("form.conflict.take_theirs"))
        current = exc.current.get("version")
        keep.on_click(guarded(status, ctx)(lambda _: save(ctx, table, record, current, status, saved=saved,
                                                          theirs=theirs)))

        def take_theirs(_: object) -> None:
            if theirs is not None:
                theirs()
            status.show(ctx.label("form.conflict.took_theirs"), "info")

        take.on_click(guarded(status, ctx)(take_theirs))
        status.actions.children = (keep, take)
        return None
    status.show(ctx.label("form.saved", who=ctx.who), "ok")
    if saved is not None:
        saved(version)
    ctx.changed()
    return version


def searchable(ctx: FormContext, dropdown: widgets.Dropdown) -> tuple[widgets.HBox, widgets.Combobox]:
    """`dropdown` beside a search box for long lists: typing offers the options whose label contains the text
    (the browser's suggestion list), and picking one selects it in the dropdown. The dropdown keeps every
    option, so the form never resets to the first one as a filtered dropdown would."""
    search = widgets.Combobox(placeholder=ctx.label("form.search"), ensure_option=True)
    search.add_class("wb-search")
    by_label: dict[str, Any] = {}

    def offer(*_: object) -> None:
        by_label.clear()
        for label, value in dropdown.options:
            by_label.setdefault(str(label), value)
        search.options = tuple(by_label)

    def pick(change: dict[str, Any]) -> None:
        if change["new"] in by_label:
            dropdown.value = by_label[change["new"]]
            search.value = ""

    dropdown.observe(offer, "options")
    search.observe(pick, "value")
    offer()
    row = widgets.HBox([dropdown, search])
    row.add_class("wb-searchable")  # sizes: shell.css
    return row, search


def options(ctx: FormContext, group: str, values: tuple[str, ...], blank: bool = False) -> list[tuple[str, Any]]:
    """Dropdown options (label, value) for an enum, optionally led by an empty choice."""
    items = [(ctx.choice(group, v), v) for v in values]
    return [("—", None), *items] if blank else items


def section(title: str, *children: widgets.Widget) -> widgets.VBox:
    return widgets.VBox([widgets.HTML(f"<h3>{html.escape(title)}</h3>"), *children],
                        layout=widgets.Layout(margin="0 0 16px 0"))


def _shown(value: Any) -> str:
    import pandas as pd

    missing = value is None or value == "" or (not isinstance(value, dict | list) and pd.isna(value))
    return "—" if missing else str(value)


def table_html(rows: list[dict[str, Any]], headers: Mapping[str, str]) -> str:
    """A small escaped HTML table over `rows` with localised `headers` (column → label)."""
    head = "".join(f"<th>{html.escape(label)}</th>" for label in headers.values())
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_shown(row.get(c)))}</td>" for c in headers) + "</tr>"
                   for row in rows)
    # Wide tables scroll inside their form on a narrow screen instead of pushing the page sideways.
    return (f'<div class="wb-scroll"><table class="wb-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            "</table></div>")


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
