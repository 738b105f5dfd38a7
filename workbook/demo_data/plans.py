"""Demo goals and the facilitators' own event scores."""

from __future__ import annotations

import numpy as np

from workbook.demo_data import corpus
from workbook.demo_data.people import Community


def goal_rows(c: Community) -> list[dict[str, str]]:
    return [{"goal_id": goal_id, "statement": statement, "metric": metric, "baseline": f"{baseline:g}",
             "target": f"{target:g}", "direction": "increase" if target > baseline else "decrease",
             "start": "2026-05-01", "deadline": "2026-12-31", "owner": c.names[i % 2]}
            for i, (goal_id, statement, baseline, target, metric) in enumerate(corpus.GOALS)]


def event_score_rows(rng: np.random.Generator, c: Community, events: list[dict[str, str]]) -> list[dict[str, str]]:
    """Two facilitators score three events (one of them in the last month) on their own rubric."""
    chosen = [events[3], events[len(events) // 2], events[-2]]
    rows = []
    for event in chosen:
        for scorer in c.names[:2]:
            row = {"event_id": event["event_id"], "scorer": scorer}
            row |= {f"score_{k}": str(int(rng.integers(3, 6))) for k in corpus.EVENT_SCORE_CRITERIA}
            row["notes"] = corpus.EVENT_SCORE_NOTES[rng.integers(0, len(corpus.EVENT_SCORE_NOTES))]
            rows.append(row)
    return rows
