"""Every bound an import enforces, in one place: sizes a file may have and values a cell may hold."""

from __future__ import annotations

import re

MAX_FILE_BYTES = 2 * 1024**3
MAX_COLUMNS = 1_000
# Characters in one CSV field or one JSON string before the file is refused (a whole novel fits).
MAX_FIELD_CHARS = 1_000_000
MAX_ZIP_MEMBER_BYTES = 512 * 1024**2
MAX_ZIP_TOTAL_BYTES = 2 * 1024**3
# Chat exports compress 5–20×; far beyond that a member is a decompression bomb.
MAX_ZIP_RATIO = 200
MAX_JSON_DEPTH = 64
# Problem lines printed before the rest are summarised per column and reason.
MAX_PROBLEM_LINES = 50

# Key and id columns: PostgreSQL keys are VARCHAR(255).
MAX_ID_CHARS = 255
MAX_TEXT_CHARS = 1_000
MAX_LONG_TEXT_CHARS = 100_000
# Whole numbers beyond 2**53 lose digits as floats; nothing counted here comes near.
MAX_NUMBER = 2.0**53

# Free-text columns: tab and line breaks are part of the text there; everywhere else they are refused.
LONG_TEXT = frozenset({"text", "comment", "answers", "notes", "statement"})
ID_COLUMNS = frozenset({"member_id", "message_id", "event_id", "response_id", "content_id", "applicant_id",
                        "goal_id", "slot_id", "reply_to", "author_id", "scorer"})
CONTROL_IN_LONG_TEXT = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]"
CONTROL_IN_TEXT = r"[\x00-\x1F\x7F]"
CONTROL_IN_LONG_TEXT_RE = re.compile(CONTROL_IN_LONG_TEXT)
CONTROL_IN_TEXT_RE = re.compile(CONTROL_IN_TEXT)
# Exactly what str.strip() removes, so bulk trimming matches the cell-by-cell path.
PY_WHITESPACE = ("\x09\x0a\x0b\x0c\x0d\x1c\x1d\x1e\x1f\x20\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                 "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

DEFAULT_DATE_WINDOW = (2000, 2100)


def max_chars(column: str) -> int:
    if column in ID_COLUMNS:
        return MAX_ID_CHARS
    return MAX_LONG_TEXT_CHARS if column in LONG_TEXT else MAX_TEXT_CHARS


def control_pattern(column: str) -> str:
    return CONTROL_IN_LONG_TEXT if column in LONG_TEXT else CONTROL_IN_TEXT
