# %% tags=["parameters"]
lang = "zh-CN"

# %%
from IPython.display import display

from workbook.forms.home import home

display(home(lang).widget)
