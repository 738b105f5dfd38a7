"""Carry a client's override onto a newer standard notebook: a three-way merge (nbdime) with the standard the
override was copied from as base, the override as local and today's standard as remote. Where only one side
changed something it is taken; where both changed the same thing the override's version is kept and the
standard's change is reported as a conflict. The old override stays beside the new one as <name>.ipynb.bak-…"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from workbook.notebooks_admin import overrides

# Actions by which a merge decision keeps only the override's side.
_LOCAL_ONLY = ("local", "base")


@dataclass(frozen=True)
class Conflict:
    """A change of the standard notebook the upgrade did not apply, because the override changed the same place.
    `number`: the cell's number in the upgraded override (0 when it is not there); `standard_text` the standard's
    version of what was not applied."""

    kind: str  # "cell" (both changed the cell) | "added" | "removed" | "changed" (by the standard, over a change)
    number: int
    cell_type: str
    override_text: str
    standard_text: str


@dataclass
class Upgrade:
    """What `upgrade` did to one override."""

    name: str
    status: str  # "upgraded" | "current" | "no_base"
    applied: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    backup: str = ""


def _strategies() -> Any:
    from nbdime.merging.notebooks import notebook_merge_strategies

    # On a conflict keep the override's value; transient fields (execution counts) are cleared.
    args = SimpleNamespace(merge_strategy="use-local", input_strategy=None, output_strategy=None,
                           ignore_transients=True, log_level="WARNING")
    return notebook_merge_strategies(args)


def _only_insertions(diff: Any) -> bool:
    return bool(diff) and all(op["op"] == "addrange" for op in diff)


def merge(base: Any, local: Any, remote: Any) -> tuple[Any, list[Conflict], int]:
    """(merged notebook, conflicts, standard changes applied) of three nbformat notebooks."""
    from nbdime.diffing.notebooks import diff_notebooks
    from nbdime.merging.decisions import apply_decisions
    from nbdime.merging.generic import decide_merge_with_diff

    decisions = decide_merge_with_diff(base, local, remote, diff_notebooks(base, local),
                                       diff_notebooks(base, remote), _strategies())
    conflicted = []
    applied = 0
    for decision in decisions:
        if decision.common_path == ("cells",) and _only_insertions(decision.local_diff) \
                and _only_insertions(decision.remote_diff):
            # Both added cells at the same place: keep the override's, then the standard's.
            decision.action, decision.conflict = "local_then_remote", False
        if decision.conflict:
            decision.action, decision.conflict = "local", False
        if decision.action in _LOCAL_ONLY and decision.remote_diff:
            conflicted.append(decision)
        elif decision.remote_diff and decision.action not in ("clear", "either"):  # either: both did it
            applied += 1
    merged = _with_cell_ids(apply_decisions(base, decisions))
    return merged, [c for d in conflicted for c in _describe(d, base, remote, merged)], applied


def _with_cell_ids(merged: Any) -> Any:
    """The merge as an nbformat notebook whose every cell has an id of its own (nbformat 4.5 wants them; the
    merge drops an id both sides changed)."""
    import nbformat
    from nbformat.corpus.words import generate_corpus_id

    notebook = nbformat.from_dict(merged)
    seen: set[str] = set()
    for cell in notebook.cells:
        if not cell.get("id") or cell["id"] in seen:
            cell["id"] = generate_corpus_id()
        seen.add(cell["id"])
    return notebook


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _number_in(notebook: Any, cell: Any) -> int:
    """The 1-based number of the cell with `cell`'s id in `notebook`, 0 when it is not there."""
    cell_id = cell.get("id")
    return next((i + 1 for i, c in enumerate(notebook.cells) if cell_id and c.get("id") == cell_id), 0)


def _twin(notebook: Any, cell: Any) -> Any | None:
    cell_id = cell.get("id")
    return next((c for c in notebook.cells if cell_id and c.get("id") == cell_id), None)


def _describe(decision: Any, base: Any, remote: Any, merged: Any) -> list[Conflict]:
    """The standard's changes a decision left out, one Conflict per cell."""
    path = decision.common_path
    if len(path) >= 2 and path[0] == "cells":
        cell = base.cells[path[1]]
        kept, theirs = _twin(merged, cell), _twin(remote, cell)
        return [Conflict("cell", _number_in(merged, cell), cell["cell_type"],
                         _text(kept["source"]) if kept is not None else "",
                         _text(theirs["source"]) if theirs is not None else "")]
    if path == ("cells",):
        found = []
        for op in decision.remote_diff:
            if op["op"] == "addrange":
                found += [Conflict("added", 0, c["cell_type"], "", _text(c["source"])) for c in op["valuelist"]]
            elif op["op"] == "removerange":
                for cell in base.cells[op["key"]:op["key"] + op["length"]]:
                    kept = _twin(merged, cell)
                    found.append(Conflict("removed", _number_in(merged, cell), cell["cell_type"],
                                          _text(kept["source"]) if kept is not None else "", ""))
            elif op["op"] == "patch":
                cell = base.cells[op["key"]]
                kept, theirs = _twin(merged, cell), _twin(remote, cell)
                found.append(Conflict("changed", _number_in(merged, cell), cell["cell_type"],
                                      _text(kept["source"]) if kept is not None else "",
                                      _text(theirs["source"]) if theirs is not None else ""))
        return found
    # Notebook metadata: the override keeps its own; nothing a reader sees.
    return []


def upgrade_override(client: str, name: str, now: datetime | None = None) -> Upgrade:
    """Merge today's standard notebook `name` into `client`'s override; the old override is kept as a backup and
    the base moves on to today's standard."""
    import nbformat

    now = now or datetime.now(UTC)
    target, base_file = overrides.override_path(client, name), overrides.base_path(client, name)
    standard = overrides.standard_path(name)
    if not base_file.exists():
        return Upgrade(name, "no_base")
    standard_hash = overrides.file_hash(standard)
    if overrides.file_hash(base_file) == standard_hash:
        return Upgrade(name, "current")
    base = nbformat.read(base_file, as_version=4)
    local = nbformat.read(target, as_version=4)
    remote = nbformat.read(standard, as_version=4)
    merged, conflicts, applied = merge(base, local, remote)
    overrides.stamp(merged, name, standard_hash, now)
    backup = overrides.backup_name(target, now)
    shutil.copy2(target, backup)
    overrides.write_atomically(target, overrides.notebook_text(merged))
    # Only now: a crash before leaves the old base, and merging again gives the same result.
    shutil.copyfile(standard, base_file)
    return Upgrade(name, "upgraded", applied, conflicts, backup.name)


def upgrade_client(client: str, names: list[str] | None = None, now: datetime | None = None) -> list[Upgrade]:
    """Every override of `client` (or those in `names`) upgraded in turn."""
    overrides.check_client(client)
    for name in names or ():
        overrides.check_name(name)
        if not overrides.override_path(client, name).exists():
            raise overrides.OverrideError("overrides.error.no_override", client=client, name=name)
    return [upgrade_override(client, name, now) for name in (names or overrides.overridden(client))]
