# %% [markdown]
# # 5. The network: who expelled whom, and how reciprocal it was
#
# **Question.** Seen as a network of states, with a link from each state to each state whose
# personnel it expelled, how reciprocal were the expulsions of 2022, and how did that change
# as Russia's answers came in?
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
pairs

# %%
assert (pairs["state"] == "RUS").all()
lopsided = pairs[pairs["net_balance"] < 0].sort_values("net_balance")
print(
    f"{len(lopsided)} of {len(pairs)} counterparts expelled more Russians than Russia expelled of theirs"
)
print(f"largest gaps: {', '.join(lopsided['other'].head(5))}")

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
windows

# %%
year = windows.set_index("window").loc["all of 2022"]
assert year["binary"] > 0.9
assert 0.65 <= year["weighted"] <= 0.8
print(f"2022: binary {year['binary']:.3f}, weighted {year['weighted']:.3f}, rho {year['rho']:.3f}")

# %% [markdown]
# ## Month by month

# %%
monthly = reciprocity.cumulative_windows(data.events, start="2022-02-24", end="2022-12-31")
by_end = monthly.set_index(monthly["end"].dt.strftime("%Y-%m-%d"))
assert by_end.loc["2022-03-31", "weighted"] < 0.3 < by_end.loc["2022-05-31", "weighted"]
assert abs(by_end.loc["2022-12-31", "weighted"] - by_end.loc["2022-05-31", "weighted"]) < 0.05
monthly

# %%
figures.render("05-reciprocity-over-time", dataset)

# %% [markdown]
# ## What we found
#
# - By the end of 2022 almost every link had its reverse (binary reciprocity near 0.97):
#   nearly every state that expelled Russians lost personnel of its own, and Russia's
#   expulsions of US and other staff were themselves answered.
# - In persons the picture is different: only about seven in ten expelled persons were
#   matched by an expulsion in return (weighted reciprocity near 0.73). The gap is the
#   lopsided pairs of notebook 3, not unanswered ones.
# - Reciprocity rose through April and May as Russia's answers arrived and then stayed flat:
#   the tit-for-tat of 2022 was largely settled by early summer.
