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
report = nb.open_page("01_goals", client, period, lang, db_url, interactive, snapshot)
doc, lang = report.document, report.lang

# %%
nb.md(report.label("report.goals.intro"))
nb.table(report, tables.goals(doc, lang), report.label("report.no_data"))

# %%
nb.chart(report, tables.goal_progress(doc, lang),
         lambda f: charts.bar(f, "goal_progress", "goal", "share", lang, colour="measure", percent=True,
                              grouped=True))

# %%
nb.heading(report.label("report.goals.trajectories"))
nb.md(report.label("report.goals.trajectories_intro"))
nb.chart(report, tables.goal_trajectories(report), lambda f: charts.goal_trajectory(f, lang))
