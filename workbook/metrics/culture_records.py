"""The culture programme's records as the culture chapter, the stories and core-member pages and the yearbook show
them, in no language yet: the period's accepted stories with what a report may quote, the core members' roster, and
imported outcomes beside activity tiers and departments. Period snapshot tables (snapshot.build.TABLES), so a
report kernel reads them from the snapshot and never opens the store."""

from __future__ import annotations

import pandas as pd

from workbook.metrics import core_programme, outcomes, stories
from workbook.metrics.context import Context
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames

STORY_COLUMNS = ("at", "kind", "title", "members", "tags", "body", "withheld", "quotes")
ROSTER_COLUMNS = ("member", "role", *core_programme.CONTRIBUTIONS[:5])
TIER_COLUMNS = ("measure", "level", "tier", "members", "mean", "median")
DEPARTMENT_COLUMNS = ("measure", "level", "department", "members", "active_rate", "value")


def accepted_stories(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Accepted stories of P, oldest first: members by name only when they agreed (ids otherwise), quotes only of
    those members, and `withheld` (body and title kept out) when the text names anyone else — consent may have been
    withdrawn since the story was accepted."""
    chosen = stories.accepted_in_period(frames.stories, period)
    if chosen.empty:
        return pd.DataFrame(columns=list(STORY_COLUMNS))
    members = frames.members
    names, allowed = stories.display_names(members, profile), stories.consenting(members, profile)
    # Messages before the window are read without their text: nothing there to quote.
    quotable = frames.messages.loc[frames.messages["text"].notna()]
    rows = []
    for story in chosen.itertuples():
        body = " ".join((story.body or "").split())  # one paragraph: a table cell shows no line breaks
        withheld = bool(stories.unconsented_names(f"{story.title}\n{body}", members, profile))
        rows.append({
            "at": story.at, "kind": story.kind or "other", "title": "" if withheld else story.title,
            "members": ", ".join(names.get(m, m) for m in stories.split_list(story.members)),
            "tags": story.tags or "", "body": "" if withheld else body, "withheld": withheld,
            "quotes": " / ".join(stories.quotes_for_report(stories.split_list(story.refs), quotable,
                                                          frames.feedback, allowed, names))})
    return pd.DataFrame(rows, columns=list(STORY_COLUMNS))


def core_roster(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Roles active in P with each holder's contributions of P; members named only when they agreed."""
    table = core_programme.roster(Context(frames, profile, period), frames.core_roles, frames.mentoring,
                                  frames.core_tasks)
    names = stories.display_names(frames.members, profile)
    return pd.DataFrame({"member": [names.get(m, m) for m in table["member_id"]], "role": table["role"].to_numpy(),
                         **{c: table[c].to_numpy() for c in ROSTER_COLUMNS[2:]}}, columns=list(ROSTER_COLUMNS))


def outcome_tiers(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    if frames.outcomes.empty:
        return pd.DataFrame(columns=list(TIER_COLUMNS))
    return outcomes.by_tier(Context(frames, profile, period), frames.outcomes)


def outcome_departments(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    if frames.outcomes.empty:
        return pd.DataFrame(columns=list(DEPARTMENT_COLUMNS))
    return outcomes.by_department(Context(frames, profile, period), frames.outcomes)[0]


def outcome_gaps(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """One row: departments left out as smaller than min_group_size, and member subjects matching no member."""
    if frames.outcomes.empty:
        return pd.DataFrame({"left_out": [0], "unmatched": [0]})
    ctx = Context(frames, profile, period)
    return pd.DataFrame({"left_out": [outcomes.by_department(ctx, frames.outcomes)[1]],
                         "unmatched": [len(outcomes.unmatched(ctx, frames.outcomes))]})
