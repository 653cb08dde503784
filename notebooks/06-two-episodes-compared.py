# %% [markdown]
# # 6. Episodes compared: the Skripal expulsions of 2018, 2022 and the war's later years
#
# **Question.** In March 2018, after the poisoning of Sergei and Yulia Skripal in Salisbury,
# the United Kingdom and its allies expelled Russian diplomats and Russia answered them. Is
# that episode a yardstick for 2022: did Russia answer in kind then, and less than in kind
# after the invasion of Ukraine?
#
# Both episodes are in the same tables under the same rules (`episode` column; scope, sources
# and conflicts of 2018 in `data/README.md`). Every measure below is computed by the same
# code for both, `analysis.reciprocity.compare_episodes`, which runs the notebook-3 and
# notebook-5 measures on each episode's events.

# %%
import pandas as pd

from analysis import figures, load_dataset, reciprocity, summary
from analysis.display import show

pd.set_option("display.width", 120)
pd.set_option("display.max_rows", 60)

dataset = load_dataset()
profiles = reciprocity.compare_episodes(dataset.events, dataset.responses)
show(profiles.T.astype(object), rows=16)

# %% [markdown]
# ## The 2018 episode in the data

# %%
skripal = dataset.episode("skripal-2018")
coverage = summary.coverage(skripal.events)
show(coverage, index=False)

# %%
totals = summary.totals_by_direction(skripal.events, skripal.reports)
totals

# %%
p2018 = profiles.astype(object).loc["skripal-2018"]
p2022 = profiles.astype(object).loc["ukraine-2022"]
assert p2018["states"] == 29
assert coverage["unknown"].sum() == 1, "only Russia's answer to North Macedonia has no number"
assert p2018["persons_expelled_by_focus"] > p2018["persons_expelled_of_focus"]
print(
    f"2018: {p2018['states']} states; {p2018['persons_expelled_of_focus']} Russians expelled, "
    f"{p2018['persons_expelled_by_focus']} expelled by Russia (a floor)"
)
uk_cut = skripal.events.set_index("event_id").loc["2018-03-30-RUS-GBR"]
assert (uk_cut["persons"], uk_cut["qualifier"]) == (51, "at_least")
print(f"Russia's cut of the British embassy, 30 March 2018: at least {uk_cut['persons']} persons")

# %% [markdown]
# In 2018 Russia expelled *more* people than it lost. The difference is the British case:
# beyond answering the UK's 23 expulsions with 23, Russia told London to cut its staff in
# Russia to the size of Russia's staff in Britain, which its foreign ministry put at more
# than 50 people. That cut is in the data as a measure of at least 51 persons that answers no
# single expulsion (no source ties it to one), so it weighs on the network measures below but
# not on the stimulus-by-stimulus ratios.

# %% [markdown]
# ### The 2018 totals published at the time
#
# Newspapers, agencies and ministries counted the expulsions as they came in. Against our
# count over the same window (from the UK's measure of 14 March when a tally gives no start):

# %%
tallies_2018 = summary.tallies_against_data(
    skripal.tallies, skripal.events, default_start="2018-03-14"
)
show(
    tallies_2018[
        ["tally_id", "date", "direction", "qualifier", "figure", "our_count", "difference"]
    ],
    index=False,
)

# %%
guardian = tallies_2018.set_index("tally_id").loc["guardian-153-29nations-0330"]
print(f"The Guardian, 30 March 2018: {guardian['figure']}; our count: {guardian['our_count']}")
assert guardian["figure"] - guardian["our_count"] == 7

# %% [markdown]
# Most counts of Russians expelled land within a few persons of ours once the window matches;
# the largest exact one, The Guardian's 153 from 29 countries, is ours plus seven, the size of
# NATO's withdrawal of accreditations from Russia's mission, which the data leaves out because
# NATO is not a state (`data/README.md`). Counts of Russia's answers vary far more because they
# count different sets: several sources give 59 for the notes of 30 March to 23 states, others
# about 150 without saying which states they include.

# %% [markdown]
# ## Side by side: answered share, ratios, lags, classes

# %%
side_by_side = profiles[
    ["stimuli", "answered_share", "median_ratio", "median_lag_days", *reciprocity.CLASSES]
]
show(side_by_side)

# %%
assert p2018["unanswered"] == 1, "in 2018 only Croatia's expulsion got no expulsion back"
assert (round(p2018["answered_share"], 2), round(p2022["answered_share"], 2)) == (0.97, 0.84)
assert (p2018["de-escalating"], p2022["de-escalating"]) == (0, 13)
assert (p2018["median_lag_days"], p2022["median_lag_days"]) == (4, 21)
assert p2018["median_ratio"] == p2022["median_ratio"] == 1
print(
    f"answered: {p2018['answered_share']:.0%} in 2018, {p2022['answered_share']:.0%} in 2022; "
    f"median lag {p2018['median_lag_days']:g} days against {p2022['median_lag_days']:g}"
)

# %%
figures.render("06-episode-ratios-and-lags", dataset)

