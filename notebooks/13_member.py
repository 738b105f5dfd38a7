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
from workbook.forms import member_timeline
from workbook.forms.stories import programme_page
from workbook.report import notebook as nb

report = nb.load(client, period, lang, db_url)
nb.heading(report.label("report.notebook.13_member"), 1)
nb.period_header(report)

# %%
if interactive:
    from IPython.display import display

    display(programme_page(member_timeline.timeline_form, "member", client=client, period=period, lang=lang,
                           db_url=db_url, who=who))
else:
    nb.md(report.label("culture_programme.timeline.intro"))
