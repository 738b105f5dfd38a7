"""Facilitator app speed as a facilitator sees it: `workbook serve` on the demo client, headless Chromium.

Measures (1) port listening → home page usable, (2) the first domain page usable, (3) each form page with its
warm kernel ready. "Usable": the page's main widget on screen (the form's last button visible and enabled).
Run: .venv/bin/python benchmarks/browser_pages.py  (builds data/demo first when it is missing)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.app.server import wait_for_port

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
CLIENT, PERIOD = "demo", "2026-10"
FORMS = {"01_goals": "wb-form-goal", "02_recruitment": "wb-form-screening", "03_content": "wb-form-plan",
         "04_events": "wb-form-event", "05_engagement": "wb-form-engagement"}
TARGETS = {"home": 8.0, "first page": 8.0, "form page": 3.0}
WARM_MARKER = "workbook: kernel warm"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_warm(log: Path, timeout: float = 120) -> None:
    """Every warm kernel, refills included, has run up to its request (one marker each; one used per view)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if text.count(WARM_MARKER) >= len(FORMS) + text.count("Using pre-heated kernel"):
            return
        time.sleep(0.2)


def _usable(page: Any, url: str, form: str) -> float:
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    button = page.locator(f".{form} button").last
    button.wait_for(state="visible", timeout=120_000)
    assert button.is_enabled()
    return time.monotonic() - started


def measure() -> list[tuple[str, float, float]]:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    log = Path(tempfile.mkdtemp(prefix="wb-bench-")) / "serve.log"
    env = {**os.environ, "WORKBOOK_LANG": "en"}
    rows: list[tuple[str, float, float]] = []
    with log.open("w") as out, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        started = time.monotonic()
        proc = subprocess.Popen([str(BIN / "workbook"), "serve", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
        try:
            listening = wait_for_port(port, time.monotonic() + 300, proc)
            print(f"(start → listening: {listening - started:.1f} s)")
            page = browser.new_page()
            base = f"http://127.0.0.1:{port}"
            page.goto(f"{base}/?lang=en", wait_until="commit")
            page.locator("#wb-pages a[data-page='01_goals']").wait_for(state="visible", timeout=120_000)
            rows.append(("listening → home usable", time.monotonic() - listening, TARGETS["home"]))
            query = urlencode({"client": CLIENT, "period": PERIOD, "lang": "en", "who": "bench"})
            first = _usable(page, f"{base}/voila/render/01_goals.ipynb?{query}", FORMS["01_goals"])
            rows.append(("first domain page (goals)", first, TARGETS["first page"]))
            for name, form in FORMS.items():
                _wait_warm(log)
                seconds = _usable(page, f"{base}/voila/render/{name}.ipynb?{query}", form)
                rows.append((f"{name} (warm kernel)", seconds, TARGETS["form page"]))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            browser.close()
    return rows


def main() -> int:
    if not (ROOT / "data" / CLIENT / "workbook.sqlite").exists():
        subprocess.run([str(BIN / "workbook"), "demo", "--no-report"], cwd=ROOT, check=True)
    rows = measure()
    print(f"{'measure':34} {'seconds':>8} {'target':>8}")
    for name, seconds, target in rows:
        print(f"{name:34} {seconds:8.2f} {'< ' + format(target, '.0f'):>8}{'' if seconds < target else '  MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
