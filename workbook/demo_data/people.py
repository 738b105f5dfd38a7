"""Demo members (cohorts, departments, channels, heavy posters and lurkers, churn) and applicants."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbook.demo_data import calendar as cal
from workbook.demo_data import corpus
from workbook.schemas import CHANNELS

N_STAFF = 6
# (first day of the cohort's intake, members joining in it); the founding cohort was invited before launch.
COHORTS: tuple[tuple[str, int], ...] = (("2026-04-27", 118), ("2026-06-01", 40), ("2026-07-01", 34),
                                        ("2026-08-03", 30), ("2026-09-01", 36), ("2026-10-08", 28))
N_TRICKLE = 8  # referrals who join between cohorts
N_OFFENDERS = 3
_FOUNDING_CHANNELS = (0.70, 0.05, 0.03, 0.17, 0.05)
_LATER_CHANNELS = (0.35, 0.22, 0.15, 0.23, 0.05)
TOPIC_NAMES = tuple(corpus.TOPICS)


@dataclass
class Community:
    """Every member as parallel arrays; index 0..N_STAFF-1 are the staff facilitators."""

    ids: list[str]
    names: list[str]
    departments: list[str]
    titles: list[str]
    channels: list[str]
    emails: list[str]
    phones: list[str]
    consent: list[str]
    joined: np.ndarray  # datetime64[s], local
    left: np.ndarray  # datetime64[s], NaT when still a member
    is_staff: np.ndarray
    weight: np.ndarray  # posting propensity; 0 for lurkers
    silent: np.ndarray  # lurkers who also skip events and content: the community has lost them
    topic: np.ndarray  # index into TOPIC_NAMES of each member's favourite topic
    offenders: np.ndarray  # member indices of the ad posters, abuser last

    def __len__(self) -> int:
        return len(self.ids)

    def present(self) -> np.ndarray:
        """(members × days) bool: joined on or before the day and not yet left."""
        joined_day = self.joined.astype("datetime64[D]")[:, None]
        left_day = self.left.astype("datetime64[D]")[:, None]
        days = cal.DAYS[None, :]
        return (joined_day <= days) & (np.isnat(left_day) | (left_day > days))

    def engagement_rank(self) -> np.ndarray:
        """0–1 percentile of posting propensity (lurkers 0), for who registers for events or reads content."""
        order = np.argsort(np.argsort(self.weight, kind="stable"), kind="stable")
        return np.where(self.weight > 0, order / max(len(self) - 1, 1), 0.0)

    def attention(self) -> np.ndarray:
        """Relative chance of reading an item or registering for an event: the engaged more, the silent hardly."""
        return np.where(self.silent, 0.03, 0.4 + self.engagement_rank())


def unique_names(rng: np.random.Generator, count: int, taken: set[str]) -> list[tuple[str, str, str]]:
    """`count` distinct (name, surname pinyin, given pinyin) not in `taken`; common surnames more often."""
    surname_p = 1.0 / np.arange(1, len(corpus.SURNAMES) + 1) ** 0.8
    surname_p /= surname_p.sum()
    out: list[tuple[str, str, str]] = []
    while len(out) < count:
        s = corpus.SURNAMES[rng.choice(len(corpus.SURNAMES), p=surname_p)]
        size = 1 + int(rng.random() < 0.6)
        chars = [corpus.GIVEN[i] for i in rng.choice(len(corpus.GIVEN), size, replace=False)]
        name = s[0] + "".join(c[0] for c in chars)
        if name not in taken:
            taken.add(name)
            out.append((name, s[1], "".join(c[1] for c in chars)))
    return out


def _emails(rng: np.random.Generator, people: list[tuple[str, str, str]], external: np.ndarray) -> list[str]:
    seen: dict[str, int] = {}
    emails = []
    for (_, surname, given), outside in zip(people, external, strict=True):
        local = f"{given}.{surname}"
        seen[local] = seen.get(local, 0) + 1
        if seen[local] > 1:
            local = f"{local}{seen[local]}"
        if outside:
            emails.append(f"{given}{surname}{rng.integers(10, 99)}@{('163.com', 'qq.com')[rng.integers(0, 2)]}")
        else:
            emails.append(f"{local}@{corpus.EMAIL_DOMAIN}")
    return emails


def _join_times(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Join moments (local, seconds) and the cohort index of each non-staff member (-1: trickle)."""
    starts, cohort = [], []
    for c, (first, size) in enumerate(COHORTS):
        offset_days = np.minimum(rng.exponential(2.5, size), 13).astype(int)
        starts.append(np.datetime64(first, "D") + offset_days)
        cohort.append(np.full(size, c))
    trickle_days = rng.integers(10, len(cal.DAYS) - 5, N_TRICKLE)
    starts.append(cal.WINDOW_START + trickle_days)
    cohort.append(np.full(N_TRICKLE, -1))
    days = np.concatenate(starts).astype("datetime64[s]")
    seconds = rng.integers(9 * 3600, 21 * 3600, len(days))
    return days + seconds.astype("timedelta64[s]"), np.concatenate(cohort)


