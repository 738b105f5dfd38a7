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
nb.heading(report.label("report.notebook.09_points"), 1)
nb.md(report.label("points.intro"))

# %%
# Bonuses and rewards, the leaderboard post and the points simulator (workbook/forms/points.py).
if interactive:
    from IPython.display import display

    from workbook.forms.points import points_page

    display(points_page(client, period, lang, db_url, who))