# %%
ukraine = dataset.episode("ukraine-2022")
answers_2022 = reciprocity.counterpart_stimuli(ukraine.events, ukraine.responses)
answered_2022 = answers_2022[answers_2022["answers"] != ""]
less = (answered_2022["class"] == "de-escalating").mean()
a_fifth_or_less = int((answered_2022["response_ratio"] <= 0.2).sum())
unanswered = (answers_2022["class"] == "unanswered").mean()
russia_2018 = skripal.events[skripal.events["expelling"] == "RUS"]
on_main_day = russia_2018["announced"].value_counts(normalize=True)
print(
    f"2022: {less:.0%} of answered expulsions got back less "
    f"({int((answered_2022['class'] == 'de-escalating').sum())} "
    f"of {len(answered_2022)}); {a_fifth_or_less} a fifth or less"
)
print(
    f"2022: {unanswered:.0%} of expulsions of Russians unanswered "
    f"({int((answers_2022['class'] == 'unanswered').sum())} of {len(answers_2022)})"
)
print(
    f"2018: {on_main_day.iloc[0]:.0%} of Russia's measures announced on {on_main_day.index[0].date()}"
)
assert (int((answered_2022["class"] == "de-escalating").sum()), len(answered_2022)) == (13, 41)
assert a_fifth_or_less == 2
assert (int((answers_2022["class"] == "unanswered").sum()), len(answers_2022)) == (8, 49)
assert round(on_main_day.iloc[0], 2) == 0.79

# %% [markdown]
# The medians hide the change: in both episodes the typical answer was exactly in kind
# (ratio 1). What changed is the spread. In 2018 every answered ratio is 1 (Croatia alone got
# no expulsion back: Russia barred a former embassy employee instead); in 2022 about a
# third of the answered expulsions got back less (13 of 41), two of them a fifth or less, and
# about one in six got no answer at all (8 of 49). And Russia answered within days in 2018
# (median 4 days), mostly on one day, but typically after three weeks in 2022 (median 21).

# %% [markdown]
# ## Network reciprocity

# %%
network = profiles[["states", "binary", "weighted", "rho"]]
show(network)

# %%
assert p2018["binary"] >= p2022["binary"]
assert (round(p2018["weighted"], 2), round(p2022["weighted"], 2)) == (0.84, 0.73)
print(f"weighted reciprocity: {p2018['weighted']:.2f} in 2018, {p2022['weighted']:.2f} in 2022")

# %%
figures.render("06-episode-classes-and-reciprocity", dataset)

# %% [markdown]
# ## And the war's later years
#
# The same measures for each later year of the war (`war-2023` to `war-2026`), each year's
# expulsions of Russians with Russia's answers whenever they came. The years are small: a
# handful of stimuli each, so a share moves by a fifth with one answer.

# %%
later_years = profiles.loc[[name for name in profiles.index if name.startswith("war-")]]
show(later_years[["stimuli", "answered_share", "median_ratio", "median_lag_days", "weighted"]])

# %%
p2023 = profiles.astype(object).loc["war-2023"]
after = later_years.loc[later_years.index != "war-2023"]
assert p2023["stimuli"] > after["stimuli"].max()
assert p2023["answered_share"] < p2022["answered_share"]
assert (after["median_ratio"] == 1).all()
embassy_cuts = [
    "2023-06-08-ROU-RUS",
    "2023-07-26-MDA-RUS",
    "2023-01-11-EST-RUS",
    "2023-09-01-DNK-RUS",
]
cut_sizes = dataset.events.set_index("event_id").loc[embassy_cuts, "persons"].tolist()
assert cut_sizes == [40, 45, 21, 10]
print(f"2023's embassy cuts (Romania, Moldova, Estonia, Denmark): {cut_sizes}")
print(
    f"2023: {p2023['stimuli']} expulsions of Russians, {p2023['answered_share']:.0%} answered, "
    f"weighted reciprocity {p2023['weighted']:.2f}; "
    f"2024-2026: {int(after['stimuli'].sum())} expulsions, median ratio 1 each year"
)

# %% [markdown]
# 2023 looks like neither earlier episode: the largest measures were cuts of whole embassies
# (Romania's 40, Moldova's 45, Estonia's 21, Denmark's 10) that Russia did not answer in
# persons, so its answered share and its weighted reciprocity are the lowest of all. From
# 2024 the exchanges are small and one for one again, as in 2018, but spread over the year
# rather than on one day: notebook 7 follows them.

# %% [markdown]
# ## What we found: what changed
#
# - **2018 was tit for tat by the book.** Every state that expelled Russians over Salisbury
#   but one lost the same number of its own diplomats, almost all on the same day, four days
#   after the coordinated Western announcement; the only unknown is the size of Russia's
#   answer to North Macedonia, and Croatia's answer was an entry ban on a former embassy
#   employee, which the data does not count as an expulsion. On top of that Russia forced a
#   larger cut on the British embassy.
# - **2022 was answered less than in kind.** Russia still answered most expulsions, and the
#   big Western European ones person for person, but it let many others go unanswered or
#   answered them with a fraction, and took three weeks rather than a few days.
# - **In the network** almost every link was returned in both episodes (binary reciprocity
#   near 1); in persons, the share matched fell by more than a tenth. In 2018 the unmatched
#   persons were Russia's extra British cut; in 2022 they are the Russians whose expulsion was
#   never matched.
# - **After 2022** the expulsions shrank to a few persons at a time. 2023 was the year of
#   embassy cuts that Russia left unanswered in persons; from 2024 on, the exchanges are again
#   one for one, the 2018 pattern on a smaller scale.
