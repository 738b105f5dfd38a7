"""for_period reads the client's profile and store once and returns the same document as compute."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from workbook import metrics, store
from workbook.metrics.keys import resolve
from workbook.profile import Profile
from workbook.store import Frames


def _storable(value: Any) -> Any:
    """A frame cell as the store's upsert wants it (naive UTC datetimes, JSON text, None for NaN)."""
    if isinstance(value, dict):
        return json.dumps(value)
    if pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").tz_localize(None).to_pydatetime()
    return value


def test_store_round_trip(frames: Frames, profile: Profile, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WORKBOOK_DB_URL", raising=False)
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "client.yaml").write_text(
        yaml.safe_dump(profile.model_dump(mode="json"), allow_unicode=True), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'acme.sqlite'}"
    with store.transaction(store.engine("acme", url)) as conn:
        for f in fields(frames):
            table = getattr(frames, f.name).drop(columns="version").astype(object)
            rows = [{k: _storable(v) for k, v in r.items()} | {"client": "acme"} for r in table.to_dict("records")]
            store.upsert_rows(conn, f.name, rows)
    document = metrics.for_period("acme", "2026-10", db_url=url)
    # Same figures as the in-memory fixture (see test_engagement.py, test_events.py, test_culture.py).
    assert resolve(document, "engagement.posting_rate") == pytest.approx(5 / 9)
    assert resolve(document, "engagement.gini_messages") == pytest.approx(56 / 90)
    assert resolve(document, "events_summary.mean_score") == pytest.approx(91.25)
    assert resolve(document, "culture.core_member_count") == 2
