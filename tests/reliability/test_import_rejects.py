"""The rejects CSV the importer writes never carries a live spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.ingest.helpers import run_cli
from workbook import paths
from workbook.clients import init_client
from workbook.safe_cells import neutralise


def test_neutralise_prefixes_formula_starts_only() -> None:
    assert [neutralise(v) for v in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "ok", "a=b", 3)] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ok", "a=b", 3]


def test_rejected_rows_are_written_with_formulas_neutralised(tmp_path: Path) -> None:
    init_client("c", lang="en")
    members = tmp_path / "members.csv"
    members.write_text("member_id,display_name,joined_at\nm1,A,2026-10-01 09:00\n", encoding="utf-8")
    assert run_cli("import", "c", "members", str(members))[0] == 0
    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["message_id", "member_id", "sent_at", "channel", "text"])
        writer.writerow(["x1", "m1", "2026-10-02 10:00", "ok", "fine"])
        writer.writerow(["=HYPERLINK(\"http://evil\")", "m1", "not a date", "+cmd|' /C calc'!A0", "@SUM(1)"])
    code, out, _err = run_cli("import", "c", "messages", str(path), "--skip-bad-rows")
    assert code == 0, out
    with (paths.raw_dir("c") / "messages.csv.rejected.csv").open(encoding="utf-8-sig", newline="") as handle:
        rejected = list(csv.DictReader(handle))
    assert len(rejected) == 1
    cells = rejected[0]
    assert cells["message_id"].startswith("'=") and cells["channel"].startswith("'+") and cells["text"] == "'@SUM(1)"
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in cells.values())
