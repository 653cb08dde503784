"""Totals and tables the notebooks show, on small hand-worked tables."""

from __future__ import annotations

import pandas as pd
import pytest
from test_reciprocity import EVENTS, events_table

from analysis import claims, summary
from analysis import reciprocity as R
from analysis.countries import state_name


def named(events: pd.DataFrame) -> pd.DataFrame:
    out = events.copy()
    out["expelling_name"] = out["expelling"].map(state_name)
    out["expelled_name"] = out["expelled"].map(state_name)
    return out


def test_cumulative_persons_counts_unknown_as_zero_and_starts_at_zero() -> None:
    table = summary.cumulative_persons(EVENTS, start="2022-03-01", end="2022-04-30")
    by_russia = table[table["direction"] == "expelled_by_russia"]
    assert list(by_russia["persons"]) == [0, 45, 65]  # start, 8 Apr, 25 Apr
    expelled = table[table["direction"] == "russians_expelled"]
    # 23 Mar 45, 29 Mar 4, 4 Apr 35 + 40, 5 Apr 15, 11 Apr 6
    assert list(expelled["persons"]) == [0, 45, 49, 124, 139, 145]


def test_extend_to_repeats_the_last_total() -> None:
    table = summary.extend_to(summary.cumulative_persons(EVENTS), "2022-12-31")
    last = table.groupby("direction", observed=True).tail(1)
    assert set(last["announced"]) == {pd.Timestamp("2022-12-31")}
    assert sorted(last["persons"]) == [129, 145]


def test_monthly_totals_fill_quiet_months() -> None:
    table = summary.monthly_totals(EVENTS, "2022-03-01", "2022-06-30")
    assert list(table.index) == ["2022-03", "2022-04", "2022-05", "2022-06"]
    assert list(table["expelled_by_russia"]) == [0, 65, 129, 129]
    assert list(table["russians_expelled"]) == [49, 145, 145, 145]


def test_busiest_window_takes_the_earliest_on_a_tie() -> None:
    events = events_table(
        [
            ("a", "2022-01-01", "POL", "RUS", 5),
            ("b", "2022-01-10", "RUS", "POL", 5),
            ("c", "2022-01-20", "DEU", "RUS", None),
        ]
    )
    best = summary.busiest_window(events, days=3)
    assert (best["start"], best["end"], best["persons"], best["events"]) == (
        "2022-01-01",
        "2022-01-03",
        5,
        1,
    )
    with pytest.raises(ValueError, match="no events"):
        summary.busiest_window(events.iloc[0:0])


def test_tallies_against_data_uses_window_or_publication_date() -> None:
    tallies = pd.DataFrame(
        {
            "tally_id": ["dated", "published-only", "undated"],
            "published": pd.to_datetime([None, "2022-04-05", None]),
            "figure": [100, 50, 10],
            "qualifier": ["exact", "about", "exact"],
            "direction": ["russians_expelled", "russians_expelled", "expelled_by_russia"],
            "window_start": pd.to_datetime(["2022-04-01", None, None]),
            "window_end": pd.to_datetime(["2022-04-04", None, None]),
            "source": ["s1", "s2", "s3"],
        }
    )
    table = summary.tallies_against_data(tallies, EVENTS, default_start="2022-03-25")
    assert table["our_count"].tolist()[:2] == [75, 94]  # FRA 35 + DEU 40; + IRL 4 + DNK 15
    assert table["difference"].tolist()[:2] == [-25, 44]
    assert pd.isna(table.loc[2, "our_count"]) and pd.isna(table.loc[2, "date"])


def test_coverage_and_conflicts() -> None:
    table = summary.coverage(named(EVENTS)).set_index("counterpart")
    assert table.loc[
        "DEU", ["persons_expelling", "persons_expelled", "events_expelled"]
    ].tolist() == [40, 50, 2]
    assert table.loc["DNK", "unknown"] == 1
    assert table.index[0] == "DEU"  # 90 persons in all, the most
    reports = pd.DataFrame(
        {
            "event": ["pol", "pol", "irl"],
            "source": ["a", "b", "c"],
            "persons": pd.array([45, 40, 4], dtype="Int64"),
        }
    )
    events = EVENTS.assign(adopted_from="a")
    found = summary.conflicts(events, reports)
    assert found[["event_id", "persons", "low", "high", "reports"]].values.tolist() == [
        ["pol", 45, 40, 45, 2]
    ]


def test_cumulative_windows_end_at_each_month_and_at_end() -> None:
    table = R.cumulative_windows(EVENTS, "2022-03-01", "2022-04-15")
    assert [d.date().isoformat() for d in table["end"]] == ["2022-03-31", "2022-04-15"]
    assert table["persons"].tolist() == [49, 190]  # + 35 + 40 + 15 + 6 + 45 by 15 Apr
    assert table.loc[0, "binary"] == 0.0


def test_by_country_keeps_single_state_claims_of_one_direction() -> None:
    claims_table = pd.DataFrame(
        {
            "claim_id": ["A", "B", "C", "D"],
            "quote": ["q"] * 4,
            "claimed_value": [45, 30, 100, 4],
            "direction": ["expelled_by_russia"] * 3 + ["russians_expelled"],
            "episode": ["ukraine-2022"] * 4,
        }
    )
    readings = pd.DataFrame(
        {
            "reading_id": ["A-1", "A-2", "B-1", "C-1", "D-1"],
            "claim": ["A", "A", "B", "C", "D"],
            "label": ["r"] * 5,
            "natural": ["yes", "no", "yes", "yes", "yes"],
            "measure": ["persons"] * 5,
            "comparator": ["at_least"] * 5,
            "tolerance": pd.array([None] * 5, dtype="Int64"),
            "personnel": ["all"] * 5,
            "states": ["POL", "DEU", "DEU", "*", "IRL"],
            "window_start": pd.to_datetime(["2022-04-01"] * 5),
            "window_end": pd.to_datetime(["2022-05-19"] * 5),
        }
    )
    events = EVENTS.assign(episode="ukraine-2022", personnel="staff")
    table = claims.by_country(claims_table, readings, events, direction="expelled_by_russia")
    assert table[["claim_id", "name", "value", "verdict"]].values.tolist() == [
        ["A", "Poland", 45, "supported"],
        ["B", "Germany", 50, "supported"],
    ]


def test_episodes_in_order_of_first_announcement() -> None:
    events = pd.concat(
        [EVENTS.assign(episode="later"), events_table([("x", "2018-03-14", "GBR", "RUS", 23)])]
    ).assign(episode=lambda f: f["episode"].fillna("earlier"))
    assert summary.episodes_in_order(events) == ["earlier", "later"]
