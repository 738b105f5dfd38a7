"""Terms kept across processes (metrics.terms_cache): a text is segmented once in its life, the counts are jieba's
whatever was kept, and a change of dictionary, a pile of parts or a broken part never gives wrong terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from workbook.metrics import terms_cache
from workbook.metrics.voice import Segmenter

TEXTS = pd.Series(["复盘模板在哪里？", "周五开复盘会", "I like the OKR workshop", "复盘模板在哪里？", None,
                   "谢谢老师的分享"])


def _segmented(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts jieba is asked to segment from now on."""
    asked: list[str] = []
    terms = Segmenter._terms

    def recording(self: Segmenter, tokenizer: Any, texts: list[tuple[str, str]]) -> dict[str, list[str]]:
        asked.extend(text for text, _ in texts)
        return terms(self, tokenizer, texts)

    monkeypatch.setattr(Segmenter, "_terms", recording)
    return asked


def test_a_later_process_reads_the_terms_instead_of_segmenting(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    expected = Segmenter(["复盘会"]).count(TEXTS)
    newer = pd.Series(["周五开复盘会", "新的一条消息"])
    expected_newer = Segmenter(["复盘会"]).count(newer)
    asked = _segmented(monkeypatch)
    assert Segmenter(["复盘会"], kept_in=tmp_path).count(TEXTS) == expected
    assert sorted(asked) == sorted(set(TEXTS.dropna()))
    asked.clear()
    later = Segmenter(["复盘会"], kept_in=tmp_path)  # a new process: nothing in memory
    assert later.count(TEXTS) == expected and expected["复盘会"] == 1 and expected["复盘"] == 2
    assert asked == []
    assert later.count(newer) == expected_newer
    assert asked == ["新的一条消息"]


def test_another_dictionary_starts_afresh_and_drops_the_old_terms(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    Segmenter(["复盘会"], kept_in=tmp_path).count(TEXTS)
    first = {p.name for p in tmp_path.iterdir()}
    expected = Segmenter([]).count(TEXTS)
    asked = _segmented(monkeypatch)
    counts = Segmenter([], kept_in=tmp_path).count(TEXTS)
    assert counts == expected and "复盘会" not in counts  # not the other dictionary's term
    assert len(asked) == 4
    assert {p.name for p in tmp_path.iterdir()}.isdisjoint(first)


def test_parts_are_merged_and_a_broken_part_is_segmented_again(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms_cache, "MERGE_FROM_PARTS", 3)
    texts = [f"第{i}次复盘会议" for i in range(5)]
    for text in texts:  # one process each: five parts written, merged at the third and again later
        Segmenter(kept_in=tmp_path).count(pd.Series([text]))
    (folder,) = tmp_path.iterdir()
    parts = sorted(folder.glob("part-*.parquet"))
    assert len(parts) < 3
    assert sorted(text for part in parts for text in pq.read_table(part)["text"].to_pylist()) == sorted(texts)
    parts[0].write_bytes(b"not parquet")
    expected = Segmenter().count(pd.Series(texts))
    asked = _segmented(monkeypatch)
    again = Segmenter(kept_in=tmp_path).count(pd.Series(texts))
    assert again == expected
    assert asked and set(asked) <= set(texts)
    assert not parts[0].exists()


def test_new_code_for_the_terms_starts_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Segmenter(kept_in=tmp_path).count(TEXTS)
    before = {p.name for p in tmp_path.iterdir()}
    monkeypatch.setattr(terms_cache, "_code_digest", lambda: "another version of voice.py")
    asked = _segmented(monkeypatch)
    Segmenter(kept_in=tmp_path).count(TEXTS)
    assert len(asked) == 4  # nothing read from what the old code kept
    assert {p.name for p in tmp_path.iterdir()}.isdisjoint(before)
