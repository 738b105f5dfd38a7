"""Positioning form: community type, audience, value proposition, values and slogan → client.yaml."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets

from workbook.forms.context import FormContext
from workbook.forms.profile_file import write
from workbook.forms.ui import Field, Status, guarded, section
from workbook.profile import COMMUNITY_TYPES


@dataclass
class PositioningForm:
    widget: widgets.VBox
    type: widgets.Dropdown
    audience: widgets.Text
    value_proposition: widgets.Textarea
    values: widgets.Text
    slogan: widgets.Text
    save: widgets.Button
    status: Status
    fields: dict[str, Field]


def positioning_form(ctx: FormContext) -> PositioningForm:
    """Edit the profile's `positioning`; values are comma-separated (、 and ， work too)."""
    current = ctx.profile.positioning
    kind = widgets.Dropdown(options=[(ctx.choice("community_type", k), k) for k in COMMUNITY_TYPES],
                            value=current.type)
    audience = widgets.Text(value=current.audience, placeholder=ctx.label("form.positioning.audience_hint"))
    proposition = widgets.Textarea(value=current.value_proposition, layout=widgets.Layout(width="28em"))
    values = widgets.Text(value=", ".join(current.values), placeholder=ctx.label("form.positioning.values_hint"))
    slogan = widgets.Text(value=current.slogan)
    save = widgets.Button(description=ctx.label("form.save"), button_style="primary")
    status = Status()
    fields = {"type": Field(ctx.label("form.positioning.type"), kind),
              "audience": Field(ctx.label("form.positioning.audience"), audience),
              "value_proposition": Field(ctx.label("form.positioning.value_proposition"), proposition),
              "values": Field(ctx.label("form.positioning.values"), values),
              "slogan": Field(ctx.label("form.positioning.slogan"), slogan)}

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        for f in fields.values():
            f.set_error(None)
        if not audience.value.strip():
            fields["audience"].set_error(ctx.label("form.error.required"))
            status.show(ctx.label("form.not_saved"), "error")
            return
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return
        parts = values.value.replace("、", ",").replace("，", ",").split(",")
        # Only the positioning keys are written: other keys edited meanwhile and the file's comments are kept.
        changes = {("positioning", "type"): kind.value, ("positioning", "audience"): audience.value.strip(),
                   ("positioning", "value_proposition"): proposition.value.strip(),
                   ("positioning", "values"): [p.strip() for p in parts if p.strip()],
                   ("positioning", "slogan"): slogan.value.strip()}
        ctx.__dict__["profile"] = write(ctx.client, changes, ctx.who, ctx.engine)
        status.show(ctx.label("form.saved", who=ctx.who), "ok")

    save.on_click(on_save)
    box = section(ctx.label("form.positioning.title"), *(f.box for f in fields.values()), save, status)
    box.add_class("wb-form-positioning")
    return PositioningForm(box, kind, audience, proposition, values, slogan, save, status, fields)
