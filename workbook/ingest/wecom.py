"""企业微信 session-archive messages (会话内容存档, decrypted): a JSON list, {"chatdata": […]} or JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, refused, register
from workbook.ingest.chatlog import ChatLog, text_kind
from workbook.ingest.jsonfile import check_depth, check_size, head, load_json
from workbook.ingest.timeparse import BadTime, from_epoch

if TYPE_CHECKING:
    from workbook.profile import Profile

_KINDS = {"text": "text", "markdown": "text", "mixed": "text", "chatrecord": "text", "location": "text",
          "card": "text", "todo": "text", "vote": "text", "image": "image", "emotion": "image", "voice": "audio",
          "meeting_voice_call": "audio", "video": "video", "file": "file", "link": "link", "weapp": "link",
          "news": "link", "docmsg": "link"}
_SERVICE_TYPES = {"revoke", "agree", "disagree", "calendar", "meeting", "switch", "sphfeed", "voip_doc_share"}


def _records(path: Path) -> list[tuple[int, dict[str, object]]]:
    """(record number, message) pairs from any of the archive's three shapes."""
    text = head(path, 64).lstrip()
    if text.startswith("[") or (text.startswith("{") and '"chatdata"' in head(path, 2048)):
        data = load_json(path)
        items = data.get("chatdata") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise refused(path, 1, "-", "not_wecom")
        return [(i, m) for i, m in enumerate(items, start=1) if isinstance(m, dict)]
    check_size(path)
    check_depth(path, str(path))
    records = []
    try:
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise refused(path, 0, "-", "not_utf8", offset=exc.start) from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise refused(path, number, "-", "json_line_invalid", col=exc.colno, detail=exc.msg) from None
            if isinstance(item, dict):
                records.append((number, item))
    return records


class WeComArchive:
    name = "wecom"
    kinds: ClassVar[tuple[str, ...]] = ("messages",)

    def detect(self, path: Path) -> bool:
        text = head(path, 4096)
        return all(f'"{key}"' in text for key in ("msgid", "msgtime", "action", "from"))

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        records = _records(path)
        if records and not all(k in records[0][1] for k in ("msgid", "msgtime")):
            raise refused(path, records[0][0], "msgid, msgtime", "wecom_field_missing")
        log = ChatLog(str(path), context)
        for number, message in records:
            sender = str(message.get("from") or "")
            try:
                sent_at = from_epoch(message.get("msgtime"), unit="ms")
            except BadTime as exc:
                log.failed(number, "msgtime", exc)
                continue
            msgtype = str(message.get("msgtype") or "")
            if message.get("action") != "send" or msgtype in _SERVICE_TYPES or not sender:
                log.service += 1
                continue
            if sender.startswith("wb"):  # group robots (群机器人) have ids starting with "wb"
                log.bots += 1
                continue
            body = message.get(msgtype) if isinstance(message.get(msgtype), dict) else {}
            text = str(body.get("content") or body.get("title") or "") if msgtype in ("text", "markdown", "link",
                                                                                        "weapp", "news") else ""
            kind_ = _KINDS.get(msgtype, "text")
            if kind_ == "text":
                kind_ = text_kind(text)
            # Group chats carry a roomid; a one-to-one chat is named by its two people.
            room = str(message.get("roomid") or "") or "single:" + "+".join(
                sorted([sender, *[str(t) for t in message.get("tolist") or []]]))
            log.add(number, str(message["msgid"]), sender, sender, sent_at, room, kind_, text)
        return log.canonical(profile)


register(WeComArchive())
