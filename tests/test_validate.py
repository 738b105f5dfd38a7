"""`workbook validate CLIENT`: each problem of a client's set-up named by file, line and key, in the operator's
language, with a "did you mean" for misspelt keys; exit 2 on problems, 0 with one "ok" line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from workbook import paths, store
from workbook.cli import main
from workbook.clients import init_client
from workbook.validate import notebook_parameters, validate

PROFILE = """\
name: acme
language: en
timezon: Asia/Shanghai
positioning:
  type: skils
  audience: sales staff
schedule:
  monthly: true
  catch_upp: 2
screening_rubric:
  - key: motivation
    label_zh: 动机
    label_en: Motivation
    wieght: 0.5
points:
  message: lots
survey_mapping:
  满意度: satisfaction
  推荐意愿: npss
"""


def _write(client: str, text: str) -> Path:
    path = paths.profile_path(client)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _by_key(client: str, lang: str = "en") -> dict[str, tuple[int | None, str]]:
    return {f.key: (f.line, f.message) for f in validate(client, lang=lang).findings}


def test_every_problem_of_client_yaml_with_its_line_and_a_suggestion() -> None:
    _write("acme", PROFILE)
    found = _by_key("acme")
    assert found["timezon"] == (3, "unknown key; did you mean `timezone`?")
    assert found["positioning.type"][0] == 5
    assert found["positioning.type"][1].startswith("must be one of 'onboarding', 'skills'")
    assert found["schedule.catch_upp"] == (9, "unknown key; did you mean `catch_up`?")  # nested
    assert found["screening_rubric.0.wieght"] == (14, "unknown key; did you mean `weight`?")  # inside a list item
    assert found["points.message"] == (16, "must be a number")
    assert found["survey_mapping.推荐意愿"][0] == 19
    assert "unknown feedback field `npss`" in found["survey_mapping.推荐意愿"][1]
    assert found["survey_mapping.推荐意愿"][1].endswith("did you mean `nps`?")
    assert len(found) == 6  # the good mapping 满意度 → satisfaction is not one


def test_a_key_nothing_resembles_lists_the_keys_allowed_there() -> None:
    _write("acme", "name: acme\nschedule:\n  fortnightly: true\n")
    (line, message), = _by_key("acme").values()
    assert line == 3
    assert message == "unknown key (keys here: weekly, monthly, catch_up)"


def test_messages_in_chinese(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write("acme", PROFILE)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["validate", "acme"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"{path}:3: `timezon`: 未知的键，您是不是想写 `timezone`？" in err
    assert f"{path}:16: `points.message`: 应为数字" in err
    assert err[-1] == "客户 acme：6 个问题"


def test_cli_exit_codes_and_the_ok_line(capsys: pytest.CaptureFixture[str]) -> None:
    init_client("acme", lang="en")
    assert main(["validate", "acme", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("ok: client acme has no problems (settings, goal metrics, notebook parameters, survey "
                      "mapping, schedule)")
    assert out[1] == "note: no data yet, so the schedule is checked after the first import"
    assert main(["validate", "nobody", "--lang", "en"]) == 2
    assert "no profile for client nobody; create it with: workbook init nobody" in capsys.readouterr().err


def test_broken_yaml_is_named_by_line() -> None:
    _write("acme", "name: acme\npositioning:\n  type: skills\n   audience: [unclosed\n")
    (finding,) = validate("acme").findings
    assert finding.line == 4 and finding.message.startswith("not valid YAML")


def test_a_key_written_twice_is_a_problem() -> None:
    """PyYAML would silently keep the second; the consultant should know which one counts."""
    _write("acme", "name: acme\ntimezone: Asia/Shanghai\ntimezone: Europe/Berlin\n")
    (finding,) = validate("acme").findings
    assert finding.line == 3 and "duplicate" in finding.message


def test_goal_metrics_that_do_not_exist() -> None:
    """A goal saved before a metric was renamed, or written straight into the database, names no figure."""
    init_client("acme", lang="en")
    eng = store.engine("acme")
    for goal_id, metric in (("G1", "engagement.active_rate"), ("G2", "engagement.posting_rat"),
                            ("G3", "quizzes.q1.pass_rate"), ("G4", "no.such.thing")):
        store.save_record(eng, "acme", "goals", {
            "goal_id": goal_id, "statement": "members post more often", "metric": metric, "target": 0.5,
            "start": datetime(2026, 5, 1).date(), "deadline": datetime(2026, 10, 31).date(),
            "source_file": "form"}, expected_version=None)
    found = {f.where: f.message for f in validate("acme").findings}
    assert set(found) == {"goals[G2]", "goals[G4]"}
    assert found["goals[G2]"] == ("goal G2: metric `engagement.posting_rat` does not exist (goals table, from form); "
                                  "did you mean `engagement.posting_rate`?")
    assert found["goals[G4]"] == "goal G4: metric `no.such.thing` does not exist (goals table, from form)"


def _copy_notebook(client: str, name: str, parameters: str, as_name: str | None = None) -> Path:
    notebook = json.loads((paths.NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = parameters
    copy = paths.client_dir(client) / "notebooks" / f"{as_name or name}.ipynb"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    return copy


def test_overridden_notebooks_missing_parameters_of_the_standard_one() -> None:
    init_client("acme", lang="en")
    standard = notebook_parameters(paths.NOTEBOOKS_DIR / "05_engagement.ipynb")
    assert {"client", "period", "lang", "db_url", "interactive", "snapshot"} <= standard
    full = "\n".join(f"{name} = None" for name in sorted(standard)) + "\nextra: int = 3\n"
    _copy_notebook("acme", "05_engagement", full)
    short = _copy_notebook("acme", "03_content", 'client = "acme"\nperiod = "2026-10"\nlang: str = "en"\n')
    _copy_notebook("acme", "05_engagement", full, as_name="99_own_page")
    result = validate("acme")
    (finding,) = result.findings
    missing = sorted(notebook_parameters(paths.NOTEBOOKS_DIR / "03_content.ipynb") - {"client", "period", "lang"})
    assert finding.where == str(short) and finding.key == "parameters"
    assert finding.message == (f"lacks the parameters {', '.join(missing)} of the standard notebook 03_content "
                               "(add them to its parameters cell)")
    assert any("99_own_page.ipynb: there is no standard notebook of that name" in note for note in result.notes)


MEMBERS = "member_id,display_name,joined_at,is_staff\nU1,Ann,2026-09-03 10:00,false\nU2,Bo,2026-09-03 10:00,false\n"
MESSAGES = ("message_id,member_id,sent_at,channel,kind,length\n"
            "M1,U1,2026-09-04 10:00,main,text,5\nM2,U2,2026-10-20 10:00,main,text,5\n")


def _with_data(tmp_path: Path, schedule: str) -> None:
    from workbook.importer import import_file

    init_client("acme", lang="en")
    _set_schedule(schedule)
    for kind, body in (("members", MEMBERS), ("messages", MESSAGES)):
        file = tmp_path / f"{kind}.csv"
        file.write_text(body, encoding="utf-8")
        assert import_file("acme", kind, file).ok


def _set_schedule(schedule: str) -> None:
    path = paths.profile_path("acme")
    text = path.read_text(encoding="utf-8")
    start = text.index("schedule:")
    end = text.index("\n", text.index("catch_up:", start))
    path.write_text(text[:start] + schedule + text[end + 1:], encoding="utf-8")


def test_schedules_the_data_cannot_cover(tmp_path: Path) -> None:
    """Data from 2026-09-03 to 2026-10-20. As of 2026-12-10 the last three closed months are 09, 10 and 11:
    November holds nothing. Weeks: the last closed is W49 (Nov 30–Dec 6); none of the last two has data."""
    _with_data(tmp_path, "schedule:\n  weekly: true\n  monthly: true\n  catch_up: 2\n")
    path = paths.profile_path("acme")
    line = path.read_text(encoding="utf-8").splitlines().index("  weekly: true") + 1
    found = {f.key: (f.line, f.message) for f in validate("acme", now=datetime(2026, 12, 10, 9)).findings}
    assert found["schedule.monthly"] == (line + 1, (
        "monthly packs of 2026-11 would hold no data (the data spans 2026-09-03 to 2026-10-20); run-due would "
        "write empty packs: import newer data or turn this kind off"))
    assert found["schedule.weekly"][0] == line
    assert "weekly packs of 2026-W48, 2026-W49 would hold no data" in found["schedule.weekly"][1]
    assert len(found) == 2
    # As of 2026-11-01 the months due are 09 and 10, both with data; weeks W43, W44 (to Nov 1) hold none.
    found = {f.key for f in validate("acme", now=datetime(2026, 11, 1, 9)).findings}
    assert found == {"schedule.weekly"}


def test_catch_up_reaching_before_the_first_data_is_noted(tmp_path: Path) -> None:
    """As of 2026-10-25 only one month (09) has closed since the data began: run-due makes that one, not three.
    Not a problem (it never goes before the first data), but said, with the line of catch_up."""
    _with_data(tmp_path, "schedule:\n  monthly: true\n  catch_up: 3\n")
    path = paths.profile_path("acme")
    line = path.read_text(encoding="utf-8").splitlines().index("  catch_up: 3") + 1
    result = validate("acme", now=datetime(2026, 10, 25, 9))
    assert result.ok
    assert result.notes == [f"{path}:{line}: `schedule.catch_up`: catch_up is 3 but the data starts on 2026-09-03: "
                            "run-due will make only the 1 closed monthly period(s) since then"]
    _set_schedule("schedule:\n  monthly: true\n  catch_up: 2\n")
    result = validate("acme", now=datetime(2026, 11, 2, 9))  # 09 and 10 have closed, both with data
    assert result.ok and result.notes == []
    assert validate("acme", now=datetime(2026, 9, 20, 9)).notes == []  # no month closed yet: nothing to say


def test_label_overrides_of_unknown_keys_or_languages() -> None:
    _write("acme", "name: acme\nlabels:\n  app.titel: {zh-CN: 我们的工作簿, en: Our workbook}\n"
                   "  app.title: {zh-CN: 我们的工作簿, fr: Notre cahier}\n")
    found = _by_key("acme")
    assert found["labels.app.titel"] == (3, "no visible text has this key, so the override changes nothing; "
                                            "did you mean `app.title`?")
    assert found["labels.app.title.fr"] == (4, "the language must be zh-CN or en")
    assert len(found) == 2


def test_the_profiles_own_checks_in_the_operators_language() -> None:
    _write("acme", "name: acme\ntimezone: Asia/Shangai\nlevels:\n  - {min_points: 10, zh: 新人, en: New}\n"
                   "screening_thresholds: {accept: 40, waitlist: 60}\n"
                   "rules:\n  - name: ads\n    patterns: ['(unclosed']\n")
    zh = _by_key("acme", "zh-CN")
    assert zh["timezone"] == (2, "未知的时区 'Asia/Shangai'（请使用 IANA 名称，如 Asia/Shanghai）")
    assert zh["levels"] == (3, "最低一级必须从 0 分开始")
    assert zh["screening_thresholds"] == (5, "waitlist 不能高于 accept")
    assert zh["rules.0.patterns"][0] == 8 and zh["rules.0.patterns"][1].startswith("不是有效的正则表达式：")
    assert _by_key("acme")["levels"] == (3, "the lowest level must start at 0 points")


def test_a_copy_without_parameters_cell_or_unreadable(capsys: pytest.CaptureFixture[str]) -> None:
    init_client("acme", lang="en")
    folder = paths.client_dir("acme") / "notebooks"
    folder.mkdir()
    notebook = json.loads((paths.NOTEBOOKS_DIR / "04_events.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        cell["metadata"].pop("tags", None)
    (folder / "04_events.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (folder / "06_culture.ipynb").write_text("{not json", encoding="utf-8")
    found = {Path(f.where).name: f.message for f in validate("acme").findings}
    standard = sorted(notebook_parameters(paths.NOTEBOOKS_DIR / "04_events.ipynb"))
    assert found["04_events.ipynb"].startswith(f"lacks the parameters {', '.join(standard)} of the standard")
    assert found["06_culture.ipynb"].startswith("cannot be read (")
    assert main(["validate", "../acme", "--lang", "en"]) == 2
    assert "client names use letters, digits, - and _ only" in capsys.readouterr().err


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    from tests.postgres_server import running_postgres

    try:
        with running_postgres() as url:
            yield url
    except RuntimeError as exc:
        pytest.skip(f"no PostgreSQL server could be started here: {exc}")


@pytest.mark.postgres
def test_on_a_postgresql_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_url: str) -> None:
    """The store checks read PostgreSQL as they read SQLite: goals, and the schedule against the data's dates."""
    monkeypatch.setenv("WORKBOOK_DB_URL", postgres_url)
    _with_data(tmp_path, "schedule:\n  weekly: true\n  monthly: true\n  catch_up: 2\n")
    store.save_record(store.engine("acme"), "acme", "goals", {
        "goal_id": "G1", "statement": "members post more often", "metric": "engagement.posting_rat",
        "target": 0.5, "start": datetime(2026, 5, 1).date(), "deadline": datetime(2026, 10, 31).date(),
        "source_file": "form"}, expected_version=None)
    found = {f.key: f.message for f in validate("acme", now=datetime(2026, 12, 10, 9)).findings}
    assert set(found) == {"metric", "schedule.monthly", "schedule.weekly"}
    assert "monthly packs of 2026-11 would hold no data (the data spans 2026-09-03 to 2026-10-20)" in \
        found["schedule.monthly"]
    assert not paths.sqlite_path("acme").exists()


def test_a_logo_file_that_cannot_be_used_is_a_problem_at_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = _write("acme", "name: acme\nbranding:\n  colour: '#336699'\n  logo: brand/missing.png\n")
    [finding] = validate("acme", lang="en").findings
    assert finding.line == 4
    assert finding.render() == f"{path}:4: key branding.logo: the file " \
                               f"{path.parent.resolve() / 'brand/missing.png'} does not exist"
    assert validate("acme", lang="zh-CN").findings[0].message.endswith("不存在")
    assert main(["validate", "acme", "--lang", "en"]) == 2
    assert "client.yaml:4: key branding.logo" in capsys.readouterr().err
