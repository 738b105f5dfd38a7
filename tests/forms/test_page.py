"""`forms.page` builds each domain's container; parameters come from Voila's query string."""

from __future__ import annotations

import pytest

from tests.forms.client import CLIENT, PERIOD
from workbook.forms import page as forms
from workbook.forms.context import FormContext
from workbook.forms.request import PageParams, page_params


@pytest.mark.parametrize("domain", forms.DOMAINS)
def test_page_for_each_domain(ctx: FormContext, domain: str) -> None:
    box = forms.page(domain, client=CLIENT, period=PERIOD, lang="en", db_url=ctx.db_url, who="carol")
    assert f"wb-page-{domain}" in box._dom_classes and len(box.children) >= 1


def test_unknown_domain_is_refused(ctx: FormContext) -> None:
    with pytest.raises(ValueError, match="goals, recruitment"):
        forms.page("culture", client=CLIENT, period=PERIOD, lang="en", db_url=ctx.db_url)


def test_query_string_overrides_parameters_in_voila(ctx: FormContext, monkeypatch: pytest.MonkeyPatch) -> None:
    assert page_params("demo", "2026-10", "zh-CN") == PageParams("demo", "2026-10", "zh-CN", "tester", False)
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    monkeypatch.setenv("QUERY_STRING", "client=pilot&lang=en&who=%E6%9D%8E%E9%9D%99")
    params = page_params("demo", "2026-10", "zh-CN")
    assert (params.client, params.period, params.lang, params.who, params.interactive) == (
        "pilot", "2026-10", "en", "李静", True)
