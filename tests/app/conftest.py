"""A real `python -m workbook.serve` over a temp folder: the home notebook plus one form page per domain."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.forms.client import write_client
from workbook import paths

PAGES = {"01_goals": "goals", "02_recruitment": "recruitment", "03_content": "content", "04_events": "events",
         "05_engagement": "engagement"}
ARTIFACTS = paths.PROJECT_ROOT / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def page_notebooks(root: Path) -> None:
    """index.ipynb from notebooks/, and tests/app/page.ipynb copied once per domain with its `domain` set."""
    shutil.copy(paths.NOTEBOOKS_DIR / "index.ipynb", root / "index.ipynb")
    template = json.loads((Path(__file__).parent / "page.ipynb").read_text(encoding="utf-8"))
    for name, domain in PAGES.items():
        lines = template["cells"][0]["source"]
        template["cells"][0]["source"] = [f'domain = "{domain}"\n', *lines[1:]]
        (root / f"{name}.ipynb").write_text(json.dumps(template), encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("app")
    root = base / "notebooks"
    root.mkdir()
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(base / "data"), "WORKBOOK_REPORTS_DIR": str(base / "reports"),
           "WORKBOOK_USER": "tester", "WORKBOOK_LANG": "en"}
    env.pop("WORKBOOK_DB_URL", None)
    saved = {k: os.environ.get(k) for k in ("WORKBOOK_DATA_DIR",)}
    os.environ["WORKBOOK_DATA_DIR"] = env["WORKBOOK_DATA_DIR"]
    try:
        write_client()
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    page_notebooks(root)
    port = free_port()
    log = (base / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "workbook.serve", "--port", str(port), "--pool-size", "1",
                             "--root", str(root)], env=env, stdout=log, stderr=subprocess.STDOUT,
                            cwd=str(base))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/voila/static/voila.js", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    time.sleep(8)  # let the warm kernels of every page fill before timing anything
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
