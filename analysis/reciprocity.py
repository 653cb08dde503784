"""Reciprocity of expulsions at three levels: stimulus-answer pairs, dyads, the whole network.

Every function takes DataFrames shaped like the loaded tables (only the columns it names are
read) and returns a tidy DataFrame or a number; none reads files. Persons are the adopted
figures; an unknown figure (missing) makes any ratio that needs it missing, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.summary import announced_within, episodes_in_order

#: Default half-width of the "equal" band of the response ratio: |ratio - 1| <= 0.1.
EQUAL_TOLERANCE = 0.1

CLASSES = ("unanswered", "unknown", "de-escalating", "equal", "escalating")


def _as_of(events: pd.DataFrame, responses: pd.DataFrame, as_of: object | None):
    """Events announced up to ``as_of`` (inclusive) and the links among them."""
    if as_of is None:
        return events, responses
    kept = events[events["announced"] <= pd.Timestamp(as_of)]
    ids = set(kept["event_id"])
    links = responses[responses["response"].isin(ids) & responses["stimulus"].isin(ids)]
    return kept, links


def _components(links: pd.DataFrame) -> pd.Series:
    """Connected components of the undirected graph of response links.

    Returns a Series event_id -> component label (the smallest event id in it), for every
    event that appears in ``links``. Label propagation: each pass gives every node the
    smallest label among itself and its neighbours; it stops when no label changes, after at
    most (longest path + 1) passes. Each pass is linear in the number of links.
    """
    left = links["response"].to_numpy(dtype=object)
    right = links["stimulus"].to_numpy(dtype=object)
    nodes = pd.Index(np.unique(np.concatenate([left, right]).astype(str)))
    a = nodes.get_indexer(left.astype(str))
    b = nodes.get_indexer(right.astype(str))
    label = np.arange(len(nodes))
    while True:
        smaller = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, smaller)
        np.minimum.at(new, b, smaller)
        new = new[new]  # jump to the label's own label: shortens chains
        if np.array_equal(new, label):
            break
        label = new
    return pd.Series(nodes[label], index=nodes, name="component")


def classify(
    ratio: pd.Series, answered: pd.Series, tolerance: float = EQUAL_TOLERANCE
) -> pd.Series:
    """Class of each stimulus from its response ratio.

    unanswered: no answer; unknown: answered but the ratio is missing (a figure is unknown);
    de-escalating: ratio < 1 - tolerance; escalating: ratio > 1 + tolerance; equal: between
    (both bounds included).
    """
    values = ratio.astype("Float64")
    out = pd.Series(pd.NA, index=ratio.index, dtype="object")
    out[~answered] = "unanswered"
    known = answered & values.notna()
    out[answered & values.isna()] = "unknown"
    below, above = values < 1 - tolerance, values > 1 + tolerance
    out[known & below] = "de-escalating"
    out[known & above] = "escalating"
    # Everything else known is "equal": no gap at the bounds through float rounding.
    out[known & ~below & ~above] = "equal"
    return pd.Series(
        pd.Categorical(out, categories=list(CLASSES)), index=ratio.index, name="class"
    )


def stimuli(
    events: pd.DataFrame,
    responses: pd.DataFrame,
    as_of: object | None = None,
    tolerance: float = EQUAL_TOLERANCE,
    split_chains: bool = False,
) -> pd.DataFrame:
    """One row per stimulus, with the answers it received by ``as_of`` (default: all data).

    A stimulus is any measure that answers nothing, plus any answer that was itself answered;
    an answer nobody answered ends its chain and is no stimulus. Answers and the stimuli they
    answer form groups (connected components of the response links): several tranches
    answered together, or one measure answered in several tranches, are one group.

    - ``answers``: ids of the answers, joined by ';' (empty string if none).
    - ``group_stimulus_persons`` / ``group_answer_persons``: persons in all stimuli / answers
      of the group; missing if any figure in it is unknown.
    - ``response_ratio`` = group_answer_persons / group_stimulus_persons; missing if either
      is missing, the stimulus side is 0, or the stimulus is unanswered.
    - ``lag_first_days`` / ``lag_last_days``: days from the stimulus to its first / last
      answer; missing if unanswered.
    - ``waited_days``: for an unanswered stimulus, days from it to ``as_of`` (a censored
      waiting time; missing when ``as_of`` is None).
    - ``class``: see ``classify``.

    ``split_chains``: in a chain of answers (B answers A, C answers B) keep each pair its own
    group, so that A's ratio is B / A and B's is C / B (the yardstick of notebook 8, where
    the rounds of 1985 or 1986 are chains). By default the chain is one group, whose ratio
    sums its answers over its stimuli (notebooks 3, 6 and 7 tell it so).
    """
    events, responses = _as_of(events, responses, as_of)
    base = events.set_index("event_id")[["announced", "expelling", "expelled", "persons"]]
    answering = set(responses["response"])
    answered_ids = set(responses["stimulus"])
    is_stimulus = ~base.index.isin(list(answering)) | base.index.isin(list(answered_ids))
    table = base[is_stimulus].copy()

    links = responses[["response", "stimulus"]].copy()
    links["answer_announced"] = base["announced"].reindex(links["response"]).to_numpy()
    by_stimulus = links.groupby("stimulus")
    joined = (
        links.sort_values(["stimulus", "response"]).groupby("stimulus")["response"].agg(";".join)
    )
    table["answers"] = joined.reindex(table.index).fillna("")
    table["lag_first_days"] = (
        by_stimulus["answer_announced"].min().reindex(table.index) - table["announced"]
    ).dt.days
    table["lag_last_days"] = (
        by_stimulus["answer_announced"].max().reindex(table.index) - table["announced"]
    ).dt.days
    answered = table["answers"] != ""

    # Group sums over the components of the stimulus-answer graph. With ``split_chains``
    # each event enters in the role it plays in a link ("S:" as a stimulus, "A:" as an
    # answer), so that in a chain A <- B <- C (B answers A and is answered by C) the pairs
    # (A, B) and (B, C) stay two groups; without it the chain is one group.
    answer_tag, stimulus_tag = ("A:", "S:") if split_chains else ("", "")
    roles = pd.DataFrame(
        {
            "response": answer_tag + links["response"].astype(str),
            "stimulus": stimulus_tag + links["stimulus"].astype(str),
        }
    )
    component = (
        _components(roles) if len(roles) else pd.Series(dtype=str, index=pd.Index([], dtype=str))
    )
    if split_chains:
        node_ids = component.index.str[2:]
        is_answer = component.index.str.startswith(answer_tag)
        is_stimulus = component.index.str.startswith(stimulus_tag)
    else:
        node_ids = component.index
        is_answer = component.index.isin(list(links["response"]))
        is_stimulus = component.index.isin(list(links["stimulus"]))
    members = pd.DataFrame(
        {
            "component": component.to_numpy(),
            "persons": base["persons"].reindex(node_ids).to_numpy(),
            "is_answer": is_answer,
            "is_stimulus": is_stimulus,
        },
        index=component.index,
    )

    def group_sum(side: str) -> pd.Series:
        """Sum of persons per component; missing if any figure in it is unknown."""
        part = members[members[side]]
        unknown = part["persons"].isna().groupby(part["component"]).any()
        return part.groupby("component")["persons"].sum().where(~unknown)

    stimulus_sum = group_sum("is_stimulus").astype("Int64")
    answer_sum = group_sum("is_answer").astype("Int64")
    table_component = component.reindex(stimulus_tag + table.index.astype(str))
    table["group_stimulus_persons"] = stimulus_sum.reindex(table_component).to_numpy()
    table["group_answer_persons"] = answer_sum.reindex(table_component).to_numpy()
    table.loc[~answered, ["group_stimulus_persons", "group_answer_persons"]] = pd.NA
    denominator = table["group_stimulus_persons"].astype("Float64")
    ratio = table["group_answer_persons"].astype("Float64") / denominator.where(denominator != 0)
    table["response_ratio"] = ratio.where(answered)

    if as_of is None:
        table["waited_days"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    else:
        waited = (pd.Timestamp(as_of) - table["announced"]).dt.days
        table["waited_days"] = waited.where(~answered).astype("Int64")
    table["group_stimulus_persons"] = table["group_stimulus_persons"].astype("Int64")
    table["group_answer_persons"] = table["group_answer_persons"].astype("Int64")
    table["response_ratio"] = table["response_ratio"].astype("Float64")
    table["lag_first_days"] = table["lag_first_days"].astype("Int64")
    table["lag_last_days"] = table["lag_last_days"].astype("Int64")
    table["class"] = classify(table["response_ratio"], answered, tolerance)
    return table.reset_index().rename(columns={"event_id": "stimulus"})


def dyads(events: pd.DataFrame, focus: str = "RUS") -> pd.DataFrame:
    """One row per pair of states with at least one event, oriented towards ``focus``.

    For a pair that includes ``focus``, ``state`` is ``focus`` and ``other`` the counterpart;
    otherwise the two codes in alphabetical order. Columns:
    ``state_expelled`` (W_so: persons ``state`` expelled of ``other``), ``other_expelled``
    (W_os), ``reciprocated`` = min(W_so, W_os), ``net_balance`` = W_so - W_os,
    ``symmetric_share`` = 2*min / (W_so + W_os), missing when both are 0; ``events`` and
    ``unknown_events`` (events whose figure is unknown: they add 0, so sums are floors).
    """
    a = events["expelling"].astype(str).to_numpy()
    b = events["expelled"].astype(str).to_numpy()
    a_first = (a == focus) | ((b != focus) & (a < b))
    frame = pd.DataFrame(
        {
            "state": np.where(a_first, a, b),
            "other": np.where(a_first, b, a),
            "forward": a_first,
            "persons": events["persons"].to_numpy(),
        }
    )
    frame["unknown"] = frame["persons"].isna()
    frame["state_expelled"] = frame["persons"].where(frame["forward"], 0).fillna(0)
    frame["other_expelled"] = frame["persons"].where(~frame["forward"], 0).fillna(0)
    grouped = frame.groupby(["state", "other"], sort=True)
    out = pd.DataFrame(
        {
            "state_expelled": grouped["state_expelled"].sum(),
            "other_expelled": grouped["other_expelled"].sum(),
            "events": grouped.size(),
            "unknown_events": grouped["unknown"].sum(),
        }
    ).astype("Int64")
    out["reciprocated"] = np.minimum(out["state_expelled"], out["other_expelled"])
    out["net_balance"] = out["state_expelled"] - out["other_expelled"]
    total = (out["state_expelled"] + out["other_expelled"]).astype("Float64")
    out["symmetric_share"] = (2 * out["reciprocated"]).astype("Float64") / total.where(total != 0)
    columns = [
        "state_expelled",
        "other_expelled",
        "reciprocated",
        "net_balance",
        "symmetric_share",
        "events",
        "unknown_events",
    ]
    return out[columns].reset_index()


def cumulative_balance(events: pd.DataFrame, focus: str = "RUS") -> pd.DataFrame:
    """Dated step series per dyad: cumulative persons each way and the balance after each date.

    One row per (state, other, announced date with an event in the pair); same orientation
    and columns ``state_expelled`` / ``other_expelled`` as ``dyads``, cumulated over time,
    and ``balance`` = cumulative state_expelled - cumulative other_expelled.
    """
    ordered = events.sort_values(["announced", "event_id"])
    rows = []
    for day, group in ordered.groupby("announced", sort=True):
        table = dyads(group, focus)
        table.insert(2, "announced", day)
        rows.append(table)
    if not rows:
        return pd.DataFrame(
            columns=["state", "other", "announced", "state_expelled", "other_expelled", "balance"]
        )
    daily = pd.concat(rows, ignore_index=True).sort_values(["state", "other", "announced"])
    keys = daily.groupby(["state", "other"], sort=False)
    daily["state_expelled"] = keys["state_expelled"].cumsum()
    daily["other_expelled"] = keys["other_expelled"].cumsum()
    daily["balance"] = daily["state_expelled"] - daily["other_expelled"]
    return daily[
        ["state", "other", "announced", "state_expelled", "other_expelled", "balance"]
    ].reset_index(drop=True)


def edge_weights(events: pd.DataFrame) -> pd.DataFrame:
    """Directed edges expelling -> expelled with weight = sum of persons (unknown counts 0).

    Self-loops are dropped (a state cannot expel its own personnel; validation forbids them).
    An edge exists when at least one event exists, even if its weight is 0 or unknown.
    """
    frame = pd.DataFrame(
        {
            "source": events["expelling"].astype(str).to_numpy(),
            "target": events["expelled"].astype(str).to_numpy(),
            "weight": events["persons"].fillna(0).astype("int64").to_numpy(),
        }
    )
    frame = frame[frame["source"] != frame["target"]]
    return frame.groupby(["source", "target"], as_index=False, sort=True)["weight"].sum()


def binary_reciprocity(edges: pd.DataFrame) -> float:
    """Share of directed links whose reverse link also exists: r = L_mutual / L.

    Equals networkx ``overall_reciprocity`` on the simple DiGraph of the edges (no self-loops).
    Missing (NaN) for an empty graph, where networkx raises.
    """
    if edges.empty:
        return float("nan")
    pairs = pd.MultiIndex.from_arrays([edges["source"], edges["target"]])
    reverse = pd.MultiIndex.from_arrays([edges["target"], edges["source"]])
    return float(reverse.isin(pairs).sum() / len(edges))


def weighted_reciprocity(edges: pd.DataFrame) -> float:
    """Squartini et al. (2013): r_w = sum_{i!=j} min(w_ij, w_ji) / sum_{i!=j} w_ij, in [0, 1].

    Missing (NaN) when the total weight is 0.
    """
    weights = edges.set_index(["source", "target"])["weight"]
    total = weights.sum()
    if total == 0:
        return float("nan")
    reverse = weights.copy()
    reverse.index = reverse.index.swaplevel()
    back = reverse.reindex(weights.index, fill_value=0)
    return float(np.minimum(weights.to_numpy(), back.to_numpy()).sum() / total)


def garlaschelli_loffredo(r: float, links: int, n_states: int) -> float:
    """rho = (r - a) / (1 - a), a = L / (N (N - 1)): reciprocity corrected for density.

    rho > 0: more reciprocal than chance, rho < 0: less. ``n_states`` is the number of states
    in the universe (an explicit choice). Missing when N < 2 or the graph is complete (a = 1).
    """
    if n_states < 2:
        return float("nan")
    density = links / (n_states * (n_states - 1))
    if density >= 1:
        return float("nan")
    return (r - density) / (1 - density)


def network_measures(
    events: pd.DataFrame,
    n_states: int,
    start: object | None = None,
    end: object | None = None,
) -> pd.Series:
    """Network reciprocity of the events announced in [start, end] (open bounds: no limit).

    Returns ``states`` (nodes with a link), ``links``, ``persons``, ``binary`` (see
    ``binary_reciprocity``), ``weighted`` (``weighted_reciprocity``) and ``rho``
    (``garlaschelli_loffredo`` with ``n_states``).
    """
    chosen = announced_within(events, start, end)
    edges = edge_weights(chosen)
    r = binary_reciprocity(edges)
    return pd.Series(
        {
            "states": int(pd.unique(pd.concat([edges["source"], edges["target"]])).size),
            "links": len(edges),
            "persons": int(edges["weight"].sum()),
            "binary": r,
            "weighted": weighted_reciprocity(edges),
            "rho": garlaschelli_loffredo(r, len(edges), n_states),
        }
    )


def network_over_windows(
    events: pd.DataFrame, windows: Iterable[tuple[str, object, object]], n_states: int
) -> pd.DataFrame:
    """``network_measures`` for each (label, start, end) window: one row per window."""
    rows = {label: network_measures(events, n_states, start, end) for label, start, end in windows}
    table = pd.DataFrame(rows).T.astype(
        {"states": "int64", "links": "int64", "persons": "int64", "binary": "float64"}
    )
    table = table.astype({"weighted": "float64", "rho": "float64"})
    return table.rename_axis("window").reset_index()


def cumulative_windows(
    events: pd.DataFrame, start: object, end: object, freq: str = "ME", n_states: int | None = None
) -> pd.DataFrame:
    """``network_measures`` of the events from ``start`` to each period end up to ``end``.

    Period ends come from ``pd.date_range(start, end, freq=freq)`` (month ends by default),
    plus ``end`` itself if it is not one. ``n_states`` defaults to the number of states with
    a link over the whole span. Columns: ``end`` and those of ``network_measures``.
    """
    ends = list(pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq=freq))
    if not ends or ends[-1] != pd.Timestamp(end):
        ends.append(pd.Timestamp(end))
    if n_states is None:
        span = announced_within(events, start, end)
        n_states = int(pd.unique(pd.concat([span["expelling"], span["expelled"]])).size)
    rows = [
        network_measures(events, n_states, start, day).rename(day.date().isoformat())
        for day in ends
    ]
    table = pd.DataFrame(rows).astype({"states": "int64", "links": "int64", "persons": "int64"})
    table.insert(0, "end", pd.to_datetime(ends))
    return table.reset_index(drop=True)


def counterpart_stimuli(
    events: pd.DataFrame, responses: pd.DataFrame, focus: str = "RUS", split_chains: bool = False
):
    """``stimuli`` restricted to measures against ``focus`` (its personnel expelled), with the
    expelling state in ``counterpart``: how ``focus`` answered each expulsion of its people.
    ``split_chains``: see ``stimuli``.
    """
    table = stimuli(events, responses, split_chains=split_chains)
    table = table[table["expelled"].astype(str) == focus].reset_index(drop=True)
    table["counterpart"] = table["expelling"].astype(str)
    return table


def episode_profile(
    events: pd.DataFrame,
    responses: pd.DataFrame,
    focus: str = "RUS",
    answered: pd.DataFrame | None = None,
) -> pd.Series:
    """One episode's reciprocity in one row (all ``events`` given are taken as the episode).

    - ``states``: counterparts of ``focus``; ``persons_expelled_of_focus`` /
      ``persons_expelled_by_focus``: persons each way (unknown figures count 0);
    - ``stimuli``: expulsions of ``focus``'s personnel; ``answered_share``: share with an
      answer; ``median_ratio`` / ``median_lag_days``: medians over answered stimuli with a
      known ratio / a lag (``response_ratio``, ``lag_first_days`` of ``stimuli``);
    - one column per class of ``CLASSES`` (counts);
    - ``binary``, ``weighted``, ``rho``: ``network_measures`` with N = states + 1.

    ``answered``: ``counterpart_stimuli`` of a wider set of events, when the episode's
    stimuli may be answered outside it (the war's years answer one another); default: those
    of ``events`` alone. Its rows of the episode's stimuli are used; the persons and the
    network measures are always those of ``events`` alone.
    """
    table = counterpart_stimuli(events, responses, focus) if answered is None else answered
    table = table[table["stimulus"].isin(set(events["event_id"]))]
    answered = table[table["answers"] != ""]
    by_focus = events["expelling"].astype(str) == focus
    others = pd.unique(
        events["expelled"].astype(str).where(by_focus, events["expelling"].astype(str))
    )
    network = network_measures(events, n_states=len(others) + 1)
    classes = table["class"].value_counts().reindex(list(CLASSES), fill_value=0)
    ratios = answered["response_ratio"].dropna()
    lags = answered["lag_first_days"].dropna()
    return pd.Series(
        {
            "states": len(others),
            "persons_expelled_of_focus": int(events.loc[~by_focus, "persons"].fillna(0).sum()),
            "persons_expelled_by_focus": int(events.loc[by_focus, "persons"].fillna(0).sum()),
            "stimuli": len(table),
            "answered_share": len(answered) / len(table) if len(table) else float("nan"),
            "median_ratio": float(ratios.median()) if len(ratios) else float("nan"),
            "median_lag_days": float(lags.median()) if len(lags) else float("nan"),
            **{name: int(count) for name, count in classes.items()},
            "binary": network["binary"],
            "weighted": network["weighted"],
            "rho": network["rho"],
        }
    )


def compare_episodes(
    events: pd.DataFrame, responses: pd.DataFrame, focus: str = "RUS", split_chains: bool = False
):
    """``episode_profile`` of each episode (the ``episode`` column), one row per episode in
    order of first announcement. An episode's stimuli are its own measures, with their
    answers wherever they fall (only the war's years answer one another; validation keeps
    every other episode closed), so the stimuli of the latest year may still be awaiting an
    answer when the data end. ``split_chains``: see ``stimuli``.
    """
    answered = counterpart_stimuli(events, responses, focus, split_chains)
    rows = {}
    for episode in episodes_in_order(events):
        chosen = events[events["episode"] == episode]
        rows[episode] = episode_profile(chosen, responses, focus, answered=answered)
    table = pd.DataFrame(rows).T.rename_axis("episode")
    counts = ["states", "persons_expelled_of_focus", "persons_expelled_by_focus", "stimuli"]
    shares = ["answered_share", "median_ratio", "median_lag_days", "binary", "weighted", "rho"]
    return table.astype(
        {**dict.fromkeys([*counts, *CLASSES], "int64"), **dict.fromkeys(shares, "float64")}
    )


# --- the literature's measures: mirror share, gap closing, answers aimed at a third party ------

#: The norm of strict reciprocity as Russia's foreign minister stated it after the Skripal
#: expulsions (2 April 2018), quoted from the stored page: the yardstick ``mirror_share`` is
#: read against. A Russian diplomat's gloss of 8 March 2022 qualifies it ("an eye for an eye,
#: but not necessarily symmetrically"), also quoted.
STATED_NORM = {
    "speaker": "Sergei Lavrov, foreign minister of Russia",
    "said_on": "2018-04-02",
    "quote": "В дипломатии есть принцип взаимности, его никто не отменял, и этот принцип будет "  # noqa: RUF001
    "применяться последовательно.",
    "gloss": "In diplomacy there is the principle of reciprocity, nobody has abolished it, and "
    "this principle will be applied consistently.",
    "source": "Moskovsky Komsomolets, 2 April 2018",
    "url": "https://mk.ru/amp/politics/2018/04/02/lavrov-sravnil-vysylku-rossiyskikh-diplomatov-s-detskimi-igrami-zapada.html",
}
QUALIFIED_NORM = {
    "speaker": "Alexander Darchiyev, director of the North America department, Russian foreign ministry",
    "said_on": "2022-03-08",
    "quote": "In other words, we usually act on the basis of the 'an eye for an eye' principle, "
    "but not necessarily symmetrically",
    "source": "Interfax, 8 March 2022",
    "url": "https://interfax.com/newsroom/top-stories/75946/",
}

#: Where an answer is aimed: at the state whose measure it answers, or at another one.
AIMS = ("direct", "third-party")
#: The classes of ``stimuli`` with answers aimed only at a third party as their own class.
CLASSES_WITH_THIRD_PARTY = (*CLASSES, "third-party")
#: What an answer does to the running gap of its dyad (``gap_closing``).
GAP_OUTCOMES = ("closes", "narrows", "overshoots", "no gap", "third-party", "unknown")


def answer_aims(events: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """One row per response link with its aim.

    ``direct`` when the answer expels personnel of the state that took the measure it
    answers and is taken by the state hit (``answer.expelling == stimulus.expelled`` and
    ``answer.expelled == stimulus.expelling``); ``third-party`` otherwise (Moscow answering a
    measure by expelling someone else's personnel). Columns: ``response``, ``stimulus``,
    ``actor`` (the stimulus's expelling state), ``answering``, ``target`` (the answer's
    expelled state), ``aim``. The loaders refuse third-party links in ``data/`` today
    (an answer must run opposite to its measure), so only frames built by hand have them.
    """
    by_id = events.set_index("event_id")
    out = responses[["response", "stimulus"]].copy().reset_index(drop=True)
    out["actor"] = by_id["expelling"].astype(str).reindex(out["stimulus"]).to_numpy()
    hit = by_id["expelled"].astype(str).reindex(out["stimulus"]).to_numpy()
    out["answering"] = by_id["expelling"].astype(str).reindex(out["response"]).to_numpy()
    out["target"] = by_id["expelled"].astype(str).reindex(out["response"]).to_numpy()
    direct = (out["target"] == out["actor"]) & (out["answering"] == hit)
    out["aim"] = pd.Categorical(np.where(direct, "direct", "third-party"), categories=list(AIMS))
    return out


def classes_with_third_party(
    table: pd.DataFrame, events: pd.DataFrame, responses: pd.DataFrame
) -> pd.Series:
    """The ``class`` of each row of ``stimuli`` (or ``counterpart_stimuli``), except that a
    stimulus whose every answer is aimed at a third party (``answer_aims``) is
    ``third-party``: it was answered, but not in its own dyad, so a response ratio against
    it says nothing about reciprocity in kind. A stimulus with at least one direct answer
    keeps its class (the ratio then mixes both; a rare case the note of the link should tell).
    """
    aims = answer_aims(events, responses)
    direct = set(aims.loc[aims["aim"] == "direct", "stimulus"])
    third = set(aims.loc[aims["aim"] == "third-party", "stimulus"]) - direct
    out = table["class"].astype(str).where(~table["stimulus"].isin(third), "third-party")
    return pd.Series(
        pd.Categorical(out, categories=list(CLASSES_WITH_THIRD_PARTY)),
        index=table.index,
        name="class",
    )


def mirror_share(table: pd.DataFrame) -> pd.Series:
    """The share of answers exactly equal in persons to what they answer (Russia's stated
    norm of strict reciprocity, ``STATED_NORM``), beside the +-tolerance ``equal`` class.

    ``table``: rows of ``stimuli`` / ``counterpart_stimuli`` (columns ``answers``,
    ``group_stimulus_persons``, ``group_answer_persons``, ``class``). Counted over answered
    stimuli whose group figures are both known (``known``):

    - ``mirrored`` = rows with group_answer_persons == group_stimulus_persons;
      ``mirror_share`` = mirrored / known;
    - ``equal_band`` = rows of class ``equal`` (|ratio - 1| <= tolerance), ``equal_share`` =
      equal_band / known; ``near_not_mirror`` = equal_band - mirrored (equal within the band
      but not to the person);
    - ``answered``: answered rows, ``unknown``: answered rows with a figure missing.

    Shares are NaN when ``known`` is 0. A group of several stimuli answered together is
    counted once per stimulus row, as the classes are. Adopted figures qualified "about" or
    "at least" are compared as given.
    """
    answered = table[table["answers"] != ""]
    known = answered.dropna(subset=["group_stimulus_persons", "group_answer_persons"])
    mirrored = int((known["group_answer_persons"] == known["group_stimulus_persons"]).sum())
    equal = int((known["class"].astype(str) == "equal").sum())
    n = len(known)
    return pd.Series(
        {
            "answered": len(answered),
            "known": n,
            "unknown": len(answered) - n,
            "mirrored": mirrored,
            "mirror_share": mirrored / n if n else float("nan"),
            "equal_band": equal,
            "equal_share": equal / n if n else float("nan"),
            "near_not_mirror": equal - mirrored,
        },
        dtype=object,
    )


def gap_closing(events: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """For each answer, the running gap of its dyad before it and what the answer does to
    it: the comparative model of reciprocity (Patchen and Bogumil 1995), set beside the simple
    one (mirror the move answered).

    Only the paper's abstract and opening are stored (Conflict Management and Peace Science
    14(2), 163-195): the comparative model "predicts that change in each actor's behavior will
    be based on prior differences in the rivals' actions". Our formalisation for expulsions,
    with A the answering state and B the other state of the dyad:

    - ``gap_before`` G = persons B expelled of A - persons A expelled of B, over the dyad's
      events in ``events`` announced before the answer, plus the measures it answers when
      they are of the same day (the answer itself excluded). G > 0: A is behind.
    - ``persons`` a: the answer's figure; ``gap_after`` = G - a.
    - ``outcome``: ``closes`` (G > 0 and a = G), ``narrows`` (0 < a < G), ``overshoots``
      (a > G > 0), ``no gap`` (G <= 0: A was level or ahead and widened its lead),
      ``third-party`` (the answer is aimed at another state, ``answer_aims``: it does not
      move the gap of the dyad it answers), ``unknown`` (a figure in G or a is missing).
    - ``closed_share`` = a / G when G > 0 (1 closes, below 1 narrows, above 1 overshoots),
      else NaN.
    - ``simple_prediction`` s = persons of the measures the answer answers (missing if one
      is unknown); ``comparative_prediction`` = G; ``closer_model``: ``comparative`` when
      |a - G| < |a - s|, ``simple`` when greater, ``both`` when equal (a first answer, where
      G = s), NaN when a figure is missing or the aim is a third party.

    The gap runs over the events given: pass one episode (or the war's years together) so
    that decades-old balances do not carry over. One row per answer event, in date order.
    """
    by_id = events.set_index("event_id")
    aims = answer_aims(events, responses)
    persons = by_id["persons"].astype("Float64")
    rows = []
    for answer_id, links in aims.groupby("response", sort=False):
        answer = by_id.loc[answer_id]
        side, other = str(answer["expelling"]), str(answer["expelled"])
        answered_ids = list(links["stimulus"])
        third = bool((links["aim"] == "third-party").all())
        pair = by_id[
            ((by_id["expelling"] == side) & (by_id["expelled"] == other))
            | ((by_id["expelling"] == other) & (by_id["expelled"] == side))
        ]
        before = pair[
            (pair["announced"] < answer["announced"])
            | (pair.index.isin(answered_ids) & (pair["announced"] == answer["announced"]))
        ]
        before = before[before.index != answer_id]
        figures = persons.reindex(before.index)
        owed = figures[before["expelling"] == other]
        given = figures[before["expelling"] == side]
        known_gap = not figures.isna().any()
        gap = float(owed.sum() - given.sum()) if known_gap else float("nan")
        a = persons.get(answer_id)
        a = float(a) if pd.notna(a) else float("nan")
        stimulus_figures = persons.reindex(answered_ids)
        s = float(stimulus_figures.sum()) if not stimulus_figures.isna().any() else float("nan")
        if third:
            outcome = "third-party"
        elif np.isnan(gap) or np.isnan(a):
            outcome = "unknown"
        elif gap <= 0:
            outcome = "no gap"
        elif a == gap:
            outcome = "closes"
        elif a < gap:
            outcome = "narrows"
        else:
            outcome = "overshoots"
        closer = float("nan")
        if not third and not (np.isnan(gap) or np.isnan(a) or np.isnan(s)):
            d_comp, d_simple = abs(a - gap), abs(a - s)
            closer = (
                "comparative" if d_comp < d_simple else "simple" if d_comp > d_simple else "both"
            )
        rows.append(
            {
                "response": answer_id,
                "announced": answer["announced"],
                "answering": side,
                "other": other,
                "answers": ";".join(sorted(answered_ids)),
                "aim": "third-party" if third else "direct",
                "persons": a,
                "gap_before": gap,
                "gap_after": gap - a,
                "closed_share": a / gap
                if outcome in ("closes", "narrows", "overshoots")
                else float("nan"),
                "outcome": outcome,
                "simple_prediction": s,
                "comparative_prediction": gap,
                "closer_model": closer,
            }
        )
    columns = [
        "response",
        "announced",
        "answering",
        "other",
        "answers",
        "aim",
        "persons",
        "gap_before",
        "gap_after",
        "closed_share",
        "outcome",
        "simple_prediction",
        "comparative_prediction",
        "closer_model",
    ]
    table = pd.DataFrame(rows, columns=columns)
    if table.empty:
        return table
    table = table.sort_values(["announced", "response"]).reset_index(drop=True)
    for name in (
        "persons",
        "gap_before",
        "gap_after",
        "closed_share",
        "simple_prediction",
        "comparative_prediction",
    ):
        table[name] = table[name].astype("Float64")
    table["outcome"] = pd.Categorical(table["outcome"], categories=list(GAP_OUTCOMES))
    table["aim"] = pd.Categorical(table["aim"], categories=list(AIMS))
    return table


def gap_closing_summary(table: pd.DataFrame) -> pd.Series:
    """Counts of ``gap_closing`` outcomes and of the closer model, in one row: ``answers``,
    one count per outcome of ``GAP_OUTCOMES``, ``comparative`` / ``simple`` / ``both`` (the
    closer model) and ``closes_share`` = closes / answers with a gap (closes + narrows +
    overshoots), NaN when none had a gap.
    """
    outcomes = (
        table["outcome"].astype(str).value_counts().reindex(list(GAP_OUTCOMES), fill_value=0)
    )
    closer = (
        table["closer_model"]
        .value_counts()
        .reindex(["comparative", "simple", "both"], fill_value=0)
    )
    with_gap = int(outcomes[["closes", "narrows", "overshoots"]].sum())
    return pd.Series(
        {
            "answers": len(table),
            **{name: int(n) for name, n in outcomes.items()},
            **{name: int(n) for name, n in closer.items()},
            "closes_share": int(outcomes["closes"]) / with_gap if with_gap else float("nan"),
        },
        dtype=object,
    )


def yardstick(
    events: pd.DataFrame,
    responses: pd.DataFrame,
    focus: str = "RUS",
    joint: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Every episode's answers by ``focus`` on one row, in order of first announcement: the
    ``compare_episodes`` measures (answered share, median ratio and lag, classes) beside the
    literature's (``mirror_share``, ``gap_closing_summary`` of ``focus``'s answers).

    Episodes named in ``joint`` (the war's years) have their gaps run over their events
    together, since their answers cross years; each answer is counted in its own episode.
    Every other episode's gap runs over its own events only: a balance of 1971 does not carry
    into 1985. ``mirror_share`` counts the episode's stimuli, answered wherever the answer
    falls (as ``compare_episodes`` does). Chains of answers are split pair by pair
    (``stimuli`` with ``split_chains``): each answer is set against the measure it answers.
    """
    profiles = compare_episodes(events, responses, focus, split_chains=True)
    answered = counterpart_stimuli(events, responses, focus, split_chains=True)
    episode_of = events.set_index("event_id")["episode"].astype(str)
    answered["episode"] = answered["stimulus"].map(episode_of)
    joint_events = events[events["episode"].astype(str).isin(joint)]
    joint_gaps = (
        gap_closing(joint_events, responses[responses["response"].isin(joint_events["event_id"])])
        if len(joint_events)
        else None
    )
    rows = {}
    for episode in profiles.index:
        mirror = mirror_share(answered[answered["episode"] == episode])
        if episode in joint and joint_gaps is not None:
            gaps = joint_gaps[joint_gaps["response"].map(episode_of) == episode]
        else:
            chosen = events[events["episode"].astype(str) == episode]
            links = responses[responses["response"].isin(chosen["event_id"])]
            gaps = gap_closing(chosen, links)
        if len(gaps):
            gaps = gaps[gaps["answering"] == focus]
        summary = (
            gap_closing_summary(gaps)
            if len(gaps)
            else gap_closing_summary(
                pd.DataFrame(
                    {"outcome": pd.Series(dtype=str), "closer_model": pd.Series(dtype=str)}
                )
            )
        )
        rows[episode] = {
            "mirrored": mirror["mirrored"],
            "known": mirror["known"],
            "mirror_share": mirror["mirror_share"],
            "equal_share": mirror["equal_share"],
            "answers": summary["answers"],
            "closes": summary["closes"],
            "narrows": summary["narrows"],
            "overshoots": summary["overshoots"],
            "no_gap": summary["no gap"],
            "closes_share": summary["closes_share"],
            "unknown_gap": summary["unknown"],
            "comparative": summary["comparative"],
            "simple": summary["simple"],
            "both": summary["both"],
        }
    extra = pd.DataFrame(rows).T
    counts = [
        "mirrored",
        "known",
        "answers",
        "closes",
        "narrows",
        "overshoots",
        "no_gap",
        "unknown_gap",
        "comparative",
        "simple",
        "both",
    ]
    extra = extra.astype(
        {
            **dict.fromkeys(counts, "int64"),
            **dict.fromkeys(["mirror_share", "equal_share", "closes_share"], "float64"),
        }
    )
    columns = ["stimuli", "answered_share", "median_ratio", "median_lag_days"]
    return profiles[columns].join(extra).rename_axis("episode")
