"""The demo client's 2026-10 pack in zh-CN and en: every notebook ran, every chart drawn, figures as in metrics.json,
every label translated, nothing loaded from the network."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.report.conftest import charts_drawn
from workbook.i18n import catalogue
from workbook.report import pack as report
from workbook.report.html import external_references
from workbook.report.kpis import HEADLINES, lookup, write

pytestmark = pytest.mark.slow
LANGS = ("zh-CN", "en")
PAGES = (*report.NOTEBOOKS, "index")
OFF_MACHINE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def _visible_text(html: str) -> str:
    """Text a reader sees, chart labels (SVG <text>) included."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("lang", LANGS)
def test_every_notebook_succeeded_and_draws_its_charts(demo_packs: dict[str, Path], lang: str) -> None:
    out = demo_packs[lang]
    pack = json.loads((out.parent / "pack.json").read_text(encoding="utf-8"))
    assert pack["status"] == "ok" and pack["languages"] == ["zh-CN", "en"]
    assert [(n["name"], n["ok"]) for n in pack["notebooks"]] == [(n, True) for n in report.NOTEBOOKS]
    drawn = {name: (out / f"{name}.html").read_text(encoding="utf-8").count("<svg") for name in report.NOTEBOOKS}
    expected = {name: charts_drawn(name) for name in report.NOTEBOOKS}
    assert drawn == expected
    # the chart series: goals 2, recruitment 3, content 5, events 5, engagement 6, culture 3
    assert expected == {"00_summary": 1, "01_goals": 2, "02_recruitment": 3, "03_content": 5, "04_events": 5,
                        "05_engagement": 6, "06_culture": 3}
    for name in report.NOTEBOOKS:
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        # each chart has its folded table alternative
        assert html.count("<details>") == expected[name], name


@pytest.mark.parametrize("lang", LANGS)
def test_index_headlines_equal_the_metrics_document(demo_packs: dict[str, Path], lang: str) -> None:
    out = demo_packs[lang]
    document = json.loads((out.parent / "metrics.json").read_text(encoding="utf-8"))
    index = (out / "index.html").read_text(encoding="utf-8")
    cards = dict(re.findall(r'data-key="([^"]+)"><div>[^<]*</div><div class="value">([^<]*)</div>', index))
    assert cards == {key: write(lookup(document, key), style) for key, style, _ in HEADLINES}
    assert cards["engagement.members_in_period"] != "—"


@pytest.mark.parametrize("lang", LANGS)
def test_no_untranslated_labels_or_raw_codes(demo_packs: dict[str, Path], lang: str) -> None:
    keys = [k for k in catalogue() if "." in k]
    other = "zh-CN" if lang == "en" else "en"
    for name in PAGES:
        text = _visible_text((demo_packs[lang] / f"{name}.html").read_text(encoding="utf-8"))
        assert [k for k in keys if k in text] == [], name
        # enum codes (live_lecture, internal_notice, median_attention…) must reach readers as labels
        assert re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text) == [], name
        assert "Traceback" not in text, name
    # the page headings are in the pack's language, not the other one
    engagement = (demo_packs[lang] / "05_engagement.html").read_text(encoding="utf-8")
    assert catalogue()["chart.heat_map.title"][lang] in engagement
    assert catalogue()["chart.heat_map.title"][other] not in engagement


@pytest.mark.parametrize("lang", LANGS)
def test_no_external_scripts_or_links(demo_packs: dict[str, Path], lang: str) -> None:
    for name in PAGES:
        html = (demo_packs[lang] / f"{name}.html").read_text(encoding="utf-8")
        assert external_references(html) == [], name
        assert OFF_MACHINE.findall(html) == [], name
