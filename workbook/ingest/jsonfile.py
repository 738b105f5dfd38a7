"""Loading a JSON export safely: any decoding failure becomes an IngestError naming line and column."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from workbook.ingest.base import IngestError, Problem


def parse_json(data: bytes, name: str) -> object:
    """The parsed document; cut or corrupted JSON and non-UTF-8 bytes raise IngestError with a position."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(Problem(name, line, "-", f"not UTF-8 text (bad byte at offset {exc.start}); "
                                                   "export the chat again as JSON")) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(Problem(name, exc.lineno, "-", f"not valid JSON at line {exc.lineno} column "
                                                         f"{exc.colno}: {exc.msg} (is the file cut short?)")) from None


def load_json(path: Path) -> object:
    return parse_json(path.read_bytes(), str(path))


def head(path: Path, size: int = 4096) -> str:
    """The first `size` bytes as text (for cheap detection); empty for folders and unreadable files."""
    if not path.is_file():
        return ""
    with path.open("rb") as handle:
        return handle.read(size).decode("utf-8-sig", errors="ignore")


def zip_names(path: Path) -> set[str]:
    """Member names of a zip archive, or an empty set when `path` is not one."""
    if not path.is_file() or not zipfile.is_zipfile(path):
        return set()
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())
