"""Accepting a suggested slot writes one audited content_plan row (revision bumped); twice is a conflict; the
accepted suggestion is no longer pending; collect() asks every provider."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from workbook import store
from workbook.clients import init_client
from workbook.periods import parse
from workbook.plan_suggestions import Suggestion, accept, collect, pending
from workbook.profile import load_profile

SUGGESTION = Suggestion(due=date(2026, 11, 4), topic="谈判", source="interests", reason="3 responses", kind="video",
                        format="video")


def test_accept_writes_an_audited_planned_slot() -> None:
    init_client("acme", lang="en")
    eng = store.engine("acme")
    before = store.revision(eng, "acme")
    assert accept(eng, "acme", SUGGESTION, who="alice") == 1
    plan = store.read_table(eng, "acme", "content_plan")
    assert plan[["slot_id", "due", "topic", "kind", "format", "owner", "status"]].to_dict("records") == [
        {"slot_id": SUGGESTION.slot_id, "due": date(2026, 11, 4), "topic": "谈判", "kind": "video", "format": "video",
         "owner": "alice", "status": "planned"}]
    assert store.revision(eng, "acme") == before + 1
    with eng.connect() as conn:
        audit = conn.execute(sa.select(store.audit.c.who, store.audit.c.table_name, store.audit.c.after)).all()
    assert [(a.who, a.table_name, json.loads(a.after)["topic"]) for a in audit] == [("alice", "content_plan", "谈判")]
    assert pending([SUGGESTION], plan) == []
    with pytest.raises(store.ConflictError):
        accept(eng, "acme", SUGGESTION, who="bob")
    assert len(store.read_table(eng, "acme", "content_plan")) == 1


def test_pending_skips_a_slot_planned_by_hand_on_the_same_day_and_topic() -> None:
    init_client("acme", lang="en")
    eng = store.engine("acme")
    store.save_record(eng, "acme", "content_plan", {"slot_id": "s1", "due": date(2026, 11, 4), "topic": " 谈判 ",
                                                    "status": "planned"}, expected_version=None, who="bob")
    other_day = Suggestion(due=date(2026, 11, 5), topic="谈判", source="interests", reason="")
    assert pending([SUGGESTION, other_day], store.read_table(eng, "acme", "content_plan")) == [other_day]


def test_collect_reads_the_interest_provider() -> None:
    init_client("acme", lang="en")
    eng = store.engine("acme")
    profile = load_profile("acme")
    period = parse("2026-11", profile.timezone)
    assert collect(eng, "acme", profile, period, "en") == []  # no survey imported yet
    with store.transaction(eng) as conn:
        store.upsert_rows(conn, "interests", [
            {"client": "acme", "response_id": "r1", "topics": json.dumps(["谈判"]), "formats": json.dumps(["视频"]),
             "times": json.dumps(["周三"])}])
    found = collect(eng, "acme", profile, period, "en")
    assert [(s.due, s.topic, s.format, s.source) for s in found] == [(date(2026, 11, 4), "谈判", "video", "interests")]
