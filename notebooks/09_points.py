# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False

# %%
from workbook.report import notebook as nb

# In Voila the query string picks the client, period, language and facilitator; the app's page shows its forms.
# Bonuses and rewards, the leaderboard post and the points simulator (workbook/forms/points.py).
report = nb.open_page("09_points", client, period, lang, db_url, interactive)
