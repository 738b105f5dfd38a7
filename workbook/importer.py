"""`workbook import`: read a file with its adapter, validate every row, land it in one transaction."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbook import paths, store
from workbook.i18n import t
from workbook.ingest.base import Canonical, ImportContext, IngestError, Problem, find, reason, refused
from workbook.ingest.limits import MAX_PROBLEM_LINES
from workbook.ingest.validate import Typing, validate_table
from workbook.ingest.values import BadValue, is_blank
from workbook.profile import Profile, load_profile
from workbook.safe_cells import neutralise
from workbook.schemas import REFERENCES

# Parents before children, so references inside one file resolve.
_ORDER = ("members", "events", "content", "applicants", "goals", "content_plan", "messages", "attendance",
          "feedback", "interactions", "event_scores", "quiz_results", "points_adjustments", "redemptions",
          "registrations", "event_plans", "interests", "stories", "core_roles", "core_tasks", "mentoring",
          "outcomes")


@dataclass
class ImportResult:
    file: str
    kind: str
    fmt: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    skipped_bad_rows: bool = False
    rejected_file: Path | None = None
    lang: str = "en"

    @property
    def ok(self) -> bool:
        return not self.problems or self.skipped_bad_rows

    def problem_lines(self, limit: int = MAX_PROBLEM_LINES) -> list[str]:
        """The first `limit` problems as `file:row:column: reason`, then one line per column and kind of problem."""
        lines = [str(p) for p in self.problems[:limit]]
        rest: dict[tuple[str, str], list[Problem]] = {}
        for p in self.problems[limit:]:
            rest.setdefault((p.column, p.code or p.reason), []).append(p)
        for (column, _code), group in rest.items():
            first = group[0]
            lines.append(t("ingest.summary.more", self.lang, n=len(group), column=column, row=first.row,
                           reason=first.reason))
        return lines

    def summary(self) -> str:
        lang = self.lang
        if not self.ok:
            return t("ingest.summary.refused", lang, file=self.file, n=len(self.problems))
        landed = (", ".join(f"{table} {n}" for table, n in self.counts.items())
                  or t("ingest.summary.nothing", lang))
        verb = "ingest.summary.would_import" if self.dry_run else "ingest.summary.imported"
        lines = [t(verb, lang, file=self.file, fmt=self.fmt, landed=landed)]
        if self.rejected_file:
            lines.append(t("ingest.summary.rejected", lang, n=len(self.problems), path=self.rejected_file))
        lines += [t("ingest.summary.note", lang, note=n) for n in self.notes]
        return "\n".join(lines)


def _check_references(canonical: dict[str, pd.DataFrame], rows: dict[str, list[int]], typing: Typing,
                      client: str, eng: Any) -> None:
    known: dict[tuple[str, str], set[str]] = {}
    with eng.connect() as conn:
        for kind, frame in canonical.items():
            for column, (parent, parent_key) in REFERENCES.get(kind, {}).items():
                if column not in frame:
                    continue
                if (parent, parent_key) not in known:
                    in_file = set(canonical[parent][parent_key].dropna()) if parent in canonical else set()
                    known[(parent, parent_key)] = in_file | store.existing_keys(conn, client, parent, parent_key)
                values = frame[column]
                unknown = values.notna() & ~values.isin(known[(parent, parent_key)])
                for i in np.flatnonzero(unknown.to_numpy(dtype=bool)):
                    problem = BadValue("unknown_reference", value=values.iloc[i], what=parent[:-1], parent=parent)
                    typing.bad(rows[kind][i], column, problem, kind)


def _check_goal_metrics(frame: pd.DataFrame, rows: list[int], typing: Typing) -> None:
    try:
        from workbook.metrics.keys import is_metric_key
    except ImportError:
        return
    for i, metric in enumerate(frame.get("metric", [])):
        if isinstance(metric, str) and not is_metric_key(metric):
            typing.bad(rows[i], "metric", BadValue("unknown_metric", value=metric), "goals")


def _context(client: str, eng: Any, event_id: str | None) -> ImportContext:
    return ImportContext(client=client, event_id=event_id,
                         read_table=lambda name: store.read_table(eng, client, name))


def raw_source_problem(client: str, path: Path, lang: str) -> Problem | None:
    """Why `path` cannot be kept in raw/ (a name like `.`/`..`, or a folder holding or inside raw/), else None."""
    name = Path(str(path)).name
    raw = paths.raw_dir(client).resolve()
    source = path.resolve()
    if name in ("", ".", "..") or Path(name).name != name:
        return Problem(str(path), 0, "-", reason("raw_name", lang), code="raw_name")
    if source == raw or raw.is_relative_to(source) or source.is_relative_to(raw):
        return Problem(str(path), 0, "-", reason("raw_overlap", lang), code="raw_overlap")
    return None


def _free_name(raw: Path, name: str) -> Path:
    """`name`, or `name.2`, `name.3`… : the first that is not taken (kept copies are never replaced)."""
    target, n = raw / name, 1
    while target.exists() or target.is_symlink():
        n += 1
        target = raw / f"{name}.{n}"
    return target


def _keep_raw(client: str, path: Path) -> Path:
    """Copy the file as received into raw/; a different file with the same name gets a new name, nothing is
    ever deleted or overwritten there."""
    raw = paths.raw_dir(client)
    raw.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        target = _free_name(raw, path.name)
        staging = raw / f".{target.name}.partial"
        shutil.copytree(path, staging, symlinks=True)
        staging.rename(target)
        return target
    target = raw / path.name
    if target.exists() and not _same_bytes(target, path):
        target = raw / f"{path.stem}.{_sha256(path)[:8]}{path.suffix}"
        if target.exists() and not _same_bytes(target, path):
            target = _free_name(raw, target.name)
    if not target.exists():
        shutil.copy2(path, target)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _same_bytes(a: Path, b: Path) -> bool:
    return a.is_file() and a.stat().st_size == b.stat().st_size and _sha256(a) == _sha256(b)


def _write_rejects(client: str, path: Path, canonical: Canonical, bad: dict[str, set[int]],
                   problems: list[Problem]) -> Path:
    """Every refused row of the file with its problems, beside the kept original: the canonical values where the
    row got that far, else its row number and problems alone (a survey answer whose time could not be read)."""
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row, []).append(f"{p.column}: {p.reason}")
    lines: list[dict[str, Any]] = []
    for kind, frame in canonical.tables.items():
        rows = canonical.source_rows[kind]
        for i, record in enumerate(frame.to_dict("records")):
            if rows[i] in bad.get(kind, set()):
                lines.append({"row": rows[i], "problems": neutralise("; ".join(reasons.get(rows[i], []))),
                              **{k: ("" if is_blank(v) else neutralise(v)) for k, v in record.items()}})
    written = {line["row"] for line in lines}
    lines += [{"row": row, "problems": neutralise("; ".join(found))}
              for row, found in reasons.items() if row not in written and row > 0]
    lines.sort(key=lambda line: line["row"])
    columns = list(dict.fromkeys(key for line in lines for key in line)) or ["row", "problems"]
    out = paths.raw_dir(client) / f"{path.name}.rejected.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(lines)
    tmp.replace(out)
    return out


def read_file(client: str, kind: str, path: Path, profile: Profile, fmt: str = "auto",
              event_id: str | None = None, db_url: str | None = None) -> tuple[Canonical, str]:
    """Canonical frames from any supported file, pseudonymised when the profile asks for it."""
    eng = store.engine(client, db_url)
    context = _context(client, eng, event_id)
    try:
        importer = find(fmt, path, kind)
        if kind not in importer.kinds:
            raise refused(path, 0, "-", "format_lacks_kind", format=importer.name, kind=kind,
                          kinds=", ".join(importer.kinds))
        canonical = importer.read(path, kind, profile, context)
    except IngestError as exc:
        raise IngestError(exc.problem.localised(profile.language)) from None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, MemoryError,
            zipfile.BadZipFile, UnicodeError) as exc:
        # An adapter meeting input its author never imagined: still a refused file, never a traceback.
        detail = f"{type(exc).__name__}: {str(exc)[:200]}"
        raise IngestError(Problem(str(path), 0, "-", reason("unreadable", profile.language, detail=detail),
                                  code="unreadable")) from None
    canonical.problems = [p.localised(profile.language) for p in canonical.problems]
    if profile.privacy.pseudonymise:
        from workbook.ingest.pseudonymise import client_salt, pseudonymise

        canonical = pseudonymise(canonical, profile.privacy.salt or client_salt(client))
    return canonical, importer.name


def import_file(client: str, kind: str, file: str | Path, fmt: str = "auto", dry_run: bool = False,
                skip_bad_rows: bool = False, event_id: str | None = None, db_url: str | None = None) -> ImportResult:
    """Validate and land one file; with problems and no `skip_bad_rows`, nothing is written."""
    path = Path(file)
    profile = load_profile(client)
    lang = profile.language
    result = ImportResult(file=str(file), kind=kind, fmt=fmt, dry_run=dry_run, skipped_bad_rows=skip_bad_rows,
                          lang=lang)
    if not path.exists():
        result.problems.append(Problem(str(file), 0, "-", reason("no_file", lang), code="no_file"))
        result.skipped_bad_rows = False
        return result
    if (refused := raw_source_problem(client, path, lang)) is not None:
        result.problems.append(refused)
        result.skipped_bad_rows = False
        return result
    try:
        canonical, result.fmt = read_file(client, kind, path, profile, fmt, event_id, db_url)
    except IngestError as exc:
        result.problems.append(exc.problem)
        result.skipped_bad_rows = False
        return result
    result.notes += canonical.notes
    window = (profile.import_limits.first_year, profile.import_limits.last_year)
    typing = Typing(str(file), profile.tz, lang, window, list(canonical.problems))
    typed: dict[str, pd.DataFrame] = {}
    for table in sorted(canonical.tables, key=_ORDER.index):
        typed[table] = validate_table(table, canonical.tables[table], canonical.source_rows[table], typing)
        if table == "goals":
            _check_goal_metrics(typed[table], canonical.source_rows[table], typing)
    result.notes += [t("ingest.note.controls_removed", lang, n=n, column=column)
                     for column, n in typing.stripped.items()]
    eng = store.engine(client, db_url)
    _check_references(typed, canonical.source_rows, typing, client, eng)
    result.problems = sorted(set(typing.problems), key=lambda p: (p.row, p.column))
    if any(p.row <= 1 and p.column != "-" and p.code == "required_column" for p in result.problems):
        result.skipped_bad_rows = False
    if result.problems and not result.skipped_bad_rows:
        return result
    only = next(iter(typed)) if len(typed) == 1 else ""
    bad: dict[str, set[int]] = {t: {p.row for p in result.problems if (p.table or only) == t} for t in typed}
    clean = {t: f[[r not in bad[t] for r in canonical.source_rows[t]]] if bad[t] else f for t, f in typed.items()}
    result.counts = {t: len(f) for t, f in clean.items()}
    if dry_run:
        return result
    kept = _raw_copy_plan(profile, result)
    with store.transaction(eng) as conn:
        for table, frame in clean.items():
            store.upsert_frame(conn, table, frame, client, path.name)
        store.write_audit(conn, client, kind, path.name, None,
                          {"import": result.fmt, "counts": json.dumps(result.counts),
                           "rejected": len({p.row for p in result.problems})})
    if kept:
        _keep_raw(client, path)
    if result.problems:
        result.rejected_file = _write_rejects(client, path, canonical, bad, result.problems)
    return result


def _raw_copy_plan(profile: Profile, result: ImportResult) -> bool:
    """Whether the original is kept in raw/: always, except pseudonymised clients who did not ask for it."""
    if not profile.privacy.pseudonymise or profile.privacy.keep_raw:
        return True
    result.notes.append(t("ingest.note.raw_not_kept", profile.language))
    return False
