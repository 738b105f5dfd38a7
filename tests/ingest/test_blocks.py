"""Chat messages are held in Arrow blocks and free text is cleaned in slices (so a million messages of real length
stay under a gigabyte): the blocks and slices change nothing of what an import reads, refuses or reports."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.ingest.helpers import context
from workbook.ingest import chatlog, validate
from workbook.ingest.chatlog import ChatLog
from workbook.ingest.validate import Typing, coerce_column
from workbook.profile import Profile
from workbook.schemas import TABLES

NS = 1_777_593_600 * 10**9  # 2026-05-01 00:00 UTC


def _walk(log: ChatLog) -> None:
    """Seven messages, then a repeat of the first and a clash with the second, as an export's records 1–9."""
    for n in range(7):
        log.add(n + 1, f"m{n}", f"u{n % 3}", f"Name {n % 3}", NS + n * 60 * 10**9, "main",
                "text", f"message {n}" if n != 4 else "", f"m{n - 1}" if n else None)
    log.add(8, "m0", "u0", "Name 0", NS, "main", "text", "message 0")
    log.add(9, "m1", "u2", "Name 2", NS + 60 * 10**9, "main", "text", "something else")


def _read(monkeypatch: pytest.MonkeyPatch, block: int) -> tuple[ChatLog, pd.DataFrame, pd.DataFrame]:
    monkeypatch.setattr(chatlog, "BLOCK_ROWS", block)
    log = ChatLog("export.json", context())
    _walk(log)
    canonical = log.canonical(Profile(name="t", language="en"))
    return log, canonical.tables["messages"], canonical.tables["members"]


def test_repeats_and_clashes_are_told_apart_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    log, messages, members = _read(monkeypatch, block=2)  # m0 and m1 sit in a closed block when met again
    assert log.repeats == 1
    assert [(p.row, p.column, p.code) for p in log.problems] == [(9, "message_id", "message_id_clash")]
    assert messages["message_id"].tolist() == [f"m{n}" for n in range(7)]
    assert messages["reply_to"].isna().tolist() == [True] + [False] * 6
    assert messages["length"].tolist() == [9, 9, 9, 9, 0, 9, 9]
    assert messages["sent_at"].iloc[6] == pd.Timestamp("2026-05-01 00:06", tz="UTC")
    assert sorted(members["member_id"]) == ["u0", "u1", "u2"]


def test_blocks_give_the_frames_one_block_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    _, small_messages, small_members = _read(monkeypatch, block=3)
    _, whole_messages, whole_members = _read(monkeypatch, block=1 << 16)
    pd.testing.assert_frame_equal(small_messages, whole_messages)
    pd.testing.assert_frame_equal(small_members, whole_members)
    assert small_messages["text"].dtype == pd.Series(["x"]).dtype  # what a list of strings becomes


def test_text_cleaned_in_slices_keeps_each_problem_on_its_row(monkeypatch: pytest.MonkeyPatch) -> None:
    values = ["  padded  ", "fine", "", "ok", "x" * 100_001, "bell\x07", None, "last  "]
    column = next(c for c in TABLES["messages"].columns if c.name == "text")
    results = []
    for rows in (3, 1 << 16):
        monkeypatch.setattr(validate, "SLICE_ROWS", rows)
        typing = Typing("export.json", Profile(name="t").tz)
        typed, bad = coerce_column(pd.Series(values), column, typing)
        results.append((typed.tolist(), [(i, exc.code) for i, exc in bad], typing.stripped))
    sliced, whole = results
    assert sliced == whole
    texts, bad, stripped = sliced
    assert texts[:2] == ["padded", "fine"] and pd.isna(texts[2]) and texts[3] == "ok"
    assert texts[5] == "bell" and pd.isna(texts[6]) and texts[7] == "last"
    assert bad == [(4, "too_long")]
    assert stripped == {"text": 1}


def test_required_text_refused_on_its_row_in_a_later_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "SLICE_ROWS", 2)
    column = next(c for c in TABLES["messages"].columns if c.name == "member_id")
    typing = Typing("export.json", Profile(name="t").tz)
    typed, bad = coerce_column(pd.Series(["u1", "u2", "u3", "  ", "u5"]), column, typing)
    assert [(i, exc.code) for i, exc in bad] == [(3, "required")]
    assert typed.tolist()[:3] == ["u1", "u2", "u3"]


def test_an_odd_value_in_a_block_is_kept_for_validation_to_judge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chatlog, "BLOCK_ROWS", 2)
    log = ChatLog("export.json", context())
    for n, channel in enumerate(["main", 42, "main", ["not", "a", "name"], "main"]):
        log.add(n + 1, f"m{n}", "u1", "Name", NS + n, channel, "text", f"text {n}")  # type: ignore[arg-type]
    messages = log.canonical(Profile(name="t", language="en")).tables["messages"]
    assert messages["channel"].tolist() == ["main", 42, "main", ["not", "a", "name"], "main"]
    assert messages["text"].tolist() == [f"text {n}" for n in range(5)]
