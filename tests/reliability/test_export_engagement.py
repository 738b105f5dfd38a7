"""The dormant-members Excel export: written under data/<client>/exports/ only, from a parsed period, with
formula-looking cells made inert (OWASP CSV/formula injection)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import tests.forms.client as pilot
from workbook import paths
from workbook.forms.context import FormContext
from workbook.forms.engagement import engagement_view, export_path

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FormContext:
    members = [dict(m) for m in pilot.MEMBERS]
    members[1].update(display_name=HOSTILE, email="@SUM(1+1)*cmd|' /C calc'!A0", department="+Sales")
    monkeypatch.setattr(pilot, "MEMBERS", members)
    db_url = f"sqlite:///{tmp_path}/w.sqlite"
    pilot.write_client(pilot.CLIENT, db_url)
    return FormContext(pilot.CLIENT, pilot.PERIOD, "en", db_url, who="alice")


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_formula_cells_are_neutralised(ctx: FormContext) -> None:
    view = engagement_view(ctx, charts=False)
    view.export.click()
    path = view.state["export_path"]
    assert view.status.level == "ok"
    assert path == paths.client_dir(pilot.CLIENT).resolve() / "exports" / "dormant-2026-10.xlsx"
    cells = [c.value for row in openpyxl.load_workbook(path).active.iter_rows() for c in row]
    assert "'" + HOSTILE in cells and HOSTILE not in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells and "'+Sales" in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in cells)
    assert not paths.reports_root().exists() or not _files(paths.reports_root())


@pytest.mark.parametrize("period", ["../../x", "../../../tmp/x", "/tmp/x", "2026-10/../../x", "2026-10\n"])
def test_period_text_cannot_place_the_file(ctx: FormContext, tmp_path: Path, period: str) -> None:
    view = engagement_view(ctx, charts=False)
    before = _files(tmp_path)
    view.period.value = period
    view.export.click()
    written = _files(tmp_path) - before
    exports = paths.client_dir(pilot.CLIENT).resolve() / "exports"
    assert all(p.resolve().parent == exports for p in written), written
    assert not Path("/tmp/x").exists() and not (tmp_path.parent / "x").exists()


def test_export_name_from_validated_parts_only() -> None:
    assert export_path("pilot", "2026-10-01..2026-10-15").name == "dormant-2026-10-01..2026-10-15.xlsx"
    for client, label in (("..", "2026-10"), ("pilot", "../x"), ("a/b", "2026-10"), ("pilot", "..")):
        with pytest.raises(ValueError):
            export_path(client, label)
