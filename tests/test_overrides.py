"""A client's override of a standard notebook: copied with its record and merge base, compared cell by cell, and
carried onto a newer standard by a three-way merge that keeps the override's changes, applies the standard's and
reports, never drops, what both changed. Every test works on temporary copies of notebooks/."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat
import pytest

from workbook import cli, paths
from workbook.notebooks_admin import overrides, text
from workbook.notebooks_admin.diff import cell_changes
from workbook.notebooks_admin.upgrade import merge, upgrade_client

CLIENT = "acme"
NAME = "00_summary"
COPIED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
UPGRADED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
ADDED_CELL = 'nb.md("Acme: our own word on the month")'
HEADLINE = 'nb.heading(report.label("report.summary.headlines"))'


@pytest.fixture
def standard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary notebooks/ (copies of the real standard notebooks) and a data folder with client acme."""
    folder = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, folder, ignore=shutil.ignore_patterns("*.py", "*.toml"))
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", folder)
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    paths.profile_path(CLIENT).parent.mkdir(parents=True)
    paths.profile_path(CLIENT).write_text("name: Acme Academy\nlanguage: en\n", encoding="utf-8")
    return folder


def _read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def _sources(path: Path) -> list[str]:
    return [cell.source for cell in _read(path).cells]


def _edit(path: Path, change: Any) -> None:
    notebook = _read(path)
    change(notebook)
    nbformat.write(notebook, path)


def _headline_cell(notebook: Any) -> int:
    """Where the summary's headline cards start (found by content: the standard notebook changes)."""
    return next(i for i, cell in enumerate(notebook.cells) if HEADLINE in cell.source)


def _add_own_cell(notebook: Any) -> None:
    notebook.cells.insert(_headline_cell(notebook), nbformat.v4.new_code_cell(ADDED_CELL))


def test_copy_records_its_standard_and_keeps_the_merge_base(standard: Path) -> None:
    copy = overrides.copy_override(CLIENT, NAME, now=COPIED)
    assert copy == paths.client_dir(CLIENT) / "notebooks" / f"{NAME}.ipynb"
    assert paths.notebook_path(CLIENT, NAME) == copy  # what report and run-due run from now on
    record = overrides.record_of(_read(copy))
    assert record is not None
    assert record.standard == f"notebooks/{NAME}.ipynb" and record.copied_at == "2026-11-02T09:30:00+00:00"
    assert record.sha256 == overrides.file_hash(standard / f"{NAME}.ipynb")
    assert record.workbook_version
    assert overrides.base_path(CLIENT, NAME).read_bytes() == (standard / f"{NAME}.ipynb").read_bytes()
    assert _sources(copy) == _sources(standard / f"{NAME}.ipynb")
    assert overrides.overridden(CLIENT) == [NAME]


def test_copy_refuses_what_it_cannot_do_in_the_operators_language(standard: Path) -> None:
    overrides.copy_override(CLIENT, NAME, now=COPIED)
    _edit(overrides.override_path(CLIENT, NAME), _add_own_cell)
    with pytest.raises(overrides.OverrideError) as exists:
        overrides.copy_override(CLIENT, NAME)
    assert "already exists" in exists.value.message("en") and "已存在" in exists.value.message("zh-CN")
    assert ADDED_CELL in _sources(overrides.override_path(CLIENT, NAME))  # the edited copy is untouched
    for name in ("nope", "../01_goals", "index"):
        with pytest.raises(overrides.OverrideError) as bad:
            overrides.copy_override(CLIENT, name)
        assert f"“{name}” is not a standard notebook" in bad.value.message("en")
        assert "01_goals" in bad.value.message("en")
    with pytest.raises(overrides.OverrideError) as client:
        overrides.copy_override("globex", NAME)
    assert "没有名为「globex」的社群" in client.value.message("zh-CN")


