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
report = nb.open_page("06_culture", client, period, lang, db_url, interactive, snapshot)
doc, lang = report.document, report.lang

# %%
nb.heading(report.label("report.culture.leaderboard"))
nb.md(report.label("report.culture.leaderboard_intro"))
nb.chart(report, tables.leaderboard(report),
         lambda f: charts.bar(f, "leaderboard", "member", "points", lang, colour="level"))

# %%
nb.heading(report.label("report.culture.levels"))
nb.chart(report, tables.levels(doc, lang), lambda f: charts.bar(f, "levels", "level", "members", lang,
                                                                horizontal=False))

# %%
days = report.profile.core_members.window_days
nb.heading(report.label("report.culture.core_members", days=days))
nb.md(report.label("report.culture.core_members_intro", days=days))
nb.table(report, tables.core_members(report), report.label("report.no_data"))

# %%
nb.heading(report.label("report.culture.moderation"))
nb.chart(report, tables.counts(doc["moderation"]["violations"], "rule", "rule", "violations", lang),
         lambda f: charts.bar(f, "violations", "rule", "violations", lang))
nb.md(report.label("report.culture.repeat_offenders", count=doc["moderation"]["repeat_offender_count"]))

# %%
nb.heading(report.label("report.stories.title"))
nb.heading(report.label("report.stories.first_post"), 3)
nb.table(report, tables.stories(report, "first_post"), report.label("report.stories.none"))

# %%
nb.heading(report.label("report.stories.most_answered"), 3)
nb.table(report, tables.stories(report, "most_answered"), report.label("report.stories.none"))

# %%
nb.heading(report.label("report.stories.best_event"), 3)
nb.table(report, tables.stories(report, "best_event"), report.label("report.stories.none"))

# %%
from workbook.forms import stories as story_records

accepted = story_records.report_table(report)
nb.heading(report.label("culture_programme.report.stories"))
nb.md(report.label("culture_programme.report.stories_intro"))
nb.show(accepted) if len(accepted) else nb.md(report.label("culture_programme.stories.none_accepted"))

# %%
from workbook.forms import core_members

nb.heading(report.label("culture_programme.report.core"))
roster = core_members.report_table(report)
nb.show(roster) if len(roster) else nb.md(report.label("culture_programme.core.no_roles"))

# %%
from workbook.forms import outcomes as outcome_records

outcome_records.show(report)
