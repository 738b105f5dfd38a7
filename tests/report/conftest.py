"""A small client in temporary data/reports folders, written through workbook.store."""

from __future__ import annotations

from pathlib import Path

import pytest

CLIENT = "acme"

# 3 non-staff members and 1 staff in 2026-10; September has one poster (m1).
# October messages: m1 ×3, m2 ×1, staff ×1 → messages_total 5, posters 2 of 3 members.
MEMBERS = [
    {"member_id": "m1", "display_name": "张伟", "joined_at": "2026-08-01T02:00:00Z", "is_staff": False,
     "consent": True, "source_channel": "referral"},
    {"member_id": "m2", "display_name": "Li Na", "joined_at": "2026-09-10T02:00:00Z", "is_staff": False,
     "consent": False, "source_channel": "social_media"},
    {"member_id": "m3", "display_name": "王芳", "joined_at": "2026-10-05T02:00:00Z", "is_staff": False,
     "consent": True, "source_channel": "referral"},
    {"member_id": "s1", "display_name": "Host", "joined_at": "2026-08-01T02:00:00Z", "is_staff": True},
]
MESSAGES = [
    {"message_id": "x0", "member_id": "m1", "sent_at": "2026-09-15T03:00:00Z", "kind": "text", "text": "hi"},
    {"message_id": "x1", "member_id": "m1", "sent_at": "2026-10-02T03:00:00Z", "kind": "text", "text": "早"},
    {"message_id": "x2", "member_id": "m1", "sent_at": "2026-10-03T03:00:00Z", "kind": "text", "text": "有问题？"},
    {"message_id": "x3", "member_id": "m1", "sent_at": "2026-10-04T03:00:00Z", "kind": "text", "text": "ok"},
    {"message_id": "x4", "member_id": "m2", "sent_at": "2026-10-06T03:00:00Z", "kind": "text", "text": "谢谢",
     "reply_to": "x2"},
    {"message_id": "x5", "member_id": "s1", "sent_at": "2026-10-07T03:00:00Z", "kind": "text", "text": "通知"},
]
EVENTS = [{"event_id": "e1", "title": "直播：数据分析入门", "kind": "live_lecture", "mode": "online",
           "starts_at": "2026-10-10T11:00:00Z"}]
ATTENDANCE = [{"event_id": "e1", "member_id": "m1", "registered": True, "attended": True},
              {"event_id": "e1", "member_id": "m2", "registered": True, "attended": False}]
FEEDBACK = [{"event_id": "e1", "response_id": "r1", "member_id": "m1", "submitted_at": "2026-10-10T13:00:00Z",
             "satisfaction": 5, "nps": 10, "learning": 4, "application": 4}]
CONTENT = [{"content_id": "c1", "title": "案例：新人培训", "kind": "case_study", "format": "text",
            "published_at": "2026-10-08T01:00:00Z", "member_generated": True, "author_id": "m1"}]
# progress = (0.6667 − 0.5) / (1.0 − 0.5) = 0.333; elapsed = 60 / 121 days = 0.496 → behind.
GOALS = [{"goal_id": "g1", "statement": "提高发言率", "metric": "engagement.posting_rate", "baseline": 0.5,
          "target": 1.0, "direction": "increase", "start": "2026-09-01", "deadline": "2026-12-31"}]
INTERACTIONS = [{"content_id": "c1", "member_id": "m3", "at": "2026-10-09T01:00:00Z", "action": "view"}]


def write_client(client: str = CLIENT, lang: str = "zh-CN") -> None:
    """Profile via init_client, records via the store (the path a facilitator's import takes)."""
    from workbook import store
    from workbook.clients import init_client

    init_client(client, lang=lang)
    eng = store.engine(client)
    tables = {"members": MEMBERS, "messages": MESSAGES, "events": EVENTS, "attendance": ATTENDANCE,
              "feedback": FEEDBACK, "content": CONTENT, "interactions": INTERACTIONS, "goals": GOALS}
    frames = store.frames_from_records(**tables)
    with store.transaction(eng) as conn:
        for name in tables:
            frame = getattr(frames, name).drop(columns=["version"])
            rows = [{k: (None if _missing(v) else _plain(v)) for k, v in row.items()} | {"client": client}
                    for row in frame.to_dict("records")]
            store.upsert_rows(conn, name, rows)
        store.bump_revision(conn, client)  # written around the importer: say the data changed


def _missing(value: object) -> bool:
    try:
        return bool(value != value) or value is None
    except (TypeError, ValueError):
        return False


def _plain(value: object) -> object:
    import json

    import pandas as pd

    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").tz_localize(None).to_pydatetime()
    if isinstance(value, dict):
        return json.dumps(value)
    return value


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """WORKBOOK_DATA_DIR / WORKBOOK_REPORTS_DIR in tmp_path, the client written."""
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKBOOK_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("WORKBOOK_DB_URL", raising=False)
    write_client()
    return tmp_path


DEMO_PERIOD = "2026-10"


@pytest.fixture(scope="session")
def demo_packs(tmp_path_factory: pytest.TempPathFactory, demo_data: Path) -> dict[str, Path]:
    """The demo client built once in tmp dirs and its 2026-10 pack run once, writing zh-CN and en side by side:
    lang → the pack's language folder (its parent holds pack.json, metrics.json and the shared scripts).

    Shared by the pack and browser tests, so the demo is built and run once per session.
    """
    from workbook import paths
    from workbook.report import pack as report

    root = tmp_path_factory.mktemp("demo")
    packs = {}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WORKBOOK_DATA_DIR", str(demo_data))
        env.delenv("WORKBOOK_DB_URL", raising=False)
        env.setenv("WORKBOOK_REPORTS_DIR", str(root / "reports"))
        result = report.run_pack("demo", DEMO_PERIOD, parallel=2)
        assert result.ok, result.summary()
        for lang in ("zh-CN", "en"):
            packs[lang] = paths.client_reports_dir("demo") / DEMO_PERIOD / lang
    return packs


def charts_drawn(name: str) -> int:
    """How many charts the template notebook draws: one `nb.chart(` call each (every demo frame has rows)."""
    import nbformat

    from workbook import paths

    notebook = nbformat.read(paths.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    return sum("".join(cell.source).count("nb.chart(") for cell in notebook.cells)
