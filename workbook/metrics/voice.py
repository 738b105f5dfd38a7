"""METRICS.md `voice`: what members talk and ask about — hot terms against the previous period, questions left
open, and the themes of each event's feedback comments. Chinese is segmented with jieba (plus the client's
dictionary of programme terms), Latin-script words are lower-cased, stop words of both languages dropped."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbook import forked
from workbook.metrics import jieba_dictionary, terms_cache
from workbook.metrics.context import DAY, QUESTION_MARKS, Context
from workbook.profile import Profile

HOT_TERMS = 20
THEMES_PER_EVENT = 5
MIN_TERM_LENGTH = 2
# Below this many characters (about a third of a second of jieba) a fork costs more than it saves.
FORK_FROM_CHARACTERS = 100_000
MAX_SEGMENTING_PROCESSES = 4
_SIGMA = re.compile("[Σσς]")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Beyond ?/？: words that ask in Chinese anywhere, an English question word opening the message, or 吗 ending it.
_ASKING_ZH = re.compile(r"请问|怎么|如何|为什么|为啥|是否|有没有|能不能|可不可以|吗\s*[。.!！~～]*\s*$")
_ASKING_EN = re.compile(r"^\s*(?:how|what|why|when|where|who|which|can|could|does|do|is|are|should|would)\s+\w",
                        re.IGNORECASE)



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS_ZH = _words("""
我们 你们 他们 她们 它们 大家 自己 什么 怎么 怎样 这个 那个 这些 那些 这样 那样 这里 那里 可以 就是 还是 但是
因为 所以 如果 一个 一下 一些 没有 已经 时候 现在 今天 明天 昨天 请问 谢谢 感谢 好的 收到 知道 觉得 真的 非常
比较 然后 还有 或者 而且 不是 是不是 有没有 能不能 为什么 如何 哈哈 哈哈哈 嗯嗯 同意 大佬 老师 同学 一起 这么 那么
关于 部分 其实 应该 需要 出来 起来 一直 可能 这种 那种 图片 表情
""")
STOP_WORDS_EN = _words("""
the and for you that this with are was were have has had not but what how why when where who whom which can could
would should will just about from they them there their our ours your yours into been also like get got yes okay
thanks thank please its it's i'm don't does did doing done than then some any all one two very much more most
here out over under again only same such own too off our we us my me he she his her him be is am do an or if of
to in on at by as so no up hi hello ok lol
""")


def looks_like_question(text: str) -> bool:
    """A message that asks: ?/？ anywhere, 请问/怎么/如何/为什么… anywhere, 吗 at the end, or opening how/what/why…"""
    return bool(re.search(QUESTION_MARKS, text) or _ASKING_ZH.search(text) or _ASKING_EN.match(text))


@cache
def _tokenizer(dictionary: tuple[str, ...]) -> Any:
    """A jieba tokenizer with the whole dictionary of its own per client dictionary (jieba's default one is shared
    process-wide); loading it also keeps the dictionary's shards for the next processes (jieba_dictionary)."""
    jieba = jieba_dictionary.import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    shards = jieba_dictionary.shards_path()
    if not shards.is_file():
        jieba_dictionary.write_shards(tokenizer, shards)
    for term in dictionary:
        tokenizer.add_word(term)
    return tokenizer


_LOADED: set[tuple[str, ...]] = set()  # client dictionaries whose whole-dictionary tokenizer this process holds


def _whole(dictionary: tuple[str, ...]) -> Any:
    _LOADED.add(dictionary)
    return _tokenizer(dictionary)


def _tokenizer_for(dictionary: tuple[str, ...], texts: Iterable[str]) -> Any:
    """The whole-dictionary tokenizer when this process holds it already, else one holding only what `texts` can
    look up (the same terms, in milliseconds rather than 0.6 s), else the whole one."""
    if dictionary in _LOADED:
        return _tokenizer(dictionary)
    partial = jieba_dictionary.partial_tokenizer(texts, dictionary)
    return partial if partial is not None else _whole(dictionary)


