"""Report packs a manager explores, in headless Chromium with every non-file request refused: live charts with
tooltips showing the charted figure, headers linking chapters and periods, localised titles, and a failed chapter
that says so in the reader's language without a traceback."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from tests.report.conftest import CLIENT
from tests.report.test_browser import CHROMIUM, offline_page
from workbook import paths
from workbook.i18n import t
from workbook.report import pack as report
from workbook.report.html import ChapterPage, write_failure_html

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")]


def _first_row(figure: object) -> dict[str, object]:
    spec = json.loads(figure.locator("script.wb-spec").text_content())  # type: ignore[attr-defined]
    return next(iter(spec["datasets"].values()))[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_hover_shows_the_charted_figure_and_titles_are_localised(demo_packs: dict[str, Path], lang: str) -> None:
    out = demo_packs[lang]
    refused: list[str] = []
    errors: list[str] = []
    artifacts = Path(__file__).parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    with offline_page(refused, errors) as page:
        page.goto((out / "06_culture.html").as_uri())
        title = page.title()
        page.wait_for_selector("figure.wb-live-ready .wb-live svg")
        # the levels chart: one bar per level, drawn in data order
        figure = page.locator("figure.wb-live-ready").nth(1)
        row = _first_row(figure)
        bar = figure.locator(".wb-live .mark-rect path").first
        bar.scroll_into_view_if_needed()
        bar.hover()
        tip = page.locator("#vg-tooltip-element.visible")
        tip.wait_for()
        tooltip = tip.inner_text()
        page.screenshot(path=str(artifacts / f"explore-tooltip-{lang}.png"), full_page=False)
        page.goto((out / "index.html").as_uri())
        index_title = page.title()
        tones = page.eval_on_selector_all(".kpi .change", "els => els.map(e => e.className)")
        page.screenshot(path=str(artifacts / f"explore-index-{lang}.png"), full_page=True)
    assert refused == [] and errors == []
    assert title.startswith(t("report.notebook.06_culture", lang) + " · ") and title.endswith(" · 2026-10")
    assert str(row["level"]) in tooltip and f"{row['members']:,}" in tooltip
    assert t("chart.axis.members", lang) in tooltip and "members" not in tooltip  # a label, not the column code
    assert index_title.endswith(t("report.index.title", lang, client="", period="2026-10").strip(" ·"))
    assert any("tone-good" in c or "tone-bad" in c for c in tones)


def _run(period: str, lang: str | None) -> Path:
    result = report.run_pack(CLIENT, period, lang=lang)
    return result.out_dir


def _header_targets(page: object) -> list[Path]:
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "header.wb-header a:not([hidden])", "els => els.map(a => a.href)")
    return [Path(unquote(urlparse(h).path)) for h in hrefs]


def test_navigation_between_chapters_periods_languages_and_failed_chapter(workspace: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary", "05_engagement"))
    september = _run("2026-09", "zh-CN")
    # October's engagement chapter breaks: its pages must say so in each language, with no traceback
    broken = nbformat.read(paths.NOTEBOOKS_DIR / "05_engagement.ipynb", as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise ValueError('boom in engagement')"))
    copy = paths.client_dir(CLIENT) / "notebooks" / "05_engagement.ipynb"
    copy.parent.mkdir(parents=True)
    nbformat.write(broken, copy)
    october = _run("2026-10", None)  # both languages
    assert october.name == "2026-10.failed"

    refused: list[str] = []
    errors: list[str] = []
    with offline_page(refused, errors) as page:
        page.goto((september / "zh-CN" / "00_summary.html").as_uri())
        september_title = page.title()
        targets = _header_targets(page)
        page.click("a.wb-next-chapter")
        assert page.url.endswith("/2026-09/zh-CN/05_engagement.html")
        page.click("a.wb-next-period")
        # October has no engagement chapter to show: the period link lands on its index, in the same language
        assert page.url.endswith("/2026-10.failed/zh-CN/index.html")
        page.locator("ol.chapters a").nth(1).click()
        assert page.url.endswith("/2026-10.failed/zh-CN/05_engagement.html")
        page.wait_for_load_state()  # the URL changes when the navigation commits, before the body is parsed
        failed_zh = page.inner_text("body")
        targets += _header_targets(page)
        page.click("a.wb-other-language")
        assert page.url.endswith("/2026-10.failed/en/05_engagement.html")
        page.wait_for_load_state()
        failed_text = page.inner_text("body")
        failed_title = page.title()
        targets += _header_targets(page)
        # September has no English pack: its language chooser opens the Chinese one
        page.click("a.wb-previous-period")
        page.wait_for_url("**/2026-09/zh-CN/index.html")
        page.goto((october / "en" / "index.html").as_uri())
        targets += _header_targets(page)
        chapter_links = page.eval_on_selector_all("ol.chapters a", "els => els.map(a => a.href)")
        page.click("a.wb-all-periods")
        assert page.url.endswith("/index.en.html")
        periods = page.eval_on_selector_all("tr[data-period] a", "els => els.map(a => a.href)")
    assert refused == [] and errors == []
    assert september_title.startswith("周期总览 · ") and september_title.endswith(" · 2026-09")
    assert failed_title.startswith("Engagement · ")
    assert t("report.page.failed", "en", chapter="Engagement") in failed_text
    assert t("report.page.failed", "zh-CN", chapter="成员参与") in failed_zh
    for text in (failed_text, failed_zh):
        assert "Traceback" not in text and "ValueError" not in text and "boom" not in text
    log = (october / "run.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "ValueError: boom in engagement" in log
    assert targets and all(p.is_file() for p in targets), [p for p in targets if not p.is_file()]
    assert len(chapter_links) == 2
    # the English client index links October's English pack and September's chooser
    assert [unquote(urlparse(h).path).split("/reports/acme/")[1] for h in periods] == [
        "2026-10.failed/en/index.html", "2026-09/index.html"]


def test_failed_page_in_chinese(tmp_path: Path) -> None:
    page = ChapterPage("演示社群", "2026-10", "zh-CN", ("00_summary", "06_culture"), "06_culture")
    html = write_failure_html(tmp_path / "06_culture.html", page).read_text(encoding="utf-8")
    assert "“社群文化”这一章未能生成。" in html and 'href="../run.log"' in html
    assert "<title>社群文化 · 演示社群 · 2026-10</title>" in html and "Traceback" not in html


def test_demo_pack_in_both_languages_stays_under_5_mb_with_one_copy_of_vega(demo_packs: dict[str, Path]) -> None:
    pack = demo_packs["zh-CN"].parent
    assert demo_packs["en"].parent == pack
    files = [p for p in pack.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    assert total < 5_000_000, total
    pages = [p.read_text(encoding="utf-8") for p in pack.rglob("*.html")]
    assert not any("vegaEmbed=" in page for page in pages)  # the bundle is linked, never inlined
    assert [p.relative_to(pack).as_posix() for p in pack.rglob("*.js")] == ["vega.js"]
    # JupyterLab's page style once per pack, not inlined in each of the 14 chapters
    assert [p.relative_to(pack).as_posix() for p in pack.rglob("*.css")] == ["lab.css"]
    chapters = [p for lang in demo_packs.values() for p in lang.glob("0*.html")]
    assert len(chapters) == 14 and all('href="../lab.css"' in p.read_text(encoding="utf-8") for p in chapters)


# Every mark a chart draws (role "mark": no legend or axis symbols), as the rows it stands for.
DRAWN = """(args) => {
  const [index, type] = args;
  const out = [];
  const walk = (node) => {
    if (!node || !node.items) return;
    node.items.forEach((item) => {
      if (node.marktype === type && node.role === "mark" && item.datum) {
        const row = {};
        Object.entries(item.datum).forEach(([k, v]) => { row[k] = v instanceof Date ? v.getTime() : v; });
        row._opacity = item.opacity === undefined ? 1 : item.opacity;
        out.push(row);
      }
      if (item.items) item.items.forEach(walk);
    });
  };
  walk(WB_VIEWS.filter((v) => v.figure.hasAttribute("data-filter"))[index].view.scenegraph().root);
  return out;
}"""


def _demo_frames(demo_data: Path) -> tuple[Any, Any, Any]:
    """The demo's frames read straight from the store, its profile and the 2026-10 period."""
    from workbook import periods, store
    from workbook.profile import load_profile

    with pytest.MonkeyPatch.context() as env:
        env.setenv("WORKBOOK_DATA_DIR", str(demo_data))
        profile = load_profile("demo")
        frames = store.load_frames(store.engine("demo"), "demo")
    return frames, profile, periods.parse("2026-10", profile.timezone)