def test_diff_names_each_changed_cell(standard: Path) -> None:
    copy = overrides.copy_override(CLIENT, NAME, now=COPIED)
    original = _sources(copy)
    at = _headline_cell(_read(copy))  # the own cell becomes number at + 1, the headline cell at + 2
    assert text.diff_report(CLIENT, NAME, "en").endswith("no change against the standard notebook")

    def adapt(notebook: Any) -> None:
        _add_own_cell(notebook)
        notebook.cells[at + 1].source = notebook.cells[at + 1].source.replace("report.summary.headlines",
                                                                                  "acme.headlines")
        del notebook.cells[-1]  # the recommendations cell (cell 6 of the standard)
        notebook.cells[0].outputs = [nbformat.v4.new_output("stream", text="run in Lab\n")]  # not a change

    _edit(copy, adapt)
    changes = cell_changes(_read(standard / f"{NAME}.ipynb"), _read(copy))
    assert [(c.kind, c.number, c.cell_type) for c in changes] == [
        ("added", at + 1, "code"), ("changed", at + 2, "code"), ("removed", len(original), "code")]
    report = text.diff_report(CLIENT, None, "en").splitlines()
    assert report[0] == f"== {NAME}: {copy} against the standard notebooks/{NAME}.ipynb"
    assert report[1] == "copied on 2026-11-02T09:30:00+00:00 (workbook 0.1.0)"
    assert report[2:5] == [f"cell {at + 1} (code) added", f"    + {ADDED_CELL}", f"cell {at + 2} (code) changed"]
    assert '    - nb.heading(report.label("report.summary.headlines"))' in report
    assert '    + nb.heading(report.label("acme.headlines"))' in report
    assert f"cell {len(original)} (code) of the standard notebook removed" in report
    chinese = text.diff_report(CLIENT, NAME, "zh-CN")
    assert f"第 {at + 1} 格（代码）：新增" in chinese and f"标准版第 {len(original)} 格（代码）：已删除" in chinese


def _standard_moves_elsewhere(notebook: Any) -> None:
    """Next month's standard: a fix in the summary's last cell and a new closing cell."""
    notebook.cells[-1].source += "\nnb.md(report.label('report.summary.footer'))"
    notebook.cells.append(nbformat.v4.new_markdown_cell("Standard closing note"))


def test_an_added_cell_survives_an_upgrade_of_the_standard(standard: Path) -> None:
    copy = overrides.copy_override(CLIENT, NAME, now=COPIED)
    at = _headline_cell(_read(copy))
    _edit(copy, _add_own_cell)
    before_upgrade = copy.read_bytes()
    _edit(standard / f"{NAME}.ipynb", _standard_moves_elsewhere)
    assert "the standard notebook has changed since the copy" in text.diff_report(CLIENT, NAME, "en")

    [result] = upgrade_client(CLIENT, now=UPGRADED)
    assert (result.status, result.applied, result.conflicts) == ("upgraded", 2, [])
    merged = _sources(copy)
    new_standard = _sources(standard / f"{NAME}.ipynb")
    assert merged == [*new_standard[:at], ADDED_CELL, *new_standard[at:]]
    backup = copy.with_name(f"{NAME}.ipynb.bak-20261201-080000")
    assert result.backup == backup.name and backup.read_bytes() == before_upgrade
    assert overrides.base_path(CLIENT, NAME).read_bytes() == (standard / f"{NAME}.ipynb").read_bytes()
    record = overrides.record_of(_read(copy))
    assert record is not None and record.sha256 == overrides.file_hash(standard / f"{NAME}.ipynb")
    assert record.copied_at == "2026-12-01T08:00:00+00:00"
    nbformat.validate(_read(copy))
    assert paths.notebook_path(CLIENT, NAME) == copy and overrides.overridden(CLIENT) == [NAME]  # .bak is no page

    [again] = upgrade_client(CLIENT, now=UPGRADED)
    assert again.status == "current" and _sources(copy) == merged
    lines = text.upgrade_text(CLIENT, [result], "en").splitlines()
    assert lines == [f"{NAME}: upgraded, 2 change(s) of the standard notebook applied, 0 conflict(s); the old copy "
                     f"is kept as {backup.name}", f"{CLIENT}: 1 override(s) upgraded, 0 conflict(s) to look at"]


def test_a_conflicting_change_is_reported_and_nothing_is_lost(standard: Path) -> None:
    copy = overrides.copy_override(CLIENT, NAME, now=COPIED)
    at = _headline_cell(_read(copy))

    def ours(notebook: Any) -> None:
        _add_own_cell(notebook)
        notebook.cells[at + 1].source = notebook.cells[at + 1].source.replace(HEADLINE, 'nb.heading("Acme headlines")')

    def theirs(notebook: Any) -> None:
        notebook.cells[at].source = notebook.cells[at].source.replace(HEADLINE, 'nb.heading(report.label("x.new"))')
        notebook.cells.append(nbformat.v4.new_markdown_cell("Standard closing note"))

    _edit(copy, ours)
    kept = _sources(copy)
    _edit(standard / f"{NAME}.ipynb", theirs)
    [result] = upgrade_client(CLIENT, [NAME], now=UPGRADED)
    assert result.status == "upgraded" and result.applied == 1 and len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert (conflict.kind, conflict.number, conflict.cell_type) == ("cell", at + 2, "code")
    assert 'nb.heading("Acme headlines")' in conflict.override_text
    assert 'nb.heading(report.label("x.new"))' in conflict.standard_text
    merged = _sources(copy)
    assert merged == [*kept, "Standard closing note"]  # ours kept, the standard's other change applied
    report = text.upgrade_text(CLIENT, [result], "en")
    assert f"conflict, cell {at + 2} (code): both the override and the standard notebook changed it" in report
    assert '        | nb.heading(report.label("x.new"))' in report.splitlines()
    assert f"old copy: {result.backup}" in report
    assert "1 处冲突需要查看" in text.upgrade_text(CLIENT, [result], "zh-CN")
    assert (copy.parent / result.backup).exists()


