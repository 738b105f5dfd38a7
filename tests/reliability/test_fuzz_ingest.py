"""Fuzzing every importer and the canonical CSV/XLSX reader: random bytes, cut real files, odd JSON values.

Never a traceback: the import is ok, or exits 2 with `file:row:column: reason` and the store unchanged.
A short, derandomised budget runs with the suite; WORKBOOK_FUZZ_EXAMPLES=N (make fuzz) runs N examples each.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ingest.helpers import FIXTURES, run_cli, store_fingerprint
from workbook.clients import init_client
from workbook.ingest.base import registered

EXAMPLES = int(os.environ.get("WORKBOOK_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 12, deadline=None, derandomize=not EXAMPLES,
                suppress_health_check=list(HealthCheck))
POSITION = re.compile(r"^.+:\d+:[^:]+: .+", re.MULTILINE)
REALDATA = Path(os.environ.get("WORKBOOK_REALDATA", "/work/shared/realdata"))
SAMPLES = sorted(p for p in [*FIXTURES.iterdir(), *(REALDATA.rglob("*") if REALDATA.is_dir() else [])]
                 if p.is_file() and p.suffix in (".csv", ".json", ".jsonl", ".xlsx", ".xls", ".txt")
                 and p.stat().st_size < 2_000_000)
FORMATS = sorted(registered())
KINDS = ("members", "messages", "attendance", "feedback", "events")


def _check(kind: str, path: Path, fmt: str) -> None:
    before = store_fingerprint("fz")
    code, _out, err = run_cli("import", "fz", kind, str(path), "--format", fmt)
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert POSITION.search(err), err
        assert store_fingerprint("fz") == before


def _client() -> None:
    from workbook import paths

    shutil.rmtree(paths.client_dir("fz"), ignore_errors=True)
    init_client("fz", lang="en")


@FUZZ
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(FORMATS), kind=st.sampled_from(KINDS),
       suffix=st.sampled_from([".csv", ".json", ".xlsx", ".zip", ".jsonl", ".tsv"]))
def test_random_bytes(data: bytes, fmt: str, kind: str, suffix: str) -> None:
    _client()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        _check(kind, path, fmt)


@FUZZ
@given(sample=st.sampled_from(SAMPLES), cut=st.floats(0, 1), flip=st.integers(0, 255), fmt=st.sampled_from(
    ["auto", *FORMATS]), kind=st.sampled_from(KINDS))
def test_cut_and_corrupted_real_files(sample: Path, cut: float, flip: int, fmt: str, kind: str) -> None:
    _client()
    data = sample.read_bytes()
    cut_at = int(len(data) * cut)
    data = data[:cut_at] + bytes([flip]) + data[cut_at + 1:cut_at + 4000]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / sample.name
        path.write_bytes(data)
        _check(kind, path, fmt)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)
_MESSAGE_KEYS = ["id", "type", "date", "date_unixtime", "from", "from_id", "text", "reply_to_message_id", "author",
                 "timestamp", "content", "ts", "user", "msgtime", "from_id", "members", "action", "media_type"]


@FUZZ
@given(messages=st.lists(st.dictionaries(st.sampled_from(_MESSAGE_KEYS), _JSON, max_size=8) | _JSON, max_size=6),
       fmt=st.sampled_from(["telegram", "discord", "wecom", "feishu", "auto"]))
def test_wrong_types_in_chat_json(messages: list[object], fmt: str) -> None:
    _client()
    document = {"name": "g", "type": "private_group", "id": 1, "messages": messages,
                "guild": {"id": "1"}, "channel": {"id": "2", "name": "c"}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "result.json"
        path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
        _check("messages", path, fmt)


@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=12) | st.sampled_from(["2026-10-01 09:00", "inf", "1e400", "0",
                                                                       "\x00", "=1+1", "x" * 300, "是"]),
                              min_size=3, max_size=6), max_size=8))
def test_canonical_csv_with_odd_cells(rows: list[list[str]]) -> None:
    import csv

    _client()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "members.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["member_id", "display_name", "joined_at", "is_staff", "email", "phone"])
            writer.writerows(rows)
        _check("members", path, "csv")


@FUZZ
@given(rows=st.lists(st.lists(st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats()
                              | st.text(max_size=10) | st.datetimes(), min_size=3, max_size=4), max_size=6))
def test_canonical_xlsx_with_odd_cells(rows: list[list[object]]) -> None:
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    _client()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "members.xlsx"
        book = openpyxl.Workbook()
        book.active.append(["member_id", "display_name", "joined_at", "is_staff"])
        for row in rows:
            try:
                book.active.append(row)
            except (ValueError, TypeError, IllegalCharacterError):  # values openpyxl itself cannot write
                continue
        book.save(path)
        _check("members", path, "xlsx")
