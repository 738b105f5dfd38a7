"""Zoom participant reports → attendance: rejoins merged, members matched by email then name, event found."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from tests.ingest.helpers import FIXTURES, context, realdata, utc
from workbook.ingest.base import IngestError
from workbook.ingest.zoom import ZoomParticipants
from workbook.profile import Profile

PROFILE = Profile(name="t", language="en")
ROSTER = [{"member_id": "m1", "display_name": "Ann Lee", "email": "ANN@example.com"},
          {"member_id": "m2", "display_name": "小王", "email": None}]


def test_fixture_matches_members_and_an_existing_event() -> None:
    # Meeting 20:00 Asia/Shanghai = 12:00 UTC; event e1 at 13:30 UTC is within ±2 h, e2 the day after is not.
    events = [{"event_id": "e1", "title": "Retro", "starts_at": "2026-10-01 13:30Z"},
              {"event_id": "e2", "title": "Next", "starts_at": "2026-10-02 12:00Z"}]
    canonical = ZoomParticipants().read(FIXTURES / "zoom_meeting.csv", "attendance", PROFILE,
                                        context(ROSTER, events))
    frame = canonical.tables["attendance"]
    # Ann (by email, any case) joined 20:00–20:30 and again 20:20–20:50: union 50 min, not 60.
    # 小王 (no email, exact name) 20:05:00–20:45:30 = 40.5 min. "Guest 7" matches nobody.
    assert frame.to_dict("records") == [
        {"event_id": "e1", "member_id": "m1", "registered": True, "attended": True, "minutes": 50.0},
        {"event_id": "e1", "member_id": "m2", "registered": True, "attended": True, "minutes": 40.5}]
    assert canonical.source_rows["attendance"] == [5, 7]
    assert "events" not in canonical.tables
    assert canonical.notes == ["Attendance filed under event e1",
                               "1 attendees match no member and were not imported: Guest 7"]


def test_new_meeting_creates_a_webinar_event_with_a_stable_id() -> None:
    canonical = ZoomParticipants().read(FIXTURES / "zoom_meeting.csv", "attendance", PROFILE, context(ROSTER))
    event = canonical.tables["events"].iloc[0].to_dict()
    assert event == {"event_id": "zoom-81234567890-202610011200", "title": "复盘会 Retro", "kind": "webinar",
                     "mode": "online", "starts_at": utc("2026-10-01 12:00"), "ends_at": utc("2026-10-01 13:00")}
    assert set(canonical.tables["attendance"]["event_id"]) == {"zoom-81234567890-202610011200"}


def test_event_option_wins() -> None:
    canonical = ZoomParticipants().read(FIXTURES / "zoom_meeting.csv", "attendance", PROFILE,
                                        context(ROSTER, event_id="given"))
    assert set(canonical.tables["attendance"]["event_id"]) == {"given"}


def _independent(path: Path) -> dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Name (Original Name)"))
    people: dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]] = {}
    for row in csv.DictReader(lines[start:]):
        interval = (pd.Timestamp(row["Join Time"]), pd.Timestamp(row["Leave Time"]))
        people.setdefault(row["User Email"], []).append(interval)
    return people


@pytest.mark.parametrize("name", ["participants_heroes.csv", "participants_heroes_full.csv"])
def test_real_reports(name: str) -> None:
    path = realdata() / "zoom_zoomclass" / name
    people = _independent(path)
    assert (sum(len(v) for v in people.values()), len(people)) == (31, 27)  # 4 people joined twice
    empty = ZoomParticipants().read(path, "attendance", Profile(name="t"), context())
    assert empty.tables["attendance"].empty and len(empty.tables["events"]) == 1
    roster = [{"member_id": f"m{i}", "display_name": "", "email": email} for i, email in enumerate(people)]
    canonical = ZoomParticipants().read(path, "attendance", PROFILE, context(roster))
    minutes = dict(zip(canonical.tables["attendance"]["member_id"], canonical.tables["attendance"]["minutes"],
                       strict=True))
    assert len(minutes) == 27
    ids = {email: f"m{i}" for i, email in enumerate(people)}
    # Swarm 10:14:30–10:24:26 and 10:24:12–12:01:58 overlap: union 10:14:30–12:01:58 = 107 min 28 s.
    assert minutes[ids["swarm_mutant@marvel.com"]] == round(107 + 28 / 60, 2)
    # Dazzler 11:01:02–11:02:35 (93 s) + 11:02:46–11:29:38 (1612 s) = 1705 s = 28.42 min.
    assert minutes[ids["dazzler_mutant@marvel.com"]] == round(1705 / 60, 2)


def test_real_report_header_block_names_the_event() -> None:
    canonical = ZoomParticipants().read(realdata() / "zoom_zoomclass/participants_heroes_full.csv", "attendance",
                                        PROFILE, context())
    event = canonical.tables["events"].iloc[0]
    # 11/19/2021 10:00:00 AM in Asia/Shanghai = 02:00 UTC.
    assert (event["event_id"], event["title"], event["starts_at"]) == (
        "zoom-60245167821-202111190200", "Heroes meeting", utc("2021-11-19 02:00"))


def test_missing_columns_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "zoom.csv"
    path.write_text("Name (Original Name),User Email,Duration (Minutes)\nAnn,a@x.com,3\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        ZoomParticipants().read(path, "attendance", PROFILE, context())
    assert info.value.problem.row == 1 and "Join Time" in info.value.problem.column
