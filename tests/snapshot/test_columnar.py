"""The columnar reader: SQLite's packed columns give back exactly the values the row-by-row fetch and
store.read_table give — awkward values included, or it falls back — and the windowed, threaded read gives the
in-memory document on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from tests.postgres_server import running_postgres
from tests.snapshot.test_document import write_frames
from workbook import periods, snapshot, store
from workbook.profile import Profile
from workbook.snapshot import columnar
from workbook.snapshot.build import period_document
from workbook.snapshot.columnar import Between, Query
from workbook.store import Frames

TZ = "Asia/Shanghai"
# Text a packed read cannot carry as is (the separator, the null marker alone) next to text it can.
AWKWARD = ["plain", "", None, "同意！", "a\x1fb", "\x1e", "x\x1ey", "line\nbreak, 'quoted' \"too\""]


def _messages(texts: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame({
        "client": "acme", "message_id": [f"x{i}" for i in range(len(texts))], "member_id": "m1",
        "sent_at": [pd.Timestamp("2026-10-01 08:00") + pd.Timedelta(minutes=i) for i in range(len(texts))],
        "length": [float(i) if i % 2 else None for i in range(len(texts))], "text": texts})


def _store(tmp_path: Path, texts: list[str | None]) -> Engine:
    eng = store.engine("acme", f"sqlite:///{tmp_path / 'w.sqlite'}")
    with store.transaction(eng) as conn:
        frame = _messages(texts)
        store.upsert_rows(conn, "messages", frame.astype(object).where(frame.notna(), None).to_dict("records"))
    return eng


def _both(eng: Engine, query: Query) -> tuple[object, object]:
    names = [name for _, name in columnar._expressions(query)]
    return (columnar._arrow_sqlite(eng, query, "acme"),
            columnar._arrow_rows(eng, columnar._select_sql(query, "acme"), names))


@pytest.mark.parametrize("texts", [AWKWARD[:4], AWKWARD, [], [None, None], [""]],
                         ids=["clean", "awkward", "no-rows", "all-null", "one-empty"])
def test_packed_read_gives_what_the_row_fetch_and_read_table_give(tmp_path: Path, texts: list[str | None]) -> None:
    eng = _store(tmp_path, texts)
    packed, rows = _both(eng, Query("messages", columnar.all_columns("messages")))
    assert packed.equals(rows)
    assert packed.column("text").to_pylist() == texts
    pd.testing.assert_frame_equal(columnar.read_all(eng, "acme", "messages"),
                                  store.read_table(eng, "acme", "messages"))


def test_flags_and_ranges_read_alike(tmp_path: Path) -> None:
    eng = _store(tmp_path, AWKWARD)
    between = Between("sent_at", pd.Timestamp("2026-10-01 08:02", tz="UTC"),
                      pd.Timestamp("2026-10-01 08:07", tz="UTC"))
    packed, rows = _both(eng, Query("messages", ("member_id", "sent_at"), between, flags=("length", "text")))
    assert packed.equals(rows)
    assert packed.column("text").to_pylist() == [None, "", "", "", ""]  # NULL → None, set → ""
    assert packed.column("length").to_pylist() == [None, "", None, "", None]


def test_a_column_over_the_length_limit_is_read_row_by_row(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    eng = _store(tmp_path, ["long text " * 50] * 20)
    monkeypatch.setattr(columnar, "_PACKED_LIMIT", 200)
    packed, rows = _both(eng, Query("messages", columnar.all_columns("messages")))
    assert packed.equals(rows) and packed.num_rows == 20


def test_text_columns_share_one_object_per_distinct_value(tmp_path: Path) -> None:
    eng = _store(tmp_path, ["同意"] * 5 + [None])
    read = columnar.read_all(eng, "acme", "messages")
    assert read["text"].dtype == object and read["text"].tolist() == ["同意"] * 5 + [None]
    assert len({id(v) for v in read["member_id"]}) == 1


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    try:
        with running_postgres() as url:
            yield url
    except RuntimeError as exc:
        pytest.skip(f"no PostgreSQL server could be started here: {exc}")


@pytest.mark.postgres
@pytest.mark.parametrize("label", ["2026-10", "2026-W41", "2026-10-05..2026-10-20"])
def test_postgresql_snapshot_equals_the_in_memory_document(frames: Frames, profile: Profile, tmp_path: Path,
                                                           postgres_url: str, label: str) -> None:
    client = "pg" + label.replace("-", "").replace(".", "")
    url = write_frames(frames, profile, tmp_path, client=client, url=postgres_url)
    period = periods.parse(label, TZ)
    assert snapshot.dumps(snapshot.document(client, label, db_url=url)) == snapshot.dumps(
        period_document(frames, profile, period))
    kept = snapshot.load(client, label, db_url=url)
    assert snapshot.dumps(kept.previous) == snapshot.dumps(period_document(frames, profile, period.prev()))
    sqlite_url = write_frames(frames, profile, tmp_path, client=client)
    for name in store.TABLES:  # a whole-table read promises no row order: compare in key order
        key = list(store.TABLES[name].key)
        pg, lite = (columnar.read_all(store.engine(client, u), client, name).sort_values(key, ignore_index=True)
                    for u in (url, sqlite_url))
        pd.testing.assert_frame_equal(pg, lite, obj=name)
