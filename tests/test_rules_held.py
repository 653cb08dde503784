"""Rules that mutation testing found no test holding (issue 25), each on a hand-made table
whose answer is worked out in the comment: change the rule and one of these fails.

The mutation run (``tools/mutate.py``, see docs/guarantees.md) includes this file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from csvrows import cell, edit, read_rows, row_where, set_cell
from test_years import EVENTS as YEAR_EVENTS
from test_years import REPORTS as YEAR_REPORTS
from test_years import events_table, reports_table

from analysis import DataValidationError, load_dataset, years
from analysis.claims import alternatives, evaluate_claims, number_origins, robustness, scorecard
from analysis.evidence import FIRST_HAND_RANKS, adopted_evidence, first_hand_figures

# --- claims.robustness on two events -------------------------------------------------------

ROBUST_EVENTS = pd.DataFrame(
    {
        "event_id": ["a", "b"],
        "announced": pd.to_datetime(["2022-04-19", "2022-04-25"]),
        "expelling": ["RUS", "RUS"],
        "expelled": ["BEL", "DEU"],
        "persons": pd.array([12, 40], dtype="Int64"),
        "personnel": ["staff", "diplomats"],
        "episode": ["e", "e"],
    }
)
ROBUST_CLAIMS = pd.DataFrame(
    {
        "claim_id": ["X"],
        "quote": ["q"],
        "claimed_value": [52],
        "direction": ["expelled_by_russia"],
        "episode": ["e"],
    }
)
ROBUST_READINGS = pd.DataFrame(
    {
        "reading_id": ["X-r"],
        "claim": ["X"],
        "label": ["r"],
        "natural": ["yes"],
        "measure": ["persons"],
        "comparator": ["exactly"],
        "tolerance": pd.array([None], dtype="Int64"),
        "personnel": ["all"],
        "states": ["*"],
        "window_start": pd.to_datetime(["2022-04-19"]),
        "window_end": pd.to_datetime(["2022-04-30"]),
    }
)


def robust_reports(b_day: str | None = None) -> pd.DataFrame:
    """Event a: 12 adopted, 9 and 30 reported too; b: 40 (on ``b_day`` for one source)."""
    return pd.DataFrame(
        {
            "event": ["a", "a", "a", "b", "b"],
            "persons": pd.array([12, 9, 30, 40, 40], dtype="Int64"),
            "announced": pd.to_datetime([None, None, None, None, b_day]),
        }
    )


def test_the_low_scenario_takes_every_events_lowest_figure() -> None:
    # 12 + 40 = 52 exactly; lowest 9 + 40 = 49 (below: unverifiable); highest 30 + 40 = 70.
    table = robustness(ROBUST_CLAIMS, ROBUST_READINGS, ROBUST_EVENTS, robust_reports())
    row = table.set_index("reading_id").loc["X-r"]
    assert (row["verdict"], row["low"], row["high"]) == (
        "supported",
        "unverifiable",
        "contradicted",
    )
    assert row["flipped_by"] == "a=9;a=30"
    assert not row["holds"]


def test_holds_looks_at_the_events_that_flip_it_alone() -> None:
    # No figure differs; one source dates b to 2 May, outside the window: low and high agree
    # with the verdict, but that day alone flips it, so it does not hold.
    reports = robust_reports(b_day="2022-05-02")
    reports["persons"] = pd.array([12, 12, 12, 40, 40], dtype="Int64")
    table = robustness(ROBUST_CLAIMS, ROBUST_READINGS, ROBUST_EVENTS, reports)
    row = table.set_index("reading_id").loc["X-r"]
    assert (row["verdict"], row["low"], row["high"]) == ("supported",) * 3
    assert row["flipped_by"] == "b@2022-05-02"
    assert not row["holds"]
    same_day = robust_reports(b_day="2022-04-25")
    same_day["persons"] = pd.array([12, 12, 12, 40, 40], dtype="Int64")
    held = robustness(ROBUST_CLAIMS, ROBUST_READINGS, ROBUST_EVENTS, same_day)
    assert bool(held.loc[0, "holds"])


# --- claims.number_origins: a match needs the figure and the same count, in either role -------


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def origins_with(dataset, claim: str, earliest: tuple[int, str], closest: tuple[int, str]):
    """The origins of ``claim`` with its two provenance rows given (figure, counts_same)."""
    provenance = dataset.provenance.copy()
    for role, (figure, same) in (("earliest", earliest), ("closest", closest)):
        at = provenance.index[(provenance["claim"] == claim) & (provenance["role"] == role)]
        assert len(at) == 1, (claim, role)
        provenance.loc[at, "figure"] = figure
        provenance.loc[at, "counts_same"] = same
    from dataclasses import replace

    return number_origins(replace(dataset, provenance=provenance)).set_index("claim_id").loc[claim]


def both_roles(dataset) -> tuple[str, int]:
    provenance = dataset.provenance
    roles = provenance.groupby("claim")["role"].agg(set)
    claim = next(c for c, r in roles.items() if {"earliest", "closest"} <= r)
    claimed = int(dataset.claims.set_index("claim_id").loc[claim, "claimed_value"])
    return claim, claimed


@pytest.mark.parametrize(
    ("earliest", "closest", "matches", "figure_only"),
    [
        ((1, "yes"), (1, "yes"), False, False),  # neither gives the number
        ("claimed-yes", (1, "yes"), True, False),  # the earliest alone matches
        ((1, "yes"), "claimed-yes", True, False),  # the closest alone matches
        ("claimed-no", (1, "yes"), False, True),  # the number, counting something else
        ((1, "no"), "claimed-no", False, True),
        ((1, "no"), "claimed-yes", True, False),
    ],
)
def test_an_origin_matches_with_the_figure_and_the_same_count_in_either_role(
    dataset, earliest, closest, matches: bool, figure_only: bool
) -> None:
    claim, claimed = both_roles(dataset)

    def given(value):
        if isinstance(value, str):
            return (claimed, value.split("-")[1])
        return value

    row = origins_with(dataset, claim, given(earliest), given(closest))
    assert (bool(row["matches"]), bool(row["figure_only"])) == (matches, figure_only)


# --- evidence: first-hand ranks and ties ---------------------------------------------------

SOURCES = pd.DataFrame(
    {
        "source_id": ["gov", "wire", "paper", "local", "blog"],
        "publisher": ["Ministry", "Agency", "Paper", "Local", "Blog"],
        "url": [f"https://{s}.example" for s in "abcde"],
        "language": ["en"] * 5,
        "kind": ["government", "wire", "national", "local", "aggregator"],
        "carries": [pd.NA] * 5,
        "published": pd.to_datetime([None] * 5),
    }
)


def reports_of(rows: list[tuple[str, str, int | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event", "source", "persons"])
    frame["persons"] = frame["persons"].astype("Int64")
    frame["hand"] = "first"
    frame["report_id"] = [f"R{i}" for i in range(len(frame))]
    frame["qualifier"] = ["unknown" if pd.isna(p) else "exact" for p in frame["persons"]]
    frame["announced"] = pd.NaT
    return frame


def events_of(rows: list[tuple[str, int | None, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "persons", "adopted_from"])
    frame["persons"] = frame["persons"].astype("Int64")
    frame["qualifier"] = ["unknown" if pd.isna(p) else "exact" for p in frame["persons"]]
    frame["announced"] = pd.Timestamp("2022-04-01")
    frame["episode"] = "e"
    return frame


def test_first_hand_ranks_are_government_wire_and_national() -> None:
    assert FIRST_HAND_RANKS == (1, 2, 3)
    events = events_of([("n", 9, "local"), ("l", 9, "local"), ("b", 9, "blog")])
    reports = reports_of(
        [("n", "paper", 7), ("n", "local", 9), ("l", "local", 9), ("b", "blog", 9)]
    )
    figures = first_hand_figures(events, reports, SOURCES).set_index("event_id")
    # A national paper (rank 3) is first-hand: its 7 replaces the local 9; a local outlet
    # (rank 4) and an aggregator (rank 5) are not: their events become unknown.
    assert figures.loc["n", "persons"] == 7
    assert pd.isna(figures.loc["l", "persons"]) and figures.loc["l", "qualifier"] == "unknown"
    assert pd.isna(figures.loc["b", "persons"])


def test_first_hand_ties_take_the_best_rank_then_the_lowest_figure() -> None:
    events = events_of([("t", 50, "blog"), ("r", 50, "blog")])
    reports = reports_of(
        [
            ("t", "wire", 30),
            ("t", "paper", 10),  # rank 3: loses to the wire's rank 2
            ("t", "wire", 20),  # the same rank as 30: the lower of the two
            ("r", "gov", 40),
            ("r", "wire", 5),
        ]
    )
    figures = first_hand_figures(events, reports, SOURCES).set_index("event_id")
    assert figures.loc["t", "persons"] == 20
    assert figures.loc["r", "persons"] == 40


def test_adopted_evidence_prefers_the_report_giving_the_figure_then_the_best_rank() -> None:
    events = events_of([("x", 12, "wire"), ("y", 8, "wire")])
    reports = reports_of([("x", "wire", 20), ("x", "wire", 12), ("y", "wire", 8)])
    reports.loc[reports["persons"] == 20, "hand"] = "first"
    reports.loc[reports["persons"] == 12, "hand"] = "relay"  # rank 4, but gives the figure
    table = adopted_evidence(events, reports, SOURCES).set_index("event_id")
    assert table.loc["x", "report_id"] == "R1"
    assert table.loc["x", "rank"] == 4
    assert table.loc["x", "reports"] == 2
    assert table.loc["y", "rank"] == 2


# --- years: sums of parts, margins and ties --------------------------------------------------


def test_tally_reach_includes_both_ends_of_what_our_events_can_reach() -> None:
    # Window 2023-01-01 to 2023-12-31, Russians expelled: Moldova 45, Norway 15, the US 2,
    # and an extra event of 5 whose sources say 3-9: ours = 67, could add 4, could remove 2.
    events = events_table(
        [*(tuple(r) for r in YEAR_EVENTS.iloc[:, :5].itertuples(index=False)),
         ("est-23", "2023-06-01", "EST", "RUS", 5)]
    )  # fmt: skip
    reports = pd.concat(
        [YEAR_REPORTS, reports_table([("est-23", 3), ("est-23", 5), ("est-23", 9)])],
        ignore_index=True,
    )

    def tally(figure: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "tally_id": ["t"],
                "published": pd.to_datetime(["2024-02-01"]),
                "figure": pd.array([figure], dtype="Int64"),
                "qualifier": ["exact"],
                "direction": ["russians_expelled"],
                "window_start": pd.to_datetime(["2023-01-01"]),
                "window_end": pd.to_datetime(["2023-12-31"]),
            }
        )

    row = years.tally_gaps(tally(67), events, reports, margin_days=14).loc[0]
    assert (row["ours"], row["could_add"], row["could_remove"]) == (67, 4, 2)
    assert row["explained_by"] == "est-23 (sources give 3-9)"
    reach = {f: years.tally_gaps(tally(f), events, reports).loc[0, "reach"] for f in range(64, 73)}
    assert reach == {64: "below", **dict.fromkeys(range(65, 72), "within"), 72: "above"}
    assert reach[64] == "below" and reach[65] == "within"
    assert reach[71] == "within" and reach[72] == "above"


def test_the_margin_after_a_window_counts_its_last_day_and_no_more() -> None:
    # Russia's answer of 2 August is 2 days after a window ending 31 July.
    def gaps(margin: int) -> list[str]:
        tally = pd.Series(
            {
                "tally_id": "rus",
                "published": pd.Timestamp("2023-07-31"),
                "direction": "expelled_by_russia",
                "window_start": pd.Timestamp("2023-01-01"),
                "window_end": pd.NaT,
            }
        )
        return list(years.gap_events(tally, YEAR_EVENTS, YEAR_REPORTS, margin).event_id)

    assert gaps(1) == []
    assert gaps(2) == ["rus-mda-23b"]


def test_an_event_on_the_windows_last_day_is_inside_it() -> None:
    tally = pd.DataFrame(
        {
            "tally_id": ["t"],
            "published": pd.to_datetime(["2023-07-26"]),
            "figure": pd.array([60], dtype="Int64"),
            "qualifier": ["exact"],
            "direction": ["russians_expelled"],
            "window_start": pd.to_datetime(["2023-04-13"]),
            "window_end": pd.to_datetime([None]),
        }
    )
    row = years.tally_gaps(tally, YEAR_EVENTS, YEAR_REPORTS, margin_days=14).loc[0]
    assert row["ours"] == 60  # Norway on the first day, Moldova on the last
    assert row["unknown"] == 0
    # Nothing of this direction follows within 14 days: the last day is not "after" it.
    assert (row["could_add"], row["explained_by"]) == (0, "")
    day_before = tally.assign(published=pd.to_datetime(["2023-07-25"]))
    row = years.tally_gaps(day_before, YEAR_EVENTS, YEAR_REPORTS, margin_days=14).loc[0]
    assert row["explained_by"] == "mda-23 (announced 1 days after the window)"
    assert (row["ours"], row["could_add"], row["could_remove"]) == (15, 45, 0)


def test_an_unknown_event_in_a_window_is_counted_as_unknown() -> None:
    tally = pd.DataFrame(
        {
            "tally_id": ["t"],
            "published": pd.to_datetime(["2024-12-31"]),
            "figure": pd.array([3], dtype="Int64"),
            "qualifier": ["exact"],
            "direction": ["expelled_by_russia"],
            "window_start": pd.to_datetime(["2024-01-01"]),
            "window_end": pd.to_datetime([None]),
        }
    )
    row = years.tally_gaps(tally, YEAR_EVENTS, YEAR_REPORTS).loc[0]
    assert (row["ours"], row["unknown"], row["reach"]) == (0, 1, "above")
    assert (row["could_add"], row["could_remove"]) == (0, 0)
    assert row["explained_by"] == "rus-pol-24 (no number)"


def test_pair_balance_names_both_as_last_movers_on_the_same_day() -> None:
    events = events_table(
        [
            ("a", "2023-01-01", "EST", "RUS", 3),
            ("b", "2023-02-01", "RUS", "EST", 2),
            ("c", "2023-02-01", "EST", "RUS", 1),
            ("d", "2023-03-01", "RUS", "LVA", 4),
        ]
    )
    table = years.pair_balances(events).set_index("counterpart")
    assert table.loc["EST", "last_mover"] == "both"
    assert table.loc["EST", "first"] == pd.Timestamp("2023-01-01")
    assert table.loc["EST", "last"] == pd.Timestamp("2023-02-01")
    assert table.loc["LVA", "last_mover"] == "RUS"
    assert table.loc["EST", ["russia_expelled", "russians_expelled", "balance"]].tolist() == [
        2,
        4,
        -2,
    ]
    assert list(table.index) == ["EST", "LVA"]  # 6 persons both ways, then 4


def test_persons_by_year_sums_low_and_high_of_each_event() -> None:
    # 2023, Russia expels: Moldova 1 (10-12 reported for the second) and the US 2.
    table = years.persons_by_year(YEAR_EVENTS, YEAR_REPORTS).set_index(["year", "direction"])
    row = table.loc[(2023, "expelled_by_russia")]
    assert (row["persons"], row["low"], row["high"]) == (13, 13, 15)
    assert table.loc[(2024, "expelled_by_russia"), "unknown"] == 1


def test_largest_events_break_a_tie_by_date_then_id() -> None:
    events = events_table(
        [
            ("z", "2023-01-02", "RUS", "EST", 5),
            ("y", "2023-01-02", "RUS", "LVA", 5),
            ("x", "2023-01-01", "RUS", "LTU", 5),
            ("w", "2023-01-05", "RUS", "POL", 6),
        ]
    )
    assert list(years.largest_events(events, n=3)["event_id"]) == ["w", "x", "y"]


# --- loaders: rules of rows that no test held ------------------------------------------------


def refused(data: Path) -> str:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data)
    return str(caught.value)


def test_reports_unique_by_event_source_and_persons(data_copy: Path):
    rows = read_rows(data_copy / "reports.csv")
    first = rows[1]
    persons = cell(rows, 1, "persons")
    other = str(int(persons) + 1) if persons else "1"

    def add(copy_persons: str, qualifier: str):
        def change(table):
            copy = list(first)
            copy[table[0].index("report_id")] = "R-new"
            copy[table[0].index("persons")] = copy_persons
            copy[table[0].index("qualifier")] = qualifier
            copy[table[0].index("excerpt")] = "Another passage of the same page."
            table.append(copy)

        return change

    edit(data_copy / "reports.csv", add(other, "exact"))
    load_dataset(data_copy)  # the same page giving two figures is kept, both
    rows = read_rows(data_copy / "reports.csv")
    rows.pop()
    from csvrows import write_rows

    write_rows(data_copy / "reports.csv", rows)
    edit(data_copy / "reports.csv", add(persons, cell(rows, 1, "qualifier")))
    message = refused(data_copy)
    assert (
        f"reports.csv, line {len(rows) + 1}, column 'persons': the combination of event, "
        "source, persons must be unique"
    ) in message, message


@pytest.mark.parametrize(
    ("column", "day", "refused_too"),
    [
        ("window_end", "2023-01-01", True),  # a day after ukraine-2022's last
        ("window_end", "2022-12-31", False),
        ("window_start", "2022-01-01", False),  # its first day
        ("window_start", "2021-12-31", True),
    ],
)
def test_a_readings_window_lies_within_its_episode_at_both_ends(
    data_copy: Path, column: str, day: str, refused_too: bool
) -> None:
    from analysis.schema import EPISODE_SPANS

    assert EPISODE_SPANS["ukraine-2022"][1] == "2022-12-31"
    rows = read_rows(data_copy / "readings.csv")
    index = row_where(rows, "reading_id", "C11-since-invasion")
    edit(data_copy / "readings.csv", lambda table: set_cell(table, index, column, day))
    if not refused_too:
        load_dataset(data_copy)
        return
    message = refused(data_copy)
    assert (
        f"readings.csv, line {index + 1}, column '{column}': is outside the claim's episode "
        "'ukraine-2022'"
    ) in message, message


# --- evidence: whether an excerpt states its figure ------------------------------------------


@pytest.mark.parametrize(
    ("excerpt", "persons", "expected"),
    [
        ("fourteen at the embassy and one at the consulate", 15, True),  # a part of 1, in words
        ("10 in Moscow, 3 in St Petersburg and 2 in Yekaterinburg", 15, True),  # three parts
        ("10 in Moscow, 3 in St Petersburg, 1 in Kazan and 1 in Omsk", 15, False),  # not four
    ],
)
def test_a_sum_of_two_or_three_parts_states_the_figure(excerpt, persons, expected) -> None:
    from analysis.evidence import states_figure

    assert states_figure(excerpt, persons, "exact", "en") is expected


def test_a_number_word_keeps_all_but_its_last_two_letters() -> None:
    from analysis.evidence import states_in_words

    # 'seventy' must open a word with 'seven': 'severe' (sharing only 'seve') is not it.
    assert not states_in_words("severe measures", 70, "en")
    assert states_in_words("seventy diplomats", 70, "en")


# --- years: order, empty directions, what counts as first-hand --------------------------------


def test_years_come_in_order_whatever_the_order_of_the_events() -> None:
    from test_years import LINKS

    backwards = YEAR_EVENTS.iloc[::-1].reset_index(drop=True)
    assert years.persons_by_year(backwards, YEAR_REPORTS)["year"].tolist() == [
        2022, 2022, 2023, 2023, 2024, 2024,
    ]  # fmt: skip
    assert years.network_by_year(backwards)["year"].tolist() == [2022, 2023, 2024]
    answered = years.answers_by_year(backwards, LINKS)
    assert answered["year"].tolist() == sorted(answered["year"].tolist())


def test_a_direction_without_events_in_a_year_counts_no_state() -> None:
    table = years.persons_by_year(YEAR_EVENTS, YEAR_REPORTS).set_index(["year", "direction"])
    # 2022 has only Moldova's expulsion: Russia expelled nobody that year.
    assert table.loc[(2022, "expelled_by_russia"), "events"] == 0
    assert table.loc[(2022, "expelled_by_russia"), "states"] == 0


def test_first_hand_in_a_year_is_a_first_hand_report_of_rank_3_or_better() -> None:
    events = events_table(
        [
            ("national", "2023-01-01", "EST", "RUS", 1),
            ("local", "2023-01-02", "LVA", "RUS", 2),
            ("relayed", "2023-01-03", "LTU", "RUS", 3),
            ("unadopted", "2023-01-04", "POL", "RUS", None),
        ]
    ).assign(
        adopted_from=["paper", "local", "gov", pd.NA],
        episode="x",
    )
    reports = pd.DataFrame(
        {
            "report_id": ["r1", "r2", "r3", "r4"],
            "event": ["national", "local", "relayed", "unadopted"],
            "source": ["paper", "local", "gov", "gov"],
            "persons": pd.array([1, 2, 3, None], dtype="Int64"),
            "qualifier": ["exact", "exact", "exact", "unknown"],
            "hand": ["first", "first", "relay", "first"],
        }
    )
    row = years.evidence_by_year(events, reports, SOURCES).set_index("year").loc[2023]
    # Only the national paper's own report is first-hand: rank 3. The local outlet is rank 4;
    # the ministry's statement relayed by another page is rank 4; the unadopted event has none.
    assert row["first_hand"] == 1
    assert row["first_hand_share"] == pytest.approx(1 / 4)
    assert (row["rank_1"], row["rank_2"], row["rank_3"], row["rank_4"], row["rank_5"]) == (
        0, 0, 1, 2, 0,
    )  # fmt: skip
    assert "rank_6" not in row.index


def test_adopted_evidence_of_an_unknown_figure_is_the_report_giving_none() -> None:
    # The event's size is unknown; its source has a relayed report giving none (rank 4) and
    # a wire report of 5 (rank 2): the evidence is the one that says what was adopted.
    events = events_of([("u", None, "wire")])
    reports = reports_of([("u", "wire", None), ("u", "wire", 5)])
    reports.loc[0, "hand"] = "relay"
    table = adopted_evidence(events, reports, SOURCES).set_index("event_id")
    assert (table.loc["u", "report_id"], table.loc["u", "rank"]) == ("R0", 4)


def test_adopted_evidence_of_a_source_that_does_not_report_the_event_is_empty() -> None:
    # (At least one event must have its report: with none, the table has no rank column and
    # adopted_evidence fails; the loaders never let such data through, see the closing note.)
    events = events_of([("x", 3, "gov"), ("y", 4, None), ("z", 5, "wire")])
    reports = reports_of([("x", "wire", 3), ("y", "wire", 4), ("z", "wire", 5)])
    table = adopted_evidence(events, reports, SOURCES).set_index("event_id")
    assert table.loc[["x", "y"], "rank"].isna().all()
    assert table.loc[["x", "y"], "report_id"].isna().all()
    assert table.loc["z", "rank"] == 2


def test_first_hand_keeps_the_adopted_figure_when_one_first_hand_report_gives_it() -> None:
    # Adopted 9; the wire says 9 (rank 2), the ministry 7 (rank 1): 9 stays, being supported.
    events = events_of([("k", 9, "wire")])
    reports = reports_of([("k", "wire", 9), ("k", "gov", 7)])
    figures = first_hand_figures(events, reports, SOURCES).set_index("event_id")
    assert figures.loc["k", "persons"] == 9


# --- years: row order and the shape of the tables (the rerun of issue 25, docs/mutation.md) ---


def test_persons_by_year_is_numbered_from_zero() -> None:
    # Three years with an event, two directions each: rows 0 to 5, not 0, 1 per year.
    table = years.persons_by_year(YEAR_EVENTS, YEAR_REPORTS)
    assert table.index.tolist() == [0, 1, 2, 3, 4, 5]
    assert table.loc[5, ["year", "direction", "events"]].tolist() == [2024, "russians_expelled", 0]


def test_evidence_by_year_comes_in_year_order_whatever_the_order_of_the_events() -> None:
    # The 2024 event comes first in the table; its figure rests on the national paper (rank
    # 3), the 2023 one on the ministry (rank 1).
    events = events_table(
        [
            ("late", "2024-03-01", "EST", "RUS", 4),
            ("early", "2023-05-01", "LVA", "RUS", 2),
        ]
    ).assign(adopted_from=["paper", "gov"], episode="x")
    reports = pd.DataFrame(
        {
            "report_id": ["r1", "r2"],
            "event": ["late", "early"],
            "source": ["paper", "gov"],
            "persons": pd.array([4, 2], dtype="Int64"),
            "qualifier": ["exact", "exact"],
            "hand": ["first", "first"],
        }
    )
    table = years.evidence_by_year(events, reports, SOURCES)
    assert table["year"].tolist() == [2023, 2024]
    assert table[["rank_1", "rank_3"]].to_numpy().tolist() == [[1, 0], [0, 1]]


def test_largest_events_and_pair_balances_have_exactly_their_columns() -> None:
    # reset_index must drop the old index, not add it as a column.
    assert years.largest_events(YEAR_EVENTS, n=2).columns.tolist() == [
        "event_id", "announced", "expelling", "expelled", "persons", "qualifier", "personnel",
    ]  # fmt: skip
    assert years.pair_balances(YEAR_EVENTS).columns.tolist() == [
        "counterpart", "russia_expelled", "russians_expelled", "balance", "events",
        "unknown_events", "first", "last", "last_mover",
    ]  # fmt: skip


def test_at_least_one_is_stated_by_more_than_zero() -> None:
    from analysis.evidence import states_figure

    # "More than 0" is recorded as at least 1 (the README's rule: more than N is N + 1): the
    # excerpt's 0 states it; the rule stops only below 0, not at 1.
    assert states_figure("more than 0 staff were told to leave", 1, "at_least", "en") is True
    assert states_figure("more than 0 staff were told to leave", 1, "exact", "en") is False


# --- claims: order, the all-high scenario, first-hand, other readings (rerun of issue 25) -----


def two_readings(comparator: str = "exactly", tolerance: int | None = None) -> pd.DataFrame:
    """ROBUST_READINGS' window and scope read twice: X-r (natural) and X-s."""
    readings = pd.concat([ROBUST_READINGS, ROBUST_READINGS], ignore_index=True)
    readings["reading_id"] = ["X-r", "X-s"]
    readings["natural"] = ["yes", "no"]
    readings["comparator"] = comparator
    readings["tolerance"] = pd.array([tolerance, tolerance], dtype="Int64")
    return readings


