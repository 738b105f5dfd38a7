"""DiscordChatExporter exports: JSON (guild, channel, messages) or CSV (AuthorID,Author,Date,Content,…)."""

from __future__ import annotations

import csv
import hashlib
import io
import mimetypes
import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, refused, register
from workbook.ingest.chatlog import ChatLog, kind_from_mime, text_kind
from workbook.ingest.jsonfile import head, load_json
from workbook.ingest.sheet import first_row
from workbook.ingest.timeparse import BadTime, from_text

if TYPE_CHECKING:
    from workbook.profile import Profile

_CSV_HEADER = ["AuthorID", "Author", "Date", "Content", "Attachments", "Reactions"]
_MESSAGE_TYPES = {"Default", "Reply", "ThreadStarterMessage"}
_JOIN_TYPES = {"GuildMemberJoin", "RecipientAdd"}
# DiscordChatExporter names files "Guild - Category - channel [123456].csv".
_FILE_NAME = re.compile(r"^(?:.* - )?(?P<name>[^-\[]+?)\s*\[(?P<id>\d+)\]")


class DiscordExport:
    name = "discord"
    kinds: ClassVar[tuple[str, ...]] = ("messages",)

    def detect(self, path: Path) -> bool:
        text = head(path, 8192)
        if text.lstrip().startswith("{"):
            return all(f'"{key}"' in text for key in ("guild", "channel", "messages"))
        return first_row(path)[:4] == _CSV_HEADER[:4]

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        if path.suffix.lower() == ".csv" or not head(path).lstrip().startswith("{"):
            return self._read_csv(path, profile, context)
        data = load_json(path)
        if not (isinstance(data, dict) and isinstance(data.get("messages"), list)
                and isinstance(data.get("channel"), dict)):
            raise refused(path, 1, "-", "not_discord_json")
        channel = data["channel"]
        channel_id = str(channel.get("id"))
        channel_name = str(channel.get("name") or channel_id)
        log = ChatLog(str(path), context)
        for record, message in enumerate(data["messages"], start=1):
            author = message.get("author") or {}
            member_id = str(author.get("id", ""))
            name = str(author.get("nickname") or author.get("name") or member_id)
            try:
                sent_at = from_text(message.get("timestamp", ""), profile.tz)
            except BadTime as exc:
                log.failed(record, "timestamp", exc, str(path))
                continue
            mtype = message.get("type")
            if mtype in _JOIN_TYPES and member_id:
                log.author(member_id, name, record, sent_at)
                log.service += 1
            elif mtype not in _MESSAGE_TYPES or not member_id:
                log.service += 1
            elif author.get("isBot"):
                log.bots += 1
            else:
                text = str(message.get("content") or "")
                files = message.get("attachments") or []
                kind_ = _attachment_kind(str(files[0].get("fileName") or files[0].get("url") or "")) if files \
                    else ("image" if message.get("stickers") and not text else text_kind(text))
                ref = message.get("reference") or {}
                reply_to = f"{ref.get('channelId') or channel_id}:{ref['messageId']}" if ref.get("messageId") else None
                log.add(record, f"{channel_id}:{message.get('id')}", member_id, name, sent_at, channel_name, kind_,
                        text, reply_to)
        return log.canonical(profile)

    def _read_csv(self, path: Path, profile: Profile, context: ImportContext) -> Canonical:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise refused(path, 0, "-", "not_utf8", offset=exc.start) from None
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if not rows or rows[0][:4] != _CSV_HEADER[:4]:
            raise refused(path, 1, "-", "not_discord_csv", header=",".join(_CSV_HEADER))
        match = _FILE_NAME.match(path.stem)
        channel_id, channel_name = (match["id"], match["name"].strip()) if match else (path.stem, path.stem)
        log = ChatLog(str(path), context)
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            author_id, author, date, content = [*row, "", "", "", ""][:4]
            attachments = row[4] if len(row) > 4 else ""
            try:
                sent_at = from_text(date, profile.tz)
            except BadTime as exc:
                log.failed(number, "Date", exc, str(path))
                continue
            # The CSV carries no message id: a digest of author, time and text is stable across re-exports.
            digest = hashlib.sha1(f"{author_id}|{date}|{content}".encode()).hexdigest()[:16]
            kind_ = _attachment_kind(attachments.split(",")[0].strip()) if attachments.strip() else text_kind(content)
            log.add(number, f"{channel_id}:{digest}", author_id, author.split("#")[0], sent_at, channel_name, kind_,
                    content)
        return log.canonical(profile)


def _attachment_kind(name: str) -> str:
    return kind_from_mime(mimetypes.guess_type(name.split("?")[0])[0])


register(DiscordExport())