def make_members(rng: np.random.Generator) -> Community:
    joined_members, cohort = _join_times(rng)
    n_members = len(joined_members)
    n = N_STAFF + n_members
    staff_joined = (np.datetime64("2026-04-20T09:30:00") + np.arange(N_STAFF) * np.timedelta64(1800, "s"))
    joined = np.concatenate([staff_joined, joined_members])

    people = unique_names(rng, n, set())
    dept_names = list(corpus.DEPARTMENTS)
    dept_p = np.array([corpus.DEPARTMENTS[d][0] for d in dept_names])
    dept_idx = rng.choice(len(dept_names), n_members, p=dept_p / dept_p.sum())
    departments = [corpus.STAFF_DEPARTMENT] * N_STAFF + [dept_names[i] for i in dept_idx]
    titles = list(corpus.STAFF_TITLES[:N_STAFF])
    titles += [corpus.DEPARTMENTS[dept_names[i]][1][rng.integers(0, len(corpus.DEPARTMENTS[dept_names[i]][1]))]
               for i in dept_idx]

    channel_idx = np.where(cohort == 0, rng.choice(len(CHANNELS), n_members, p=_FOUNDING_CHANNELS),
                           rng.choice(len(CHANNELS), n_members, p=_LATER_CHANNELS))
    channel_idx = np.where(cohort == -1, CHANNELS.index("referral"), channel_idx)

    later = np.flatnonzero(cohort >= 2) + N_STAFF
    offenders = np.sort(rng.choice(later, N_OFFENDERS, replace=False))
    channels = ["internal_notice"] * N_STAFF + [CHANNELS[i] for i in channel_idx]
    for o in offenders:
        channels[o] = "social_media"
    external = np.array([c in ("social_media", "industry_forum") for c in channels])
    external[:N_STAFF] = False

    lurker = rng.random(n_members) < 0.45
    weight = np.concatenate([np.full(N_STAFF, 3.0), np.where(lurker, 0.0, rng.lognormal(0.0, 1.35, n_members))])
    weight[offenders] = 0.15
    silent = np.concatenate([np.zeros(N_STAFF, dtype=bool), lurker & (rng.random(n_members) < 0.65)])

    favourite = [corpus.DEPARTMENTS[dept_names[i]][2] for i in dept_idx]
    topic = np.concatenate([rng.integers(0, len(TOPIC_NAMES), N_STAFF),
                            [TOPIC_NAMES.index(f[rng.integers(0, len(f))]) for f in favourite]])

    left = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    leaves = rng.random(n) < np.where(weight == 0, 0.3, 0.15)
    leaves[:N_STAFF] = False
    stay_days = rng.integers(25, 170, n).astype("timedelta64[D]")
    left_candidate = joined + stay_days + rng.integers(0, 86_400, n).astype("timedelta64[s]")
    left = np.where(leaves & (left_candidate < cal.WINDOW_END_S - np.timedelta64(1, "D")), left_candidate, left)
    # Admins remove the two ad posters a month or two after they join; the abuser (last) stays.
    for o in offenders[:-1]:
        left[o] = joined[o] + np.timedelta64(int(rng.integers(30, 60)), "D")
        left[o] = min(left[o], cal.WINDOW_END_S - np.timedelta64(3600, "s"))

    consent_draw = rng.random(n)
    consent = ["true" if u < 0.45 else "false" if u < 0.8 else "" for u in consent_draw]
    phones = [f"1{rng.integers(3, 10)}{rng.integers(0, 10)}****{rng.integers(0, 10_000):04d}"
              if rng.random() < 0.6 else "" for _ in range(n)]
    return Community(
        ids=[f"U{i + 1:04d}" for i in range(n)], names=[p[0] for p in people], departments=departments,
        titles=titles, channels=channels, emails=_emails(rng, people, external), phones=phones, consent=consent,
        joined=joined, left=left, is_staff=np.arange(n) < N_STAFF, weight=weight, silent=silent, topic=topic,
        offenders=offenders,
    )


