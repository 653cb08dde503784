# %% [markdown]
# # 1. The data: what was compiled, from what, and where sources disagree
#
# **Question.** On 19 May 2022 Al Bawaba reported a wave of tit-for-tat diplomatic expulsions
# between Russia and European states
# ([the report](https://www.albawaba.com/news/russia-lashes-out-through-200-diplomatic-expulsions-1477479)).
# To check it we compiled every expulsion between Russia and another state in 2022 from the
# news reports and reference pages we could read. What does that table hold, how complete is
# it, and where do the sources disagree?
#
# Every number below is computed from `data/` by the library in `analysis/`; the tables and
# their columns are documented in `data/README.md`. This notebook, like the others, is meant
# to be run top to bottom in a fresh kernel. The tables also hold the war's later years, 2023
# to 2026 (one episode a year), and an earlier episode, the expulsions over the Skripal
# poisoning in 2018. Notebooks 1 to 3 look at 2022, the year of the article
# (`dataset.episode("ukraine-2022")`); notebooks 4 and 5 follow the whole war
# (`dataset.war()`), notebook 6 compares the episodes and notebook 7 looks at the years after
# the article. The evidence section below covers every episode.

# %%
import tempfile
from pathlib import Path

import pandas as pd

from analysis import DataValidationError, evidence, figures, load_dataset, summary
from analysis.display import show
from analysis.loaders import DEFAULT_DATA_DIR
from analysis.schema import CORE_EPISODES

pd.set_option("display.width", 120)
pd.set_option("display.max_rows", 60)

# The precedents of 1971-2021 have their own notebook (8): this one tells the episodes since 2018.
dataset = load_dataset().episodes(*CORE_EPISODES)
data = dataset.episode("ukraine-2022")

# %% [markdown]
# ## The tables
#
# An *event* is one announced measure: one date, one expelling state, one expelled state.
# Each event has one or more *reports* (what one source says of it, with its own number, the
# passage of the page that states it and, for a page not in English, a gloss); the event's
# `persons` is the figure the analysis adopts from one of them. *Responses* link an answer to
# the measure it answers, each link with the source that states it. *Claims* are the article's
# checkable statements, each with its *readings*, and *provenance* records where each of its
# numbers was published before; *tallies* are totals published by others; *coverage* records
# what was searched for each state, including where nothing was found.

# %%
sizes = pd.Series(
    {
        name: len(getattr(data, name))
        for name in (
            "events",
            "responses",
            "reports",
            "claims",
            "readings",
            "provenance",
            "tallies",
            "coverage",
        )
    },
    name="rows",
)
# The counts of sources as defined once in analysis.summary.COUNT_DEFINITIONS.
counts = summary.source_counts(data)
sizes = pd.concat([sizes, counts[["sources cited by a report", "sources adopted by an event"]]])
sizes

# %%
assert sizes["reports"] > sizes["events"], "every event has at least one report"
print(
    f"{sizes['events']} events rest on {sizes['reports']} reports from "
    f"{sizes['sources cited by a report']} sources cited by a report"
)

# %% [markdown]
# The sources are news agencies, newspapers, broadcasters, ministries and reference pages, in
# many languages: a measure is usually first reported in the expelling state's language.

# %%
cited = data.sources[data.sources["source_id"].isin(data.reports["source"])]
languages = cited["language"].astype(str).value_counts()
print(f"{len(languages)} languages; the ten most frequent:")
languages.head(10)

# %% [markdown]
# ## Coverage: every counterpart of Russia, both directions
#
# For each state (and the EU) on the other side of Russia: how many of its measures expelled
# Russians and how many persons they named; how many of its personnel Russia expelled.
# Events whose sources give no number count as 0 and are listed in `unknown`, so every
# persons total below is a floor.

# %%
coverage = summary.coverage(data.events)
assert len(coverage) == 31, "31 counterparts: 30 states and the EU"
show(coverage, index=False)

# %%
totals = coverage[
    ["events_expelling", "persons_expelling", "events_expelled", "persons_expelled", "unknown"]
].sum()
assert totals["events_expelling"] + totals["events_expelled"] == len(data.events)
assert totals["persons_expelling"] > totals["persons_expelled"]
print(
    f"{len(coverage)} counterparts; Russians expelled: {totals['persons_expelling']} persons in "
    f"{totals['events_expelling']} events; expelled by Russia: {totals['persons_expelled']} "
    f"persons in {totals['events_expelled']} events; {totals['unknown']} events without a number"
)

# %% [markdown]
# Over the whole year other states expelled more Russians than Russia expelled of theirs:
# the balance is the first sign that Russia did not answer every expulsion in kind, which
# notebook 3 examines measure by measure.

# %% [markdown]
# ## Where the sources disagree
#
# For most events every source gives the same number. Where they differ, every figure is
# kept as its own report, and the adopted one follows the rule written in `data/README.md`
# (the figure of the government that took the measure first, then that of the government
# hit, then the figure most reports give), taken from the strongest page that gives it. The
# figure below shows the spread.

# %%
conflicts = summary.conflicts(data.events, data.reports)
show(conflicts, index=False)

# %%
assert (conflicts["low"] <= conflicts["persons"]).all()
assert (conflicts["persons"] <= conflicts["high"]).all()
print(
    f"{len(conflicts)} events with conflicting figures; the widest spread: "
    f"{(conflicts['high'] - conflicts['low']).max()} persons"
)

# %%
figures.render("01-reported-ranges", dataset)