def test_claims_come_in_the_order_of_the_readings_not_sorted() -> None:
    # Claim "b" is read first, "a" second: the claims keep that order.
    claims = pd.concat([ROBUST_CLAIMS, ROBUST_CLAIMS], ignore_index=True)
    claims["claim_id"] = ["a", "b"]
    readings = two_readings()
    readings["claim"] = ["b", "a"]
    readings["natural"] = "yes"
    table = evaluate_claims(claims, readings, ROBUST_EVENTS)
    assert table["claim_id"].tolist() == ["b", "a"]
    assert table["reading"].tolist() == ["X-r", "X-s"]


def test_alternatives_are_numbered_from_zero_with_two_columns() -> None:
    # Event a: 12 adopted, 9 and 30 reported; b: 40 only. Sorted by event, then persons.
    table = alternatives(ROBUST_EVENTS, robust_reports())
    assert table.columns.tolist() == ["event_id", "persons"]
    assert table.index.tolist() == [0, 1]
    assert table.to_numpy().tolist() == [["a", 9], ["a", 30]]


def test_holds_needs_the_all_high_scenario_to_agree_too() -> None:
    # About 52 give or take 3: [49, 55]. a: 12 (14 reported too), b: 40 (42 too). Each higher
    # figure alone makes 54 (inside); all high make 56 (above); all low are the adopted 52.
    reports = pd.DataFrame(
        {
            "event": ["a", "a", "b", "b"],
            "persons": pd.array([12, 14, 40, 42], dtype="Int64"),
            "announced": pd.to_datetime([None] * 4),
        }
    )
    table = robustness(ROBUST_CLAIMS, two_readings("about", 3).iloc[[0]], ROBUST_EVENTS, reports)
    row = table.set_index("reading_id").loc["X-r"]
    assert (row["verdict"], row["low"], row["high"]) == ("supported", "supported", "contradicted")
    assert row["flipped_by"] == ""
    assert not row["holds"]


