"""Every path the workbook uses, anchored to the project root (never the working directory)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def data_root() -> Path:
    """Folder holding one sub-folder per client (`WORKBOOK_DATA_DIR` overrides it)."""
    return Path(os.environ.get("WORKBOOK_DATA_DIR", PROJECT_ROOT / "data")).resolve()


def reports_root() -> Path:
    """Folder holding one sub-folder of report packs per client (`WORKBOOK_REPORTS_DIR` overrides it)."""
    return Path(os.environ.get("WORKBOOK_REPORTS_DIR", PROJECT_ROOT / "reports")).resolve()


def client_dir(client: str) -> Path:
    return data_root() / client


def profile_path(client: str) -> Path:
    return client_dir(client) / "client.yaml"


def raw_dir(client: str) -> Path:
    return client_dir(client) / "raw"


def sqlite_path(client: str) -> Path:
    return client_dir(client) / "workbook.sqlite"


def client_reports_dir(client: str) -> Path:
    return reports_root() / client


def notebook_path(client: str, name: str) -> Path:
    """A client's edited copy in data/<client>/notebooks/ wins over the template in notebooks/."""
    own = client_dir(client) / "notebooks" / f"{name}.ipynb"
    return own if own.exists() else NOTEBOOKS_DIR / f"{name}.ipynb"


def list_clients() -> list[str]:
    root = data_root()
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "client.yaml").exists())
