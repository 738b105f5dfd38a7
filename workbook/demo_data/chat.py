"""Demo group chat: six months of messages with weekly and daily rhythm, questions and answers, replies, ads."""

from __future__ import annotations

import numpy as np

from workbook.demo_data import calendar as cal
from workbook.demo_data import corpus
from workbook.demo_data.people import N_STAFF, TOPIC_NAMES, Community
from workbook.schemas import MESSAGE_KINDS

MEMBER_MESSAGES = 26_000  # expected messages by non-staff members over the window, before answers
STAFF_MESSAGES = 1_500
_MEMBER_KINDS = (0.78, 0.09, 0.03, 0.04, 0.02, 0.04)  # in MESSAGE_KINDS order
_STAFF_KINDS = (0.75, 0.05, 0.12, 0.08, 0.0, 0.0)
_ADS_PER_OFFENDER = (6, 5, 2)
_ABUSE = 2

STATEMENT, QUESTION, ANSWER, REPLY, STAFF_POST, AD, ABUSE = range(7)


def _rates(rng: np.random.Generator, c: Community, attended: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Expected messages per (member, day): propensity × presence × newcomer enthusiasm × day rhythm."""
    present = c.present()
    n, n_days = present.shape
    day = np.arange(n_days)
    joined_day = (c.joined.astype("datetime64[D]") - cal.WINDOW_START).astype(int)
    tenure = np.maximum(day[None, :] - joined_day[:, None], 0)
    enthusiasm = 0.35 + 0.65 * np.exp(-tenure / rng.uniform(25, 110, n)[:, None])
    left_day = np.where(np.isnat(c.left), 10**6, (c.left.astype("datetime64[D]") - cal.WINDOW_START).astype(int))
    fading = np.where(left_day[:, None] - day[None, :] <= 21, 0.35, 1.0)
    boost = np.ones((n, n_days))
    for m, d in zip(*attended, strict=True):  # attendees talk more for two weeks after an event
        boost[m, d:d + 14] += 0.4
    boost = np.minimum(boost, 1.8)
    rhythm = cal.day_factor(cal.DAYS)
    member_rate = c.weight[:, None] * present * enthusiasm * fading * boost * rhythm[None, :]
    member_rate[c.is_staff] = 0
    member_rate *= MEMBER_MESSAGES / member_rate.sum()
    staff_rhythm = np.where(rhythm == 1.0, 1.0, 0.08)
    staff_rate = c.is_staff[:, None] * present * staff_rhythm[None, :]
    staff_rate *= STAFF_MESSAGES / staff_rate.sum()
    return member_rate + staff_rate


def _moments(rng: np.random.Generator, c: Community, member: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Local send time (datetime64[s]) for each message, hours drawn from the weekday/weekend/staff curves."""
    quiet = cal.day_factor(cal.DAYS)[day] < 1.0
    hour = np.empty(len(member), dtype=np.int64)
    for group, mask in (("staff", c.is_staff[member]), ("weekend", quiet & ~c.is_staff[member]),
                        ("weekday", ~quiet & ~c.is_staff[member])):
        hour[mask] = rng.choice(24, int(mask.sum()), p=cal.hour_weights(group))
    seconds = hour * 3600 + rng.integers(0, 3600, len(member))
    moment = cal.DAYS[day].astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    # On the day someone joins, their first words come after they joined.
    early = moment < c.joined[member]
    late_by = rng.integers(60, 4 * 3600, len(member)).astype("timedelta64[s]")
    return np.where(early, c.joined[member] + late_by, moment)


def _answers(rng: np.random.Generator, c: Community, member: np.ndarray, moment: np.ndarray,
             questions: np.ndarray) -> tuple[list[int], list[np.datetime64], list[int], list[int]]:
    """Replies to questions: most within the hour, some after a day, about a fifth never (added as new messages)."""
    present = c.present()
    weights = np.where(c.is_staff, 0.0, c.weight)[:, None] * present
    cumulative = np.cumsum(weights, axis=0)
    authors: list[int] = []
    moments: list[np.datetime64] = []
    parents: list[int] = []
    roles: list[int] = []
    for q in questions:
        if rng.random() > 0.78:
            continue
        delay = (rng.uniform(26, 60) * 3600 if rng.random() < 0.08
                 else rng.lognormal(np.log(35 * 60), 1.2))
        replies = [(delay, ANSWER)]
        if rng.random() < 0.25:
            replies.append((delay + rng.lognormal(np.log(60 * 60), 1.0), REPLY))
        for wait, role in replies:
            at = moment[q] + np.timedelta64(int(wait) + 30, "s")
            day = int((at.astype("datetime64[D]") - cal.WINDOW_START).astype(int))
            if at >= cal.WINDOW_END_S:
                break
            if rng.random() < 0.35:
                author = int(rng.integers(0, N_STAFF))
            else:
                author = int(member[q])
                for _ in range(5):
                    author = int(np.searchsorted(cumulative[:, day], rng.random() * cumulative[-1, day], "right"))
                    if author != member[q]:
                        break
                if author == member[q]:
                    continue
            authors.append(author)
            moments.append(at)
            parents.append(int(q))
            roles.append(role)
    return authors, moments, parents, roles


def _offences(rng: np.random.Generator, c: Community) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ads from the repeat offenders (between joining and being removed) and a couple of abusive replies."""
    members, moments, roles = [], [], []
    counts = [(o, n, AD) for o, n in zip(c.offenders, _ADS_PER_OFFENDER, strict=True)]
    counts.append((c.offenders[-1], _ABUSE, ABUSE))
    for o, n, role in counts:
        first = c.joined[o] + np.timedelta64(86_400, "s")
        last = (cal.WINDOW_END_S if np.isnat(c.left[o]) else c.left[o]) - np.timedelta64(3600, "s")
        span = int((last - first).astype(int))
        at = first + np.sort(rng.integers(0, span, n)).astype("timedelta64[s]")
        members += [o] * n
        moments += list(at)
        roles += [role] * n
    return np.array(members), np.array(moments, dtype="datetime64[s]"), np.array(roles)


def _reply_parents(rng: np.random.Generator, member: np.ndarray, moment: np.ndarray, role: np.ndarray,
                   kind: np.ndarray, parent: np.ndarray) -> None:
    """Turn some statements into replies to a recent message of someone else that day (in place)."""
    n = len(member)
    idx = np.arange(n)
    back = idx - rng.integers(1, 12, n)
    safe = np.maximum(back, 0)
    day = moment.astype("datetime64[D]")
    ok = ((role == STATEMENT) & (kind == "text") & (rng.random(n) < 0.2) & (back >= 0) & (day[safe] == day)
          & (member[safe] != member) & ~np.isin(role[safe], (AD, ABUSE)))
    parent[ok] = back[ok]
    role[ok] = REPLY
    for i in np.flatnonzero(role == ABUSE):
        earlier = [j for j in range(i - 1, max(i - 20, -1), -1) if member[j] != member[i] and role[j] != AD]
        parent[i] = earlier[0] if earlier else -1


def make_messages(rng: np.random.Generator, c: Community,
                  attended: tuple[np.ndarray, np.ndarray]) -> list[dict[str, str]]:
    counts = rng.poisson(_rates(rng, c, attended))
    who, day = np.nonzero(counts)
    member = np.repeat(who, counts[who, day])
    day = np.repeat(day, counts[who, day])
    moment = _moments(rng, c, member, day)
    keep = (moment < cal.WINDOW_END_S) & (np.isnat(c.left[member]) | (moment < c.left[member]))
    member, moment = member[keep], moment[keep]
    staff = c.is_staff[member]
    kind = np.where(staff, rng.choice(MESSAGE_KINDS, len(member), p=_STAFF_KINDS),
                    rng.choice(MESSAGE_KINDS, len(member), p=_MEMBER_KINDS))
    role = np.where(staff, STAFF_POST, STATEMENT)
    asks = ~staff & (kind == "text") & (rng.random(len(member)) < 0.085)
    role[asks] = QUESTION
    n_base = len(member)

    authors, answer_moments, answer_parents, answer_roles = _answers(rng, c, member, moment, np.flatnonzero(asks))
    bad_members, bad_moments, bad_roles = _offences(rng, c)
    member = np.concatenate([member, authors, bad_members]).astype(np.int64)
    moment = np.concatenate([moment, np.array(answer_moments, dtype="datetime64[s]"), bad_moments])
    kind = np.concatenate([kind, np.full(len(authors) + len(bad_members), "text")])
    role = np.concatenate([role, answer_roles, bad_roles]).astype(np.int64)
    parent = np.concatenate([np.full(n_base, -1), answer_parents,
                             np.full(len(bad_members), -1)]).astype(np.int64)

    order = np.lexsort((member, moment))
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    member, moment, kind, role = member[order], moment[order], kind[order], role[order]
    parent = np.where(parent[order] >= 0, position[np.maximum(parent[order], 0)], -1)
    _reply_parents(rng, member, moment, role, kind, parent)
    return _rows(rng, c, member, moment, kind, role, parent)


def _rows(rng: np.random.Generator, c: Community, member: np.ndarray, moment: np.ndarray, kind: np.ndarray,
          role: np.ndarray, parent: np.ndarray) -> list[dict[str, str]]:
    n = len(member)
    topic = np.where(rng.random(n) < 0.6, c.topic[member], rng.integers(0, len(TOPIC_NAMES), n))
    pick = rng.integers(0, 10_000, (n, 5))
    numbers = rng.integers(1, 60, (n, 2))
    codes = rng.integers(0, 36, (n, 10))
    channel_pick = rng.integers(0, len(corpus.CHANNELS), n)
    alphabet = np.array(list("abcdefghijklmnopqrstuvwxyz0123456789"))
    times = cal.fmt_times(moment)
    kind = kind.copy()
    channels: list[str] = []
    rows = []
    for i in range(n):
        p = int(parent[i])
        if p >= 0:
            topic[i] = topic[p]
        name = TOPIC_NAMES[topic[i]]
        points, tips = corpus.TOPICS[name]
        values = {"topic": name, "point": points[pick[i, 1] % len(points)],
                  "point2": points[(pick[i, 1] + 1) % len(points)], "tip": tips[pick[i, 2] % len(tips)],
                  "k": int(numbers[i, 0]) % 12 + 1, "n": int(numbers[i, 1]), "dept": c.departments[member[i]],
                  "host": corpus.LINK_HOSTS[pick[i, 3] % len(corpus.LINK_HOSTS)],
                  "code": "".join(alphabet[codes[i]])}
        text = _text(int(role[i]), str(kind[i]), int(pick[i, 0]), values)
        if role[i] == AD and "http" in text:
            kind[i] = "link"
        channels.append(channels[p] if p >= 0 else corpus.CHANNELS[0 if role[i] in (AD, ABUSE) else channel_pick[i]])
        rows.append({"message_id": f"M{i + 1:06d}", "member_id": c.ids[member[i]], "sent_at": times[i],
                     "channel": channels[i], "kind": str(kind[i]), "length": str(len(text)),
                     "reply_to": f"M{p + 1:06d}" if p >= 0 else "", "text": text})
    return rows


def _text(role: int, kind: str, pick: int, values: dict[str, object]) -> str:
    if role == AD:
        templates = corpus.ADS
    elif role == ABUSE:
        templates = corpus.ABUSE
    elif kind == "link":
        return corpus.LINK_TEXT.format(**values)
    elif kind in corpus.ATTACHMENT_TEXT:
        templates = corpus.ATTACHMENT_TEXT[kind]
    else:
        templates = {QUESTION: corpus.QUESTIONS, ANSWER: corpus.ANSWERS, REPLY: corpus.REPLIES,
                     STAFF_POST: corpus.STAFF_POSTS}.get(role, corpus.STATEMENTS)
    return templates[pick % len(templates)].format(**values)