class Segmenter:
    """Text → terms for one client: its dictionary and stop words, each distinct text segmented once (and with a
    terms folder, once across processes); counting is done in Arrow, over distinct texts weighted by repeats."""

    def __init__(self, dictionary: Iterable[str] = (), stop_words: Iterable[str] = (),
                 kept_in: Path | None = None) -> None:
        self.dictionary = tuple(sorted(set(dictionary)))
        self.stop = STOP_WORDS_ZH | STOP_WORDS_EN | {w.lower() for w in stop_words}
        self.kept_in = kept_in
        self.known = terms_cache.EMPTY  # (text, terms) of every text this segmenter has the terms of

    @cached_property
    def kept(self) -> terms_cache.TermsCache | None:
        """Terms of texts segmented by earlier processes, when a client's folder was given."""
        if self.kept_in is None:
            return None
        return terms_cache.TermsCache(self.kept_in, {
            "jieba": jieba_dictionary.shards_path().name, "min": MIN_TERM_LENGTH, "dictionary": self.dictionary,
            "stop": sorted(self.stop)})

    @property
    def seen(self) -> dict[str, list[str]]:
        """The texts this segmenter has the terms of, with their terms."""
        return dict(zip(self.known["text"].to_pylist(), self.known["terms"].to_pylist(), strict=True))

    def terms(self, text: str) -> list[str]:
        return list(self._terms_of(pa.array([text], pa.string()))[0].as_py())

    def count(self, texts: pd.Series) -> Counter[str]:
        """Occurrences of every term over the texts (each distinct text segmented once, weighted by repeats)."""
        return self._count(*_distinct(texts))

    def count_of(self, terms: Collection[str], texts: pd.Series) -> Counter[str]:
        """Occurrences of `terms` alone over the texts: only texts holding one of them (lower-cased) are segmented,
        as a term is always a piece of its text. Texts with a sigma are kept whatever they hold: lower-casing Σ
        depends on where it stands, so a term's Σ may not lower-case as the whole text's does."""
        if not terms:
            return Counter()
        wanted = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)))
        distinct, weights = _distinct(texts)
        holding = pa.array([bool(wanted.search(text.lower()) or _SIGMA.search(text)) for text in distinct.to_pylist()],
                           pa.bool_())
        counts = self._count(distinct.filter(holding), weights.filter(holding))
        return Counter({term: counts[term] for term in terms if counts[term]})

    def _count(self, distinct: pa.Array, weights: pa.Array) -> Counter[str]:
        terms = self._terms_of(distinct)
        counted = pa.table({"term": pc.list_flatten(terms), "n": pc.take(weights, pc.list_parent_indices(terms))}
                           ).group_by("term", use_threads=False).aggregate([("n", "sum")])
        return Counter(dict(zip(counted["term"].to_pylist(), counted["n_sum"].to_pylist(), strict=True)))

    def _terms_of(self, texts: pa.Array) -> pa.Array:
        """The terms of each of `texts` (distinct), as a list array in their order."""
        missing = texts.filter(pc.invert(pc.is_in(texts, value_set=self.known["text"])))
        if len(missing) and self.kept is not None:
            found = self.kept.lookup(missing)
            self.known = pa.concat_tables([self.known, found])
            missing = missing.filter(pc.invert(pc.is_in(missing, value_set=found["text"])))
        if len(missing):
            segmented = self._segment(missing.to_pylist())
            self.known = pa.concat_tables([self.known, segmented])
            if self.kept is not None:
                self.kept.add(segmented)
        return self.known["terms"].take(pc.index_in(texts, value_set=self.known["text"]))

    def _segment(self, texts: list[str]) -> pa.Table:
        """(text, terms) of `texts`, all segmented with one tokenizer; a large batch is shared with forked copies of
        this process, one per further core (jieba segments some 300,000 characters a second, in Python)."""
        cleaned = [(text, _URL.sub(" ", text)) for text in texts]
        tokenizer = _tokenizer_for(self.dictionary, (clean for _, clean in cleaned))
        shares = _shares(cleaned)
        pending = [(share, forked.start(lambda share=share: self._terms(tokenizer, share))) for share in shares[1:]]
        found = self._terms(tokenizer, shares[0])
        for share, child in pending:
            done, terms = child.result() if child is not None else (False, None)
            found.update(terms if done else self._terms(tokenizer, share))
        return pa.table({"text": list(found), "terms": list(found.values())}, schema=terms_cache.SCHEMA)

    def _terms(self, tokenizer: Any, texts: list[tuple[str, str]]) -> dict[str, list[str]]:
        """Each (text, cleaned text) → its terms."""
        found = {}
        for text, clean in texts:
            tokens = (token.strip().lower() for token in tokenizer.lcut(clean))
            found[text] = [t for t in tokens if len(t) >= MIN_TERM_LENGTH and t not in self.stop
                           and any(ch.isalpha() for ch in t)]
        return found


def _distinct(texts: pd.Series) -> tuple[pa.Array, pa.Array]:
    """The distinct texts present and how many times each occurs."""
    counted = pa.table({"text": pa.array(texts.dropna().astype(str), pa.string())}).group_by(
        "text", use_threads=False).aggregate([("text", "count")])
    return counted["text"].combine_chunks(), counted["text_count"].combine_chunks()


