"""A small client for form and app tests, written through workbook.store like an import would."""

from __future__ import annotations

from typing import Any

CLIENT = "pilot"
PERIOD = "2026-10"

# Six non-staff members in Sales (m1–m5) and HR (m6) plus one staff host. September posters: m1, m2, m6;
# October posters: m1 only → dormant in October = m2, m6 (posted in September, not in October).
MEMBERS = [
    *({"member_id": f"m{i}", "display_name": f"Member {i}", "department": "Sales", "email": f"m{i}@example.com",
       "joined_at": "2026-08-01T02:00:00Z", "is_staff": False, "source_channel": "referral"} for i in range(1, 6)),
    {"member_id": "m6", "display_name": "王芳", "department": "HR", "phone": "13800000000",
     "joined_at": "2026-08-01T02:00:00Z", "is_staff": False, "source_channel": "referral"},
    {"member_id": "s1", "display_name": "Host", "joined_at": "2026-08-01T02:00:00Z", "is_staff": True},
]
MESSAGES = [
    {"message_id": "x1", "member_id": "m1", "sent_at": "2026-09-10T03:00:00Z", "channel": "general"},
    {"message_id": "x2", "member_id": "m2", "sent_at": "2026-09-11T03:00:00Z", "channel": "general"},
    {"message_id": "x3", "member_id": "m6", "sent_at": "2026-09-12T03:00:00Z", "channel": "hr"},
    {"message_id": "x4", "member_id": "m1", "sent_at": "2026-10-02T03:00:00Z", "channel": "general"},
    {"message_id": "x5", "member_id": "s1", "sent_at": "2026-10-03T03:00:00Z", "channel": "general"},
]
# e1: 2 registered, 1 attended → attendance_rate 0.5; one answer: satisfaction 5, nps 10, learning 4,
# application 4. Composite (default weights) = 100·(0.25·0.5 + 0.25·1 + 0.20·1 + 0.15·0.75 + 0.15·0.75)/1.0
# = 100·(0.125 + 0.25 + 0.2 + 0.1125 + 0.1125) = 80.
EVENTS = [{"event_id": "e1", "title": "Live: data basics", "kind": "live_lecture", "mode": "online",
           "starts_at": "2026-10-10T11:00:00Z"}]
ATTENDANCE = [{"event_id": "e1", "member_id": "m1", "registered": True, "attended": True},
              {"event_id": "e1", "member_id": "m2", "registered": True, "attended": False}]
FEEDBACK = [{"event_id": "e1", "response_id": "r1", "member_id": "m1", "submitted_at": "2026-10-10T13:00:00Z",
             "satisfaction": 5, "nps": 10, "learning": 4, "application": 4}]
CONTENT = [{"content_id": "c1", "title": "Case: onboarding", "kind": "case_study", "format": "text",
            "published_at": "2026-10-08T01:00:00Z", "member_generated": False}]
APPLICANTS = [
    {"applicant_id": "a1", "name": "Zhao Lei", "source_channel": "referral", "department": "Sales",
     "applied_at": "2026-10-05T02:00:00Z", "answers": "I want to lead onboarding sessions"},
    {"applicant_id": "a2", "name": "Qian Yu", "source_channel": "social_media", "department": "HR",
     "applied_at": "2026-10-06T02:00:00Z", "answers": "Curious"},
]
GOALS = [{"goal_id": "g1", "statement": "Members post at least once a month", "metric": "engagement.posting_rate",
          "baseline": 0.5, "target": 0.7, "direction": "increase", "start": "2026-10-01",
          "deadline": "2026-12-31", "owner": "lead"}]


def _plain(value: Any) -> Any:
    import pandas as pd

    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").tz_localize(None).to_pydatetime()
    if isinstance(value, dict):
        import json

        return json.dumps(value)
    return value


def write_client(client: str = CLIENT, db_url: str | None = None, lang: str = "en") -> None:
    """Profile via init_client (audience set, type onboarding), records via store.upsert_rows."""
    from workbook import store
    from workbook.clients import init_client
    from workbook.profile import load_profile, save_profile

    init_client(client, lang=lang)
    profile = load_profile(client)
    profile.positioning = profile.positioning.model_copy(update={"type": "onboarding", "audience": "new hires"})
    save_profile(client, profile)
    tables = {"members": MEMBERS, "messages": MESSAGES, "events": EVENTS, "attendance": ATTENDANCE,
              "feedback": FEEDBACK, "content": CONTENT, "applicants": APPLICANTS, "goals": GOALS}
    frames = store.frames_from_records(**tables)
    with store.transaction(store.engine(client, db_url)) as conn:
        for name in tables:
            frame = getattr(frames, name).drop(columns=["version"])
            rows = [{k: _plain(v) for k, v in row.items()} | {"client": client} for row in frame.to_dict("records")]
            store.upsert_rows(conn, name, rows)
        store.bump_revision(conn, client)  # written around the importer: say the data changed
