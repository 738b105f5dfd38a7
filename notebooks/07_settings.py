# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False

# %%
from workbook.report import notebook as nb

# In Voila the query string picks the client, period, language and facilitator; the app's page shows its forms.
report = nb.open_page("07_settings", client, period, lang, db_url, interactive)
