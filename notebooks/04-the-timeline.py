# %% [markdown]
# # 4. The timeline: how the expulsions built up, in 2022 and after
#
# **Question.** When did the expulsions happen, and how did the totals that newspapers,
# agencies and governments published at the time compare with our running count on the
# same dates? The first part looks at 2022, the year of the article; the second follows the
# running totals to the latest event the stored sources reach, and reconciles them with the
# totals published for the whole war.
#
# Our running total counts every event announced from the invasion (24 February 2022) up to
# a date; an event without a number adds 0, so the line is a floor. Published tallies are in
# `data/tallies.csv` with the window each one counts.

# %%
import pandas as pd

from analysis import figures, load_dataset, summary, years
from analysis.display import show

pd.set_option("display.width", 120)
pd.set_option("display.max_rows", 60)

dataset = load_dataset()
data = dataset.episode("ukraine-2022")

# %% [markdown]
# ## Month by month

# %%
monthly = summary.monthly_totals(data.events, start="2022-02-24", end="2022-12-31")
june_step = (
    monthly.loc["2022-06", "russians_expelled"] - monthly.loc["2022-05", "russians_expelled"]
)
after_may = (
    monthly.loc["2022-12", "expelled_by_russia"] - monthly.loc["2022-05", "expelled_by_russia"]
)
assert (june_step, after_may) == (70, 27)
print(f"Russians expelled in June: {june_step}; expelled by Russia after May: {after_may}")
monthly

# %%
busiest = summary.busiest_window(data.events, days=7)
print(
    f"Busiest week: {busiest['start']} to {busiest['end']}, {busiest['persons']} persons "
    f"in {busiest['events']} events"
)
year_total = int(data.events["persons"].sum())
busiest_share = busiest["persons"] / year_total
print(f"{busiest_share:.0%} of the {year_total} persons expelled in 2022, both directions")
assert busiest["start"].startswith("2022-04-0")
assert (busiest["persons"], year_total, round(busiest_share, 2)) == (333, 896, 0.37)

# %% [markdown]
# The first week of April dominates: after the killings in Bucha became known, the EU and
# most member states expelled Russians within days of one another. Russia's answers came
# later, spread over April and May, which is the period the article describes.

# %% [markdown]
# ## The article's windows on Russia's line
#
# The article's "nearly 200 in an approximate one-month period" depends on where the month
# starts (notebook 2 reads it every reasonable way). On Russia's running total:

# %%
by_russia = data.events[data.events["expelling"] == "RUS"]
article_windows = pd.DataFrame(
    {
        "window": ["since 1 April", "the month to 19 May", "the 30 days to 19 May"],
        "start": pd.to_datetime(["2022-04-01", "2022-04-19", "2022-04-20"]),
    }
)
article_windows["persons"] = [
    int(summary.announced_within(by_russia, start, "2022-05-19")["persons"].sum())
    for start in article_windows["start"]
]
since_april, month, thirty = article_windows["persons"]
assert (since_april, month, thirty) == (277, 199, 168)
on_19_april = int(by_russia.loc[by_russia["announced"] == "2022-04-19", "persons"].sum())
assert on_19_april == 31
print(f"Expelled by Russia on 19 April (Austrians, Belgians, Dutch): {on_19_april}")
show(article_windows, index=False)

# %% [markdown]
# Russia expelled 31 Austrians, Belgians and Dutch on 19 April: whether "about a month"
# starts on that day or the next decides whether the headline's "nearly 200" holds (199) or
# falls short (168), and counted from 1 April the total is 277.

# %% [markdown]
# ## Published tallies against our count

# %%
tallies = summary.tallies_against_data(data.tallies, data.events)
show(tallies[["tally_id", "date", "qualifier", "figure", "our_count", "difference"]], index=False)

# %%
undated = tallies[tallies["date"].isna()]
print(f"{len(undated)} tallies give no date and are not placed on the timeline:")
print(", ".join(undated["tally_id"]))

# %%
tass = tallies.set_index("tally_id").loc["tass-574-retro-2023-01-26"]
print(f"TASS, January 2023: {tass['figure']} Russians expelled; our count: {tass['our_count']}")
assert (tass["figure"], tass["our_count"], tass["difference"]) == (574, 571, -3)
telegraph = tallies.set_index("tally_id").loc["telegraph-705-2022-worldwide"]
assert (telegraph["figure"], telegraph["our_count"], telegraph["difference"]) == (705, 571, -134)
print(f"The Telegraph, 2022 worldwide: {telegraph['figure']}; our count: {telegraph['our_count']}")

# %%
figures.render("04-timeline-2022", dataset)

# %% [markdown]
# ## The whole war, to the latest event
#
# The same running totals over every year of the war in the data (`dataset.war()`): from
# the invasion to the latest event the stored sources reach. Notebook 7 looks at the later
# years in detail.

# %%
war = dataset.war()
last_day = war.events["announced"].max()
whole = summary.totals_by_direction(war.events, war.reports, "2022-02-24", last_day)
whole

