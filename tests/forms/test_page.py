"""`forms.page` builds each domain's container; parameters come from Voila's query string."""

from __future__ import annotations

import pytest

from tests.forms.client import CLIENT, PERIOD
from workbook import forms
from workbook.forms.context import FormContext
from workbook.forms.request import PageParams, page_params


@pytest.mark.parametrize("domain", forms.DOMAINS)
def test_page_for_each_domain(ctx: FormContext, domain: str) -> None:
    box = forms.page(domain, client=CLIENT, period=PERIOD, lang="en", db_url=ctx.db_url, who="carol")
    assert f"wb-page-{domain}" in box._dom_classes and len(box.children) >= 1


def test_unknown_domain_is_refused(ctx: FormContext) -> None:
    with pytest.raises(ValueError, match="goals, recruitment"):
        forms.page("culture", client=CLIENT, period=PERIOD, lang="en", db_url=ctx.db_url)


def test_query_string_overrides_parameters_in_voila(monkeypatch: pytest.MonkeyPatch) -> None:
    assert page_params("demo", "2026-10", "zh-CN") == PageParams("demo", "2026-10", "zh-CN", "tester", False)
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    monkeypatch.setenv("QUERY_STRING", "client=pilot&lang=en&who=%E6%9D%8E%E9%9D%99")
    params = page_params("demo", "2026-10", "zh-CN")
    assert (params.client, params.period, params.lang, params.who, params.interactive) == (
        "pilot", "2026-10", "en", "李静", True)


def test_preloaded_frames_serve_the_first_read_only(ctx: FormContext) -> None:
    from workbook import store

    frames = store.load_frames(ctx.engine, CLIENT)
    shared = FormContext(CLIENT, PERIOD, "en", ctx.db_url, who="carol", preloaded=frames)
    assert shared.frames() is frames
    again = shared.frames()  # after a save the form reads the store afresh
    assert again is not frames and list(again.members["member_id"]) == list(frames.members["member_id"])


def test_engagement_page_uses_the_frames_it_is_given(ctx: FormContext) -> None:
    from workbook import store

    frames = store.load_frames(ctx.engine, CLIENT)
    # Without m2's September message, October's dormant members are m6 alone (tests/forms/client.py).
    frames.messages = frames.messages.loc[frames.messages["message_id"] != "x2"]
    box = forms.page("engagement", client=CLIENT, period=PERIOD, lang="en", db_url=ctx.db_url, frames=frames)
    summaries = [w.value for w in box.children[0].children if "dormant" in str(getattr(w, "value", ""))]
    assert any("1 dormant" in v for v in summaries), summaries
