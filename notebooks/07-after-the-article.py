# %% [markdown]
# # 7. After the article: the expulsions of the war's later years
#
# **Question.** The article is a snapshot of May 2022, and notebooks 1 to 3 study that year
# (notebooks 4 to 6 run on to the latest event, but tell mostly 2022's story). The expulsions
# did not stop. Did tit for tat go on after 2022, slow down, or change shape?
#
# The data run to the latest event the stored sources reach, one episode a year after 2022
# (printed below), under the same scope and evidence rules as 2022
# (`data/README.md`, "The war after 2022"). Every measure below comes from
# `analysis/years.py` and runs on the whole war since 24 February 2022, so an answer given in
# January to an expulsion of December counts for the year of the expulsion.

# %%
import pandas as pd

from analysis import figures, load_dataset, summary, years
from analysis.countries import state_name
from analysis.display import show

pd.set_option("display.width", 120)
pd.set_option("display.max_rows", 80)
pd.set_option("display.max_colwidth", 60)

dataset = load_dataset()
war = dataset.war()
later = war.events[war.events["episode"] != "ukraine-2022"]
later_episodes = sorted(set(later["episode"]))
assert later_episodes == ["war-2023", "war-2024", "war-2025", "war-2026"]
assert (len(later), summary.counterpart(later).nunique()) == (66, 17)
print(
    f"{len(war.events)} events from {war.events['announced'].min().date()} to "
    f"{war.events['announced'].max().date()}; {len(later)} of them after 2022, between Russia "
    f"and {summary.counterpart(later).nunique()} counterparts, in the episodes "
    f"{', '.join(later_episodes)}"
)

# %% [markdown]
# ## What the later years rest on
#
# Per year: events, the states on the other side of Russia, reports and distinct sources,
# and how many events take their figure from a first-hand report of rank 1 to 3 (a
# government, a wire, a national outlet reporting itself; `data/README.md`, "Evidence").

# %%
evidence_per_year = years.evidence_by_year(war.events, war.reports, war.sources)
after_article = evidence_per_year[evidence_per_year["year"] > 2022]
assert after_article["events"].sum() == len(later)
assert (after_article["rank_5"] == 0).all() and after_article["first_hand_share"].min() >= 0.9
assert after_article["events"].sum() - after_article["first_hand"].sum() == 3
show(evidence_per_year)

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
persons = per_year.pivot_table(index="year", columns="direction", values="persons", aggfunc="sum")
assert persons.loc[2023, "russians_expelled"] > 3 * persons.loc[2023, "expelled_by_russia"]
assert (persons.loc[2023, "russians_expelled"], persons.loc[2023, "expelled_by_russia"]) == (
    167,
    55,
)
assert int(persons.loc[2024:].max().max()) == 19
for year, chosen in war.events.groupby(years.year_of(war.events)):
    totals = summary.counted_with_unknown(chosen, war.reports)
    print(year, "; ".join(f"{d}: {summary.counted_line(r)}" for d, r in totals.iterrows()))
show(per_year, index=False)

# %%
figures.render("07-persons-by-year", dataset)

# %% [markdown]
# 2023 is the one large later year, and lopsided: 167 Russians expelled against 55
# foreigners expelled by Russia. From 2024 neither direction reaches more than 19 persons a
# year. The 167 leaves out Germany's expulsion of April 2023, which has no official number
# (adopted as unknown, adding nothing); the pages that gave one said 30 or 31, hence "197-198
# with the figures reported for the one event of unknown size". The range in the table
# (every event at its lowest or highest reported figure) runs higher still, to 211, because
# other measures of 2023 were also reported with larger figures. In 2024 the range reaches
# down to 12 because Russia and the Polish outlets count Poland's Poznań measure differently
# (3 diplomats or 10 staff).

# %% [markdown]
# ## The largest measures after the article

# %%
largest = years.largest_events(later, n=12)
caps = ["2023-07-26-MDA-RUS", "2023-06-08-ROU-RUS", "2023-01-11-EST-RUS"]
assert list(largest["event_id"].head(3)) == caps
assert largest.set_index("event_id").loc[caps, "persons"].tolist() == [45, 40, 21]
show(largest, index=False)

# %% [markdown]
# The three largest measures after the article were not persona non grata lists but cuts
# of whole embassies to a ceiling: Moldova's of July 2023 (45 must leave), Romania's of June
# 2023 (40) and Estonia's of January 2023 (21). Russia answered none of them in persons
# (notebook 6; `data/README.md` lists its entry bans and quotas instead).

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
russia = answers[answers["side"] == "russia_answers"].set_index("year")
assert russia.loc[2023, "answered_share"] < russia.loc[2022, "answered_share"]
assert russia.loc[2024, "answered_share"] == 1
assert (russia.loc[2023:, "median_ratio"] == 1).all()
lags = russia.loc[2023:, "median_lag_days"]
assert (int(lags.min()), int(lags.max())) == (8, 27)
print(
    f"Median days to Russia's answer, per year after 2022: {int(lags.min())} to {int(lags.max())}"
)
print(
    f"Russia answered {russia.loc[2023, 'answered']} of {russia.loc[2023, 'stimuli']} "
    f"expulsions of Russians announced in 2023, {russia.loc[2024, 'answered']} of "
    f"{russia.loc[2024, 'stimuli']} in 2024 and {russia.loc[2025, 'answered']} of "
    f"{russia.loc[2025, 'stimuli']} in 2025"
)
show(answers, index=False)