# %% [markdown]
# The widest gaps are Belgium (Russia's answer first reported as 21, then 12 in Belgian
# sources) and France's April expulsion (reported from 30 to 40). Notebook 2 reruns every
# claim of the article with each of these alternatives.

# %% [markdown]
# ## How strong is the evidence?
#
# A figure is as good as the page it stands on. Every source records what kind of publisher
# it is (a government, a news agency's wire, a national outlet, a local outlet, an aggregator
# or repost) and which agency's text it carries; every report says whether the page reports
# the event first-hand or relays someone else's report. From these, each report gets a rank
# (`analysis/evidence.py`): 1 a government's statement, 2 a wire, 3 a national outlet
# first-hand, 4 a local outlet, a relay or a credited repost, 5 an uncredited aggregator. The
# adopted figure of each event comes from the strongest page that gives it.

# %%
adopted = evidence.adopted_evidence(dataset.events, dataset.reports, dataset.sources)
by_rank = pd.crosstab(adopted["episode"], adopted["rank"].map(evidence.RANK_NAMES))
by_rank

# %%
first_hand = adopted["rank"].isin(evidence.FIRST_HAND_RANKS)
relayed = adopted[adopted["rank"] >= 4]
assert (int(first_hand.sum()), len(adopted), len(relayed)) == (209, 217, 8)
assert (adopted["rank"] < 5).all()
print(
    f"{first_hand.sum()} of {len(adopted)} events ({first_hand.mean():.0%}) adopt their figure "
    f"from a government, a wire or a national outlet reporting first-hand; "
    f"{len(relayed)} from a relay or a local outlet, none from an uncredited repost."
)
show(relayed[["event_id", "persons", "adopted_from", "kind", "hand", "reports"]], index=False)

# %%
figures.render("01-evidence-ranks", dataset)

# %% [markdown]
# Most reports are weaker than the page a figure is adopted from: they are kept, because a
# second page that gives the same number is a check, and a page that gives another number is
# a conflict (below). What rests on a relay alone is listed above: Latvia's 13 of 5 April 2022
# (no Latvian page gives the number), four of Russia's answers of 30 March 2018, and three
# measures of 2024 and 2025 (Russia's answer to Austria of April 2024, Poland's Poznań and
# Gdańsk measures), each with what was searched in its `adoption_note`.
#
# Each report carries the passage that states its number, verbatim, so a reviewer can check
# a figure without reopening the page. For example, Russia's answer to Poland:

# %%
poland = data.reports[data.reports["event"] == "2022-04-08-RUS-POL"]
example = poland.merge(
    data.sources[["source_id", "publisher", "language"]], left_on="source", right_on="source_id"
)
show(
    example[["publisher", "language", "persons", "hand", "excerpt", "gloss"]], rows=4, index=False
)

# %% [markdown]
# The article under check is marked as such in `sources.csv` and the loaders refuse it as
# evidence for any event, link, tally or provenance row: only `claims.csv` may cite it.

# %%
article = dataset.sources.set_index("source_id").loc["albawaba-2022-05-19"]
assert article["under_check"] == "yes"
assert "albawaba-2022-05-19" not in set(dataset.reports["source"])
print(f"{article['publisher']}: under check, cited only by the claims")

# %% [markdown]
# ## Absence recorded
#
# For every EU, NATO and G7 member, and every other state on the other side of Russia in
# either episode, `coverage.csv` says what was searched in each direction and what was found.
# A "none" is a finding too: Hungary, Switzerland and Canada, among others, decided not to
# expel in 2022.

# %%
searched = data.coverage
none = searched[searched["found"] == "none"]
assert set(searched["found"]) == {"events", "none"}
states = set(searched["state"].astype(str)) - {"EUU"}
print(
    f"2022: {len(states)} states and the EU searched in both directions; "
    f"{len(none)} of {len(searched)} state-direction pairs found no expulsion"
)
no_expulsion = none[none["direction"] == "russians_expelled"]
assert {"HUN", "CHE", "CAN"} <= set(no_expulsion["state"].astype(str))
show(no_expulsion[["state", "note"]], rows=12, index=False)

# %% [markdown]
# ## Bad data stops the analysis, with a reason
#
# The loaders validate every table and every link between them before any number is
# computed. A copy of the data with one broken cell shows what an analyst would see: the
# file, the line, the column, the rule and the value. Nothing is dropped or fixed silently.

# %%
with tempfile.TemporaryDirectory() as folder:
    broken = Path(folder)
    for table in DEFAULT_DATA_DIR.glob("*.csv"):
        (broken / table.name).write_text(table.read_text(encoding="utf-8"), encoding="utf-8")
    events_csv = broken / "events.csv"
    lines = events_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",1,exact,", ",one,exact,", 1)
    events_csv.write_text("".join(lines), encoding="utf-8")
    try:
        load_dataset(broken)
    except DataValidationError as error:
        message = str(error).replace(folder, "<copy>")
print(message)
assert "events.csv, line 2, column 'persons'" in message

# %% [markdown]
# ## What we found
#
# - The 2022 table holds every expulsion we could source between Russia and 31 counterparts,
#   each event backed by at least one report and every report by a source that is named,
#   linked and quoted; what was searched and not found is recorded too.
# - All but 8 of the 217 events since 2018 adopt their figure from a government, a wire
#   or a national outlet reporting first-hand; the article under check is evidence for nothing.
# - Other states expelled many more Russians than Russia expelled in return over the year.
# - A handful of events have conflicting figures; the adopted number is always one that a
#   source gives, and the alternatives stay in the data so every result can be rerun on them.
