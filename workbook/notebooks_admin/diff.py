"""What an override changed against a standard notebook, cell by cell: nbdime matches the cells (an edited cell
is a change, not a removal and an addition), difflib shows the changed lines."""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from typing import Any

# What a reader of the notebook sees change; outputs, execution counts, ids and view state (collapsed…) do not.
CELL_FIELDS = ("cell_type", "source", "metadata")
VIEW_STATE = ("collapsed", "scrolled", "autoscroll", "execution", "jupyter")


@dataclass(frozen=True)
class CellChange:
    """One cell added, removed or changed. `number` counts from 1 in the override (added, changed) or in the
    standard notebook (removed)."""

    kind: str  # "added" | "removed" | "changed"
    number: int
    cell_type: str
    before: str = ""
    after: str = ""
    fields: tuple[str, ...] = field(default=())
    metadata: str = ""  # the changed metadata keys, old → new


def comparable(notebook: Any) -> Any:
    """A copy of `notebook` holding only what a reader sees: cell types, sources and meaningful cell metadata."""
    import nbformat

    cells = []
    for cell in notebook.cells:
        metadata = {k: copy.deepcopy(v) for k, v in cell.get("metadata", {}).items() if k not in VIEW_STATE}
        kept = {"cell_type": cell["cell_type"], "source": _text(cell["source"]), "metadata": metadata}
        if cell["cell_type"] == "code":
            kept.update(outputs=[], execution_count=None)
        cells.append(kept)
    return nbformat.from_dict({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def cell_changes(standard: Any, override: Any) -> list[CellChange]:
    """Every cell `override` adds, removes or changes against `standard` (nbformat notebooks)."""
    from nbdime import diff_notebooks

    before, after = comparable(standard), comparable(override)
    cell_ops = next((op["diff"] for op in diff_notebooks(before, after) if op["key"] == "cells"), [])
    changes: list[CellChange] = []
    shift = 0  # an override cell's index minus its standard cell's index, so far
    for op in cell_ops:
        key = op["key"]
        if op["op"] == "addrange":
            for offset, cell in enumerate(op["valuelist"]):
                changes.append(CellChange("added", key + shift + offset + 1, cell["cell_type"],
                                          after=_text(cell["source"])))
            shift += len(op["valuelist"])
        elif op["op"] == "removerange":
            for offset in range(op["length"]):
                cell = before.cells[key + offset]
                changes.append(CellChange("removed", key + offset + 1, cell["cell_type"], before=cell["source"]))
            shift -= op["length"]
        elif op["op"] == "patch":
            old, new = before.cells[key], after.cells[key + shift]
            fields = tuple(sorted({d["key"] for d in op["diff"]}))
            changes.append(CellChange("changed", key + shift + 1, new["cell_type"], before=old["source"],
                                      after=new["source"], fields=fields,
                                      metadata=metadata_line(old, new) if "metadata" in fields else ""))
    return changes


def line_diff(before: str, after: str) -> list[str]:
    """The changed lines of a cell with one line of context: `- old`, `+ new`, `  same`, `…` between hunks."""
    lines = []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        lines.append("…" if line.startswith("@@") else f"{line[0]} {line[1:]}")
    return lines[1:] if lines and lines[0] == "…" else lines


def metadata_line(before: Any, after: Any) -> str:
    """`tags: ['parameters'] → []` for each cell metadata key that differs."""
    old, new = before.get("metadata", {}), after.get("metadata", {})
    keys = sorted(k for k in {*old, *new} if old.get(k) != new.get(k))
    return "; ".join(f"{k}: {old.get(k)!r} → {new.get(k)!r}" for k in keys)
