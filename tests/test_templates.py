"""Client templates: `workbook init CLIENT --from onboarding|skills|leadership` in zh-CN and en — each a complete,
valid client.yaml with starter SMART goals and a content mix, a client that validates clean, computes the demo's
figures under its own settings and builds a report pack."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workbook import clients, paths, store
from workbook.cli import main
from workbook.forms.smart import GoalDraft, smart_checks
from workbook.metrics.keys import metric_keys
from workbook.profile import ProfileError, parse_profile

TEMPLATES = ("onboarding", "skills", "leadership")
LANGS = ("zh-CN", "en")
START = date(2026, 5, 1)  # the demo's first month
PERIOD = "2026-10"


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo community's files (the same bytes `make demo` imports), written once."""
    from workbook import demo

    return demo.generate(tmp_path_factory.mktemp("demo-files"))


def _import_demo(client: str, files: dict[str, Path]) -> None:
    """Every demo file but its own goals and content plan: the template's starter ones stay the client's."""
    from workbook.importer import import_file

    for kind, path in files.items():
        if kind in ("goals", "content_plan"):
            continue
        result = import_file(client, kind, path)
        assert result.ok, result.problem_lines()[:5]


def test_list_is_the_three_templates() -> None:
    assert clients.template_names() == list(TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_template_parses_as_a_profile(template: str, lang: str) -> None:
    path = clients.template_path(template, lang)
    profile = parse_profile(yaml.safe_load(path.read_text(encoding="utf-8")), path)
    assert profile.language == lang
    assert profile.positioning.type == template
    assert profile.positioning.audience and profile.positioning.value_proposition and profile.positioning.slogan
    assert len(profile.screening_rubric) >= 3 and len(profile.event_rubric) >= 3
    assert [lv.min_points for lv in profile.levels] == sorted(lv.min_points for lv in profile.levels)
    # What a consultant adapts per programme is written out, so it is seen and edited, not a hidden default.
    written = set(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert written >= {"positioning", "rules", "heavy_poster_min_messages", "event_score_weights", "screening_rubric",
                       "screening_thresholds", "event_rubric", "points", "levels", "core_members", "privacy",
                       "voice", "schedule", "goals", "quiz", "survey_mapping"}


@pytest.mark.parametrize("template", TEMPLATES)
def test_both_languages_are_the_same_programme(template: str) -> None:
    """Only the texts differ between a template's zh-CN and en files: every weight, threshold and rule is equal."""
    zh, en = (clients.template_profile(template, lang) for lang in LANGS)
    assert zh.points == en.points and zh.event_score_weights == en.event_score_weights
    assert zh.screening_thresholds == en.screening_thresholds and zh.schedule == en.schedule
    assert zh.levels == en.levels and zh.screening_rubric == en.screening_rubric
    assert zh.event_rubric == en.event_rubric and zh.core_members == en.core_members
    assert zh.privacy == en.privacy and zh.quiz == en.quiz and zh.goals == en.goals
    assert [r.name for r in zh.rules] == [r.name for r in en.rules]
    assert sorted(zh.survey_mapping.values()) == sorted(en.survey_mapping.values())
    assert zh.heavy_poster_min_messages == en.heavy_poster_min_messages


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("lang", LANGS)
def test_starter_goals_pass_every_smart_check(template: str, lang: str) -> None:
    profile = clients.template_profile(template, lang)
    goals = clients.starter_goals(template, lang, START)
    assert len(goals) >= 3
    for goal in goals:
        draft = GoalDraft(goal["statement"], goal["metric"], float(goal["baseline"]), float(goal["target"]),
                          goal["direction"], date.fromisoformat(goal["start"]), date.fromisoformat(goal["deadline"]))
        checks = smart_checks(draft, profile, metric_keys(), today=START)
        assert [(c.letter, c.level) for c in checks] == [(letter, "ok") for letter in "SMART"], (goal, checks)


def test_list_templates_in_the_operators_language(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["init", "--list-templates"]) == 0
    zh = capsys.readouterr().out
    assert "新员工入职社群" in zh and "专业技能提升社群" in zh and "管理者发展社群" in zh
    assert main(["init", "--list-templates", "--lang", "en"]) == 0
    en = capsys.readouterr().out.splitlines()
    assert en[0] == "Client templates (workbook init CLIENT --from TEMPLATE):"
    assert [line.split()[0] for line in en[1:]] == list(TEMPLATES)
    assert "New-hire onboarding" in en[1] and "Manager programme" in en[3]


def test_init_from_a_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "acme", "--from", "skills", "--lang", "en", "--start", "2026-05-01",
                 "--timezone", "Europe/Berlin"]) == 0
    assert "4 SMART goals, 8 content slots and 5 planned events from 2026-05-01" in capsys.readouterr().out
    text = paths.profile_path("acme").read_text(encoding="utf-8")
    assert text.startswith("# Professional skill-up community (template `skills`)")  # comments kept
    assert "# Points: members' own content (cases, best practice) earns the most." in text
    profile = parse_profile(yaml.safe_load(text))
    assert (profile.name, profile.timezone, profile.points.member_content) == ("acme", "Europe/Berlin", 20)
    # The template's text, layout and comments as they are, but for the client's own name and time zone.
    template = clients.template_path("skills", "en").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(template, text.splitlines(), strict=True) if a != b]
    assert changed == [("name: Professional skill-up community", "name: acme"),
                       ("timezone: Asia/Shanghai", "timezone: Europe/Berlin")]
    eng = store.engine("acme")
    goals = store.read_table(eng, "acme", "goals").set_index("goal_id")
    # 6 months from 2026-05-01: the last day is 2026-10-31.
    assert goals.loc["SKL-G2", "deadline"] == date(2026, 10, 31) and goals.loc["SKL-G2", "start"] == START
    assert goals.loc["SKL-G2", "metric"] == "content_summary.member_generated_share"
    assert goals.loc["SKL-G2", "statement"].startswith("Raise the share of published content")
    slots = store.read_table(eng, "acme", "content_plan").set_index("slot_id")
    assert len(slots) == 8 and slots.loc["SKL-C03", "due"] == date(2026, 5, 8)  # day 7 after start
    assert set(slots["status"]) == {"planned"}
    events = store.read_table(eng, "acme", "events").set_index("event_id")
    # The event mix: day 9 after start at 14:00 in the client's own time zone, three hours long.
    assert events.loc["SKL-E02", "starts_at"] == pd.Timestamp("2026-05-10 14:00", tz="Europe/Berlin")
    assert events.loc["SKL-E02", "ends_at"] == pd.Timestamp("2026-05-10 17:00", tz="Europe/Berlin")
    assert (events.loc["SKL-E02", "title"], events.loc["SKL-E02", "kind"]) == ("Hands-on workshop", "workshop")
    assert list(events["kind"]) == ["live_lecture", "workshop", "webinar", "industry_meetup", "quiz"]
    assert store.read_table(eng, "acme", "attendance").empty  # planned: nobody registered yet
    assert sorted(p.name for p in paths.raw_dir("acme").iterdir()) == [
        "skills-content_plan.csv", "skills-events.csv", "skills-goals.csv"]
    assert store.revision(eng, "acme") == 3  # three audited imports


