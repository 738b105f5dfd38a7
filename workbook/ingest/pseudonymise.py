"""Replacing everything that names a person with stable salted hashes (profile `privacy.pseudonymise`)."""

from __future__ import annotations

import hashlib

import pandas as pd

from workbook.ingest.base import Canonical
from workbook.profile import Profile

# Columns holding a member id, per table; they all hash the same way so references still join.
MEMBER_ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "members": ("member_id",), "messages": ("member_id",), "attendance": ("member_id",),
    "feedback": ("member_id",), "interactions": ("member_id",), "applicants": ("member_id",),
    "content": ("author_id",),
}
# Other personal columns: table → column → prefix of the hash.
PERSONAL_COLUMNS: dict[str, dict[str, str]] = {
    "members": {"email": "e_", "phone": "p_"},
    "applicants": {"name": "a_"},
}


def pseudonym(value: object, salt: str, prefix: str = "m_") -> str:
    """`prefix` + the first 12 hex digits of sha256(salt + value)."""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    return prefix + hashlib.sha256((salt + text).encode("utf-8")).hexdigest()[:12]


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def _hash_column(frame: pd.DataFrame, column: str, salt: str, prefix: str) -> None:
    if column in frame:
        frame[column] = [None if _blank(v) else pseudonym(v, salt, prefix) for v in frame[column]]


def pseudonymise(canonical: Canonical, profile: Profile) -> Canonical:
    """A copy with member ids, names, emails, phones and applicant names hashed and message text dropped."""
    salt = profile.privacy.salt
    tables: dict[str, pd.DataFrame] = {}
    for name, original in canonical.tables.items():
        frame = original.copy()
        for column in MEMBER_ID_COLUMNS.get(name, ()):
            _hash_column(frame, column, salt, "m_")
        for column, prefix in PERSONAL_COLUMNS.get(name, {}).items():
            _hash_column(frame, column, salt, prefix)
        if name == "members" and "display_name" in frame:
            # The pseudonymous id doubles as the name shown in charts, so a person stays recognisable as one.
            frame["display_name"] = frame["member_id"]
        if name == "messages" and "text" in frame:
            if "length" not in frame:
                frame["length"] = [0 if _blank(v) else len(str(v)) for v in frame["text"]]
            frame["text"] = None
        tables[name] = frame
    return Canonical(tables=tables, source_rows=dict(canonical.source_rows), problems=list(canonical.problems),
                     notes=list(canonical.notes))
