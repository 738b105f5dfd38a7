"""The pack's pages (a small client, and the demo) in headless Chromium with every non-file request refused:
charts drawn with a size, no errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.report.conftest import CLIENT, charts_drawn
from workbook import paths
from workbook.report import pack as report
from workbook.report.kpis import HEADLINES

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")


@contextmanager
def offline_page(refused: list[str], errors: list[str]) -> Iterator[Any]:
    """A Chromium page that may load file:// only: other URLs go to `refused`, page errors to `errors`."""
    from playwright.sync_api import sync_playwright

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route("**/*", only_files)
        try:
            yield page
        finally:
            browser.close()

@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_pack_pages_render_offline(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary", "05_engagement"))
    assert report.run_pack(CLIENT, "2026-10", lang="zh-CN").ok
    out = paths.client_reports_dir(CLIENT) / "2026-10" / "zh-CN"
    refused: list[str] = []
    errors: list[str] = []

    with offline_page(refused, errors) as page:
        page.goto((out / "index.html").as_uri())
        assert page.locator(".kpi").count() == len(HEADLINES)
        page.goto((out / "05_engagement.html").as_uri())
        page.wait_for_selector("figure.wb-live-ready .wb-live svg")
        body = page.inner_text("body")
    assert refused == [] and errors == []
    assert "Traceback" not in body and "Error" not in body


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_demo_pack_pages_draw_every_chart_offline(demo_packs: dict[str, Path], lang: str) -> None:
    out = demo_packs[lang]
    refused: list[str] = []
    errors: list[str] = []
    seen: dict[str, tuple[int, list[dict[str, float]], str]] = {}

    with offline_page(refused, errors) as page:
        page.goto((out / "index.html").as_uri())
        kpis = page.locator(".kpi").count()
        for name in report.NOTEBOOKS:
            page.goto((out / f"{name}.html").as_uri())
            figures = page.locator("figure.wb-figure").count()
            # every static SVG is replaced by its live Vega chart
            page.wait_for_function(f"document.querySelectorAll('figure.wb-live-ready').length === {figures}")
            boxes = page.eval_on_selector_all(
                "figure.wb-figure > .wb-live > svg", "els => els.map(e => e.getBoundingClientRect())"
                ".map(r => ({width: r.width, height: r.height}))")
            seen[name] = (figures, boxes, page.inner_text("body"))
    assert refused == [] and errors == []
    assert kpis == len(HEADLINES)
    for name, (svgs, boxes, body) in seen.items():
        assert svgs == len(boxes) == charts_drawn(name), name
        assert all(b["width"] > 0 and b["height"] > 0 for b in boxes), name
        assert "Traceback" not in body and "Error" not in body, name
