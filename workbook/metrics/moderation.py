"""METRICS.md `moderation`: messages in P breaking the client's rules, and links to unknown domains."""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbook.metrics.context import Context
from workbook.profile import Profile

ADS_RULE = "ads"
LINK_HOST = r"https?://([^/\s?#:]+)"


def foreign_links(texts: pd.Series, allowed_domains: list[str]) -> pd.Series:
    """Mask of texts holding a link whose host is neither an allowed domain nor one of its subdomains."""
    with_links = texts.loc[texts.str.contains("http", regex=False)]
    hosts = with_links.str.extractall(LINK_HOST)[0].str.lower() if len(with_links) else pd.Series(dtype=object)
    if hosts.empty:
        return pd.Series(False, index=texts.index)
    allowed = pd.Series(False, index=hosts.index)
    for domain in (d.lower().lstrip(".") for d in allowed_domains):
        allowed |= (hosts == domain) | hosts.str.endswith("." + domain)
    bad_rows = hosts.index.get_level_values(0)[~allowed.to_numpy()]
    return pd.Series(texts.index.isin(bad_rows), index=texts.index)


def rule_matches(texts: pd.Series, profile: Profile) -> dict[str, pd.Series]:
    """Rule name → mask of texts matching any of its patterns (ads also catches foreign links)."""
    matches = {rule.name: texts.str.contains("|".join(f"(?:{p})" for p in rule.patterns), regex=True)
               for rule in profile.rules if rule.patterns}
    links = foreign_links(texts, profile.allowed_domains)
    matches[ADS_RULE] = matches[ADS_RULE] | links if ADS_RULE in matches else links
    return matches


def moderation(ctx: Context) -> dict[str, Any]:
    """Violations by rule, members with ≥ 2 flagged messages, and the flagged message ids per rule."""
    messages = ctx.messages.loc[ctx.messages["text"].notna(), ["message_id", "member_id", "text"]]
    texts = messages["text"].astype(str)
    matches = rule_matches(texts, ctx.profile)
    flagged = pd.Series(False, index=messages.index)
    for mask in matches.values():
        flagged |= mask
    per_member = messages.loc[flagged, "member_id"].value_counts()
    repeat = sorted(per_member.index[per_member >= 2])
    return {
        "violations": {name: int(mask.sum()) for name, mask in matches.items()},
        "flagged_messages": int(flagged.sum()),
        "repeat_offenders": repeat,
        "repeat_offender_count": len(repeat),
        "message_ids": {name: sorted(messages.loc[mask, "message_id"]) for name, mask in matches.items()},
    }
