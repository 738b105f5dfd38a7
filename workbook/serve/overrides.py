"""A client's own copy of a page (data/<client>/notebooks/<page>.ipynb, `workbook notebooks copy`) served in
place of the standard notebook when the page is opened for that client, as report and run-due already do."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from workbook import paths

# A page file at the top of the served folder: no folders, no dot files, nothing but a notebook.
PAGE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\.ipynb")


def override_for(client: str, page: str | None) -> Path | None:
    """`client`'s copy of `page` (e.g. "01_goals.ipynb") when it has one; the client must be a known one, so a
    query string never names a file outside data/."""
    if not client or not page or not PAGE_FILE.fullmatch(page) or client not in paths.list_clients():
        return None
    own = paths.client_dir(client) / "notebooks" / page
    return own if own.is_file() else None


def unreadable(own: Path) -> str | None:
    """Why a client's copy cannot be shown (not a notebook, cut short…), None when it reads."""
    import nbformat

    try:
        nbformat.read(own, as_version=4)
    except Exception as exc:  # any reason is the consultant's to fix; the page says which
        return f"{type(exc).__name__}: {exc}"[:300]
    return None


def drift_warning(own: Path, standard: Path) -> str | None:
    """For the server's log: the copy's parameters differ from the standard page's (as `workbook report` warns)."""
    from workbook.validate import notebook_parameters  # the one reading of a parameters cell (workbook validate)

    if not standard.is_file():
        return None
    try:
        drift = notebook_parameters(own) ^ notebook_parameters(standard)
    except (ValueError, SyntaxError, OSError):
        return None  # `unreadable` and `workbook validate` say what is wrong with the file
    return f"{own}: parameters differ from {standard.name}'s: {', '.join(sorted(drift))}" if drift else None


class OverrideContents:
    """The server's contents manager, except that `page` is read from `override`: Voila loads the notebook it
    renders through this, while kernels still start in the served folder."""

    def __init__(self, manager: Any, page: str, override: Path) -> None:
        self._manager, self._page, self._override = manager, page, override

    def get(self, path: str, content: bool = True, type: str | None = None, format: str | None = None,
            **kwargs: Any) -> Any:
        if path.strip("/") != self._page:
            return self._manager.get(path, content=content, type=type, format=format, **kwargs)
        import nbformat

        notebook = nbformat.read(self._override, as_version=4)
        return {"name": self._page, "path": self._page, "type": "notebook", "format": "json" if content else None,
                "content": notebook if content else None, "mimetype": None, "writable": False,
                "created": None, "last_modified": None, "size": self._override.stat().st_size}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)
