# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False

# %%
from workbook.forms import core_members
from workbook.report import notebook as nb

# In Voila the query string picks the client, period, language and facilitator; the app's page shows its forms.
report = nb.open_page("12_core_members", client, period, lang, db_url, interactive)

# %%
nb.heading(report.label("culture_programme.report.core"))
roster = core_members.report_table(report)
nb.show(roster) if len(roster) else nb.md(report.label("culture_programme.core.no_roles"))
