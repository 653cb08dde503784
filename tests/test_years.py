"""The war year by year (``analysis.years``) on hand-worked tables with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import years


def events_table(rows: list[tuple[str, str, str, str, int | None]]) -> pd.DataFrame:
    """Events from (id, date, expelling, expelled, persons) tuples."""
    frame = pd.DataFrame(
        rows, columns=["event_id", "announced", "expelling", "expelled", "persons"]
    )
    frame["announced"] = pd.to_datetime(frame["announced"])
    frame["persons"] = frame["persons"].astype("Int64")
    frame["qualifier"] = frame["persons"].map(lambda p: "unknown" if pd.isna(p) else "exact")
    frame["personnel"] = "diplomats"
    return frame


def reports_table(rows: list[tuple[str, int | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["event", "persons"]).astype({"persons": "Int64"})


# 2022: Moldova expels 1, Russia answers in 2023 with 1. 2023: Moldova cuts 45, Russia answers
# with 10 (sources: 10 or 12); Norway expels 15, unanswered; Russia expels 2 Americans first,
# the US answers with 2. 2024: Russia expels an unknown number of Poles.
EVENTS = events_table(
    [
        ("mda-22", "2022-12-20", "MDA", "RUS", 1),
        ("rus-mda-23a", "2023-01-10", "RUS", "MDA", 1),
        ("mda-23", "2023-07-26", "MDA", "RUS", 45),
        ("rus-mda-23b", "2023-08-02", "RUS", "MDA", 10),
        ("nor-23", "2023-04-13", "NOR", "RUS", 15),
        ("rus-usa-23", "2023-09-14", "RUS", "USA", 2),
        ("usa-23", "2023-09-21", "USA", "RUS", 2),
        ("rus-pol-24", "2024-12-05", "RUS", "POL", None),
    ]
)
LINKS = pd.DataFrame(
    [
        ("rus-mda-23a", "mda-22"),
        ("rus-mda-23b", "mda-23"),
        ("usa-23", "rus-usa-23"),
    ],
    columns=["response", "stimulus"],
)
REPORTS = reports_table(
    [
        ("mda-22", 1),
        ("rus-mda-23a", 1),
        ("mda-23", 45),
        ("rus-mda-23b", 10),
        ("rus-mda-23b", 12),
        ("nor-23", 15),
        ("rus-usa-23", 2),
        ("usa-23", 2),
        ("rus-pol-24", None),
    ]
)


def test_persons_by_year_hand_worked() -> None:
    table = years.persons_by_year(EVENTS, REPORTS).set_index(["year", "direction"])
    assert table.loc[(2023, "russians_expelled")].to_dict() == {
        "events": 3,
        "unknown": 0,
        "persons": 62,
        "low": 62,
        "high": 62,
        "states": 3,
    }
    assert table.loc[(2023, "expelled_by_russia")].to_dict() == {
        "events": 3,
        "unknown": 0,
        "persons": 13,
        "low": 13,
        "high": 15,
        "states": 2,
    }
    # A direction with no event that year is a row of zeros, not a missing row.
    assert table.loc[(2024, "russians_expelled"), "events"] == 0
    assert table.loc[(2024, "expelled_by_russia"), "unknown"] == 1
    assert table.loc[(2024, "expelled_by_russia"), "persons"] == 0
    assert list(table.index.get_level_values("year").unique()) == [2022, 2023, 2024]


def test_largest_events_leaves_out_unknown_and_breaks_ties_by_date() -> None:
    top = years.largest_events(EVENTS, n=4)
    assert list(top["event_id"]) == ["mda-23", "nor-23", "rus-mda-23b", "rus-usa-23"]
    assert "rus-pol-24" not in set(years.largest_events(EVENTS, n=100)["event_id"])


def test_answers_by_year_counts_answers_in_later_years() -> None:
    table = years.answers_by_year(EVENTS, LINKS).set_index(["year", "side"])
    # Moldova's 2022 expulsion was answered in January 2023: it counts for 2022.
    assert table.loc[(2022, "russia_answers"), "answered"] == 1
    assert table.loc[(2022, "russia_answers"), "median_lag_days"] == 21
    row = table.loc[(2023, "russia_answers")]
    assert (row["stimuli"], row["answered"], row["waiting"]) == (2, 1, 1)
    assert row["answered_share"] == 0.5
    assert row["median_ratio"] == pytest.approx(10 / 45)
    others = table.loc[(2023, "others_answer")]
    assert (others["stimuli"], others["answered"], others["median_ratio"]) == (1, 1, 1.0)
    # Russia's 2024 measure is unanswered: a stimulus still waiting.
    assert table.loc[(2024, "others_answer"), "waiting"] == 1


def test_answers_by_year_as_of_censors_late_answers() -> None:
    table = years.answers_by_year(EVENTS, LINKS, as_of="2022-12-31").set_index(["year", "side"])
    assert table.loc[(2022, "russia_answers"), "answered"] == 0
    assert list(table.index.get_level_values("year")) == [2022]


def test_network_by_year_counts_a_cross_year_answer_in_neither_year() -> None:
    table = years.network_by_year(EVENTS).set_index("year")
    assert table.loc[2022, "binary"] == 0.0  # MDA>RUS alone; Russia answered in 2023
    # 2023 links: RUS>MDA, MDA>RUS, NOR>RUS, RUS>USA, USA>RUS: 4 of 5 have their reverse.
    assert table.loc[2023, "links"] == 5
    assert table.loc[2023, "binary"] == pytest.approx(4 / 5)
    # Weighted: min(11, 45) + min(45, 11) + 2 + 2 over 1 + 10 + 45 + 15 + 2 + 2 persons.
    assert table.loc[2023, "weighted"] == pytest.approx((11 + 11 + 2 + 2) / 75)
    assert math.isnan(table.loc[2024, "weighted"])  # only an unknown figure


def test_pair_balances_hand_worked() -> None:
    table = years.pair_balances(EVENTS).set_index("counterpart")
    assert table.loc["MDA", ["russia_expelled", "russians_expelled", "balance"]].tolist() == [
        11,
        46,
        -35,
    ]
    assert table.loc["MDA", "last_mover"] == "RUS"
    assert table.loc["USA", "last_mover"] == "USA"
    assert table.loc["POL", "unknown_events"] == 1
    assert table.loc["NOR", "first"] == pd.Timestamp("2023-04-13")
    assert list(table.index) == ["MDA", "NOR", "USA", "POL"]


TALLIES = pd.DataFrame(
    {
        "tally_id": ["ru-2023", "undated"],
        "published": pd.to_datetime(["2023-08-01", None]),
        "figure": pd.array([60, 9], dtype="Int64"),
        "qualifier": ["exact", "exact"],
        "direction": ["russians_expelled", "russians_expelled"],
        "window_start": pd.to_datetime(["2023-01-01", None]),
        "window_end": pd.to_datetime([None, None]),
    }
)


def test_gap_events_name_what_can_close_the_gap() -> None:
    tally = TALLIES.iloc[0]
    # Inside the window every figure is agreed; the US answer of 21 September is 51 days late.
    assert years.gap_events(tally, EVENTS, REPORTS, margin_days=14).empty
    late = years.gap_events(tally, EVENTS, REPORTS, margin_days=60)
    assert late.to_dict("records")[0]["why"] == "announced 51 days after the window"
    by_russia = pd.Series(
        {
            "tally_id": "rus",
            "published": pd.Timestamp("2023-07-31"),
            "direction": "expelled_by_russia",
            "window_start": pd.Timestamp("2023-01-01"),
            "window_end": pd.NaT,
        }
    )
    gaps = years.gap_events(by_russia, EVENTS, REPORTS, margin_days=14).set_index("event_id")
    assert gaps.loc["rus-mda-23b", "why"] == "announced 2 days after the window"
    assert gaps.loc["rus-mda-23b", "up"] == 10
    by_russia["window_end"] = pd.Timestamp("2023-12-31")
    gaps = years.gap_events(by_russia, EVENTS, REPORTS).set_index("event_id")
    assert gaps.loc["rus-mda-23b", "why"] == "sources give 10-12"
    assert (gaps.loc["rus-mda-23b", "up"], gaps.loc["rus-mda-23b", "down"]) == (2, 0)


def test_gap_events_refuses_an_undated_tally() -> None:
    with pytest.raises(ValueError, match="no date"):
        years.gap_events(TALLIES.iloc[1], EVENTS, REPORTS)


def test_tally_gaps_reach() -> None:
    table = years.tally_gaps(TALLIES, EVENTS, REPORTS, margin_days=14).set_index("tally_id")
    assert "undated" not in table.index
    row = table.loc["ru-2023"]
    # Moldova 45 + Norway 15 by 1 August; the US answer of 21 September is too late.
    assert (row["ours"], row["gap"], row["reach"]) == (60, 0, "within")
    higher = TALLIES.assign(figure=pd.array([70, 9], dtype="Int64"))
    assert years.tally_gaps(higher, EVENTS, REPORTS).loc[0, "reach"] == "above"
    lower = TALLIES.assign(figure=pd.array([50, 9], dtype="Int64"))
    assert years.tally_gaps(lower, EVENTS, REPORTS).loc[0, "reach"] == "below"


def test_evidence_by_year_hand_worked() -> None:
    events = EVENTS.assign(
        adopted_from=["s-gov", "s-tass", "s-gov", "s-tass", "s-blog", "s-tass", "s-gov", "s-tass"],
        episode="x",
    )
    reports = REPORTS.assign(
        report_id=[f"r{i}" for i in range(len(REPORTS))],
        source=[
            "s-gov",
            "s-tass",
            "s-gov",
            "s-tass",
            "s-blog",
            "s-blog",
            "s-tass",
            "s-gov",
            "s-tass",
        ],
        qualifier=["exact"] * 8 + ["unknown"],
        hand=["first"] * 5 + ["relay", "first", "first", "first"],
    )
    sources = pd.DataFrame(
        {
            "source_id": ["s-gov", "s-tass", "s-blog"],
            "publisher": ["Ministry", "TASS", "Blog"],
            "url": ["https://a", "https://b", "https://c"],
            "language": ["en", "ru", "en"],
            "kind": ["government", "wire", "aggregator"],
            "carries": [pd.NA, pd.NA, pd.NA],
            "published": pd.to_datetime([None, None, None]),
        }
    )
    table = years.evidence_by_year(events, reports, sources).set_index("year")
    row = table.loc[2023]
    # 2023: six events, seven reports; Norway's figure rests on a relayed blog (rank 5), the
    # others on a ministry (Moldova's and the US's measures) or TASS (Russia's).
    assert (row["events"], row["states"], row["reports"], row["sources"]) == (6, 3, 7, 3)
    assert (row["first_hand"], row["rank_1"], row["rank_2"], row["rank_5"]) == (5, 2, 3, 1)
    assert row["first_hand_share"] == pytest.approx(5 / 6)
    assert table.loc[2024, "first_hand"] == 1


def test_reconciliation_names_the_events() -> None:
    by_russia = pd.DataFrame(
        {
            "tally_id": ["rus-2023"],
            "published": pd.to_datetime(["2023-12-31"]),
            "figure": pd.array([14], dtype="Int64"),
            "qualifier": ["exact"],
            "direction": ["expelled_by_russia"],
            "window_start": pd.to_datetime(["2023-01-01"]),
            "window_end": pd.to_datetime(["2023-12-31"]),
        }
    )
    row = years.tally_gaps(by_russia, EVENTS, REPORTS).iloc[0]
    assert (row["ours"], row["gap"], row["could_add"], row["reach"]) == (13, 1, 2, "within")
    assert row["explained_by"] == "rus-mda-23b (sources give 10-12)"


def test_a_tally_that_names_its_states_counts_only_them() -> None:
    moldova = TALLIES.iloc[[0]].assign(states="MDA", figure=pd.array([45], dtype="Int64"))
    row = years.tally_gaps(moldova, EVENTS, REPORTS).iloc[0]
    # Norway's 15 of April 2023 is not Moldova's: only the cut of 45 counts.
    assert (row["ours"], row["gap"], row["reach"]) == (45, 0, "within")
    assert row["states"] == "MDA"
    every = moldova.assign(states="*")
    assert years.tally_gaps(every, EVENTS, REPORTS).iloc[0]["ours"] == 60
