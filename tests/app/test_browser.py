"""The app in headless Chromium over the real notebooks: home page, each domain page's form used and found
again after a reload, report sections drawn without errors, a conflict, and nothing loaded off 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from tests.app.conftest import ARTIFACTS, Server
from tests.forms.client import CLIENT, PERIOD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
DOMAIN_PAGES = ("01_goals", "02_recruitment", "03_content", "04_events", "05_engagement")
TARGET_SECONDS = 3.0
# Two different CJK glyphs drawn in the page's font: identical pixels mean both fell back to "tofu" boxes.
DISTINCT_GLYPHS = """() => {
  const draw = (ch) => { const c = document.createElement('canvas'); c.width = c.height = 40;
    const g = c.getContext('2d'); g.font = '32px ' + getComputedStyle(document.body).fontFamily;
    g.fillText(ch, 2, 34); return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); };
  return draw('王') !== draw('芳');
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Guard:
    """A browser context that refuses every request not to 127.0.0.1 and remembers what it refused."""

    def __init__(self, browser: Any) -> None:
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def _open(page: Any, url: str, form: str) -> float:
    """Navigate and wait until the form's last button is on screen and enabled; seconds taken."""
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    button = page.locator(f".{form} button").last
    # Generous: a slow CI host once took over 30 s here for a page that opens in 2–4 s (speed is asserted apart).
    button.wait_for(state="visible", timeout=60_000)
    assert button.is_enabled()
    return round(time.monotonic() - started, 2)


def _field(page: Any, form: str, caption: str) -> Any:
    caption_cell = page.locator(".widget-html", has=page.get_by_text(caption, exact=True))
    return page.locator(f".{form} .widget-hbox").filter(has=caption_cell).first


def _choose(field: Any, prefix: str) -> None:
    """Pick the option whose text starts with `prefix` (ipywidgets use the label as the option value)."""
    select = field.locator("select")
    value = select.evaluate("(s, p) => [...s.options].map(o => o.value).find(v => v.startsWith(p))", prefix)
    select.select_option(value=value)


def _status(page: Any, form: str) -> str:
    locator = page.locator(f".{form} .wb-status").last
    locator.wait_for(timeout=15_000)
    return locator.inner_text()


