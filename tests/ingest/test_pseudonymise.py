"""Pseudonymisation hashes every member reference the same way, drops message text and keeps the rest."""

from __future__ import annotations

import hashlib

import pandas as pd

from tests.ingest.helpers import FIXTURES, context
from workbook.ingest.base import Canonical
from workbook.ingest.pseudonymise import pseudonym, pseudonymise
from workbook.ingest.slack import SlackExport
from workbook.profile import Profile

PRIVATE = Profile.model_validate({"name": "t", "privacy": {"pseudonymise": True, "salt": "s3"}})


def test_pseudonym_is_salted_sha256() -> None:
    assert pseudonym("U1", "s3") == "m_" + hashlib.sha256(b"s3U1").hexdigest()[:12]
    assert pseudonym(1001.0, "s3") == pseudonym("1001", "s3")  # a number read from Excel hashes like its text
    assert pseudonym("U1", "other") != pseudonym("U1", "s3")


def test_chat_export() -> None:
    plain = SlackExport().read(FIXTURES / "slack_mini", "messages", PRIVATE, context())
    hidden = pseudonymise(plain, "s3")
    members, messages = hidden.tables["members"], hidden.tables["messages"]
    u1 = pseudonym("U1", "s3")
    assert members["member_id"].iloc[0] == u1 and members["display_name"].iloc[0] == u1
    assert members["email"].iloc[0] == pseudonym("ann@example.com", "s3", "e_")
    assert pd.isna(members["email"].iloc[1])  # blanks stay blank
    assert set(messages["member_id"]) <= set(members["member_id"])
    assert messages["text"].isna().all()
    assert list(messages["length"]) == list(plain.tables["messages"]["length"]) == [9, 2, 0, 23, 5]
    assert list(messages["kind"]) == list(plain.tables["messages"]["kind"])
    assert plain.tables["messages"]["text"].iloc[0] == "Hi 👋 team"  # the input is not changed in place


def test_other_tables() -> None:
    canonical = Canonical()
    canonical.add("attendance", pd.DataFrame([{"event_id": "e1", "member_id": "E7", "minutes": 30.0}]))
    canonical.add("applicants", pd.DataFrame([{"applicant_id": "a1", "name": "王小明", "member_id": None}]))
    canonical.add("content", pd.DataFrame([{"content_id": "c1", "author_id": "E7", "title": "Tips"}]))
    hidden = pseudonymise(canonical, "s3")
    assert hidden.tables["attendance"].iloc[0].to_dict() == {"event_id": "e1", "member_id": pseudonym("E7", "s3"),
                                                            "minutes": 30.0}
    assert hidden.tables["applicants"].iloc[0].to_dict() == {"applicant_id": "a1",
                                                             "name": pseudonym("王小明", "s3", "a_"),
                                                             "member_id": None}
    assert hidden.tables["content"]["author_id"].iloc[0] == pseudonym("E7", "s3")


def test_culture_programme_tables() -> None:
    canonical = Canonical()
    canonical.add("outcomes", pd.DataFrame([
        {"subject": "E7", "scope": "member", "measure": "rating", "value": 4.0},
        {"subject": "E8", "scope": None, "measure": "rating", "value": 3.0},
        {"subject": "销售部", "scope": "department", "measure": "sales", "value": 9.0}]))
    canonical.add("core_roles", pd.DataFrame([{"member_id": "E7", "role": "mentor", "note": "王小明 的导师"}]))
    canonical.add("core_tasks", pd.DataFrame([{"task_id": "t1", "member_id": "E7", "title": "周报"}]))
    canonical.add("mentoring", pd.DataFrame([{"mentor_id": "E7", "mentee_id": "E8", "note": "帮 王小明 入门"}]))
    canonical.add("stories", pd.DataFrame([{"story_id": "s1", "title": "互助", "body": "王小明：谢谢！",
                                            "members": "E7，E8", "refs": "M1,M2"}]))
    hidden = pseudonymise(canonical, "s3")
    e7, e8 = pseudonym("E7", "s3"), pseudonym("E8", "s3")
    assert list(hidden.tables["outcomes"]["subject"]) == [e7, e8, "销售部"]  # a department is no person
    assert hidden.tables["core_roles"].iloc[0].to_dict() == {"member_id": e7, "role": "mentor", "note": None}
    assert hidden.tables["core_tasks"]["member_id"].iloc[0] == e7
    assert hidden.tables["mentoring"].iloc[0].to_dict() == {"mentor_id": e7, "mentee_id": e8, "note": None}
    story = hidden.tables["stories"].iloc[0]
    assert story["members"] == f"{e7},{e8}" and story["body"] is None and story["refs"] is None
