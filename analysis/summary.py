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


def cumulative_persons(
    events: pd.DataFrame, start: object | None = None, end: object | None = None
) -> pd.DataFrame:
    """Running total of persons per direction, one row per (direction, announcement date).

    Events announced in [start, end]; unknown figures add 0 (the totals are floors). Each
    direction starts with a row at ``start`` (0 persons) when ``start`` is given, so steps
    begin at the window's start. Columns: ``direction``, ``announced``, ``persons``.
    """
    chosen = announced_within(events, start, end)
    daily = (
        pd.DataFrame(
            {
                "direction": direction(chosen),
                "announced": chosen["announced"],
                "persons": chosen["persons"].fillna(0),
            }
        )
        .groupby(["direction", "announced"], observed=True)["persons"]
        .sum()
        .reset_index()
    )
    if start is not None:
        first = pd.DataFrame(
            {
                "direction": pd.Categorical(
                    list(daily["direction"].cat.categories),
                    categories=daily["direction"].cat.categories,
                ),
                "announced": pd.Timestamp(start),
                "persons": 0,
            }
        )
        daily = pd.concat([first, daily], ignore_index=True)
        daily = daily.groupby(["direction", "announced"], observed=True)["persons"].sum()
        daily = daily.reset_index()
    daily["persons"] = daily.groupby("direction", observed=True)["persons"].cumsum()
    return daily.astype({"persons": "int64"})


def tallies_against_data(
    tallies: pd.DataFrame, events: pd.DataFrame, default_start: object = "2022-02-24"
) -> pd.DataFrame:
    """Each published tally beside our count of the same direction over the same window.

    ``date`` = the tally's window_end, else its publication date (missing if neither is
    known: such a tally cannot be placed). ``our_count`` = persons in events of the tally's
    direction announced in [window_start (or ``default_start``), date], every state counted,
    unknown figures as 0; missing when ``date`` is. Tallies count different sets of states
    (Europe, "the West", the EU), so the comparison is a check of order of magnitude.
    """
    out = tallies[
        ["tally_id", "published", "figure", "qualifier", "direction", "window_start", "source"]
    ].copy()
    out["date"] = tallies["window_end"].fillna(tallies["published"])
    start = tallies["window_start"].fillna(pd.Timestamp(default_start))
    dirs = direction(events).astype(str).to_numpy()
    counts = []
    for tally_start, tally_end, tally_direction in zip(
        start, out["date"], out["direction"], strict=True
    ):
        if pd.isna(tally_end):
            counts.append(pd.NA)
            continue
        mask = (
            (dirs == tally_direction)
            & (events["announced"] >= tally_start).to_numpy()
            & (events["announced"] <= tally_end).to_numpy()
        )
        counts.append(int(events.loc[mask, "persons"].fillna(0).sum()))
    out["our_count"] = pd.array(counts, dtype="Int64")
    out["difference"] = out["our_count"] - out["figure"].astype("Int64")
    return out.reset_index(drop=True)


def busiest_window(events: pd.DataFrame, days: int = 7) -> pd.Series:
    """The ``days``-long window (both ends included) with the most persons expelled, all
    directions together; the earliest such window on a tie.

    Returns ``start``, ``end`` (ISO dates), ``persons``, ``events``. Windows start on an
    announcement date. Raises ``ValueError`` on an empty table.
    """
    if events.empty:
        raise ValueError("no events")
    best: tuple[int, pd.Timestamp, int] | None = None
    for start in sorted(events["announced"].unique()):
        end = start + pd.Timedelta(days=days - 1)
        inside = events[(events["announced"] >= start) & (events["announced"] <= end)]
        persons = int(inside["persons"].fillna(0).sum())
        if best is None or persons > best[0]:
            best = (persons, start, len(inside))
    persons, start, count = best
    return pd.Series(
        {
            "start": start.date().isoformat(),
            "end": (start + pd.Timedelta(days=days - 1)).date().isoformat(),
            "persons": persons,
            "events": count,
        }
    )


def extend_to(cumulative: pd.DataFrame, end: object) -> pd.DataFrame:
    """``cumulative_persons`` with a last row per direction at ``end`` repeating its total,
    so that a step plot runs to the end of the window. Rows already at ``end`` stay as they are.
    """
    last = cumulative.groupby("direction", observed=True).tail(1)
    last = last[last["announced"] < pd.Timestamp(end)].assign(announced=pd.Timestamp(end))
    return pd.concat([cumulative, last], ignore_index=True)


