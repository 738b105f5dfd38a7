"""SMART checks on hand-made drafts."""

from __future__ import annotations

from datetime import date

from workbook.forms.smart import GoalDraft, blocking, smart_checks
from workbook.profile import Positioning, Profile

KEYS = ["engagement.posting_rate", "recruitment.applicants"]


def _profile(kind: str = "skills") -> Profile:
    return Profile(name="x", positioning=Positioning(type=kind, audience="new hires"))


def _draft(**changes: object) -> GoalDraft:
    base = {"statement": "Members post at least weekly", "metric": "engagement.posting_rate", "baseline": 0.4,
            "target": 0.6, "direction": "increase", "start": date(2026, 10, 1), "deadline": date(2026, 12, 31)}
    return GoalDraft(**(base | changes))  # type: ignore[arg-type]


def _levels(draft: GoalDraft, kind: str = "skills") -> dict[str, tuple[str, str]]:
    return {c.letter: (c.level, c.reason) for c in smart_checks(draft, _profile(kind), KEYS)}


def test_a_good_goal_passes_every_letter() -> None:
    # 0.6 / 0.4 = 1.5× ≤ 3×; 91 days; engagement is a skills community's domain.
    checks = smart_checks(_draft(), _profile(), KEYS)
    assert [(c.letter, c.level) for c in checks] == [("S", "ok"), ("M", "ok"), ("A", "ok"), ("R", "ok"), ("T", "ok")]
    assert checks[2].values == {"ratio": 1.5, "multiple": 3.0}
    assert checks[4].values == {"days": 91}


def test_specific_needs_length_and_an_audience_or_behaviour() -> None:
    assert _levels(_draft(statement="Grow"))["S"] == ("error", "short")
    assert _levels(_draft(statement="Make numbers better overall"))["S"] == ("error", "vague")
    assert _levels(_draft(statement="让新人在第一周内发言一次以上"))["S"] == ("ok", "ok")
    # The profile's own audience counts as naming an audience.
    assert _levels(_draft(statement="Better outcomes for new hires"))["S"] == ("ok", "ok")


def test_measurable_needs_a_known_metric_and_target() -> None:
    assert _levels(_draft(metric=None))["M"] == ("error", "no_metric")
    assert _levels(_draft(metric="engagement.nonsense"))["M"] == ("error", "no_metric")
    assert _levels(_draft(target=None))["M"] == ("error", "no_target")


def test_achievable_only_warns() -> None:
    # 160 / 40 = 4× > 3× → a warning, which does not block the save.
    draft = _draft(metric="recruitment.applicants", baseline=40, target=160)
    assert _levels(draft)["A"] == ("warning", "stretch")
    assert not blocking(smart_checks(draft, _profile(), KEYS))
    # decrease: 0.4 / 0.1 = 4× → stretch as well; no baseline → cannot judge.
    assert _levels(_draft(direction="decrease", target=0.1))["A"] == ("warning", "stretch")
    assert _levels(_draft(baseline=None))["A"] == ("warning", "no_baseline")
    assert _levels(_draft(target=0.3))["A"] == ("warning", "wrong_way")


def test_relevant_compares_the_metric_domain_with_the_community_type() -> None:
    draft = _draft(metric="recruitment.applicants")
    assert _levels(draft, "skills")["R"] == ("warning", "mismatch")
    assert _levels(draft, "onboarding")["R"] == ("ok", "ok")


def test_time_bound_within_twelve_months() -> None:
    assert _levels(_draft(deadline=date(2026, 9, 30)))["T"] == ("error", "order")
    assert _levels(_draft(deadline=date(2027, 10, 1)))["T"] == ("ok", "ok")
    assert _levels(_draft(deadline=date(2027, 10, 2)))["T"] == ("error", "too_far")
    assert _levels(_draft(start=None))["T"] == ("error", "missing")


def test_an_impossible_target_is_not_judged_for_achievability() -> None:
    # A rate beyond 100 % or a negative target: A asks for a valid target instead of blaming the baseline.
    assert _levels(_draft(target=1.6))["A"] == ("warning", "no_target")
    assert _levels(_draft(target=-5))["A"] == ("warning", "no_target")


def test_time_bound_refuses_a_deadline_already_past() -> None:
    checks = smart_checks(_draft(deadline=date(2026, 11, 1)), _profile(), KEYS, today=date(2026, 11, 27))
    assert (checks[4].level, checks[4].reason) == ("error", "past")
