"""Every notebook in notebooks/ has a percent-format .py twin (notebooks/jupytext.toml) holding the same cells, so
a review can read the text; a pair out of step fails here (fix: `make sync-notebooks`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workbook.notebooks_admin.pairs import cells_of, notebook_pairs, pair_problems
from workbook.paths import NOTEBOOKS_DIR

PAIRS = notebook_pairs(NOTEBOOKS_DIR)


def test_every_notebook_has_its_text_twin_and_no_twin_is_orphaned() -> None:
    notebooks = {p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")}
    texts = {p.stem for p in NOTEBOOKS_DIR.glob("*.py")}
    assert notebooks, "no notebook found"
    assert notebooks == texts, f"without a .py twin: {sorted(notebooks - texts)}; .py without a notebook: " \
                               f"{sorted(texts - notebooks)} (run `make sync-notebooks`)"


@pytest.mark.parametrize("notebook", [ipynb for ipynb, _ in PAIRS], ids=lambda p: p.stem)
def test_pair_holds_the_same_cells(notebook: Path) -> None:
    problems = pair_problems(notebook, notebook.with_suffix(".py"))
    assert not problems, "\n".join([*problems, "run `make sync-notebooks`"])


def _write(path: Path, cells: list[Any]) -> Path:
    import nbformat

    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_a_changed_cell_is_named(tmp_path: Path) -> None:
    """The check itself: outputs and execution counts do not matter, a source or a tag does."""
    import jupytext
    import nbformat

    code = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})
    notebook = _write(tmp_path / "n.ipynb", [nbformat.v4.new_markdown_cell("# Title"), code])
    text = tmp_path / "n.py"
    jupytext.write(jupytext.read(notebook), text, fmt="py:percent")
    ran = nbformat.read(notebook, as_version=4)
    ran.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    ran.cells[1].execution_count = 3
    nbformat.write(ran, notebook)
    assert pair_problems(notebook, text) == []
    assert [c["source"] for c in cells_of(text)] == ["# Title", "x = 1"]

    text.write_text(text.read_text(encoding="utf-8").replace("x = 1", "x = 2"), encoding="utf-8")
    problems = pair_problems(notebook, text)
    assert len(problems) == 1 and "cell 2" in problems[0] and "source" in problems[0]

    text.write_text(text.read_text(encoding="utf-8").replace("x = 2", "x = 1")
                    .replace('tags=["parameters"]', ""), encoding="utf-8")
    problems = pair_problems(notebook, text)
    assert len(problems) == 1 and "cell 2" in problems[0] and "tags" in problems[0]

    text.write_text("# %%\nx = 1\n", encoding="utf-8")
    assert "2 cells" in pair_problems(notebook, text)[0]


def test_the_twins_are_never_run_or_listed_as_pages() -> None:
    """papermill runs, report packs and the app's pages name notebooks only; the .py twins sit beside them."""
    from workbook import paths
    from workbook.notebooks_admin.overrides import standard_names
    from workbook.report import pack
    from workbook.serve.home import render
    from workbook.serve.shell import PAGES

    assert all(paths.notebook_path("nobody", name).suffix == ".ipynb" for name in (*pack.NOTEBOOKS, *PAGES))
    assert all((NOTEBOOKS_DIR / f"{name}.ipynb").exists() for name in (*pack.NOTEBOOKS, *PAGES))
    assert sorted(standard_names()) == sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb") if p.stem != "index")
    home = render({"client": "pilot"}, "en", ["pilot"], "/voila/render/", None)
    assert ".ipynb" in home and ".py" not in home.replace(".ipynb", "")
