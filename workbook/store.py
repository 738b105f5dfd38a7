"""The store: SQLAlchemy tables made from schemas.py, upserts, frames for metrics, audited form writes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from functools import cache
from itertools import repeat
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from workbook import paths
from workbook.identity import current_user
from workbook.schemas import TABLES, Column, Table

metadata = sa.MetaData()

_SA_TYPES: dict[str, Any] = {
    "str": sa.Text, "datetime": sa.DateTime, "date": sa.Date, "bool": sa.Boolean,
    "int": sa.BigInteger, "float": sa.Float, "json": sa.Text,
}


def _sa_table(spec: Table) -> sa.Table:
    cols = [sa.Column("client", sa.String(100), primary_key=True)]
    for col in spec.columns:
        # Key columns are bounded strings so PostgreSQL and SQLite index them alike.
        is_key = col.name in spec.key
        type_ = sa.String(255) if is_key and col.type == "str" else _SA_TYPES[col.type]
        cols.append(sa.Column(col.name, type_, primary_key=is_key, nullable=not (is_key or col.required)))
    cols += [
        sa.Column("source_file", sa.Text),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime),
        sa.Column("updated_by", sa.Text),
    ]
    return sa.Table(spec.name, metadata, *cols)


SA_TABLES: dict[str, sa.Table] = {name: _sa_table(spec) for name, spec in TABLES.items()}

audit = sa.Table(
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("client", sa.String(100), nullable=False, index=True),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("table_name", sa.String(64), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
)


# One row per client: bumped in the transaction of every audited write (imports and form saves), so a period
# snapshot computed at an older revision is never shown.
revisions = sa.Table(
    "store_revision", metadata,
    sa.Column("client", sa.String(100), primary_key=True),
    sa.Column("revision", sa.BigInteger, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)

# The time columns windowed reads filter on (workbook.snapshot): (table, column).
TIME_INDEXES = (("messages", "sent_at"), ("interactions", "at"), ("messages", "reply_to"))
_INDEXES = [sa.Index(f"ix_{table}_client_{column}", SA_TABLES[table].c.client, SA_TABLES[table].c[column])
            for table, column in TIME_INDEXES]


class ConflictError(RuntimeError):
    """Someone else saved the record since it was read; `current` is what they saved."""

    def __init__(self, table: str, key: Mapping[str, Any], current: dict[str, Any]) -> None:
        self.table, self.key, self.current = table, dict(key), current
        who = current.get("updated_by") or "?"
        when = current.get("updated_at") or "?"
        super().__init__(f"{table} {dict(key)} was changed by {who} at {when}; reload to see their change")


def database_url(client: str, db_url: str | None = None) -> str:
    """Explicit URL, else WORKBOOK_DB_URL, else data/<client>/workbook.sqlite."""
    if db_url:
        return db_url
    if env := os.environ.get("WORKBOOK_DB_URL"):
        return env
    path = paths.sqlite_path(client)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


_ENGINES: list[Engine] = []


def release_inherited() -> None:
    """In a forked child: let go of the parent's pooled connections without closing them (closing a PostgreSQL
    connection would end the parent's session on the socket they share); the child opens its own."""
    for made in _ENGINES:
        made.dispose(close=False)


