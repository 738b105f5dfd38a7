"""Telegram Desktop JSON export: one chat (`result.json` of a chat) or the whole account (chats.list)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.i18n import t
from workbook.ingest.base import Canonical, ImportContext, refused, register
from workbook.ingest.chatlog import ChatLog, kind_from_mime, text_kind
from workbook.ingest.jsonfile import check_depth, check_size, head, streamed, top_level
from workbook.ingest.timeparse import BadTime, epoch_ns, from_text

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
        check_size(path)
        check_depth(path, str(path))
        log = ChatLog(str(path), context)
        state = _Walk()
        for chat in _chats(path):
            if not isinstance(chat, dict):
                state.record += 1
                log.problem(state.record, "-", "not_message")
                continue
            if chat.get("type") in _BROADCAST:
                state.skipped.append(_scalar(chat.get("name")) or _scalar(chat.get("id")))
                state.record += sum(1 for _ in chat["messages"]) if isinstance(chat.get("messages"), list) else 0
                continue
            messages = chat.get("messages")
            chat_id = _scalar(chat.get("id"))
            where = (chat_id, _scalar(chat.get("name")) or chat_id)  # once per chat, not per message
            for message in messages if isinstance(messages, list | _Stream) else ():
                state.record += 1
                # No depth check per message: check_depth has bounded the whole file's nesting already.
                if not isinstance(message, dict):
                    log.problem(state.record, "-", "not_message")
                    continue
                state.channel_posts += self._one(log, where, message, state, profile)
        for name, record, sent_at in state.joins:
            member_id = state.names.get(name) if name is not None else None
            if member_id and member_id.startswith("user"):
                log.author(member_id, "", record, sent_at)
        canonical = log.canonical(profile)
        if state.channel_posts:
            canonical.notes.append(t("ingest.note.channel_posts", profile.language, n=state.channel_posts))
        if state.skipped:
            canonical.notes.append(t("ingest.note.chats_skipped", profile.language, names=", ".join(state.skipped)))
        return canonical

    def _one(self, log: ChatLog, where: tuple[str, str], message: dict[str, object], state: _Walk,
             profile: Profile) -> int:
        """Add one record of the chat `where` (its id and channel name) to `log`; returns 1 when it was posted as a
        channel rather than a person."""
        record = state.record
        try:
            sent_at = _sent_at(message, profile)
        except BadTime as exc:
            log.failed(record, "date", exc)
            return 0
        sender, sender_id = _scalar(message.get("from")), message.get("from_id")
        member_id = _user_id(sender_id)
        if sender and isinstance(sender_id, str | int):
            state.names[sender] = member_id
        if message.get("type") == "service":
            log.service += 1
            if message.get("action") in _JOIN_ACTIONS:
                members = message.get("members")
                if isinstance(members, list) and members:
                    state.joins += [(_scalar(n), record, sent_at) for n in members]
                else:
                    actor = _user_id(message.get("actor_id"))
                    if actor.startswith("user"):
                        log.author(actor, "", record, sent_at)
            return 0
        if message.get("type") != "message":
            log.service += 1
            return 0
        if not member_id.startswith("user"):
            return 1
        chat_id, channel = where
        text = _plain_text(message.get("text"))
        reply = message.get("reply_to_message_id")
        log.add(record, f"{chat_id}:{_scalar(message.get('id'))}", member_id, sender or member_id,
                sent_at, channel, _kind(message, text),
                text, f"{chat_id}:{_scalar(reply)}" if isinstance(reply, str | int) else None)
        return 0


@dataclass
class _Walk:
    """Where the walk through an export is: record number, names seen, joins to resolve at the end."""

    record: int = 0
    channel_posts: int = 0
    skipped: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    joins: list[tuple[str | None, int, pd.Timestamp | int]] = field(default_factory=list)


class _Stream:
    """The messages of a one-chat export, parsed one at a time from the file (memory independent of its size)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[object]:
        with self.path.open("rb") as handle:
            yield from streamed(handle, "messages.item", str(self.path))


def _chats(path: Path) -> Iterator[object]:
    """Each chat of the export; a one-chat export's messages are streamed rather than loaded."""
    top = top_level(path)
    if top.get("chats") == "map":
        with path.open("rb") as handle:
            yield from streamed(handle, "chats.list.item", str(path))
    elif top.get("messages") == "array" and "type" in top:
        yield {**{k: v for k, v in top.items() if k != "messages"}, "messages": _Stream(path)}
    else:
        raise refused(path, 1, "-", "not_telegram")


def _scalar(value: object) -> str:
    """Text of a plain JSON value; nothing for objects and lists (never str() of a whole nested structure)."""
    return "" if value is None or isinstance(value, dict | list) else str(value)


def _user_id(raw: object) -> str:
    """Older exports give bare numbers, newer ones "user123" / "channel123"; numbers are users."""
    text = _scalar(raw)
    return f"user{text}" if text.isdigit() else text


def _sent_at(message: dict[str, object], profile: Profile) -> pd.Timestamp | int:
    if message.get("date_unixtime"):
        return epoch_ns(message["date_unixtime"])
    # Without date_unixtime, `date` is the exporting computer's wall-clock time.
    return from_text(_scalar(message.get("date")), profile.tz)


def _plain_text(raw: object) -> str:
    if isinstance(raw, list):
        return "".join(part if isinstance(part, str) else _scalar(part.get("text")) if isinstance(part, dict) else ""
                       for part in raw)
    return _scalar(raw)


def _kind(message: dict[str, object], text: str) -> str:
    if "photo" in message:
        return "image"
    if message.get("media_type"):
        return _MEDIA_KINDS.get(_scalar(message["media_type"]), "file")
    if "file" in message:
        return kind_from_mime(_scalar(message.get("mime_type")))
    entities = message.get("text_entities")
    parts = entities if isinstance(entities, list) else message.get("text")
    if isinstance(parts, list) and any(isinstance(p, dict) and p.get("type") in _LINK_ENTITIES for p in parts):
        return "link"
    return text_kind(text)


register(TelegramExport())
