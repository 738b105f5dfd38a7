# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False
snapshot = None  # a snapshot folder from the report runner: the notebook then reads only that

# %%
# In Voila the home page's query string picks the client, period, language and facilitator.
from workbook.forms.request import page_params

client, period, lang, who, interactive = page_params(client, period, lang, interactive)

# %%
from workbook import charts
from workbook.report import kpis
from workbook.report import notebook as nb
from workbook.report import tables

# A pack's page offers a cross-filter by format ("and for videos?"); the app's page draws everything.
by_format = None if interactive else "wb_format"
report = nb.load(client, period, lang, db_url, snapshot)
doc, lang = report.document, report.lang
nb.heading(report.label("report.notebook.03_content"), 1)
nb.period_header(report)

# %%
if interactive:
    from workbook.forms.page import page
    from IPython.display import display

    display(page("content", client=client, period=period, lang=lang, db_url=db_url, who=who))

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
