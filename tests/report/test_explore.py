"""Report packs a manager explores, in headless Chromium with every non-file request refused: live charts with
tooltips showing the charted figure, headers linking chapters and periods, localised titles, and a failed chapter
that says so in the reader's language without a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from tests.report.conftest import CLIENT
from tests.report.test_browser import CHROMIUM, offline_page
from workbook import paths
from workbook.i18n import t
from workbook.report import pack as report
from workbook.report.html import ChapterPage, write_failure_html

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")]


def _first_row(figure: object) -> dict[str, object]:
    spec = json.loads(figure.locator("script.wb-spec").text_content())  # type: ignore[attr-defined]
    return next(iter(spec["datasets"].values()))[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_hover_shows_the_charted_figure_and_titles_are_localised(demo_packs: dict[str, Path], lang: str) -> None:
    out = demo_packs[lang]
    refused: list[str] = []
    errors: list[str] = []
    artifacts = Path(__file__).parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    with offline_page(refused, errors) as page:
        page.goto((out / "06_culture.html").as_uri())
        title = page.title()
        page.wait_for_selector("figure.wb-live-ready .wb-live svg")
        # the levels chart: one bar per level, drawn in data order
        figure = page.locator("figure.wb-live-ready").nth(1)
        row = _first_row(figure)
        bar = figure.locator(".wb-live .mark-rect path").first
        bar.scroll_into_view_if_needed()
        bar.hover()
        tip = page.locator("#vg-tooltip-element.visible")
        tip.wait_for()
        tooltip = tip.inner_text()
        page.screenshot(path=str(artifacts / f"explore-tooltip-{lang}.png"), full_page=False)
        page.goto((out / "index.html").as_uri())
        index_title = page.title()
        tones = page.eval_on_selector_all(".kpi .change", "els => els.map(e => e.className)")
        page.screenshot(path=str(artifacts / f"explore-index-{lang}.png"), full_page=True)
    assert refused == [] and errors == []
    assert title.startswith(t("report.notebook.06_culture", lang) + " · ") and title.endswith(" · 2026-10")
    assert str(row["level"]) in tooltip and f"{row['members']:,}" in tooltip
    assert t("chart.axis.members", lang) in tooltip and "members" not in tooltip  # a label, not the column code
    assert index_title.endswith(t("report.index.title", lang, client="", period="2026-10").strip(" ·"))
    assert any("tone-good" in c or "tone-bad" in c for c in tones)


def _run(period: str, lang: str | None) -> Path:
    result = report.run_pack(CLIENT, period, lang=lang)
    return result.out_dir


def _header_targets(page: object) -> list[Path]:
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "header.wb-header a:not([hidden])", "els => els.map(a => a.href)")
    return [Path(unquote(urlparse(h).path)) for h in hrefs]


def test_navigation_between_chapters_periods_languages_and_failed_chapter(workspace: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary", "05_engagement"))
    september = _run("2026-09", "zh-CN")
    # October's engagement chapter breaks: its pages must say so in each language, with no traceback
    broken = nbformat.read(paths.NOTEBOOKS_DIR / "05_engagement.ipynb", as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise ValueError('boom in engagement')"))
    copy = paths.client_dir(CLIENT) / "notebooks" / "05_engagement.ipynb"
    copy.parent.mkdir(parents=True)
    nbformat.write(broken, copy)
    october = _run("2026-10", None)  # both languages
    assert october.name == "2026-10.failed"

    refused: list[str] = []
    errors: list[str] = []
    with offline_page(refused, errors) as page:
        page.goto((september / "zh-CN" / "00_summary.html").as_uri())
        september_title = page.title()
        targets = _header_targets(page)
        page.click("a.wb-next-chapter")
        assert page.url.endswith("/2026-09/zh-CN/05_engagement.html")
        page.click("a.wb-next-period")
        # October has no engagement chapter to show: the period link lands on its index, in the same language
        assert page.url.endswith("/2026-10.failed/zh-CN/index.html")
        page.locator("ol.chapters a").nth(1).click()
        assert page.url.endswith("/2026-10.failed/zh-CN/05_engagement.html")
        failed_zh = page.inner_text("body")
        targets += _header_targets(page)
        page.click("a.wb-other-language")
        assert page.url.endswith("/2026-10.failed/en/05_engagement.html")
        failed_text = page.inner_text("body")
        failed_title = page.title()
        targets += _header_targets(page)
        # September has no English pack: its language chooser opens the Chinese one
        page.click("a.wb-previous-period")
        page.wait_for_url("**/2026-09/zh-CN/index.html")
        page.goto((october / "en" / "index.html").as_uri())
        targets += _header_targets(page)
        chapter_links = page.eval_on_selector_all("ol.chapters a", "els => els.map(a => a.href)")
        page.click("a.wb-all-periods")
        assert page.url.endswith("/index.en.html")
        periods = page.eval_on_selector_all("tr[data-period] a", "els => els.map(a => a.href)")
    assert refused == [] and errors == []
    assert september_title.startswith("周期总览 · ") and september_title.endswith(" · 2026-09")
    assert failed_title.startswith("Engagement · ")
    assert t("report.page.failed", "en", chapter="Engagement") in failed_text
    assert t("report.page.failed", "zh-CN", chapter="成员参与") in failed_zh
    for text in (failed_text, failed_zh):
        assert "Traceback" not in text and "ValueError" not in text and "boom" not in text
    log = (october / "run.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "ValueError: boom in engagement" in log
    assert targets and all(p.is_file() for p in targets), [p for p in targets if not p.is_file()]
    assert len(chapter_links) == 2
    # the English client index links October's English pack and September's chooser
    assert [unquote(urlparse(h).path).split("/reports/acme/")[1] for h in periods] == [
        "2026-10.failed/en/index.html", "2026-09/index.html"]


def test_failed_page_in_chinese(tmp_path: Path) -> None:
    page = ChapterPage("演示社群", "2026-10", "zh-CN", ("00_summary", "06_culture"), "06_culture")
    html = write_failure_html(tmp_path / "06_culture.html", page).read_text(encoding="utf-8")
    assert "“社群文化”这一章未能生成。" in html and 'href="../run.log"' in html
    assert "<title>社群文化 · 演示社群 · 2026-10</title>" in html and "Traceback" not in html


def test_demo_pack_in_both_languages_stays_under_5_mb_with_one_copy_of_vega(demo_packs: dict[str, Path]) -> None:
    pack = demo_packs["zh-CN"].parent
    assert demo_packs["en"].parent == pack
    files = [p for p in pack.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    assert total < 5_000_000, total
    pages = [p.read_text(encoding="utf-8") for p in pack.rglob("*.html")]
    assert not any("vegaEmbed=" in page for page in pages)  # the bundle is linked, never inlined
    assert [p.relative_to(pack).as_posix() for p in pack.rglob("*.js")] == ["vega.js"]
    # JupyterLab's page style once per pack, not inlined in each of the 14 chapters
    assert [p.relative_to(pack).as_posix() for p in pack.rglob("*.css")] == ["lab.css"]
    chapters = [p for lang in demo_packs.values() for p in lang.glob("0*.html")]
    assert len(chapters) == 14 and all('href="../lab.css"' in p.read_text(encoding="utf-8") for p in chapters)
