"""run-due planning without papermill: catch-up depth, each flag, interleaving, back-off, dry-run, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.report.conftest import CLIENT, write_client
from workbook import paths
from workbook.cli import main
from workbook.profile import load_profile, save_profile
from workbook.report import schedule
from workbook.report.schedule import Selection

# acme's first data: m1 joined 2026-08-01. On 2027-03-10 the closed months are 2026-08 … 2027-02.
NOW = datetime.fromisoformat("2027-03-10T09:00:00+08:00")


EVERYTHING = Selection()


def _labels(selection: Selection = EVERYTHING, now: datetime = NOW) -> list[tuple[str, str]]:
    return [(d.client, d.period.label) for d in schedule.plan(now, selection).due]


def _set_schedule(client: str, **fields: object) -> None:
    profile = load_profile(client)
    save_profile(client, profile.model_copy(update={"schedule": profile.schedule.model_copy(update=fields)}))


def _fake_pack(client: str, label: str, **pack: object) -> Path:
    folder = paths.client_reports_dir(client) / label
    folder.mkdir(parents=True)
    (folder / "pack.json").write_text(json.dumps(pack), encoding="utf-8")
    return folder


def test_catch_up_defaults_to_the_last_three_closed_periods_of_each_kind(workspace: Path) -> None:
    _set_schedule(CLIENT, weekly=True)
    # 2027-03-10 is in W10: closed weeks end with W09 (03-01..07); months with 2027-02; merged by end date,
    # a month before the week ending the same day (W08 ends on 02-28 too).
    assert _labels() == [(CLIENT, p) for p in ("2026-12", "2027-01", "2027-W07", "2027-02", "2027-W08",
                                               "2027-W09")]


def test_catch_up_depth_comes_from_the_profile(workspace: Path) -> None:
    _set_schedule(CLIENT, catch_up=5)
    assert _labels() == [(CLIENT, p) for p in ("2026-10", "2026-11", "2026-12", "2027-01", "2027-02")]


def test_since_goes_back_further_and_never_before_the_first_data(workspace: Path) -> None:
    assert _labels(Selection(since=date(2016, 1, 1))) == [
        (CLIENT, p) for p in ("2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02")]
    assert _labels(Selection(since=date(2026, 11, 1))) == [(CLIENT, p) for p in ("2026-11", "2026-12", "2027-01",
                                                                                  "2027-02")]


def test_until_cuts_and_catch_up_counts_back_from_it(workspace: Path) -> None:
    assert _labels(Selection(until=date(2026, 11, 30))) == [(CLIENT, p) for p in ("2026-09", "2026-10", "2026-11")]
    assert _labels(Selection(since=date(2026, 9, 1), until=date(2026, 10, 31))) == [(CLIENT, "2026-09"),
                                                                                    (CLIENT, "2026-10")]


def test_client_and_kind_select(workspace: Path) -> None:
    write_client("beta")
    _set_schedule("beta", weekly=True)
    assert {c for c, _ in _labels()} == {CLIENT, "beta"}
    assert _labels(Selection(clients=("beta",), kinds=("week",))) == [("beta", p) for p in ("2027-W07", "2027-W08",
                                                                                           "2027-W09")]
    # a kind the profile does not schedule is never run, even when asked for
    assert _labels(Selection(clients=(CLIENT,), kinds=("week",))) == []


def test_clients_take_turns_so_one_backlog_cannot_starve_another(workspace: Path) -> None:
    write_client("beta")
    write_client("zeta")
    _set_schedule(CLIENT, weekly=True)
    since = Selection(since=date(2026, 8, 1), max_packs=6)
    planned = schedule.plan(NOW, since)
    # acme has 7 months + 31 weeks (2026-W32 … W53, 2027-W01 … W09; W31 began in July) due, beta and zeta
    # 7 months each: every client gets a turn in every round
    assert [(d.client, d.period.label) for d in planned.due] == [
        (CLIENT, "2026-W32"), ("beta", "2026-08"), ("zeta", "2026-08"),
        (CLIENT, "2026-W33"), ("beta", "2026-09"), ("zeta", "2026-09")]
    assert len(planned.left_over) == 7 + 31 + 7 + 7 - 6


def test_max_leaves_the_rest_for_a_later_run(workspace: Path) -> None:
    planned = schedule.plan(NOW, Selection(max_packs=2))
    assert [d.period.label for d in planned.due] == ["2026-12", "2027-01"]
    assert [d.period.label for d in planned.left_over] == ["2027-02"]


def test_reported_periods_are_not_due(workspace: Path) -> None:
    _fake_pack(CLIENT, "2027-01", status="ok", seconds=30)
    assert _labels() == [(CLIENT, "2026-12"), (CLIENT, "2027-02")]


def test_failed_period_waits_out_a_doubling_back_off(workspace: Path) -> None:
    folder = paths.client_reports_dir(CLIENT) / "2027-01.failed"
    moment = datetime(2027, 3, 10, 1, 0, tzinfo=UTC)

    def failed(attempts: int, ago: timedelta) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pack.json").write_text(json.dumps({"status": "failed", "attempts": attempts,
                                                      "finished": (moment - ago).isoformat()}), encoding="utf-8")

    failed(1, timedelta(minutes=30))  # 1st failure: 1 h
    planned = schedule.plan(moment)
    retry_at = moment + timedelta(minutes=30)
    assert [(w.label, w.attempts, w.retry_at) for w in planned.waiting] == [("2027-01", 1, retry_at)]
    assert [d.period.label for d in planned.due] == ["2026-12", "2027-02"]
    failed(1, timedelta(minutes=61))
    assert [d.period.label for d in schedule.plan(moment).due] == ["2026-12", "2027-01", "2027-02"]
    failed(3, timedelta(hours=3))  # 3rd failure in a row: 4 h
    assert [w.label for w in schedule.plan(moment).waiting] == ["2027-01"]
    failed(9, timedelta(hours=25))  # capped at 24 h
    assert schedule.plan(moment).waiting == []
    failed(1, timedelta(minutes=1))
    assert "2027-01" in [d.period.label for d in schedule.plan(moment, Selection(backoff=False)).due]


def test_dry_run_lists_packs_with_estimates_and_writes_nothing(workspace: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    _fake_pack(CLIENT, "2026-08", status="ok", seconds=30)
    _fake_pack(CLIENT, "2026-07", status="ok", seconds=90)
    before = sorted(p.name for p in paths.client_reports_dir(CLIENT).iterdir())
    code = main(["run-due", "--dry-run", "--lang", "en", "--now", NOW.isoformat()])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    # the median of acme's finished packs: (30 + 90) / 2 = 60 s each
    assert out == ["would run acme 2026-12 (about 1 min 0 s)", "would run acme 2027-01 (about 1 min 0 s)",
                   "would run acme 2027-02 (about 1 min 0 s)",
                   "run-due --dry-run: would run 3 pack(s), about 3 min 0 s; 0 waiting (back-off), 0 beyond --max; "
                   "1 client(s)"]
    assert sorted(p.name for p in paths.client_reports_dir(CLIENT).iterdir()) == before


def test_dry_run_speaks_chinese(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run-due", "--dry-run", "--lang", "zh-CN", "--max", "1", "--now", NOW.isoformat()]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "将运行 acme 2026-12（预计 45 秒）"
    assert out[-1].startswith("run-due --dry-run：将运行 1 个报告包") and "超出 --max 2" in out[-1]


def test_nothing_due_still_prints_a_summary(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for label in ("2026-12", "2027-01", "2027-02"):
        _fake_pack(CLIENT, label, status="ok", seconds=30)
    assert main(["run-due", "--lang", "en", "--now", NOW.isoformat()]) == 0
    assert capsys.readouterr().out == "run-due: nothing due (1 client(s), 0 waiting)\n"


@pytest.mark.parametrize(("argv", "message"), [
    (["--client", "nobody"], "--client nobody: no such client"),
    (["--max", "0"], "--max must be a positive whole number"),
    (["--since", "2026-10", "--until", "2026-09"], "--since 2026-10 is after --until 2026-09"),
    (["--since", "2026-13"], "2026-13"),
    (["--now", "yesterday"], "--now 'yesterday' is not an ISO date"),
])
def test_bad_flags_exit_2_with_a_sentence(workspace: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                          message: str) -> None:
    assert main(["run-due", "--lang", "en", *argv]) == 2
    assert message in capsys.readouterr().err


def test_a_client_kind_another_run_holds_is_left_to_it(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with schedule._try_lock(schedule.lock_path(CLIENT, "month")) as got:
        assert got
        assert main(["run-due", "--lang", "en", "--now", NOW.isoformat()]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "skipped acme month: another run-due is working on it"
    assert out[-1].startswith("run-due: 0 ok, 0 failed, 0 waiting (back-off), 0 left for later (--max), 1 busy")
    assert not any(p.is_dir() for p in paths.client_reports_dir(CLIENT).iterdir())


def test_a_pack_that_crashes_fails_alone(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from workbook.report import pack

    write_client("beta")
    made: list[str] = []

    def run_pack(client: str, label: str, parallel: int) -> pack.PackResult:
        if client == CLIENT:
            raise OSError("disk full")
        made.append(label)
        return pack.PackResult(client, label, paths.client_reports_dir(client) / label)

    monkeypatch.setattr(pack, "run_pack", run_pack)
    assert main(["run-due", "--lang", "en", "--now", NOW.isoformat()]) == 1
    out = capsys.readouterr().out
    assert made == ["2026-12", "2027-01", "2027-02"]
    assert out.count("    failed: OSError: disk full") == 3 and "run-due: 3 ok, 3 failed" in out
