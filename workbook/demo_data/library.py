"""Demo content library (every kind and format, some member-made), how members used it, and the content plan."""

from __future__ import annotations

import numpy as np

from workbook.demo_data import calendar as cal
from workbook.demo_data import corpus
from workbook.demo_data.people import N_STAFF, TOPIC_NAMES, Community
from workbook.schemas import CONTENT_FORMATS

_KIND_COUNTS = {"courseware": 22, "video": 18, "case_study": 18, "industry_news": 22, "best_practice": 20,
                "member_story": 20}
_FORMATS: dict[str, dict[str, float]] = {
    "courseware": {"document": 0.6, "text": 0.25, "audio": 0.15},
    "video": {"video": 1.0},
    "case_study": {"text": 0.6, "document": 0.4},
    "industry_news": {"text": 0.6, "image": 0.4},
    "best_practice": {"text": 0.5, "image": 0.3, "document": 0.2},
    "member_story": {"text": 0.4, "image": 0.25, "audio": 0.2, "video": 0.15},
}
# Share of members who open an item, by format: short video and pictures travel, audio and documents less.
_ATTENTION = {"video": 0.42, "image": 0.36, "text": 0.28, "document": 0.20, "audio": 0.13}
_KIND_PULL = {"courseware": 1.05, "video": 1.0, "case_study": 1.0, "industry_news": 0.8, "best_practice": 1.0,
              "member_story": 1.15}
_LIKE = {"video": 0.22, "image": 0.28, "text": 0.18, "document": 0.12, "audio": 0.15}
_COMPLETE = {"video": 0.5, "image": 0.15, "text": 0.4, "document": 0.3, "audio": 0.35}


def _formats(rng: np.random.Generator, kinds: list[str]) -> list[str]:
    out = []
    for kind in kinds:
        options = _FORMATS[kind]
        out.append(list(options)[rng.choice(len(options), p=list(options.values()))])
    # Guarantee every format appears even for an unlucky seed.
    for fmt in CONTENT_FORMATS:
        if fmt not in out:
            out[kinds.index("member_story") + CONTENT_FORMATS.index(fmt)] = fmt
    return out


def make_content(rng: np.random.Generator, c: Community) -> list[dict[str, str]]:
    kinds = [k for k, n in _KIND_COUNTS.items() for _ in range(n)]
    formats = _formats(rng, kinds)
    days = np.sort(rng.integers(3, len(cal.DAYS), len(kinds)))
    shuffled = rng.permutation(len(kinds))
    kinds, formats = [kinds[i] for i in shuffled], [formats[i] for i in shuffled]
    present = c.present()
    rows = []
    for kind, fmt, day in zip(kinds, formats, days, strict=True):
        generated = kind == "member_story" or (kind == "best_practice" and rng.random() < 0.35)
        if generated:
            candidates = np.flatnonzero(present[:, day] & ~c.is_staff & (c.weight > 0))
            author = int(rng.choice(candidates, p=c.weight[candidates] / c.weight[candidates].sum()))
            minute = int(rng.integers(12 * 60, 23 * 60))
        else:
            author = int(rng.integers(0, N_STAFF))
            minute = int(rng.integers(9 * 60, 10 * 60 + 30))
        topic = TOPIC_NAMES[c.topic[author] if generated else rng.integers(0, len(TOPIC_NAMES))]
        points = corpus.TOPICS[topic][0]
        titles = corpus.CONTENT_TITLES[kind]
        title = titles[rng.integers(0, len(titles))].format(
            topic=topic, point=points[rng.integers(0, len(points))], k=int(rng.integers(3, 8)),
            dept=c.departments[author] if generated else "销售部", name=c.names[author])
        published = cal.DAYS[day].astype("datetime64[s]") + np.timedelta64(minute * 60 + int(rng.integers(0, 60)), "s")
        rows.append({"content_id": "", "title": title, "kind": kind, "format": fmt, "topic": topic,
                     "published_at": cal.fmt_times(np.array([published]))[0], "author_id": c.ids[author],
                     "member_generated": str(generated).lower()})
    rows.sort(key=lambda r: r["published_at"])
    for i, row in enumerate(rows):
        row["content_id"] = f"C{i + 1:03d}"
    return rows


