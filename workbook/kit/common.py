"""Pieces every generated text uses: labels in the client's wording, rubric names, list punctuation."""

from __future__ import annotations

from workbook.i18n import normalise_lang, t
from workbook.profile import Criterion, Profile


def label(profile: Profile, key: str, lang: str, **values: object) -> str:
    return t(key, normalise_lang(lang), profile.labels, **values)


def criterion_name(criterion: Criterion, lang: str) -> str:
    return criterion.label_zh if normalise_lang(lang) == "zh-CN" else criterion.label_en


def anchors(criterion: Criterion, lang: str) -> dict[int, str]:
    """The criterion's anchored levels in `lang` (the other language's where this one has none)."""
    zh = normalise_lang(lang) == "zh-CN"
    first, other = (criterion.anchors_zh, criterion.anchors_en) if zh else (criterion.anchors_en, criterion.anchors_zh)
    return dict(sorted((first or other).items()))


def joined(items: list[str], lang: str) -> str:
    """A list in running text: 甲、乙和丙 / a, b and c."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    zh = normalise_lang(lang) == "zh-CN"
    return ("、".join(items[:-1]) + "和" + items[-1]) if zh else (", ".join(items[:-1]) + " and " + items[-1])


_ENDINGS = "。！？…．.!?\"”’)）"


def sentence(text: str) -> str:
    """`text` closed as a sentence, for a setting written into running text ("每周一起学，用到工作中" + "我们看重…"
    would run on): 。 after Chinese, . after anything else, nothing when it already ends a sentence."""
    text = text.rstrip()
    if not text or text[-1] in _ENDINGS:
        return text
    return text + ("。" if "\u4e00" <= text[-1] <= "\u9fff" else ".")


def numbered(items: list[str], lang: str) -> list[str]:
    """Lines `1. …`, `2. …` (１、 style in Chinese)."""
    zh = normalise_lang(lang) == "zh-CN"
    return [f"{n}、{item}" if zh else f"{n}. {item}" for n, item in enumerate(items, start=1)]


def choice(profile: Profile, group: str, value: str, lang: str) -> str:
    """An enum value (channel, format, event_kind, content_kind) as the report pages name it."""
    return label(profile, f"report.value.{group}.{value}", lang)
