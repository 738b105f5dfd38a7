"""Needs → plan: each hot term of the period (METRICS.md voice.hot_terms) matched to the content items that cover
it, with the attention each got in the period; terms members keep raising that no item covers are gaps, which
the content page offers as slots for the next period (workbook.plan_suggestions, source "voice").

A term covers an item when it appears (case-insensitive) in the item's title or topic. An item's attention in P
is unique viewers in P ÷ members in P (METRICS.md content.attention), whenever it was published (up to P's end).
A gap is a term counted at least DEMAND_MIN_COUNT times in P that no item covers and no plan slot names, and that
can name a topic: no word of it is, by jieba's part-of-speech tags, a time word, pronoun, conjunction, adverb,
particle or another function word (中午, 周末, 这块, 还要, 讲得 are left out; 报销, 挑战, 课后练习 stay). Terms of the
client's own dictionary and Latin-script words always can. Verbs stay: many name what a community learns (报销, 谈判).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import pandas as pd

from workbook.metrics.context import Context, ratio

DEMAND_MIN_COUNT = 3
SOURCE = "voice"


@dataclass(frozen=True)
class Coverage:
    content_id: str
    title: str
    attention: float | None


@dataclass(frozen=True)
class TermNeed:
    term: str
    count: int
    prev_count: int
    items: tuple[Coverage, ...]

    @property
    def gap(self) -> bool:
        return not self.items and self.count >= DEMAND_MIN_COUNT


def attention_in_period(ctx: Context) -> pd.Series:
    """content_id → unique non-staff viewers in P ÷ members in P, for every item published by P's end."""
    content = ctx.frames.content
    published = content.loc[content["published_at"] < ctx.end_at, "content_id"]
    views = ctx.interactions.loc[(ctx.interactions["action"] == "view")
                                 & ctx.interactions["member_id"].isin(ctx.members_in_period)]
    viewers = views.groupby("content_id")["member_id"].nunique()
    members = len(ctx.members_in_period)
    return pd.Series({cid: ratio(float(viewers.get(cid, 0)), members) for cid in published}, dtype=object)


def match_terms(hot_terms: list[dict[str, Any]], content: pd.DataFrame, attention: pd.Series) -> list[TermNeed]:
    """Each hot term with the items whose title or topic contains it, best attention first."""
    items = content.loc[content["content_id"].isin(attention.index)]
    texts = [(str(r.content_id), str(r.title or ""), f"{r.title or ''} {r.topic or ''}".lower())
             for r in items.itertuples()]
    needs = []
    for hot in hot_terms:
        term = str(hot["term"]).lower()
        covered = [Coverage(cid, title, attention.get(cid)) for cid, title, text in texts if term in text]
        covered.sort(key=lambda c: (-(c.attention or 0.0), c.content_id))
        needs.append(TermNeed(str(hot["term"]), int(hot["count"]), int(hot.get("prev_count") or 0), tuple(covered)))
    return needs


def needs(ctx: Context, hot_terms: list[dict[str, Any]]) -> list[TermNeed]:
    """The period's hot terms (from its metrics document) matched to its content."""
    return match_terms(hot_terms, ctx.frames.content, attention_in_period(ctx))


def planned_topics(plan: pd.DataFrame) -> set[str]:
    if plan is None or plan.empty:
        return set()
    return {str(t).strip().lower() for t in plan["topic"] if isinstance(t, str) and t.strip()}


# jieba's tags of words that never name a topic: time (t), pronoun (r), conjunction (c), adverb (d), particle (u…),
# preposition (p), numeral (m), classifier (q), modal (y), interjection (e), onomatopoeia (o), direction (f).
FUNCTION_TAGS = ("t", "r", "c", "d", "u", "p", "m", "q", "y", "e", "o", "f")


@cache
def _tagger() -> Any:
    from workbook.metrics.jieba_dictionary import import_jieba

    import_jieba().setLogLevel(logging.WARNING)  # its dictionary loading notes are not the page's business
    import jieba.posseg

    return jieba.posseg


def names_a_topic(term: str, dictionary: Collection[str] = ()) -> bool:
    """Whether a hot term can be a content topic: a term of the client's dictionary (given in lower case), a
    Latin-script word, or a term none of whose words jieba tags as a function or time word."""
    if term.lower() in dictionary or term.isascii():
        return True
    return not any(word.flag.startswith(FUNCTION_TAGS) for word in _tagger().lcut(term))


def gaps(found: list[TermNeed], plan: pd.DataFrame, dictionary: Iterable[str] = ()) -> list[TermNeed]:
    """Terms with demand, no content and a topic's name, not yet named by a plan slot's topic."""
    taken = planned_topics(plan)
    words = {word.lower() for word in dictionary}
    return [n for n in found if n.gap and n.term.lower() not in taken and names_a_topic(n.term, words)]


def suggested_due(period_end: date) -> date:
    """A gap's slot is planned for the first Monday after the period."""
    day = period_end + timedelta(days=1)
    return day + timedelta(days=(7 - day.weekday()) % 7)
