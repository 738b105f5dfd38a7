"""Demo events of every kind, who registered and attended, and their feedback surveys."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbook.demo_data import calendar as cal
from workbook.demo_data import corpus
from workbook.demo_data.people import TOPIC_NAMES, Community

_KIND_COUNTS = {"live_lecture": 5, "webinar": 4, "quiz": 4, "workshop": 4, "industry_meetup": 4, "team_building": 4}
_MINUTES = {"live_lecture": 90, "webinar": 60, "quiz": 45, "workshop": 180, "industry_meetup": 150,
            "team_building": 240}
_REGISTER = {"live_lecture": 0.45, "webinar": 0.30, "quiz": 0.35, "workshop": 0.25, "industry_meetup": 0.18,
             "team_building": 0.30}
_CAPACITY = {"workshop": 40, "industry_meetup": 60, "team_building": 50}
_QUALITY = {"live_lecture": 0.1, "webinar": -0.25, "quiz": 0.0, "workshop": 0.3, "industry_meetup": 0.05,
            "team_building": 0.2}
FIRST_WEEK = np.datetime64("2026-05-11", "D")  # a Monday; one event a week from here


@dataclass
class Schedule:
    """The events as rows plus what the chat and content generators need: who attended on which day."""

    events: list[dict[str, str]]
    attendance: list[dict[str, str]]
    feedback: list[dict[str, str]]
    attended_member_day: tuple[np.ndarray, np.ndarray]  # (member index, window day index) per attendance


def _starts(rng: np.random.Generator, kinds: list[str], modes: list[str]) -> np.ndarray:
    """Online events on Tuesday or Thursday 19:30, offline ones on Saturday 14:00, one per week."""
    weeks = FIRST_WEEK + 7 * np.arange(len(kinds))
    offsets = np.array([5 if m == "offline" else (1, 3)[rng.integers(0, 2)] for m in modes])
    hours = np.array([14 * 60 if m == "offline" else 19 * 60 + 30 for m in modes])
    days = weeks + offsets
    while (holiday := cal.is_holiday(days)).any():  # nobody runs a training during 国庆
        days = np.where(holiday, days + 1, days)
    return days.astype("datetime64[s]") + (hours * 60).astype("timedelta64[s]")


def make_schedule(rng: np.random.Generator, c: Community) -> Schedule:
    kinds = [k for k, n in _KIND_COUNTS.items() for _ in range(n)]
    kinds = [kinds[i] for i in rng.permutation(len(kinds))]
    modes = ["offline" if k in ("industry_meetup", "team_building") or (k == "workshop" and rng.random() < 0.6)
             else "online" for k in kinds]
    starts = _starts(rng, kinds, modes)
    present = c.present()
    attention = c.attention()
    n_events = len(kinds)
    # Two earlier events picked at random plus the last October one get too few survey answers to trust.
    low_confidence = set(rng.choice(n_events - 7, 2, replace=False).tolist()) | {n_events - 1}

    events, attendance, feedback = [], [], []
    att_members, att_days = [], []
    for e, (kind, mode, start) in enumerate(zip(kinds, modes, starts, strict=True)):
        event_id = f"E{e + 1:02d}"
        minutes = _MINUTES[kind]
        day = int((start.astype("datetime64[D]") - cal.WINDOW_START).astype(int))
        topic = TOPIC_NAMES[rng.integers(0, len(TOPIC_NAMES))]
        points = corpus.TOPICS[topic][0]
        titles = corpus.EVENT_TITLES[kind]
        title = titles[rng.integers(0, len(titles))].format(topic=topic, point=points[rng.integers(0, len(points))],
                                                             k=e // 3 + 1)
        external = kind in ("live_lecture", "workshop", "industry_meetup") and rng.random() < 0.5
        host = (corpus.EXTERNAL_HOSTS[rng.integers(0, len(corpus.EXTERNAL_HOSTS))] if external
                else c.names[int(rng.integers(0, 3))])
        capacity = _CAPACITY.get(kind, 0) if mode == "offline" else (500 if kind == "live_lecture" else 0)
        cost = int(rng.integers(30, 120)) * 100 if mode == "offline" else (2000 if external else 0)
        ends = start + np.timedelta64(minutes * 60, "s")
        events.append({"event_id": event_id, "title": title, "kind": kind, "mode": mode,
                       "starts_at": cal.fmt_times(np.array([start]))[0], "ends_at": cal.fmt_times(np.array([ends]))[0],
                       "host": host, "capacity": str(capacity) if capacity else "", "cost": str(cost)})

        eligible = np.flatnonzero(present[:, day] & ~c.is_staff & (c.joined < start))
        p_register = np.clip(_REGISTER[kind] * attention[eligible], 0, 0.95)
        registered = eligible[rng.random(len(eligible)) < p_register]
        if capacity and mode == "offline" and len(registered) > capacity:
            registered = np.sort(rng.choice(registered, capacity, replace=False))
        show_rate = 0.85 if mode == "offline" else 0.68
        attended_reg = rng.random(len(registered)) < show_rate
        walk_pool = np.setdiff1d(eligible[~c.silent[eligible]], registered)
        walk_ins = np.sort(rng.choice(walk_pool, min(len(walk_pool), int(rng.integers(1, 5))), replace=False))
        rows = [(m, True, bool(a)) for m, a in zip(registered, attended_reg, strict=True)]
        rows += [(m, False, True) for m in walk_ins]
        attendees = []
        for m, reg, came in sorted(rows):
            if came:
                share = rng.beta(6, 1.8) if mode == "online" else 1 - rng.random() * 0.15
                stay = str(round(minutes * share))
                attendees.append(m)
            else:
                stay = ""
            attendance.append({"event_id": event_id, "member_id": c.ids[m], "registered": str(reg).lower(),
                               "attended": str(came).lower(), "minutes": stay})
        att_members += attendees
        att_days += [day] * len(attendees)
        n_resp = (int(rng.integers(2, 5)) if e in low_confidence
                  else int(rng.binomial(len(attendees), 0.5)))
        respondents = rng.choice(np.array(attendees), min(n_resp, len(attendees)), replace=False)
        feedback += _survey(rng, event_id, ends, _QUALITY[kind] + rng.normal(0, 0.35), respondents, c)
    return Schedule(events, attendance, feedback, (np.array(att_members), np.array(att_days)))


def _survey(rng: np.random.Generator, event_id: str, ends: np.datetime64, quality: float,
            respondents: np.ndarray, c: Community) -> list[dict[str, str]]:
    rows = []
    delays = np.sort(rng.lognormal(np.log(3 * 3600), 1.0, len(respondents)).astype(int))
    for j, (m, delay) in enumerate(zip(respondents, delays, strict=True)):
        submitted = min(ends + np.timedelta64(int(delay), "s"), cal.WINDOW_END_S - np.timedelta64(60, "s"))
        sat = int(np.clip(round(rng.normal(4.0 + quality, 0.75)), 1, 5))
        answers = {
            "satisfaction": sat,
            "nps": int(np.clip(round(rng.normal(8.0 + 2 * quality, 1.6)), 0, 10)),
            "learning": int(np.clip(round(rng.normal(3.8 + quality, 0.8)), 1, 5)),
            "application": int(np.clip(round(rng.normal(3.5 + quality, 0.85)), 1, 5)),
        }
        blanks = rng.random(4) < np.array([0.05, 0.1, 0.06, 0.08])
        band = "good" if sat >= 4 else "mixed" if sat == 3 else "bad"
        comments = corpus.FEEDBACK_COMMENTS[band]
        comment = comments[rng.integers(0, len(comments))] if rng.random() < 0.55 else ""
        row = {"event_id": event_id, "response_id": f"R{j + 1:03d}",
               "member_id": c.ids[m] if rng.random() < 0.75 else "",
               "submitted_at": cal.fmt_times(np.array([submitted]))[0]}
        row |= {k: "" if blank else str(v) for (k, v), blank in zip(answers.items(), blanks, strict=True)}
        row["comment"] = comment
        rows.append(row)
    return rows
