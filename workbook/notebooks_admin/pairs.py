"""The .py twins of notebooks/ (jupytext percent format, paired by notebooks/jupytext.toml): what a pair holds and
whether both halves hold the same cells. Outputs, execution counts, ids and notebook metadata do not count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Cell metadata a reader of the text sees and papermill/Voila act on; the rest (collapsed, scrolled…) is view state.
KEPT_METADATA = ("tags",)


def notebook_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(notebook, twin) for every .ipynb of `folder`, whether or not the twin exists yet."""
    return [(ipynb, ipynb.with_suffix(".py")) for ipynb in sorted(folder.glob("*.ipynb"))]


def cells_of(path: Path) -> list[dict[str, Any]]:
    """The cells of a notebook or of its text twin as jupytext reads them: type, source, kept metadata."""
    import jupytext

    notebook = jupytext.read(path)
    return [{"cell_type": cell.cell_type, "source": cell.source.strip("\n"),
             **{key: cell.metadata[key] for key in KEPT_METADATA if cell.metadata.get(key)}}
            for cell in notebook.cells]


def pair_problems(notebook: Path, text: Path) -> list[str]:
    """One line per difference between `notebook` and `text`, [] when they hold the same cells."""
    if not text.exists():
        return [f"{notebook.name}: no {text.name} beside it"]
    left, right = cells_of(notebook), cells_of(text)
    if len(left) != len(right):
        return [f"{notebook.name} has {len(left)} cells, {text.name} {len(right)} cells"]
    problems = []
    for number, (a, b) in enumerate(zip(left, right, strict=True), start=1):
        differing = sorted(key for key in {*a, *b} if a.get(key) != b.get(key))
        if differing:
            problems.append(f"{notebook.name} / {text.name}: cell {number} differs in {', '.join(differing)}")
    return problems
