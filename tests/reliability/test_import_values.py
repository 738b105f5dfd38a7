"""Values that used to poison the store or crash: impossible dates, control characters, huge numbers, long keys.

Each bad file exits 2 naming `file:row:column: reason`, and the store is byte-for-byte the same afterwards.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.ingest.helpers import run_cli, store_fingerprint
from workbook import store
from workbook.clients import init_client

MEMBERS = "member_id,display_name,joined_at\nm1,A,2026-10-01 09:00\n"


def _client(tmp_path: Path) -> None:
    init_client("c", lang="en")
    path = tmp_path / "members.csv"
    path.write_text(MEMBERS, encoding="utf-8")
    assert run_cli("import", "c", "members", str(path))[0] == 0


def _messages(tmp_path: Path, **cells: str) -> Path:
    row = {"message_id": "x1", "member_id": "m1", "sent_at": "2026-10-02 10:00", "length": "3", "text": "hi"} | cells
    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    return path


def _refused(tmp_path: Path, column: str, expected: str, **cells: str) -> None:
    path = _messages(tmp_path, **cells)
    before = store_fingerprint("c")
    code, _out, err = run_cli("import", "c", "messages", str(path))
    assert code == 2, err
    assert f"{path}:2:{column}: " in err and expected in err, err
    assert store_fingerprint("c") == before


@pytest.mark.parametrize(("value", "expected"), [
    ("0001-01-01 00:00", "outside the years 2000–2100"),
    ("9999-12-31 23:59", "outside the years 2000–2100"),
    ("-2026-10-02", "cannot read"),
    ("2026", "cannot read"),
    ("10", "cannot read"),
    ("46300.375", "cannot read"),  # an Excel serial written as text is not a date
    ("2026-10", "cannot read"),
    ("2026-10-0", "not a calendar date"),
    ("2026-10-02 1", "cannot read"),
    ("2026-02-30 10:00", "not a calendar date"),
    ("2026-10-02T10:00+99:00", "cannot read"),
])
def test_dates_outside_full_forms_or_the_window_are_refused(value: str, expected: str, tmp_path: Path) -> None:
    _client(tmp_path)
    _refused(tmp_path, "sent_at", expected, sent_at=value)


def test_the_date_window_is_a_profile_setting(tmp_path: Path) -> None:
    _client(tmp_path)
    profile = Path(store.paths.profile_path("c"))
    profile.write_text(profile.read_text(encoding="utf-8") + "import_limits: {first_year: 1990, last_year: 2030}\n",
                       encoding="utf-8")
    assert run_cli("import", "c", "messages", str(_messages(tmp_path, sent_at="1995-01-01 10:00")))[0] == 0
    _refused(tmp_path, "sent_at", "outside the years 1990–2030", message_id="x2", sent_at="2031-01-01 10:00")


def test_full_date_forms_still_land(tmp_path: Path) -> None:
    _client(tmp_path)
    for i, value in enumerate(["2026/10/3 14:05:00", "2026-10-03", "2026年10月3日 14:05", "2026-10-06T08:00:00+08:00",
                               "2026-10-06T00:00:00Z", "2026.10.3 9:05"]):
        path = _messages(tmp_path, message_id=f"x{i}", sent_at=value)
        code, _out, err = run_cli("import", "c", "messages", str(path))
        assert code == 0, (value, err)


@pytest.mark.parametrize(("column", "value"), [
    ("member_id", "m1\x00"), ("member_id", "m\x1b1"), ("member_id", "m\n1"), ("message_id", "x\r1"),
    ("message_id", "x\x7f"), ("channel", "a\tb"),
])
def test_control_characters_in_ids_and_names_are_refused(column: str, value: str, tmp_path: Path) -> None:
    _client(tmp_path)
    _refused(tmp_path, column, "control characters", **{column: value})


def test_control_characters_in_message_text_are_removed_with_a_note(tmp_path: Path) -> None:
    _client(tmp_path)
    code, out, err = run_cli("import", "c", "messages", str(_messages(tmp_path, text="a\x00b\x1b[31mc\nd\te")))
    assert code == 0, err
    assert "control characters removed from 1 cells of text" in out
    messages = store.read_table(store.engine("c"), "c", "messages")
    assert messages["text"].tolist() == ["ab[31mc\nd\te"]


@pytest.mark.parametrize(("value", "expected"), [
    ("inf", "not a number"), ("nan", "not a number"), ("-Infinity", "not a number"),
    ("12345678901234567890123", "too large"), ("1e300", "too large"), ("-1", "below 0"), ("1.5", "whole number"),
])
def test_numbers_are_finite_and_within_bounds(value: str, expected: str, tmp_path: Path) -> None:
    _client(tmp_path)
    _refused(tmp_path, "length", expected, length=value)


def test_keys_and_text_longer_than_the_store_holds_are_refused(tmp_path: Path) -> None:
    _client(tmp_path)
    _refused(tmp_path, "message_id", "longer than the limit of 255", message_id="x" * 256)
    _refused(tmp_path, "channel", "longer than the limit of 1000", channel="c" * 1001)
    _refused(tmp_path, "text", "longer than the limit of 100000", text="t" * 100_001)


def test_problem_output_is_capped_with_a_summary_per_column(tmp_path: Path) -> None:
    _client(tmp_path)
    path = tmp_path / "messages.csv"
    rows = [f"x{i},m1,not a date {i},hi" for i in range(900)]
    path.write_text("message_id,member_id,sent_at,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, _out, err = run_cli("import", "c", "messages", str(path))
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 51
    assert lines[49].startswith(f"{path}:51:sent_at: cannot read")
    assert lines[50].startswith("850 more rows with this problem in sent_at, e.g. row 52: cannot read")
