"""The store on SQLite and on a real PostgreSQL server: same import, same query, same audited writes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.postgres_server import running_postgres
from workbook import store
from workbook.clients import init_client
from workbook.importer import import_file


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    try:
        with running_postgres() as url:
            yield url
    except RuntimeError as exc:
        pytest.skip(f"no PostgreSQL server could be started here: {exc}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/w.sqlite" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    monkeypatch.setenv("WORKBOOK_DB_URL", url)
    return url


def _client(tmp_path: Path, name: str) -> None:
    (tmp_path / "m.csv").write_text(
        "成员ID,昵称,入群时间,部门\nm1,张三,2026-10-31 23:30,销售部\nm2,李四,2026-10-01 08:00,\n", encoding="utf-8")
    (tmp_path / "x.csv").write_text("message_id,member_id,sent_at,reply_to,text\n"
                                    "a,m1,2026-10-31 23:30,,问题？\nb,m2,2026-11-01 08:00,a,答案\n", encoding="utf-8")
    assert import_file(name, "members", tmp_path / "m.csv").ok
    assert import_file(name, "messages", tmp_path / "x.csv").ok


def test_import_and_query(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    client = f"c_{request.node.callspec.id}_{tmp_path.name[-6:]}"
    init_client(client)
    _client(tmp_path, client)
    _client(tmp_path, client)  # idempotent
    frames = store.load_frames(store.engine(client), client)
    assert sorted(frames.members["member_id"]) == ["m1", "m2"]
    assert str(frames.messages["sent_at"].dtype) == "datetime64[us, UTC]"
    by_id = frames.messages.set_index("message_id")
    assert by_id.loc["a", "sent_at"].isoformat() == "2026-10-31T15:30:00+00:00"
    assert by_id.loc["b", "reply_to"] == "a" and by_id.loc["a", "reply_to"] is None
    assert frames.members.set_index("member_id").loc["m2", "department"] is None
    counts = store.table_counts(store.engine(client), client)
    assert (counts["members"], counts["messages"]) == (2, 2)


def test_optimistic_version_check(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    client = f"v_{request.node.callspec.id}_{tmp_path.name[-6:]}"
    eng = store.engine(client)
    goal = {"goal_id": "g1", "statement": "提升发言率", "metric": "engagement.posting_rate", "target": 0.5,
            "start": date(2026, 10, 1), "deadline": date(2026, 12, 31)}
    assert store.save_record(eng, client, "goals", goal, expected_version=None, who="ann") == 1
    assert store.save_record(eng, client, "goals", {**goal, "target": 0.6}, expected_version=1, who="ann") == 2
    with pytest.raises(store.ConflictError, match="changed by ann") as caught:
        store.save_record(eng, client, "goals", {**goal, "target": 0.7}, expected_version=1, who="bob")
    assert caught.value.current["target"] == 0.6
    with pytest.raises(store.ConflictError):
        store.save_record(eng, client, "goals", goal, expected_version=None, who="bob")
    goals = store.read_table(eng, client, "goals")
    assert goals["target"].tolist() == [0.6]
    with eng.connect() as conn:
        rows = conn.execute(store.audit.select().where(store.audit.c.client == client)).mappings().all()
    assert [(r["who"], r["before"] is None) for r in rows] == [("ann", True), ("ann", False)]
    assert '"target": 0.6' in rows[1]["after"] and '"target": 0.5' in rows[1]["before"]


def test_bulk_sqlite_path_stores_what_the_generic_path_stores(tmp_path: Path) -> None:
    """The import's direct-to-driver SQLite upsert must read back exactly like SQLAlchemy's own insert."""
    from datetime import datetime

    import pandas as pd

    frame = pd.DataFrame({
        "member_id": ["m1", "m2"], "display_name": ["张三", "Ann"], "department": [None, "R&D"],
        "joined_at": [datetime(2026, 10, 31, 15, 30, 0, 123456), datetime(2026, 1, 2)],
        "left_at": [None, datetime(2026, 11, 1, 8)], "is_staff": [True, False], "consent": [None, True],
    }, dtype=object)
    goals = pd.DataFrame({"goal_id": ["g1"], "statement": ["x"], "metric": ["engagement.posting_rate"],
                          "target": [0.5], "baseline": [None], "start": [date(2026, 10, 1)],
                          "deadline": [date(2026, 12, 31)]}, dtype=object)
    bulk, generic = store.engine("a", f"sqlite:///{tmp_path}/a.sqlite"), store.engine("b", f"sqlite:///{tmp_path}/b.sqlite")
    with bulk.begin() as conn:
        store.upsert_frame(conn, "members", frame, "c", "m.csv")
        store.upsert_frame(conn, "goals", goals, "c", "g.csv")
        store.upsert_frame(conn, "members", frame, "c", "m.csv")  # again: an upsert, not a duplicate
    with generic.begin() as conn:
        for name, table in (("members", frame), ("goals", goals)):
            records = table.assign(client="c", source_file="x").to_dict("records")
            store.upsert_rows(conn, name, records)
    for name in ("members", "goals"):
        pd.testing.assert_frame_equal(store.read_table(bulk, "c", name), store.read_table(generic, "c", name))
    members = store.read_table(bulk, "c", "members")
    assert members["joined_at"].iloc[0].isoformat() == "2026-10-31T15:30:00.123456+00:00"
    assert members["is_staff"].tolist() == [True, False]


def test_zone_aware_stamps_are_stored_as_the_same_instant(tmp_path: Path) -> None:
    """A frame whose stamps carry a zone (Asia/Shanghai here) is stored as the same instant in UTC."""
    import pandas as pd

    joined = pd.Series(pd.to_datetime(["2026-11-01 08:00"]).tz_localize("Asia/Shanghai"))
    frame = pd.DataFrame({"member_id": ["m1"], "display_name": ["张三"], "joined_at": joined})
    eng = store.engine("z", f"sqlite:///{tmp_path}/z.sqlite")
    with eng.begin() as conn:
        store.upsert_frame(conn, "members", frame, "c", "m.csv")
    stored = store.read_table(eng, "c", "members")["joined_at"].iloc[0]
    assert stored.isoformat() == "2026-11-01T00:00:00+00:00"


def test_a_forked_child_uses_connections_of_its_own(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked copy (report.pack's snapshot) lets go of the parent's pooled connections first: the parent goes
    on querying on its own while the child queries, each on a connection (a socket, on PostgreSQL) of its own."""
    import sqlalchemy as sa

    from workbook import forked

    monkeypatch.setattr(forked, "usable", lambda: True)
    eng = store.engine("acme", db_url)
    slow = "SELECT pg_sleep(0.5), 1" if db_url.startswith("postgresql") else "SELECT 1, 1"
    with eng.connect() as conn:  # the parent's connection, back in its pool when the child starts
        mine = conn.execute(sa.text("SELECT 1")).scalar()

    def child() -> int:
        store.release_inherited()
        with store.engine("acme", db_url).connect() as own:
            return int(own.execute(sa.text(slow)).all()[0][1])

    pending = forked.start(child)
    assert pending is not None
    with eng.connect() as conn:
        parent = [conn.execute(sa.text("SELECT 2")).scalar() for _ in range(50)]
    assert pending.result() == (True, 1)
    assert mine == 1 and parent == [2] * 50