def _numbered(sources: list[str]) -> Any:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    return notebook


def test_cells_both_sides_add_at_one_place_are_both_kept() -> None:
    base = _numbered(["a = 1", "b = 2"])
    local, remote = _numbered(["a = 1", "b = 2"]), _numbered(["a = 1", "b = 2"])
    local.cells.insert(1, nbformat.v4.new_code_cell("ours = 1"))
    remote.cells.insert(1, nbformat.v4.new_code_cell("theirs = 1"))
    merged, conflicts, applied = merge(base, local, remote)
    assert [c.source for c in merged.cells] == ["a = 1", "ours = 1", "theirs = 1", "b = 2"]
    assert conflicts == [] and applied == 1


def test_a_cell_the_standard_removes_but_the_override_changed_is_kept_and_reported() -> None:
    base = _numbered(["a = 1", "b = 2", "c = 3"])
    local, remote = _numbered(["a = 1", "b = 20", "c = 3"]), _numbered(["a = 1", "c = 3"])
    remote.cells[1]["id"] = "cell-2"
    merged, conflicts, _ = merge(base, local, remote)
    assert [c.source for c in merged.cells] == ["a = 1", "b = 20", "c = 3"]
    assert [(c.kind, c.number, c.override_text) for c in conflicts] == [("removed", 2, "b = 20")]
    assert len({c["id"] for c in merged.cells}) == 3


def test_a_copy_made_by_hand_is_left_alone(standard: Path) -> None:
    hand_made = overrides.override_path(CLIENT, "01_goals")
    hand_made.parent.mkdir(parents=True)
    shutil.copyfile(standard / "01_goals.ipynb", hand_made)
    _edit(hand_made, lambda notebook: notebook.cells.insert(1, nbformat.v4.new_code_cell(ADDED_CELL)))
    before = hand_made.read_bytes()
    _edit(standard / "01_goals.ipynb", _standard_moves_elsewhere)
    [result] = upgrade_client(CLIENT)
    assert result.status == "no_base" and hand_made.read_bytes() == before
    assert "no merge base" in text.upgrade_text(CLIENT, [result], "en")
    assert "no record of the standard it was copied from" in text.diff_report(CLIENT, "01_goals", "en")


