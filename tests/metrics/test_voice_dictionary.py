"""jieba with only the dictionary shards some texts can look up segments them exactly as the whole dictionary does
(workbook/metrics/jieba_dictionary.py): on every message and comment text of the demo, on awkward texts, with a
client dictionary; and the voice figures do not change whichever of the two a process uses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbook import store
from workbook.metrics import jieba_dictionary, voice

CLIENT_TERMS = ("复盘", "销售漏斗", "OKR 工作坊", "客户拜访前")
AWKWARD = ["", " ", "👍", "同意！", "加微信领优惠券 see https://example.org/post", "How do I apply this at work?",
           "B超和T恤，A股 3.5% #tag", "复盘模板在哪里？销售漏斗怎么画", "请问作业什么时候交？", "ｆｕｌｌ ｗｉｄｔｈ",
           "一二三四五六七八九十百千万亿" * 3, "中华人民共和国国务院总理", "line\nbreak\ttab"]


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shards written from a freshly loaded whole dictionary, in a folder of the test's own."""
    import jieba

    path = tmp_path_factory.mktemp("jieba") / "dictionary.shards"
    whole = jieba.Tokenizer()
    whole.initialize()
    jieba_dictionary.write_shards(whole, path)
    return path


@pytest.fixture
def kept(shards: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(jieba_dictionary, "shards_path", lambda: shards)
    monkeypatch.setattr(voice, "_LOADED", set())  # this process holds no whole-dictionary tokenizer yet
    return shards


def _demo_texts(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(demo_data))
    eng = store.engine("demo")
    texts = pd.concat([store.read_table(eng, "demo", "messages")["text"],
                       store.read_table(eng, "demo", "feedback")["comment"]]).dropna().astype(str)
    return sorted(set(texts))


@pytest.mark.parametrize("dictionary", [(), tuple(sorted(CLIENT_TERMS))], ids=["plain", "client-terms"])
def test_partial_dictionary_cuts_every_text_as_the_whole_one(kept: Path, demo_data: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             dictionary: tuple[str, ...]) -> None:
    texts = _demo_texts(demo_data, monkeypatch) + AWKWARD
    whole = voice._tokenizer(dictionary)
    for batch in (texts[i:i + 40] for i in range(0, len(texts), 40)):
        partial = jieba_dictionary.partial_tokenizer(batch, dictionary)
        assert partial is not None
        assert len(partial.FREQ) < len(whole.FREQ) / 5  # only the shards of the batch's characters
        assert partial.total == whole.total
        for text in batch:
            assert partial.lcut(text) == whole.lcut(text), text


def test_segmenter_counts_alike_with_either_dictionary(kept: Path) -> None:
    texts = pd.Series(AWKWARD * 3 + ["复盘 复盘，OKR 复盘！", None])
    partial = voice.Segmenter(CLIENT_TERMS).count(texts)
    assert not voice._LOADED  # it used the shards
    voice._LOADED.add(tuple(sorted(CLIENT_TERMS)))
    assert voice.Segmenter(CLIENT_TERMS).count(texts) == partial
    assert partial["复盘"] == 3 + 3 and partial["销售漏斗"] == 3  # client terms kept whole


def test_the_whole_dictionary_serves_without_shards_or_for_many_characters(tmp_path: Path, kept: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + jieba_dictionary.MOST_CHARACTERS + 1))
    assert jieba_dictionary.partial_tokenizer([many], ()) is None
    assert jieba_dictionary.partial_tokenizer(["复盘"], ()) is not None
    monkeypatch.setattr(jieba_dictionary, "shards_path", lambda: tmp_path / "missing.shards")
    assert jieba_dictionary.partial_tokenizer(["复盘"], ()) is None
