"""WeChat chat CSVs: the PyWxDump layout and the 留痕 (WeChatMsg) layout."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, refused, register
from workbook.ingest.chatlog import ChatLog, text_kind
from workbook.ingest.sheet import first_row
from workbook.ingest.tabular import decode_text
from workbook.ingest.timeparse import BadTime, from_epoch, from_text

if TYPE_CHECKING:
    from workbook.profile import Profile

_PYWXDUMP = {"MsgSvrID", "type_name", "is_sender", "talker", "room_name", "CreateTime"}
_LIUHEN = {"localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "StrContent", "Sender"}
# The exporting account itself: its rows carry is_sender=1 and often no sender id.
SELF_ID = "self"
_TYPE_NAMES = {"文本": "text", "引用回复": "text", "图片": "image", "动画表情": "image", "语音": "audio",
               "视频": "video", "文件": "file", "分享链接": "link", "卡片式链接": "link", "小程序": "link",
               "位置": "text", "合并转发的聊天记录": "text", "转账": "text", "名片": "text", "音视频通话": None,
               "系统通知": None, "拍一拍等系统消息": None}
# 留痕 Type (and SubType for Type 49, app messages); None marks system messages.
_TYPE_CODES = {"1": "text", "3": "image", "34": "audio", "43": "video", "47": "image", "48": "text", "42": "text",
               "50": None, "10000": None, "10002": None}
_APP_SUBTYPES = {"6": "file", "5": "link", "33": "link", "36": "link", "57": "text", "19": "text", "2000": "text"}


class WeChatCsv:
    name = "wechat"
    kinds: ClassVar[tuple[str, ...]] = ("messages",)

    def detect(self, path: Path) -> bool:
        header = set(first_row(path))
        return header >= _PYWXDUMP or header >= _LIUHEN

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        rows = list(csv.DictReader(io.StringIO(decode_text(path), newline="")))
        header = set(rows[0]) if rows else set(next(csv.reader(io.StringIO(decode_text(path))), []))
        log = ChatLog(str(path), context)
        if header >= _PYWXDUMP and header & {"msg", "content"}:
            for number, row in enumerate(rows, start=2):
                self._pywxdump(log, row, number, profile)
        elif header >= _LIUHEN:
            for number, row in enumerate(rows, start=2):
                self._liuhen(log, row, number)
        else:
            missing = sorted((_PYWXDUMP | {"msg"}) - header) if "MsgSvrID" in header else sorted(_LIUHEN - header)
            raise refused(path, 1, ", ".join(missing), "not_wechat")
        return log.canonical(profile)

    def _pywxdump(self, log: ChatLog, row: dict[str, str], number: int, profile: Profile) -> None:
        kind = _TYPE_NAMES.get(row["type_name"].strip(), "text")
        if kind is None:
            log.service += 1
            return
        member_id = row["talker"].strip() or (SELF_ID if row["is_sender"].strip() == "1" else "")
        if not member_id:
            log.problem(number, "talker", "sender_empty")
            return
        try:
            created = row["CreateTime"].strip()
            sent_at = from_epoch(created) if created.isdigit() else from_text(created, profile.tz)
        except BadTime as exc:
            log.failed(number, "CreateTime", exc)
            return
        text = row.get("msg", row.get("content")) or ""
        if kind == "text":
            kind = text_kind(text)
        elif kind in ("image", "audio", "video"):
            text = ""  # PyWxDump writes a placeholder such as "图片" for media; it is not what was said
        room = row["room_name"].strip()
        log.add(number, f"{room}:{row['MsgSvrID'].strip()}", member_id, member_id, sent_at, room, kind, text)

    def _liuhen(self, log: ChatLog, row: dict[str, str], number: int) -> None:
        code = row["Type"].strip()
        kind = _APP_SUBTYPES.get(row["SubType"].strip(), "link") if code == "49" else _TYPE_CODES.get(code, "text")
        if kind is None:
            log.service += 1
            return
        talker = row["TalkerId"].strip()
        is_self = row["IsSender"].strip() == "1"
        member_id = SELF_ID if is_self else (row["Sender"].strip() or talker)
        name = member_id if is_self or row["Sender"].strip() else (row.get("Remark") or row.get("NickName") or talker)
        try:
            sent_at = from_epoch(row["CreateTime"])
        except BadTime as exc:
            log.failed(number, "CreateTime", exc)
            return
        text = row["StrContent"] or ""
        if kind == "text":
            kind = text_kind(text)
        channel = (row.get("Remark") or row.get("NickName") or talker).strip()
        log.add(number, f"{talker}:{row['localId'].strip()}", member_id, name.strip(), sent_at, channel, kind,
                text)


register(WeChatCsv())
