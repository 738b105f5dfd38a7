"""Loading a JSON export safely: any decoding failure becomes an IngestError naming line and column."""

from __future__ import annotations

import codecs
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import ijson
import numpy as np

from workbook.ingest.base import IngestError, refused
from workbook.ingest.limits import (
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_JSON_DEPTH,
    MAX_ZIP_MEMBER_BYTES,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_BYTES,
)


def parse_json(data: bytes, name: str) -> object:
    """The parsed document; cut, corrupted or absurdly nested JSON and non-UTF-8 bytes raise IngestError with a
    position."""
    if len(data) > MAX_FILE_BYTES:
        raise refused(name, 0, "-", "file_too_large", mb=len(data) // 2**20,
                                                       limit=MAX_FILE_BYTES // 2**20)
    check_depth(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refused(name, line, "-", "json_not_utf8", offset=exc.start) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise refused(name, 1, "-", "json_too_deep", limit=MAX_JSON_DEPTH) from None
    except json.JSONDecodeError as exc:
        raise refused(name, exc.lineno, "-", "json_invalid", line=exc.lineno, col=exc.colno,
                      detail=exc.msg) from None


def load_json(path: Path) -> object:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise refused(str(path), 0, "-", "file_too_large", mb=path.stat().st_size // 2**20,
                                                            limit=MAX_FILE_BYTES // 2**20)
    return parse_json(path.read_bytes(), str(path))


def read_member(archive: zipfile.ZipFile, name: str, label: str) -> bytes:
    """One zip member's bytes, refusing members too big or compressed far beyond what real exports are."""
    info = archive.getinfo(name)
    if info.file_size > MAX_ZIP_MEMBER_BYTES or info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) + 2**20:
        raise refused(label, 0, "-", "zip_bomb", mb=info.file_size // 2**20, ratio=MAX_ZIP_RATIO)
    with archive.open(info) as handle:
        data = handle.read(MAX_ZIP_MEMBER_BYTES + 1)
    if len(data) > info.file_size or len(data) > MAX_ZIP_MEMBER_BYTES:
        raise refused(label, 0, "-", "zip_bomb", mb=len(data) // 2**20, ratio=MAX_ZIP_RATIO)
    return data


def check_zip(path: Path) -> None:
    """Refuse an archive whose members add up to more than any real export (before reading any of them)."""
    with zipfile.ZipFile(path) as archive:
        total = sum(info.file_size for info in archive.infolist())
    if total > MAX_ZIP_TOTAL_BYTES:
        raise refused(str(path), 0, "-", "zip_bomb", mb=total // 2**20, ratio=MAX_ZIP_RATIO)


def check_workbook(path: Path) -> None:
    """Refuse an .xlsx whose zipped parts expand far beyond any real workbook (a zip bomb), from the sizes its
    directory declares, before a reader expands them; not a zip (legacy .xls, CSV, broken): left to the reader."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    for info in parts:
        if info.file_size > MAX_ZIP_MEMBER_BYTES or info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) + 2**20:
            raise refused(path, 0, info.filename[:100], "zip_bomb", mb=info.file_size // 2**20, ratio=MAX_ZIP_RATIO)
    total = sum(info.file_size for info in parts)
    if total > MAX_ZIP_TOTAL_BYTES:
        raise refused(path, 0, "-", "zip_bomb", mb=total // 2**20, ratio=MAX_ZIP_RATIO)


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


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise refused(str(path), 0, "-", "file_too_large", mb=size // 2**20, limit=MAX_FILE_BYTES // 2**20)


def _open_json(path: Path) -> BinaryIO:
    handle = path.open("rb")
    if handle.read(3) != codecs.BOM_UTF8:
        handle.seek(0)
    return handle


def _stream_error(handle: BinaryIO, name: str, exc: Exception) -> IngestError:
    """The parser's complaint, placed on the line the reader had reached."""
    end = handle.tell()
    handle.seek(0)
    line = 1
    while handle.tell() < end and (chunk := handle.read(min(1 << 20, end - handle.tell()))):
        line += chunk.count(b"\n")
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    if isinstance(exc, UnicodeDecodeError) or "utf" in detail.lower():
        return refused(name, line, "-", "json_not_utf8_near", line=line)
    return refused(name, line, "-", "json_invalid_near", line=line, detail=detail)


def streamed(handle: BinaryIO, prefix: str, name: str) -> Iterator[object]:
    """Each item under `prefix` (ijson syntax, e.g. "messages.item"), parsed one at a time."""
    if handle.tell() == 0 and handle.read(3) != codecs.BOM_UTF8:
        handle.seek(0)
    try:
        yield from ijson.items(handle, prefix, use_float=True)
    except (ijson.JSONError, UnicodeDecodeError, ValueError, OverflowError) as exc:
        raise _stream_error(handle, name, exc) from None


def top_level(path: Path) -> dict[str, object]:
    """The top-level keys of a JSON object: scalars with their value, "map"/"array" for containers — read up to the
    first big container, never the whole file."""
    found: dict[str, object] = {}
    with _open_json(path) as handle:
        try:
            for prefix, event, value in ijson.parse(handle, use_float=True):
                if prefix == "" and event not in ("start_map", "map_key", "end_map"):
                    break  # not an object at the top
                if "." in prefix or not prefix:
                    continue
                if event in ("start_map", "start_array"):
                    found[prefix] = "map" if event == "start_map" else "array"
                    if prefix in ("messages", "chats"):
                        break
                elif event not in ("end_map", "end_array", "map_key"):
                    found[prefix] = value
        except (ijson.JSONError, UnicodeDecodeError, ValueError, OverflowError) as exc:
            raise _stream_error(handle, str(path), exc) from None
    return found


def _backslashes_before(data: np.ndarray, position: int) -> int:
    start = position
    while start > 0 and data[start - 1] == 0x5C:
        start -= 1
    return position - start


@dataclass
class _Scan:
    """Where a byte scan of a JSON document stands at the end of a chunk."""

    depth: int = 0
    in_string: bool = False
    # Characters of the string still open at the end of the chunk.
    open_chars: int = 0
    line: int = 1


# Nesting change of each byte value: +1 for [ and {, -1 for ] and }.
_BRACKETS = np.zeros(256, dtype=np.int8)
_BRACKETS[[0x5B, 0x7B]] = 1
_BRACKETS[[0x5D, 0x7D]] = -1


def _characters(data: np.ndarray, start: int, end: int) -> int:
    """UTF-8 characters in data[start:end] (the bytes that are not continuation bytes)."""
    return (end - start) - int(np.count_nonzero((data[start:end] & 0xC0) == 0x80))


def _chunk_scan(chunk: bytes, scan: _Scan, limit: int) -> tuple[int | None, bool]:
    """Where in `chunk` the nesting first goes deeper than `limit` (None: nowhere), and whether a string ending in
    it or still open holds more than MAX_FIELD_CHARS characters (UTF-8 lead bytes, an escape counted as written);
    `scan` moves on. Only quotes and brackets are looked at, by position; the bytes between them are counted."""
    data = np.frombuffer(chunk, dtype=np.uint8)
    quotes = np.flatnonzero(data == 0x22)
    maybe_escaped = np.flatnonzero((quotes > 0) & (data[np.maximum(quotes - 1, 0)] == 0x5C))
    quotes = np.delete(quotes, [i for i in maybe_escaped if _backslashes_before(data, int(quotes[i])) % 2 == 1])
    brackets = np.flatnonzero(_BRACKETS[data])
    # A bracket is outside every string when the quotes before it, with the state at the chunk's start, are even.
    brackets = brackets[(np.searchsorted(quotes, brackets) + scan.in_string) % 2 == 0]
    depths = scan.depth + np.cumsum(_BRACKETS[data[brackets]], dtype=np.int64)
    deeper = int(brackets[np.argmax(depths > limit)]) if len(depths) and int(depths.max()) > limit else None
    # Each string's content lies between its opening and closing quote; one open at the start continues.
    bounds = np.concatenate(([-1], quotes)) if scan.in_string else quotes
    opens, closes = bounds[0::2], bounds[1::2]
    open_at_end = len(opens) > len(closes)
    ends = np.append(closes, len(data)) if open_at_end else closes
    carried = np.zeros(len(opens), dtype=np.int64)
    if scan.in_string and len(opens):
        carried[0] = scan.open_chars
    # Bytes bound characters from above: count characters only where the bytes could exceed the limit.
    too_long = any(_characters(data, int(opens[i]) + 1, int(ends[i])) + carried[i] > MAX_FIELD_CHARS
                   for i in np.flatnonzero(ends - opens - 1 + carried > MAX_FIELD_CHARS))
    if len(depths):
        scan.depth = int(depths[-1])
    scan.in_string = (len(quotes) + scan.in_string) % 2 == 1
    scan.open_chars = int(_characters(data, int(opens[-1]) + 1, len(data)) + carried[-1]) if open_at_end else 0
    return deeper, too_long


def check_depth(source: Path | bytes, name: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than `limit` (streaming parsers slow down quadratically with depth) or holding a
    string longer than a field may be, before any parser sees it: a scan at numpy speed, chunk by chunk so memory
    stays flat."""
    scan = _Scan()
    for chunk in _chunks(source):
        deeper, too_long = _chunk_scan(chunk, scan, limit)
        if deeper is not None:
            raise refused(name, scan.line + chunk[:deeper].count(b"\n"), "-", "json_too_deep", limit=limit)
        if too_long:
            raise refused(name, scan.line + chunk.count(b"\n"), "-", "field_too_large", limit=MAX_FIELD_CHARS)
        scan.line += chunk.count(b"\n")


def _chunks(source: Path | bytes, size: int = 1 << 23) -> Iterator[bytes]:
    if isinstance(source, bytes):
        yield from (source[i:i + size] for i in range(0, len(source), size))
        return
    with source.open("rb") as handle:
        while block := handle.read(size):
            yield block
