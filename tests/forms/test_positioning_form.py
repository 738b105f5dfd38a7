"""Positioning edits land in client.yaml and keep the rest of the profile."""

from __future__ import annotations

from workbook.forms.context import FormContext
from workbook.forms.positioning import positioning_form
from workbook.profile import load_profile


def test_positioning_saves_to_the_profile(ctx: FormContext) -> None:
    form = positioning_form(ctx)
    assert form.type.value == "onboarding" and form.audience.value == "new hires"
    form.type.value = "leadership"
    form.audience.value = "first-line managers"
    form.values.value = "candour、care, growth"
    form.slogan.value = "Lead together"
    form.save.click()
    assert form.status.level == "ok"
    positioning = load_profile(ctx.client).positioning
    assert positioning.type == "leadership" and positioning.audience == "first-line managers"
    assert positioning.values == ["candour", "care", "growth"] and positioning.slogan == "Lead together"


def test_an_empty_audience_is_refused(ctx: FormContext) -> None:
    form = positioning_form(ctx)
    form.audience.value = "  "
    form.save.click()
    assert form.status.level == "error" and "Required" in form.fields["audience"].error.value
    assert load_profile(ctx.client).positioning.audience == "new hires"
