"""Totals over the validated tables: persons by direction, with the spread of reported figures."""

from __future__ import annotations

import pandas as pd

from analysis.countries import RUSSIA


def announced_within(
    events: pd.DataFrame, start: object | None = None, end: object | None = None
) -> pd.DataFrame:
    """Events announced in [start, end], both bounds included; a bound of None is open."""
    chosen = events
    if start is not None:
        chosen = chosen[chosen["announced"] >= pd.Timestamp(start)]
    if end is not None:
        chosen = chosen[chosen["announced"] <= pd.Timestamp(end)]
    return chosen


def direction(events: pd.DataFrame) -> pd.Series:
    """'expelled_by_russia' where Russia expels, 'russians_expelled' where Russians are expelled.

    Every event has Russia on exactly one side (a validation rule), so no third value occurs.
    """
    by_russia = events["expelling"].astype(str) == RUSSIA
    return pd.Series(
        pd.Categorical(
            by_russia.map({True: "expelled_by_russia", False: "russians_expelled"}),
            categories=["expelled_by_russia", "russians_expelled"],
        ),
        index=events.index,
        name="direction",
    )


def counterpart(events: pd.DataFrame) -> pd.Series:
    """The code of the state (or EU) on the other side of Russia in each event."""
    by_russia = events["expelling"].astype(str) == RUSSIA
    other = events["expelled"].astype(str).where(by_russia, events["expelling"].astype(str))
    return other.rename("counterpart")


def reported_range(events: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Per event: the lowest and highest number any source reports, beside the adopted one.

    ``low = min(reported persons)``, ``high = max(reported persons)`` over the event's reports
    that give a number; an event whose sources give no number has missing low and high. The
    adopted figure is always within [low, high] when it comes from a report.
    """
    numbers = reports.dropna(subset=["persons"]).groupby("event")["persons"]
    spread = pd.DataFrame({"low": numbers.min(), "high": numbers.max()})
    out = events[["event_id", "persons"]].join(spread, on="event_id")
    return out.astype({"low": "Int64", "high": "Int64"})


def totals_by_direction(
    events: pd.DataFrame,
    reports: pd.DataFrame,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Events and persons per direction among events announced in [start, end] (inclusive).

    Columns: ``events``; ``unknown`` (events with no number); ``persons`` (sum of adopted
    figures, unknown counted as 0 — a floor); ``low``/``high`` (the same sum with every event
    at its lowest/highest reported figure). An open bound (None) does not filter.
    """
    chosen = announced_within(events, start, end)
    spread = reported_range(chosen, reports)
    table = pd.DataFrame(
        {
            "direction": direction(chosen),
            "persons": chosen["persons"],
            "low": spread["low"].to_numpy(),
            "high": spread["high"].to_numpy(),
        }
    )
    grouped = table.groupby("direction", observed=False)
    return pd.DataFrame(
        {
            "events": grouped.size(),
            "unknown": grouped["persons"].agg(lambda s: int(s.isna().sum())),
            "persons": grouped["persons"].sum(),
            "low": grouped["low"].sum(),
            "high": grouped["high"].sum(),
        }
    ).astype("Int64")
