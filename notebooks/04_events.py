# %% tags=["parameters"]
client = "demo"
period = "2026-10"
lang = "zh-CN"
db_url = None
interactive = False
snapshot = None  # a snapshot folder from the report runner: the notebook then reads only that

# %%
from workbook import charts
from workbook.report import kpis
from workbook.report import notebook as nb
from workbook.report import tables

# In Voila the query string picks the client, period, language and facilitator; the app's page shows its forms.
report = nb.open_page("04_events", client, period, lang, db_url, interactive, snapshot)
doc, lang = report.document, report.lang

# %%
summary = doc["events_summary"]
nb.md(report.label("report.events.intro", count=summary["count"], attended=summary["attended_total"],
                   score=kpis.write(summary["mean_score"], "score")))

# %%
events = tables.events(doc, lang)
nb.heading(report.label("report.events.scores"))
nb.md(report.label("report.events.components_intro"))
nb.chart(report, tables.event_components(report), lambda f: charts.event_components(f, lang))

# %%
nb.heading(report.label("report.events.feedback"))
nb.chart(report, events.dropna(subset=["nps"]), lambda f: charts.bar(f, "event_nps", "event", "nps", lang))
nb.chart(report, events.dropna(subset=["satisfaction_avg"]),
         lambda f: charts.bar(f, "event_satisfaction", "event", "satisfaction_avg", lang))

# %%
nb.heading(report.label("report.events.attendance"))
nb.chart(report, events, lambda f: charts.bar(f, "event_attendance", "event", "attendance_rate", lang,
                                               percent=True))

# %%
nb.heading(report.label("report.events.by_kind"))
nb.chart(report, tables.counts(summary["score_by_kind"], "event_kind", "kind", "score", lang),
         lambda f: charts.bar(f, "score_by_kind", "kind", "score", lang))

# %%
nb.heading(report.label("report.events.low_confidence_title"))
nb.table(report, tables.low_confidence_events(doc, lang), report.label("report.events.none_flagged"))

# %%
from workbook.report import event_sections

nb.heading(report.label("events_planning.report.planning"))
planning = event_sections.planning_table(doc)
if planning.empty:
    nb.md(report.label("events_planning.report.planning_none"))
else:
    nb.show(event_sections.written(planning, lang))
    nb.md(report.label("events_planning.report.glossary"))

# %%
nb.heading(report.label("events_planning.report.quizzes"))
quizzes = event_sections.quiz_table(doc)
if quizzes.empty:
    nb.md(report.label("events_planning.report.quizzes_none"))
else:
    nb.md(report.label("events_planning.report.quizzes_intro", pass_pct=f"{report.profile.quiz.pass_pct:.0%}"))
    nb.show(event_sections.written(quizzes, lang))
    nb.heading(report.label("events_planning.report.items"), 3)
    items = event_sections.item_table(doc)
    if items.empty:
        nb.md(report.label("events_planning.report.items_none"))
    else:
        nb.show(event_sections.written(items, lang))

# %%
nb.heading(report.label("events_planning.report.pre_post"))
pre_post = event_sections.pre_post_table(doc)
if pre_post.empty:
    nb.md(report.label("events_planning.report.pre_post_none"))
else:
    nb.md(report.label("events_planning.report.pre_post_intro"))
    nb.show(event_sections.written(pre_post, lang))

# %%
from workbook.posts import winners

nb.heading(report.label("events_planning.report.winners"))
names = winners.publishable_names(report.series("people"), report.profile.privacy.pseudonymise, lang)
post = winners.winners_text(doc, names, lang)
if report.interactive:
    from IPython.display import display

    display(winners.winners_editor(report.client, report.period_label, lang, post).widget)
else:
    winners.show(winners.saved_text(report.client, report.period_label, lang) or post)
