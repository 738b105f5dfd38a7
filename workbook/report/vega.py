"""The Vega, Vega-Lite and vega-embed JavaScript shipped inside vl-convert, written once per pack as vega.js so
every chapter's charts come alive with no network (never a CDN)."""

from __future__ import annotations

import os
import uuid
from functools import cache
from pathlib import Path

BUNDLE_FILE = "vega.js"


def _cache_file() -> Path:
    import vl_convert

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "community-workbook" / f"vega-bundle-{vl_convert.__version__}-debug.js"


@cache
def bundle() -> str:
    """The bundle with VEGA_DEBUG set; built by vl-convert once per version (about 10 s) and kept in the cache."""
    cached = _cache_file()
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    import json

    import altair
    import vl_convert

    # Altair's own HTML output skips its CDN loader when its versions are already on the page (STACK-NOTES).
    versions = {"vega_version": altair.VEGA_VERSION, "vegalite_version": altair.VEGALITE_VERSION,
                "vegaembed_version": altair.VEGAEMBED_VERSION}
    text = f"{vl_convert.javascript_bundle()}\nwindow.VEGA_DEBUG = {json.dumps(versions)};\n"
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        _replace(cached, text)
    except OSError:
        pass  # a read-only home only costs the rebuild next time
    return text


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_bundle(folder: Path) -> Path:
    """vega.js in `folder` (once: the workers converting chapters side by side may both ask)."""
    path = folder / BUNDLE_FILE
    if not path.exists():
        _replace(path, bundle())
    return path
