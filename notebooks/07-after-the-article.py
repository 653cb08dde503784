# %% [markdown]
# # 7. After the article: the expulsions of the war's later years
#
# **Question.** The article is a snapshot of May 2022, and the data of notebooks 1 to 6 stop
# at the end of that year. The expulsions did not. Did tit for tat go on after 2022, slow
# down, or change shape?
#
# The data now run to the latest event the stored sources reach, one episode a year
# (`war-2023`, `war-2024`, `war-2025`), under the same scope and evidence rules as 2022
# (`data/README.md`, "The war after 2022"). Every measure below comes from
# `analysis/years.py` and runs on the whole war since 24 February 2022, so an answer given in
# January to an expulsion of December counts for the year of the expulsion.

# %%
import pandas as pd

from analysis import figures, load_dataset, years

pd.set_option("display.width", 120)
pd.set_option("display.max_rows", 80)
pd.set_option("display.max_colwidth", 60)

dataset = load_dataset()
war = dataset.war()
later = war.events[war.events["episode"] != "ukraine-2022"]
print(
    f"{len(war.events)} events from {war.events['announced'].min().date()} to "
    f"{war.events['announced'].max().date()}; {len(later)} of them after 2022"
)

# %% [markdown]
# ## What the later years rest on
#
# Per year: events, the states on the other side of Russia, reports and distinct sources,
# and how many events take their figure from a first-hand report of rank 1 to 3 (a
# government, a wire, a national outlet reporting itself; `data/README.md`, "Evidence").

# %%
evidence_per_year = years.evidence_by_year(war.events, war.reports, war.sources)
evidence_per_year

# %% [markdown]
# The coverage table records, for every state searched and every year, what was found in
# each direction, and what was searched where nothing was found:

# %%
searched = war.coverage[war.coverage["episode"] != "ukraine-2022"]
searched.pivot_table(
    index="episode", columns=["direction", "found"], values="state", aggfunc="count"
).fillna(0).astype(int)

# %% [markdown]
# ## Persons each way, year by year
#
# Adopted figures (an event with no number adds nothing, so every total is a floor), with
# the totals when every event takes its lowest or its highest reported figure.

# %%
per_year = years.persons_by_year(war.events, war.reports)
per_year

# %%
figures.render("07-persons-by-year", dataset)

# %% [markdown]
# ## The largest measures after the article

# %%
years.largest_events(later, n=12)

# %% [markdown]
# ## Were the measures answered, and how?
#
# For each year's measures: how many were answered (whenever the answer came), the median
# days to the first answer, and the median ratio of persons answered to persons expelled.
# *Russia answers* counts expulsions of Russians; *others answer* counts Russia's own
# measures that the state hit answered in turn. The latest year's shares are floors:
# answers may still come.

# %%
answers = years.answers_by_year(war.events, war.responses)
answers

# %%
figures.render("07-answers-by-year", dataset)

# %% [markdown]
# ## Network reciprocity per year
#
# The measures of notebook 5 on each year's events alone (an answer that falls in the next
# year leaves its link unmatched in both years).

# %%
network = years.network_by_year(war.events)
network

# %% [markdown]
# ## Where each pair stood at the end
#
# Persons each way over the whole war, from February 2022 to the latest event, and who
# moved last. A positive balance means Russia expelled more of that state's personnel than
# the state expelled Russians.

# %%
balances = years.pair_balances(war.events)
balances

# %%
figures.render("07-pair-balances", dataset)

# %% [markdown]
# ## What we found
