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

report = nb.load(client, period, lang, db_url, snapshot)
doc, lang = report.document, report.lang
nb.heading(report.label("report.notebook.02_recruitment"), 1)
nb.period_header(report)

# %%
if interactive:
    from workbook.forms.page import page
    from IPython.display import display

    display(page("recruitment", client=client, period=period, lang=lang, db_url=db_url, who=who))

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
