"""The metrics document through the store: a fixture community written to SQLite gives, via the windowed read
and the snapshot, exactly the document computed from the in-memory frames."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from workbook import periods, snapshot, store
from workbook.metrics.keys import resolve
from workbook.profile import Profile
from workbook.snapshot.build import period_document
from workbook.store import Frames

TZ = "Asia/Shanghai"


def _storable(value: Any) -> Any:
    """A frame cell as the store's upsert wants it (naive UTC datetimes, JSON text, None for NaN)."""
    if isinstance(value, dict):
        return json.dumps(value)
    if pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").tz_localize(None).to_pydatetime()
    return value


def write_frames(frames: Frames, profile: Profile, tmp_path: Path, client: str = "acme", url: str | None = None
                 ) -> str:
    """The frames and profile as a client on disk (store written directly, revision bumped) in the store at
    `url` (default a SQLite file of its own); its URL."""
    (tmp_path / "data" / client).mkdir(parents=True, exist_ok=True)
    (tmp_path / "data" / client / "client.yaml").write_text(
        yaml.safe_dump(profile.model_dump(mode="json"), allow_unicode=True), encoding="utf-8")
    url = url or f"sqlite:///{tmp_path / f'{client}.sqlite'}"
    with store.transaction(store.engine(client, url)) as conn:
        for f in fields(frames):
            table = getattr(frames, f.name).drop(columns="version").astype(object)
            rows = [{k: _storable(v) for k, v in r.items()} | {"client": client} for r in table.to_dict("records")]
            store.upsert_rows(conn, f.name, rows)
        store.bump_revision(conn, client)
    return url


def test_store_round_trip(frames: Frames, profile: Profile, tmp_path: Path) -> None:
    url = write_frames(frames, profile, tmp_path)
    document = snapshot.document("acme", "2026-10", db_url=url)
    # Same figures as the in-memory fixture (see test_engagement.py, test_events.py, test_culture.py).
    assert resolve(document, "engagement.posting_rate") == pytest.approx(5 / 9)
    assert resolve(document, "engagement.gini_messages") == pytest.approx(56 / 90)
    assert resolve(document, "events_summary.mean_score") == pytest.approx(91.25)
    assert resolve(document, "culture.core_member_count") == 2
    expected = period_document(frames, profile, periods.parse("2026-10", TZ))
    assert snapshot.dumps(document) == snapshot.dumps(expected)


@pytest.mark.parametrize("label", ["2026-10", "2026-09", "2026-W41", "2026-Q4", "2026-10-05..2026-10-20"])
def test_windowed_read_equals_in_memory_figures(frames: Frames, profile: Profile, tmp_path: Path,
                                                label: str) -> None:
    url = write_frames(frames, profile, tmp_path)
    period = periods.parse(label, TZ)
    whole = period_document(frames, profile, period)
    assert snapshot.dumps(snapshot.document("acme", label, db_url=url)) == snapshot.dumps(whole)
    assert snapshot.dumps(snapshot.load("acme", label, db_url=url).previous) == snapshot.dumps(
        period_document(frames, profile, period.prev()))