def member_rows(c: Community) -> list[dict[str, str]]:
    joined, left = cal.fmt_times(c.joined), cal.fmt_times(c.left)
    return [{"member_id": c.ids[i], "display_name": c.names[i], "department": c.departments[i],
             "job_title": c.titles[i], "joined_at": joined[i], "left_at": "" if np.isnat(c.left[i]) else left[i],
             "source_channel": c.channels[i], "is_staff": "true" if c.is_staff[i] else "false",
             "email": c.emails[i], "phone": c.phones[i], "consent": c.consent[i]} for i in range(len(c))]


def _rubric_score(scores: np.ndarray, weights: np.ndarray) -> float:
    return float((scores @ weights / weights.sum() - 1) / 4 * 100)


def _daytime(rng: np.random.Generator, day: np.datetime64) -> np.datetime64:
    """A moment between 08:00 and 23:00 on `day` (people fill in forms while awake)."""
    seconds = int(rng.integers(8 * 3600, 23 * 3600))
    return day.astype("datetime64[D]").astype("datetime64[s]") + np.timedelta64(seconds, "s")


def applicant_rows(rng: np.random.Generator, c: Community, rubric: list[tuple[str, float]],
                   thresholds: tuple[float, float]) -> list[dict[str, str]]:
    """~80 applicants: accepted ones became members of the later cohorts; the rest waitlisted, rejected or open."""
    keys = [k for k, _ in rubric]
    weights = np.array([w for _, w in rubric])
    later = np.flatnonzero((c.joined >= np.datetime64("2026-05-25")) & ~c.is_staff)
    later = np.setdiff1d(later, c.offenders)
    linked = np.sort(rng.choice(later, 58, replace=False))
    n_other, n_open = 22, 6
    staff_names = c.names[:2]
    people = unique_names(rng, n_other, set(c.names))
    dept_names = list(corpus.DEPARTMENTS)

    drafts: list[dict[str, object]] = []
    for m in linked:
        applied = _daytime(rng, c.joined[m] - np.timedelta64(int(rng.integers(3, 12)), "D"))
        drafts.append({"name": c.names[m], "channel": c.channels[m], "dept": c.departments[m],
                       "applied": applied, "level": rng.normal(4.0, 0.5), "member": c.ids[m], "open": False})
    cohort_starts = [np.datetime64(first, "s") for first, _ in COHORTS[1:]]
    for j, person in enumerate(people):
        is_open = j >= n_other - n_open
        if is_open:
            applied = _daytime(rng, np.datetime64("2026-10-20") + np.timedelta64(int(rng.integers(0, 11)), "D"))
        else:
            start = cohort_starts[rng.integers(0, len(cohort_starts))]
            applied = _daytime(rng, start - np.timedelta64(int(rng.integers(3, 15)), "D"))
        drafts.append({"name": person[0], "channel": CHANNELS[rng.choice(len(CHANNELS), p=_LATER_CHANNELS)],
                       "dept": dept_names[rng.integers(0, len(dept_names))], "applied": applied,
                       "level": rng.normal(2.8, 0.7), "member": "", "open": is_open})
    drafts.sort(key=lambda d: (d["applied"], d["name"]))  # type: ignore[arg-type, return-value]

    rows = []
    for i, d in enumerate(drafts):
        scores = np.clip(np.round(float(d["level"]) + rng.normal(0, 0.6, len(keys))), 1, 5)  # type: ignore[arg-type]
        total = _rubric_score(scores, weights)
        if d["open"]:
            decision = ""
        elif d["member"]:
            decision = "accept"  # a few below the threshold: the reviewer's call overrode the rubric
        else:
            decision = "waitlist" if total >= thresholds[1] else "reject"
        template = corpus.APPLICATION_ANSWERS[-1] if total < 40 else corpus.APPLICATION_ANSWERS[
            rng.integers(0, len(corpus.APPLICATION_ANSWERS) - 1)]
        topic = TOPIC_NAMES[rng.integers(0, len(TOPIC_NAMES))]
        point = corpus.TOPICS[topic][0][0]
        row = {"applicant_id": f"A{i + 1:03d}", "name": d["name"], "source_channel": d["channel"],
               "department": d["dept"], "applied_at": cal.fmt_times(np.array([d["applied"]]))[0]}
        row |= {f"score_{k}": str(int(s)) for k, s in zip(keys, scores, strict=True)}
        row |= {"answers": template.format(topic=topic, point=point, dept=d["dept"]), "decision": decision,
                "decided_by": staff_names[i % 2] if decision else "", "member_id": d["member"]}
        rows.append(row)
    return rows
