"""The voice section's segmentation shortcuts give jieba's counts exactly: a previous period's counts of the top
terms from only the texts holding one of them, and a large batch of texts segmented by forked copies."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from workbook import forked
from workbook.metrics import voice
from workbook.metrics.voice import Segmenter

TEXTS = ["复盘模板在哪里？", "OKR 复盘", "see https://okr.example.com/复盘 now", "ΣΟΦΙΑ ΚΑΙ ΣΟΦΟΣ", "σοφος",
         "Workshop WORKSHOP workshop", "销售漏斗怎么画", "okrs and OKR", None, "复盘", "复盘"]


def test_counts_of_chosen_terms_are_the_full_counts_of_those_terms() -> None:
    texts = pd.Series(TEXTS)
    full = Segmenter(["复盘", "销售漏斗"]).count(texts)
    terms = ["复盘", "okr", "workshop", "σοφος", "销售漏斗", "not-there"]
    chosen = Segmenter(["复盘", "销售漏斗"]).count_of(terms, texts)
    assert chosen == {term: full[term] for term in terms if full[term]}
    assert chosen["复盘"] == 4 and chosen["workshop"] == 3  # the URL's 复盘 and okr are not terms
    assert Segmenter().count_of([], texts) == {}


def test_only_texts_that_can_hold_a_term_are_segmented() -> None:
    segmenter = Segmenter()
    segmenter.count_of(["workshop"], pd.Series(TEXTS))
    assert set(segmenter.seen) == {"Workshop WORKSHOP workshop", "ΣΟΦΙΑ ΚΑΙ ΣΟΦΟΣ", "σοφος"}  # sigma: always


def test_a_large_batch_segmented_by_forked_copies_gives_the_same_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    words = ["复盘", "客户", "拜访", "作业", "销售", "漏斗", "OKR", "workshop", "今天", "老师", "分享", "案例"]
    texts = pd.Series(["".join(rng.choices(words, k=rng.randint(1, 9))) for _ in range(3000)])
    alone = Segmenter()
    counts_alone = alone.count(texts)
    started: list[object] = []
    start = forked.start
    # As in the `workbook` command, on a machine of two cores or more (idle threads other tests left do no harm).
    monkeypatch.setattr(forked, "usable", lambda: True)
    monkeypatch.setattr(voice.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forked, "start", lambda work: started.append(pending := start(work)) or pending)
    monkeypatch.setattr(voice, "FORK_FROM_CHARACTERS", 1)
    shared = Segmenter()
    assert shared.count(texts) == counts_alone
    assert shared.seen == alone.seen
    assert started and all(p is not None for p in started)  # the batch did go to forked copies
