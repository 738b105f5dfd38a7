"""With privacy.pseudonymise, no planted name, e-mail, phone or free text is left anywhere under data/<client>/."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

from tests.ingest.helpers import FIXTURES, run_cli
from workbook import paths
from workbook.clients import init_client
from workbook.ingest.pseudonymise import client_salt

PLANTED = ["Zhang Sanfeng", "张三丰", "zsf@example.com", "13912345678", "Secret Channel", "Dr Host Person",
           "my private answer", "a private comment", "Reviewer Rita", "Hi 👋 team", "ann@example.com"]


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _pseudonymised_client() -> None:
    init_client("p", lang="en")
    profile = paths.profile_path("p")
    profile.write_text(profile.read_text(encoding="utf-8") + "privacy: {pseudonymise: true}\n", encoding="utf-8")


def test_salt_is_random_per_client_private_and_stable() -> None:
    _pseudonymised_client()
    init_client("q", lang="en")
    salt = client_salt("p")
    assert len(salt) == 64 and salt != client_salt("q") and client_salt("p") == salt
    assert stat.S_IMODE(os.stat(paths.client_dir("p") / ".salt").st_mode) == 0o600


def test_no_planted_personal_data_is_kept_anywhere(tmp_path: Path) -> None:
    _pseudonymised_client()
    imports = [
        ("members", _csv(tmp_path / "members.csv", ["member_id", "display_name", "joined_at", "email", "phone"],
                         [["张三丰", "Zhang Sanfeng", "2026-10-01 09:00", "zsf@example.com", "13912345678"]])),
        ("messages", _csv(tmp_path / "messages.csv", ["message_id", "member_id", "sent_at", "channel", "text"],
                          [["x1", "张三丰", "2026-10-02 09:00", "Secret Channel", "Zhang Sanfeng says hi"]])),
        ("events", _csv(tmp_path / "events.csv", ["event_id", "title", "kind", "starts_at", "host"],
                        [["e1", "Kick-off", "webinar", "2026-10-03 19:00", "Dr Host Person"]])),
        ("feedback", _csv(tmp_path / "feedback.csv", ["event_id", "response_id", "member_id", "submitted_at",
                                                      "comment"],
                          [["e1", "r1", "张三丰", "2026-10-03 21:00", "a private comment"]])),
        ("applicants", _csv(tmp_path / "applicants.csv", ["applicant_id", "name", "applied_at", "answers",
                                                          "decided_by"],
                            [["a1", "Zhang Sanfeng", "2026-09-01 09:00", "my private answer", "Reviewer Rita"]])),
        ("messages", FIXTURES / "slack_mini"),
    ]
    for kind, path in imports:
        code, out, err = run_cli("import", "p", kind, str(path))
        assert code == 0, (kind, out, err)
        assert "not kept in raw/" in out
    bad = _csv(tmp_path / "bad.csv", ["message_id", "member_id", "sent_at", "text"],
               [["x9", "张三丰", "not a date", "Zhang Sanfeng in a rejected row"]])
    assert run_cli("import", "p", "messages", str(bad), "--skip-bad-rows")[0] == 0
    found = {str(f.relative_to(paths.client_dir("p"))): [s for s in PLANTED if s.encode("utf-8") in f.read_bytes()]
             for f in paths.client_dir("p").rglob("*") if f.is_file()}
    assert any(name.startswith("workbook.sqlite") for name in found)
    assert {name: hits for name, hits in found.items() if hits} == {}