def test_the_notebooks_command(standard: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["notebooks", "diff", CLIENT, "--lang", "en"]) == 0
    assert "“acme” has no overridden notebook" in capsys.readouterr().out
    assert cli.main(["notebooks", "copy", CLIENT, NAME, "--lang", "zh-CN"]) == 0
    assert "已把 notebooks/00_summary.ipynb 复制为" in capsys.readouterr().out
    assert cli.main(["notebooks", "copy", CLIENT, NAME, "--lang", "en"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["notebooks", "diff", CLIENT, "02_recruitment", "--lang", "en"]) == 2
    assert "“acme” has no override of 02_recruitment" in capsys.readouterr().err
    _edit(overrides.override_path(CLIENT, NAME), _add_own_cell)
    _edit(standard / f"{NAME}.ipynb", _standard_moves_elsewhere)
    assert cli.main(["notebooks", "upgrade", CLIENT, "--lang", "zh-CN"]) == 0
    out = capsys.readouterr().out
    assert "00_summary：已升级，采用了标准版的 2 处改动，0 处冲突" in out
    assert cli.main(["notebooks", "upgrade", "globex", "--lang", "en"]) == 2

    def headline_to(text: str) -> Any:
        def edit(notebook: Any) -> None:
            at = _headline_cell(notebook)
            notebook.cells[at].source = notebook.cells[at].source.replace(HEADLINE, text)
        return edit

    _edit(overrides.override_path(CLIENT, NAME), headline_to('nb.heading("Acme headlines")'))
    _edit(standard / f"{NAME}.ipynb", headline_to('nb.heading(report.label("x.new"))'))
    capsys.readouterr()
    assert cli.main(["notebooks", "upgrade", CLIENT, "--lang", "en"]) == 1  # a conflict to look at: not a clean run
    assert "1 conflict(s) to look at" in capsys.readouterr().out


@pytest.mark.slow
def test_a_report_pack_runs_the_override_under_the_clients_brand(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`workbook report` (and so run-due) runs the client's copy; its pages carry the client's brand: the logo and
    colour in the header, the colour first in the charts' theme."""
    import re

    from tests.report.conftest import CLIENT as REPORT_CLIENT
    from tests.report.conftest import write_client
    from tests.test_branding import PNG
    from workbook.report import pack

    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKBOOK_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("WORKBOOK_DB_URL", raising=False)
    monkeypatch.setattr(pack, "NOTEBOOKS", (NAME,))
    write_client(REPORT_CLIENT)
    copy = overrides.copy_override(REPORT_CLIENT, NAME)
    _edit(copy, lambda notebook: notebook.cells.append(nbformat.v4.new_markdown_cell("Acme's own closing words")))
    (paths.client_dir(REPORT_CLIENT) / "logo.png").write_bytes(PNG)
    with paths.profile_path(REPORT_CLIENT).open("a", encoding="utf-8") as profile:
        profile.write('branding: {display_name: Acme Corp, logo: logo.png, colour: "#8a2be2"}\n')

    result = pack.run_pack(REPORT_CLIENT, "2026-10", lang="en", parallel=1)
    assert result.ok and result.warnings == [], result.summary()
    [page] = paths.client_reports_dir(REPORT_CLIENT).glob(f"2026-10/**/{NAME}.html")
    html = page.read_text(encoding="utf-8")
    assert "Acme's own closing words" in html
    header = html[html.index('<header class="wb-header"'):html.index("</header>")]
    assert "border-top: 4px solid #8a2be2" in header and "Acme Corp" in header and "data:image/png" in header
    specs = re.findall(r'<script[^>]*class="wb-spec"[^>]*>(.*?)</script>', html, flags=re.S)
    assert specs and all('"category": ["#8a2be2"' in spec for spec in specs)


def test_a_cell_the_override_removed_stays_removed_when_the_standard_changes_it() -> None:
    base = _numbered(["a = 1", "b = 2", "c = 3"])
    local, remote = _numbered(["a = 1", "c = 3"]), _numbered(["a = 1", "b = 21", "c = 3"])
    local.cells[1]["id"] = "cell-2"
    merged, conflicts, _ = merge(base, local, remote)
    assert [c.source for c in merged.cells] == ["a = 1", "c = 3"]
    assert [(c.kind, c.number, c.standard_text) for c in conflicts] == [("changed", 0, "b = 21")]
    from workbook.notebooks_admin.upgrade import Upgrade

    report = text.upgrade_text(CLIENT, [Upgrade(NAME, "upgraded", 0, conflicts, "x.bak")], "en").splitlines()
    assert report[1:3] == ["    conflict: the standard notebook changed a code cell the override removed; it stays "
                           "removed. The standard notebook now has:", "        | b = 21"]


def test_the_app_finds_a_clients_copy_only_for_a_known_client_and_a_plain_page_name(standard: Path) -> None:
    from workbook.serve.overrides import OverrideContents, drift_warning, override_for, unreadable

    copy = overrides.copy_override(CLIENT, NAME)
    assert override_for(CLIENT, f"{NAME}.ipynb") == copy
    for client, page in [("globex", f"{NAME}.ipynb"), ("", f"{NAME}.ipynb"), (f"../{CLIENT}", f"{NAME}.ipynb"),
                         (CLIENT, "01_goals.ipynb"), (CLIENT, f"../{CLIENT}/{NAME}.ipynb"), (CLIENT, f"{NAME}.py"),
                         (CLIENT, f".base/{NAME}.ipynb"), (CLIENT, None)]:
        assert override_for(client, page) is None, (client, page)

    class Standard:
        root_dir = str(standard)

        def get(self, path: str, **kwargs: Any) -> dict[str, str]:
            return {"path": path, "from": "standard"}

    _edit(copy, _add_own_cell)
    contents = OverrideContents(Standard(), f"{NAME}.ipynb", copy)
    model = contents.get(f"{NAME}.ipynb")
    assert model["type"] == "notebook" and ADDED_CELL in [c.source for c in model["content"].cells]
    assert contents.get("01_goals.ipynb") == {"path": "01_goals.ipynb", "from": "standard"}
    assert contents.root_dir == str(standard)

    assert drift_warning(copy, standard / f"{NAME}.ipynb") is None
    assert unreadable(copy) is None
    broken = copy.with_name("01_goals.ipynb")
    broken.write_text('{"cells": [', encoding="utf-8")
    assert str(unreadable(broken)).startswith("NotJSONError")
    _edit(copy, lambda notebook: setattr(notebook.cells[0], "source", notebook.cells[0].source + "\nregion = 'east'"))
    assert drift_warning(copy, standard / f"{NAME}.ipynb") == \
        f"{copy}: parameters differ from {NAME}.ipynb's: region"
