"""On the demo client (May–October 2026): for every month and ISO week, the windowed read gives the same
document as a read of every row, and the snapshot holds exactly what a fresh compute gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbook import periods, snapshot, store
from workbook.profile import load_profile
from workbook.snapshot import build, columnar, window

MONTHS = [f"2026-{m:02d}" for m in range(4, 12)]
WEEKS = [f"2026-W{w:02d}" for w in range(17, 46)]


@pytest.fixture
def demo(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object, store.Frames]:
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(demo_data))
    eng = store.engine("demo")
    return eng, load_profile("demo"), window.load(eng, "demo", None)


def test_every_table_reads_as_store_read_table_gives_it(demo: tuple[object, object, store.Frames]) -> None:
    eng = demo[0]
    for name in store.TABLES:
        pd.testing.assert_frame_equal(columnar.read_all(eng, "demo", name), store.read_table(eng, "demo", name))


@pytest.mark.parametrize("labels", [MONTHS, WEEKS, ["2026-Q3", "2026-10-01..2026-10-15"]],
                         ids=["months", "weeks", "quarter-and-range"])
def test_windowed_read_gives_the_full_read_document(demo: tuple[object, object, store.Frames],
                                                    labels: list[str]) -> None:
    eng, profile, everything = demo
    for label in labels:
        period = periods.parse(label, profile.timezone)
        frames = window.load(eng, "demo", window.window_for([period], profile))
        assert len(frames.messages) <= len(everything.messages)
        windowed = build.period_document(frames, profile, period)
        assert snapshot.dumps(windowed) == snapshot.dumps(build.period_document(everything, profile, period)), label


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as object with None (Parquet gives pandas' `str` dtype back)."""
    out = frame.reset_index(drop=True).copy()
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


@pytest.mark.parametrize("label", ["2026-10", "2026-06", "2026-W40"])
def test_snapshot_equals_a_fresh_compute(demo: tuple[object, object, store.Frames], label: str) -> None:
    _, profile, everything = demo
    period = periods.parse(label, profile.timezone)
    kept = snapshot.load("demo", label)
    current = build.period_document(everything, profile, period)
    assert snapshot.dumps(kept.document) == snapshot.dumps(current)
    assert snapshot.dumps(kept.previous) == snapshot.dumps(build.period_document(everything, profile, period.prev()))
    for name, table in build.tables(everything, profile, period, current).items():
        pd.testing.assert_frame_equal(_plain(kept.table(name)), _plain(table), check_dtype=False, obj=name)


@pytest.mark.usefixtures("forking")
def test_the_history_read_in_a_forked_child_gives_the_same_frames(demo: tuple[object, object, store.Frames],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the CLI allows forking, the older messages' who/when/reply are read by a child process on its own
    connection (window._fork_read): the frames are those of the in-process read, also when the child's packed
    text is over the length limit and the parent reads those rows itself."""
    from workbook import forked

    eng, profile, _ = demo
    period = periods.parse("2026-10", profile.timezone)
    monkeypatch.setattr(forked, "_allowed", False)
    reference = window.load(eng, "demo", window.window_for([period], profile))
    monkeypatch.setattr(forked, "_allowed", True)
    original, children = window._fork_read, []

    def counted(*args: object) -> object:
        children.append(original(*args))  # type: ignore[arg-type]
        return children[-1]

    monkeypatch.setattr(window, "_fork_read", counted)
    for limit in (columnar._PACKED_LIMIT, 1000):
        monkeypatch.setattr(columnar, "_PACKED_LIMIT", limit)
        frames = window.load(eng, "demo", window.window_for([period], profile))
        for name in ("messages", "interactions", "members"):
            pd.testing.assert_frame_equal(getattr(frames, name), getattr(reference, name))
    assert len(children) == 2 and None not in children