def test_init_from_a_template_in_chinese_dates_goals_from_this_month(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "acme", "--from", "leadership"]) == 0
    goals = store.read_table(store.engine("acme"), "acme", "goals")
    today = datetime.now(parse_profile(yaml.safe_load(paths.profile_path("acme").read_text())).tz).date()
    assert set(goals["start"]) == {today.replace(day=1)}
    assert "经理们参加的管理工作坊综合分平均从 60 提升到 78" in set(goals["statement"])


@pytest.mark.parametrize(("argv", "message"), [
    (["init", "acme", "--from", "sales", "--lang", "en"], "no template named sales; there are: onboarding, skills"),
    (["init", "acme", "--from", "skills", "--start", "2026-02-30", "--lang", "en"], "--start 2026-02-30 is not a date"),
    (["init", "--from", "skills", "--lang", "en"], "name the client"),
    (["init", "../acme", "--from", "skills", "--lang", "en"], "client names use letters, digits"),
])
def test_bad_init_exits_2_and_writes_nothing(argv: list[str], message: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert paths.list_clients() == [] and not paths.client_dir("acme").exists()


def test_init_from_a_template_never_overwrites(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "acme", "--lang", "en"]) == 0
    before = paths.profile_path("acme").read_bytes()
    assert main(["init", "acme", "--from", "onboarding", "--lang", "en"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert paths.profile_path("acme").read_bytes() == before


def _hand_counts(files: dict[str, Path], heavy_min: int) -> tuple[int, int]:
    """messages_total and tiers.heavy of 2026-10 worked out from the demo files themselves (METRICS.md): all
    messages sent in October (Shanghai time); non-staff members in October with at least `heavy_min` of them."""
    members = pd.read_csv(files["members"], encoding="utf-8-sig", dtype=str)
    members = members.rename(columns={"成员ID": "member_id", "入群时间": "joined_at", "退群时间": "left_at",
                                      "是否工作人员": "is_staff"})
    messages = pd.read_csv(files["messages"], dtype=str)
    sent = pd.to_datetime(messages["sent_at"])
    october = messages[(sent >= "2026-10-01") & (sent < "2026-11-01")]
    joined, left = pd.to_datetime(members["joined_at"]), pd.to_datetime(members["left_at"])
    in_period = members[(members["is_staff"] != "true") & (joined < "2026-11-01")
                        & (left.isna() | (left >= "2026-10-02"))]
    per_member = october[october["member_id"].isin(in_period["member_id"])].groupby("member_id").size()
    return len(october), int((per_member >= heavy_min).sum())


def _template_client(client: str, template: str, lang: str, files: dict[str, Path]) -> None:
    assert main(["init", client, "--from", template, "--lang", lang, "--start", START.isoformat()]) == 0
    _import_demo(client, files)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("lang", LANGS)
def test_a_template_client_validates_and_computes_the_demo(template: str, lang: str, demo_files: dict[str, Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from workbook import snapshot
    from workbook.metrics.keys import resolve

    client = f"{template}-{lang.lower()}"
    _template_client(client, template, lang, demo_files)
    capsys.readouterr()
    # As of 2026-11-01 every due month and week lies inside the demo's May–October.
    assert main(["validate", client, "--now", "2026-11-01T09:00", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith(f"ok: client {client} has no problems")

    profile = clients.template_profile(template, lang)
    document = snapshot.document(client, PERIOD)
    total, heavy = _hand_counts(demo_files, profile.heavy_poster_min_messages)
    assert document["engagement"]["messages_total"] == total
    assert document["engagement"]["tiers"]["heavy"] == heavy  # the template's own threshold took effect
    goals = {g["goal_id"]: g for g in document["goals"]}
    assert set(goals) == {g["goal_id"] for g in clients.starter_goals(template, lang, START)}
    for goal in goals.values():
        assert "error" not in goal
        assert goal["actual"] == resolve(document, goal["metric"])
    # 3- and 6-month goals from 2026-05-01 have all run their course by October's end.
    assert {goal["elapsed"] for goal in goals.values()} == {1.0}


def _page(out_dir: Path, lang: str, name: str) -> str:
    """A chapter of the pack in `lang` (packs written per language keep them in a folder of that name)."""
    import html

    path = out_dir / lang / name if (out_dir / lang / name).exists() else out_dir / name
    return html.unescape(path.read_text(encoding="utf-8"))


def _pack_of(template: str, lang: str, files: dict[str, Path]) -> None:
    """The template client's full October pack: every chapter ok, its own goals and level names in the pages."""
    from workbook.report.pack import NOTEBOOKS, run_pack

    client = f"{template}-pack"
    _template_client(client, template, lang, files)
    result = run_pack(client, PERIOD)
    assert result.ok, result.failures
    chapters = {p.name for p in result.out_dir.rglob("*.html")}
    assert {f"{name}.html" for name in NOTEBOOKS} | {"index.html"} <= chapters
    goals_page = _page(result.out_dir, lang, "01_goals.html")
    for goal in clients.starter_goals(template, lang, START):
        assert goal["statement"] in goals_page
    profile = clients.template_profile(template, lang)
    culture = _page(result.out_dir, lang, "06_culture.html")
    assert any((lv.zh if lang == "zh-CN" else lv.en) in culture for lv in profile.levels[1:])


def test_a_template_client_builds_a_full_pack(demo_files: dict[str, Path]) -> None:
    _pack_of("onboarding", "en", demo_files)


@pytest.mark.long
@pytest.mark.parametrize(("template", "lang"), [("onboarding", "zh-CN"), ("skills", "en"), ("leadership", "zh-CN")])
def test_every_template_client_builds_a_full_pack(template: str, lang: str, demo_files: dict[str, Path]) -> None:
    _pack_of(template, lang, demo_files)


@pytest.mark.long
@pytest.mark.browser
def test_every_page_of_each_template_client_in_voila(demo_files: dict[str, Path],
                                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    """A client from each template, with the demo data, served by `workbook serve`: every page of the app opens in
    Chromium in the client's language without an error, and the goals page lists the template's goals."""
    import os

    from tests.app.server import running
    from tests.app.test_browser import ARGS, CHROMIUM, Guard
    from tests.app.test_shell import _page_ready
    from workbook.serve.shell import PAGES

    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium")
    from playwright.sync_api import sync_playwright

    made = {"onboarding": "zh-CN", "skills": "en", "leadership": "zh-CN"}
    for template, lang in made.items():
        _template_client(template, template, lang, demo_files)
    base = tmp_path_factory.mktemp("voila")
    env = {"WORKBOOK_DATA_DIR": os.environ["WORKBOOK_DATA_DIR"], "WORKBOOK_REPORTS_DIR": str(base / "reports"),
           "WORKBOOK_USER": "tester"}
    with running(base, "--pool-size", "1", env=env) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        guard = Guard(browser)
        guard.context.set_default_timeout(120_000)
        page = guard.context.new_page()
        for template, lang in made.items():
            for name in PAGES:
                page.goto(f"{server.url}/voila/render/{name}.ipynb?client={template}&period={PERIOD}&lang={lang}"
                          "&who=tester")
                _page_ready(page, name)
                page.wait_for_function("() => !/Executing|Loading widget/.test(document.body.innerText)")
                text = page.locator("body").inner_text()
                assert "Traceback" not in text and "There was an error" not in text, (template, name)
                assert page.locator("html").get_attribute("lang") == lang, (template, name)
                if name == "01_goals":
                    for goal in clients.starter_goals(template, lang, START):
                        assert goal["goal_id"] in text or goal["statement"] in text, (template, goal)
        guard.context.close()
        browser.close()
        assert guard.blocked == []


def test_a_refused_starter_file_leaves_no_client_behind(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Goals are checked before anything lands: one the importer refuses (a metric that is no figure) stops init,
    and neither client.yaml nor the store keeps anything of it."""
    real = clients.starter_goals

    def with_a_bad_goal(template: str, lang: str, start: date) -> list[dict[str, str]]:
        goals = real(template, lang, start)
        goals[-1] = {**goals[-1], "metric": "engagement.happiness"}
        return goals

    monkeypatch.setattr(clients, "starter_goals", with_a_bad_goal)
    assert main(["init", "acme", "--from", "skills", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "the starting data of template skills did not import:" in err and "engagement.happiness" in err
    assert not paths.client_dir("acme").exists()
    paths.client_dir("acme").mkdir(parents=True)  # a folder made by hand first is kept, without a profile
    assert main(["init", "acme", "--from", "skills", "--lang", "en"]) == 2
    assert paths.client_dir("acme").exists() and not paths.profile_path("acme").exists()


def test_a_refused_overwrite_puts_the_old_profile_back(monkeypatch: pytest.MonkeyPatch) -> None:
    path = clients.init_client("acme", lang="en")
    before = path.read_bytes()
    bad_goal = {"goal_id": "X", "statement": "members post more", "metric": "no.such.figure", "baseline": "1",
                "target": "2", "direction": "increase", "start": "2026-05-01", "deadline": "2026-10-31", "owner": ""}
    monkeypatch.setattr(clients, "starter_goals", lambda template, lang, start: [bad_goal])
    with pytest.raises(ProfileError):
        clients.init_from_template("acme", "skills", lang="en", overwrite=True)
    assert path.read_bytes() == before
