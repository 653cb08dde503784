# %% [markdown]
# # 3. Tit for tat: did Russia answer each expulsion in kind?
#
# **Question.** The article presents Russia's expulsions as answers to the expulsions of
# Russians after the invasion. For each state that expelled Russians in 2022: did Russia
# answer, how fast, and with how many persons compared with the number it lost?
#
# **Method** (`analysis/reciprocity.py`, see `stimuli`). A *stimulus* is a state's
# expulsion of Russians; its *answer* is every Russian measure that a source ties to it
# (`data/responses.csv`). Tranches answered together, or one measure answered in several
# tranches, are compared as one group. The *response ratio* is persons in the answer divided
# by persons in the stimulus. A stimulus is classed *equal* when the ratio is within 10% of 1,
# *de-escalating* below that, *escalating* above, *unanswered* when no answer is linked by the
# end of the data, and *unknown* when a figure on either side is missing.

# %%
import pandas as pd

from analysis import figures, load_dataset, reciprocity
from analysis.countries import state_name
from analysis.display import show

pd.set_option("display.width", 120)
pd.set_option("display.max_rows", 60)

dataset = load_dataset()
data = dataset.episode("ukraine-2022")

table = reciprocity.counterpart_stimuli(data.events, data.responses)
table["state"] = table["counterpart"].map(state_name)
print(f"{len(table)} expulsions of Russians in 2022 taken as stimuli")

# %% [markdown]
# ## Every stimulus and its answer

# %%
shown = table[
    [
        "stimulus",
        "state",
        "persons",
        "answers",
        "group_stimulus_persons",
        "group_answer_persons",
        "response_ratio",
        "lag_first_days",
        "class",
    ]
]
show(shown, index=False)

# %% [markdown]
# ## Classes, ratios and lags

# %%
classes = table["class"].value_counts().reindex(list(reciprocity.CLASSES))
answered = table[table["answers"] != ""]
answered_share = len(answered) / len(table)
median_ratio = answered["response_ratio"].median()
median_lag = answered["lag_first_days"].median()
print(classes.to_string())
print(f"answered: {len(answered)} of {len(table)} ({answered_share:.0%})")
print(f"median response ratio of answered stimuli: {median_ratio:.2f}")
print(f"median days to the first answer: {median_lag:g}")

# %%
assert classes["escalating"] == 0, "Russia never answered with more than it lost"
assert classes["equal"] > classes["de-escalating"] > classes["unanswered"]
assert (len(answered), len(table)) == (41, 49)
assert median_ratio == 1
assert median_lag == 21

# %%
figures.render("03-stimulus-answer", dataset)

# %% [markdown]
# ## Who was answered in kind, who less, who not at all

# %%
by_class = (
    shown.dropna(subset=["state"])
    .groupby("class", observed=True)["state"]
    .agg(lambda s: ", ".join(sorted(set(s))))
)
by_class

# %%
large = table[table["group_stimulus_persons"].fillna(0) >= 20]
print("Stimuli of 20 persons or more:")
print(
    large[
        ["stimulus", "state", "group_stimulus_persons", "group_answer_persons", "class"]
    ].to_string(index=False)
)

# %%
pairs = reciprocity.dyads(data.events).set_index("other")
lopsided = pairs.loc[
    ["BGR", "SVN", "HRV", "SVK"], ["state_expelled", "other_expelled", "symmetric_share"]
]
assert (lopsided["symmetric_share"] < 0.5).all()
show(lopsided)

# %% [markdown]
# ## What we found
#
# - Russia answered most expulsions of 2022 (41 of 49, 84%) and never answered
#   with more persons than it lost: no stimulus is *escalating*.
# - The typical answer came three weeks later (median 21 days) and was exactly in kind (median
#   ratio 1):
#   the big Western European expulsions of early April (Poland, Germany, Spain) were
#   returned person for person.
# - The exceptions run one way. Several states that expelled many Russians, Bulgaria,
#   Slovenia, Croatia and Slovakia among them, got back far fewer; a few small or late
#   measures were not answered at all. Russia matched the large and visible expulsions and let
#   the lopsided ones stand, which is why the yearly balance in notebook 1 favours the other
#   side.