def coverage(events: pd.DataFrame) -> pd.DataFrame:
    """Per counterpart of Russia: events and persons in each direction, and unknown figures.

    Columns: ``counterpart``, ``name``, ``events_expelling`` / ``persons_expelling`` (its
    expulsions of Russians), ``events_expelled`` / ``persons_expelled`` (Russia's expulsions
    of its personnel), ``unknown`` (events with no number, counted as 0 in the persons).
    Sorted by total persons, largest first, then by code.
    """
    by_russia = events["expelling"].astype(str) == RUSSIA
    names = events["expelled_name"].where(by_russia, events["expelling_name"])
    frame = pd.DataFrame(
        {
            "counterpart": counterpart(events),
            "name": names,
            "by_russia": by_russia,
            "persons": events["persons"].fillna(0),
            "unknown": events["persons"].isna(),
        }
    )
    grouped = frame.groupby(["counterpart", "name"])
    out = pd.DataFrame(
        {
            "events_expelling": grouped["by_russia"].agg(lambda s: int((~s).sum())),
            "persons_expelling": frame[~frame["by_russia"]]
            .groupby(["counterpart", "name"])["persons"]
            .sum(),
            "events_expelled": grouped["by_russia"].sum(),
            "persons_expelled": frame[frame["by_russia"]]
            .groupby(["counterpart", "name"])["persons"]
            .sum(),
            "unknown": grouped["unknown"].sum(),
        }
    )
    out = out.fillna(0).astype("int64").reset_index()
    total = out["persons_expelling"] + out["persons_expelled"]
    order = pd.DataFrame({"total": -total, "code": out["counterpart"]}).sort_values(
        ["total", "code"]
    )
    return out.loc[order.index].reset_index(drop=True)


