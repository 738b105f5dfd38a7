"""Slack workspace export (a folder or .zip holding users.json, channels.json and one folder per channel)."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, refused, register
from workbook.ingest.chatlog import ChatLog, kind_from_mime, text_kind
from workbook.ingest.jsonfile import check_zip, parse_json, read_member, zip_names
from workbook.ingest.timeparse import BadTime, from_epoch

if TYPE_CHECKING:
    from workbook.profile import Profile

_MESSAGE_SUBTYPES = {None, "", "file_share", "thread_broadcast", "me_message", "bot_message"}
_JOIN_SUBTYPES = {"channel_join", "group_join"}
# channels.json and groups.json name each folder by channel name; dms.json and mpims.json by id (or name).
_CHANNEL_LISTS = ("channels.json", "groups.json", "mpims.json", "dms.json")


class _Export:
    """The files of an export, whether unpacked in a folder or still in the zip."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.is_file():
            check_zip(path)
        self._zip = zipfile.ZipFile(path) if path.is_file() else None
        names = self._zip.namelist() if self._zip else [
            p.relative_to(path).as_posix() for p in path.rglob("*.json")]
        # Some zips wrap everything in one top folder; find where users.json sits.
        users = sorted((n for n in names if PurePosixPath(n).name == "users.json"), key=len)
        if not users:
            raise refused(path, 0, "-", "slack_no_users")
        self.root = str(PurePosixPath(users[0]).parent).removeprefix(".")
        prefix = f"{self.root}/" if self.root else ""
        self.names = sorted(n[len(prefix):] for n in names if n.startswith(prefix) and n.endswith(".json"))

    def label(self, name: str) -> str:
        return f"{self.path}/{name}" if self._zip is None else f"{self.path}!{name}"

    def load(self, name: str) -> object:
        full = f"{self.root}/{name}" if self.root else name
        data = read_member(self._zip, full, self.label(name)) if self._zip else (self.path / full).read_bytes()
        return parse_json(data, self.label(name))

    def load_list(self, name: str) -> list[dict[str, object]]:
        if name not in self.names:
            return []
        data = self.load(name)
        if not isinstance(data, list):
            raise refused(self.label(name), 1, "-", "json_not_list")
        return [item for item in data if isinstance(item, dict)]


class SlackExport:
    name = "slack"
    kinds: ClassVar[tuple[str, ...]] = ("messages",)

    def detect(self, path: Path) -> bool:
        if path.is_dir():
            return (path / "users.json").is_file() and (path / "channels.json").is_file()
        names = {PurePosixPath(n).name for n in zip_names(path)}
        return {"users.json", "channels.json"} <= names

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        if not self.detect(path):
            raise refused(path, 0, "-", "not_slack")
        export = _Export(path)
        users = {str(u.get("id")): u for u in export.load_list("users.json")}
        channels: dict[str, tuple[str, str]] = {}
        for listing in _CHANNEL_LISTS:
            for ch in export.load_list(listing):
                cid = str(ch.get("id", ""))
                folder = str(ch.get("name") or cid)
                channels[folder] = (cid, folder)
                channels.setdefault(cid, (cid, folder))
        log = ChatLog(str(path), context)
        record = 0
        for name in export.names:
            parts = PurePosixPath(name).parts
            if len(parts) != 2:
                continue
            channel_id, channel_name = channels.get(parts[0], (parts[0], parts[0]))
            day = export.load(name)
            if not isinstance(day, list):
                raise refused(export.label(name), 1, "-", "json_not_message_list")
            for position, message in enumerate(day, start=1):
                record += 1
                if isinstance(message, dict):
                    self._one(log, message, record, export.label(name), position, channel_id, channel_name, users)
        return log.canonical(profile)

    def _one(self, log: ChatLog, message: dict[str, object], record: int, label: str, position: int,
             channel_id: str, channel_name: str, users: dict[str, dict[str, object]]) -> None:
        subtype = message.get("subtype")
        user_id = str(message.get("user") or "")
        user = users.get(user_id, {})
        try:
            sent_at = from_epoch(message.get("ts"))
        except BadTime as exc:
            log.failed(position, "ts", exc, label)
            return
        if message.get("type") != "message":
            log.service += 1
        elif subtype in _JOIN_SUBTYPES and user_id:
            log.author(user_id, _display_name(user, user_id), record, sent_at, _email(user))
            log.service += 1
        elif subtype not in _MESSAGE_SUBTYPES:
            log.service += 1
        elif subtype == "bot_message" or message.get("bot_id") or user.get("is_bot") or user_id == "USLACKBOT":
            log.bots += 1
        elif not user_id:
            log.service += 1
        else:
            text = str(message.get("text") or "")
            files = message.get("files") or ([message["file"]] if isinstance(message.get("file"), dict) else [])
            kind = kind_from_mime(str(files[0].get("mimetype", ""))) if files else text_kind(text)
            thread = message.get("thread_ts")
            ts = str(message.get("ts"))
            reply_to = f"{channel_id}:{thread}" if thread and str(thread) != ts else None
            log.author(user_id, _display_name(user, user_id), record, sent_at, _email(user))
            log.add(record, f"{channel_id}:{ts}", user_id, _display_name(user, user_id), sent_at, channel_name,
                    kind, text, reply_to)


def _display_name(user: dict[str, object], fallback: str) -> str:
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    for value in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name")):  # type: ignore[union-attr]
        if value:
            return str(value)
    return fallback


def _email(user: dict[str, object]) -> str | None:
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    email = profile.get("email")  # type: ignore[union-attr]
    return str(email) if email else None


register(SlackExport())
