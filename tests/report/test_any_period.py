"""Every notebook renders any period: before the first goal, event or message, in the future, for a client
with no data at all — and says so in the reader's language instead of failing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.report.conftest import CLIENT
from workbook import paths
from workbook.clients import init_client
from workbook.i18n import t
from workbook.report import pack

pytestmark = pytest.mark.slow


def _text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _pages(client: str, label: str, lang: str) -> dict[str, str]:
    out = paths.client_reports_dir(client) / label / lang
    return {name: _text((out / f"{name}.html").read_text(encoding="utf-8")) for name in pack.NOTEBOOKS}


@pytest.mark.parametrize(("label", "lang"), [("2026-01", "zh-CN"), ("2026-W20", "en")])
def test_a_period_before_any_data_renders_and_says_nothing_yet(workspace: Path, label: str, lang: str) -> None:
    # tests/report/conftest.py: the first member joins in August 2026 and the goal starts on 2026-09-01.
    result = pack.run_pack(CLIENT, label, lang=lang)
    assert result.ok, result.summary()
    nothing = t("report.period_empty", lang)
    for name, text in _pages(CLIENT, label, lang).items():
        assert nothing in text, name
        assert "Traceback" not in text and "KeyError" not in text, name


def test_a_client_without_data_gets_a_complete_pack(workspace: Path) -> None:
    init_client("blank", lang="en")
    result = pack.run_pack("blank", "2026-10", lang="en")
    assert result.ok, result.summary()
    assert all(t("report.period_empty", "en") in text for text in _pages("blank", "2026-10", "en").values())


def test_a_future_period_says_it_has_not_started(workspace: Path) -> None:
    label = f"{date.today().year + 1}-06"
    result = pack.run_pack(CLIENT, label, lang="en")
    assert result.ok, result.summary()
    summary = _pages(CLIENT, label, "en")["00_summary"]
    assert "This period has not started yet" in summary
