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
nb.heading(report.label("app.page.07_settings"), 1)
nb.md(report.label("form.settings.intro"))

# %%
if interactive:
    from workbook.forms.page import page
    from IPython.display import display

    display(page("settings", client=client, period=period, lang=lang, db_url=db_url, who=who))
