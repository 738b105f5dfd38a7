"""Shared fixtures: every test writes into its own data/report folders, never the repository's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point data/ and reports/ at a temp folder and drop any ambient database URL."""
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKBOOK_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("WORKBOOK_DB_URL", raising=False)
    monkeypatch.setenv("WORKBOOK_USER", "tester")
    yield tmp_path


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo client built once per session (through `workbook import`): its data folder."""
    from workbook import demo

    root = tmp_path_factory.mktemp("demo-data") / "data"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WORKBOOK_DATA_DIR", str(root))
        env.delenv("WORKBOOK_DB_URL", raising=False)
        demo.build("demo")
    return root


@pytest.fixture
def shell() -> Iterator[Any]:
    """An IPython shell for a notebook's cells run in the test (the forms' live redraw needs one); its live
    redraw stopped afterwards."""
    from IPython.core.interactiveshell import InteractiveShell

    from workbook.forms import live

    instance = InteractiveShell.instance()
    yield instance
    if live._current is not None:
        live._current.stop()
        live._current = None
    InteractiveShell.clear_instance()


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """workbook.forked allowed, as the `workbook` command allows it (pytest's own helper threads aside)."""
    from workbook import forked

    monkeypatch.setattr(forked, "_allowed", True)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
