"""The war year by year, after the article: persons each way, the largest measures, how
measures were answered, network reciprocity, where each pair of states stood at the end, and
published totals reconciled with our count.

Every function takes DataFrames shaped like the loaded tables and returns a tidy DataFrame;
none reads files. Persons are the adopted figures; an unknown figure adds 0 to a sum (so sums
are floors) and its event is counted in ``unknown``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import evidence, reciprocity
from analysis.countries import RUSSIA
from analysis.summary import (
    announced_within,
    counterpart,
    direction,
    reported_range,
    totals_by_direction,
)

#: Who answers in ``answers_by_year``: Russia answering expulsions of its personnel, or the
#: other states answering Russia's measures.
ANSWERING_SIDES = ("russia_answers", "others_answer")


def year_of(events: pd.DataFrame) -> pd.Series:
    """The calendar year each event was announced in."""
    return events["announced"].dt.year.rename("year")


def persons_by_year(events: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per (year, direction) of the years with an event.

    Columns: ``events``, ``unknown`` (events with no number), ``persons`` (adopted figures,
    a floor), ``low`` / ``high`` (every event at its lowest / highest reported figure; an
    event no source numbers adds 0 to both), ``states`` (counterparts of Russia with an
    event that year and direction). A direction with no event in a year has a row of zeros.
    """
    rows = []
    for year, chosen in events.groupby(year_of(events), sort=True):
        table = totals_by_direction(chosen, reports)
        table["states"] = (
            counterpart(chosen)
            .groupby(direction(chosen), observed=False)
            .nunique()
            .reindex(table.index, fill_value=0)
            .astype("Int64")
        )
        rows.append(table.reset_index().assign(year=int(year)))
    columns = ["year", "direction", "events", "unknown", "persons", "low", "high", "states"]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.concat(rows, ignore_index=True)[columns]
    return out.astype({"year": "int64", "direction": "str"})


