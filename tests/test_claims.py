"""Claim verdicts: each comparator's boundaries, robustness, as-of, and the article's claims."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import load_dataset
from analysis.__main__ import main
from analysis.claims import alternatives, evaluate_claims, robustness, verdict


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


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def verdicts(data) -> pd.DataFrame:
    return evaluate_claims(data.claims, data.events).set_index("claim_id")


def test_every_claim_gets_a_verdict(data, verdicts) -> None:
    assert list(verdicts.index) == list(data.claims["claim_id"])
    assert verdicts["verdict"].isin(["supported", "contradicted", "unverifiable"]).all()


def test_the_seven_figures_and_their_sum(verdicts) -> None:
    seven = verdicts.loc[["C02", "C03", "C04", "C05", "C06", "C07", "C08"]]
    assert list(seven["value"]) == [45, 40, 34, 27, 24, 15, 12]
    assert (seven["verdict"] == "supported").all()
    assert verdicts.loc["C09", "value"] == 197
    assert verdicts.loc["C09", "verdict"] == "supported"


def test_at_least_325_is_supported_by_a_larger_floor(verdicts) -> None:
    assert verdicts.loc["C11", "value"] > 325
    assert verdicts.loc["C11", "verdict"] == "supported"


def test_agreement_is_unverifiable_with_closest_count(verdicts) -> None:
    row = verdicts.loc["C10"]
    assert row["verdict"] == "unverifiable"
    assert "cannot count" in row["reason"]
    assert f"closest count: {row['value']} persons" in row["reason"]


def test_rows_behind_a_value_are_listed(data, verdicts) -> None:
    ids = verdicts.loc["C02", "events"].split(";")
    assert ids == ["2022-04-08-RUS-POL"]
    persons = data.events.set_index("event_id").loc[
        verdicts.loc["C09", "events"].split(";"), "persons"
    ]
    assert persons.sum() == 197


def test_as_of_limits_the_events(data) -> None:
    early = evaluate_claims(data.claims, data.events, as_of="2022-04-30").set_index("claim_id")
    assert early.loc["C04", "value"] == 0  # Russia answered France on 18 May
    assert early.loc["C04", "verdict"] == "unverifiable"
    now = evaluate_claims(data.claims, data.events, as_of=None).set_index("claim_id")
    assert now.loc["C04", "value"] == 34  # the claim's own window still ends on 19 May


def test_alternatives_are_the_other_reported_figures(data) -> None:
    options = alternatives(data.events, data.reports)
    spain = options[options["event_id"] == "2022-04-05-ESP-RUS"]
    assert list(spain["persons"]) == [25]
    adopted = data.events.set_index("event_id")["persons"]
    assert (options["persons"].to_numpy() != adopted.loc[options["event_id"]].to_numpy()).all()


def test_robustness_names_the_conflicts_that_flip(data) -> None:
    table = robustness(data.claims, data.events, data.reports).set_index("claim_id")
    # Belgium's first reported 21 instead of 12 puts the seven at 206: above "nearly 200".
    assert "2022-04-19-RUS-BEL=21" in table.loc["C09", "flipped_by"]
    assert table.loc["C09", "high"] == "contradicted"
    assert not table.loc["C09", "holds"]
    # Spain's first "about 25" would make "27 in April" fall short.
    assert "2022-04-05-ESP-RUS=25" in table.loc["C12", "flipped_by"]
    assert table.loc["C11", "holds"]


def test_cli_formats(capsys) -> None:
    assert main(["claims", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["claim_id"] for r in records][:2] == ["C01", "C02"]
    assert main(["claims", "--format", "csv", "--now"]) == 0
    assert capsys.readouterr().out.startswith("claim_id,quote,comparator,claimed,value,verdict")
    assert main(["claims"]) == 0
    assert "flips with" in capsys.readouterr().out


def test_cli_fails_on_bad_claims(data_copy, capsys) -> None:
    path = data_copy / "claims.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",nearly,10,", ",almost,10,", 1), encoding="utf-8"
    )
    assert main(["claims", "--data-dir", str(data_copy)]) == 3
    assert "claims.csv, line 2, column 'comparator': must be one of" in capsys.readouterr().err


def test_a_claim_counts_only_its_own_episode() -> None:
    """The same words about the United States, read in each episode, count that episode only:
    2018: the US expelled 60 Russians; 2022: 1 + 12 + 1 from 24 February to 1 March.
    """
    data = load_dataset()
    claim = data.claims.iloc[0].copy()
    claim["claim_id"] = "US"
    claim["direction"] = "russians_expelled"
    claim["states"] = "USA"
    claim["comparator"] = "at_least"
    claim["claimed_value"] = 60
    claim["tolerance"] = pd.NA
    claim["measure"] = "persons"
    claims = pd.DataFrame([claim, claim]).reset_index(drop=True)
    claims["episode"] = ["skripal-2018", "ukraine-2022"]
    claims["window_start"] = pd.to_datetime(["2018-03-01", "2022-02-24"])
    claims["window_end"] = pd.to_datetime(["2018-04-30", "2022-03-01"])
    table = evaluate_claims(claims, data.events, as_of=None)
    assert table["value"].tolist() == [60, 14]
    assert table["verdict"].tolist() == ["supported", "unverifiable"]
    assert table.loc[0, "events"] == "2018-03-26-USA-RUS"
