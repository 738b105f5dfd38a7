"""The recruitment notice (内部招募通知) from the positioning, the screening rubric and its thresholds, in three
lengths: a WeCom message, an e-mail and the text of a poster."""

from __future__ import annotations

from typing import Literal

from workbook.kit.common import anchors, choice, criterion_name, joined, label, numbered, sentence
from workbook.profile import Profile

Length = Literal["wecom", "email", "poster"]
LENGTHS: tuple[Length, ...] = ("wecom", "email", "poster")


def _facts(profile: Profile, lang: str) -> dict[str, str]:
    p, r = profile.positioning, profile.kit.recruitment
    none = label(profile, "kit.notice.unset", lang)
    return {"name": profile.name, "audience": p.audience or none, "value": sentence(p.value_proposition) or none,
            "type": label(profile, f"form.value.community_type.{p.type}", lang),
            "link": r.signup_link or label(profile, "kit.notice.link_unset", lang),
            "closes": label(profile, "kit.notice.closes", lang, deadline=r.deadline) if r.deadline else "",
            "contact": r.contact or none, "slogan": p.slogan,
            "criteria": joined([criterion_name(c, lang) for c in profile.screening_rubric], lang),
            "channels": joined([choice(profile, "channel", c, lang) for c in r.channels], lang)}


def _looking_for(profile: Profile, lang: str) -> list[str]:
    """One line per rubric criterion: its name and its best anchored level (what a strong applicant shows)."""
    lines = []
    for criterion in profile.screening_rubric:
        levels = anchors(criterion, lang)
        best = levels[max(levels)] if levels else ""
        lines.append(label(profile, "kit.notice.criterion", lang, name=criterion_name(criterion, lang), best=best)
                     if best else criterion_name(criterion, lang))
    return lines


def notice(profile: Profile, lang: str, length: Length) -> str:
    """The notice as plain text ready to paste; every rubric criterion is named in each length."""
    facts = _facts(profile, lang)
    thresholds = profile.screening_thresholds
    places = profile.kit.recruitment.places
    slogan = [label(profile, "kit.notice.slogan", lang, slogan=facts["slogan"])] if facts["slogan"] else []
    if length == "wecom":
        lines = [label(profile, "kit.notice.wecom.head", lang, **facts),
                 label(profile, "kit.notice.wecom.body", lang, **facts),
                 label(profile, "kit.notice.wecom.apply", lang, **facts), *slogan]
        return "\n".join(lines)
    values = profile.positioning.values
    gains = [label(profile, "kit.notice.values", lang, values=joined(values, lang))] if values else []
    places_line = [label(profile, "kit.notice.places", lang, n=places)] if places else []
    selection = label(profile, "kit.notice.selection", lang, accept=f"{thresholds.accept:g}",
                      waitlist=f"{thresholds.waitlist:g}")
    if length == "poster":
        lines = [label(profile, "kit.notice.poster.title", lang, **facts), *slogan, "",
                 label(profile, "kit.notice.poster.for", lang, **facts),
                 label(profile, "kit.notice.poster.gain", lang, **facts), *gains,
                 label(profile, "kit.notice.poster.criteria", lang, **facts), *places_line,
                 label(profile, "kit.notice.poster.apply", lang, **facts)]
        return "\n".join(lines)
    lines = [label(profile, "kit.notice.email.subject", lang, **facts), "",
             label(profile, "kit.notice.email.greeting", lang), "",
             label(profile, "kit.notice.email.intro", lang, **facts), *gains, "",
             label(profile, "kit.notice.email.audience", lang, **facts), "",
             label(profile, "kit.notice.email.looking_for", lang), *numbered(_looking_for(profile, lang), lang), "",
             selection, *places_line, "",
             label(profile, "kit.notice.email.apply", lang, **facts),
             label(profile, "kit.notice.email.contact", lang, **facts), *(["", *slogan] if slogan else []), "",
             label(profile, "kit.notice.email.signature", lang, **facts)]
    return "\n".join(lines)
