"""metric_keys and resolve: the dotted keys goal forms offer."""

from __future__ import annotations

import json
import math
from typing import Any

from workbook import metrics
from workbook.metrics.keys import is_metric_key


def test_every_key_resolves_on_a_real_document(document: dict[str, Any]) -> None:
    keys = metrics.metric_keys()
    assert {"engagement.posting_rate", "events_summary.mean_score", "content_summary.member_generated_share"} \
        <= set(keys)
    # Every key points at a number or null, never at a dict or a list.
    for key in keys:
        node: Any = document
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        assert node is None or isinstance(node, int | float), key


def test_resolve(document: dict[str, Any]) -> None:
    assert metrics.resolve(document, "engagement.tiers.heavy") == 2.0
    assert metrics.resolve(document, "events.E2.score") == 100.0
    assert metrics.resolve(document, "engagement.no_such_key") is None
    assert metrics.resolve(document, "engagement.tiers") is None


def test_quiz_keys_name_a_quiz_or_pair_by_id() -> None:
    assert metrics.metric_keys(quiz_ids=["Q1"], post_ids=["POST"])[-6:] == [
        "quizzes.Q1.participants", "quizzes.Q1.mean_pct", "quizzes.Q1.median_pct", "quizzes.Q1.pass_rate",
        "quiz_pre_post.POST.members", "quiz_pre_post.POST.mean_delta_pct"]
    # A goal may name a quiz before it has results; only the figures of a quiz row are numbers.
    assert is_metric_key("quizzes.Q9.pass_rate") and is_metric_key("engagement.posting_rate")
    assert not is_metric_key("quizzes.Q9.top") and not is_metric_key("quizzes.pass_rate")
    document = {"quizzes": [{"quiz_id": "Q1", "pass_rate": 0.5}],
                "quiz_pre_post": [{"pre_id": "PRE", "post_id": "POST", "mean_delta_pct": 0.2}]}
    assert metrics.resolve(document, "quizzes.Q1.pass_rate") == 0.5
    assert metrics.resolve(document, "quiz_pre_post.POST.mean_delta_pct") == 0.2


def test_document_is_strict_json(document: dict[str, Any]) -> None:
    text = json.dumps(document, allow_nan=False, ensure_ascii=False)
    assert set(json.loads(text)) == {"period", "engagement", "events", "events_summary", "content",
                                     "content_summary", "recruitment", "goals", "points", "culture",
                                     "moderation", "quizzes", "quiz_pre_post", "voice", "recommendations"}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        else:
            assert node is None or type(node) in (int, float, str, bool)
            assert not (isinstance(node, float) and math.isnan(node))

    walk(document)
