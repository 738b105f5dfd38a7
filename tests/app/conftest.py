"""A real `python -m workbook.serve` over the repository's notebooks/ and the pilot client in a temp data folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.forms.client import write_client
from workbook import paths
from workbook.forms.request import WARM_MARKER

ARTIFACTS = paths.PROJECT_ROOT / "tests" / "artifacts"
# index + 01…05 keep one warm kernel each (workbook.serve.NOT_PREHEATED lists the others).
PREHEATED = 6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _write_pilot(data_dir: Path) -> None:
    """The hand-worked pilot client (tests/forms/client.py) written into `data_dir`."""
    saved = os.environ.get("WORKBOOK_DATA_DIR")
    os.environ["WORKBOOK_DATA_DIR"] = str(data_dir)
    try:
        write_client()
    finally:
        if saved is None:
            os.environ.pop("WORKBOOK_DATA_DIR", None)
        else:
            os.environ["WORKBOOK_DATA_DIR"] = saved


@dataclass
class Server:
    url: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def settle(self, timeout: float = 60) -> None:
        """Wait until every warm kernel, the refills of used ones included, has run up to its request:
        each warm kernel logs WARM_MARKER once, and each page view uses one ("Using pre-heated kernel")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_text()
            if text.count(WARM_MARKER) >= PREHEATED + text.count("Using pre-heated kernel"):
                return
            time.sleep(0.25)


def _wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/voila/static/voila.js", timeout=2)
            return
        except OSError:
            time.sleep(0.5)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("app")
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(base / "data"), "WORKBOOK_REPORTS_DIR": str(base / "reports"),
           "WORKBOOK_USER": "tester", "WORKBOOK_LANG": "en"}
    env.pop("WORKBOOK_DB_URL", None)
    _write_pilot(base / "data")
    port = free_port()
    log_path = base / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "workbook.serve", "--port", str(port), "--pool-size", "1"],
                                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(base))
        running = Server(f"http://127.0.0.1:{port}", log_path)
        try:
            _wait_until_up(running.url, time.monotonic() + 60)
            running.settle(timeout=90)
            yield running
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "serve.log").write_text(log_path.read_text(errors="replace"), encoding="utf-8")
