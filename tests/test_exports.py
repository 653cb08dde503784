"""The CSV exports meant for spreadsheets neutralise cells a spreadsheet would run as a
formula; the JSON exports and the data tables keep the text as it is."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from csvrows import edit, read_rows, row_where, set_cell

from analysis import DEFAULT_DATA_DIR, load_dataset
from analysis.__main__ import main
from analysis.textrules import FORMULA_LEADS, neutralise_formulas

DANGEROUS = ['=HYPERLINK("http://x")', "+1+2", "-3 days", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_leading_cell_gets_a_quote(value: str) -> None:
    table = pd.DataFrame({"text": [value, "plain", None], "number": [-3, 4, 5]})
    out = neutralise_formulas(table)
    assert out["text"].tolist()[:2] == [f"'{value}", "plain"]
    assert pd.isna(out["text"].iloc[2])
    assert out["number"].tolist() == [-3, 4, 5]
    assert table["text"].tolist()[:2] == [value, "plain"]  # the input is not altered


def test_every_lead_of_the_rule_is_covered() -> None:
    assert {v[0] for v in DANGEROUS} == set(FORMULA_LEADS)


def test_text_that_is_not_a_formula_is_unchanged() -> None:
    table = pd.DataFrame({"text": ["a=b", "1-2", " =x", "'=x"]})
    assert neutralise_formulas(table).equals(table)


def csv_records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_words_export_neutralises_a_passage_but_not_the_table(data_copy: Path, capsys):
    quotes = read_rows(data_copy / "quotes.csv")
    index = row_where(quotes, "quote_id", "Q1")
    edit(data_copy / "quotes.csv", lambda rows: set_cell(rows, index, "how", "=1+1 (a test)"))
    assert main(["claims", "--words", "--format", "csv", "--data-dir", str(data_copy)]) == 0
    records = csv_records(capsys.readouterr().out)
    assert next(r for r in records if r["quote_id"] == "Q1")["how"] == "'=1+1 (a test)"
    assert main(["claims", "--words", "--format", "json", "--data-dir", str(data_copy)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert next(r for r in document if r["quote_id"] == "Q1")["how"] == "=1+1 (a test)"
    assert load_dataset(data_copy).quotes.set_index("quote_id").at["Q1", "how"] == "=1+1 (a test)"


def test_the_readings_export_neutralises_a_claims_quote(data_copy: Path, capsys) -> None:
    claims = read_rows(data_copy / "claims.csv")
    edit(data_copy / "claims.csv", lambda rows: set_cell(rows, 1, "quote", "@cmd|' /C calc'!A0"))
    claim = claims[1][0]
    assert main(["claims", "--format", "csv", "--data-dir", str(data_copy)]) == 0
    records = [r for r in csv_records(capsys.readouterr().out) if r["claim_id"] == claim]
    assert records and all(r["quote"] == "'@cmd|' /C calc'!A0" for r in records)


def test_the_shipped_export_has_numbers_as_numbers(capsys) -> None:
    assert main(["claims", "--format", "csv"]) == 0
    records = csv_records(capsys.readouterr().out)
    assert all(r["claimed"].isdigit() for r in records)
    assert (DEFAULT_DATA_DIR / "claims.csv").read_text(encoding="utf-8").count("'=") == 0
