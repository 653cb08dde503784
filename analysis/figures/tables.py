"""Shaping: the tidy table each figure draws, from the validated dataset.

One function per figure (or shared by several); each is pure: a ``Dataset`` in, DataFrames
out. ``cited_sources`` counts the sources a figure's source line names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import claims, evidence, reciprocity, summary, years
from analysis.countries import state_name
from analysis.loaders import Dataset
from analysis.schema import WAR_EPISODES

INVASION = "2022-02-24"
YEAR_END = "2022-12-31"


def cited_sources(data: Dataset) -> int:
    """Number of distinct sources the tables of ``data`` cite (reports, links, claims, tallies)."""
    cited = pd.concat(
        [
            data.reports["source"],
            data.responses["source"],
            data.claims["source"],
            data.tallies["source"],
        ]
    )
    return int(cited.astype(str).nunique())


# --- saving ---------------------------------------------------------------------------------


def event_label(events: pd.DataFrame) -> pd.Series:
    """'POL → RUS, 2022-04-05' for each event."""
    return (
        events["expelling"].astype(str)
        + " → "
        + events["expelled"].astype(str)
        + ", "
        + events["announced"].dt.strftime("%Y-%m-%d")
    )


def reported_ranges(data: Dataset) -> pd.DataFrame:
    """Events whose sources disagree: ``summary.reported_range`` with low < high, labelled."""
    ranges = summary.reported_range(data.events, data.reports)
    ranges = ranges[ranges["low"] < ranges["high"]].copy()
    labels = event_label(data.events).set_axis(data.events["event_id"])
    ranges["label"] = labels.reindex(ranges["event_id"]).to_numpy()
    return ranges


def article_chart(data: Dataset) -> pd.DataFrame:
    """The article's seven figures beside our count (``claims.by_country``)."""
    return claims.by_country(data.claims, data.readings, data.events, "expelled_by_russia")


def stimulus_answer(data: Dataset) -> pd.DataFrame:
    """Each expulsion of Russians with Russia's answer (``reciprocity.counterpart_stimuli``)."""
    return reciprocity.counterpart_stimuli(data.events, data.responses)


def latest_announced(data: Dataset) -> pd.Timestamp:
    """The day of the latest event of ``data``: where the war's figures end."""
    return pd.Timestamp(data.events["announced"].max())


