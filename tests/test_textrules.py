"""The text rules of ``analysis.textrules``, each broken once in a scratch copy of the data:
the error names the file, the line, the column, the rule and (for an invisible character)
its code point."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from csvrows import cell, edit, read_rows, set_cell

from analysis import DataValidationError, load_dataset
from analysis.textrules import FORMAT_CHARACTER, normalise_url, punycode_host


def refused(data: Path) -> str:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data)
    return str(caught.value)


def set_row(data: Path, file: str, index: int, column: str, value: str) -> None:
    edit(data / file, lambda rows: set_cell(rows, index, column, value))


INVISIBLE = [
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u202a", "U+202A LEFT-TO-RIGHT EMBEDDING"),
    ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\u2069", "U+2069 POP DIRECTIONAL ISOLATE"),
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u200c", "U+200C ZERO WIDTH NON-JOINER"),
    ("\u200d", "U+200D ZERO WIDTH JOINER"),
    ("\u2060", "U+2060 WORD JOINER"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("\u00ad", "U+00AD SOFT HYPHEN"),
    ("\u061c", "U+061C ARABIC LETTER MARK"),
]


@pytest.mark.parametrize(("character", "named"), INVISIBLE, ids=[n for _, n in INVISIBLE])
def test_invisible_character_in_an_excerpt_is_refused(
    data_copy: Path, character: str, named: str
) -> None:
    rows = read_rows(data_copy / "reports.csv")
    excerpt = cell(rows, 3, "excerpt")
    set_row(data_copy, "reports.csv", 3, "excerpt", excerpt[:5] + character + excerpt[5:])
    message = refused(data_copy)
    assert (
        f"reports.csv, line 4, column 'excerpt': must not contain an invisible format "
        f"character: {named} at character 6"
    ) in message, message


@pytest.mark.parametrize(
    ("file", "column"),
    [
        ("sources.csv", "note"),
        ("sources.csv", "title"),
        ("quotes.csv", "passage"),
        ("events.csv", "event_id"),
        ("claims.csv", "quote"),
        ("tallies.csv", "note"),
    ],
)
def test_every_column_of_every_table_is_checked(data_copy: Path, file: str, column: str) -> None:
    rows = read_rows(data_copy / file)
    value = cell(rows, 2, column) or "x"
    set_row(data_copy, file, 2, column, value + "\u200b")
    message = refused(data_copy)
    assert f"{file}, line 3, column '{column}': must not contain an invisible format" in message
    assert "U+200B ZERO WIDTH SPACE" in message


def test_a_note_ending_in_a_zero_width_space_is_named_at_its_position(data_copy: Path) -> None:
    set_row(data_copy, "events.csv", 1, "note", "ok\u200b")
    message = refused(data_copy)
    assert "events.csv, line 2, column 'note'" in message
    assert "U+200B ZERO WIDTH SPACE at character 3" in message


def test_every_format_character_is_refused_and_nothing_else() -> None:
    """The pattern is exactly Unicode category Cf (e.g. U+E0001 LANGUAGE TAG too)."""
    for code in (*range(0x3000), *range(0xE0000, 0xE0080), 0xFEFF, 0xFFF9, 0x110BD):
        character = chr(code)
        is_format = unicodedata.category(character) == "Cf"
        assert bool(FORMAT_CHARACTER.search(character)) == is_format, hex(code)


def test_shipped_data_hold_no_format_character() -> None:
    from analysis import DEFAULT_DATA_DIR

    for path in DEFAULT_DATA_DIR.glob("*.csv"):
        assert not FORMAT_CHARACTER.search(path.read_text(encoding="utf-8")), path


# --- URLs -----------------------------------------------------------------------------------


def test_a_host_with_a_look_alike_letter_is_refused_with_its_punycode(data_copy: Path) -> None:
    # Cyrillic small a (U+0430) in place of the Latin 'a' of 'tass'.
    set_row(data_copy, "sources.csv", 5, "url", "https://t\u0430ss.com/politics/1")
    message = refused(data_copy)
    assert (
        "sources.csv, line 6, column 'url': the host of a URL must be ASCII (an international "
        "domain in its punycode form): write it 'xn--tss-6cd.com'"
    ) in message, message


def test_an_international_host_in_punycode_loads(data_copy: Path) -> None:
    set_row(data_copy, "sources.csv", 5, "url", "https://xn--e1afmkfd.xn--p1ai/news/1")
    load_dataset(data_copy)


def test_a_path_outside_ascii_loads(data_copy: Path) -> None:
    set_row(data_copy, "sources.csv", 5, "url", "https://example.org/новости/1")
    load_dataset(data_copy)


@pytest.mark.parametrize("bad", ['"', "'", "<", ">", "`"])
def test_quotes_and_angle_brackets_in_a_url_are_refused(data_copy: Path, bad: str) -> None:
    set_row(data_copy, "sources.csv", 5, "canonical_url", f"https://example.org/a{bad}b")
    message = refused(data_copy)
    assert (
        f"sources.csv, line 6, column 'canonical_url': a URL must not contain quotes or angle "
        f"brackets ({bad!r} at character 22)"
    ) in message, message


def test_a_space_in_a_url_is_still_refused(data_copy: Path) -> None:
    set_row(data_copy, "sources.csv", 5, "url", "https://example.org/a b")
    assert "sources.csv, line 6, column 'url': must be an http(s) URL" in refused(data_copy)


def test_urls_differing_by_host_case_are_not_unique(data_copy: Path) -> None:
    rows = read_rows(data_copy / "sources.csv")
    url = cell(rows, 2, "url")
    scheme, rest = url.split("://", 1)
    host, path = rest.split("/", 1)
    set_row(data_copy, "sources.csv", 7, "url", f"{scheme}://{host.upper()}/{path}")
    message = refused(data_copy)
    assert (
        "sources.csv, line 8, column 'url': must be unique once normalised (Unicode NFKC, host "
        "in lower case): the same address is on line 3"
    ) in message, message
    assert "sources.csv, line 3, column 'url': must be unique once normalised" in message


def test_urls_differing_by_an_invisible_character_are_refused(data_copy: Path) -> None:
    rows = read_rows(data_copy / "sources.csv")
    set_row(data_copy, "sources.csv", 7, "url", cell(rows, 2, "url") + "\u200b")
    message = refused(data_copy)
    assert "sources.csv, line 8, column 'url': must not contain an invisible format" in message


def test_urls_differing_by_full_width_letters_are_not_unique(data_copy: Path) -> None:
    rows = read_rows(data_copy / "sources.csv")
    url = cell(rows, 2, "url")
    wide = url[:-1] + chr(ord(url[-1]) + 0xFEE0) if url[-1].isascii() and url[-1].isalnum() else ""
    assert wide, url
    set_row(data_copy, "sources.csv", 7, "url", wide)
    message = refused(data_copy)
    assert re.search(
        r"sources\.csv, line 8, column 'url': must be unique once normalised", message
    )


def test_a_canonical_url_equal_to_the_url_is_refused(data_copy: Path) -> None:
    rows = read_rows(data_copy / "sources.csv")
    set_row(
        data_copy,
        "sources.csv",
        4,
        "canonical_url",
        cell(rows, 4, "url").upper()[:8] + cell(rows, 4, "url")[8:],
    )
    message = refused(data_copy)
    assert (
        "sources.csv, line 5, column 'canonical_url': must differ from url once normalised"
    ) in message, message


def test_normalise_url_keeps_the_path_case() -> None:
    assert normalise_url("HTTPS://Example.ORG/A?B=C") == "https://example.org/A?B=C"
    assert normalise_url("https://\uff45xample.org/") == "https://example.org/"
    assert punycode_host("https://пример.рф/") == "xn--e1afmkfd.xn--p1ai"
