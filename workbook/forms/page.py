"""`page(domain, …)`: the forms of one domain in one container, as each domain notebook displays it in Voila."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workbook.forms.context import FormContext

DOMAINS = ("goals", "recruitment", "content", "events", "engagement", "settings")


def _goals(ctx: FormContext) -> list[widgets.Widget]:
    from workbook.forms.goals import goal_form
    from workbook.forms.positioning import positioning_form

    return [positioning_form(ctx).widget, goal_form(ctx).widget]


def _recruitment(ctx: FormContext) -> list[widgets.Widget]:
    from workbook.forms.screening import screening_form

    return [screening_form(ctx).widget]


def _content(ctx: FormContext) -> list[widgets.Widget]:
    from workbook.forms.content_plan import plan_form
    from workbook.forms.needs import needs_view

    return [plan_form(ctx).widget, needs_view(ctx).widget]


def _events(ctx: FormContext) -> list[widgets.Widget]:
    from workbook.forms.event_scoring import event_score_form

    return [event_score_form(ctx).widget]


def _engagement(ctx: FormContext) -> list[widgets.Widget]:
    from workbook.forms.engagement import engagement_view

    return [engagement_view(ctx).widget]


def _settings(ctx: FormContext) -> list[widgets.Widget]:
    from workbook.forms.settings import settings_form

    return [settings_form(ctx).widget]


_BUILDERS: dict[str, Callable[[FormContext], list[widgets.Widget]]] = {
    "goals": _goals, "recruitment": _recruitment, "content": _content, "events": _events,
    "engagement": _engagement, "settings": _settings}


def page(domain: str, *, client: str, period: str, lang: str, db_url: str | None = None,
         who: str | None = None) -> widgets.VBox:
    """The forms of one domain in one container; `who` defaults to the request's (forms.request.who)."""
    from workbook.forms.live import follow
    from workbook.forms.request import who as request_who

    if domain not in _BUILDERS:
        raise ValueError(f"no forms for {domain!r}; choose one of {', '.join(DOMAINS)}")
    ctx = FormContext(client, period, lang, db_url, who if who is not None else request_who())
    box = widgets.VBox(_BUILDERS[domain](ctx))
    follow(ctx)  # the report sections below the forms redraw after each save
    box.add_class("wb-page")
    box.add_class(f"wb-page-{domain}")
    return box
