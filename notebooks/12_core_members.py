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
from workbook.forms import core_members
from workbook.forms.stories import programme_page
from workbook.report import notebook as nb

report = nb.load(client, period, lang, db_url)
nb.heading(report.label("report.notebook.12_core_members"), 1)
nb.period_header(report)

# %%
if interactive:
    from IPython.display import display

    display(programme_page(core_members.core_members_form, "core_members", client=client, period=period,
                           lang=lang, db_url=db_url, who=who))

# %%
nb.heading(report.label("culture_programme.report.core"))
roster = core_members.report_table(report)
nb.show(roster) if len(roster) else nb.md(report.label("culture_programme.core.no_roles"))
