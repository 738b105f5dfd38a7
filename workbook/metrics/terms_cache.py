"""The terms of texts segmented before, kept per client under data/<client>/cache/terms/, so a message's text is
segmented by jieba once in its life rather than at every snapshot: an import or a form save makes a new snapshot
of the period, and segmenting a busy period's texts again took seconds (jieba reads some 300,000 characters a
second, in Python).

Entries (text, terms) are written as parquet parts, one per snapshot that segmented something, merged into one
when they pile up; like the store, they stay under data/. The folder is named by everything that decides a text's
terms — jieba's version, the client's dictionary and stop words, the code of voice.py and of this module — so a
change to any of them starts afresh. A part that cannot be read is dropped (its texts are segmented again).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

MERGE_FROM_PARTS = 8
SCHEMA = pa.schema([("text", pa.string()), ("terms", pa.list_(pa.string()))])
EMPTY = SCHEMA.empty_table()


@cache
def _code_digest() -> str:
    """Digest of the code that decides a text's terms (voice.Segmenter) and how they are kept."""
    here = Path(__file__)
    return hashlib.sha256(here.with_name("voice.py").read_bytes() + here.read_bytes()).hexdigest()[:16]


class TermsCache:
    """One client's kept terms for one way of segmenting."""

    def __init__(self, root: Path, settings: dict[str, object]) -> None:
        digest = hashlib.sha256(json.dumps({"code": _code_digest(), **settings}, sort_keys=True,
                                           ensure_ascii=False).encode()).hexdigest()[:16]
        self.root, self.folder = root, root / digest

    def _parts(self) -> list[Path]:
        return sorted(self.folder.glob("part-*.parquet")) if self.folder.is_dir() else []

    def _read(self, parts: list[Path]) -> pa.Table:
        tables = []
        for part in parts:
            try:
                tables.append(pq.read_table(part, schema=SCHEMA))
            except FileNotFoundError:
                continue  # merged away by another process meanwhile
            except (pa.ArrowException, OSError):
                part.unlink(missing_ok=True)
        return pa.concat_tables(tables) if tables else EMPTY

    def lookup(self, texts: pa.Array) -> pa.Table:
        """(text, terms) of those `texts` whose terms are kept."""
        kept = self._read(self._parts())
        return kept.filter(pc.is_in(kept["text"], value_set=texts)) if kept.num_rows else EMPTY

    def add(self, found: pa.Table) -> None:
        """Keep the terms of newly segmented texts; parts are merged once there are MERGE_FROM_PARTS of them."""
        if not found.num_rows:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self._prune_other_settings()
        self._write(found)
        parts = self._parts()
        if len(parts) >= MERGE_FROM_PARTS:
            merged = self._read(parts)
            first = pa.table({"text": merged["text"], "at": pa.array(range(merged.num_rows), pa.int64())}).group_by(
                "text", use_threads=False).aggregate([("at", "min")])["at_min"]
            self._write(merged.take(first))
            for part in parts:
                part.unlink(missing_ok=True)

    def _write(self, table: pa.Table) -> None:
        name = f"part-{uuid.uuid4().hex}.parquet"
        tmp = self.folder / f".{name}"
        pq.write_table(table, tmp)
        tmp.rename(self.folder / name)  # whole or not at all, for a reader in another process

    def _prune_other_settings(self) -> None:
        """Terms kept for another dictionary, stop words or jieba are never read again."""
        for other in self.root.iterdir():
            if other.is_dir() and other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
