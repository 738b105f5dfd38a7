"""Time and peak memory of metrics.compute for one month of a large community (20,000 members, 1,000,000 messages).

Run: .venv/bin/python benchmarks/metrics_scale.py [--members N] [--messages N]
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbook import metrics, periods
from workbook.profile import Profile
from workbook.schemas import CHANNELS, CONTENT_FORMATS, CONTENT_KINDS, EVENT_KINDS
from workbook.store import Frames, empty_frames

TZ = "Asia/Shanghai"
START = pd.Timestamp("2025-11-01", tz=TZ).tz_convert("UTC")
SPAN_SECONDS = int((pd.Timestamp("2026-11-01", tz=TZ).tz_convert("UTC") - START).total_seconds())
TEXTS = np.array(["今天的课程很有收获", "请问作业什么时候交？", "Thanks for sharing!", "加微信领优惠券",
                  "see https://example.org/post", "How do I apply this at work?", "同意", "👍"], dtype=object)


def _ids(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:07d}" for i in range(n)], dtype=object)


def _moments(rng: np.random.Generator, n: int) -> pd.Series:
    seconds = np.sort(rng.integers(0, SPAN_SECONDS, n))
    return pd.Series(START + pd.to_timedelta(seconds, unit="s")).astype("datetime64[us, UTC]")


def _typed_like(template: pd.DataFrame, data: dict[str, object]) -> pd.DataFrame:
    """A frame with the template's columns and dtypes (as store.load_frames gives them)."""
    n = len(next(iter(data.values())))  # type: ignore[arg-type]
    frame = pd.DataFrame(data)
    for col in template.columns:
        if col not in frame:
            kind = template[col].dtype
            if pd.api.types.is_bool_dtype(kind):
                frame[col] = False
            elif kind == "float64":
                frame[col] = np.nan
            elif str(kind).startswith("datetime64"):
                frame[col] = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us, UTC]")
            elif col == "version":
                frame[col] = 1
            else:
                frame[col] = pd.Series([None] * n, dtype=object)
    for col in template.columns:
        if template[col].dtype == object and frame[col].dtype != object:
            frame[col] = frame[col].astype(object)
    return frame[list(template.columns)]


_PAIRS = ("今天直播讲座很有收获老师客户拜访之前先做功课对我启发很大下周团队里面再来分享结果请问作业什么时候一个"
          "案例销售如何提升培训内容实用部门经理项目复盘方法工具表格模板同事学习笔记打卡章节视频课件考试通过"
          "证书问题解决思路沟通技巧谈判产品知识竞品分析市场数据报告周会月度目标完成进度反馈建议改进体验参加"
          "活动报名线下沙龙嘉宾主题时间地点")
WORDS = np.array([_PAIRS[i:i + 2] for i in range(0, len(_PAIRS), 2)] + ["Excel", "PPT", "CRM", "OKR", "KPI"],
                 dtype=object)


def distinct_texts(rng: np.random.Generator, n: int) -> np.ndarray:
    """Messages of 2–15 words, nearly all different (as in a real chat), about 25 characters each."""
    counts = rng.integers(2, 16, n)
    picks = rng.integers(0, len(WORDS), counts.sum())
    bounds = np.concatenate(([0], np.cumsum(counts)))
    texts = np.empty(n, dtype=object)
    for i in range(n):
        texts[i] = "".join(WORDS[picks[bounds[i]:bounds[i + 1]]])
    return texts


