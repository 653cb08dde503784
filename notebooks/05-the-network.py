# %% [markdown]
# # 5. The network: who expelled whom, and how reciprocal it was
#
# **Question.** Seen as a network of states, with a link from each state to each state whose
# personnel it expelled, how reciprocal were the expulsions of 2022, and how did that change
# as Russia's answers came in, that year and over the rest of the war?
#
# **Measures** (`analysis/reciprocity.py`, notes in `network_measures`):
# - *binary reciprocity*: the share of links whose reverse link exists (as networkx's
#   `overall_reciprocity`): did the expelled state expel anyone back?
# - *weighted reciprocity* (Squartini et al. 2013): the share of expelled persons matched by
#   persons expelled in return, `sum min(w_ij, w_ji) / sum w_ij`;
# - *rho* (Garlaschelli and Loffredo 2004): binary reciprocity corrected for density.

# %%
import pandas as pd

from analysis import figures, load_dataset, reciprocity
from analysis.display import show

pd.set_option("display.width", 120)
pd.set_option("display.max_rows", 60)

dataset = load_dataset()
data = dataset.episode("ukraine-2022")

# %% [markdown]
# ## Every pair of states
#
# Every event has Russia on one side, so the network is a star around Russia: each row is one
# pair, with the persons each side expelled of the other.

# %%
pairs = reciprocity.dyads(data.events)
show(pairs, index=False)

# %%
assert (pairs["state"] == "RUS").all()
lopsided = pairs[pairs["net_balance"] < 0].sort_values("net_balance")
print(
    f"{len(lopsided)} of {len(pairs)} counterparts expelled more Russians than Russia expelled of theirs"
)
print(f"largest gaps: {', '.join(lopsided['other'].head(5))}")

# %% [markdown]
# Over the whole war, to the latest event in the data, the same pairs (and the counterparts
# that appear only after 2022):

# %%
war = dataset.war()
war_pairs = reciprocity.dyads(war.events)
new_pairs = sorted(set(war_pairs["other"]) - set(pairs["other"]))
print(
    f"{len(war_pairs)} counterparts over the whole war; new after 2022: {', '.join(new_pairs) or 'none'}"
)
assert len(war_pairs) >= len(pairs)
show(war_pairs.sort_values("net_balance"), rows=10, index=False)

# %%
figures.render("05-who-expelled-whom", dataset)

# %% [markdown]
# ## Reciprocity of the whole network

# %%
n_states = int(pd.unique(pd.concat([data.events["expelling"], data.events["expelled"]])).size)
windows = reciprocity.network_over_windows(
    data.events,
    [
        ("invasion to article", "2022-02-24", "2022-05-19"),
        ("after the article", "2022-05-20", "2022-12-31"),
        ("all of 2022", None, "2022-12-31"),
    ],
    n_states,
)
show(windows, index=False)

# %%
year = windows.set_index("window").loc["all of 2022"]
assert (round(year["binary"], 2), round(year["weighted"], 2)) == (0.97, 0.73)
print(f"2022: binary {year['binary']:.2f}, weighted {year['weighted']:.2f}, rho {year['rho']:.2f}")

# %% [markdown]
# ## Month by month

# %%
monthly = reciprocity.cumulative_windows(data.events, start="2022-02-24", end="2022-12-31")
by_end = monthly.set_index(monthly["end"].dt.strftime("%Y-%m-%d"))
weighted_at = by_end["weighted"].round(2)
assert weighted_at[["2022-03-31", "2022-05-31", "2022-12-31"]].tolist() == [0.15, 0.76, 0.72]
show(monthly, index=False)

# %% [markdown]
# ## Quarter by quarter, over the whole war
#
# The same measures on the events from the invasion to the end of each quarter, to the
# latest event in the data (the figure below draws these):

# %%
last_day = war.events["announced"].max()
quarterly = reciprocity.cumulative_windows(war.events, start="2022-02-24", end=last_day, freq="QE")
by_quarter = quarterly.set_index(quarterly["end"].dt.strftime("%Y-%m-%d"))
end_2022 = by_quarter.loc["2022-12-31"]
latest = by_quarter.iloc[-1]
end_2023 = by_quarter.loc["2023-12-31"]
print(
    f"weighted reciprocity: {end_2022['weighted']:.2f} at the end of 2022, "
    f"{end_2023['weighted']:.2f} at the end of 2023, {latest['weighted']:.2f} on {last_day.date()}"
)
assert [round(r["weighted"], 2) for r in (end_2022, end_2023, latest)] == [0.72, 0.64, 0.65]
cuts = ["2023-01-11-EST-RUS", "2023-06-08-ROU-RUS", "2023-07-26-MDA-RUS"]
cut_persons = int(war.events.set_index("event_id").loc[cuts, "persons"].sum())
assert cut_persons == 106
print(f"The embassy cuts of Estonia, Romania and Moldova in 2023: {cut_persons} persons")
show(quarterly, index=False)

# %%
figures.render("05-reciprocity-over-time", dataset)

# %% [markdown]
# ## What we found
#
# - By the end of 2022 almost every link had its reverse (binary reciprocity 0.97):
#   nearly every state that expelled Russians lost personnel of its own, and Russia's
#   expulsions of US and other staff were themselves answered.
# - In persons the picture is different: only about seven in ten expelled persons were
#   matched by an expulsion in return (weighted reciprocity 0.73). The gap is the
#   lopsided pairs of notebook 3, not unanswered ones.
# - Reciprocity rose through April and May as Russia's answers arrived and then stayed flat:
#   the tit-for-tat of 2022 was largely settled by early summer.
# - Over the whole war the weighted measure fell back in 2023, from 0.72 at the end of 2022 to
#   0.64 at the end of 2023, when Estonia, Romania and Moldova cut Russia's embassies by 106
#   persons that Russia did not answer in persons; after that, one-for-one exchanges left it
#   almost flat, at 0.65 on the latest event.
