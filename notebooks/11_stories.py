# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False

# %%
from workbook.forms import stories as story_records
from workbook.report import notebook as nb

# In Voila the query string picks the client, period, language and facilitator; the app's page shows its forms.
report = nb.open_page("11_stories", client, period, lang, db_url, interactive)

# %%
nb.heading(report.label("culture_programme.report.stories"))
accepted = story_records.report_table(report)
nb.show(accepted) if len(accepted) else nb.md(report.label("culture_programme.stories.none_accepted"))