def conflicts(events: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Events whose sources give different numbers: the adopted figure, the lowest and
    highest reported, how many reports give a number, and the source adopted.
    """
    spread = reported_range(events, reports)
    numbered = reports.dropna(subset=["persons"]).groupby("event").size()
    out = spread[spread["low"] < spread["high"]].copy()
    out["reports"] = numbered.reindex(out["event_id"]).to_numpy()
    out["adopted_from"] = (
        events.set_index("event_id")["adopted_from"].reindex(out["event_id"]).to_numpy()
    )
    return out.reset_index(drop=True)


def monthly_totals(events: pd.DataFrame, start: object, end: object) -> pd.DataFrame:
    """Running total of persons per direction at the end of each month from ``start`` to
    ``end``: one row per month ('YYYY-MM'), one column per direction (floors, as in
    ``cumulative_persons``). A month with no event repeats the previous total.
    """
    running = cumulative_persons(events, start, end)
    months = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="M")
    running = running.assign(month=running["announced"].dt.to_period("M"))
    last = running.groupby(["month", "direction"], observed=True)["persons"].last()
    table = last.reset_index().pivot_table(
        index="month", columns="direction", values="persons", aggfunc="last", observed=True
    )
    table = table.reindex(months).ffill().fillna(0).astype("int64")
    table.index = table.index.strftime("%Y-%m")
    table.columns = [str(c) for c in table.columns]
    return table.rename_axis("month")


def episodes_in_order(events: pd.DataFrame) -> list[str]:
    """The episodes of ``events``, in order of their first announcement."""
    first = events.groupby("episode", observed=True)["announced"].min()
    return list(first.sort_values().index)


# --- counts, defined once ---------------------------------------------------------------------

#: What each count of ``source_counts`` (and every count printed under the same name) counts.
#: Print a count under its key's name ("818 sources cited by a report") and nowhere define it
#: another way.
COUNT_DEFINITIONS: dict[str, str] = {
    "sources listed": "rows of sources.csv: every page that was read, cited or not",
    "sources cited by a report": (
        "distinct sources named by at least one row of reports.csv (a page that gives or "
        "describes an event)"
    ),
    "sources adopted by an event": (
        "distinct sources named in events.adopted_from: the pages whose figure an event adopts"
    ),
    "events": "rows of events.csv: one announced expulsion measure each",
    "states": (
        "distinct counterparts of Russia in the events: the states, and the EU counted as one, "
        "on the other side of Russia in at least one event"
    ),
}


def source_counts(dataset: object) -> pd.Series:
    """The counts of ``COUNT_DEFINITIONS`` for a dataset (any object with the ``sources``,
    ``reports`` and ``events`` frames of ``analysis.loaders.Dataset``), in that order.

    ``sources listed = len(sources)``; ``sources cited by a report = nunique(reports.source)``;
    ``sources adopted by an event = nunique(events.adopted_from)`` (an event with no adopted
    source adds nothing); ``events = len(events)``; ``states = nunique(counterpart(events))``.
    Empty tables give zeros. Returns an int64 Series indexed by the definitions' names.
    """
    sources = dataset.sources  # type: ignore[attr-defined]
    reports = dataset.reports  # type: ignore[attr-defined]
    events = dataset.events  # type: ignore[attr-defined]
    values = {
        "sources listed": len(sources),
        "sources cited by a report": int(reports["source"].dropna().astype(str).nunique()),
        "sources adopted by an event": int(events["adopted_from"].dropna().astype(str).nunique()),
        "events": len(events),
        "states": int(counterpart(events).nunique()) if len(events) else 0,
    }
    assert list(values) == list(COUNT_DEFINITIONS)
    return pd.Series(values, dtype="int64", name="count")


def describe_counts(counts: pd.Series) -> str:
    """'1036 sources listed, 818 sources cited by a report, …': each count by its defined name."""
    return ", ".join(f"{int(value)} {name}" for name, value in counts.items())


# --- totals that leave out events of unknown size -----------------------------------------------


def counted_with_unknown(events: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Per direction: the counted total and what the reports of its events of unknown size add.

    Columns: ``events``; ``persons`` = sum of adopted figures (an event of unknown size adds
    0: a floor); ``unknown`` = events with no adopted figure; ``unknown_reported`` = those of
    them for which at least one report gives a number; ``with_low`` / ``with_high`` =
    ``persons`` + the sum over the unknown events of their lowest / highest reported number
    (an unknown event no report numbers adds 0 to both). Known events stay at their adopted
    figure. ``low`` / ``high`` = every event at its lowest / highest reported number, known
    events too (``totals_by_direction``): a wider span, since sources of a known event may
    disagree with its adopted figure. Both directions always have a row (zeros when no event).
    """
    spread = reported_range(events, reports)
    unknown = spread["persons"].isna().to_numpy()
    table = pd.DataFrame(
        {
            "direction": direction(events).to_numpy(),
            "persons": events["persons"].to_numpy(),
            "unknown": unknown,
            "unknown_reported": unknown & spread["low"].notna().to_numpy(),
            "add_low": spread["low"].where(unknown, 0).fillna(0).to_numpy(),
            "add_high": spread["high"].where(unknown, 0).fillna(0).to_numpy(),
            "low": spread["low"].to_numpy(),
            "high": spread["high"].to_numpy(),
        }
    )
    table["direction"] = pd.Categorical(
        table["direction"], categories=["expelled_by_russia", "russians_expelled"]
    )
    grouped = table.groupby("direction", observed=False)
    out = pd.DataFrame(
        {
            "events": grouped.size(),
            "persons": grouped["persons"].sum(),
            "unknown": grouped["unknown"].sum(),
            "unknown_reported": grouped["unknown_reported"].sum(),
            "with_low": grouped["persons"].sum() + grouped["add_low"].sum(),
            "with_high": grouped["persons"].sum() + grouped["add_high"].sum(),
            "low": grouped["low"].sum(),
            "high": grouped["high"].sum(),
        }
    )
    return out.fillna(0).astype("int64")


def _count_words(n: int, noun: str) -> str:
    """'the one event', 'the 2 events' (the count in digits above one, so it can be checked)."""
    return f"the one {noun}" if n == 1 else f"the {n} {noun}s"


def counted_line(row: pd.Series, every_event: bool = False) -> str:
    """One line for a total that may leave out events of unknown size (a row of
    ``counted_with_unknown``).

    - no unknown event: ``'167 counted'``;
    - unknown events, reports number some: ``'167 counted; 197-211 with the figures reported
      for the one event of unknown size'`` (a single number when low = high); when only some
      are numbered: ``'…for 2 of the 3 events of unknown size'``;
    - unknown events no report numbers: ``'167 counted; 2 events of unknown size left out (no
      report gives a number)'``.

    ``every_event``: when the span with every event at its lowest / highest reported figure
    (``low``-``high``) differs from that, add it: ``'…; 197-211 with every event at its lowest
    or highest reported figure'``.
    """
    persons, unknown, reported = (
        int(row["persons"]),
        int(row["unknown"]),
        int(row["unknown_reported"]),
    )
    line = f"{persons} counted"
    with_low, with_high = persons, persons
    if unknown and not reported:
        noun = "event" if unknown == 1 else "events"
        line += f"; {unknown} {noun} of unknown size left out (no report gives a number)"
    elif unknown:
        with_low, with_high = int(row["with_low"]), int(row["with_high"])
        whose = (
            _count_words(unknown, "event")
            if reported == unknown
            else f"{reported} of the {unknown} events"
        )
        line += (
            f"; {_span(with_low, with_high)} with the figures reported for {whose} of unknown size"
        )
    if every_event and (int(row["low"]), int(row["high"])) != (with_low, with_high):
        span = _span(int(row["low"]), int(row["high"]))
        line += f"; {span} with every event at its lowest or highest reported figure"
    return line


def _span(low: int, high: int) -> str:
    """'197-211', or '197' when both ends are equal."""
    return f"{low}" if low == high else f"{low}-{high}"