# %%
by_year = years.persons_by_year(war.events, war.reports).pivot_table(
    index="year", columns="direction", values="persons", aggfunc="sum"
)
after_2022 = by_year.loc[2023:].sum()
share_2022 = by_year.loc[2022] / by_year.sum()
print(f"Events from 24 February 2022 to {last_day.date()}:")
for name in ("russians_expelled", "expelled_by_russia"):
    print(
        f"  {name}: {whole.loc[name, 'persons']} persons (reported range "
        f"{whole.loc[name, 'low']}-{whole.loc[name, 'high']}), {share_2022[name]:.0%} in 2022"
    )
assert last_day >= pd.Timestamp("2026-01-01")
assert share_2022.round(2).to_dict() == {"expelled_by_russia": 0.79, "russians_expelled": 0.73}
assert after_2022["russians_expelled"] > after_2022["expelled_by_russia"]
assert war.events.set_index("event_id").loc["2023-04-13-NOR-RUS", "persons"] == 15
by_year

# %%
figures.render("04-timeline", dataset)

# %% [markdown]
# Most of the war's expulsions were announced in its first year: after 2022 both lines keep
# rising, but by steps of a few persons, with a last larger step in 2023 (Estonia's, Romania's
# and Moldova's staff cuts, and Norway's 15). The reported range of the expulsions of
# Russians lies above the adopted total mainly because Germany's expulsion of April 2023 has
# no official number and adds nothing to the floor, while the pages that gave one said 30 or
# 31.

# %% [markdown]
# ### Totals published for the whole war, reconciled
#
# Every dated total of the war's later years (`data/tallies.csv`) against our count over the
# same window, direction and, when the total names them, the same states
# (`years.tally_gaps`). A gap is *within* reach when the events that can move our count
# close it: figures that sources give otherwise, events with no number, and events announced
# up to 14 days after the window (a total may count to its publication); *above* or *below*
# when they cannot.

# %%
later_tallies = war.tallies[war.tallies["episode"] != "ukraine-2022"]
reconciled = years.tally_gaps(later_tallies, war.events, war.reports)
show(reconciled.drop(columns=["start", "explained_by"]), index=False)

# %%
for row in reconciled.itertuples():
    print(f"{row.tally_id}: {row.explained_by or 'no event can move our count'}")

# %%
tass_window = summary.announced_within(
    war.events[war.events["expelled"] == "RUS"], "2022-02-24", "2023-01-26"
)
tass_ours = int(tass_window["persons"].sum())
estonia_cut = int(war.events.set_index("event_id").loc["2023-01-11-EST-RUS", "persons"])
print(
    f"TASS, 26 January 2023: 574; our count to that day: {tass_ours}; "
    f"without Estonia's staff cut of 11 January ({estonia_cut}): {tass_ours - estonia_cut}"
)
assert (tass_ours, estonia_cut) == (594, 21)
reach = reconciled.set_index("tally_id")["reach"]
assert reach["tablemedia-574-2023-02-03"] == reach["estmfa-3-since-war-2023-01-11"] == "below"
assert reach["ctk-70-cze-total-2023-11-22"] == "above"
undated_later = later_tallies[
    later_tallies["published"].isna() & later_tallies["window_end"].isna()
]
print("undated, not placed:", ", ".join(undated_later["tally_id"]))

# %% [markdown]
# - TASS's count of January 2023 (574, repeated in February by Table.Media) is, within one
#   person, our count to that day (594) less Estonia's cut of its embassy of 11 January (21):
#   a count of diplomats declared persona non grata leaves out a state that orders a number
#   of staff to leave.
# - The "more than 600" of April 2023 (an uncredited post counting European states only) sits
#   below our floor; no agency, ministry or list published a total of the war after early
#   2023 that the stored pages show, and none of Russia's expulsions after 2022.
# - One-state totals diverge for reasons outside our window: Czechia's 70 are mostly of 2021
#   (the Vrbetice case), Austria's 11 "in four years" include one of 2020, and Estonia's "3
#   diplomats" are those of March 2022 alone: our count adds the 14 staff of the two
#   consulates it closed in April 2022 and the cut it announced the day the minister spoke.

# %% [markdown]
# ## What we found
#
# - More than a third of all persons expelled in 2022 (333 of 896, both directions together)
#   were announced in one week at the start of April; a second, smaller step in the expulsions of
#   Russians came in June. Russia's line rises later and flattens after May.
# - Totals published in the first days of April often lag our count: they were written
#   while announcements were still coming in, and many count only "Europe" or only the EU.
#   Tallies that count a 48-hour window, or ten states, sit below the line by design.
# - The most complete published count we found, TASS's retrospective of January 2023 (574),
#   is 3 above our 571 for 2022; one British newspaper's worldwide figure for 2022 (705) is
#   134 higher, and we found no events to account for the difference.
# - Over the whole war to the latest event, more than seven in ten persons expelled each way
#   were expelled in 2022. No published total covers the later years, so our count is the
#   only one: every later total we found is reconciled above, event by event.
