"""A real `python -m workbook.serve` over the repository's notebooks/ and the pilot client in a temp data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.server import Server, running
from tests.forms.client import write_client
from workbook import paths

ARTIFACTS = paths.PROJECT_ROOT / "tests" / "artifacts"
# 01…05 keep one warm kernel each (workbook.serve.NOT_PREHEATED lists the others; the home page needs none).
PREHEATED = 5

__all__ = ["ARTIFACTS", "Server", "app_env", "server"]


def write_pilot(data_dir: Path) -> None:
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


def app_env(base: Path) -> dict[str, str]:
    """The pilot client in `base`/data, and the environment a server over it runs with."""
    write_pilot(base / "data")
    env = {"WORKBOOK_DATA_DIR": str(base / "data"), "WORKBOOK_REPORTS_DIR": str(base / "reports"),
           "WORKBOOK_USER": "tester", "WORKBOOK_LANG": "en"}
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("app")
    with running(base, "--pool-size", "1", env=app_env(base), preheated=PREHEATED) as running_server:
        running_server.settle(timeout=90)
        yield running_server
        log = running_server.log_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "serve.log").write_text(log, encoding="utf-8")
