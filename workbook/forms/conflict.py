"""A save refused because someone else saved first, told in the page's language: who, how long ago, and each
changed field by its label with their value and this edit's value."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from workbook import store
from workbook.forms.context import FormContext
from workbook.i18n import has

# Columns whose values are enum codes, and the label group that names them.
CHOICE_GROUPS = {"decision": "decision", "direction": "direction", "status": "status", "kind": "kind",
                 "format": "format"}
BOOKKEEPING = ("client", "version", "updated_at", "updated_by", "source_file")


def _parsed(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def shown(ctx: FormContext, column: str, value: Any, metric: str | None = None) -> str:
    """A stored value as a facilitator reads it: labels for codes and rubric keys, dates without times, a
    goal's rate as a percentage."""
    from workbook.forms.smart import is_rate

    value = _parsed(value)
    if column in ("baseline", "target") and is_rate(metric) and isinstance(value, int | float) \
            and not pd.isna(value):
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"
    if isinstance(value, dict):
        return "、".join(f"{ctx.criterion(k) or k} {v}" for k, v in value.items()) or "—"
    if value is None or value == "" or (not isinstance(value, list) and pd.isna(value)):
        return "—"
    if column in CHOICE_GROUPS:
        return ctx.choice(CHOICE_GROUPS[column], value)
    if isinstance(value, float):
        return f"{value:g}"
    if hasattr(value, "isoformat"):
        return str(value)[:10]
    return str(value)


def column_label(ctx: FormContext, column: str) -> str:
    return ctx.label(f"form.column.{column}") if has(f"form.column.{column}") else column


def _when(ctx: FormContext, at: Any) -> tuple[int, str]:
    """Minutes since `at` and its local clock time in the client's time zone."""
    stamp = pd.Timestamp(at)
    stamp = stamp.tz_localize(UTC) if stamp.tzinfo is None else stamp
    minutes = max(0, int((datetime.now(UTC) - stamp.to_pydatetime()).total_seconds() // 60))
    return minutes, stamp.tz_convert(ctx.profile.timezone).strftime("%Y-%m-%d %H:%M")


def conflict_text(ctx: FormContext, exc: store.ConflictError, mine: Mapping[str, Any]) -> str:
    theirs = exc.current
    metric = mine.get("metric") or theirs.get("metric")
    changes = [ctx.label("form.conflict.change", field=column_label(ctx, k),
                         theirs=shown(ctx, k, theirs.get(k), metric), mine=shown(ctx, k, v, metric))
               for k, v in mine.items() if k in theirs and k not in BOOKKEEPING
               and shown(ctx, k, theirs.get(k), metric) != shown(ctx, k, v, metric)]
    who = theirs.get("updated_by") or "?"
    at = theirs.get("updated_at")
    if at is None or at == "(deleted)":
        return ctx.label("form.conflict.gone")
    minutes, clock = _when(ctx, at)
    ago = ctx.label("form.conflict.just_now") if minutes < 1 else ctx.label("form.conflict.minutes", n=minutes)
    return ctx.label("form.conflict", who=who, ago=ago, at=clock,
                     changes="; ".join(changes) or ctx.label("form.conflict.no_diff"))