# %%
figures.render("07-answers-by-year", dataset)

# %% [markdown]
# When Russia answered after 2022 it answered in kind (median ratio 1 every year), the median
# answer coming 8 to 27 days after the measure, depending on the year. What it left unanswered in 2023 were the embassy cuts. The other side
# answers too: Russia's measures against the United Kingdom, the United States and Estonia
# were themselves returned, except its expulsion of six British diplomats in September 2024,
# which London answered only with a summons. The "others answer" ratios are those of whole
# chains of answers (`reciprocity.stimuli`): a chain that starts with Estonia's cut of 21
# and runs through two ambassadors gives a ratio far below 1.

# %% [markdown]
# ## Network reciprocity per year
#
# The measures of notebook 5 on each year's events alone (an answer that falls in the next
# year leaves its link unmatched in both years).

# %%
network = years.network_by_year(war.events).set_index("year")
assert network.loc[2023, "weighted"] == network["weighted"].min()
assert network.loc[2025, "weighted"] > network.loc[2022, "weighted"]
assert (round(network.loc[2023, "weighted"], 2), round(network.loc[2025, "weighted"], 2)) == (
    0.31,
    0.83,
)
show(network)

# %% [markdown]
# ## Where each pair stood at the end
#
# Persons each way over the whole war, from February 2022 to the latest event, and who
# moved last. A positive balance means Russia expelled more of that state's personnel than
# the state expelled Russians.

# %%
balances = years.pair_balances(war.events)
owed = balances[balances["balance"] < 0]
russia_last = int((balances["last_mover"] == "RUS").sum())
print(
    f"{len(owed)} of {len(balances)} counterparts expelled more Russians than Russia "
    f"expelled of theirs; Russia moved last with {russia_last}"
)
largest_deficits = balances.sort_values("balance").head(5)["counterpart"].tolist()
assert largest_deficits == ["BGR", "MDA", "ROU", "SVK", "EST"]
germany = balances.set_index("counterpart").loc["DEU"]
assert germany["balance"] > 0 and germany["last_mover"] == "RUS"
ahead = balances[balances["balance"] > 0]
assert list(ahead["counterpart"]) == ["DEU", "GBR"] and (len(owed), len(balances)) == (26, 33)
print(
    "Russia ahead (expelled more than it lost) with: "
    + ", ".join(
        f"{state_name(c)} ({b:+d})"
        for c, b in zip(ahead["counterpart"], ahead["balance"], strict=True)
    )
)
show(balances, index=False)

# %%
figures.render("07-pair-balances", dataset)

# %% [markdown]
# Russia ends the period behind with 26 of its 33 counterparts: the five largest deficits are
# Bulgaria, Moldova, Romania, Slovakia and Estonia, states that expelled large numbers at once
# and were answered by a few. Russia is ahead with two, Germany and the United Kingdom. With
# Germany, Russia's answer of April 2023 (more than 20, the Russian ministry's figure) puts
# Russia ahead because the German expulsion it answered has no figure; Berlin never gave one.
# With the United Kingdom, the two traded small expulsions from 2024 to 2026, and London moved
# last.

# %% [markdown]
# ## What we found
#
# - **Tit for tat went on, on a small scale.** After 2022 the data hold 66 measures between
#   Russia and 17 counterparts, to May 2026. 2023 still had large measures, the embassy cuts of
#   Estonia, Romania and Moldova above all; from 2024 both sides expelled a few persons at a
#   time, at most 19 a year each way.
# - **It changed shape.** The large measures after 2022 were ceilings on embassies, not lists
#   of names, and Russia did not answer them in persons. The smaller expulsions were answered
#   one for one, within weeks, by both sides, with the United Kingdom and Russia trading
#   expulsions of intelligence suspects from 2024 to 2026.
# - **Reciprocity recovered in persons** after its 2023 low (weighted 0.31 in 2023, 0.83 in
#   2025), but the balance of the whole war stays with the states that expelled first: 26 of
#   33 counterparts expelled more Russians than they lost.
# - **Evidence.** Every later event but three rests on a first-hand page (the three relays say
#   what was searched); Romania's expulsion of May 2026 takes its figure from a Russian
#   national outlet, the other pages found being relays. No agency or ministry published a
#   total of the later years that we could find, so these counts are the only ones (notebook
#   4 reconciles the few partial totals). Coverage records what was searched for every state,
#   year and direction; absence is not proven, and RIA's reference lists were only partly
#   readable.
