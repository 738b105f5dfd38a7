"""The pack's pages in headless Chromium with every non-file request refused: charts drawn, no errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.conftest import CLIENT
from workbook import paths, report

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_pack_pages_render_offline(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary", "05_engagement"))
    assert report.run_pack(CLIENT, "2026-10", lang="zh-CN").ok
    out = paths.client_reports_dir(CLIENT) / "2026-10"
    refused: list[str] = []
    errors: list[str] = []

    def only_files(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith("file://"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            refused.append(url)
            route.abort()  # type: ignore[attr-defined]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route("**/*", only_files)
        page.goto((out / "index.html").as_uri())
        assert page.locator(".kpi").count() == 9
        page.goto((out / "05_engagement.html").as_uri())
        assert page.locator("figure svg").count() >= 1
        body = page.inner_text("body")
        browser.close()
    assert refused == [] and errors == []
    assert "Traceback" not in body and "Error" not in body