def _department_frames(frames: Any, department: str) -> Any:
    """The frames limited to one department's members (staff kept: they are in no figure): the metrics' input as
    a department head would scope it."""
    import dataclasses

    members = frames.members
    keep = set(members.loc[(members["department"] == department) | members["is_staff"], "member_id"])
    scoped = {f.name: getattr(frames, f.name).loc[lambda t: t["member_id"].isin(keep)]
              for f in dataclasses.fields(frames) if "member_id" in getattr(frames, f.name).columns}
    return dataclasses.replace(frames, **scoped)


def _channel_frames(frames: Any, channel: str) -> Any:
    """The frames as one channel sees them: its messages only, no event attended or content read (they belong to no
    channel), every member kept."""
    import dataclasses

    return dataclasses.replace(frames, messages=frames.messages.loc[frames.messages["channel"] == channel],
                               attendance=frames.attendance.iloc[0:0], interactions=frames.interactions.iloc[0:0])


def _format_frames(frames: Any, kind_of_content: str) -> Any:
    """The frames of one content format: its items, the interactions with them and its plan slots."""
    import dataclasses

    content = frames.content.loc[frames.content["format"] == kind_of_content]
    return dataclasses.replace(
        frames, content=content, content_plan=frames.content_plan.loc[frames.content_plan["format"] == kind_of_content],
        interactions=frames.interactions.loc[frames.interactions["content_id"].isin(content["content_id"])])


