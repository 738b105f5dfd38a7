"""Engagement filters, the dormant list and the Excel export."""

from __future__ import annotations

import pandas as pd

from workbook.forms.context import FormContext
from workbook.forms.engagement import engagement_view


def test_dormant_members_and_filters(ctx: FormContext) -> None:
    view = engagement_view(ctx, charts=False)
    # 6 members; October poster m1 only; dormant m2, m6 (posted in September only).
    assert "6 members, 1 posted, 1 active, 2 dormant" in view.summary.value
    assert "Member 2" in view.dormant.value and "王芳" in view.dormant.value
    view.department.value = "Sales"  # 5 members, exactly the privacy minimum
    assert "5 members, 1 posted" in view.summary.value and "王芳" not in view.dormant.value
    view.department.value = "HR"  # 1 member < 5 → withheld
    assert "protect privacy" in view.summary.value and view.dormant.value == ""
    view.department.value = ""
    view.period.value = "2026-13"
    assert "“2026-13” is not a period" in view.fields["period"].error.value
    view.period.value = "2026-09"
    # September: posters m1, m2, m6 of 6; August had none, so nobody is dormant.
    assert "3 posted" in view.summary.value and "No dormant" in view.dormant.value


def test_export_writes_the_table_to_the_reports_folder(ctx: FormContext) -> None:
    view = engagement_view(ctx, charts=False)
    view.export.click()
    path = view.state["export_path"]
    assert view.status.level == "ok" and path.name == "dormant-2026-10.xlsx"
    table = pd.read_excel(path, engine="openpyxl")
    assert list(table["Member"]) == ["Member 2", "王芳"]
    assert 'download="dormant-2026-10.xlsx"' in view.download.value


def test_chart_is_static_svg_redrawn_by_the_filters(ctx: FormContext) -> None:
    view = engagement_view(ctx)
    (chart,) = view.charts.children
    october = chart.value
    assert october.startswith('<figure class="wb-figure"><svg') and "<script" not in october
    view.period.value = "2026-09"  # September has 3 posters on 3 days: a different picture
    (chart,) = view.charts.children
    assert chart.value.startswith('<figure class="wb-figure"><svg') and chart.value != october


def test_a_bad_period_is_answered_in_the_page_language(other: FormContext) -> None:
    view = engagement_view(other, charts=False)
    view.period.value = "2026-13"
    error = view.fields["period"].error.value
    assert "不是周期" in error and "month" not in error


def test_a_future_or_empty_period_says_so(ctx: FormContext) -> None:
    from datetime import date

    from workbook.forms.engagement import period_notes
    from workbook.periods import parse

    view = engagement_view(ctx, charts=False)
    view.period.value = "2030-01"
    assert "has not started yet" in view.summary.value
    view.period.value = "2020-01"  # before anyone joined
    assert "Nothing yet for this period" in view.summary.value and "has not started" not in view.summary.value
    view.period.value = "2026-10"
    assert "Nothing yet" not in view.summary.value
    october = parse("2026-10", "Asia/Shanghai")
    figures = {"members_in_period": 6, "messages_total": 3}
    assert [level for _, level in period_notes(ctx, october, figures, date(2026, 10, 15))] == ["info"]
    assert period_notes(ctx, october, figures, date(2026, 11, 2)) == []


def test_export_has_date_cells_and_readable_widths(other: FormContext) -> None:
    from datetime import date, datetime

    from openpyxl import load_workbook

    view = engagement_view(other, charts=False)
    assert "年" in view.dormant.value and "月" in view.dormant.value  # last posted, as 2026年9月…日
    view.export.click()
    sheet = load_workbook(view.state["export_path"]).active
    header = [c.value for c in sheet[1]]
    column = header.index("最后发言") + 1
    days = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert days and all(isinstance(c.value, datetime | date) and c.number_format == "yyyy-mm-dd" for c in days)
    widths = {c.column_letter: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert all(w >= 10 for w in widths.values())
    email = sheet.cell(row=1, column=header.index("邮箱") + 1).column_letter
    assert widths[email] >= max(len(str(c.value or "")) for c in sheet[email])


def test_the_page_period_sentence_is_left_to_the_page_header(ctx: FormContext) -> None:
    future = FormContext(ctx.client, "2030-01", "en", ctx.db_url, who="alice")
    view = engagement_view(future, charts=False)
    assert "has not started" not in view.summary.value
    view.period.value = "2031-01"
    assert "has not started" in view.summary.value
