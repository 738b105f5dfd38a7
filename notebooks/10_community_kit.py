# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False

# %%
from workbook.report import notebook as nb

# In Voila the query string picks the client, period, language and facilitator; the app's page shows its forms.
# Recruitment notice and sign-up form, 群规 and welcome, newcomers to greet, members' interests.
report = nb.open_page("10_community_kit", client, period, lang, db_url, interactive)
