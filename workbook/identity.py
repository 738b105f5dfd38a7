"""Who is acting when nobody signed in: the name a laptop user's saves and imports are audited under.

Kept apart from the store so that a page can name its user without loading the database layer.
"""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """WORKBOOK_USER, else the operating-system user (a served page passes the signed-in name instead)."""
    try:
        return os.environ.get("WORKBOOK_USER") or getpass.getuser()
    except OSError:
        return "unknown"
