"""The report layer: packs run with papermill (pack, runner), their HTML and indexes (html, index), what the
report notebooks call (notebook, tables, format, kpis) and scheduled catch-up (schedule).

Import the module you need: a notebook kernel loads `notebook` and `tables` without papermill or nbconvert.
"""
