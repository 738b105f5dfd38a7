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
nb.heading(report.label("report.notebook.10_community_kit"), 1)
nb.md(report.label("kit.form.intro"))

# %%
# Recruitment notice and sign-up form, 群规 and welcome, newcomers to greet, members' interests.
if interactive:
    from IPython.display import display

    from workbook.forms.community_kit import page

    display(page(client=client, period=period, lang=lang, db_url=db_url, who=who))