def make_interactions(rng: np.random.Generator, c: Community, content: list[dict[str, str]]) -> list[dict[str, str]]:
    """Views by members present at publication (readers weighted by engagement), then likes, shares, completions."""
    present = c.present()
    propensity = c.attention()
    ids, moments, actions = [], [], []
    for item in content:
        published = np.datetime64(item["published_at"].replace(" ", "T"), "s")
        day = int((published.astype("datetime64[D]") - cal.WINDOW_START).astype(int))
        readers = np.flatnonzero(present[:, day] & ~c.is_staff)
        share = _ATTENTION[item["format"]] * _KIND_PULL[item["kind"]] * rng.normal(1.0, 0.12)
        n_views = int(rng.binomial(len(readers), float(np.clip(share, 0.02, 0.95))))
        viewers = rng.choice(readers, n_views, replace=False, p=propensity[readers] / propensity[readers].sum())
        seen = published + rng.lognormal(np.log(6 * 3600), 1.4, n_views).astype("timedelta64[s]")
        again = rng.random(n_views) < 0.12
        seen_again = seen + rng.lognormal(np.log(48 * 3600), 1.0, n_views).astype("timedelta64[s]")
        reacts = rng.random((n_views, 4))
        after = rng.integers(60, 40 * 60, (n_views, 4)).astype("timedelta64[s]")
        fmt = item["format"]
        shares = 0.1 if item["kind"] in ("member_story", "best_practice") else 0.04
        plan = [("like", _LIKE[fmt]), ("comment", 0.05), ("share", shares), ("complete", _COMPLETE[fmt])]
        for v, m in enumerate(viewers):
            events = [("view", seen[v])] + ([("view", seen_again[v])] if again[v] else [])
            events += [(action, seen[v] + after[v, a]) for a, (action, p) in enumerate(plan) if reacts[v, a] < p]
            for action, at in events:
                ids.append((item["content_id"], c.ids[m]))
                moments.append(at)
                actions.append(action)
    moment = np.array(moments, dtype="datetime64[s]")
    keep = moment < cal.WINDOW_END_S
    times = cal.fmt_times(moment)
    rows = [{"content_id": ids[i][0], "member_id": ids[i][1], "at": times[i], "action": actions[i]}
            for i in np.flatnonzero(keep)]
    rows.sort(key=lambda r: (r["at"], r["content_id"], r["member_id"], r["action"]))
    return rows


def make_plan(rng: np.random.Generator, c: Community, content: list[dict[str, str]]) -> list[dict[str, str]]:
    """A slot for each staff-made item (published), some cancelled, a few missed in October, November ahead."""
    staff = c.names[:N_STAFF]
    slots = []
    for item in content:
        if item["member_generated"] == "true":
            continue
        due = np.datetime64(item["published_at"][:10], "D") + int(rng.integers(0, 2))
        slots.append((due, item["kind"], item["format"], item["topic"], "published", item["content_id"]))
    kinds = list(_KIND_COUNTS)
    extra = ([("cancelled", d) for d in rng.integers(5, len(cal.DAYS), 10)]
             + [("drafting" if j % 2 else "planned", d) for j, d in enumerate(rng.integers(160, 183, 4))]
             + [("planned" if j % 3 else "drafting", d) for j, d in enumerate(rng.integers(184, 214, 10))])
    for status, day in extra:
        kind = kinds[rng.integers(0, len(kinds))]
        fmt = next(iter(_FORMATS[kind]))
        slots.append((cal.WINDOW_START + int(day), kind, fmt, TOPIC_NAMES[rng.integers(0, len(TOPIC_NAMES))],
                      status, ""))
    slots.sort(key=lambda s: (s[0], s[5], s[1], s[3]))
    return [{"slot_id": f"S{i + 1:03d}", "due": cal.fmt_days(np.array([due]))[0], "kind": kind, "format": fmt,
             "topic": topic, "owner": staff[i % 3 + 1], "status": status, "content_id": content_id}
            for i, (due, kind, fmt, topic, status, content_id) in enumerate(slots)]