def _shares(texts: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The texts in one share per core when there are enough characters to repay a fork, else in one."""
    cores = min(os.cpu_count() or 1, MAX_SEGMENTING_PROCESSES) if forked.usable() else 1
    characters = sum(len(clean) for _, clean in texts)
    if cores == 1 or characters < FORK_FROM_CHARACTERS:
        return [texts]
    return [texts[i::cores] for i in range(cores)]  # interleaved: long and short texts spread evenly


def _ranked(counts: Counter[str], top: int) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def prepare(profile: Profile) -> None:
    """Make sure jieba's dictionary is kept as shards (jieba_dictionary), loading the whole of it now when it is
    not — e.g. while the store is being read (snapshot.build) rather than at the first text; a client that keeps no
    text (pseudonymised) never needs it."""
    if not profile.privacy.pseudonymise and not jieba_dictionary.shards_path().is_file():
        _whole(tuple(sorted(set(profile.voice.dictionary))))


def hot_terms(ctx: Context, segmenter: Segmenter) -> list[dict[str, Any]]:
    """Top terms of P's messages by count, each with its count in prev(P)."""
    prev = ctx.period.prev()
    top = _ranked(segmenter.count(ctx.messages["text"]), HOT_TERMS)
    before = segmenter.count_of([term for term, _ in top], ctx.messages_between(prev.start_at, prev.end_at)["text"])
    return [{"term": term, "count": n, "prev_count": before.get(term, 0)} for term, n in top]


def open_questions(ctx: Context) -> list[str]:
    """Members' questions of P (not replies) that nobody else answered with a reply within 24 h, by sent_at."""
    mine = ctx.member_messages
    asked = mine.loc[mine["reply_to"].isna() & mine["text"].notna()]
    texts = asked["text"].astype(str)
    asking = {text: looks_like_question(text) for text in texts.unique()}  # each distinct text tested once
    asked = asked.loc[texts.map(asking).to_numpy(dtype=bool)]
    if asked.empty:
        return []
    messages = ctx.frames.messages
    replies = messages.loc[messages["reply_to"].isin(asked["message_id"]), ["reply_to", "member_id", "sent_at"]]
    pairs = replies.merge(asked[["message_id", "member_id", "sent_at"]], left_on="reply_to", right_on="message_id",
                          suffixes=("", "_q"))
    delay = pairs["sent_at"] - pairs["sent_at_q"]
    answered = set(pairs.loc[(pairs["member_id"] != pairs["member_id_q"]) & (delay >= pd.Timedelta(0))
                             & (delay < DAY), "reply_to"])
    still_open = asked.loc[~asked["message_id"].isin(answered)].sort_values(["sent_at", "message_id"], kind="stable")
    return [str(m) for m in still_open["message_id"]]


def comment_themes(ctx: Context, segmenter: Segmenter) -> dict[str, list[dict[str, Any]]]:
    """Per event of P, the top terms of its feedback comments."""
    feedback = ctx.frames.feedback
    themes = {}
    for event_id in ctx.events["event_id"]:
        comments = feedback.loc[feedback["event_id"] == event_id, "comment"]
        themes[str(event_id)] = [{"term": term, "count": n}
                                 for term, n in _ranked(segmenter.count(comments), THEMES_PER_EVENT)]
    return themes


SEGMENTED_TEXTS_KEPT = 200_000
_SEGMENTERS: dict[tuple[tuple[str, ...], tuple[str, ...], Path | None], Segmenter] = {}
_kept_in: Path | None = None


@contextmanager
def terms_kept_in(folder: Path) -> Iterator[None]:
    """Within the block, segmenters keep and reuse terms in `folder` (a client's data/<client>/cache/terms)."""
    global _kept_in
    before, _kept_in = _kept_in, folder
    try:
        yield
    finally:
        _kept_in = before


def shared_segmenter(dictionary: tuple[str, ...], stop_words: tuple[str, ...]) -> Segmenter:
    """One Segmenter per dictionary, stop words and terms folder for the process: a snapshot computes P's document
    and prev(P)'s, and both count prev(P)'s texts. It forgets what it segmented beyond SEGMENTED_TEXTS_KEPT texts,
    so a long-lived kernel does not grow with every period it is shown."""
    key = (dictionary, stop_words, _kept_in)
    segmenter = _SEGMENTERS.get(key)
    if segmenter is None or segmenter.known.num_rows > SEGMENTED_TEXTS_KEPT:
        _SEGMENTERS.clear()
        segmenter = _SEGMENTERS[key] = Segmenter(dictionary, stop_words, _kept_in)
    return segmenter


def voice(ctx: Context) -> dict[str, Any]:
    """The `voice` section of METRICS.md; `text_available` is false when the period's messages carry no text
    (pseudonymised clients keep none), so a reader knows why the lists are empty."""
    settings = ctx.profile.voice
    segmenter = shared_segmenter(tuple(settings.dictionary), tuple(settings.stop_words))
    return {
        "hot_terms": hot_terms(ctx, segmenter),
        "open_questions": open_questions(ctx),
        "comment_themes": comment_themes(ctx, segmenter),
        "text_available": bool(ctx.messages["text"].notna().any()),
    }
