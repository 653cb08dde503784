"""Claim verdicts: comparator boundaries, each reading's window, personnel and range edges,
the verdict rule from readings (with properties), robustness, as-of, and the CLI formats."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import load_dataset
from analysis.__main__ import main
from analysis.claims import (
    DEPENDS,
    VERDICTS,
    allowed_range,
    alternatives,
    by_country,
    claim_verdict,
    evaluate_claims,
    evaluate_reading,
    evaluate_readings,
    number_origins,
    quotation_checks,
    robustness,
    score,
    scorecard,
    verdict,
)


@pytest.mark.parametrize(
    ("value", "comparator", "tolerance", "expected"),
    [
        (325, "at_least", None, "supported"),
        (900, "at_least", None, "supported"),
        (324, "at_least", None, "unverifiable"),
        (190, "nearly", 10, "supported"),
        (200, "nearly", 10, "supported"),
        (189, "nearly", 10, "unverifiable"),
        (201, "nearly", 10, "contradicted"),
        (180, "about", 20, "supported"),
        (220, "about", 20, "supported"),
        (179, "about", 20, "unverifiable"),
        (221, "about", 20, "contradicted"),
        (200, "exactly", None, "supported"),
        (199, "exactly", None, "unverifiable"),
        (201, "exactly", None, "contradicted"),
    ],
)
def test_comparator_boundaries(value, comparator, tolerance, expected) -> None:
    claimed = 325 if comparator == "at_least" else 200
    assert verdict(value, claimed, comparator, tolerance) == expected


# --- one reading on a small hand-made table -------------------------------------------------


def _events(rows: list[tuple[str, str, str, str, int | None, str]]) -> pd.DataFrame:
    """Events (id, announced, expelling, expelled, persons, personnel) of episode 'e'."""
    frame = pd.DataFrame(
        rows, columns=["event_id", "announced", "expelling", "expelled", "persons", "personnel"]
    )
    frame["announced"] = pd.to_datetime(frame["announced"])
    frame["persons"] = frame["persons"].astype("Int64")
    return frame.assign(episode="e")


EVENTS = _events(
    [
        ("a", "2022-04-19", "RUS", "BEL", 12, "staff"),
        ("b", "2022-04-20", "RUS", "DEU", 40, "diplomats"),
        ("c", "2022-05-19", "RUS", "ITA", 24, "ambassador"),
        ("d", "2022-05-20", "RUS", "FRA", 34, "diplomats"),
        ("e", "2022-04-25", "DEU", "RUS", 40, "diplomats"),
        ("f", "2022-05-01", "RUS", "POL", None, "unknown"),
    ]
)
CLAIM = pd.Series(
    {"claim_id": "X", "claimed_value": 76, "direction": "expelled_by_russia", "episode": "e"}
)


def _reading(**changes: object) -> pd.Series:
    reading = {
        "reading_id": "X-r",
        "claim": "X",
        "label": "r",
        "natural": "yes",
        "measure": "persons",
        "comparator": "exactly",
        "tolerance": pd.NA,
        "personnel": "all",
        "states": "*",
        "window_start": pd.Timestamp("2022-04-19"),
        "window_end": pd.Timestamp("2022-05-19"),
    }
    reading.update(changes)
    return pd.Series(reading)


def test_window_counts_its_first_and_last_day() -> None:
    result = evaluate_reading(_reading(), CLAIM, EVENTS, as_of=None)
    assert result.events == ("a", "b", "c", "f")  # 19 Apr and 19 May in, 20 May out
    assert (result.value, result.unknown_events, result.verdict) == (76, 1, "supported")


@pytest.mark.parametrize(
    ("start", "end", "value"),
    [
        ("2022-04-20", "2022-05-19", 64),  # the day before the first day is out
        ("2022-04-19", "2022-05-18", 52),  # the day after the last day is out
        ("2022-04-19", "2022-05-20", 110),
    ],
)
def test_window_edges_one_day_in_or_out(start: str, end: str, value: int) -> None:
    reading = _reading(window_start=pd.Timestamp(start), window_end=pd.Timestamp(end))
    assert evaluate_reading(reading, CLAIM, EVENTS, as_of=None).value == value


def test_as_of_cuts_the_window_on_its_own_day() -> None:
    assert evaluate_reading(_reading(), CLAIM, EVENTS, as_of="2022-05-19").value == 76
    assert evaluate_reading(_reading(), CLAIM, EVENTS, as_of="2022-05-18").value == 52


def test_diplomats_reading_counts_diplomats_and_ambassadors_only() -> None:
    result = evaluate_reading(_reading(personnel="diplomats"), CLAIM, EVENTS, as_of=None)
    assert result.value == 64  # 40 diplomats + 24 (an ambassador event)
    assert result.uncertain == 12  # Belgian staff of unknown grade; the unknown-size event adds 0
    assert result.verdict == "unverifiable"
    assert result.verdict_with_uncertain == "supported"
    assert "12 more person(s) of unknown grade" in result.reason


def test_all_personnel_reading_leaves_nothing_uncertain() -> None:
    result = evaluate_reading(_reading(), CLAIM, EVENTS, as_of=None)
    assert result.uncertain == 0
    assert result.verdict_with_uncertain == result.verdict


@pytest.mark.parametrize(
    ("comparator", "tolerance", "claimed", "expected"),
    [
        ("nearly", 10, 86, "supported"),  # 76 is the low edge of [76, 86]
        ("nearly", 10, 87, "unverifiable"),
        ("nearly", 10, 76, "supported"),  # the high edge
        ("nearly", 10, 75, "contradicted"),
        ("about", 20, 96, "supported"),
        ("about", 20, 56, "supported"),
        ("about", 20, 55, "contradicted"),
    ],
)
def test_range_edges_of_a_reading(comparator, tolerance, claimed, expected) -> None:
    claim = CLAIM.copy()
    claim["claimed_value"] = claimed
    reading = _reading(comparator=comparator, tolerance=tolerance)
    assert evaluate_reading(reading, claim, EVENTS, as_of=None).verdict == expected


def test_missing_tolerance_means_none() -> None:
    assert allowed_range(200, "nearly", None) == (200.0, 200.0)
    assert allowed_range(200, "about", pd.NA) == (200.0, 200.0)


def test_direction_russians_expelled_counts_expulsions_of_russians() -> None:
    claim = CLAIM.copy()
    claim["direction"] = "russians_expelled"
    claim["claimed_value"] = 40
    result = evaluate_reading(_reading(), claim, EVENTS, as_of=None)
    assert result.events == ("e",)  # Germany's expulsion of Russians, 25 April
    assert result.verdict == "supported"


def test_states_restrict_the_other_side() -> None:
    reading = _reading(states="BEL;ITA")
    assert evaluate_reading(reading, CLAIM, EVENTS, as_of=None).events == ("a", "c")


def test_uncountable_reading_is_unverifiable_with_closest_count() -> None:
    result = evaluate_reading(_reading(measure="uncountable"), CLAIM, EVENTS, as_of=None)
    assert result.verdict == result.verdict_with_uncertain == "unverifiable"
    assert "cannot count" in result.reason
    assert "closest count: 76 persons" in result.reason


# --- the verdict of a claim from its readings -----------------------------------------------


@pytest.mark.parametrize(
    ("natural", "others", "expected"),
    [
        ("supported", [], "supported"),
        ("supported", ["supported", "unverifiable"], "supported"),
        ("supported", ["contradicted"], DEPENDS),
        ("contradicted", ["unverifiable"], "contradicted"),
        ("unverifiable", ["unverifiable"], "unverifiable"),
        ("unverifiable", ["supported"], DEPENDS),
    ],
)
def test_claim_verdict_rule(natural, others, expected) -> None:
    assert claim_verdict(natural, others) == expected


@given(st.sampled_from(VERDICTS), st.lists(st.sampled_from(VERDICTS), max_size=6))
def test_claim_verdict_properties(natural: str, others: list[str]) -> None:
    result = claim_verdict(natural, others)
    # Only the natural reading's verdict can be the headline, or "depends".
    assert result in {natural, DEPENDS}
    # The order of the other readings does not matter.
    assert claim_verdict(natural, list(reversed(others))) == result
    # Unanimous readings give their common verdict.
    if set(others) <= {natural}:
        assert result == natural
    # Readings that support and contradict the same claim never give a headline verdict.
    if {"supported", "contradicted"} <= {natural, *others}:
        assert result == DEPENDS


def test_scores() -> None:
    assert score("supported", False) == "right"
    assert score("contradicted", False) == "understated"
    assert score("unverifiable", False) == "unconfirmed"
    assert score("unverifiable", True) == "untraceable"
    assert score(DEPENDS, False) == DEPENDS


# --- the article's claims on the shipped data -------------------------------------------------


@pytest.fixture(scope="module")
def data():
    return load_dataset().episode("ukraine-2022")


@pytest.fixture(scope="module")
def readings(data) -> pd.DataFrame:
    return evaluate_readings(data.claims, data.readings, data.events).set_index("reading_id")


@pytest.fixture(scope="module")
def claims_table(data) -> pd.DataFrame:
    return evaluate_claims(data.claims, data.readings, data.events).set_index("claim_id")


def test_every_reading_and_claim_gets_a_verdict(data, readings, claims_table) -> None:
    assert list(readings.index) == list(data.readings["reading_id"])
    assert readings["verdict"].isin(VERDICTS).all()
    assert list(claims_table.index) == list(data.claims["claim_id"])


def test_the_seven_figures_and_their_sum(data) -> None:
    seven = by_country(data.claims, data.readings, data.events, "expelled_by_russia")
    assert list(seven["value"]) == [45, 40, 34, 27, 24, 15, 12]
    assert (seven["verdict"] == "supported").all()


def test_nearly_200_depends_on_the_window(readings, claims_table) -> None:
    """The month to 19 May counts 19 April (Austria, Belgium, the Netherlands): near 200;
    the 30 days from 20 April fall short; since 1 April is well above."""
    assert readings.loc["C01-month", "verdict"] == "supported"
    assert 190 <= readings.loc["C01-month", "value"] <= 200
    assert readings.loc["C01-30-days", "value"] < readings.loc["C01-month", "value"]
    assert readings.loc["C01-since-april", "verdict"] == "contradicted"
    assert claims_table.loc["C01", "verdict"] == DEPENDS
    assert "C01-since-april=contradicted" in claims_table.loc["C01", "readings"]


def test_diplomats_readings_report_the_unknown_grade(readings) -> None:
    poland = readings.loc["C02-since-april-diplomats"]
    assert poland["value"] + poland["uncertain"] == readings.loc["C02-since-april", "value"]


def test_206_as_an_agreement_is_untraceable_as_a_count_it_has_an_origin(
    data, readings, claims_table
) -> None:
    assert readings.loc["C10-agreement", "verdict"] == "unverifiable"
    assert "cannot count" in readings.loc["C10-agreement", "reason"]
    # RFE/RL's running count of 4-7 April: our count of those days is above 206.
    assert readings.loc["C10-running-count", "verdict"] == "contradicted"
    assert claims_table.loc["C10", "score"] == DEPENDS
    origins = number_origins(data).set_index("claim_id")
    assert origins.loc["C10", "earliest_figure"] == 206
    assert origins.loc["C10", "earliest_source"] == "rferl-aut-4"
    assert origins.loc["C10", "figure_only"]


def test_as_of_limits_the_events(data) -> None:
    early = evaluate_readings(data.claims, data.readings, data.events, as_of="2022-04-30")
    early = early.set_index("reading_id")
    assert early.loc["C04-since-april", "value"] == 0  # Russia answered France on 18 May
    assert early.loc["C04-since-april", "verdict"] == "unverifiable"
    now = evaluate_readings(data.claims, data.readings, data.events, as_of=None)
    assert now.set_index("reading_id").loc["C04-since-april", "value"] == 34


def test_alternatives_are_the_other_reported_figures(data) -> None:
    options = alternatives(data.events, data.reports)
    spain = options[options["event_id"] == "2022-04-05-ESP-RUS"]
    assert list(spain["persons"]) == [25]
    adopted = data.events.set_index("event_id")["persons"]
    assert (options["persons"].to_numpy() != adopted.loc[options["event_id"]].to_numpy()).all()


def test_robustness_names_the_conflicts_that_flip(data) -> None:
    table = robustness(data.claims, data.readings, data.events, data.reports)
    table = table.set_index("reading_id")
    # Belgium's first reported 21 instead of 12 puts the seven at 206: above "nearly 200".
    assert "2022-04-19-RUS-BEL=21" in table.loc["C09-since-april", "flipped_by"]
    assert table.loc["C09-since-april", "high"] == "contradicted"
    assert not table.loc["C09-since-april", "holds"]
    # Spain's first "about 25" would make "27 in April" fall short.
    assert "2022-04-05-ESP-RUS=25" in table.loc["C12-april", "flipped_by"]
    assert table.loc["C11-since-invasion", "holds"]
    # A diplomats reading does not hold when persons of unknown grade could change it.
    assert not table.loc["C02-since-april-diplomats", "holds"]


def test_scorecard_one_line_per_claim(data) -> None:
    card = scorecard(data).set_index("claim_id")
    assert list(card.index) == list(data.claims["claim_id"])
    assert card.loc["C02", "score"] == "right"
    assert card.loc["C01", "reading"] == "the month to 19 May"
    assert "C01-since-april=contradicted" in card.loc["C01", "other_readings"]


def test_cli_formats(capsys) -> None:
    assert main(["claims", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    records = document["readings"]
    assert [r["reading_id"] for r in records][:2] == ["C01-month", "C01-30-days"]
    assert next(q["quote_id"] for q in document["quotations"]) == "Q1"
    assert records[0]["closest_source"] == "scmp-2022-05-18-85"
    assert {"value", "verdict", "holds", "flipped_by", "uncertain"} <= set(records[0])
    assert main(["claims", "--format", "csv", "--now"]) == 0
    assert capsys.readouterr().out.startswith("claim_id,reading_id,natural,label,quote")
    assert main(["claims"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Scorecard")
    assert "flips with" in out


def test_cli_fails_on_bad_readings(data_copy, capsys) -> None:
    path = data_copy / "readings.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",nearly,10,", ",almost,10,", 1), encoding="utf-8"
    )
    assert main(["claims", "--data-dir", str(data_copy)]) == 3
    assert "readings.csv, line 2, column 'comparator': must be one of" in capsys.readouterr().err


def test_a_claim_counts_only_its_own_episode() -> None:
    """The same words about the United States, read in each episode, count that episode only:
    2018: the US expelled 60 Russians; 2022: 1 + 12 + 1 from 24 February to 1 March.
    """
    data = load_dataset()
    claims = pd.DataFrame(
        {
            "claim_id": ["A", "B"],
            "quote": ["q", "q"],
            "claimed_value": [60, 60],
            "direction": ["russians_expelled"] * 2,
            "episode": ["skripal-2018", "ukraine-2022"],
        }
    )
    readings = pd.DataFrame(
        {
            "reading_id": ["A-r", "B-r"],
            "claim": ["A", "B"],
            "label": ["r", "r"],
            "natural": ["yes", "yes"],
            "measure": ["persons"] * 2,
            "comparator": ["at_least"] * 2,
            "tolerance": pd.array([None, None], dtype="Int64"),
            "personnel": ["all"] * 2,
            "states": ["USA", "USA"],
            "window_start": pd.to_datetime(["2018-03-01", "2022-02-24"]),
            "window_end": pd.to_datetime(["2018-04-30", "2022-03-01"]),
        }
    )
    table = evaluate_readings(claims, readings, data.events, as_of=None)
    assert table["value"].tolist() == [60, 14]
    assert table["verdict"].tolist() == ["supported", "unverifiable"]
    assert table.loc[0, "events"] == "2018-03-26-USA-RUS"


def test_quotation_checks_put_the_statement_beside_the_words() -> None:
    table = quotation_checks(load_dataset()).set_index("quote_id")
    assert set(table["verdict"]) <= {
        "verbatim",
        "faithful_paraphrase",
        "altered",
        "misattributed",
        "not_found",
    }
    found = table[table["verdict"] != "not_found"]
    assert found[["speaker", "said_on", "passage", "publisher", "url"]].notna().all().all()
    # The unnamed deputy foreign minister of the article, named by the sources.
    assert table.loc["Q7a", "speaker"] == "Alexander Grushko"
    # "in no way justified" is Baerbock's own English.
    assert table.loc["Q2", "verdict"] == "verbatim"
    assert "in no way justified" in table.loc["Q2", "passage"]


def test_cli_words(capsys) -> None:
    assert main(["claims", "--words"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Q1 [quote]")
    assert "passage: Although we expected today" in out
    assert main(["claims", "--words", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("quote_id,kind,speaker_as_given,words,verdict")
