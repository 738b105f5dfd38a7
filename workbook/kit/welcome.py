"""The welcome message for newcomers: who we are, where to post what, three first steps, whom to ask."""

from __future__ import annotations

from collections.abc import Sequence

from workbook.kit.common import label, numbered
from workbook.kit.rules_text import channel_line
from workbook.profile import Profile


def welcome(profile: Profile, lang: str, names: Sequence[str] = ()) -> str:
    """Plain text; with `names` it greets them by @mention (the newcomers not yet greeted)."""
    p, kit = profile.positioning, profile.kit
    mentions = " ".join(f"@{n}" for n in names)
    lines = [label(profile, "kit.welcome.hello_named" if names else "kit.welcome.hello", lang, name=profile.name,
                   mentions=mentions)]
    if p.value_proposition:
        lines.append(p.value_proposition)
    if kit.channels:
        lines += ["", label(profile, "kit.welcome.channels", lang),
                  *(f"· {channel_line(profile, c.name, c.purpose.get(lang), lang)}" for c in kit.channels)]
    lines += ["", label(profile, "kit.welcome.steps", lang),
              *numbered([label(profile, f"kit.welcome.step.{s}", lang) for s in ("introduce", "rules", "ask")], lang)]
    if kit.rules.admins:
        sep = "、" if lang == "zh-CN" else ", "
        lines += ["", label(profile, "kit.welcome.admins", lang, names=sep.join(a.name for a in kit.rules.admins))]
    if p.slogan:
        lines += ["", p.slogan]
    return "\n".join(lines)
