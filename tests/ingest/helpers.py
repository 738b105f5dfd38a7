"""Paths and contexts shared by the importer tests."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from workbook import paths
from workbook.ingest.base import ImportContext

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def realdata() -> Path:
    """The shared real export samples, read in place (never copied into the project)."""
    root = Path(os.environ.get("WORKBOOK_REALDATA") or Path(paths.PROJECT_ROOT).parent / "shared" / "realdata")
    if not root.is_dir():
        pytest.skip(f"real export samples not found at {root}")
    return root


def context(members: list[dict[str, object]] | None = None, events: list[dict[str, object]] | None = None,
            event_id: str | None = None) -> ImportContext:
    member_frame = pd.DataFrame(members or [], columns=["member_id", "display_name", "email"])
    event_frame = pd.DataFrame(events or [], columns=["event_id", "title", "starts_at"])
    if len(event_frame):
        event_frame["starts_at"] = pd.to_datetime(event_frame["starts_at"], utc=True)
    return ImportContext(client="t", members=member_frame, events=event_frame, event_id=event_id)


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def store_fingerprint(client: str) -> str:
    """sha256 of every row in the client's SQLite store (no store yet and an empty store look alike)."""
    import hashlib
    import sqlite3

    path = paths.sqlite_path(client)
    if not path.exists():
        return hashlib.sha256(b"").hexdigest()
    with sqlite3.connect(path) as conn:
        dump = "\n".join(line for line in conn.iterdump() if line.startswith("INSERT"))
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()


def run_cli(*args: str) -> tuple[int, str, str]:
    """`workbook ARGS` in this process: exit code, stdout, stderr."""
    import contextlib
    import io

    from workbook.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()
