# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False

# %%
# In Voila the home page's query string picks the client, period, language and facilitator.
from workbook.forms.request import page_params

client, period, lang, who, interactive = page_params(client, period, lang, interactive)

# %%
from workbook.report import notebook as nb

report = nb.load(client, period, lang, db_url)
nb.heading(report.label("report.notebook.08_event_planning"), 1)
nb.md(report.label("events_planning.intro"))

# %%
if interactive:
    from workbook.forms.event_planning import planning_page
    from IPython.display import display

    display(planning_page(client=client, period=period, lang=lang, db_url=db_url, who=who))
