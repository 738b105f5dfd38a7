"""client.yaml written back from the forms: only the changed keys, the consultant's comments, order and quoting
kept (ruamel.yaml round trip), the result validated as a profile before it replaces the file, and audited."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from ruamel.yaml import YAML

from workbook import paths, store
from workbook.profile import Profile, parse_profile

Path_ = tuple[str | int, ...]
AUDIT_TABLE = "client.yaml"


class ProfileChanged(Exception):
    """client.yaml changed on disk since the form read it; `who` and `at` from the last audited write."""

    def __init__(self, who: str, at: str) -> None:
        self.who, self.at = who, at
        super().__init__(f"client.yaml changed by {who} at {at}")


def _round_trip() -> YAML:
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=2, offset=0)
    return rt


def fingerprint(client: str) -> str:
    """What the form read, to tell a later change by someone else from its own."""
    return hashlib.sha256(paths.profile_path(client).read_bytes()).hexdigest()


def _set(doc: Any, path: Path_, value: Any, defaults: Mapping[str, Any]) -> None:
    node = doc
    for depth, key in enumerate(path[:-1]):
        if isinstance(key, str) and key not in node:
            # A section the file leaves to its default: written out from the profile's defaults first.
            node[key] = json.loads(json.dumps(defaults[key])) if depth == 0 else {}
        node = node[key]
    last = path[-1]
    current = node[last] if (isinstance(last, int) or last in node) else None
    if isinstance(current, list) and isinstance(value, list):
        current[:] = value  # the same sequence object keeps the comments attached to it
    else:
        node[last] = value


def write(client: str, changes: Mapping[Path_, Any], who: str, engine: Any, read: str | None = None) -> Profile:
    """Apply `changes` (key path → value) to client.yaml; ProfileError when the result is not a valid profile,
    ProfileChanged when the file is no longer the one fingerprinted as `read`."""
    path = paths.profile_path(client)
    text = path.read_text(encoding="utf-8")
    if read is not None and hashlib.sha256(text.encode("utf-8")).hexdigest() != read:
        last = _last_write(engine, client)
        raise ProfileChanged(*last)
    rt = _round_trip()
    doc = rt.load(text)
    before_data = yaml.safe_load(text)
    defaults = parse_profile(before_data, path).model_dump(mode="json")
    for key_path, value in changes.items():
        _set(doc, key_path, value, defaults)
    out = io.StringIO()
    rt.dump(doc, out)
    after_data = yaml.safe_load(out.getvalue())
    profile = parse_profile(after_data, path)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    tmp.replace(path)
    sections = sorted({str(p[0]) for p in changes})
    with engine.begin() as conn:
        store.write_audit(conn, client, AUDIT_TABLE, ",".join(sections),
                          {s: before_data.get(s) for s in sections}, {s: after_data.get(s) for s in sections}, who)
    return profile


def _last_write(engine: Any, client: str) -> tuple[str, str]:
    import sqlalchemy as sa

    audit = store.audit
    stmt = (sa.select(audit.c.who, audit.c.at).where(audit.c.client == client, audit.c.table_name == AUDIT_TABLE)
            .order_by(audit.c.id.desc()).limit(1))
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    return (str(row[0]), str(row[1])[:16]) if row else ("?", "?")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def listed(values: Sequence[object]) -> str:
    return "\n".join(str(v) for v in values)
