"""Edge period labels through the CLI: a one-line error and exit 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbook import periods
from workbook.periods import PeriodError

EDGES = ["0001-01", "0001-W01", "0001-Q1", "0001-01-01..0001-01-31", "9999-12", "9999-W52", "9999-Q4",
         "9999-12-31..9999-12-31", "1899-12", "2101-01", "2026-10\nx", "2026-10\r\n2026-11", "x\n2026-10",
         "٢٠٢٦-١٠", "２０２６-１０", "2026-13", "2026-W54", "2026-Q5", "2026-10-31..2026-10-01",
         "2026-02-30..2026-03-01", "../../x", "", " "]


def _metrics(data_dir: Path, period: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(data_dir)}
    env.pop("WORKBOOK_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "workbook.cli", "metrics", "edge", "--period", period],
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("periods")
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(root)}
    subprocess.run([sys.executable, "-m", "workbook.cli", "init", "edge", "--lang", "en"], env=env, check=True,
                   capture_output=True)
    return root


@pytest.mark.parametrize("label", EDGES)
def test_edge_period_is_bad_input(data_dir: Path, label: str) -> None:
    result = _metrics(data_dir, label)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: ")


def test_ordinary_period_still_runs(data_dir: Path) -> None:
    assert _metrics(data_dir, "2026-10").returncode == 0


@pytest.mark.parametrize("label", ["1900-01", "2100-12", "2100-W50", "1900-01-01..1900-01-02"])
def test_bounds_and_neighbours_of_the_accepted_years(label: str) -> None:
    period = periods.parse(label)
    assert period.prev().start_at < period.end_at < period.next().end_at


@pytest.mark.parametrize("label", ["\x00", "2026-10\x00"])
def test_null_bytes_in_process(data_dir: Path, label: str, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    """A command line cannot carry NUL; a caller inside Python can."""
    from workbook import cli

    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data_dir))
    assert cli.main(["metrics", "edge", "--period", label]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_non_text_is_a_period_error() -> None:
    with pytest.raises(PeriodError):
        periods.parse(None)  # type: ignore[arg-type]
