"""run-due making real packs with papermill: lines as packs start and end, exit code, retry after back-off,
a run killed by SIGKILL, and every closed period of the demo."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from tests.report.conftest import CLIENT, write_client
from workbook import paths
from workbook.cli import main
from workbook.profile import load_profile, save_profile
from workbook.report import pack as report
from workbook.report import schedule

pytestmark = pytest.mark.slow

NOW = "2026-11-05T09:00:00+08:00"  # closed months of acme's data: 2026-08, 2026-09, 2026-10


def _break(client: str, name: str = "00_summary", cell: str = "raise ValueError('boom')") -> Path:
    """A client copy of a template notebook with `cell` appended."""
    notebook = nbformat.read(paths.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(cell))
    copy = paths.client_dir(client) / "notebooks" / f"{name}.ipynb"
    copy.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, copy)
    return copy


def test_lines_per_pack_exit_code_and_retry_after_back_off(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary",))
    write_client("beta")
    broken = _break("beta")

    assert main(["run-due", "--lang", "en", "--now", NOW, "--since", "2026-09"]) == 1
    lines = capsys.readouterr().out.splitlines()
    events = [line.split(" ", 3)[2:4] for line in lines[:-1] if not line.startswith("    ")]
    # clients take turns; each pack has a start line, then an end line, before the next starts
    assert [(mark, rest.split(" (")[0].split(" in ")[0]) for mark, rest in events] == [
        ("▶", "start acme 2026-09"), ("✓", "ok acme 2026-09"), ("▶", "start beta 2026-09"),
        ("✗", "failed beta 2026-09"), ("▶", "start acme 2026-10"), ("✓", "ok acme 2026-10"),
        ("▶", "start beta 2026-10"), ("✗", "failed beta 2026-10")]
    # each language ran the broken notebook: each failure names its language, notebook and cell
    assert "    failed: zh-CN: 00_summary.ipynb: cell" in "\n".join(lines) and "ValueError: boom" in "\n".join(lines)
    assert "    failed: en: 00_summary.ipynb: cell" in "\n".join(lines)
    assert lines[-1].startswith("run-due: 2 ok, 2 failed, 0 waiting (back-off), 0 left for later (--max), 0 busy")
    failed = json.loads((paths.client_reports_dir("beta") / "2026-09.failed" / "pack.json").read_text())
    assert failed["attempts"] == 1 and failed["status"] == "failed"

    # at once: beta's failed periods wait out their first hour; nothing failed this run → exit 0
    assert main(["run-due", "--lang", "en", "--now", NOW, "--since", "2026-09"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out[:2]] == ["waiting beta 2026-09", "waiting beta 2026-10"]
    assert out[-1] == "run-due: nothing due (2 client(s), 2 waiting)"

    # after the back-off, with the notebook fixed, the same periods are made and the failed packs go
    broken.unlink()
    later = (datetime.now(UTC) + timedelta(hours=1, minutes=1)).isoformat()
    assert main(["run-due", "--lang", "en", "--now", later, "--client", "beta", "--since", "2026-09",
                 "--until", "2026-10"]) == 0
    assert "run-due: 2 ok, 0 failed" in capsys.readouterr().out
    packs = sorted(p.name for p in paths.client_reports_dir("beta").iterdir() if p.is_dir())
    assert packs == ["2026-09", "2026-10"]  # the .failed packs are gone


def test_sigkill_leaves_the_start_line_and_the_next_run_cleans_up(workspace: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary",))
    slow = _break(CLIENT, cell="import time\ntime.sleep(120)")
    log = workspace / "run-due.log"
    script = ("import sys; from workbook.report import pack; pack.NOTEBOOKS = ('00_summary',); "
              "from workbook.cli import main; sys.exit(main(sys.argv[1:]))")
    # a new session, so the kill reaches the notebook kernels too, as when cron's process group dies
    with log.open("w") as out:
        child = subprocess.Popen([sys.executable, "-c", script, "run-due", "--lang", "en", "--now", NOW, "--max", "1"],
                                 stdout=out, stderr=subprocess.STDOUT, env=os.environ.copy(), start_new_session=True)
    client_dir = paths.client_reports_dir(CLIENT)
    deadline = time.monotonic() + 120
    # the pack is staged and its start line written (an executed notebook is only written when it ends)
    while not (list(client_dir.glob(".2026-08.tmp-*")) and "▶ start" in log.read_text(encoding="utf-8")) \
            and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()

    [stale] = [p for p in client_dir.glob(".2026-08.tmp-*") if p.is_dir()]
    assert "▶ start acme 2026-08 (1/1" in log.read_text(encoding="utf-8")  # flushed before the kill
    slow.unlink()
    # a staging folder a live run still owns is left alone
    with report._staging_folder(client_dir, "2026-07") as live:
        assert report.clean_stale(client_dir) == [stale]
        assert live.is_dir()
    assert not stale.exists()

    killed_again = client_dir / ".2026-08.tmp-deadbeef"
    killed_again.mkdir()
    assert main(["run-due", "--lang", "en", "--now", NOW, "--max", "1"]) == 0
    assert sorted(p.name for p in client_dir.iterdir() if p.name.startswith(".2026")) == []
    assert report.is_reported(CLIENT, "2026-08")


@pytest.mark.long
def test_every_closed_period_of_the_demo_is_ok(demo_data: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Months and weeks from the demo's first data (May 2026) to the last closed ones, every pack ok."""
    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data))
    monkeypatch.setenv("WORKBOOK_REPORTS_DIR", str(tmp_path / "reports"))
    profile = load_profile("demo")
    save_profile("demo", profile.model_copy(update={"schedule": profile.schedule.model_copy(
        update={"weekly": True, "monthly": True})}))
    now = "2026-11-02T09:00:00+08:00"  # the last closed periods: 2026-10 and 2026-W44 (10-26..11-01)
    planned = schedule.plan(datetime.fromisoformat(now), schedule.Selection(since=date(2016, 1, 1)))
    labels = [d.period.label for d in planned.due]
    # the demo's data begin in spring 2026: 6+ months and 26+ weeks, oldest first, months and weeks merged
    assert labels[-2:] == ["2026-10", "2026-W44"] and planned.due[0].period.start < date(2026, 6, 1)
    assert sum("-W" in label for label in labels) > 26 and sum("-W" not in label for label in labels) >= 6

    code = main(["run-due", "--lang", "en", "--now", now, "--since", "2016-01", "--client", "demo"])
    out = capsys.readouterr().out
    failed = [line for line in out.splitlines() if "✗" in line or line.startswith("    failed")]
    assert failed == [], "\n".join(failed)
    assert code == 0
    assert [label for label in labels if not report.is_reported("demo", label)] == []
