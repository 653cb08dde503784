"""The strict parsers of analysis.parsing and the way a problem shows its value."""

from __future__ import annotations

import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.errors import SHOWN_CHARS, Problem, shown
from analysis.parsing import (
    COUNT_LEADING_ZERO,
    COUNT_NOT_ASCII,
    COUNT_NOT_DIGITS,
    COUNT_TOO_LARGE,
    count_rule,
    has_control_character,
    is_date,
    parse_count,
    parse_date,
)
from analysis.schema import MAX_COUNT

ARABIC_INDIC_45 = "\u0664\u0665"
FULL_WIDTH_45 = "\uff14\uff15"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("0", None),
        ("45", None),
        (str(MAX_COUNT), None),
        (str(MAX_COUNT + 1), COUNT_TOO_LARGE),
        ("1" + "0" * 30, COUNT_TOO_LARGE),
        # Longer than int() converts by default (sys.int_max_str_digits): judged, not crashed.
        ("9" * 5000, COUNT_TOO_LARGE),
        ("045", COUNT_LEADING_ZERO),
        ("00", COUNT_LEADING_ZERO),
        (ARABIC_INDIC_45, COUNT_NOT_ASCII),
        (FULL_WIDTH_45, COUNT_NOT_ASCII),
        ("4\u0665", COUNT_NOT_ASCII),
        ("\u00b2", COUNT_NOT_DIGITS),  # superscript two: a digit, not a decimal
        ("", COUNT_NOT_DIGITS),
        ("+1", COUNT_NOT_DIGITS),
        ("-3", COUNT_NOT_DIGITS),
        (" 45", COUNT_NOT_DIGITS),
        ("4_5", COUNT_NOT_DIGITS),
        ("12.5", COUNT_NOT_DIGITS),
        ("1e3", COUNT_NOT_DIGITS),
        ("45\x00", COUNT_NOT_DIGITS),
    ],
)
def test_count_rule(text: str, rule: str | None) -> None:
    assert count_rule(text) == rule


def test_count_bound_is_a_parameter() -> None:
    assert count_rule("10", maximum=10) is None
    assert count_rule("11", maximum=10) == COUNT_TOO_LARGE
    assert count_rule("100", maximum=10) == COUNT_TOO_LARGE


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_every_count_in_bounds_reads_back(number: int) -> None:
    assert parse_count(str(number)) == number


@given(st.text(max_size=12))
def test_a_count_has_one_spelling(text: str) -> None:
    """Whatever text is accepted is the canonical spelling of its number."""
    if count_rule(text) is None:
        assert str(int(text)) == text
        assert 0 <= int(text) <= MAX_COUNT


def test_parse_count_names_the_rule() -> None:
    with pytest.raises(ValueError, match="without leading zeros"):
        parse_count("045")


@pytest.mark.parametrize("text", ["2022-05-04", "2022-02-28", "2024-02-29", "0001-01-01"])
def test_iso_dates_are_read(text: str) -> None:
    assert parse_date(text) == date.fromisoformat(text)
    assert is_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "banana",
        "05/04/2022",
        "2022/05/04",
        "20220504",
        "2022-W18-3",
        "2022-5-4",
        "2022-05-04T00:00",
        "2022-05-04+02:00",
        "2022-05-04 ",
        "2022-02-30",
        "2023-02-29",
        "0000-01-01",
        "\u0662\u0660\u0662\u0662-\u0660\u0665-\u0660\u0664",  # Arabic-Indic digits
        "\uff12\uff10\uff12\uff12-05-04",  # full-width year
    ],
)
def test_anything_else_is_no_date(text: str) -> None:
    with pytest.raises(ValueError, match="must be a calendar date written YYYY-MM-DD"):
        parse_date(text)
    assert not is_date(text)


def test_control_characters_are_category_cc() -> None:
    """The fast test matches Unicode's category Cc over every code point."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert has_control_character(char) == (unicodedata.category(char) == "Cc"), hex(code)


@pytest.mark.parametrize("text", ["a\x00b", "tab\there", "line\nbreak", "cr\r", "\x7f", "\x85"])
def test_control_characters_are_found(text: str) -> None:
    assert has_control_character(text)


@pytest.mark.parametrize(
    "text", ["", "plain text", "Klaipėda", "zero\u200bwidth", "non\u00a0break"]
)
def test_other_text_has_none(text: str) -> None:
    assert not has_control_character(text)


def test_short_values_are_shown_whole() -> None:
    assert shown("12.5") == "'12.5'"
    assert shown("a\x00b") == "'a\\x00b'"
    exact = "x" * SHOWN_CHARS
    assert shown(exact) == repr(exact)


def test_long_values_are_cut_with_their_length() -> None:
    note = "y" * 1000
    assert shown(note) == f"'{'y' * SHOWN_CHARS}'… (1000 characters)"
    problem = Problem(Path("data/events.csv"), 5, "note", "must not contain a control character")
    assert (
        str(problem)
        == "data/events.csv, line 5, column 'note': must not contain a control character"
    )
    problem = Problem(Path("data/events.csv"), 5, "note", "rule", note)
    assert str(problem).endswith("… (1000 characters))")
    assert len(str(problem)) < 150
