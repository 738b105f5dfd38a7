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

# In Voila the query string picks the client, period, language and facilitator.
report = nb.open_page("00_summary", client, period, lang, db_url, interactive, snapshot)
doc, lang = report.document, report.lang

# %%
from workbook.forms import values

values.show(report)

# %%
nb.heading(report.label("report.summary.headlines"))
nb.kpi_cards(kpis.headlines(doc, report.previous, lang))

# %%
nb.heading(report.label("report.summary.goals"))
nb.chart(report, tables.goal_progress(doc, lang),
         lambda f: charts.bar(f, "goal_progress", "goal", "share", lang, colour="measure", percent=True,
                              grouped=True))

# %%
nb.heading(report.label("report.summary.recommendations"))
nb.bullets(tables.recommendations(report), report.label("report.summary.no_recommendations"))
