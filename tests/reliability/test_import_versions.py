"""An import that changes a record is an edit like a form save: version + 1, stamps, an audit row."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.ingest.helpers import run_cli
from workbook import store
from workbook.clients import init_client


def _members(tmp_path: Path, name: str, rows: str) -> Path:
    path = tmp_path / name
    path.write_text("member_id,display_name,department,joined_at\n" + rows, encoding="utf-8")
    return path


def _audit(client: str) -> list[dict[str, object]]:
    """Audit rows of record changes (the import's own summary row is keyed by file name)."""
    with store.engine(client).connect() as conn:
        rows = conn.execute(sa.select(store.audit).where(store.audit.c.table_name == "members")).mappings()
        return [dict(r) for r in rows if str(r["key"]).startswith("{")]


def test_changed_rows_get_a_version_and_an_audit_row_unchanged_rows_do_not(tmp_path: Path) -> None:
    init_client("c", lang="en")
    first = _members(tmp_path, "a.csv", "m1,A,Sales,2026-10-01 09:00\nm2,B,R&D,2026-10-01 09:00\n")
    assert run_cli("import", "c", "members", str(first))[0] == 0
    second = _members(tmp_path, "b.csv", "m1,A,Sales,2026-10-01 09:00\nm2,B,Legal,2026-10-01 09:00\nm3,C,,"
                                         "2026-10-02 09:00\n")
    assert run_cli("import", "c", "members", str(second))[0] == 0
    eng = store.engine("c")
    with eng.connect() as conn:
        m1, m2, m3 = (store.get_record(conn, "c", "members", {"member_id": m}) for m in ("m1", "m2", "m3"))
    assert (m1["version"], m2["version"], m3["version"]) == (1, 2, 1)
    assert m2["department"] == "Legal" and m2["updated_by"] == "tester" and m2["updated_at"] is not None
    audit = _audit("c")
    assert len(audit) == 1 and '"Legal"' in str(audit[0]["after"]) and '"R&D"' in str(audit[0]["before"])


def test_a_stale_form_save_after_an_import_overwrite_is_a_conflict(tmp_path: Path) -> None:
    init_client("c", lang="en")
    assert run_cli("import", "c", "members", str(_members(tmp_path, "a.csv", "m1,A,Sales,2026-10-01 09:00\n")))[0] == 0
    eng = store.engine("c")
    with eng.connect() as conn:
        record = store.get_record(conn, "c", "members", {"member_id": "m1"})
    form_version = store.save_record(eng, "c", "members", {"member_id": "m1", "department": "Marketing"},
                                     expected_version=record["version"])
    assert run_cli("import", "c", "members", str(_members(tmp_path, "b.csv", "m1,A,Sales,2026-10-01 09:00\n")))[0] == 0
    with pytest.raises(store.ConflictError):
        store.save_record(eng, "c", "members", {"member_id": "m1", "department": "Ops"}, expected_version=form_version)
