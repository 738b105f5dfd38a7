"""企业微信 session archive and 飞书 message exports, pinned on hand-made files."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.ingest.helpers import FIXTURES, context, utc
from workbook.ingest.base import IngestError
from workbook.ingest.feishu import FeishuExport
from workbook.ingest.wecom import WeComArchive
from workbook.profile import Profile

PROFILE = Profile(name="t", language="en")


def _rows(frame: pd.DataFrame, *columns: str) -> list[tuple[object, ...]]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame[list(columns)].itertuples(index=False)]


def test_wecom_jsonl() -> None:
    canonical = WeComArchive().read(FIXTURES / "wecom_archive.jsonl", "messages", PROFILE, context())
    # msgtime is UTC ms: 1790812800000 = 2026-10-01 00:00 UTC. m3 is a recall and m6 a log switch (system);
    # m4 comes from a group robot ("wb…"); m5/m7 have no roomid, so the chat is named by its two people.
    assert _rows(canonical.tables["messages"], "message_id", "member_id", "sent_at", "channel", "kind", "length") == [
        ("m1", "zhangsan", utc("2026-10-01 00:00"), "wrRoom1", "text", 5),  # "早上好☀️": ☀ + variation selector
        ("m2", "wmExternal01", utc("2026-10-01 00:01"), "wrRoom1", "image", 0),
        ("m5", "lisi", utc("2026-10-01 00:04"), "single:lisi+zhangsan", "link", 4),  # the link's title 课程回放
        ("m7", "lisi", utc("2026-10-01 00:06"), "single:lisi+zhangsan", "audio", 0),
    ]
    assert canonical.notes[1:] == ["1 bot messages skipped", "2 system messages (joins, pins…) not counted as messages"]


def test_wecom_json_list_and_cut_line(tmp_path: Path) -> None:
    records = [json.loads(line) for line in (FIXTURES / "wecom_archive.jsonl").read_text(encoding="utf-8").splitlines()]
    listed = tmp_path / "archive.json"
    listed.write_text(json.dumps({"chatdata": records}, ensure_ascii=False), encoding="utf-8")
    assert WeComArchive().detect(listed)
    assert len(WeComArchive().read(listed, "messages", PROFILE, context()).tables["messages"]) == 4
    cut = tmp_path / "cut.jsonl"
    lines = (FIXTURES / "wecom_archive.jsonl").read_text(encoding="utf-8").splitlines()
    cut.write_text("\n".join([*lines[:2], lines[2][:30]]), encoding="utf-8")
    with pytest.raises(IngestError) as info:
        WeComArchive().read(cut, "messages", PROFILE, context())
    assert (info.value.problem.file, info.value.problem.row) == (str(cut), 3)


def test_feishu_messages() -> None:
    canonical = FeishuExport().read(FIXTURES / "feishu_messages.json", "messages", PROFILE, context())
    # om_1 system, om_4 sent by an app (bot), om_6 recalled (deleted) are not messages; om_2 was edited (once).
    assert _rows(canonical.tables["messages"], "message_id", "member_id", "sent_at", "kind", "reply_to", "text") == [
        ("om_2", "ou_ann", utc("2026-10-01 00:01"), "text", None, "@Bo 看这里 🎯"),
        ("om_3", "ou_bo", utc("2026-10-01 00:02"), "text", "om_2", "笔记 第一点链接"),  # post: title + its text runs
        ("om_5", "ou_bo", utc("2026-10-01 00:04"), "image", None, ""),
    ]
    assert list(canonical.tables["messages"]["length"]) == [9, 8, 0]
    assert canonical.notes[1:] == ["1 bot messages skipped", "2 system messages (joins, pins…) not counted as messages"]


def test_feishu_not_a_message_export(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    assert not FeishuExport().detect(path)
    with pytest.raises(IngestError):
        FeishuExport().read(path, "messages", PROFILE, context())
