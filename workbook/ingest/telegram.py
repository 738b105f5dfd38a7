"""Telegram Desktop JSON export: one chat (`result.json` of a chat) or the whole account (chats.list)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.i18n import t
from workbook.ingest.base import Canonical, ImportContext, IngestError, Problem, register
from workbook.ingest.chatlog import ChatLog, kind_from_mime, text_kind
from workbook.ingest.jsonfile import head, load_json
from workbook.ingest.timeparse import BadTime, from_epoch, from_text

if TYPE_CHECKING:
    import pandas as pd

    from workbook.profile import Profile

_CHAT_TYPE = re.compile(r'"type"\s*:\s*"(personal_chat|bot_chat|saved_messages|private_group|private_supergroup|'
                        r'public_supergroup|private_channel|public_channel)"')
_BROADCAST = {"private_channel", "public_channel"}
_JOIN_ACTIONS = {"join_group_by_link", "join_group_by_request", "invite_members", "create_group"}
_MEDIA_KINDS = {"sticker": "image", "animation": "video", "video_file": "video", "video_message": "video",
                "voice_message": "audio", "audio_file": "audio"}
_LINK_ENTITIES = {"link", "text_link"}


class TelegramExport:
    name = "telegram"
    kinds: ClassVar[tuple[str, ...]] = ("messages",)

    def detect(self, path: Path) -> bool:
        text = head(path)
        if not text.lstrip().startswith("{"):
            return False
        account = '"personal_information"' in text and '"about"' in text
        return account or (bool(_CHAT_TYPE.search(text)) and '"messages"' in text)

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        data = load_json(path)
        if not isinstance(data, dict):
            raise IngestError(Problem(str(path), 1, "-", "not a Telegram export (expected a JSON object)"))
        if isinstance(data.get("chats"), dict):
            chats = data["chats"].get("list") or []
        elif isinstance(data.get("messages"), list) and "type" in data:
            chats = [data]
        else:
            raise IngestError(Problem(str(path), 1, "-", "not a Telegram export: no \"messages\" list and chat "
                                                         "\"type\" (export the chat from Telegram Desktop as JSON)"))
        log = ChatLog(str(path), context)
        channel_posts = 0
        skipped: list[str] = []
        record = 0
        for chat in chats:
            if chat.get("type") in _BROADCAST:
                skipped.append(str(chat.get("name") or chat.get("id")))
                record += len(chat.get("messages") or [])
                continue
            names = {str(m.get("from")): _user_id(m.get("from_id")) for m in chat.get("messages") or []
                     if m.get("from") and m.get("from_id") is not None}
            for message in chat.get("messages") or []:
                record += 1
                channel_posts += self._one(log, chat, message, record, profile, names)
        canonical = log.canonical(profile)
        if channel_posts:
            canonical.notes.append(t("ingest.note.channel_posts", profile.language, n=channel_posts))
        if skipped:
            canonical.notes.append(t("ingest.note.chats_skipped", profile.language, names=", ".join(skipped)))
        return canonical

    def _one(self, log: ChatLog, chat: dict[str, object], message: dict[str, object], record: int,
             profile: Profile, names: dict[str, str]) -> int:
        """Add one record to `log`; returns 1 when it was posted as a channel rather than a person."""
        try:
            sent_at = _sent_at(message, profile)
        except BadTime as exc:
            log.problem(record, "date", str(exc))
            return 0
        if message.get("type") == "service":
            log.service += 1
            if message.get("action") in _JOIN_ACTIONS:
                joined = [names.get(str(n)) for n in message.get("members") or []] or [
                    _user_id(message.get("actor_id"))]
                for member_id in joined:
                    if member_id and member_id.startswith("user"):
                        log.author(member_id, "", record, sent_at)
            return 0
        if message.get("type") != "message":
            log.service += 1
            return 0
        member_id = _user_id(message.get("from_id"))
        if not member_id.startswith("user"):
            return 1
        chat_id = str(chat.get("id"))
        text = _plain_text(message.get("text"))
        reply = message.get("reply_to_message_id")
        log.add(record, f"{chat_id}:{message.get('id')}", member_id, str(message.get("from") or member_id),
                sent_at, str(chat.get("name") or chat_id), _kind(message, text),
                text, f"{chat_id}:{reply}" if reply is not None else None)
        return 0


def _user_id(raw: object) -> str:
    """Older exports give bare numbers, newer ones "user123" / "channel123"; numbers are users."""
    text = str(raw) if raw is not None else ""
    return f"user{text}" if text.isdigit() else text


def _sent_at(message: dict[str, object], profile: Profile) -> pd.Timestamp:
    if message.get("date_unixtime"):
        return from_epoch(message["date_unixtime"])
    # Without date_unixtime, `date` is the exporting computer's wall-clock time.
    return from_text(message.get("date", ""), profile.tz)


def _plain_text(raw: object) -> str:
    if isinstance(raw, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in raw)
    return str(raw or "")


def _kind(message: dict[str, object], text: str) -> str:
    if "photo" in message:
        return "image"
    if message.get("media_type"):
        return _MEDIA_KINDS.get(str(message["media_type"]), "file")
    if "file" in message:
        return kind_from_mime(str(message.get("mime_type", "")))
    entities = message.get("text_entities")
    parts = entities if isinstance(entities, list) else message.get("text")
    if isinstance(parts, list) and any(isinstance(p, dict) and p.get("type") in _LINK_ENTITIES for p in parts):
        return "link"
    return text_kind(text)


register(TelegramExport())
