"""The period's leaderboard and level-ups as a text ready to post in the group (积分榜), in the client's language:
members ranked by the points they gained in the period (earned + manual adjustments, METRICS.md Points ledger),
those who reached a new level, and how points are earned. Members are named only when they agreed to be (the
`consent` column, never under pseudonymisation), by id otherwise — as the report packs name them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook import paths
from workbook.i18n import normalise_lang, t
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames

BOARD_SIZE = 10
POST_KIND = "leaderboard"
AUDIT_TABLE = "posts"


@dataclass(frozen=True)
class Place:
    rank: int
    name: str
    points: float
    level: str  # in the post's language


@dataclass(frozen=True)
class LevelUp:
    name: str
    level: str


def _points(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def public_names(frames: Frames, profile: Profile) -> dict[str, str]:
    """member_id → how a post may name them (workbook.metrics.series.people: the packs' rule)."""
    from workbook.metrics.series import people

    table = people(frames, profile)
    return dict(zip(table["member_id"], table["name"], strict=True))


def board(rows: list[dict[str, Any]], names: dict[str, str], profile: Profile, lang: str,
          size: int = BOARD_SIZE) -> tuple[list[Place], list[LevelUp]]:
    """Top `size` members by points gained in the period (> 0; equal points share a rank), and the level-ups,
    highest new level first, from ledger rows (workbook.metrics.ledger.ledger)."""
    level_name = {lv.en: lv.zh if lang == "zh-CN" else lv.en for lv in profile.levels}
    order = {lv.en: i for i, lv in enumerate(profile.levels)}
    gained = sorted(((r["earned"] + r["adjusted"], r) for r in rows if r["earned"] + r["adjusted"] > 0),
                    key=lambda pair: (-pair[0], pair[1]["member_id"]))
    places = []
    for points, r in gained[:size]:
        rank = 1 + sum(1 for other, _ in gained if other > points)
        places.append(Place(rank, names.get(r["member_id"], r["member_id"]), points, level_name[r["level"]]))
    ups = sorted((r for r in rows if r["level_up"]),
                 key=lambda r: (-order[r["level"]], -(r["earned"] + r["adjusted"]), r["member_id"]))
    return places, [LevelUp(names.get(r["member_id"], r["member_id"]), level_name[r["level"]]) for r in ups]


def period_title(period: Period, lang: str) -> str:
    if period.kind == "month":
        return t("points.post.month", lang, year=period.start.year, month=period.start.month,
                 month_name=period.start.strftime("%B"))
    return period.label


def rules_line(profile: Profile, lang: str) -> str:
    rules = profile.points
    values = {k: _points(v) for k, v in rules.model_dump().items()}
    return t("points.post.rules", lang, **values)


def leaderboard_text(rows: list[dict[str, Any]], names: dict[str, str], profile: Profile, period: Period,
                     lang: str | None = None, size: int = BOARD_SIZE) -> str:
    """The post: title, ranked places, level-ups, how points are earned (`lang` defaults to the client's)."""
    lang = normalise_lang(lang or profile.language)
    labels = profile.labels
    places, ups = board(rows, names, profile, lang, size)
    lines = [t("points.post.title", lang, labels, community=profile.name, period=period_title(period, lang)), ""]
    if places:
        lines.append(t("points.post.top", lang, labels, n=len(places)))
        lines += [t("points.post.place", lang, labels, rank=p.rank, name=p.name, points=_points(p.points),
                    level=p.level) for p in places]
    else:
        lines.append(t("points.post.no_points", lang, labels))
    lines.append("")
    if ups:
        lines.append(t("points.post.level_ups", lang, labels, n=len(ups)))
        lines += [t("points.post.level_up", lang, labels, name=u.name, level=u.level) for u in ups]
    else:
        lines.append(t("points.post.no_level_ups", lang, labels))
    lines += ["", rules_line(profile, lang), t("points.post.closing", lang, labels)]
    return "\n".join(lines) + "\n"


def post_path(client: str, period_label: str, kind: str = POST_KIND) -> Path:
    """data/<client>/posts/<period>-<kind>.txt."""
    return paths.client_dir(client) / "posts" / f"{period_label}-{kind}.txt"


def load_post(client: str, period_label: str, kind: str = POST_KIND) -> str | None:
    path = post_path(client, period_label, kind)
    return path.read_text(encoding="utf-8") if path.exists() else None


def save_post(client: str, period_label: str, text: str, who: str, engine: Any, kind: str = POST_KIND) -> Path:
    """Replace the saved post atomically (a reader sees the old text or the new, never half) and audit it (before
    and after, under `who`)."""
    from workbook import store

    path = post_path(client, period_label, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_text(encoding="utf-8") if path.exists() else None
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    try:
        with engine.begin() as conn:
            store.write_audit(conn, client, AUDIT_TABLE, {"post": path.name},
                              None if before is None else {"text": before}, {"text": text}, who)
            tmp.replace(path)  # inside the transaction: a failed audit leaves the old text in place
    finally:
        tmp.unlink(missing_ok=True)
    return path
