"""What members want (interest survey): topics and formats ranked by how many responses picked them, formats
read as content formats and event kinds, and the top topics turned into suggested content-plan slots."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from workbook.kit.common import choice, label
from workbook.plan_suggestions import Suggestion
from workbook.profile import Profile

SOURCE = "interests"
TOP_TOPICS = 3
# Words in a format answer → the content format / content kind / event kind it asks for (first match wins).
CONTENT_FORMAT_WORDS = (("视频", "video"), ("video", "video"), ("音频", "audio"), ("播客", "audio"),
                        ("audio", "audio"), ("podcast", "audio"), ("文档", "document"), ("pdf", "document"),
                        ("document", "document"), ("图文", "text"), ("文章", "text"), ("文字", "text"),
                        ("article", "text"), ("text", "text"), ("图片", "image"), ("海报", "image"),
                        ("infographic", "image"), ("image", "image"))
CONTENT_KIND_WORDS = (("课件", "courseware"), ("courseware", "courseware"), ("slides", "courseware"),
                      ("案例", "case_study"), ("case", "case_study"), ("行业", "industry_news"),
                      ("资讯", "industry_news"), ("news", "industry_news"), ("最佳实践", "best_practice"),
                      ("best practice", "best_practice"), ("经验分享", "member_story"), ("故事", "member_story"),
                      ("stor", "member_story"), ("视频", "video"), ("video", "video"))
EVENT_KIND_WORDS = (("直播", "live_lecture"), ("讲座", "live_lecture"), ("live", "live_lecture"),
                    ("lecture", "live_lecture"), ("研讨", "webinar"), ("webinar", "webinar"), ("竞赛", "quiz"),
                    ("测验", "quiz"), ("quiz", "quiz"), ("工作坊", "workshop"), ("workshop", "workshop"),
                    ("交流会", "industry_meetup"), ("沙龙", "industry_meetup"), ("meetup", "industry_meetup"),
                    ("团建", "team_building"), ("team building", "team_building"))
_WEEKDAYS = (("周一", "星期一", "monday", "mon"), ("周二", "星期二", "tuesday", "tue"),
             ("周三", "星期三", "wednesday", "wed"), ("周四", "星期四", "thursday", "thu"),
             ("周五", "星期五", "friday", "fri"), ("周六", "星期六", "saturday", "sat"),
             ("周日", "星期日", "周天", "星期天", "sunday", "sun"))


@dataclass(frozen=True)
class Ranked:
    """An answer option, the responses that picked it, and their share of the responses that answered."""

    option: str
    responses: int
    share: float


def _lists(frame: pd.DataFrame, field: str) -> list[list[str]]:
    if field not in frame:
        return []
    return [[str(v) for v in value] for value in frame[field] if isinstance(value, list) and value]


def rank(frame: pd.DataFrame, field: str) -> list[Ranked]:
    """Options of `field` (topics, formats, times) by responses picking them, most first, ties by name; the
    share is over responses that picked at least one option of the question."""
    answered = _lists(frame, field)
    counts = Counter(option for picks in answered for option in dict.fromkeys(picks))
    return [Ranked(option, n, n / len(answered)) for option, n in sorted(counts.items(), key=lambda kv: (-kv[1],
                                                                                                        kv[0]))]


def _first_match(text: str, words: tuple[tuple[str, str], ...]) -> str | None:
    lowered = text.lower()
    return next((code for word, code in words if word in lowered), None)


def content_format(option: str) -> str | None:
    return _first_match(option, CONTENT_FORMAT_WORDS)


def content_kind(option: str) -> str | None:
    return _first_match(option, CONTENT_KIND_WORDS)


def event_kind(option: str) -> str | None:
    return _first_match(option, EVENT_KIND_WORDS)


def weekday(option: str) -> int | None:
    """Monday 0 … Sunday 6 for an answer naming a day (周二晚上, Tuesday evening), else None."""
    lowered = option.lower()
    for day, names in enumerate(_WEEKDAYS):
        if any(re.search(rf"{re.escape(n)}(?![a-z])", lowered) for n in names):
            return day
    return None


def event_kinds(formats: list[Ranked]) -> list[tuple[str, int]]:
    """Event kinds the ranked formats ask for, with the responses behind each (several options may add up)."""
    totals: Counter[str] = Counter()
    for r in formats:
        kind = event_kind(r.option)
        if kind:
            totals[kind] += r.responses
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))


def _days(start: date, end: date, preferred: list[int], count: int) -> list[date]:
    """`count` days from start to end: each week's most wanted weekday (every Monday and the first day when no
    day is wanted), in order; a range with fewer such days gives them again in turn."""
    day = preferred[0] if preferred else None
    span = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    days = [d for d in span if d.weekday() == day] if day is not None else []
    days = days or [d for d in span if d == start or d.weekday() == 0]
    return [days[i % len(days)] for i in range(count)] if days else []


def suggestions(frame: pd.DataFrame, profile: Profile, start: date, end: date, lang: str,
                top: int = TOP_TOPICS) -> list[Suggestion]:
    """The `top` topics as slots from `start` to `end`, one a week on the most wanted day, in the most wanted
    content format and kind; the reason says how many responses asked for the topic."""
    topics = rank(frame, "topics")[:top]
    formats = rank(frame, "formats")
    times = [d for d in (weekday(r.option) for r in rank(frame, "times")) if d is not None]
    fmt = next((f for f in (content_format(r.option) for r in formats) if f), None)
    kind = next((k for k in (content_kind(r.option) for r in formats) if k), None)
    days = _days(start, end, list(dict.fromkeys(times)), len(topics))
    return [Suggestion(due=day, topic=r.option, source=SOURCE, kind=kind, format=fmt,
                       reason=label(profile, "kit.interests.reason", lang, n=r.responses, share=f"{r.share:.0%}"))
            for r, day in zip(topics, days, strict=False)]


def plan_suggestions(engine: Any, client: str, profile: Profile, period: Any, lang: str) -> list[Suggestion]:
    """plan_suggestions provider: the interest survey's top topics as slots in `period`."""
    from workbook import store

    frame = store.read_table(engine, client, "interests")
    return suggestions(frame, profile, period.start, period.end, lang) if len(frame) else []


def format_label(profile: Profile, option: str, lang: str) -> str:
    """An answer with what the workbook reads it as: `直播讲座 → 直播讲座 (event)`."""
    parts = [choice(profile, "format", f, lang) for f in [content_format(option)] if f]
    parts += [choice(profile, "event_kind", k, lang) for k in [event_kind(option)] if k]
    return f"{option} → {' · '.join(parts)}" if parts else option
