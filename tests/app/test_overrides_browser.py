"""The app serving a client's own copy of a page and its branding, in headless Chromium over one server: the
pilot's override of the goals page (a visible cell added) is what the pilot gets, even with a warm kernel holding
the standard page; another client gets the standard page; the pilot's header carries its name, logo and colour;
a copy that cannot be read is a sentence; the .py twins of the notebooks are no pages."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.app.conftest import app_env
from tests.app.server import Server, get, running
from tests.app.test_browser import ARGS, CHROMIUM, Guard
from tests.forms.client import PERIOD, write_client
from tests.test_branding import PNG
from workbook import paths

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OWN_CELL = "Pilot's own section: the quarterly mentoring targets"
RIVAL = "rival"
COLOUR = "#8a2be2"
PAGES = ("index", "00_summary", "01_goals")  # 01_goals keeps a warm kernel; 00_summary starts one when opened


def _in_data(data: Path) -> Any:
    """Run with WORKBOOK_DATA_DIR pointing at `data` (module fixtures cannot use monkeypatch)."""
    from contextlib import contextmanager

    @contextmanager
    def scope() -> Iterator[None]:
        saved = os.environ.get("WORKBOOK_DATA_DIR")
        os.environ["WORKBOOK_DATA_DIR"] = str(data)
        try:
            yield
        finally:
            if saved is None:
                os.environ.pop("WORKBOOK_DATA_DIR", None)
            else:
                os.environ["WORKBOOK_DATA_DIR"] = saved

    return scope()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from workbook.notebooks_admin.overrides import copy_override

    base = tmp_path_factory.mktemp("overrides")
    env = app_env(base)
    data = base / "data"
    root = base / "notebooks"  # copies of three pages and their .py twins: the real notebooks/ is never touched
    root.mkdir()
    for name in PAGES:
        for suffix in (".ipynb", ".py"):
            shutil.copyfile(paths.NOTEBOOKS_DIR / f"{name}{suffix}", root / f"{name}{suffix}")
    with _in_data(data):
        write_client(RIVAL)
        copy = copy_override("pilot", "01_goals")
    notebook = nbformat.read(copy, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_markdown_cell(f"## {OWN_CELL}"))
    nbformat.write(notebook, copy)
    (data / "pilot" / "logo.png").write_bytes(PNG)
    (data / RIVAL / "notebooks").mkdir()
    (data / RIVAL / "notebooks" / "00_summary.ipynb").write_text('{"cells": [', encoding="utf-8")  # cut short
    with (data / "pilot" / "client.yaml").open("a", encoding="utf-8") as profile:
        profile.write(f'branding: {{display_name: Pilot Academy, logo: logo.png, colour: "{COLOUR}"}}\n')
    with running(base, "--pool-size", "1", "--root", str(root), env=env, preheated=1) as started:
        started.settle(timeout=180)
        yield started


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _url(server: Server, page: str, client: str) -> str:
    return f"{server.url}/voila/render/{page}.ipynb?client={client}&period={PERIOD}&lang=en&who=tester"


def _drawn(page: Any) -> str:
    """The page's text once its goals heading is on screen."""
    page.locator("#rendered_cells h1").first.wait_for(timeout=120_000)
    return str(page.locator("#rendered_cells").inner_text())


def test_each_client_gets_its_own_page_and_brand(server: Server, browser: Any) -> None:
    guard = Guard(browser)
    guard.context.set_default_navigation_timeout(120_000)  # a Voila page loads once its cells ran; 2 busy cores
    page = guard.context.new_page()

    # The home page: the brand follows the community picked in its form.
    page.goto(f"{server.url}/?client=pilot&lang=en")
    page.locator("#wb-shell .wb-client-brand", has_text="Pilot Academy").wait_for(timeout=60_000)
    page.locator("#wb-client").select_option(RIVAL)
    page.locator("#wb-shell .wb-client-brand").wait_for(state="detached", timeout=60_000)
    assert "wb-branded" not in str(page.locator("#wb-shell").get_attribute("class"))
    page.locator("#wb-client").select_option("pilot")
    page.locator("#wb-shell .wb-client-brand", has_text="Pilot Academy").wait_for(timeout=60_000)

    # A warm kernel has run the standard goals page; the pilot's copy must not be answered from it.
    server.settle()
    started = time.monotonic()
    page.goto(_url(server, "01_goals", "pilot"))
    page.get_by_text(OWN_CELL).wait_for(timeout=120_000)
    own_seconds = time.monotonic() - started
    text = _drawn(page)
    assert OWN_CELL in text and "Goals" in text
    page.locator(".wb-form-goal button").last.wait_for(timeout=90_000)  # the form works in the copy too
    brand = page.locator("#wb-shell .wb-client-brand")
    brand.wait_for(timeout=60_000)
    assert brand.inner_text() == "Pilot Academy"
    assert str(brand.locator("img").get_attribute("src")).startswith("data:image/png;base64,")
    header_colour = page.locator("#wb-shell").evaluate("e => getComputedStyle(e).borderTopColor")
    assert header_colour == "rgb(138, 43, 226)"
    log = server.log_text()
    assert f"Serving {Path(server.log).parent / 'data' / 'pilot' / 'notebooks' / '01_goals.ipynb'}" in log

    server.settle()
    started = time.monotonic()
    with page.expect_response(lambda response: "/workbook/brand.json" in response.url, timeout=120_000) as asked:
        page.goto(_url(server, "01_goals", RIVAL), wait_until="commit")
    assert asked.value.status == 200 and asked.value.json() is None
    text = _drawn(page)
    page.locator(".wb-form-goal button").last.wait_for(timeout=90_000)
    print(f"goals page: the pilot's copy (own kernel) {own_seconds:.1f} s, "
          f"the standard page (warm kernel) {time.monotonic() - started:.1f} s")
    assert OWN_CELL not in text and "Goals" in text
    assert page.locator("#wb-shell .wb-client-brand").count() == 0
    assert "wb-branded" not in str(page.locator("#wb-shell").get_attribute("class"))

    guard.context.close()
    assert guard.blocked == []


def test_requests_that_could_reach_other_files(server: Server) -> None:
    # The client name picks a folder only when it is a known client: anything else gets the standard page.
    status, body = get(_url(server, "01_goals", "pilot%2F..%2Fpilot"))
    assert status == 200 and OWN_CELL not in body
    # A copy that cannot be read is said so, in the page's language, rather than swapped for the standard.
    status, body = get(_url(server, "00_summary", RIVAL))
    assert status == 500 and "data/rival/notebooks/00_summary.ipynb, cannot be read" in body
    assert "Traceback" not in body
    # A notebook's .py twin is not a page: Voila hands the file over instead of running it.
    status, _ = get(f"{server.url}/voila/render/01_goals.py?client=pilot")
    assert status == 302
    # The brand of a client nobody branded, or that does not exist, is no answer either.
    assert get(f"{server.url}/workbook/brand.json?client={RIVAL}") == (200, "null")
    assert get(f"{server.url}/workbook/brand.json?client=nobody") == (200, "null")
    status, body = get(f"{server.url}/workbook/brand.json?client=pilot")
    assert status == 200 and COLOUR in body and "Pilot Academy" in body
    # The Host allowlist still stands in front of every handler, the brand's included.
    assert get(f"{server.url}/workbook/brand.json?client=pilot", host="evil.example")[0] == 403
