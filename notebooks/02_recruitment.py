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
report = nb.open_page("02_recruitment", client, period, lang, db_url, interactive, snapshot)
doc, lang = report.document, report.lang

# %%
recruitment = doc["recruitment"]
nb.md(report.label("report.recruitment.intro", applicants=recruitment["applicants"],
                   accepted=recruitment["accepted"]))

# %%
nb.heading(report.label("report.recruitment.funnel"))
nb.chart(report, tables.channel_funnel(report),
         lambda f: charts.bar(f, "channel_funnel", "channel", "applicants", lang, colour="stage", grouped=True))

# %%
nb.heading(report.label("report.recruitment.scores"))
nb.chart(report, tables.score_distribution(report), lambda f: charts.score_distribution(f, lang))

# %%
nb.heading(report.label("report.recruitment.decisions"))
nb.chart(report, tables.decisions(doc, lang),
         lambda f: charts.bar(f, "decisions", "decision", "applicants", lang))