@cache
def _engine_for_url(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        engine = sa.create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    # create_all skips indexes of tables that already exist (stores made before the index was declared).
    for index in _INDEXES:
        index.create(engine, checkfirst=True)
    _ENGINES.append(engine)
    return engine


def engine(client: str, db_url: str | None = None) -> Engine:
    return _engine_for_url(database_url(client, db_url))


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _jsonable(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    return value


def _record_json(record: Mapping[str, Any] | None) -> str | None:
    if record is None:
        return None
    return json.dumps({k: _jsonable(v) for k, v in record.items()}, ensure_ascii=False, sort_keys=True)


def upsert_rows(conn: Connection, table_name: str, rows: list[dict[str, Any]], chunk: int = 5000,
                stamp: tuple[datetime, str] | None = None) -> None:
    """Insert rows, replacing data columns of rows whose key exists (keeps version and edit stamps).

    With `stamp` (when, who), a row whose data really changes gets version + 1 and those edit stamps instead.
    """
    if not rows:
        return
    table = SA_TABLES[table_name]
    key = ["client", *TABLES[table_name].key]
    dialect = conn.dialect.name
    insert = _insert(dialect)
    if insert is None:
        raise RuntimeError(f"database dialect {dialect!r} is not supported (use SQLite or PostgreSQL)")
    data_cols = [c for c in rows[0] if c not in key]
    compared = [c for c in data_cols if c != "source_file"]
    for start in range(0, len(rows), chunk):
        stmt = insert(table)
        if data_cols and stamp is not None:
            stmt = stmt.on_conflict_do_update(
                index_elements=key,
                set_={**{c: stmt.excluded[c] for c in data_cols}, "version": table.c.version + 1,
                      "updated_at": stamp[0], "updated_by": stamp[1]},
                where=sa.or_(*(table.c[c].is_distinct_from(stmt.excluded[c]) for c in compared)))
        elif data_cols:
            stmt = stmt.on_conflict_do_update(
                index_elements=key, set_={c: stmt.excluded[c] for c in data_cols})
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=key)
        conn.execute(stmt, rows[start:start + chunk])


def _insert(dialect: str) -> Any:
    """The dialect's INSERT … ON CONFLICT construct (imported on use: PostgreSQL's dialect costs 50 ms to load)."""
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    return None


def _sqlite_column(values: pd.Series, type_name: str) -> list[Any]:
    """One column as SQLite stores it through SQLAlchemy, converted in bulk."""
    if type_name == "datetime":
        stamps = pa.array(_naive_utc(values), from_pandas=True)
        # Arrow prints microsecond stamps as "YYYY-MM-DD HH:MM:SS.ffffff", SQLAlchemy's own SQLite format,
        # 25× faster than strftime.
        return pc.cast(stamps, pa.string()).to_pylist()
    if type_name == "bool":
        return [None if v is None else int(bool(v)) for v in _python_column(values, type_name)]
    if type_name == "date":
        return [v.isoformat() if v is not None else None for v in _python_column(values, type_name)]
    return _python_column(values, type_name)


def _naive_utc(values: pd.Series) -> pd.Series:
    """Stamps as the store keeps them: UTC without a zone (a zone-aware column is converted first)."""
    stamps = pd.to_datetime(values)
    if getattr(stamps.dtype, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return stamps.astype("datetime64[us]")


def _python_column(values: pd.Series, type_name: str) -> list[Any]:
    """One typed column as plain Python values, None for every kind of missing."""
    if type_name == "datetime":
        stamps = _naive_utc(values)
        return pa.array(stamps, from_pandas=True).to_pylist()
    if isinstance(values.dtype, pd.ArrowDtype | pd.StringDtype):
        return pa.array(values, from_pandas=True).to_pylist()
    return values.astype(object).where(values.notna(), None).tolist()


def _has_rows(conn: Connection, table_name: str, client: str) -> bool:
    table = SA_TABLES[table_name]
    key = TABLES[table_name].key[0]
    return conn.execute(sa.select(table.c[key]).where(table.c.client == client).limit(1)).first() is not None


def _changed(conn: Connection, table_name: str, client: str, incoming: pd.DataFrame) -> pd.DataFrame:
    """Stored rows (as stored, with their version) whose key is in `incoming` and whose data differs from it."""
    table = SA_TABLES[table_name]
    key = list(TABLES[table_name].key)
    columns = [c for c in incoming.columns if c != "source_file"]
    stmt = sa.select(*(table.c[c] for c in columns), table.c.version).where(table.c.client == client)
    if conn.dialect.name == "sqlite":
        sql, params = str(stmt.compile(conn)), [client]
        stored = pd.DataFrame(conn.exec_driver_sql(sql, tuple(params)).fetchall(), columns=[*columns, "version"],
                              dtype=object)
    else:
        stored = pd.DataFrame(conn.execute(stmt).all(), columns=[*columns, "version"], dtype=object)
    both = stored.merge(incoming[columns].astype(object), on=key, suffixes=("", "__new"))
    differs = pd.Series(False, index=both.index)
    for c in columns:
        if c in key:
            continue
        old, new = both[c], both[f"{c}__new"]
        same = (old == new) | (old.isna() & new.isna())
        differs |= ~same.astype(bool)
    return both.loc[differs]


def _audit_changes(conn: Connection, table_name: str, client: str, changed: pd.DataFrame,
                   stamp: tuple[datetime, str]) -> None:
    key = list(TABLES[table_name].key)
    data = [c for c in changed.columns if not c.endswith("__new") and c != "version"]
    rows = []
    for record in changed.to_dict("records"):
        before = {c: record[c] for c in data} | {"version": record["version"]}
        after = {c: record.get(f"{c}__new", record[c]) for c in data} | {"version": record["version"] + 1}
        rows.append({"client": client, "who": stamp[1], "at": stamp[0], "table_name": table_name,
                     "key": _record_json({k: record[k] for k in key}), "before": _record_json(before),
                     "after": _record_json(after)})
    for start in range(0, len(rows), 5000):
        conn.execute(audit.insert(), rows[start:start + 5000])


def upsert_frame(conn: Connection, table_name: str, frame: pd.DataFrame, client: str, source_file: str,
                 chunk: int = 20000) -> None:
    """Land a typed frame as an import does: new keys inserted, rows whose data changed updated with version + 1,
    edit stamps and one audit row each (so a stale form save conflicts), identical rows left alone."""
    if frame.empty:
        return
    spec = TABLES[table_name]
    types = {c.name: c.type for c in spec.columns}
    columns = list(frame.columns)
    sqlite_driver = conn.dialect.name == "sqlite"
    convert = _sqlite_column if sqlite_driver else _python_column
    stamp = (now_utc(), current_user())
    existing = _has_rows(conn, table_name, client)
    if existing:
        incoming = pd.DataFrame({c: convert(frame[c], types[c]) for c in columns}, dtype=object)
        changed = _changed(conn, table_name, client, incoming)
        if len(changed):
            _audit_changes(conn, table_name, client, changed, stamp)
    key = ["client", *spec.key]
    compared = [c for c in columns if c not in key]
    sql = _insert_sql(table_name, key, columns, compared if existing else None)
    edit = (stamp[0].strftime("%Y-%m-%d %H:%M:%S.%f"), stamp[1]) if existing and compared else ()
    # Converted a chunk at a time, so a million rows never exist as Python objects all at once.
    for start in range(0, len(frame), chunk):
        part = frame.iloc[start:start + chunk]
        if sqlite_driver:
            # Rows zipped from the column lists at C speed (a comprehension unpacking each row took longer).
            n = len(part)
            conn.exec_driver_sql(sql, list(zip(repeat(client, n), *(convert(part[c], types[c]) for c in columns),
                                               repeat(source_file, n), *(repeat(v, n) for v in edit), strict=True)))
        else:
            values = zip(*(convert(part[c], types[c]) for c in columns), strict=True)
            records = [dict(zip(columns, row, strict=True), client=client, source_file=source_file)
                       for row in values]
            upsert_rows(conn, table_name, records, stamp=stamp)


def _insert_sql(table_name: str, key: list[str], columns: list[str], compared: list[str] | None) -> str:
    """The SQLite statement: a plain INSERT into a table the client has no rows in yet (a quarter faster on
    1M rows), else an upsert that bumps version and stamps only where the data differs."""
    names = ["client", *columns, "source_file"]
    sql = f"INSERT INTO {table_name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    if compared is None:
        return sql
    if not compared:
        return sql + f" ON CONFLICT ({', '.join(key)}) DO NOTHING"
    updates = [c for c in names if c not in key]
    return (sql + f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in updates)
            + f", version = {table_name}.version + 1, updated_at = ?, updated_by = ? WHERE "
            + " OR ".join(f"{table_name}.{c} IS NOT excluded.{c}" for c in compared))


def write_audit(conn: Connection, client: str, table: str, key: Mapping[str, Any] | str,
                before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, who: str | None = None) -> None:
    """Record a write (import or form save) and bump the client's store revision in the same transaction."""
    key_text = key if isinstance(key, str) else _record_json(key)
    conn.execute(audit.insert().values(
        client=client, who=who or current_user(), at=now_utc(), table_name=table,
        key=key_text, before=_record_json(before), after=_record_json(after)))
    bump_revision(conn, client)


def bump_revision(conn: Connection, client: str) -> None:
    """Count one more change to the client's data (inside the writing transaction; safe under concurrency)."""
    insert = _insert(conn.dialect.name)
    assert insert is not None
    stmt = insert(revisions).values(client=client, revision=1, changed_at=now_utc())
    conn.execute(stmt.on_conflict_do_update(index_elements=["client"], set_={
        "revision": revisions.c.revision + 1, "changed_at": stmt.excluded.changed_at}))


def revision(conn_or_engine: Engine | Connection, client: str) -> int:
    """The client's store revision: 0 before the first write, then one more per audited write."""
    stmt = sa.select(revisions.c.revision).where(revisions.c.client == client)
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.connect() as conn:
            return int(conn.execute(stmt).scalar() or 0)
    return int(conn_or_engine.execute(stmt).scalar() or 0)


def _key_clause(table_name: str, client: str, key: Mapping[str, Any]) -> sa.ColumnElement[bool]:
    table = SA_TABLES[table_name]
    return sa.and_(table.c.client == client, *(table.c[k] == key[k] for k in TABLES[table_name].key))


def get_record(conn: Connection, client: str, table_name: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
    row = conn.execute(sa.select(SA_TABLES[table_name]).where(_key_clause(table_name, client, key))).mappings().first()
    return dict(row) if row else None


def save_record(eng: Engine, client: str, table_name: str, record: Mapping[str, Any], *,
                expected_version: int | None, who: str | None = None) -> int:
    """Insert or update one record from a form, audited; refuse it if someone saved since `expected_version`.

    `expected_version=None` means "this is new": an existing record is then a conflict too.
    Returns the record's new version.
    """
    spec = TABLES[table_name]
    key = {k: record[k] for k in spec.key}
    who = who or current_user()
    with eng.begin() as conn:
        before = get_record(conn, client, table_name, key)
        table = SA_TABLES[table_name]
        stamp = {"updated_at": now_utc(), "updated_by": who}
        if before is None:
            if expected_version not in (None, 0):
                raise ConflictError(table_name, key, {"updated_by": "?", "updated_at": "(deleted)"})
            values = {**record, "client": client, "version": 1, **stamp}
            conn.execute(table.insert().values(**values))
            new_version = 1
        else:
            if expected_version != before["version"]:
                raise ConflictError(table_name, key, before)
            new_version = before["version"] + 1
            result = conn.execute(
                table.update()
                .where(_key_clause(table_name, client, key), table.c.version == before["version"])
                .values(**{k: v for k, v in record.items() if k not in key}, version=new_version, **stamp))
            if result.rowcount != 1:
                raise ConflictError(table_name, key, get_record(conn, client, table_name, key) or {})
        after = get_record(conn, client, table_name, key)
        write_audit(conn, client, table_name, key, before, after, who)
    return new_version


def delete_record(eng: Engine, client: str, table_name: str, key: Mapping[str, Any], *,
                  expected_version: int, who: str | None = None) -> None:
    with eng.begin() as conn:
        before = get_record(conn, client, table_name, key)
        if before is None or before["version"] != expected_version:
            raise ConflictError(table_name, key, before or {"updated_by": "?", "updated_at": "(deleted)"})
        conn.execute(SA_TABLES[table_name].delete().where(_key_clause(table_name, client, key)))
        write_audit(conn, client, table_name, key, before, None, who)


def read_table(conn_or_engine: Engine | Connection, client: str, table_name: str) -> pd.DataFrame:
    """One table for one client, typed: datetimes tz-aware UTC, bools bool, JSON columns parsed."""
    spec = TABLES[table_name]
    table = SA_TABLES[table_name]
    stmt = sa.select(*(table.c[c] for c in [*spec.column_names, "version"])).where(table.c.client == client)
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.connect() as conn:
            rows = conn.execute(stmt).all()
    else:
        rows = conn_or_engine.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=[*spec.column_names, "version"])
    frame["version"] = frame["version"].astype("int64")  # an empty table's columns would otherwise be objects
    return _typed(frame, spec.columns)


def _typed(frame: pd.DataFrame, columns: Iterable[Column]) -> pd.DataFrame:
    for col in columns:
        series = frame[col.name]
        if col.type == "datetime":
            frame[col.name] = pd.to_datetime(series, utc=True).astype("datetime64[us, UTC]")
        elif col.type == "date":
            frame[col.name] = pd.to_datetime(series).dt.date if len(series) else series.astype(object)
        elif col.type == "bool":
            frame[col.name] = series.fillna(False).astype(bool)
        elif col.type in ("int", "float"):
            frame[col.name] = pd.to_numeric(series, errors="coerce").astype("float64")
        elif col.type == "json":
            # object dtype even with no rows, as the columnar reads give it (a bare empty list became float64).
            frame[col.name] = pd.Series([v if isinstance(v, dict) else json.loads(v) if isinstance(v, str) and v
                                         else {} for v in series], index=series.index, dtype=object)
        else:
            frame[col.name] = series.astype(object).where(series.notna(), None)
    return frame


def _empty(table: str) -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in [*TABLES[table].column_names, "version"]}), TABLES[table].columns)


