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

report = nb.open_report("yearbook", client, period, lang, db_url, snapshot)
doc, lang = report.document, report.lang

# %%
from workbook.forms import values

values.show(report)

# %%
engagement = doc["engagement"]
nb.heading(report.label("report.yearbook.growth"))
nb.md(report.label("report.yearbook.growth_text", members=engagement["members_in_period"],
                   new=engagement["new_members"], messages=engagement["messages_total"]))
nb.chart(report, tables.weekly_active(report, weeks_before=0), lambda f: charts.weekly_active(f, lang))

# %%
nb.heading(report.label("report.yearbook.best_events"))
best = tables.best_events(doc, lang)
nb.chart(report, best, lambda f: charts.bar(f, "best_events", "event", "score", lang, colour="kind"))

# %%
nb.heading(report.label("report.yearbook.contributors"))
nb.md(report.label("report.yearbook.consent_note"))
nb.chart(report, tables.leaderboard(report, consent_only=True),
         lambda f: charts.bar(f, "top_contributors", "member", "points", lang, colour="level"))

# %%
nb.heading(report.label("report.yearbook.milestones"))
nb.heading(report.label("report.stories.first_post"), 3)
nb.table(report, tables.stories(report, "first_post", limit=10),
         report.label("report.stories.none"))

# %%
nb.heading(report.label("report.stories.most_answered"), 3)
nb.table(report, tables.stories(report, "most_answered"), report.label("report.stories.none"))

# %%
from workbook.forms import stories as story_records

accepted = story_records.report_table(report)
nb.heading(report.label("culture_programme.report.stories"))
nb.md(report.label("culture_programme.report.stories_intro"))
nb.show(accepted) if len(accepted) else nb.md(report.label("culture_programme.stories.none_accepted"))
