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
from workbook.forms import stories as story_records
from workbook.report import notebook as nb

report = nb.load(client, period, lang, db_url)
nb.heading(report.label("report.notebook.11_stories"), 1)
nb.period_header(report)

# %%
if interactive:
    from IPython.display import display

    display(story_records.programme_page(story_records.stories_form, "stories", client=client, period=period,
                                         lang=lang, db_url=db_url, who=who))

# %%
nb.heading(report.label("culture_programme.report.stories"))
accepted = story_records.report_table(report)
nb.show(accepted) if len(accepted) else nb.md(report.label("culture_programme.stories.none_accepted"))
