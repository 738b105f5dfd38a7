"""Where a key of client.yaml is (its line, from a ruamel.yaml round-trip load) and which keys the profile model
allows at that level (for a "did you mean" on a misspelt key)."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from workbook.profile import Profile

Loc = Sequence[str | int]


def _unwrap(annotation: Any) -> Any:
    """The model (or container) inside Optional[...] / X | None."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return inner[0] if len(inner) == 1 else annotation
    return annotation


def model_at(loc: Loc, root: type[BaseModel] = Profile) -> type[BaseModel] | None:
    """The pydantic model of the mapping at `loc` (list items and dict values followed), None when it is not one."""
    node: Any = root
    for part in loc:
        node = _unwrap(node)
        if isinstance(node, type) and issubclass(node, BaseModel):
            if not isinstance(part, str) or part not in node.model_fields:
                return None
            node = node.model_fields[part].annotation
            continue
        origin, args = typing.get_origin(node), typing.get_args(node)
        if origin is list and args:
            node = args[0]
        elif origin is dict and len(args) == 2:
            node = args[1]
        else:
            return None
    node = _unwrap(node)
    return node if isinstance(node, type) and issubclass(node, BaseModel) else None


def suggestion(word: str, candidates: Sequence[str]) -> str | None:
    """The closest candidate to a misspelt `word` (difflib), or None when nothing is close."""
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not found:
        lowered = {c.lower(): c for c in candidates}
        found = [lowered[word.lower()]] if word.lower() in lowered else []
    return found[0] if found else None


def allowed_keys(loc: Loc) -> list[str]:
    """The keys the model allows in the mapping at `loc` (empty when it is free-form, like labels)."""
    model = model_at(loc)
    return list(model.model_fields) if model is not None else []


def line_of(doc: Any, loc: Loc) -> int | None:
    """1-based line of the deepest part of `loc` found in the round-trip document (a missing key: its parent's)."""
    line: int | None = None
    node = doc
    for part in loc:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        if hasattr(node, "keys") and part in node:
            line = lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            line = lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    if line is None and loc == ():
        return 1
    return line


def _inner_model(annotation: Any) -> tuple[type[BaseModel] | None, str]:
    """The model a field holds and how (`.` a model, `[].` items of a list), or (None, "")."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, "."
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args:
        item = _unwrap(args[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item, "[]."
    return None, ""


def setting_keys(model: type[BaseModel] = Profile, depth: int = 2, prefix: str = "") -> list[str]:
    """Every key of client.yaml down to `depth` levels, in the model's order: `schedule`, `schedule.catch_up`,
    `levels`, `levels[].min_points` … (what the consultants' guide describes, one row each)."""
    keys = []
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        keys.append(key)
        inner, joint = _inner_model(info.annotation)
        if inner is not None and depth > 1:
            keys += setting_keys(inner, depth - 1, key + joint)
    return keys


def default_of(key: str) -> Any:
    """The value a fresh profile has at `key` (list items: the first item's), or None when there is none."""
    node: Any = Profile(name="-").model_dump(mode="json")
    for part in key.replace("[]", ".0").split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node