def _day(value: object) -> date:
    """A drawn date (Vega's Date as epoch ms in the browser's time zone, which is this process's) as a day."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000).date()
    return date.fromisoformat(str(value)[:10])


def _choose(page: Any, param: str, value: str) -> None:
    page.select_option(f".wb-filters select[name='{param}']", value)
    page.wait_for_selector(f".wb-filters[data-applied='{param}={value}']")


def _options_of(page: Any, param: str) -> list[list[str]]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        f".wb-filters select[name='{param}'] option", "els => els.map(o => [o.value, o.text])")


def test_department_and_channel_filters_change_every_declaring_chart_to_that_groups_metrics(
        demo_packs: dict[str, Path], demo_data: Path) -> None:
    from workbook.metrics import engagement, series
    from workbook.metrics.context import Context

    out = demo_packs["zh-CN"]
    refused: list[str] = []
    errors: list[str] = []
    with offline_page(refused, errors) as page:
        page.goto((out / "05_engagement.html").as_uri())
        page.wait_for_selector(".wb-filters[data-ready]")
        declaring = page.locator("figure.wb-figure[data-filter~='wb_department']").count()
        declaring_channel = page.locator("figure.wb-figure[data-filter~='wb_channel']").count()
        options = _options_of(page, "wb_department")
        channels = _options_of(page, "wb_channel")
        # daily posters, weekly active, tiers, departments (highlighted, not filtered), heat map
        kinds = [("symbol", 0), ("rect", 1), ("rect", 2), ("rect", 3), ("rect", 4)]
        before = [page.evaluate(DRAWN, [i, kind]) for kind, i in kinds]
        department = options[1][0]
        _choose(page, "wb_department", department)
        after = [page.evaluate(DRAWN, [i, kind]) for kind, i in kinds]
        # hovering a tier bar now shows the department's figure
        tiers_figure = page.locator("figure.wb-figure[data-filter~='wb_department']").nth(2)
        bar = tiers_figure.locator(".wb-live .mark-rect path").first
        bar.scroll_into_view_if_needed()
        bar.hover()
        tip = page.locator("#vg-tooltip-element.visible")
        tip.wait_for()
        tooltip = tip.inner_text()
        page.screenshot(path=str(Path(__file__).parents[1] / "artifacts" / "explore-department.png"), full_page=True)
        # then a channel, on the same page: the department goes back to everyone (one filter at a time)
        channel = channels[2][0]
        _choose(page, "wb_channel", channel)
        department_after_channel = page.eval_on_selector(".wb-filters select[name='wb_department']", "s => s.value")
        by_channel = [page.evaluate(DRAWN, [i, kind]) for kind, i in kinds]
        page.screenshot(path=str(Path(__file__).parents[1] / "artifacts" / "explore-channel.png"), full_page=True)
    assert refused == [] and errors == []
    assert declaring == 5 and declaring_channel == 4
    assert all(b != a for b, a in zip(before, after, strict=True))
    # the departments chart keeps every bar and fades all but the chosen one
    assert {r["department"]: r["_opacity"] for r in after[3]} == {
        r["department"]: 1 if r["department"] == department else 0.25 for r in before[3]}
    assert {r["_opacity"] for r in before[3]} == {1}

    # the selector offers the departments the metrics publish (none under privacy.min_group_size), and everyone
    everyone, profile, period = _demo_frames(demo_data)
    published = series.department_activity(everyone, profile, period)
    assert published["members"].min() >= profile.privacy.min_group_size
    assert options == [["*", t("report.explore.filter.all", "zh-CN")],
                       *([d, d] for d in sorted(published["department"]))]
    frames = _department_frames(everyone, department)
    ctx = Context(frames, profile, period)
    assert len(ctx.members_in_period) == int(published.set_index("department").at[department, "members"])
    assert len(ctx.members_in_period) >= profile.privacy.min_group_size
    expected_daily = series.daily_posters(frames, profile, period)
    assert [row["posters"] for row in sorted(after[0], key=lambda r: r["date"])] == expected_daily["posters"].tolist()
    expected_weekly = series.weekly_active(frames, profile, period)
    drawn_weekly = sorted(after[1], key=lambda r: r["week_start"])
    assert [row["active_members"] for row in drawn_weekly] == expected_weekly["active_members"].tolist()
    tiers = engagement.tiers(engagement.messages_per_member(ctx), profile.heavy_poster_min_messages)
    labels = {t(f"report.value.tier.{k}", "zh-CN"): v for k, v in tiers.items()}
    assert {row["tier"]: row["members"] for row in after[2]} == labels
    assert sum(tiers.values()) == len(ctx.members_in_period)
    assert str(labels[next(iter(row["tier"] for row in after[2] if row["tier"] in tooltip))]) in tooltip
    heat = series.posting_heatmap(frames, profile, period)
    expected_heat = {(int(r.weekday), int(r.hour)): int(r.messages) for r in heat.itertuples()}
    assert {(row["weekday_no"], row["hour"]): row["messages"] for row in after[4]} == expected_heat

    # channels: each with at least min_group_size distinct non-staff posters of the period (the demo's three)
    whole = Context(everyone, profile, period)
    posts = whole.member_messages.loc[whole.member_messages["member_id"].isin(whole.members_in_period)]
    posters = posts.groupby("channel")["member_id"].nunique()
    assert len(posters) >= 2 and posters.min() >= profile.privacy.min_group_size
    assert channels == [["*", t("report.explore.filter.all", "zh-CN")], *([c, c] for c in sorted(posters.index))]
    assert department_after_channel == "*"
    assert {r["_opacity"] for r in by_channel[3]} == {1}  # no department highlighted any more
    frames = _channel_frames(everyone, channel)
    ctx = Context(frames, profile, period)
    drawn_daily = [row["posters"] for row in sorted(by_channel[0], key=lambda r: r["date"])]
    assert drawn_daily == series.daily_posters(frames, profile, period)["posters"].tolist()
    assert max(drawn_daily) <= posters[channel]
    drawn_weekly = sorted(by_channel[1], key=lambda r: r["week_start"])
    assert [row["active_members"] for row in drawn_weekly] == series.weekly_active(
        frames, profile, period)["active_members"].tolist()
    tiers = engagement.tiers(engagement.messages_per_member(ctx), profile.heavy_poster_min_messages)
    assert {row["tier"]: row["members"] for row in by_channel[2]} == {
        t(f"report.value.tier.{k}", "zh-CN"): v for k, v in tiers.items()}
    assert tiers["contributors"] + tiers["heavy"] == posters[channel]
    heat = series.posting_heatmap(frames, profile, period)
    assert {(row["weekday_no"], row["hour"]): row["messages"] for row in by_channel[4]} == {
        (int(r.weekday), int(r.hour)): int(r.messages) for r in heat.itertuples()}


def test_format_filter_changes_the_content_charts_to_that_formats_items(
        demo_packs: dict[str, Path], demo_data: Path) -> None:
    from workbook.metrics import content, series
    from workbook.metrics.context import Context
    from workbook.report.format import value_label

    refused: list[str] = []
    errors: list[str] = []
    with offline_page(refused, errors) as page:
        page.goto((demo_packs["en"] / "03_content.html").as_uri())
        page.wait_for_selector(".wb-filters[data-ready]")
        declaring = page.locator("figure.wb-figure[data-filter~='wb_format']").count()
        formats = _options_of(page, "wb_format")
        # calendar, items by format (highlighted), items by kind, attention per item, attention by format (highlighted)
        before = [page.evaluate(DRAWN, [i, "rect"]) for i in range(5)]
        chosen = "video"
        _choose(page, "wb_format", chosen)
        after = [page.evaluate(DRAWN, [i, "rect"]) for i in range(5)]
        page.screenshot(path=str(Path(__file__).parents[1] / "artifacts" / "explore-format.png"), full_page=True)
    assert refused == [] and errors == []
    everyone, profile, period = _demo_frames(demo_data)
    published = content.published(Context(everyone, profile, period))
    assert declaring == 5
    assert formats == [["*", "All"], *([f, value_label("format", f, "en")] for f in sorted(set(published["format"])))]
    frames = _format_frames(everyone, chosen)
    ctx = Context(frames, profile, period)
    rows = content.content_rows(ctx)
    assert rows and {r["format"] for r in rows} == {chosen}
    # attention per item: the format's items, each at its own attention over every member of the period
    assert sorted((r["title"], r["attention"]) for r in after[3]) == sorted((r["title"], r["attention"]) for r in rows)
    assert len(after[3]) < len(before[3])
    kinds = {value_label("content_kind", k, "en"): n for k, n in content.summary(ctx, rows)["by_kind"].items()}
    assert {r["kind"]: r["items"] for r in after[2]} == kinds
    calendar = series.content_calendar(frames, profile, period)
    expected = calendar.groupby(["date", "calendar_status"]).size()
    drawn = {(_day(r["date"]), r["status"]): r["items"] for r in after[0]}
    assert drawn == {(d, value_label("calendar", s, "en")): n for (d, s), n in expected.items()}
    # the per-format charts keep every bar and fade all but the chosen format
    label = value_label("format", chosen, "en")
    for highlighted in (after[1], after[4]):
        assert {r["format"]: r["_opacity"] for r in highlighted} == {
            r["format"]: 1 if r["format"] == label else 0.25 for r in highlighted}


def test_published_groups_fold_small_departments(workspace: Path) -> None:
    """Departments of 5, 3 and 1 members with min_group_size 5: only the 5 is offered; the 3 + 1 merged "other"
    (4 people) is still too small and left out, so no filter reveals it."""
    from workbook import store
    from workbook.metrics.context import Context
    from workbook.periods import parse
    from workbook.profile import load_profile
    from workbook.report.breakdowns import published_groups

    people = [("a", 5), ("b", 3), ("c", 1)]
    members = [{"member_id": f"{d}{i}", "display_name": f"{d}{i}", "department": d, "is_staff": False,
                "joined_at": "2026-09-01T02:00:00Z"} for d, n in people for i in range(n)]
    frames = store.frames_from_records(members=members)
    profile = load_profile(CLIENT)
    period = parse("2026-10", profile.timezone)
    groups = published_groups(frames, profile, period, "department")
    assert len(Context(frames, profile, period).members_in_period) == 9
    assert sorted(set(groups.dropna())) == ["a"]
    assert groups.isna().sum() == 4


def test_brushing_days_on_the_overview_zooms_the_daily_chart(demo_packs: dict[str, Path]) -> None:
    refused: list[str] = []
    errors: list[str] = []
    with offline_page(refused, errors) as page:
        page.goto((demo_packs["en"] / "05_engagement.html").as_uri())
        page.wait_for_selector(".wb-filters[data-ready]")
        view = "WB_VIEWS.filter((v) => v.figure.hasAttribute('data-filter'))[0].view"
        full = page.evaluate(f"() => {view}.scale('concat_0_x').domain().map(Number)")
        strip = page.locator("figure.wb-figure[data-filter] .wb-live .mark-area path").first
        strip.scroll_into_view_if_needed()
        box = strip.bounding_box()
        assert box is not None
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * 0.3, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=5)
        page.mouse.up()
        brushed = page.evaluate(f"() => {view}.signal('wb_brush')")
        zoomed = page.evaluate(f"() => {view}.scale('concat_0_x').domain().map(Number)")
        points = page.evaluate(DRAWN, [0, "symbol"])
    assert refused == [] and errors == []
    [(field, extent)] = brushed.items()
    assert field == "date"
    extent = [e if isinstance(e, int | float) else e.timestamp() * 1000 for e in extent]
    # the detail's x axis is the brushed range: about 30 % to 60 % of the month
    assert abs(zoomed[0] - extent[0]) < 1 and abs(zoomed[1] - extent[1]) < 1
    span = full[1] - full[0]
    assert 0.2 * span < zoomed[1] - zoomed[0] < 0.4 * span
    assert len(points) == 31  # every day stays in the data, the axis only zooms


def _pdf_facts(path: Path) -> tuple[list[tuple[str, int]], list[str], list[str], set[str]]:
    """(bookmark title, first page) of each page group, each page's text (NFKC: Chromium maps some CJK glyphs to
    Kangxi radicals), fonts drawn without an embedded program, and every URI a link opens."""
    import unicodedata

    from pypdf import PdfReader

    reader = PdfReader(path)
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    texts = [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages]
    not_embedded, uris = [], set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            if font["/Subtype"] == "/Type3":
                if not font.get("/CharProcs"):
                    not_embedded.append(str(font))
                continue
            program = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = program["/FontDescriptor"].get_object()
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                not_embedded.append(str(font.get("/BaseFont")))
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(str(action["/URI"]))
    return outline, texts, not_embedded, uris


def test_one_command_writes_both_languages_and_their_pdfs(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.cli import main

    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary", "05_engagement"))
    assert main(["report", CLIENT, "--period", "2026-10", "--pdf"]) == 0
    pack = paths.client_reports_dir(CLIENT) / "2026-10"
    assert json.loads((pack / "pack.json").read_text(encoding="utf-8"))["languages"] == ["zh-CN", "en"]
    facts = {}
    for lang in ("zh-CN", "en"):
        pdf = pack / lang / f"{CLIENT}-2026-10-{lang}.pdf"
        assert f'href="{pdf.name}"' in (pack / lang / "index.html").read_text(encoding="utf-8")
        facts[lang] = _pdf_facts(pdf)
        for name in ("index", *report.NOTEBOOKS):
            assert (pack / lang / f"{name}.html").is_file()
    assert (paths.client_reports_dir(CLIENT) / "index.zh-CN.html").is_file()
    assert (paths.client_reports_dir(CLIENT) / "index.en.html").is_file()

    outline, texts, not_embedded, uris = facts["zh-CN"]
    # one page group per chapter, in the pack's order, each starting on a page of its own
    assert [title for title, _ in outline] == ["核心指标", "周期总览", "成员参与"]
    starts = [first for _, first in outline]
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert "周期总览" in texts[starts[1]] and "成员参与" in texts[starts[2]]
    assert "核心指标" in texts[0] and "成员数" in texts[0]
    # Chinese text drawn from fonts inside the file; nothing to fetch
    assert not_embedded == [] and uris == set()
    assert [title for title, _ in facts["en"][0]] == ["Headline figures", "Period summary", "Engagement"]
    assert "Engagement" in facts["en"][1][facts["en"][0][2][1]]

    # an English-only run replaces the English pages and keeps the Chinese ones
    chinese = {p.name: p.read_bytes() for p in (pack / "zh-CN").iterdir()}
    before = (pack / "en" / "index.html").read_bytes()
    assert main(["report", CLIENT, "--period", "2026-10", "--lang", "en"]) == 0
    assert {p.name: p.read_bytes() for p in (pack / "zh-CN").iterdir()} == chinese
    assert (pack / "en" / "index.html").read_bytes() != before
    assert json.loads((pack / "pack.json").read_text(encoding="utf-8"))["languages"] == ["zh-CN", "en"]


def test_yearbook_pdf_has_a_cover_stories_and_the_members_who_agreed(workspace: Path) -> None:
    import yaml

    from workbook.cli import main

    profile_file = paths.profile_path(CLIENT)
    profile = yaml.safe_load(profile_file.read_text(encoding="utf-8"))
    profile["positioning"] = {**profile.get("positioning", {}), "slogan": "学以致用", "values": ["分享", "学习"]}
    profile_file.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    assert main(["yearbook", CLIENT, "--year", "2026", "--pdf", "--lang", "zh-CN"]) == 0
    folder = paths.client_reports_dir(CLIENT) / "2026-yearbook" / "zh-CN"
    outline, texts, not_embedded, uris = _pdf_facts(folder / f"{CLIENT}-2026-yearbook-zh-CN.pdf")
    name = yaml.safe_load(profile_file.read_text(encoding="utf-8"))["name"]
    assert [title for title, _ in outline] == [f"{name} · 2026 社群纪念册", "社群纪念册", "同意公开姓名的成员"]
    cover, members = texts[0], texts[outline[2][1]]
    assert all(part in cover for part in ("2026", name, "学以致用", "分享", "学习", "价值观")), cover
    # m1 张伟 agreed to be named, m2 Li Na did not
    assert "张伟" in members and "Li Na" not in members and "王芳" in members
    assert not any("Li Na" in text for text in texts)
    assert not_embedded == [] and uris == set()
