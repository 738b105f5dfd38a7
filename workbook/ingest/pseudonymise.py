"""Replacing everything that names a person with stable salted hashes (profile `privacy.pseudonymise`).

The salt is random per client, made on first need and kept at data/<client>/.salt (owner-only), so a hash
cannot be reversed by hashing guessed names. Free text (messages, comments, answers, notes) is dropped.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets

import pandas as pd

from workbook import paths
from workbook.ingest.base import Canonical

# Columns holding a member id, per table; they all hash the same way so references still join.
MEMBER_ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "members": ("member_id",), "messages": ("member_id",), "attendance": ("member_id",),
    "feedback": ("member_id",), "interactions": ("member_id",), "applicants": ("member_id",),
    "content": ("author_id",), "quiz_results": ("member_id",), "points_adjustments": ("member_id",),
    "redemptions": ("member_id",), "registrations": ("member_id",), "interests": ("member_id",),
    "core_roles": ("member_id",), "core_tasks": ("member_id",), "mentoring": ("mentor_id", "mentee_id"),
}
# Columns holding a comma list of member ids (a story's members): each id hashed as in MEMBER_ID_COLUMNS.
MEMBER_LIST_COLUMNS: dict[str, tuple[str, ...]] = {"stories": ("members",)}
# Other columns naming a person or a private place: table → column → prefix of the hash.
PERSONAL_COLUMNS: dict[str, dict[str, str]] = {
    "members": {"email": "e_", "phone": "p_"},
    "messages": {"channel": "c_"},
    "events": {"host": "h_"},
    "applicants": {"name": "a_", "decided_by": "r_"},
    "event_scores": {"scorer": "r_"},
    "goals": {"owner": "r_"},
    "content_plan": {"owner": "r_"},
    "points_adjustments": {"by": "r_"},
}
FREE_TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "messages": ("text",), "feedback": ("comment",), "applicants": ("answers",), "event_scores": ("notes",),
    "stories": ("body", "refs"), "core_roles": ("note",), "mentoring": ("note",),
}


def client_salt(client: str) -> str:
    """The client's secret salt, created (random, mode 0600) the first time it is needed."""
    path = paths.client_dir(client) / ".salt"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another import made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(salt)
    return salt


def pseudonym(value: object, salt: str, prefix: str = "m_") -> str:
    """`prefix` + the first 12 hex digits of sha256(salt + value)."""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    return prefix + hashlib.sha256((salt + text).encode("utf-8")).hexdigest()[:12]


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def _hash_column(frame: pd.DataFrame, column: str, salt: str, prefix: str) -> None:
    if column in frame:
        frame[column] = pd.Series([None if _blank(v) else pseudonym(v, salt, prefix) for v in frame[column]],
                                  index=frame.index, dtype=object)


def split_ids(text: object) -> list[str]:
    """A comma list of ids as items (Chinese commas and semicolons separate too, as the stories page reads it)."""
    return [item.strip() for item in re.split(r"[,，;；、]", str(text)) if item.strip()]


def _hash_member_subjects(frame: pd.DataFrame, salt: str) -> None:
    """An outcome's subject is a member id unless its scope says department (departments are not hashed)."""
    scope = frame["scope"] if "scope" in frame else pd.Series(None, index=frame.index, dtype=object)
    frame["subject"] = [subject if kind == "department" or _blank(subject) else pseudonym(subject, salt)
                        for subject, kind in zip(frame["subject"], scope, strict=True)]


def pseudonymise(canonical: Canonical, salt: str) -> Canonical:
    """A copy with every person field hashed and free text dropped (message lengths kept)."""
    tables: dict[str, pd.DataFrame] = {}
    for name, original in canonical.tables.items():
        frame = original.copy()
        for column in MEMBER_ID_COLUMNS.get(name, ()):
            _hash_column(frame, column, salt, "m_")
        for column, prefix in PERSONAL_COLUMNS.get(name, {}).items():
            _hash_column(frame, column, salt, prefix)
        for column in MEMBER_LIST_COLUMNS.get(name, ()):
            if column in frame:
                frame[column] = [None if _blank(v) else ",".join(pseudonym(m, salt) for m in split_ids(v))
                                 for v in frame[column]]
        if name == "outcomes" and "subject" in frame:
            _hash_member_subjects(frame, salt)
        if name == "members" and "display_name" in frame:
            # The pseudonymous id doubles as the name shown in charts, so a person stays recognisable as one.
            frame["display_name"] = frame["member_id"]
        if name == "messages" and "text" in frame and "length" not in frame:
            frame["length"] = [0 if _blank(v) else len(str(v)) for v in frame["text"]]
        for column in FREE_TEXT_COLUMNS.get(name, ()):
            if column in frame:
                frame[column] = None
        tables[name] = frame
    return Canonical(tables=tables, source_rows=dict(canonical.source_rows), problems=list(canonical.problems),
                     notes=list(canonical.notes))
