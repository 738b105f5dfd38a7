"""Columnar reads of the store: chosen columns of chosen rows straight into typed pandas columns.

Only the columns asked for, only the rows of a time range, filtered in SQL on indexed columns. PostgreSQL
streams `COPY … TO STDOUT` (CSV) into pyarrow; SQLite packs each column into one text that Arrow splits — not
through SQLAlchemy rows, whose construction cost 25 of 38 s on a million messages. Every value is read as text
and typed here, in Arrow, with the column rules of schemas.py: the same frames `store.read_table` gives.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy.engine import Engine

from workbook.schemas import TABLES

# Columns read only as "is it set?" come back as this text where set, None elsewhere (history rows).
SET = ""
_SQLITE_STAMP = "%Y-%m-%d %H:%M:%S.%f"
# SQLite packs a column's values into one text: separated by the unit separator, NULL written as the record
# separator (control characters the importers refuse; a value holding one is caught and read row by row).
_SEPARATOR, _NULL = "\x1f", "\x1e"
_PACKED_LIMIT = 512 * 2**20


@dataclass(frozen=True)
class Between:
    """Rows whose `column` lies in [start, end); an open side is None."""

    column: str
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None


@dataclass(frozen=True)
class Query:
    """Which rows and columns of one table to read.

    `flags` are columns read only as set/unset (see SET); `only` keeps rows whose column holds one of the values;
    `replying_to` keeps rows replying to a message sent in that range (late answers to a period's questions).
    """

    table: str
    columns: Sequence[str]
    between: Between | None = None
    flags: Sequence[str] = ()
    only: tuple[str, tuple[str, ...]] | None = None
    replying_to: Between | None = None


def _stamp(moment: pd.Timestamp) -> str:
    """A UTC instant as SQLAlchemy stores DateTime on SQLite (sortable text) and PostgreSQL reads it."""
    return moment.tz_convert("UTC").tz_localize(None).strftime(_SQLITE_STAMP)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _expressions(query: Query) -> list[tuple[str, str]]:
    """(SQL expression, name) of each column read: as stored, or for a flag '' where set and NULL elsewhere."""
    return [(f"CASE WHEN {name} IS NULL THEN NULL ELSE '' END" if name in query.flags else name, name)
            for name in [*query.columns, *query.flags]]


def _where(query: Query, client: str) -> str:
    """The rows of `query`, literals quoted here: COPY takes no bound parameters and the values are ours
    (timestamps we format, a client name, enum values)."""
    where = [f"client = {_literal(client)}", *_range(query.between)]
    if query.only:
        column, values = query.only
        where.append(f"{column} IN ({', '.join(_literal(v) for v in values)})")
    if query.replying_to:
        inner = " AND ".join([f"client = {_literal(client)}", *_range(query.replying_to)])
        where.append(f"reply_to IN (SELECT message_id FROM {query.table} WHERE {inner})")
    return f"FROM {query.table} WHERE {' AND '.join(where)}"


def _select_sql(query: Query, client: str) -> str:
    """The SELECT for `query`, every value as text."""
    parts = ", ".join(f"CAST({expr} AS TEXT) AS {name}" for expr, name in _expressions(query))
    return f"SELECT {parts} {_where(query, client)}"


def _packed_sql(query: Query, client: str) -> str:
    """The row count, then per column its count of values and all its values as one text (SQLite renders each
    value as CAST AS TEXT would)."""
    packed = ", ".join(f"count({expr}), group_concat(coalesce({expr}, char({ord(_NULL)})), "
                       f"char({ord(_SEPARATOR)}))" for expr, _ in _expressions(query))
    return f"SELECT count(*), {packed} {_where(query, client)}"


def _range(between: Between | None) -> list[str]:
    if between is None:
        return []
    out = []
    if between.start is not None:
        out.append(f"{between.column} >= {_literal(_stamp(between.start))}")
    if between.end is not None:
        out.append(f"{between.column} < {_literal(_stamp(between.end))}")
    return out


def _arrow_postgresql(eng: Engine, sql: str, names: Sequence[str]) -> pa.Table:
    from pyarrow import csv

    buffer = io.BytesIO()
    raw = eng.raw_connection()
    try:
        with raw.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            for chunk in copy:
                buffer.write(chunk)
    finally:
        raw.close()
    buffer.seek(0)
    if not buffer.getbuffer().nbytes:
        return pa.table({n: pa.array([], pa.string()) for n in names})
    return csv.read_csv(buffer, read_options=csv.ReadOptions(column_names=list(names)),
                        convert_options=csv.ConvertOptions(
                            column_types={n: pa.string() for n in names}, strings_can_be_null=True,
                            quoted_strings_can_be_null=False, null_values=[""]))


def _arrow_sqlite(eng: Engine, query: Query, client: str, packed: Packed | None = None) -> pa.Table:
    """SQLite: each column packed by SQLite into one text (`group_concat`) and split by Arrow.

    One Python object per column instead of one per value (the row-by-row fetch cost 0.9 s of a million-message
    read), and the whole query runs inside one SQLite call that releases the GIL, so the reader threads overlap
    with Python work (see window.load; two SQLite reads of one process gained little from a second core, which is
    why the largest goes to a forked child there). A value holding the separator, a NULL not counted as one or a
    result over the length limit falls back to the row fetch. Not through another SQLite library (such as
    ADBC's): two copies of SQLite in one process break each other's POSIX locks (sqlite.org/howtocorrupt.html),
    and the forms write through Python's sqlite3 in the same kernel.
    """
    names = [name for _, name in _expressions(query)]
    if packed is None:
        raw = eng.raw_connection()
        try:
            packed = _packed_row(raw.driver_connection, query, client)
        finally:
            raw.close()
    columns = _unpacked(packed.row, len(names)) if packed.row is not None else None
    if columns is None:
        return _arrow_rows(eng, _select_sql(query, client), names)
    return pa.table(dict(zip(names, columns, strict=True)))


@dataclass(frozen=True)
class Packed:
    """A packed row as SQLite returned it (None: a column's text over the length limit)."""

    row: tuple[Any, ...] | None


def _packed_row(connection: sqlite3.Connection, query: Query, client: str) -> Packed:
    limit = connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, _PACKED_LIMIT)
    try:
        cursor = connection.cursor()
        cursor.execute(_packed_sql(query, client))
        row = cursor.fetchone()
        cursor.close()
        return Packed(tuple(row))
    except sqlite3.DataError:
        return Packed(None)
    finally:
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, limit)


def packed_from_file(database: str, query: Query, client: str) -> Packed:
    """The packed row of `query` through a connection of its own to the SQLite file (for a forked reader, which
    must not use its parent's connections)."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        return _packed_row(connection, query, client)
    finally:
        connection.close()


def _unpacked(row: Sequence[Any], width: int) -> list[pa.Array] | None:
    """The text arrays of a packed row (count(*), then count and packed text per column); None when a value held
    the separator or the null marker, so the split would not give back the values."""
    rows = int(row[0])
    if rows == 0:
        return [pa.array([], pa.string()) for _ in range(width)]
    columns = []
    for i in range(width):
        present, packed = int(row[1 + 2 * i]), row[2 + 2 * i]
        pieces = pc.split_pattern(pa.array([packed], pa.string()), _SEPARATOR).flatten()
        missing = pc.equal(pieces, _NULL)
        if len(pieces) != rows or rows - pc.sum(missing).as_py() != present:
            return None
        columns.append(pc.if_else(missing, pa.scalar(None, pa.string()), pieces) if present < rows else pieces)
    return columns


def _arrow_rows(eng: Engine, sql: str, names: Sequence[str]) -> pa.Table:
    """Through the driver's own cursor, row by row in one fetch, then one text array per column."""
    raw = eng.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(sql)
        rows = cursor.fetchall()
        cursor.close()
    finally:
        raw.close()
    # One list per column straight into Arrow (3× faster than transposing with zip(*rows)).
    return pa.table({name: pa.array([row[i] for row in rows], pa.string()) for i, name in enumerate(names)})


def _typed(column: pa.ChunkedArray, type_name: str, dialect: str) -> Any:
    """One text column as the store's frames hold it (see store._typed)."""
    if type_name == "datetime":
        stamps = pc.cast(column, pa.timestamp("us")).to_numpy(zero_copy_only=False)
        return pd.Series(stamps.astype("datetime64[us]")).dt.tz_localize("UTC")
    if type_name == "date":
        return pd.Series(pc.cast(column, pa.date32()).to_pylist(), dtype=object)
    if type_name == "bool":
        true = ("1", "t", "true") if dialect != "sqlite" else ("1",)
        return pc.fill_null(pc.is_in(column, pa.array(true)), False).to_numpy(zero_copy_only=False)
    if type_name == "version":
        return pc.fill_null(pc.cast(column, pa.int64()), 1).to_numpy(zero_copy_only=False)
    if type_name in ("int", "float"):
        return pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
    if type_name == "json":
        return pd.Series([json.loads(v) if v else {} for v in column.to_pylist()], dtype=object)
    return _objects(column)


def _objects(column: pa.ChunkedArray) -> pd.Series:
    """Text as a plain object column holding None, as store.read_table gives (pandas would infer its `str`
    dtype), with one Python string per distinct value: a million member ids make 20,000 objects, and every
    later hash of them (isin, factorize, groupby) is computed once per distinct value, not once per row."""
    column = column.combine_chunks()
    if _mostly_distinct(column):
        return pd.Series(column.to_numpy(zero_copy_only=False), dtype=object)
    encoded = column.dictionary_encode()
    distinct = np.empty(len(encoded.dictionary) + 1, dtype=object)  # the last slot stays None: the nulls
    distinct[:-1] = encoded.dictionary.to_pylist()
    codes = pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy(zero_copy_only=False)
    return pd.Series(distinct[codes], dtype=object)


def _mostly_distinct(column: pa.Array) -> bool:
    """Whether a sample says the column holds mostly distinct values (ids): one string per row is then cheaper
    than hashing every value for a dictionary that saves nothing."""
    sample = column.slice(0, 1000)
    return len(sample) >= 100 and pc.count_distinct(sample).as_py() > 0.9 * len(sample)


def read(eng: Engine, client: str, query: Query, packed: Packed | None = None) -> pd.DataFrame:
    """The rows and columns `query` asks for, typed like store.read_table (flags as SET/None); on SQLite from
    `packed` when it was fetched already (packed_from_file)."""
    dialect = eng.dialect.name
    names = [name for _, name in _expressions(query)]
    if dialect == "postgresql":
        table = _arrow_postgresql(eng, _select_sql(query, client), names)
    else:
        table = _arrow_sqlite(eng, query, client, packed)
    types = {c.name: c.type for c in TABLES[query.table].columns} | {"version": "version"}
    data: dict[str, Any] = {}
    for name in names:
        column = table.column(name)
        typed = _typed(column, "str" if name in query.flags else types[name], dialect)
        data[name] = typed if isinstance(typed, pd.Series) else pd.Series(typed)
    return pd.DataFrame(data, index=pd.RangeIndex(table.num_rows))


def all_columns(table: str) -> list[str]:
    return [*TABLES[table].column_names, "version"]


def read_all(eng: Engine, client: str, table: str, between: Between | None = None) -> pd.DataFrame:
    """Every column of a table (optionally of a time range)."""
    return read(eng, client, Query(table, all_columns(table), between))
