"""Scoring an applicant on the default rubric, the suggestion, the decision and the live funnel."""

from __future__ import annotations

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.screening import screening_form
from workbook.profile import load_profile, save_profile


def _applicant(ctx: FormContext, applicant_id: str) -> dict[str, object]:
    frame = store.read_table(ctx.engine, ctx.client, "applicants")
    return frame.loc[frame["applicant_id"] == applicant_id].iloc[0].to_dict()


def test_score_suggest_decide_and_save(ctx: FormContext) -> None:
    # Two applicants, one per channel: with groups of 2 allowed, both fold into an "other" of 2.
    profile = load_profile(ctx.client)
    profile.privacy = profile.privacy.model_copy(update={"min_group_size": 2})
    save_profile(ctx.client, profile)
    ctx.__dict__.pop("profile", None)
    form = screening_form(ctx)
    form.applicant.value = "a1"
    # Weights 0.3, 0.3, 0.2, 0.2; scores 5, 5, 3, 3 → mean 1.5+1.5+0.6+0.6 = 4.2 → (4.2−1)/4·100 = 80 → accept.
    for key, value in {"motivation": 5, "relevance": 5, "foundation": 3, "commitment": 3}.items():
        form.criteria[key].value = value
    assert "80 / 100" in form.score.value and "Accept" in form.score.value
    form.decision.value = "accept"
    form.save.click()
    assert form.status.level == "ok", form.status.value
    saved = _applicant(ctx, "a1")
    assert saved["scores"] == {"motivation": 5, "relevance": 5, "foundation": 3, "commitment": 3}
    assert saved["decision"] == "accept" and saved["decided_by"] == "alice" and saved["version"] == 2
    # Channels of 1 < 2 fold into "other": 2 applied, 1 screened, 1 accepted.
    assert "<td>other</td><td>2</td><td>1</td><td>1</td><td>0</td>" in form.funnel.value


def test_the_funnel_shows_no_group_smaller_than_the_privacy_minimum(ctx: FormContext) -> None:
    # Default min_group_size 5: an "other" of 2 applicants would single people out, so no row is shown.
    assert "<td>other</td>" not in screening_form(ctx).funnel.value


def test_a_decision_without_scores_is_refused(ctx: FormContext) -> None:
    form = screening_form(ctx)
    form.applicant.value = "a2"
    form.decision.value = "reject"
    form.save.click()
    assert form.status.level == "error" and "score the applicant" in form.fields["decision"].error.value
    assert _applicant(ctx, "a2")["decision"] is None


def test_partial_scores_reweight(ctx: FormContext) -> None:
    form = screening_form(ctx)
    form.applicant.value = "a2"
    # Only foundation (0.2) = 2 → mean 2 → 25 → reject.
    form.criteria["foundation"].value = 2
    assert "25 / 100" in form.score.value and "Reject" in form.score.value


def test_concurrent_screening_is_refused(ctx: FormContext, other: FormContext) -> None:
    mine, theirs = screening_form(ctx), screening_form(other)
    mine.applicant.value = theirs.applicant.value = "a2"
    theirs.criteria["motivation"].value = 4
    theirs.save.click()
    mine.criteria["motivation"].value = 2
    mine.save.click()
    assert mine.status.level == "warning" and "bob" in mine.status.value
    assert _applicant(ctx, "a2")["scores"] == {"motivation": 4}
    # In the page's language, by label, no JSON or column names, minutes not microseconds.
    text = mine.status.value
    assert "Scores: Motivation 4 → Motivation 2" in text and "just now" in text
    assert "{" not in text and "scores" not in text and "decided_by" not in text
    assert [b.description for b in mine.status.actions.children] == ["Keep mine", "Take theirs"]


def test_the_same_applicant_saved_twice_is_two_versions(ctx: FormContext) -> None:
    form = screening_form(ctx)
    form.applicant.value = "a1"
    form.criteria["motivation"].value = 3
    form.save.click()
    form.criteria["motivation"].value = 4
    form.save.click()
    assert form.status.level == "ok", form.status.value
    assert _applicant(ctx, "a1")["version"] == 3 and _applicant(ctx, "a1")["scores"] == {"motivation": 4}


def test_keep_mine_saves_over_theirs_and_take_theirs_loads_them(ctx: FormContext, other: FormContext) -> None:
    mine, theirs = screening_form(ctx), screening_form(other)
    mine.applicant.value = theirs.applicant.value = "a2"
    theirs.criteria["motivation"].value = 4
    theirs.save.click()
    mine.criteria["motivation"].value = 2
    mine.save.click()
    keep, _take = mine.status.actions.children
    keep.click()
    assert mine.status.level == "ok" and _applicant(ctx, "a2")["scores"] == {"motivation": 2}
    # Now bob is behind: he takes alice's values instead of overwriting them.
    theirs.criteria["motivation"].value = 5
    theirs.save.click()
    assert theirs.status.level == "warning" and "alice" in theirs.status.value
    assert "评分" in theirs.status.value  # bob reads Chinese
    _keep, take = theirs.status.actions.children
    take.click()
    assert theirs.criteria["motivation"].value == 2 and theirs.state["version"] == 3
    theirs.criteria["relevance"].value = 3
    theirs.save.click()
    assert theirs.status.level == "ok" and _applicant(ctx, "a2")["scores"] == {"motivation": 2, "relevance": 3}


def test_no_name_no_save(ctx: FormContext) -> None:
    ctx.who = ""
    form = screening_form(ctx)
    form.applicant.value = "a1"
    form.criteria["motivation"].value = 3
    form.save.click()
    assert form.status.level == "error" and "type your name" in form.status.value
    assert _applicant(ctx, "a1")["version"] == 1
