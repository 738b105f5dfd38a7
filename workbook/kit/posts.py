"""Texts a facilitator edited before copying, kept with the client: data/<client>/posts/<name>.<lang>.md."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from workbook import paths

NAME = re.compile(r"[a-z][a-z0-9_]{0,40}", re.ASCII)


def post_path(client: str, name: str, lang: str) -> Path:
    if not NAME.fullmatch(name) or lang not in ("zh-CN", "en"):
        raise ValueError(f"not a post name: {name!r} ({lang!r})")
    return paths.client_dir(client) / "posts" / f"{name}.{lang}.md"


def load_post(client: str, name: str, lang: str) -> str | None:
    """The saved text, or None when the facilitator never saved this post in this language."""
    path = post_path(client, name, lang)
    return path.read_text(encoding="utf-8") if path.exists() else None


def save_post(client: str, name: str, lang: str, text: str) -> Path:
    """Write atomically (a temporary file in the same folder, then a rename): never half a post."""
    path = post_path(client, name, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