def _shot(page: Any, name: str) -> None:
    """The whole page: Voila scrolls inside #rendered_cells, so the viewport grows to its height first."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => Math.max(document.body.scrollHeight,"
                           " document.querySelector('#rendered_cells')?.scrollHeight ?? 0)")
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 40, size["height"]), 8000)})
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def _report_drawn(page: Any, min_charts: int) -> None:
    """The report section under the form: SVG charts on screen, no error output or traceback text."""
    page.locator("#rendered_cells").wait_for(state="visible")
    assert page.locator("figure.wb-figure svg").count() >= min_charts
    if min_charts:
        page.locator("figure.wb-figure svg").first.wait_for(state="visible")
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.all_inner_texts()
    text = page.locator("body").inner_text()
    # Voila replaces a failed cell's traceback with this sentence unless --show_tracebacks=True.
    assert "Traceback" not in text and "There was an error when executing cell" not in text, text[:2000]


def _home_links(page: Any, server: Server) -> dict[str, str]:
    """Home page in English with the pilot client and PERIOD chosen; the absolute URL of each page link."""
    page.goto(f"{server.url}/voila/render/index.ipynb")  # the old home address lands on the new one
    assert page.url == f"{server.url}/"
    page.locator(".wb-home").wait_for(timeout=30_000)
    page.locator("#wb-shell a[data-lang='en']").click()
    page.locator("text=Community Workbook").first.wait_for()
    page.locator("#wb-who").fill("tester")
    page.locator(".wb-home input[list]").fill(PERIOD)
    page.locator(f"#wb-pages a[data-page='01_goals'][href*='period={PERIOD}']").wait_for()
    page.locator(".wb-home input[list]").fill("2026-13x")
    page.get_by_text("Not a period").wait_for()
    page.locator(".wb-home input[list]").fill(PERIOD)
    _shot(page, "home")
    links = {}
    for name in ("00_summary", *DOMAIN_PAGES, "06_culture"):
        href = page.locator(f"#wb-pages a[data-page='{name}']").get_attribute("href")
        assert href is not None
        links[name] = urljoin(page.url, href)
    asked = parse_qs(urlparse(links["01_goals"]).query)
    assert asked["client"] == [CLIENT] and asked["lang"] == ["en"] and asked["who"] == ["tester"]
    return links


def test_home_and_every_page(server: Server, browser: Any) -> None:
    guard = Guard(browser)
    page = guard.context.new_page()
    links = _home_links(page, server)
    timings: dict[str, float] = {}

    server.settle()
    timings["01_goals"] = _open(page, links["01_goals"], "wb-form-goal")
    _report_drawn(page, 1)
    _field(page, "wb-form-goal", "Statement").locator("textarea").fill("Members post in the group every week")
    _choose(_field(page, "wb-form-goal", "Metric"), "Engagement › Posting rate ")
    _field(page, "wb-form-goal", "Target").locator("input").fill("0.3")
    _field(page, "wb-form-goal", "Deadline").locator("input").fill("2026-12-31")
    page.locator(".wb-form-goal button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-goal")
    _shot(page, "goals")

    server.settle()
    timings["02_recruitment"] = _open(page, links["02_recruitment"], "wb-form-screening")
    _report_drawn(page, 1)
    # Default rubric: 5, 5, 3, 3 with weights 0.3, 0.3, 0.2, 0.2 → 100·(0.3·1 + 0.3·1 + 0.2·0.5 + 0.2·0.5) = 80.
    rubric = (("Motivation (0.3)", "5"), ("Job relevance (0.3)", "5"), ("Foundation (0.2)", "3"),
              ("Commitment (0.2)", "3"))
    for caption, value in rubric:
        _choose(_field(page, "wb-form-screening", caption), value)
    page.locator(".wb-form-screening", has_text="Screening score 80").wait_for()
    page.locator(".wb-form-screening button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-screening")
    _shot(page, "recruitment")

    server.settle()
    timings["03_content"] = _open(page, links["03_content"], "wb-form-plan")
    _report_drawn(page, 1)
    _field(page, "wb-form-plan", "Due").locator("input").fill("2026-10-07")
    _field(page, "wb-form-plan", "Topic").locator("input").fill("Onboarding checklist")
    page.locator(".wb-form-plan button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-plan")
    _shot(page, "content")

    server.settle()
    timings["04_events"] = _open(page, links["04_events"], "wb-form-event")
    _report_drawn(page, 1)
    # Content, delivery, organisation (weights 0.4, 0.3, 0.3) 4 of 5 each → 100·(4 − 1)/(5 − 1) = 75.0.
    for caption in ("Content (0.4)", "Delivery (0.3)", "Organisation (0.3)"):
        _choose(_field(page, "wb-form-event", caption), "4")
    page.locator(".wb-form-event", has_text="your rubric: 75.0").wait_for()
    page.locator(".wb-form-event button", has_text="Save").click()
    assert "Saved" in _status(page, "wb-form-event")
    _shot(page, "events")

    server.settle()
    timings["05_engagement"] = _open(page, links["05_engagement"], "wb-form-engagement")
    _report_drawn(page, 2)
    # Dormant in October: m2 and m6 posted in September but not in October (tests/forms/client.py).
    page.locator(".wb-form-engagement", has_text="2 dormant").wait_for()
    page.locator(".wb-form-engagement svg").first.wait_for(timeout=15_000)
    _shot(page, "engagement")

    for name in ("00_summary", "06_culture"):  # report-only pages: drawn, and (below) nothing external
        page.goto(links[name])
        page.locator("#rendered_cells h1").wait_for(timeout=30_000)
        _report_drawn(page, 0)
        _shot(page, name)
        if name == "00_summary":  # headline cards side by side, styled by our template
            assert page.locator(".wb-kpis").first.evaluate("e => getComputedStyle(e).display") == "flex"

    # Reload each form page: what was saved is there.
    page.goto(links["01_goals"])
    page.locator(".wb-form-goal select").first.wait_for(timeout=30_000)
    goals = page.locator(".wb-form-goal select").first.inner_text().replace("\xa0", " ")
    assert "Members post in the group every week" in goals
    page.goto(links["02_recruitment"])
    page.locator(".wb-form-screening", has_text="Screening score 80").wait_for(timeout=30_000)
    page.goto(links["03_content"])
    page.locator(".wb-form-plan select").first.wait_for(timeout=30_000)
    slots = page.locator(".wb-form-plan select").first.inner_text().replace("\xa0", " ")
    assert "10-07 · Onboarding checklist" in slots
    page.goto(links["04_events"])
    page.locator(".wb-form-event", has_text="your rubric: 75.0").wait_for(timeout=30_000)

    guard.context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
    print("navigation → first form usable (s):", json.dumps(timings))
    assert guard.blocked == []
    # Each page released its kernel on leaving (Voila's own shutdown request is refused without our fix).
    assert "'_xsrf' argument missing" not in server.log_text() and "Kernel shutdown" in server.log_text()
    # The 3 s target is measured and recorded; the assertion leaves room for a busy 2-core machine.
    assert all(seconds < 4 * TARGET_SECONDS for seconds in timings.values()), timings


def test_chinese_page(server: Server, browser: Any) -> None:
    """The engagement page in zh-CN: Chinese names and labels drawn as glyphs, not boxes."""
    guard = Guard(browser)
    page = guard.context.new_page()
    _open(page, f"{server.url}/voila/render/05_engagement.ipynb?client={CLIENT}&period={PERIOD}&lang=zh-CN",
          "wb-form-engagement")
    page.locator(".wb-form-engagement", has_text="王芳").wait_for()
    _report_drawn(page, 2)
    assert page.evaluate(DISTINCT_GLYPHS)
    _shot(page, "engagement-zh")
    guard.context.close()
    assert guard.blocked == []


def test_two_browsers_editing_one_goal(server: Server, browser: Any) -> None:
    guards = [Guard(browser), Guard(browser)]
    pages = [g.context.new_page() for g in guards]
    for page, who in zip(pages, ("ann", "ben"), strict=True):
        _open(page, f"{server.url}/voila/render/01_goals.ipynb?client={CLIENT}&period={PERIOD}&lang=en&who={who}",
              "wb-form-goal")
        _choose(_field(page, "wb-form-goal", "Goal"), "Members post at least once a month")
        _field(page, "wb-form-goal", "Target").locator("input").wait_for()
    first, second = pages
    _field(first, "wb-form-goal", "Target").locator("input").fill("0.8")
    first.locator(".wb-form-goal button", has_text="Save").click()
    assert "Saved" in _status(first, "wb-form-goal")
    _field(second, "wb-form-goal", "Target").locator("input").fill("0.75")
    second.locator(".wb-form-goal button", has_text="Save").click()
    message = _status(second, "wb-form-goal")
    _shot(second, "goal-conflict")
    assert "Not saved: ann changed this record" in message and "Target: 80% → 75%" in message
    for g in guards:
        g.context.close()
    assert guards[0].blocked == guards[1].blocked == []


def test_kernel_shutdown_refuses_other_origins(server: Server) -> None:
    """The same-origin shutdown the page sends works (see above); another site's or a cookie-less one is refused."""
    import urllib.error
    import urllib.request

    url = f"{server.url}/voila/api/shutdown/00000000-0000-0000-0000-000000000000"
    for headers in ({"Origin": "http://evil.example"}, {}):
        request = urllib.request.Request(url, data=b"", method="POST", headers=headers)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code in (403, 404)


def test_bad_client_or_period_is_a_sentence_in_the_page(server: Server, browser: Any, tmp_path: Path) -> None:
    """`?client=/any/dir` creates nothing and reads nothing; the page says why in its language, no traceback."""
    from urllib.parse import urlencode

    target = tmp_path / "elsewhere"
    cases = (({"client": str(target), "period": PERIOD, "lang": "en"}, "is not a community name"),
             ({"client": CLIENT, "period": "../../x", "lang": "zh-CN"}, "不是周期"),
             ({"client": "nobody", "period": PERIOD, "lang": "en"}, "There is no community called"))
    guard = Guard(browser)
    page = guard.context.new_page()
    for query, sentence in cases:
        server.settle()
        page.goto(f"{server.url}/voila/render/03_content.ipynb?{urlencode(query)}")
        page.locator(".wb-refused").wait_for(timeout=30_000)
        assert sentence in page.locator(".wb-refused").inner_text()
        body = page.locator("body").inner_text()
        assert "There was an error" not in body and "Traceback" not in body
    guard.context.close()
    assert not target.exists() and guard.blocked == []
