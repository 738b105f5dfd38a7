"""page_params() in Voila: the query string's client and period are checked before anything is read or
created; with a users file the signed-in name is `who`."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.clients import init_client
from workbook.forms.request import CLIENTS_ENV, USER_ENV, USERS_IN_FORCE, PageParams, PageRefused, page_params, who


@pytest.fixture
def voila(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    init_client("pilot", lang="en")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    return monkeypatch


def _asked(monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    monkeypatch.setenv("QUERY_STRING", query)


def test_valid_query(voila: pytest.MonkeyPatch) -> None:
    _asked(voila, "client=pilot&period=%202026-W43%20&lang=en&who=%E6%9D%8E%E9%9D%99")
    assert page_params("demo", "2026-10", "zh-CN") == PageParams("pilot", "2026-W43", "en", "李静", True)


@pytest.mark.parametrize(("query", "message"), [
    ("client=/tmp/wb-evil&lang=en", "“/tmp/wb-evil” is not a community name"),
    ("client=../pilot&lang=en", "is not a community name"),
    ("client=pilot%0Ax&lang=en", "“pilot�x” is not a community name"),
    ("client=nobody&lang=zh-CN", "没有名为「nobody」的社群"),
    ("client=pilot&period=../../x&lang=en", "“../../x” is not a period"),
    ("client=pilot&period=0001-01&lang=zh-CN", "「0001-01」不是周期"),
    ("client=pilot&period=2026-10%0A%3Cscript%3E&lang=en", "is not a period"),
])
def test_refused_with_a_sentence_in_the_page_language(voila: pytest.MonkeyPatch, query: str, message: str,
                                                      tmp_path: Path) -> None:
    _asked(voila, query)
    with pytest.raises(PageRefused) as refused:
        page_params("demo", "2026-10", "en")
    assert message in refused.value.message
    assert "<script>" not in refused.value._repr_html_()
    assert not Path("/tmp/wb-evil").exists() and not (tmp_path / "data" / "nobody").exists()


def test_signed_in_user_is_who_and_limits_clients(voila: pytest.MonkeyPatch) -> None:
    init_client("other", lang="en")
    voila.setenv(USERS_IN_FORCE, "1")
    voila.setenv(USER_ENV, "ann")
    voila.setenv(CLIENTS_ENV, "pilot")
    _asked(voila, "client=pilot&period=2026-10&who=mallory&lang=en")
    assert page_params("demo", "2026-10", "en").who == "ann" and who() == "ann"
    _asked(voila, "client=other&period=2026-10&lang=en")
    with pytest.raises(PageRefused, match="may not open"):
        page_params("demo", "2026-10", "en")
    voila.setenv(CLIENTS_ENV, "*")
    assert page_params("demo", "2026-10", "en").client == "other"
    voila.delenv(USER_ENV)
    with pytest.raises(PageRefused, match="your own link"):
        page_params("demo", "2026-10", "en")


def test_outside_voila_nothing_changes() -> None:
    assert page_params("demo", "2026-10", "zh-CN") == PageParams("demo", "2026-10", "zh-CN", "tester", False)
