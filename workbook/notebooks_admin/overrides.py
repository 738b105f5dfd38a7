"""A client's override of a standard notebook: data/<client>/notebooks/<name>.ipynb, started as a copy of
notebooks/<name>.ipynb. The copy records which standard it came from (metadata `workbook.override`: file hash,
workbook version, time), and the standard itself is kept as the merge base in data/<client>/notebooks/.base/, so
an upgrade can tell the consultant's changes from the standard's."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbook import __version__, paths
from workbook.i18n import LocalisedError

BASE_FOLDER = ".base"
RECORD_KEY = "workbook"
# The home notebook is replaced by the kernel-free home page (workbook.serve.home): an override would never show.
NOT_OVERRIDABLE = ("index",)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


class OverrideError(LocalisedError):
    """Something the consultant must fix; `key` and `values` make the message in their language."""


@dataclass(frozen=True)
class Record:
    """Where an override came from, as kept in its metadata."""

    standard: str
    sha256: str
    workbook_version: str
    copied_at: str

    def as_metadata(self) -> dict[str, str]:
        return {"standard": self.standard, "sha256": self.sha256, "workbook_version": self.workbook_version,
                "copied_at": self.copied_at}


def overrides_dir(client: str) -> Path:
    return paths.client_dir(client) / "notebooks"


def override_path(client: str, name: str) -> Path:
    return overrides_dir(client) / f"{name}.ipynb"


def base_path(client: str, name: str) -> Path:
    """The standard notebook as it was when the override was copied (or last upgraded): the merge base."""
    return overrides_dir(client) / BASE_FOLDER / f"{name}.ipynb"


def standard_path(name: str) -> Path:
    return paths.NOTEBOOKS_DIR / f"{name}.ipynb"


def standard_names() -> list[str]:
    """Standard notebooks a client may override (the .py twins of notebooks/ are not notebooks)."""
    return [p.stem for p in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")) if p.stem not in NOT_OVERRIDABLE]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_client(client: str) -> None:
    if client not in paths.list_clients():
        raise OverrideError("overrides.error.client", client=client, path=paths.profile_path(client))


def check_name(name: str) -> None:
    if not _NAME.fullmatch(name) or name not in standard_names():
        raise OverrideError("overrides.error.name", name=name, names=", ".join(standard_names()))


def overridden(client: str) -> list[str]:
    """Names of the standard notebooks this client has an override of."""
    folder = overrides_dir(client)
    if not folder.is_dir():
        return []
    return [p.stem for p in sorted(folder.glob("*.ipynb")) if p.stem in standard_names()]


def record_of(notebook: Any) -> Record | None:
    """The copy record of an override notebook (nbformat node), None for a copy made by hand."""
    found = notebook.metadata.get(RECORD_KEY, {}).get("override")
    if not isinstance(found, dict):
        return None
    try:
        return Record(str(found["standard"]), str(found["sha256"]), str(found["workbook_version"]),
                      str(found["copied_at"]))
    except KeyError:
        return None


def stamp(notebook: Any, name: str, standard_hash: str, now: datetime) -> None:
    """Record in `notebook`'s metadata the standard it now follows."""
    record = Record(f"notebooks/{name}.ipynb", standard_hash, __version__,
                    now.astimezone(UTC).isoformat(timespec="seconds"))
    notebook.metadata.setdefault(RECORD_KEY, {})["override"] = record.as_metadata()


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder: a crash leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def notebook_text(notebook: Any) -> str:
    import nbformat

    return nbformat.writes(notebook) + "\n"  # type: ignore[no-any-return]


def copy_override(client: str, name: str, now: datetime | None = None) -> Path:
    """Start `client`'s override of the standard notebook `name`: the copy (recording where it came from) and its
    merge base. An existing override is never replaced."""
    import nbformat

    check_client(client)
    check_name(name)
    target = override_path(client, name)
    if target.exists():
        raise OverrideError("overrides.error.exists", path=target, client=client, name=name)
    source = standard_path(name)
    notebook = nbformat.read(source, as_version=4)
    stamp(notebook, name, file_hash(source), now or datetime.now(UTC))
    base = base_path(client, name)
    base.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, base)
    write_atomically(target, notebook_text(notebook))
    return target


def backup_name(path: Path, now: datetime) -> Path:
    """<name>.ipynb.bak-<UTC time>: kept beside the override, never read as a notebook by report or serve."""
    candidate = path.with_name(f"{path.name}.bak-{now.astimezone(UTC):%Y%m%d-%H%M%S}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.bak-{now.astimezone(UTC):%Y%m%d-%H%M%S}-{number}")
    return candidate