@dataclass
class Frames:
    """Every canonical table of one client, read once, for the metrics engine."""

    members: pd.DataFrame
    messages: pd.DataFrame
    events: pd.DataFrame
    attendance: pd.DataFrame
    feedback: pd.DataFrame
    content: pd.DataFrame
    interactions: pd.DataFrame
    applicants: pd.DataFrame
    goals: pd.DataFrame
    content_plan: pd.DataFrame
    event_scores: pd.DataFrame
    quiz_results: pd.DataFrame
    points_adjustments: pd.DataFrame
    redemptions: pd.DataFrame
    registrations: pd.DataFrame
    # The culture programme's records: what the culture chapter and the yearbook show beside the figures.
    stories: pd.DataFrame = field(default_factory=lambda: _empty("stories"))
    core_roles: pd.DataFrame = field(default_factory=lambda: _empty("core_roles"))
    core_tasks: pd.DataFrame = field(default_factory=lambda: _empty("core_tasks"))
    mentoring: pd.DataFrame = field(default_factory=lambda: _empty("mentoring"))
    outcomes: pd.DataFrame = field(default_factory=lambda: _empty("outcomes"))


def load_frames(eng: Engine, client: str) -> Frames:
    with eng.connect() as conn:
        return Frames(**{f.name: read_table(conn, client, f.name) for f in fields(Frames)})


def empty_frames() -> Frames:
    """Frames with every column and no rows (the shape metrics expect)."""
    return Frames(**{f.name: _empty(f.name) for f in fields(Frames)})


def frames_from_records(**tables: list[dict[str, Any]]) -> Frames:
    """Frames from plain records (tests, benchmarks); missing columns are empty, types as from the store."""
    result = empty_frames()
    for name, records in tables.items():
        spec = TABLES[name]
        frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
        for col in [*spec.column_names, "version"]:
            if col not in frame:
                frame[col] = None if col != "version" else 1
        setattr(result, name, _typed(frame[[*spec.column_names, "version"]].copy(), spec.columns))
    return result


def table_counts(eng: Engine, client: str) -> dict[str, int]:
    with eng.connect() as conn:
        return {name: conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.client == client)).scalar_one()
                for name, t in SA_TABLES.items()}


def existing_keys(conn: Connection, client: str, table_name: str, column: str) -> set[str]:
    table = SA_TABLES[table_name]
    return {r[0] for r in conn.execute(sa.select(table.c[column]).where(table.c.client == client))}


@contextmanager
def transaction(eng: Engine) -> Iterator[Connection]:
    with eng.begin() as conn:
        yield conn