def build(members: int, messages: int, seed: int = 7, distinct: bool = False) -> Frames:
    """Synthetic frames in the store's dtypes; other tables proportional to the member count. Message texts come
    from eight short phrases, or with `distinct` are nearly all different."""
    rng = np.random.default_rng(seed)
    empty = empty_frames()
    member_ids = _ids("u", members)
    joined = _moments(rng, members).sample(frac=1, random_state=seed).reset_index(drop=True) \
        - pd.Timedelta(days=200)
    left = joined + pd.to_timedelta(rng.integers(30, 900, members), unit="D")
    left = left.where(rng.random(members) < 0.1)
    frame_members = _typed_like(empty.members, {
        "member_id": member_ids, "display_name": member_ids, "department": rng.choice(list("ABCDEFGH"), members),
        "joined_at": joined, "left_at": left, "source_channel": rng.choice(CHANNELS, members),
        "is_staff": rng.random(members) < 0.005})
    # Zipf-like activity: a few members write most messages.
    weights = 1 / np.arange(1, members + 1) ** 0.8
    senders = rng.choice(member_ids, messages, p=weights / weights.sum())
    message_ids = _ids("x", messages)
    replies = rng.random(messages) < 0.25
    parents = np.where(replies, message_ids[np.maximum(np.arange(messages) - rng.integers(1, 50, messages), 0)],
                       None)
    frame_messages = _typed_like(empty.messages, {
        "message_id": message_ids, "member_id": senders, "sent_at": _moments(rng, messages),
        "channel": "main", "kind": "text", "length": rng.integers(1, 200, messages).astype("float64"),
        "reply_to": parents,
        "text": distinct_texts(rng, messages) if distinct else TEXTS[rng.integers(0, len(TEXTS), messages)]})
    n_events = max(1, members // 40)
    event_ids = _ids("e", n_events)
    frame_events = _typed_like(empty.events, {
        "event_id": event_ids, "title": event_ids, "kind": rng.choice(EVENT_KINDS, n_events),
        "mode": rng.choice(["online", "offline"], n_events), "starts_at": _moments(rng, n_events)})
    per_event = 60
    att_events = np.repeat(event_ids, per_event)
    att_members = rng.choice(member_ids, len(att_events))
    frame_attendance = _typed_like(empty.attendance, {
        "event_id": att_events, "member_id": att_members, "registered": rng.random(len(att_events)) < 0.9,
        "attended": rng.random(len(att_events)) < 0.7}).drop_duplicates(["event_id", "member_id"])
    n_feedback = len(att_events) // 3
    frame_feedback = _typed_like(empty.feedback, {
        "event_id": rng.choice(event_ids, n_feedback), "response_id": _ids("r", n_feedback),
        "member_id": rng.choice(member_ids, n_feedback), "submitted_at": _moments(rng, n_feedback),
        "satisfaction": rng.integers(1, 6, n_feedback).astype("float64"),
        "nps": np.where(rng.random(n_feedback) < 0.2, np.nan, rng.integers(0, 11, n_feedback)),
        "learning": rng.integers(1, 6, n_feedback).astype("float64"),
        "application": rng.integers(1, 6, n_feedback).astype("float64")})
    n_content = max(1, members // 15)
    content_ids = _ids("c", n_content)
    frame_content = _typed_like(empty.content, {
        "content_id": content_ids, "title": content_ids, "kind": rng.choice(CONTENT_KINDS, n_content),
        "format": rng.choice(CONTENT_FORMATS, n_content), "published_at": _moments(rng, n_content),
        "author_id": rng.choice(member_ids, n_content), "member_generated": rng.random(n_content) < 0.3})
    n_interactions = members * 15
    frame_interactions = _typed_like(empty.interactions, {
        "content_id": rng.choice(content_ids, n_interactions), "member_id": rng.choice(member_ids, n_interactions),
        "at": _moments(rng, n_interactions),
        "action": rng.choice(["view", "view", "view", "like", "comment", "share", "complete"], n_interactions)})
    n_applicants = members // 4
    frame_applicants = _typed_like(empty.applicants, {
        "applicant_id": _ids("a", n_applicants), "name": _ids("n", n_applicants),
        "source_channel": rng.choice(CHANNELS, n_applicants), "applied_at": _moments(rng, n_applicants),
        "scores": [{} for _ in range(n_applicants)],
        "decision": rng.choice(np.array(["accept", "waitlist", "reject", None], dtype=object), n_applicants)})
    n_slots = n_content
    due = _moments(rng, n_slots).dt.tz_convert(TZ).dt.date
    frame_plan = _typed_like(empty.content_plan, {
        "slot_id": _ids("s", n_slots), "due": due.astype(object),
        "status": rng.choice(["planned", "published", "cancelled"], n_slots)})
    frame_goals = _typed_like(empty.goals, {
        "goal_id": ["g1", "g2"], "statement": ["posting", "events"],
        "metric": ["engagement.posting_rate", "events_summary.mean_score"], "baseline": [0.2, 60.0],
        "target": [0.5, 80.0], "start": [pd.Timestamp("2026-07-01").date()] * 2,
        "deadline": [pd.Timestamp("2026-12-31").date()] * 2})
    return dataclasses.replace(
        empty, members=frame_members, messages=frame_messages, events=frame_events,
        attendance=frame_attendance, feedback=frame_feedback, content=frame_content,
        interactions=frame_interactions, applicants=frame_applicants, goals=frame_goals, content_plan=frame_plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--period", default="2026-10")
    args = parser.parse_args()
    started = time.perf_counter()
    frames = build(args.members, args.messages)
    built = time.perf_counter() - started
    profile = Profile(name="bench", timezone=TZ, allowed_domains=["example.org"])
    period = periods.parse(args.period, TZ)
    started = time.perf_counter()
    document = metrics.compute(frames, profile, period)
    elapsed = time.perf_counter() - started
    # A second run under tracemalloc measures memory; tracing slows it, so it is not the one timed.
    tracemalloc.start()
    metrics.compute(frames, profile, period)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    eng = document["engagement"]
    print(f"frames built in {built:.1f} s: {args.members:,} members, {len(frames.messages):,} messages, "
          f"{len(frames.events):,} events, {len(frames.interactions):,} interactions")
    print(f"period {args.period}: {eng['members_in_period']:,} members, {eng['messages_total']:,} messages, "
          f"{eng['posters']:,} posters, {len(document['events'])} events")
    print(f"compute: {elapsed:.2f} s wall, {peak / 2**20:.0f} MiB peak traced allocation, "
          f"{maxrss_mb:.0f} MiB process max RSS (frames included)")


if __name__ == "__main__":
    main()
