"""Writing demo tables as the CSV files a facilitator would hand over (Chinese headers for members)."""

from __future__ import annotations

import csv
from pathlib import Path

from workbook.schemas import TABLES


def chinese_headers(kind: str) -> dict[str, str]:
    """Canonical column → its first Chinese alias in schemas.py (the header a WeCom export would carry)."""
    return {col.name: next(a for a in col.aliases if not a.isascii()) for col in TABLES[kind].columns}


def write_csv(path: Path, kind: str, rows: list[dict[str, str]], columns: list[str], *,
              chinese: bool = False) -> Path:
    """Canonical English headers in UTF-8, or Chinese headers in UTF-8 with BOM (how Excel saves them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = [chinese_headers(kind)[c] for c in columns] if chinese else columns
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8-sig" if chinese else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([row.get(c, "") for c in columns] for row in rows)
    tmp.replace(path)
    return path
