"""A report notebook reads its period snapshot and nothing else: it renders with the store unreachable, and a
report kernel loads neither the database layer nor the widget library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from tests.report.conftest import CLIENT
from workbook import paths, snapshot
from workbook.report import pack

pytestmark = pytest.mark.slow

UNREACHABLE = "postgresql://nobody@127.0.0.1:9/none"


def test_notebooks_render_from_the_snapshot_with_the_store_unreachable(workspace: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    kept = snapshot.load(CLIENT, "2026-10")
    monkeypatch.setenv("WORKBOOK_DB_URL", UNREACHABLE)  # any read of the store would now fail
    out = workspace / "out"
    out.mkdir()
    for name in pack.NOTEBOOKS:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS_DIR / f"{name}.ipynb"), str(out / f"{name}.ipynb"), cwd=str(out),
            parameters={"client": CLIENT, "period": "2026-10", "lang": "en", "db_url": UNREACHABLE,
                        "interactive": False, "snapshot": str(kept.folder)},
            kernel_name="python3", progress_bar=False)
    summary = nbformat.read(out / "00_summary.ipynb", as_version=4)
    shown = "".join(o.get("data", {}).get("text/html", "") for c in summary.cells for o in c.get("outputs", []))
    # 3 members in the period (one more than September), 5 messages (tests/report/conftest.py)
    assert '<div>Members</div><div class="value">3</div><div class="wb-tone-good">+1 vs previous</div>' in shown
    assert '<div>Messages</div><div class="value">5</div>' in shown


_PROBE = """
import json, sys
import nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
scope = {"__name__": "__main__"}
for cell in notebook.cells:
    if cell.cell_type == "code":
        exec(cell.source, scope)
    if "parameters" in cell.metadata.get("tags", []):
        scope.update(client=sys.argv[2], period="2026-10", lang="en", db_url=None, interactive=False,
                     snapshot=sys.argv[3])
print(json.dumps(sorted(m for m in ("ipywidgets", "sqlalchemy", "papermill", "nbconvert") if m in sys.modules)))
"""


def test_a_report_kernel_imports_neither_widgets_nor_the_database_layer(workspace: Path) -> None:
    kept = snapshot.load(CLIENT, "2026-10")
    for name in ("05_engagement", "04_events"):
        done = subprocess.run([sys.executable, "-c", _PROBE, str(paths.NOTEBOOKS_DIR / f"{name}.ipynb"), CLIENT,
                               str(kept.folder)], capture_output=True, text=True, check=True, env=os.environ.copy())
        assert json.loads(done.stdout.strip().splitlines()[-1]) == [], (name, done.stdout)
