"""Collecting a chat export's messages and authors into canonical `members` and `messages` frames."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from workbook.i18n import t
from workbook.ingest.base import Canonical, ImportContext, Problem
from workbook.profile import Profile

_LINK = re.compile(r"https?://", re.IGNORECASE)
_MESSAGE_COLUMNS = ("message_id", "member_id", "sent_at", "channel", "kind", "length", "reply_to", "text")
_ARROW_TYPES = {column: pa.int64() if column in ("sent_at", "length") else pa.string() for column in _MESSAGE_COLUMNS}
# Messages are kept as Python lists this many at a time, then as Arrow arrays: a million messages of real length
# would otherwise hold a million Python strings per text column (1.7 GB for an export of 700 MB).
BLOCK_ROWS = 1 << 16
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas makes of a list of Python strings


def kind_from_mime(mime: str | None, default: str = "file") -> str:
    """image/video/audio from a MIME type (or Slack/Discord file type), `default` otherwise."""
    major = (mime or "").split("/", 1)[0].lower()
    return major if major in ("image", "video", "audio") else default


def text_kind(text: str) -> str:
    return "link" if _LINK.search(text) else "text"


def _objects(values: list[object]) -> np.ndarray:
    """One object per value (a list among them stays one value, not a row of a 2-D array)."""
    return np.fromiter(values, dtype=object, count=len(values))


@dataclass
class _Author:
    name: str
    row: int
    email: str | None = None
    first_at: int | None = None  # nanoseconds since the epoch, UTC


@dataclass
class ChatLog:
    """Messages and their authors, gathered while an adapter walks an export (one per file)."""

    file: str
    context: ImportContext
    # The open block's column lists (one append per column per message), and the full blocks as Arrow arrays.
    columns: dict[str, list[object]] = field(default_factory=lambda: {c: [] for c in _MESSAGE_COLUMNS})
    blocks: dict[str, list[pa.Array | np.ndarray]] = field(default_factory=lambda: {c: [] for c in _MESSAGE_COLUMNS})
    source: list[int] = field(default_factory=list)
    authors: dict[str, _Author] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bots: int = 0
    service: int = 0
    repeats: int = 0
    # message id → its position in `columns`, to tell a repeat from a clash.
    _seen: dict[str, int] = field(default_factory=dict)

    def author(self, member_id: str, name: str, row: int, at: pd.Timestamp | int | None = None,
               email: str | None = None) -> None:
        """Note a person (a poster, or someone a join message names) and the earliest time seen (a timestamp, or
        nanoseconds since the epoch in UTC)."""
        known = self.authors.get(member_id)
        if known is None:
            known = self.authors[member_id] = _Author(name=name or member_id, row=row)
        elif name and known.name == member_id:
            known.name = name
        known.email = known.email or email
        if at is not None:
            stamp = at if isinstance(at, int) else at.value
            if known.first_at is None or stamp < known.first_at:
                known.first_at = stamp

    def problem(self, row: int, column: str, code: str, file: str | None = None, **values: object) -> None:
        self.problems.append(Problem.of(file or self.file, row, column, code, "messages", **values))

    def failed(self, row: int, column: str, exc: Exception, file: str | None = None) -> None:
        self.problems.append(Problem.from_error(file or self.file, row, column, exc, "messages"))

    def add(self, row: int, message_id: str, member_id: str, name: str, sent_at: pd.Timestamp | int, channel: str,
            kind: str, text: str, reply_to: str | None = None) -> None:
        """One real message (`sent_at` a timestamp or nanoseconds since the epoch in UTC); an id already seen is an
        edit or a repeat (counted once) or a clash (problem)."""
        stamp = sent_at if isinstance(sent_at, int) else sent_at.value  # a small int rather than a Timestamp each
        columns = self.columns
        first = self._seen.get(message_id)
        if first is not None:
            if (self._value("member_id", first), self._value("sent_at", first), self._value("text", first)) == (
                    member_id, stamp, text):
                self.repeats += 1
            else:
                self.problem(row, "message_id", "message_id_clash", id=message_id, first=self.source[first])
            return
        self._seen[message_id] = len(self.source)
        self.author(member_id, name, row, stamp)
        # One append per column, written out: this runs once per message of million-message exports.
        columns["message_id"].append(message_id)
        columns["member_id"].append(member_id)
        columns["sent_at"].append(stamp)
        columns["channel"].append(channel)
        columns["kind"].append(kind)
        columns["length"].append(len(text))
        columns["reply_to"].append(reply_to)
        columns["text"].append(text)
        self.source.append(row)
        if len(columns["text"]) == BLOCK_ROWS:
            self._close_block()

    def _close_block(self) -> None:
        for column, values in self.columns.items():
            try:
                block: pa.Array | np.ndarray = pa.array(values, type=_ARROW_TYPES[column])
            except (pa.ArrowTypeError, pa.ArrowInvalid):
                # An export's odd value (a number for a channel name): kept as it came, for validation to judge.
                block = _objects(values)
            self.blocks[column].append(block)
            values.clear()

    def _value(self, column: str, position: int) -> object:
        """The `column` of the message kept at `position`."""
        block, offset = divmod(position, BLOCK_ROWS)
        if block < len(self.blocks[column]):
            value = self.blocks[column][block][offset]
            return value.as_py() if isinstance(value, pa.Scalar) else value
        return self.columns[column][offset]

    def canonical(self, profile: Profile) -> Canonical:
        """Frames for the messages and for the authors the roster lacks, with notes on what was skipped."""
        lang = profile.language
        canonical = Canonical(problems=list(self.problems))
        self._close_block()
        messages = pd.DataFrame(index=pd.RangeIndex(len(self.source)))
        for column in _MESSAGE_COLUMNS:
            blocks = self.blocks.pop(column)
            if any(isinstance(block, np.ndarray) for block in blocks):
                messages[column] = pd.Series(np.concatenate([_objects(block.to_pylist()) if isinstance(
                    block, pa.Array) else block for block in blocks]), dtype=object)
                continue
            values = pa.chunked_array(blocks, type=_ARROW_TYPES[column])
            if column == "sent_at":
                messages[column] = pd.to_datetime(values.to_numpy(), unit="ns", utc=True)
            elif column == "length":
                messages[column] = values.to_numpy()
            else:
                messages[column] = pd.Series(values, dtype=_TEXT)  # the Arrow blocks themselves, not a copy
        self._seen.clear()
        roster = set(self.context.members["member_id"].astype(str)) if "member_id" in self.context.members else set()
        new = {mid: a for mid, a in self.authors.items() if mid not in roster and a.first_at is not None}
        members = pd.DataFrame(
            [{"member_id": mid, "display_name": a.name, "joined_at": pd.Timestamp(a.first_at, unit="ns", tz="UTC"),
              "is_staff": False, "email": a.email} for mid, a in new.items()],
            columns=["member_id", "display_name", "joined_at", "is_staff", "email"])
        canonical.add("members", members, [a.row for a in new.values()])
        canonical.add("messages", messages, list(self.source))
        if new:
            canonical.notes.append(t("ingest.note.new_members", lang, n=len(new)))
        if self.bots:
            canonical.notes.append(t("ingest.note.bots", lang, n=self.bots))
        if self.service:
            canonical.notes.append(t("ingest.note.service", lang, n=self.service))
        if self.repeats:
            canonical.notes.append(t("ingest.note.repeats", lang, n=self.repeats))
        return canonical
