# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False
snapshot = None  # a snapshot folder from the report runner: the notebook then reads only that

# %%
from workbook import charts
from workbook.report import kpis
from workbook.report import notebook as nb
from workbook.report import tables

# In Voila the query string picks the client, period, language and facilitator; the app's page shows its forms.
report = nb.open_page("03_content", client, period, lang, db_url, interactive, snapshot)
doc, lang = report.document, report.lang
# A pack's page offers a cross-filter by format ("and for videos?"); the app's page draws everything.
by_format = None if report.interactive else "wb_format"

# %%
summary = doc["content_summary"]
nb.md(report.label("report.content.intro", published=summary["published"],
                   adherence=kpis.write(summary["plan_adherence"], "ratio"),
                   member_share=kpis.write(summary["member_generated_share"], "ratio")))

# %%
nb.heading(report.label("report.content.calendar"))
nb.chart(report, tables.content_calendar(report, by=by_format), lambda f: charts.calendar_vs_plan(f, lang))

# %%
nb.heading(report.label("report.content.mix"))
nb.chart(report, tables.counts(summary["by_format"], "format", "format", "items", lang),
         lambda f: charts.bar(f, "by_format", "format", "items", lang), highlight=by_format)
nb.chart(report, tables.content_kinds(report, by=by_format),
         lambda f: charts.bar(f, "by_kind", "kind", "items", lang))

# %%
nb.heading(report.label("report.content.attention"))
nb.md(report.label("report.content.attention_intro"))
nb.chart(report, tables.content_items(report, by=by_format),
         lambda f: charts.bar(f, "attention_per_item", "title", "attention", lang, colour="origin", percent=True))
nb.chart(report, tables.attention_by_format(report),
         lambda f: charts.bar(f, "attention_per_format", "format", "median_attention", lang, percent=True),
         highlight=by_format)
