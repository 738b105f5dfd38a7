"""What every importer returns, and the registry that finds importers by name or by file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

import pandas as pd

if TYPE_CHECKING:
    from workbook.profile import Profile


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file; `row` is the 1-based line/record number in the file (0: whole file)."""

    file: str
    row: int
    column: str
    reason: str
    # Which canonical table the row belongs to, where a file fills several (chat exports: members + messages).
    table: str = ""
    # The catalogue key of the reason (ingest.problem.<code>), for summaries by kind of problem.
    code: str = field(default="", compare=False)
    # The reason's values when it was worded before the client's language was known (see `localised`).
    values: tuple[tuple[str, object], ...] | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.reason}"

    @classmethod
    def of(cls, file: str, row: int, column: str, code: str, table: str = "", **values: object) -> Problem:
        """A problem worded from the catalogue, in English until the importer `localised` it."""
        return cls(file, row, column, reason(code, "en", **values), table, code=code, values=tuple(values.items()))

    @classmethod
    def from_error(cls, file: str, row: int, column: str, exc: Exception, table: str = "") -> Problem:
        """A problem from a BadValue (worded from the catalogue) or from any other error (its own message)."""
        code, values = getattr(exc, "code", ""), getattr(exc, "values", None)
        if code and isinstance(values, dict):
            return cls.of(file, row, column, code, table, **values)
        return cls(file, row, column, str(exc), table)

    def localised(self, lang: str) -> Problem:
        """This problem with its reason in `lang` (adapters word problems before they know the client)."""
        if self.values is None:
            return self
        return replace(self, reason=reason(self.code, lang, **dict(self.values)))


def refused(file: str | Path, row: int, column: str, code: str, **values: object) -> IngestError:
    """The error that refuses a whole file, its reason from the catalogue (ingest.problem.<code>)."""
    return IngestError(Problem.of(str(file), row, column, code, **values))


def reason(code: str, lang: str, **values: object) -> str:
    """A problem's reason in the client's language (catalogue key ingest.problem.<code>)."""
    from workbook.i18n import t

    return t(f"ingest.problem.{code}", lang, **values)


class IngestError(Exception):
    """The whole file is unusable (not the format it claims, cut JSON, wrong encoding)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


@dataclass
class Canonical:
    """Frames keyed by canonical table name, their source rows, and the problems found reading them.

    Each frame has canonical column names; values may still be raw strings — the importer validates and
    types them with the rules of schemas.py. `source_rows[table]` gives, per frame row, its row number in
    the file (for messages naming file:row:column). `notes` are facts for the user (e.g. unmatched names).
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    source_rows: dict[str, list[int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, table: str, frame: pd.DataFrame, rows: list[int] | None = None) -> None:
        self.tables[table] = frame.reset_index(drop=True)
        self.source_rows[table] = rows if rows is not None else list(range(2, len(frame) + 2))


class ImportContext:
    """What an importer may need from the store: the client's members and events as they are now, read on first
    use (most files need neither, and a large roster costs a noticeable share of a small import)."""

    def __init__(self, client: str, members: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                 event_id: str | None = None, read_table: Callable[[str], pd.DataFrame] | None = None) -> None:
        self.client = client
        # `--event ID` on the command line: the event a meeting or survey file belongs to.
        self.event_id = event_id
        self._tables: dict[str, pd.DataFrame | None] = {"members": members, "events": events}
        self._read_table = read_table

    def _table(self, name: str) -> pd.DataFrame:
        table = self._tables[name]
        if table is None:
            table = self._read_table(name) if self._read_table else pd.DataFrame()
            self._tables[name] = table
        return table

    @property
    def members(self) -> pd.DataFrame:
        return self._table("members")

    @property
    def events(self) -> pd.DataFrame:
        return self._table("events")


class Importer(Protocol):
    """An adapter for one source format (STYLE.md): recognise the file, read it into canonical frames."""

    name: ClassVar[str]
    # Canonical tables this source can fill; the KIND on the command line must be one of them.
    kinds: ClassVar[tuple[str, ...]]

    def detect(self, path: Path) -> bool: ...

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical: ...


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    _REGISTRY[importer.name] = importer
    return importer


def registered() -> dict[str, Importer]:
    from workbook import ingest  # noqa: F401  (importing the package registers every adapter)

    return dict(_REGISTRY)


def find(fmt: str, path: Path, kind: str) -> Importer:
    """The importer named `fmt`, or for `auto` the first (non-generic) one that recognises the file."""
    importers = registered()
    if fmt != "auto":
        if fmt not in importers:
            known = ", ".join(sorted(importers))
            raise refused(path, 0, "-", "unknown_format", format=fmt, known=known)
        return importers[fmt]
    generic = [importers[n] for n in ("csv", "xlsx") if n in importers]
    specific = [imp for name, imp in importers.items() if name not in ("csv", "xlsx")]
    for imp in [*specific, *generic]:
        if kind in imp.kinds and imp.detect(path):
            return imp
    raise refused(path, 0, "-", "no_importer", kind=kind, known=", ".join(sorted(importers)))
