"""Every page at a small laptop (1024 px) and a tablet (768 px) width, in both languages: nothing wider than
the window (no sideways scrolling), forms inside their card; screenshots in tests/artifacts/layout-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Server
from tests.app.test_browser import Guard, _shot, browser  # noqa: F401 (fixture)
from tests.app.test_shell import FORMS, _page_ready
from tests.forms.client import CLIENT, PERIOD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = ("01_goals", "02_recruitment", "03_content", "04_events", "05_engagement", "07_settings")
# Elements sticking out to the right of the window, by tag and class (empty when the layout fits); a wide
# table may scroll inside its own box when that box fits.
OVERFLOW = """() => [...document.querySelectorAll('#rendered_cells *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.getClientRects().length)
  .filter(e => { const box = e.parentElement?.closest('.wb-scroll, .jp-RenderedHTMLCommon');
                 return !box || box.getBoundingClientRect().right > window.innerWidth + 1; })
  .slice(0, 5).map(e => e.tagName + '.' + [...e.classList].join('.'))"""


WIDTHS = (1024, 768)


def test_pages_fit_the_window(server: Server, browser: Any) -> None:  # noqa: F811
    """Each page loaded once per language and laid out at each width in turn (a resize re-flows the page)."""
    guard = Guard(browser)
    page = guard.context.new_page()
    problems = {}
    for lang in ("zh-CN", "en"):
        for name in PAGES:
            server.settle()
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            page.goto(f"{server.url}/voila/render/{name}.ipynb?client={CLIENT}&period={PERIOD}&lang={lang}&who=ann")
            _page_ready(page, name)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(300)
                sticking_out = page.evaluate(OVERFLOW)
                if sticking_out:
                    problems[f"{width}-{name}-{lang}"] = sticking_out
                _shot(page, f"layout-{width}-{name}-{lang}")
    guard.context.close()
    assert problems == {}
    assert FORMS  # the pages waited on are the ones the shell test knows
