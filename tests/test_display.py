"""The display helper: rounded, no <NA>/NaT, a screenful of rows and a count of the rest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.display import MAX_ROWS, cell, show, tidy


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (np.nan, ""),
        (pd.NA, ""),
        (pd.NaT, ""),
        (0.333333, "0.33"),
        (2 / 3, "0.67"),
        (1.0, "1.00"),
        (float("inf"), "inf"),
        (np.float64(0.125), "0.12"),  # round half to even, as Python formats
        (np.int64(7), "7"),
        (7, "7"),
        (True, "yes"),
        (np.bool_(False), "no"),
        (pd.Timestamp("2022-05-19"), "2022-05-19"),
        (pd.Timestamp("2022-05-19 08:30"), "2022-05-19 08:30"),
        ("C01", "C01"),
    ],
)
def test_cell(value: object, text: str) -> None:
    assert cell(value) == text


def test_tidy_formats_every_value_and_the_index() -> None:
    frame = pd.DataFrame(
        {
            "ratio": [0.5, 1 / 3, np.nan],
            "persons": pd.array([3, None, 5], dtype="Int64"),
            "date": pd.to_datetime(["2022-04-05", None, "2023-01-11"]),
        },
        index=pd.Index([0.5, 1.0, 2.0], name="key"),
    )
    out = tidy(frame, digits=3)
    assert out.to_dict(orient="list") == {
        "ratio": ["0.500", "0.333", ""],
        "persons": ["3", "", "5"],
        "date": ["2022-04-05", "", "2023-01-11"],
    }
    assert list(out.index) == ["0.500", "1.000", "2.000"] and out.index.name == "key"
    text = repr(show(frame))
    assert "<NA>" not in text and "NaT" not in text and "nan" not in text


def test_show_cuts_to_a_screenful_and_says_how_many_are_left_out() -> None:
    frame = pd.DataFrame({"n": range(40)})
    shown = show(frame)
    assert len(shown.table) == MAX_ROWS == 15
    assert shown.hidden == 25
    assert repr(shown).endswith("\n25 more rows not shown (40 in all).")
    assert shown._repr_html_().endswith("<p>25 more rows not shown (40 in all).</p>")
    assert show(frame, rows=39).note() == "1 more row not shown (40 in all)."
    small = show(frame.head(3))
    assert small.note() == "" and repr(small) == tidy(frame.head(3)).to_string()
    assert "<p>" not in small._repr_html_()


def test_show_of_a_series_an_empty_frame_and_a_bad_count() -> None:
    assert (
        repr(show(pd.Series([1.5, 2.25], name="x")))
        == tidy(pd.Series([1.5, 2.25], name="x")).to_string()
    )
    assert show(pd.DataFrame({"a": []})).note() == ""
    html = show(pd.DataFrame({"a": ["<b>"]}), index=False)._repr_html_()
    assert "&lt;b&gt;" in html and "<th>a</th>" in html
    with pytest.raises(ValueError, match="at least 1"):
        show(pd.DataFrame({"a": [1]}), rows=0)
