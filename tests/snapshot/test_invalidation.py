"""A snapshot is never stale: an import, a form save or a profile edit gives the next reader new figures.

The pilot client (tests/forms/client.py): October posters m1 only of 6 members → posting_rate 1/6.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.forms.client import CLIENT, PERIOD, write_client
from workbook import snapshot, store
from workbook.importer import import_file
from workbook.profile import load_profile, save_profile


@pytest.fixture
def url(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path}/w.sqlite"
    write_client(CLIENT, db)
    return db


def test_import_bumps_the_revision_and_the_figures(url: str, tmp_path: Path) -> None:
    before = snapshot.load(CLIENT, PERIOD, url)
    assert before.document["engagement"]["posters"] == 1
    assert snapshot.load(CLIENT, PERIOD, url).folder == before.folder  # unchanged store: the same snapshot
    revision = store.revision(store.engine(CLIENT, url), CLIENT)
    (tmp_path / "more.csv").write_text("message_id,member_id,sent_at\nx9,m3,2026-10-20 10:00\n", encoding="utf-8")
    assert import_file(CLIENT, "messages", tmp_path / "more.csv", db_url=url).ok
    assert store.revision(store.engine(CLIENT, url), CLIENT) == revision + 1
    after = snapshot.load(CLIENT, PERIOD, url)
    assert after.folder != before.folder
    assert after.document["engagement"]["posters"] == 2
    assert snapshot.document(CLIENT, PERIOD, url)["engagement"]["posting_rate"] == pytest.approx(2 / 6)


def test_a_form_save_is_seen_by_the_next_read(url: str) -> None:
    assert [g["goal_id"] for g in snapshot.document(CLIENT, PERIOD, url)["goals"]] == ["g1"]
    eng = store.engine(CLIENT, url)
    store.save_record(eng, CLIENT, "goals", {
        "goal_id": "g9", "statement": "More posters", "metric": "engagement.posting_rate", "baseline": 0.1,
        "target": 0.5, "direction": "increase", "start": date(2026, 9, 1),
        "deadline": date(2026, 12, 31), "owner": "alice"}, expected_version=None, who="alice")
    goals = snapshot.document(CLIENT, PERIOD, url)["goals"]
    assert [g["goal_id"] for g in goals] == ["g1", "g9"] and goals[1]["actual"] == pytest.approx(1 / 6)
    trajectories = snapshot.load(CLIENT, PERIOD, url).table("goal_trajectories")
    assert sorted(trajectories["goal_id"].unique()) == ["g1", "g9"]


def test_a_profile_edit_gives_new_figures(url: str) -> None:
    def points_of_m1() -> float:
        board = snapshot.document(CLIENT, PERIOD, url)["points"]["leaderboard"]
        return next(row["points"] for row in board if row["member_id"] == "m1")

    before = points_of_m1()
    profile = load_profile(CLIENT)
    profile.points = profile.points.model_copy(update={"message": profile.points.message + 4})
    save_profile(CLIENT, profile)
    assert points_of_m1() == before + 4 * 2  # m1 sent two messages (September and October)


def test_old_snapshots_are_pruned(url: str, tmp_path: Path) -> None:
    folders = []
    for i in range(4):
        (tmp_path / f"m{i}.csv").write_text(f"message_id,member_id,sent_at\ny{i},m1,2026-10-2{i} 10:00\n",
                                            encoding="utf-8")
        assert import_file(CLIENT, "messages", tmp_path / f"m{i}.csv", db_url=url).ok
        folders.append(snapshot.load(CLIENT, PERIOD, url).folder)
    kept = sorted(p for p in folders[-1].parent.iterdir() if p.is_dir())
    assert folders[-1] in kept and len(kept) == snapshot.KEEP_PER_PERIOD


def test_a_full_read_is_shared_until_the_store_changes(url: str, tmp_path: Path) -> None:
    """The pack reads its window for the snapshot and again for the breakdowns: once, unless a write came between."""
    from workbook import periods
    from workbook.snapshot import build

    eng, profile = store.engine(CLIENT, url), load_profile(CLIENT)
    period = periods.parse(PERIOD, profile.timezone)
    first = build.frames_for(eng, CLIENT, profile, period, full=True)
    assert build.frames_for(eng, CLIENT, profile, period, full=True) is first
    assert build.frames_for(eng, CLIENT, profile, period, full=False) is not first  # a document-only read: its own
    (tmp_path / "more.csv").write_text("message_id,member_id,sent_at\nx9,m3,2026-10-20 10:00\n", encoding="utf-8")
    assert import_file(CLIENT, "messages", tmp_path / "more.csv", db_url=url).ok
    again = build.frames_for(eng, CLIENT, profile, period, full=True)
    assert again is not first and len(again.messages) == len(first.messages) + 1


def test_a_new_snapshot_segments_only_the_texts_no_snapshot_met(url: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook import paths
    from workbook.metrics import voice

    asked: list[str] = []
    terms = voice.Segmenter._terms
    monkeypatch.setattr(voice.Segmenter, "_terms", lambda self, tokenizer, texts: asked.extend(
        text for text, _ in texts) or terms(self, tokenizer, texts))
    (tmp_path / "said.csv").write_text("message_id,member_id,sent_at,text\nt1,m1,2026-10-20 10:00,复盘模板在哪里\n"
                                       "t2,m3,2026-10-21 10:00,周五开复盘会\n", encoding="utf-8")
    assert import_file(CLIENT, "messages", tmp_path / "said.csv", db_url=url).ok
    first = snapshot.load(CLIENT, PERIOD, url).document["voice"]["hot_terms"]
    assert sorted(asked) == ["周五开复盘会", "复盘模板在哪里"]
    asked.clear()
    (tmp_path / "more.csv").write_text("message_id,member_id,sent_at,text\nt3,m3,2026-10-22 10:00,复盘\n",
                                       encoding="utf-8")
    assert import_file(CLIENT, "messages", tmp_path / "more.csv", db_url=url).ok
    voice._SEGMENTERS.clear()  # as in a new process: nothing segmented in memory
    after = snapshot.load(CLIENT, PERIOD, url).document["voice"]["hot_terms"]
    assert asked == ["复盘"]
    counts = {row["term"]: row["count"] for row in after}
    assert counts["复盘"] == {row["term"]: row["count"] for row in first}["复盘"] + 1
    assert (paths.client_dir(CLIENT) / "cache" / "terms").is_dir()
