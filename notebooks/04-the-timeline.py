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
assert june_step >= 50 and after_may <= 40
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
assert 0.3 <= busiest_share <= 0.45

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
assert since_april > 250 and 190 <= month <= 200 and thirty < 190
article_windows

# %% [markdown]
# Russia expelled about 30 Austrians, Belgians and Dutch on 19 April: whether "about a month"
# starts on that day or the next decides whether the headline's "nearly 200" holds or falls
# short, and counted from 1 April the total is well over 200.

# %% [markdown]
# ## Published tallies against our count

# %%
tallies = summary.tallies_against_data(data.tallies, data.events)
tallies[["tally_id", "date", "qualifier", "figure", "our_count", "difference"]]

# %%
undated = tallies[tallies["date"].isna()]
print(f"{len(undated)} tallies give no date and are not placed on the timeline:")
print(", ".join(undated["tally_id"]))

# %%
tass = tallies.set_index("tally_id").loc["tass-574-retro-2023-01-26"]
print(f"TASS, January 2023: {tass['figure']} Russians expelled; our count: {tass['our_count']}")
assert abs(tass["difference"]) <= 10
telegraph = tallies.set_index("tally_id").loc["telegraph-705-2022-worldwide"]
assert telegraph["difference"] < -100

# %%
figures.render("04-timeline-2022", dataset)

# %% [markdown]
# ## What we found
#
# - More than a third of all persons expelled in 2022, both directions together, were
#   announced in one week at the start of April; a second, smaller step in the expulsions of
#   Russians came in June. Russia's line rises later and flattens after May.
# - Totals published in the first days of April often lag our count: they were written
#   while announcements were still coming in, and many count only "Europe" or only the EU.
#   Tallies that count a 48-hour window, or ten states, sit below the line by design.
# - The most complete published count we found, TASS's retrospective of January 2023, is
#   within a few persons of ours; one British newspaper's worldwide figure for 2022 is much
#   higher, and we found no events to account for the difference.
