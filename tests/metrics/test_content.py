"""content and content_summary of the conftest community, by hand."""

from __future__ import annotations

from typing import Any

import pytest


def test_items(document: dict[str, Any]) -> None:
    c1, c2 = document["content"]
    # C3 was published in September. C1: views m1, m1, m5; like m1 + comment m5.
    assert (c1["content_id"], c1["kind"], c1["format"]) == ("C1", "courseware", "video")
    assert (c1["views"], c1["unique_viewers"], c1["reactions"]) == (3, 2, 2)
    assert c1["attention"] == pytest.approx(2 / 9) and c1["interaction_rate"] == pytest.approx(2 / 3)
    # C2: view + share by m3 in October; m6's view is on 11-01.
    assert (c2["views"], c2["unique_viewers"], c2["reactions"]) == (1, 1, 1)
    assert c2["attention"] == pytest.approx(1 / 9) and c2["interaction_rate"] == 1.0


def test_summary(document: dict[str, Any]) -> None:
    summary = document["content_summary"]
    assert summary["published"] == 2
    assert summary["by_format"]["video"] == 1 and summary["by_format"]["document"] == 0
    assert summary["by_kind"]["member_story"] == 1
    assert summary["member_generated_share"] == 0.5
    # Due in October: P1 (published), P2 (planned), P3 (cancelled); P4 is due in November.
    assert summary["plan_adherence"] == pytest.approx(1 / 3)
    assert summary["median_attention"]["video"] == pytest.approx(2 / 9)
    assert summary["median_attention"]["audio"] is None
