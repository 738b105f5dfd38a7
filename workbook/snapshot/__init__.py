"""Period snapshots (DESIGN.md: the seam): for one (client, period, store revision) the metrics document, the
previous period's document and every chart table, computed once from a windowed read and kept on disk under
data/<client>/cache/. `workbook metrics`, metrics.json, the report notebooks and the Voila pages read them.

A snapshot's folder is named by a digest of what it was computed from — the store revision (bumped by every
import and form save), the profile and the metrics code — so a stale one is never found, only left behind.
Files inside are written whole (temporary name, then rename); a build holds a lock so one process computes
what the others then read.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from workbook import paths

DOCUMENT, PREVIOUS, KEY = "document.json", "previous.json", "snapshot.json"
TABLES_DIR = "tables"
KEEP_PER_PERIOD = 2
_CODE_PACKAGES = ("metrics", "snapshot")
_CODE_MODULES = ("recommend.py", "profile.py", "periods.py", "schemas.py")


@cache
def code_digest() -> str:
    """Digest of the code that computes figures: a new version of it never reads an old snapshot."""
    digest = hashlib.sha256()
    files = [p for name in _CODE_PACKAGES for p in sorted((paths.PACKAGE_DIR / name).glob("*.py"))]
    files += [paths.PACKAGE_DIR / name for name in _CODE_MODULES]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(client: str, label: str, revision: int, profile: Any) -> dict[str, Any]:
    profile_digest = hashlib.sha256(profile.model_dump_json().encode()).hexdigest()[:16]
    return {"client": client, "period": label, "revision": revision, "profile": profile_digest,
            "code": code_digest()}


def folder_for(client: str, snapshot_key: dict[str, Any]) -> Path:
    digest = hashlib.sha256(json.dumps(snapshot_key, sort_keys=True).encode()).hexdigest()[:16]
    return paths.client_dir(client) / "cache" / "snapshots" / snapshot_key["period"] / digest


def terms_folder(client: str) -> Path:
    """Where the terms of the client's segmented texts are kept (metrics.terms_cache)."""
    return paths.client_dir(client) / "cache" / "terms"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def dumps(document: dict[str, Any]) -> str:
    """The JSON text of a document, exactly as `workbook metrics --json` prints it and metrics.json holds it."""
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class Snapshot:
    """A period's figures as kept on disk; reading one never touches the store."""

    folder: Path

    @cached_property
    def key(self) -> dict[str, Any]:
        return dict(json.loads((self.folder / KEY).read_text(encoding="utf-8")))

    @cached_property
    def document(self) -> dict[str, Any]:
        return dict(json.loads((self.folder / DOCUMENT).read_text(encoding="utf-8")))

    @cached_property
    def previous(self) -> dict[str, Any]:
        return dict(json.loads((self.folder / PREVIOUS).read_text(encoding="utf-8")))

    def table(self, name: str) -> pd.DataFrame:
        """A chart table (see snapshot.build.TABLES)."""
        table = pd.read_parquet(self.folder / TABLES_DIR / f"{name}.parquet")
        # Text comes back as pandas' `str` dtype; the tables were built with plain object columns.
        text = [c for c in table.columns if pd.api.types.is_string_dtype(table[c]) and table[c].dtype != object]
        for column in text:
            table[column] = table[column].astype(object).where(table[column].notna(), None)
        return table

    @property
    def complete(self) -> bool:
        return (self.folder / KEY).is_file()


@dataclass
class _Current:
    """What a snapshot of the store as it is now is computed from, and where it lives."""

    profile: Any
    period: Any
    engine: Any
    key: dict[str, Any]

    @property
    def folder(self) -> Path:
        return folder_for(self.key["client"], self.key)


def _current(client: str, label: str, db_url: str | None) -> _Current:
    from workbook import periods, store
    from workbook.profile import load_profile

    profile = load_profile(client)
    period = periods.parse(label, profile.timezone)
    eng = store.engine(client, db_url)
    return _Current(profile, period, eng, key(client, period.label, store.revision(eng, client), profile))


def document(client: str, label: str, db_url: str | None = None) -> dict[str, Any]:
    """The period's document: read from its snapshot when one is current, else computed (and kept)."""
    now = _current(client, label, db_url)
    folder = now.folder
    path = folder / DOCUMENT
    if path.is_file():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    from workbook.metrics.voice import terms_kept_in
    from workbook.snapshot import build

    with _locked(folder), terms_kept_in(terms_folder(client)):
        if path.is_file():
            return dict(json.loads(path.read_text(encoding="utf-8")))
        frames = build.frames_for(now.engine, client, now.profile, now.period, full=False)
        result = build.period_document(frames, now.profile, now.period)
        _write(path, dumps(result))
        _prune(folder)
    return result


def load(client: str, label: str, db_url: str | None = None) -> Snapshot:
    """The period's complete snapshot, built now when the store, profile or code changed since the last."""
    now = _current(client, label, db_url)
    folder, profile, period = now.folder, now.profile, now.period
    snapshot = Snapshot(folder)
    if snapshot.complete:
        return snapshot
    from workbook.metrics.voice import terms_kept_in
    from workbook.snapshot import build

    with _locked(folder), terms_kept_in(terms_folder(client)):
        if snapshot.complete:
            return snapshot
        frames = build.frames_for(now.engine, client, profile, period, full=True)
        current = build.period_document(frames, profile, period)
        _write(folder / DOCUMENT, dumps(current))
        _write(folder / PREVIOUS, dumps(build.period_document(frames, profile, period.prev())))
        for name, table in build.tables(frames, profile, period, current).items():
            path = folder / TABLES_DIR / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
            table.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        _write(folder / KEY, json.dumps(now.key, indent=2) + "\n")
        _prune(folder)
    return snapshot


def _prune(keep: Path) -> None:
    """Drop all but the newest snapshots of the period (older revisions are never read again)."""
    siblings = sorted((p for p in keep.parent.iterdir() if p.is_dir() and p != keep),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    for old in siblings[KEEP_PER_PERIOD - 1:]:
        shutil.rmtree(old, ignore_errors=True)
