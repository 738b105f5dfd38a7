"""Texts a facilitator edited before copying, kept with the client: data/<client>/posts/<name>.<lang>.md."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from workbook import paths

NAME = re.compile(r"[a-z][a-z0-9_]{0,40}", re.ASCII)
AUDIT_TABLE = "posts"  # as workbook/posts/leaderboard.py audits its saves


def post_path(client: str, name: str, lang: str) -> Path:
    if not NAME.fullmatch(name) or lang not in ("zh-CN", "en"):
        raise ValueError(f"not a post name: {name!r} ({lang!r})")
    return paths.client_dir(client) / "posts" / f"{name}.{lang}.md"


def load_post(client: str, name: str, lang: str) -> str | None:
    """The saved text, or None when the facilitator never saved this post in this language."""
    path = post_path(client, name, lang)
    return path.read_text(encoding="utf-8") if path.exists() else None


def save_post(client: str, name: str, lang: str, text: str, who: str | None = None, engine: Any = None) -> Path:
    """Write atomically (a temporary file in the same folder, then a rename): never half a post. With an engine,
    the change is audited under `who` (before and after) and the rename happens inside that transaction, so a
    failed audit leaves the old text in place."""
    from workbook import store

    path = post_path(client, name, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_text(encoding="utf-8") if path.exists() else None
    descriptor, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if engine is None:
            os.replace(tmp, path)
        else:
            with engine.begin() as conn:
                store.write_audit(conn, client, AUDIT_TABLE, {"post": path.name},
                                  None if before is None else {"text": before}, {"text": text}, who)
                os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def saved_versions(engine: Any, client: str, name: str) -> list[tuple[pd.Timestamp, str]]:
    """Every saved version of post `name` (either language), oldest first: (when saved, UTC; its text), from the
    audit trail that save_post writes."""
    import json

    import sqlalchemy as sa

    from workbook import store

    audit = store.audit
    query = sa.select(audit.c.at, audit.c.key, audit.c.after).where(
        audit.c.client == client, audit.c.table_name == AUDIT_TABLE).order_by(audit.c.id)
    files = {post_path(client, name, lang).name for lang in ("zh-CN", "en")}
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    versions = []
    for at, key, after in rows:
        if json.loads(key).get("post") in files and after:
            versions.append((pd.Timestamp(at).tz_localize("UTC"), str(json.loads(after).get("text", ""))))
    return versions