def evidence_by_year(
    events: pd.DataFrame, reports: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """What each year's data rest on. One row per year with an event: ``events``, ``states``
    (counterparts of Russia), ``reports``, ``sources`` (distinct sources of those reports),
    ``first_hand`` (events whose figure is adopted from a first-hand report of rank 1-3,
    see ``evidence.adopted_evidence``), ``first_hand_share`` = first_hand / events, and one
    column per rank 1-5 (events adopted from a report of that rank).
    """
    adopted = evidence.adopted_evidence(events, reports, sources)
    adopted["year"] = year_of(events).to_numpy()
    adopted["first"] = (adopted["hand"] == "first") & (adopted["rank"] <= 3)
    report_year = reports["event"].map(events.set_index("event_id")["announced"].dt.year)
    rows = []
    for year, group in adopted.groupby("year", sort=True):
        chosen = events[year_of(events) == year]
        in_year = reports[report_year == year]
        ranks = group["rank"].value_counts()
        rows.append(
            {
                "year": int(year),
                "events": len(group),
                "states": int(counterpart(chosen).nunique()),
                "reports": len(in_year),
                "sources": int(in_year["source"].nunique()),
                "first_hand": int(group["first"].fillna(False).sum()),
                "first_hand_share": float(group["first"].fillna(False).mean()),
                **{f"rank_{r}": int(ranks.get(r, 0)) for r in range(1, 6)},
            }
        )
    return pd.DataFrame(rows)


def largest_events(events: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` events with the most persons, largest first (ties: earlier, then by id).

    Events with no number are left out: their size is unknown, not small.
    """
    numbered = events.dropna(subset=["persons"])
    ordered = numbered.assign(_minus=-numbered["persons"].astype("int64")).sort_values(
        ["_minus", "announced", "event_id"]
    )
    columns = [
        "event_id",
        "announced",
        "expelling",
        "expelled",
        "persons",
        "qualifier",
        "personnel",
    ]
    return ordered.head(n)[columns].reset_index(drop=True)


def answers_by_year(
    events: pd.DataFrame, responses: pd.DataFrame, as_of: object | None = None
) -> pd.DataFrame:
    """How measures announced in each year were answered, on each side.

    ``russia_answers``: stimuli that expel Russian personnel, answered by Russia;
    ``others_answer``: stimuli by Russia, answered by the state hit. Stimuli and answers are
    those of ``reciprocity.stimuli`` over all ``events`` (an answer may fall in a later year).
    Columns per (year, side): ``stimuli``, ``answered``, ``answered_share`` (answered /
    stimuli; missing with no stimulus), ``median_lag_days`` (days to the first answer, over
    answered stimuli), ``median_ratio`` (answer persons / stimulus persons over answered
    stimuli with both known), and ``waiting`` (unanswered stimuli). With ``as_of``, only
    events announced up to that day count: the latest year's share is then a floor, since
    answers may still come.
    """
    table = reciprocity.stimuli(events, responses, as_of=as_of)
    table["year"] = table["announced"].dt.year
    russia_answers, others_answer = ANSWERING_SIDES
    table["side"] = (table["expelled"].astype(str) == RUSSIA).map(
        {True: russia_answers, False: others_answer}
    )
    table["is_answered"] = table["answers"] != ""
    rows = []
    for (year, side), group in table.groupby(["year", "side"], sort=True):
        answered = group[group["is_answered"]]
        lags = answered["lag_first_days"].dropna()
        ratios = answered["response_ratio"].dropna()
        rows.append(
            {
                "year": int(year),
                "side": side,
                "stimuli": len(group),
                "answered": len(answered),
                "answered_share": len(answered) / len(group),
                "median_lag_days": float(lags.median()) if len(lags) else float("nan"),
                "median_ratio": float(ratios.median()) if len(ratios) else float("nan"),
                "waiting": len(group) - len(answered),
            }
        )
    columns = [
        "year",
        "side",
        "stimuli",
        "answered",
        "answered_share",
        "median_lag_days",
        "median_ratio",
        "waiting",
    ]
    return pd.DataFrame(rows, columns=columns)


def network_by_year(events: pd.DataFrame) -> pd.DataFrame:
    """``reciprocity.network_measures`` of the events announced in each year (a year's
    expulsions answered the next year count as unanswered in both years), with N = the
    states with an event that year. One row per year with an event.
    """
    rows = []
    for year, chosen in events.groupby(year_of(events), sort=True):
        n_states = int(pd.unique(pd.concat([chosen["expelling"], chosen["expelled"]])).size)
        measures = reciprocity.network_measures(chosen, n_states)
        rows.append({"year": int(year), **measures.to_dict()})
    table = pd.DataFrame(rows)
    return table.astype({"states": "int64", "links": "int64", "persons": "int64"})


def pair_balances(events: pd.DataFrame) -> pd.DataFrame:
    """Where each pair (Russia, counterpart) stood after all ``events``.

    Columns: ``counterpart``; ``russia_expelled`` (persons of the counterpart Russia
    expelled) and ``russians_expelled`` (Russian persons it expelled); ``balance`` =
    russia_expelled - russians_expelled (> 0: Russia expelled more); ``events``,
    ``unknown_events``; ``first`` and ``last`` announcement; ``last_mover`` (who announced
    the latest measure: 'RUS', the counterpart, or 'both' when both did that day). Sorted by
    persons both ways, largest first, then by code.
    """
    table = reciprocity.dyads(events)
    table = table[table["state"] == RUSSIA].rename(
        columns={
            "other": "counterpart",
            "state_expelled": "russia_expelled",
            "other_expelled": "russians_expelled",
            "net_balance": "balance",
        }
    )
    frame = pd.DataFrame(
        {
            "counterpart": counterpart(events).to_numpy(),
            "expelling": events["expelling"].astype(str).to_numpy(),
            "announced": events["announced"].to_numpy(),
        }
    )
    grouped = frame.groupby("counterpart")
    first = grouped["announced"].min()
    last = grouped["announced"].max()
    latest = frame[frame["announced"] == frame["counterpart"].map(last)]
    movers = latest.groupby("counterpart")["expelling"].agg(
        lambda s: s.iloc[0] if (s == s.iloc[0]).all() else "both"
    )
    table = table.assign(
        first=table["counterpart"].map(first),
        last=table["counterpart"].map(last),
        last_mover=table["counterpart"].map(movers),
    )
    total = -(table["russia_expelled"] + table["russians_expelled"]).astype("int64")
    table = table.assign(_total=total).sort_values(["_total", "counterpart"])
    columns = [
        "counterpart",
        "russia_expelled",
        "russians_expelled",
        "balance",
        "events",
        "unknown_events",
        "first",
        "last",
        "last_mover",
    ]
    return table[columns].reset_index(drop=True)


def _counted(tally: pd.Series, events: pd.DataFrame) -> pd.DataFrame:
    """The events of the tally's direction and, when it names them (``states``), its states."""
    same = events[direction(events).astype(str) == tally["direction"]]
    named = tally.get("states")
    if isinstance(named, str) and named != "*":
        same = same[counterpart(same).isin(named.split(";"))]
    return same


def _window(tally: pd.Series, default_start: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = tally["window_start"] if pd.notna(tally["window_start"]) else default_start
    end = tally["window_end"] if pd.notna(tally["window_end"]) else tally["published"]
    return pd.Timestamp(start), pd.Timestamp(end)


#: The columns of events and reports that ``gap_events`` and ``tally_gaps`` read.
_GAP_EVENT_COLUMNS = ["event_id", "announced", "persons", "expelling", "expelled"]
_GAP_REPORT_COLUMNS = ["event", "persons"]


def _narrow(events: pd.DataFrame, reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``events`` and ``reports`` with only the columns the gaps read (same rows, same
    index): ``_GAP_EVENT_COLUMNS``, ``_GAP_REPORT_COLUMNS``."""
    return events[_GAP_EVENT_COLUMNS], reports[_GAP_REPORT_COLUMNS]


def gap_events(
    tally: pd.Series,
    events: pd.DataFrame,
    reports: pd.DataFrame,
    margin_days: int = 14,
    default_start: object = "2022-02-24",
) -> pd.DataFrame:
    """The events that can explain a gap between a published tally and our count.

    Among events of the tally's direction (and of its ``states`` when it names them, not
    '*'): those inside its window with no number
    (``why`` = 'no number'); those inside whose sources disagree (``why`` = 'sources give
    LOW-HIGH'); those announced within ``margin_days`` after the window's end ('after the
    window'), which a tally counting to its publication may include. ``up`` is how much the
    event could add to our count (high - adopted; missing when no number is known), ``down``
    how much it could take away (adopted - low). The window is [window_start or
    ``default_start``, window_end or published]; a tally with neither date has no window and
    raises ``ValueError``.
    """
    if pd.isna(tally["window_end"]) and pd.isna(tally["published"]):
        raise ValueError(f"tally {tally['tally_id']} has no date: it has no window")
    events, reports = _narrow(events, reports)
    start, end = _window(tally, default_start)
    same = _counted(tally, events)
    inside = announced_within(same, start, end)
    spread = reported_range(inside, reports).set_index("event_id")
    after = announced_within(
        same, end + pd.Timedelta(days=1), end + pd.Timedelta(days=margin_days)
    )
    rows = []
    for event in inside.itertuples():
        low, high = spread.at[event.event_id, "low"], spread.at[event.event_id, "high"]
        if pd.isna(event.persons):
            rows.append((event, "no number", pd.NA, 0))
        elif pd.notna(low) and low < high:
            rows.append(
                (
                    event,
                    f"sources give {int(low)}-{int(high)}",
                    high - event.persons,
                    event.persons - low,
                )
            )
    for event in after.itertuples():
        days = (event.announced - end).days
        rows.append((event, f"announced {days} days after the window", event.persons, 0))
    records = [
        {
            "event_id": event.event_id,
            "announced": event.announced,
            "persons": event.persons,
            "why": why,
            "up": up,
            "down": down,
        }
        for event, why, up, down in rows
    ]
    columns = ["event_id", "announced", "persons", "why", "up", "down"]
    out = pd.DataFrame(records, columns=columns)
    return out.astype({"persons": "Int64", "up": "Int64", "down": "Int64"})


class _GapColumns(NamedTuple):
    """The columns ``tally_gaps`` reads, as NumPy arrays over the events (in their order):
    ids, days, adopted persons (0 where unknown, and a mask of those), direction and
    counterpart as text, and the lowest and highest reported figures (``reported_range``;
    0 where none, and a mask of those)."""

    event_id: np.ndarray
    announced: np.ndarray
    persons: np.ndarray
    unknown: np.ndarray
    direction: np.ndarray
    counterpart: np.ndarray
    low: np.ndarray
    high: np.ndarray
    unranged: np.ndarray

    @classmethod
    def of(cls, events: pd.DataFrame, reports: pd.DataFrame) -> _GapColumns:
        spread = reported_range(events, reports)
        return cls(
            event_id=events["event_id"].to_numpy(dtype=object),
            announced=events["announced"].to_numpy(),
            persons=events["persons"].fillna(0).to_numpy(dtype="int64"),
            unknown=events["persons"].isna().to_numpy(dtype=bool),
            direction=direction(events).astype(str).to_numpy(dtype=object),
            counterpart=counterpart(events).to_numpy(dtype=object),
            low=spread["low"].fillna(0).to_numpy(dtype="int64"),
            high=spread["high"].fillna(0).to_numpy(dtype="int64"),
            unranged=spread["low"].isna().to_numpy(dtype=bool),
        )


def _between(days: np.ndarray, first: pd.Timestamp, last: pd.Timestamp) -> np.ndarray:
    """True where a day lies in [first, last] (``announced_within``)."""
    return (days >= first.to_datetime64()) & (days <= last.to_datetime64())


def _gap(
    tally: pd.Series, columns: _GapColumns, margin_days: int, default_start: object
) -> tuple[int, int, int, int, list[str]]:
    """For one dated tally: ours, unknown, could_add, could_remove and the 'event_id (why)'
    of each event of ``gap_events``, in its order; the same rules over ``_GapColumns``."""
    start, end = _window(tally, default_start)
    counted = columns.direction == tally["direction"]
    named = tally.get("states")
    if isinstance(named, str) and named != "*":
        states = set(named.split(";"))
        counted &= np.fromiter(
            (state in states for state in columns.counterpart), dtype=bool, count=len(counted)
        )
    inside = counted & _between(columns.announced, start, end)
    after = counted & _between(
        columns.announced, end + pd.Timedelta(days=1), end + pd.Timedelta(days=margin_days)
    )
    ours = int(columns.persons[inside].sum())
    unknown = int(np.count_nonzero(columns.unknown[inside]))
    could_add = could_remove = 0
    explained = []
    for i in np.flatnonzero(inside):
        if columns.unknown[i]:
            explained.append(f"{columns.event_id[i]} (no number)")
        elif not columns.unranged[i] and columns.low[i] < columns.high[i]:
            low, high, persons = int(columns.low[i]), int(columns.high[i]), int(columns.persons[i])
            explained.append(f"{columns.event_id[i]} (sources give {low}-{high})")
            could_add += high - persons
            could_remove += persons - low
    end_day = end.to_datetime64()
    for i in np.flatnonzero(after):
        days = int((columns.announced[i] - end_day) // np.timedelta64(1, "D"))
        explained.append(f"{columns.event_id[i]} (announced {days} days after the window)")
        could_add += 0 if columns.unknown[i] else int(columns.persons[i])
    return ours, unknown, could_add, could_remove, explained


def tally_gaps(
    tallies: pd.DataFrame,
    events: pd.DataFrame,
    reports: pd.DataFrame,
    margin_days: int = 14,
    default_start: object = "2022-02-24",
) -> pd.DataFrame:
    """Each dated tally beside our count over its window and what the gap could be made of.

    Per tally: ``states`` (as the tally names them; empty when it does not), ``ours``
    (adopted persons in the window, of the tally's direction and, when
    it names them, its ``states``: a floor), ``gap`` = figure - ours,
    ``unknown`` (events in the window with no number), ``could_add`` (sum of ``up`` of
    ``gap_events``: higher reported figures inside the window plus events up to
    ``margin_days`` after it), ``could_remove`` (sum of ``down``), and ``reach``: 'within'
    when ours - could_remove <= figure <= ours + could_add, else 'above' or 'below' (the
    tally is above / below anything our events can reach: it counts other things, or events
    we lack); ``explained_by``: those events as 'event_id (why)' joined by '; ' (empty when no
    event can move our count). Undated tallies are left out.
    """
    # Only the columns the windows, directions, states and ranges read: every filter of the
    # loop below copies them, not the whole events table.
    events, reports = _narrow(events, reports)
    columns = _GapColumns.of(events, reports)
    rows = []
    for tally in tallies.itertuples(index=False):
        tally = pd.Series(tally._asdict())
        if pd.isna(tally["window_end"]) and pd.isna(tally["published"]):
            continue
        start, end = _window(tally, default_start)
        ours, unknown, could_add, could_remove, explained = _gap(
            tally, columns, margin_days, default_start
        )
        figure = int(tally["figure"])
        if ours - could_remove <= figure <= ours + could_add:
            reach = "within"
        else:
            reach = "above" if figure > ours + could_add else "below"
        rows.append(
            {
                "tally_id": tally["tally_id"],
                "direction": tally["direction"],
                "states": tally.get("states") if isinstance(tally.get("states"), str) else "",
                "start": start,
                "end": end,
                "qualifier": tally["qualifier"],
                "figure": figure,
                "ours": ours,
                "gap": figure - ours,
                "unknown": unknown,
                "could_add": could_add,
                "could_remove": could_remove,
                "reach": reach,
                "explained_by": "; ".join(explained),
            }
        )
    columns = [
        "tally_id",
        "direction",
        "states",
        "start",
        "end",
        "qualifier",
        "figure",
        "ours",
        "gap",
        "unknown",
        "could_add",
        "could_remove",
        "reach",
        "explained_by",
    ]
    return pd.DataFrame(rows, columns=columns)