def first_hand_reports(b_source: str) -> pd.DataFrame:
    """a: 12 by the ministry; b: 40 by ``b_source``; no other figure, no other day."""
    return reports_of([("a", "gov", 12), ("b", b_source, 40)])


def test_holds_looks_at_the_first_hand_scenario() -> None:
    events = ROBUST_EVENTS.assign(adopted_from=["gov", "wire"], qualifier="exact")
    # Both figures first-hand (ministry rank 1, wire rank 2): 52 in every scenario, it holds.
    table = robustness(
        ROBUST_CLAIMS, ROBUST_READINGS, events, first_hand_reports("wire"), sources=SOURCES
    )
    assert (table.loc[0, "first_hand"], bool(table.loc[0, "holds"])) == ("supported", True)
    # b's 40 only from a local outlet (rank 4): first-hand, b is unknown, 12 is below 52.
    events = events.assign(adopted_from=["gov", "local"])
    table = robustness(
        ROBUST_CLAIMS, ROBUST_READINGS, events, first_hand_reports("local"), sources=SOURCES
    )
    assert (table.loc[0, "first_hand"], table.loc[0, "flipped_by"]) == ("unverifiable", "")
    assert not table.loc[0, "holds"]


def test_scorecard_other_readings_are_only_those_with_another_verdict(dataset) -> None:
    from dataclasses import replace

    # 12 + 40 = 52 in the window to 30 April: X-r (exactly 52, natural), X-s (about 52, give
    # or take 3) and X-t (at least 52) are all supported, so no other reading is worth naming.
    readings = pd.concat([two_readings(), ROBUST_READINGS], ignore_index=True)
    readings["reading_id"] = ["X-r", "X-s", "X-t"]
    readings["comparator"] = ["exactly", "about", "at_least"]
    readings["tolerance"] = pd.array([None, 3, None], dtype="Int64")
    data = replace(dataset, claims=ROBUST_CLAIMS, readings=readings, events=ROBUST_EVENTS)
    holds = pd.DataFrame({"reading_id": ["X-r", "X-s", "X-t"], "holds": [True, True, True]})
    assert scorecard(data, readings=holds).loc[0, "other_readings"] == ""
    # X-t ending on 20 April counts a alone: 12 is below 52, unverifiable: it is named.
    ends = pd.to_datetime(["2022-04-30", "2022-04-30", "2022-04-20"])
    shorter = replace(data, readings=readings.assign(window_end=ends))
    assert scorecard(shorter, readings=holds).loc[0, "other_readings"] == "X-t=unverifiable"


def test_the_age_of_the_closest_origin_is_a_whole_number_column(dataset) -> None:
    table = number_origins(dataset)
    assert str(table["closest_age_days"].dtype) == "Int64"
    assert str(table["earliest_figure"].dtype) == "Int64"


def test_a_claim_is_untraceable_only_when_no_reading_can_be_counted() -> None:
    # Claimed 60, counted 12 + 40 = 52: below, unverifiable. With a countable reading the
    # claim is unconfirmed; with only the uncountable one, untraceable.
    claims = ROBUST_CLAIMS.assign(claimed_value=[60])
    readings = two_readings()
    readings["measure"] = ["uncountable", "persons"]

    def scores(chosen: pd.DataFrame) -> tuple[str, str]:
        row = evaluate_claims(claims, chosen, ROBUST_EVENTS).iloc[0]
        return row["verdict"], row["score"]

    assert scores(readings.iloc[[1]].assign(natural="yes")) == ("unverifiable", "unconfirmed")
    assert scores(readings) == ("unverifiable", "unconfirmed")
    assert scores(readings.iloc[[0]]) == ("unverifiable", "untraceable")
