"""飞书 / Lark: chat messages (im/v1 message items as JSON) and meeting attendee exports (.xlsx/.csv)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pandas as pd

from workbook.ingest.base import Canonical, ImportContext, Problem, refused, register
from workbook.ingest.chatlog import ChatLog, text_kind
from workbook.ingest.jsonfile import head, load_json
from workbook.ingest.matching import Attendee, Meeting, attendance, duration_minutes, name_variants
from workbook.ingest.sheet import first_row, read_rows
from workbook.ingest.timeparse import BadTime, from_cell, from_epoch

if TYPE_CHECKING:
    from workbook.profile import Profile

_KINDS = {"text": "text", "post": "text", "image": "image", "sticker": "image", "file": "file", "audio": "audio",
          "media": "video", "share_chat": "link", "share_user": "link", "merge_forward": "text",
          "interactive": "text", "location": "text", "todo": "text", "calendar": "text"}
# Meeting export headers (中文 / English UI) → role.
_MEETING_HEADERS = {"参会人": "name", "参会者": "name", "姓名": "name", "用户名": "name", "Participant": "name",
                    "Name": "name", "邮箱": "email", "Email": "email", "入会时间": "join", "加入时间": "join",
                    "Join time": "join", "离会时间": "leave", "离开时间": "leave", "Leave time": "leave",
                    "参会时长": "duration", "Duration": "duration", "会议主题": "topic", "Meeting topic": "topic",
                    "会议号": "meeting_id", "Meeting ID": "meeting_id"}


def _items(data: object) -> list[object] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        inner = data.get("data") if isinstance(data.get("data"), dict) else data
        items = inner.get("items")  # type: ignore[union-attr]
        return items if isinstance(items, list) else None
    return None


def _text(msg_type: str, content: object) -> str:
    """Plain text of a message body (`body.content` is itself a JSON string)."""
    try:
        body = json.loads(str(content)) if content else {}
    except json.JSONDecodeError:
        return str(content)
    if msg_type == "text" and isinstance(body, dict):
        return re.sub(r"<at [^>]*>(.*?)</at>", r"@\1", str(body.get("text", "")))
    if msg_type == "post" and isinstance(body, dict):
        post = body.get("content") or next((v.get("content") for v in body.values() if isinstance(v, dict)), [])
        title = str(body.get("title") or "")
        words = [str(el.get("text", "")) for line in post or [] for el in line if isinstance(el, dict)]
        return " ".join(w for w in [title, "".join(words)] if w)
    return ""


class FeishuExport:
    name = "feishu"
    kinds: ClassVar[tuple[str, ...]] = ("messages", "attendance")

    def detect(self, path: Path) -> bool:
        text = head(path, 4096)
        if text.lstrip()[:1] in ("[", "{"):
            return all(f'"{key}"' in text for key in ("message_id", "msg_type", "create_time"))
        headers = {_MEETING_HEADERS.get(h) for h in first_row(path)}
        return {"name", "join", "leave"} <= headers and "会议" in "".join(first_row(path)) + path.name

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        if kind == "attendance":
            return self._meeting(path, profile, context)
        items = _items(load_json(path))
        if items is None:
            raise refused(path, 1, "-", "not_feishu_messages")
        log = ChatLog(str(path), context)
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or "message_id" not in item:
                log.problem(number, "message_id", "not_message")
                continue
            sender = item.get("sender") if isinstance(item.get("sender"), dict) else {}
            try:
                sent_at = from_epoch(item.get("create_time"), unit="ms")
            except BadTime as exc:
                log.failed(number, "create_time", exc)
                continue
            msg_type = str(item.get("msg_type") or "")
            sender_type = sender.get("sender_type", "user")  # type: ignore[union-attr]
            if msg_type == "system" or item.get("deleted") or sender_type == "system":
                log.service += 1
                continue
            if sender_type == "app":
                log.bots += 1
                continue
            member_id = str(sender.get("id") or "")  # type: ignore[union-attr]
            body = item.get("body") if isinstance(item.get("body"), dict) else {}
            text = _text(msg_type, body.get("content"))  # type: ignore[union-attr]
            kind_ = _KINDS.get(msg_type, "text")
            if kind_ == "text":
                kind_ = text_kind(text)
            parent = item.get("parent_id") or item.get("root_id")
            chat = str(item.get("chat_id") or path.stem)
            log.add(number, str(item["message_id"]), member_id, member_id, sent_at, chat, kind_, text,
                    str(parent) if parent else None)
        return log.canonical(profile)

    def _meeting(self, path: Path, profile: Profile, context: ImportContext) -> Canonical:
        rows = read_rows(path)
        header = [_MEETING_HEADERS.get(str(h).strip(), "") for h in (rows[0] if rows else [])]
        missing = [role for role in ("name", "join") if role not in header]
        if missing:
            raise refused(path, 1, ", ".join(missing), "not_feishu_meeting")
        people: dict[str, Attendee] = {}
        problems: list[Problem] = []
        topic = meeting_id = None
        joins: list[pd.Timestamp] = []
        for number, row in enumerate(rows[1:], start=2):
            cell = {role: value for role, value in zip(header, row, strict=False) if role}
            name = str(cell.get("name") or "").strip()
            if not name:
                continue
            topic = topic or cell.get("topic")
            meeting_id = meeting_id or cell.get("meeting_id")
            try:
                joined = from_cell(cell["join"], profile.tz)
                left = from_cell(cell["leave"], profile.tz) if cell.get("leave") else None
                minutes = duration_minutes(cell.get("duration"))
            except (BadTime, ValueError) as exc:
                problems.append(Problem.from_error(str(path), number, "join/leave", exc, "attendance"))
                continue
            joins.append(joined)
            email = str(cell.get("email") or "").strip().lower() or None
            person = people.setdefault(email or name, Attendee(names=name_variants(name), email=email, row=number))
            if left is not None:
                person.intervals.append((joined, left))
            else:
                person.minutes = (person.minutes or 0) + (minutes or 0)
        if not people:
            raise refused(path, 2, "-", "no_attendees")
        meeting = Meeting("feishu", re.sub(r"\D", "", str(meeting_id or "")) or None, str(topic or path.stem),
                          min(joins))
        canonical = attendance(list(people.values()), meeting, context, profile)
        canonical.problems += problems
        return canonical



register(FeishuExport())
