"""METRICS.md `quizzes` and `quiz_pre_post`: each member's best result per quiz, pass rates, item difficulty and
the change between paired quizzes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbook.metrics.context import Context, number, ratio, within

# schemas.py gathers the `q_<item>` columns of quiz_results into `items`, keyed without the prefix.
ITEM_PREFIX = "q_"
TOP_SIZE = 3


def best_results(results: pd.DataFrame) -> pd.DataFrame:
    """One row per (quiz_id, member_id): the attempt with the highest score / max_score (column `pct`), the
    earliest submitted on ties (METRICS.md: a member's result in a quiz is their best)."""
    ranked = results.assign(pct=(results["score"] / results["max_score"]).astype("float64"))
    ranked = ranked.sort_values(["quiz_id", "member_id", "pct", "submitted_at", "attempt"],
                                ascending=[True, True, False, True, True], kind="stable")
    return ranked.drop_duplicates(["quiz_id", "member_id"], keep="first")


def item_difficulty(items: pd.Series) -> dict[str, float | None]:
    """`q_<item>` → share of the answers to it marked 1 (METRICS.md: quizzes.item_difficulty)."""
    marks = pd.DataFrame([row for row in items if isinstance(row, dict)])
    return {f"{ITEM_PREFIX}{name}": ratio(int((marks[name] == 1).sum()), int(marks[name].notna().sum()))
            for name in sorted(marks.columns)}


def _quiz_row(quiz_id: str, best: pd.DataFrame, pass_pct: float) -> dict[str, Any]:
    pct = best["pct"]
    top = best.sort_values(["pct", "submitted_at", "member_id"], ascending=[False, True, True], kind="stable")
    return {
        "quiz_id": quiz_id,
        "participants": len(best),
        "mean_pct": number(pct.mean()) if len(best) else None,
        "median_pct": number(pct.median()) if len(best) else None,
        "pass_rate": ratio(int((pct >= pass_pct).sum()), len(best)),
        "top": top["member_id"].head(TOP_SIZE).tolist(),
        "item_difficulty": item_difficulty(best["items"]),
    }


def _non_staff(ctx: Context, results: pd.DataFrame) -> pd.DataFrame:
    return results.loc[~results["member_id"].isin(ctx.staff_ids)]


def quizzes(ctx: Context) -> list[dict[str, Any]]:
    """METRICS.md `quizzes`: one row per quiz with a result submitted in P, sorted by quiz_id; the figures are
    over the non-staff participants' best results in P (item difficulty over those best attempts)."""
    results = ctx.frames.quiz_results
    in_period = results.loc[within(results["submitted_at"], ctx.start_at, ctx.end_at)]
    best = best_results(_non_staff(ctx, in_period))
    pass_pct = ctx.profile.quiz.pass_pct
    return [_quiz_row(quiz_id, best.loc[best["quiz_id"] == quiz_id], pass_pct)
            for quiz_id in sorted(in_period["quiz_id"].unique())]


def quiz_pre_post(ctx: Context) -> list[dict[str, Any]]:
    """METRICS.md `quiz_pre_post`: per configured [pre_id, post_id], the non-staff members with a result in both
    up to P's end and the mean of (post best − pre best) over them."""
    results = ctx.frames.quiz_results
    best = best_results(_non_staff(ctx, results.loc[results["submitted_at"] < ctx.end_at]))
    by_quiz = {quiz_id: rows.set_index("member_id")["pct"] for quiz_id, rows in best.groupby("quiz_id")}
    empty = pd.Series(dtype="float64")
    rows = []
    for pre_id, post_id in ctx.profile.quiz.pairs:
        pre, post = by_quiz.get(pre_id, empty), by_quiz.get(post_id, empty)
        both = pre.index.intersection(post.index)
        delta = post[both] - pre[both]
        rows.append({"pre_id": pre_id, "post_id": post_id, "members": len(both),
                     "mean_delta_pct": number(delta.mean()) if len(both) else None})
    return rows