def timeline(
    data: Dataset, end: object = YEAR_END
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(running total per direction from the invasion to ``end``, dated tallies up to
    ``end`` with their scope (``scoped_tallies``), busiest week)."""
    cumulative = summary.cumulative_persons(data.events, start=INVASION, end=end)
    cumulative = summary.extend_to(cumulative, end)
    tallies = scoped_tallies(data)
    busiest = summary.busiest_window(data.events, days=7)
    return cumulative, tallies[tallies["date"] <= pd.Timestamp(end)], busiest


def _named_states(states: object) -> list[str]:
    """The codes a tally's ``states`` cell names; [] for '*' or empty (every or unnamed)."""
    if pd.isna(states) or str(states).strip() in ("", "*"):
        return []
    return str(states).split(";")


def scoped_tallies(data: Dataset) -> pd.DataFrame:
    """Every dated tally (``summary.tallies_against_data``) with the scope it counts.

    ``same_scope``: the tally counts from the invasion (window_start empty or 24 February
    2022) and names no state, like the running total; such a tally is drawn against it.
    Otherwise ``scope`` names the window (and states), and ``scope_count`` is our count of
    that scope: persons of the tally's direction announced in [window_start (else the
    invasion), date], only of the states it names when it names them, unknown figures as 0.
    """
    tallies = summary.tallies_against_data(data.tallies, data.events)
    tallies = tallies.dropna(subset=["date"]).reset_index(drop=True)
    states = data.tallies.set_index("tally_id")["states"]
    start = tallies["window_start"].fillna(pd.Timestamp(INVASION))
    named = [_named_states(states.get(t)) for t in tallies["tally_id"]]
    tallies["same_scope"] = [
        (day == pd.Timestamp(INVASION)) and not codes
        for day, codes in zip(start, named, strict=True)
    ]
    dirs = summary.direction(data.events).astype(str).to_numpy()
    counterpart = np.where(
        data.events["expelling"].astype(str) == "RUS",
        data.events["expelled"].astype(str),
        data.events["expelling"].astype(str),
    )
    counts, scopes = [], []
    for first, last, way, codes in zip(
        start, tallies["date"], tallies["direction"].astype(str), named, strict=True
    ):
        mask = (
            (dirs == way)
            & (data.events["announced"] >= first).to_numpy()
            & (data.events["announced"] <= last).to_numpy()
        )
        if codes:
            mask &= np.isin(counterpart, codes)
        counts.append(int(data.events.loc[mask, "persons"].fillna(0).sum()))
        window = (
            f"{first.day} {first:%b %Y}"
            if first == last
            else f"{first.day} {first:%b %Y} to {last.day} {last:%b %Y}"
        )
        who = ", ".join(state_name(c) for c in codes) if codes else "states not named"
        arrow = "by Russia" if way == "expelled_by_russia" else "of Russians"
        scopes.append(f"{window}\n{who}, {arrow}")
    tallies["scope_count"] = pd.array(counts, dtype="Int64")
    tallies["scope"] = scopes
    return tallies


def who_expelled_whom(data: Dataset) -> pd.DataFrame:
    """Persons each way per pair of states (``reciprocity.dyads``), with the state's name."""
    table = reciprocity.dyads(data.events)
    table["other_name"] = table["other"].map(state_name)
    return table


def reciprocity_over_time(data: Dataset, end: object = YEAR_END, freq: str = "ME") -> pd.DataFrame:
    """Network reciprocity of the events from the invasion up to each period's end."""
    return reciprocity.cumulative_windows(data.events, start=INVASION, end=end, freq=freq)


def episode_stimuli(data: Dataset) -> tuple[pd.DataFrame, list[str]]:
    """Counterpart stimuli of every episode, with its episode (the stimulus's), answered
    wherever the answer falls; episodes in time order."""
    order = summary.episodes_in_order(data.events)
    table = reciprocity.counterpart_stimuli(data.events, data.responses)
    episode_of = data.events.set_index("event_id")["episode"].astype(str)
    table["episode"] = table["stimulus"].map(episode_of)
    return table, order


def episode_profiles(data: Dataset) -> pd.DataFrame:
    """One row of reciprocity measures per episode (``reciprocity.compare_episodes``)."""
    return reciprocity.compare_episodes(data.events, data.responses)


def evidence_ranks(data: Dataset) -> pd.DataFrame:
    """Per episode and evidence rank: events whose figure is adopted from a report of that
    rank (``evidence.adopted_evidence``), and reports of that rank. Ranks 1-6 all present.
    """
    adopted = evidence.adopted_evidence(data.events, data.reports, data.sources)
    ranked = evidence.report_evidence(data.reports, data.sources)
    ranked["episode"] = ranked["event"].map(data.events.set_index("event_id")["episode"])
    episodes = summary.episodes_in_order(data.events)
    index = pd.MultiIndex.from_product(
        [episodes, list(evidence.RANK_NAMES)], names=["episode", "rank"]
    )
    table = pd.DataFrame(
        {
            "events": adopted.groupby(["episode", "rank"], observed=True).size(),
            "reports": ranked.groupby(["episode", "rank"], observed=True).size(),
        }
    )
    table = table.reindex(index).fillna(0).astype("int64").reset_index()
    table["rank_name"] = table["rank"].map(evidence.RANK_NAMES)
    return table


def persons_by_year(data: Dataset) -> pd.DataFrame:
    """Persons each way per year (``years.persons_by_year``)."""
    return years.persons_by_year(data.events, data.reports)


def answers_by_year(data: Dataset) -> pd.DataFrame:
    """How each year's measures were answered (``years.answers_by_year``)."""
    return years.answers_by_year(data.events, data.responses)


def pair_balances(data: Dataset, top: int = 30) -> pd.DataFrame:
    """The ``top`` pairs by persons both ways (``years.pair_balances``), with the state's name."""
    table = years.pair_balances(data.events).head(top)
    return table.assign(name=table["counterpart"].map(state_name))


def fifty_years(data: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For notebook 8's figure: Russia's answer to every expulsion of Russians, episode by
    episode (``counterpart_stimuli`` with its ``episode``, answered rows only), and the
    ``reciprocity.yardstick`` row of each episode, in order of first announcement."""
    order = summary.episodes_in_order(data.events)
    table = reciprocity.counterpart_stimuli(data.events, data.responses, split_chains=True)
    table["episode"] = table["stimulus"].map(
        data.events.set_index("event_id")["episode"].astype(str)
    )
    answered = table[table["answers"] != ""].copy()
    answered["mirrored"] = answered["group_answer_persons"] == answered["group_stimulus_persons"]
    profile = reciprocity.yardstick(data.events, data.responses, joint=WAR_EPISODES)
    return answered, profile.loc[order]


def timeline_table(
    cumulative: pd.DataFrame, tallies: pd.DataFrame, busiest: pd.Series
) -> pd.DataFrame:
    """What a timeline draws, in one long table: ``series`` is 'running total' (one row per
    step: date, direction, persons), 'tally' (date, direction, figure, our count of the same
    scope) or 'busiest week' (start and end)."""
    steps = cumulative.assign(series="running total").rename(columns={"announced": "date"})
    published = tallies.assign(series="tally", scope=tallies["scope"].str.replace("\n", "; "))
    week = pd.DataFrame(
        {
            "series": ["busiest week"],
            "date": [pd.Timestamp(busiest["start"])],
            "window_end": [pd.Timestamp(busiest["end"])],
            "persons": [busiest["persons"]],
        }
    )
    table = pd.concat([steps, published, week], ignore_index=True)
    table["persons"] = table["persons"].astype("Int64")
    first = ["series", "date", "direction", "persons"]
    return table[first + [c for c in table.columns if c not in first]]
