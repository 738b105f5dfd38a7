"""The 群规 from the configured rules: behaviour, banned content with the words its moderation rule looks for,
allowed link domains, consequences, admins and their duties, and the community's channels."""

from __future__ import annotations

import re

from workbook.kit.common import label, numbered
from workbook.profile import Profile, Rule

_CLASS = re.compile(r"\[([^\]]+)\]")
_SPACE = re.compile(r"\\s[*+?]?")


def pattern_words(pattern: str) -> str:
    """A moderation pattern as the words it catches, for people: `\\bdiscount code\\b` → discount code,
    `加\\s*V` → 加V, `傻[逼bB]` → 傻逼 (a character class shows its first character)."""
    text = pattern.replace("\\b", "").replace("^", "").replace("$", "")
    text = _SPACE.sub("", text)
    text = _CLASS.sub(lambda m: m[1].lstrip("^")[:1], text)
    text = re.sub(r"\\(.)", r"\1", text)
    return text.strip() or pattern


def _banned_line(profile: Profile, rule: Rule, lang: str) -> str:
    configured = profile.kit.rules.banned.get(rule.name)
    what = configured.get(lang) if configured else ""
    what = what or label(profile, "kit.rules.banned_default", lang, name=rule.name)
    sep = "、" if lang == "zh-CN" else ", "
    words = sep.join(dict.fromkeys(pattern_words(p) for p in rule.patterns))
    return label(profile, "kit.rules.banned_line", lang, what=what, words=words) if words else what


def rules_text(profile: Profile, lang: str) -> str:
    """The whole 群规 as plain text, sections numbered; every configured rule, admin and channel appears."""
    kit = profile.kit
    sections: list[tuple[str, list[str]]] = []
    about = [profile.positioning.value_proposition, *(
        [label(profile, "kit.rules.values", lang, values=("、" if lang == "zh-CN" else ", ").join(
            profile.positioning.values))] if profile.positioning.values else [])]
    if any(about):
        sections.append(("about", [a for a in about if a]))
    sections.append(("behaviour", numbered([b.get(lang) for b in kit.rules.behaviour], lang)))
    banned = [_banned_line(profile, rule, lang) for rule in profile.rules]
    if profile.allowed_domains:
        sep = "、" if lang == "zh-CN" else ", "
        banned.append(label(profile, "kit.rules.links", lang, domains=sep.join(profile.allowed_domains)))
    sections.append(("banned", numbered(banned, lang)))
    sections.append(("consequences", numbered([c.get(lang) for c in kit.rules.consequences], lang)))
    if kit.rules.admins:
        sep = "；" if lang == "zh-CN" else "; "
        admins = [label(profile, "kit.rules.admin", lang, name=a.name, duties=sep.join(d.get(lang) for d in a.duties))
                  if a.duties else a.name for a in kit.rules.admins]
        sections.append(("admins", numbered(admins, lang)))
    if kit.channels:
        sections.append(("channels", numbered([channel_line(profile, c.name, c.purpose.get(lang), lang)
                                               for c in kit.channels], lang)))
    lines = [label(profile, "kit.rules.title", lang, name=profile.name)]
    for n, (key, body) in enumerate(sections, start=1):
        lines += ["", label(profile, "kit.rules.section", lang, n=n, title=label(profile, f"kit.rules.{key}", lang)),
                  *body]
    if profile.positioning.slogan:
        lines += ["", profile.positioning.slogan]
    return "\n".join(lines)


def channel_line(profile: Profile, name: str, purpose: str, lang: str) -> str:
    return label(profile, "kit.rules.channel", lang, name=name, purpose=purpose) if purpose else name
