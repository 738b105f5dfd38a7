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
report = nb.open_page("05_engagement", client, period, lang, db_url, interactive, snapshot)
doc, lang = report.document, report.lang
# A pack's page offers these cross-filters ("and for my department? my channel?"); the app's page draws everyone.
split_by = () if report.interactive else ("wb_department", "wb_channel")

# %%
engagement = doc["engagement"]
nb.md(report.label("report.engagement.intro", members=engagement["members_in_period"],
                   posters=engagement["posters"], active=engagement["active_members"],
                   rate=kpis.write(engagement["active_rate"], "ratio")))

# %%
# On the app page the engagement explorer above draws this chart, with its filters.
if not report.interactive:
    nb.heading(report.label("report.engagement.daily"))
    nb.md(report.label("report.explore.brush_hint"))
    nb.chart(report, tables.daily_posters(report, by=split_by), lambda f: charts.daily_posters(f, lang))

# %%
nb.heading(report.label("report.engagement.weekly"))
nb.chart(report, tables.weekly_active(report, by=split_by), lambda f: charts.weekly_active(f, lang))

# %%
nb.heading(report.label("report.engagement.tiers"))
nb.md(report.label("report.engagement.gini", gini=f'{engagement["gini_messages"]:.2f}',
                   absence=engagement["absence_factor"]))
nb.chart(report, tables.tiers(report, by=split_by), lambda f: charts.bar(f, "tiers", "tier", "members", lang))

# %%
nb.heading(report.label("report.engagement.departments"))
nb.chart(report, tables.department_activity(report),
         lambda f: charts.bar(f, "department_activity", "department", "posting_rate", lang, percent=True),
         highlight="wb_department" if split_by else None)

# %%
nb.heading(report.label("report.engagement.newcomers"))
nb.md(report.label("report.engagement.activation", new=engagement["new_members"],
                   rate=kpis.write(engagement["activation_rate_7d"], "ratio")))
nb.md(report.label("report.engagement.dormant", dormant=engagement["dormant"]))
# On the app page the explorer above lists them, filtered and ready to export.
if not report.interactive:
    nb.table(report, tables.dormant(report), report.label("report.engagement.no_dormant"))

# %%
nb.heading(report.label("report.engagement.rhythm"))
nb.chart(report, tables.posting_heatmap(report, by=split_by), lambda f: charts.heat_map(f, lang))

# %%
nb.heading(report.label("report.engagement.retention"))
nb.md(report.label("report.engagement.retention_intro"))
nb.chart(report, tables.cohort_retention(report), lambda f: charts.cohort_retention(f, lang))
