"""Each rule of the loaders, broken once in a scratch copy of the data, with the error expected.

Every case returns the text the error must contain: the file, the line (header = line 1),
the column and the rule. Record ``i`` of a file is on line ``i + 1`` because no cell of the
shipped data spans lines (checked in test_data.py).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from csvrows import Rows, cell, edit, read_rows, row_where, set_cell, write_rows

from analysis import DataFolderError, DataValidationError, load_dataset, load_events, loaders
from analysis.loaders import answer_cycles, event_id_agrees

FRANCE_ANSWER = "2022-05-18-RUS-FRA"
POLAND_ANSWER = "2022-04-08-RUS-POL"
POLAND_EXPULSION = "2022-03-23-POL-RUS"


def place(file: str, line: int | None, column: str | None) -> str:
    text = f"{file}"
    if line is not None:
        text += f", line {line}"
    if column is not None:
        text += f", column '{column}'"
    return text


def break_cell(
    file: str,
    key_column: str,
    key: str,
    column: str,
    value: str,
    rule: str,
    blamed: str | None = None,
):
    """A case that sets one cell of the row whose ``key_column`` is ``key``.

    The error must name ``blamed`` (default: the changed column) on that row.
    """

    def case(data: Path) -> str:
        rows = read_rows(data / file)
        index = row_where(rows, key_column, key)
        set_cell(rows, index, column, value)
        write_rows(data / file, rows)
        return f"{place(file, index + 1, blamed or column)}: {rule}"

    return case


def break_cell_blame_claim(reading: str, column: str, value: str, claim: str, rule: str):
    """A case that sets one cell of a reading; the error must name the claim's row."""

    def case(data: Path) -> str:
        edit(
            data / "readings.csv",
            lambda rows: set_cell(rows, row_where(rows, "reading_id", reading), column, value),
        )
        line = row_where(read_rows(data / "claims.csv"), "claim_id", claim) + 1
        return f"{place('claims.csv', line, 'claim_id')}: {rule}"

    return case


def event_cell(column: str, value: str, rule: str, blamed: str | None = None):
    return break_cell("events.csv", "event_id", POLAND_ANSWER, column, value, rule, blamed)


# --- file-level rules --------------------------------------------------------------------


def missing_file(data: Path) -> str:
    (data / "tallies.csv").unlink()
    return "tallies.csv: file not found"


def empty_file(data: Path) -> str:
    (data / "claims.csv").write_text("", encoding="utf-8")
    return "claims.csv: file is empty (no header)"


def header_only(data: Path) -> str:
    path = data / "responses.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return "responses.csv: file has a header but no rows"


def not_utf8(data: Path) -> str:
    path = data / "sources.csv"
    lines = path.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b",", b",\xe9", 1)
    path.write_bytes(b"\n".join(lines))
    return f"{place('sources.csv', 5, None)}: not valid UTF-8"


def byte_order_mark(data: Path) -> str:
    path = data / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return f"{place('events.csv', 1, None)}: file starts with a byte-order mark"


def missing_column(data: Path) -> str:
    def drop(rows: Rows) -> None:
        position = rows[0].index("persons")
        for row in rows:
            del row[position]

    edit(data / "events.csv", drop)
    return f"{place('events.csv', 1, 'persons')}: missing column"


def misnamed_column(data: Path) -> str:
    edit(data / "reports.csv", lambda rows: set_cell(rows, 0, "note", "notes"))
    return f"{place('reports.csv', 1, 'notes')}: unexpected column"


def columns_out_of_order(data: Path) -> str:
    def swap(rows: Rows) -> None:
        for row in rows:
            row[0], row[1] = row[1], row[0]

    edit(data / "claims.csv", swap)
    return f"{place('claims.csv', 1, None)}: columns out of order"


def short_row(data: Path) -> str:
    edit(data / "tallies.csv", lambda rows: rows[3].pop())
    return f"{place('tallies.csv', 4, None)}: row has 11 fields, the header has 12"


def blank_line(data: Path) -> str:
    path = data / "responses.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{place('responses.csv', 4, None)}: blank line"


# --- cell rules --------------------------------------------------------------------------

CELL_CASES = {
    "malformed date": event_cell(
        "announced", "2022-13-01", "must be a calendar date written YYYY-MM-DD"
    ),
    "date in another format": event_cell("announced", "08/04/2022", "must be a calendar date"),
    "malformed number": event_cell("persons", "12.5", "must be a whole number >= 0"),
    "negative count": event_cell("persons", "-3", "must be a whole number >= 0"),
    "unknown state code": event_cell(
        "expelled", "XYZ", "must be an ISO 3166-1 alpha-3 code or EUU"
    ),
    "lower-case code": event_cell("expelling", "rus", "must be an ISO 3166-1 alpha-3 code or EUU"),
    "unknown qualifier": event_cell(
        "qualifier", "roughly", "must be one of: exact, at_least, about, unknown"
    ),
    "unknown episode": event_cell("episode", "cold-war", "must be one of: ukraine-2022"),
    "required text missing": event_cell("note", "", "a value is required"),
    "white space": event_cell("personnel", " staff", "has leading or trailing white space"),
    "malformed id": event_cell("event_id", "2022 04 08", "must be an id"),
    "duplicate id": event_cell("event_id", POLAND_EXPULSION, "must be unique"),
    "bad language": break_cell(
        "sources.csv",
        "source_id",
        "albawaba-2022-05-19",
        "language",
        "english",
        "must be an ISO 639-1 language code",
    ),
    "bad url": break_cell(
        "sources.csv",
        "source_id",
        "albawaba-2022-05-19",
        "url",
        "albawaba.com/news",
        "must be an http(s) URL",
    ),
    "bad state list": break_cell(
        "readings.csv",
        "reading_id",
        "C09-since-april",
        "states",
        "POL;POL",
        "must be '*' or distinct state codes",
    ),
    "bad source kind": break_cell(
        "sources.csv",
        "source_id",
        "albawaba-2022-05-19",
        "kind",
        "blog",
        "must be one of: government, wire, national, local, aggregator, encyclopedia",
    ),
    "under_check not yes or no": break_cell(
        "sources.csv",
        "source_id",
        "albawaba-2022-05-19",
        "under_check",
        "true",
        "must be one of: yes, no",
    ),
    "bad canonical url": break_cell(
        "sources.csv",
        "source_id",
        "albawaba-2022-05-19",
        "canonical_url",
        "www.albawaba.com",
        "must be an http(s) URL",
    ),
    "report without excerpt": break_cell(
        "reports.csv", "event", POLAND_ANSWER, "excerpt", "", "a value is required"
    ),
    "report hand unknown": break_cell(
        "reports.csv", "event", POLAND_ANSWER, "hand", "second", "must be one of: first, relay"
    ),
    "report day not a date": break_cell(
        "reports.csv", "event", POLAND_ANSWER, "announced", "8 April", "must be a calendar date"
    ),
    "coverage sources malformed": break_cell(
        "coverage.csv", "found", "none", "sources", "a;a", "must be distinct ids joined by ';'"
    ),
    "bad tally count": break_cell(
        "tallies.csv",
        "tally_id",
        "tass-574-retro-2023-01-26",
        "figure",
        "about 574",
        "must be a whole number",
    ),
}

# --- rules across cells, rows and tables ---------------------------------------------------

LINK_CASES = {
    "report of unknown event": break_cell(
        "reports.csv", "event", POLAND_ANSWER, "event", "2022-01-01-RUS-XXX", "refers to no event"
    ),
    "report of unknown source": break_cell(
        "reports.csv", "event", POLAND_ANSWER, "source", "no-such-source", "refers to no source"
    ),
    "response to unknown event": break_cell(
        "responses.csv",
        "response",
        POLAND_ANSWER,
        "stimulus",
        "2022-01-01-POL-RUS",
        "refers to no event",
    ),
    "event answers itself": break_cell(
        "responses.csv",
        "response",
        POLAND_ANSWER,
        "stimulus",
        POLAND_ANSWER,
        f"an event cannot answer itself (value: '{POLAND_ANSWER}')",
    ),
    "response source unknown": break_cell(
        "responses.csv",
        "response",
        POLAND_ANSWER,
        "source",
        "no-such-source",
        "refers to no source",
    ),
    "claim source unknown": break_cell(
        "claims.csv", "claim_id", "C01", "source", "no-such-source", "refers to no source"
    ),
    "tally source unknown": break_cell(
        "tallies.csv",
        "tally_id",
        "tass-574-retro-2023-01-26",
        "source",
        "no-such-source",
        "refers to no source",
    ),
    "adopted source unknown": event_cell("adopted_from", "no-such-source", "refers to no source"),
    "adopted figure not reported": event_cell(
        "persons", "46", "adopted figure (46, exact) is not what source"
    ),
    "adopted qualifier not reported": event_cell(
        "qualifier", "about", "adopted figure (45, about) is not what source", "persons"
    ),
    "event id of another day": event_cell(
        "announced",
        "2022-04-09",
        "must be 2022-04-09-RUS-POL (announced-expelling-expelled), optionally followed by '-suffix' (value: '2022-04-08-RUS-POL')",
        "event_id",
    ),
    "event id of another expelled state": event_cell(
        "expelled", "DEU", "must be 2022-04-08-RUS-DEU (announced-expelling-expelled)", "event_id"
    ),
    "event id of another expelling state": break_cell(
        "events.csv",
        "event_id",
        POLAND_EXPULSION,
        "expelling",
        "DEU",
        "must be 2022-03-23-DEU-RUS (announced-expelling-expelled)",
        "event_id",
    ),
    "adoption unexplained": event_cell(
        "adopted_from", "", "required when adopted_from is empty", "adoption_note"
    ),
    "unknown with a number": event_cell(
        "qualifier", "unknown", "must be 'unknown' exactly when persons is empty"
    ),
    "state expels itself": event_cell("expelled", "RUS", "a state cannot expel its own personnel"),
    "Russia on neither side": event_cell("expelling", "UKR", "exactly one side must be RUS"),
    "reading window reversed": break_cell(
        "readings.csv",
        "reading_id",
        "C11-since-invasion",
        "window_end",
        "2022-02-01",
        "is before window_start",
    ),
    "reading of unknown claim": break_cell(
        "readings.csv", "reading_id", "C01-30-days", "claim", "C99", "refers to no claim"
    ),
    "claim with two natural readings": break_cell_blame_claim(
        "C01-30-days",
        "natural",
        "yes",
        "C01",
        "claim must have exactly one natural reading, has 2",
    ),
    "claim with no natural reading": break_cell_blame_claim(
        "C12-april", "natural", "no", "C12", "claim must have exactly one natural reading, has 0"
    ),
    "reading outside its episode": break_cell(
        "readings.csv",
        "reading_id",
        "C11-since-invasion",
        "window_start",
        "2018-03-01",
        "is outside the claim's episode 'ukraine-2022'",
    ),
    "reading counts Russia against itself": break_cell(
        "readings.csv",
        "reading_id",
        "C09-since-april",
        "states",
        "POL;RUS",
        "must not name RUS",
    ),
    "month precision not month end": event_cell(
        "date_precision",
        "month",
        "with date_precision 'month' must be the month's last day",
        "announced",
    ),
}


def event_without_report(data: Path) -> str:
    events = read_rows(data / "events.csv")
    index = row_where(events, "event_id", POLAND_ANSWER)
    edit(data / "reports.csv", lambda rows: _drop_where(rows, "event", POLAND_ANSWER))
    return f"{place('events.csv', index + 1, 'event_id')}: event has no report"


def _drop_where(rows: Rows, column: str, value: str) -> None:
    position = rows[0].index(column)
    rows[1:] = [row for row in rows[1:] if row[position] != value]


def response_same_direction(data: Path) -> str:
    rows = read_rows(data / "responses.csv")
    index = row_where(rows, "response", POLAND_ANSWER)
    set_cell(rows, index, "stimulus", FRANCE_ANSWER)
    write_rows(data / "responses.csv", rows)
    return f"{place('responses.csv', index + 1, 'response')}: must run opposite to the measure it answers"


def response_before_stimulus(data: Path) -> str:
    rows = read_rows(data / "events.csv")
    set_cell(rows, row_where(rows, "event_id", POLAND_ANSWER), "announced", "2022-03-01")
    write_rows(data / "events.csv", rows)
    links = read_rows(data / "responses.csv")
    index = row_where(links, "response", POLAND_ANSWER)
    return (
        f"{place('responses.csv', index + 1, 'response')}: is dated before the measure it answers"
    )


def response_pair_repeated(data: Path) -> str:
    rows = read_rows(data / "responses.csv")
    index = row_where(rows, "response", POLAND_ANSWER)
    rows.append(list(rows[index]))
    write_rows(data / "responses.csv", rows)
    return f"{place('responses.csv', len(rows), 'stimulus')}: the combination of response, stimulus must be unique"


def event_outside_its_episode(data: Path) -> str:
    rows = read_rows(data / "events.csv")
    index = row_where(rows, "event_id", POLAND_ANSWER)
    set_cell(rows, index, "announced", "2023-01-02")
    write_rows(data / "events.csv", rows)
    return (
        f"{place('events.csv', index + 1, 'announced')}: is outside episode 'ukraine-2022' "
        "(2022-01-01 to 2022-12-31) (value: '2023-01-02')"
    )


def answer_in_another_episode(data: Path) -> str:
    rows = read_rows(data / "events.csv")
    index = row_where(rows, "event_id", "2018-03-30-RUS-POL")
    set_cell(rows, index, "episode", "ukraine-2022")
    write_rows(data / "events.csv", rows)
    links = read_rows(data / "responses.csv")
    link = row_where(links, "response", "2018-03-30-RUS-POL")
    return f"{place('responses.csv', link + 1, 'response')}: belongs to another episode than the measure it answers (only the war's years may answer one another)"


ARTICLE = "albawaba-2022-05-19"
UNDER_CHECK = "cites a source under check"


def first_record(file: str, column: str, value: str, rule: str):
    """A case that sets one cell of the first record of ``file``."""

    def case(data: Path) -> str:
        edit(data / file, lambda rows: set_cell(rows, 1, column, value))
        return f"{place(file, 2, column)}: {rule}"

    return case


def non_english_report_without_gloss(data: Path) -> str:
    sources = read_rows(data / "sources.csv")
    language = {row[0]: cell(sources, i, "language") for i, row in enumerate(sources) if i}
    rows = read_rows(data / "reports.csv")
    index = next(i for i in range(1, len(rows)) if language[cell(rows, i, "source")] != "en")
    set_cell(rows, index, "gloss", "")
    write_rows(data / "reports.csv", rows)
    return f"{place('reports.csv', index + 1, 'gloss')}: required: the source is in"


def coverage_found_flipped(found: str, flipped: str, rule: str):
    """A case that flips the first coverage row found ``found`` to ``flipped``."""

    def case(data: Path) -> str:
        rows = read_rows(data / "coverage.csv")
        index = next(i for i in range(1, len(rows)) if cell(rows, i, "found") == found)
        set_cell(rows, index, "found", flipped)
        write_rows(data / "coverage.csv", rows)
        return f"{place('coverage.csv', index + 1, 'found')}: {rule}"

    return case


def coverage_row_missing(data: Path) -> str:
    rows = read_rows(data / "coverage.csv")
    index = next(
        i
        for i in range(1, len(rows))
        if cell(rows, i, "found") == "events" and cell(rows, i, "episode") == "ukraine-2022"
    )
    state, direction = cell(rows, index, "state"), cell(rows, index, "direction")
    del rows[index]
    write_rows(data / "coverage.csv", rows)
    return f"coverage.csv, column 'state': no row for {state}, ukraine-2022, {direction}"


def claim_without_reading(data: Path) -> str:
    edit(data / "readings.csv", lambda rows: _drop_where(rows, "claim", "C12"))
    line = row_where(read_rows(data / "claims.csv"), "claim_id", "C12") + 1
    return f"{place('claims.csv', line, 'claim_id')}: claim has no reading"


def rename_event(data: Path, old: str, new: str) -> None:
    """Give an event a new id everywhere it is used (events, responses, reports)."""
    for name in ("events.csv", "responses.csv", "reports.csv"):
        edit(
            data / name,
            lambda rows: [
                row.__setitem__(i, new) for row in rows for i, v in enumerate(row) if v == old
            ],
        )


def event_id_with_empty_suffix(data: Path) -> str:
    index = row_where(read_rows(data / "events.csv"), "event_id", POLAND_ANSWER)
    rename_event(data, POLAND_ANSWER, f"{POLAND_ANSWER}-")
    return f"{place('events.csv', index + 1, 'event_id')}: must be {POLAND_ANSWER} (announced"


def event_id_run_on(data: Path) -> str:
    index = row_where(read_rows(data / "events.csv"), "event_id", POLAND_ANSWER)
    rename_event(data, POLAND_ANSWER, f"{POLAND_ANSWER}X")
    return f"{place('events.csv', index + 1, 'event_id')}: must be {POLAND_ANSWER} (announced"


def answers_answer_each_other(data: Path) -> str:
    """Poland's expulsion is made to answer Russia's answer to it, on the same day."""
    rows = read_rows(data / "responses.csv")
    index = row_where(rows, "response", POLAND_ANSWER)
    rows.append([POLAND_EXPULSION, POLAND_ANSWER, cell(rows, index, "source"), ""])
    write_rows(data / "responses.csv", rows)
    rule = "the measure it answers answers it (directly or through other answers)"
    return f"{place('responses.csv', len(rows), 'stimulus')}: {rule}"


CASES: dict[str, Callable[[Path], str]] = {
    "missing file": missing_file,
    "empty file": empty_file,
    "header only": header_only,
    "not UTF-8": not_utf8,
    "byte-order mark": byte_order_mark,
    "missing column": missing_column,
    "misnamed column": misnamed_column,
    "columns out of order": columns_out_of_order,
    "short row": short_row,
    "blank line": blank_line,
    **CELL_CASES,
    **LINK_CASES,
    "event without report": event_without_report,
    "response in the same direction": response_same_direction,
    "response before stimulus": response_before_stimulus,
    "response pair repeated": response_pair_repeated,
    "event outside its episode": event_outside_its_episode,
    "answer in another episode": answer_in_another_episode,
    "claim without reading": claim_without_reading,
    "report cites the article": break_cell(
        "reports.csv", "event", POLAND_ANSWER, "source", ARTICLE, UNDER_CHECK
    ),
    "event adopts the article": event_cell("adopted_from", ARTICLE, UNDER_CHECK),
    "link cites the article": break_cell(
        "responses.csv", "response", POLAND_ANSWER, "source", ARTICLE, UNDER_CHECK
    ),
    "tally cites the article": first_record("tallies.csv", "source", ARTICLE, UNDER_CHECK),
    "provenance cites the article": first_record("provenance.csv", "source", ARTICLE, UNDER_CHECK),
    "coverage cites the article": first_record("coverage.csv", "sources", ARTICLE, UNDER_CHECK),
    "quote without passage": break_cell(
        "quotes.csv", "quote_id", "Q1", "passage", "", "required for the verdict 'altered'"
    ),
    "quote without speaker": break_cell(
        "quotes.csv", "quote_id", "Q2", "speaker", "", "required for the verdict 'verbatim'"
    ),
    "quote without date": break_cell(
        "quotes.csv", "quote_id", "Q2", "said_on", "", "required for the verdict 'verbatim'"
    ),
    "quote without source": break_cell(
        "quotes.csv", "quote_id", "Q2", "source", "", "required for the verdict 'verbatim'"
    ),
    "quote in French without gloss": break_cell(
        "quotes.csv", "quote_id", "Q3", "gloss", "", "required: the passage is in 'fr'"
    ),
    "quote cites the article": break_cell(
        "quotes.csv", "quote_id", "Q2", "source", ARTICLE, UNDER_CHECK
    ),
    "quote verdict unknown": break_cell(
        "quotes.csv", "quote_id", "Q2", "verdict", "true", "must be one of: verbatim"
    ),
    "coverage cites no source": first_record(
        "coverage.csv", "sources", "no-such-source", "refers to no source"
    ),
    "non-English report without gloss": non_english_report_without_gloss,
    "coverage denies an event": coverage_found_flipped("events", "none", "must be 'events'"),
    "coverage invents an event": coverage_found_flipped("none", "events", "must be 'none'"),
    "coverage row missing": coverage_row_missing,
    "event id with an empty suffix": event_id_with_empty_suffix,
    "event id run on": event_id_run_on,
    "answers answer each other": answers_answer_each_other,
}


@pytest.mark.parametrize("break_data", CASES.values(), ids=CASES.keys())
def test_each_broken_rule_is_named(data_copy: Path, break_data: Callable[[Path], str]) -> None:
    expected = break_data(data_copy)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    message = str(caught.value)
    assert expected in message, message
    # The error names the file with its full path, so a reader can open it.
    assert str(data_copy) in message


def test_every_loader_validates(data_copy: Path) -> None:
    edit(data_copy / "tallies.csv", lambda rows: set_cell(rows, 1, "figure", "-1"))
    with pytest.raises(
        DataValidationError, match=re.escape("tallies.csv, line 2, column 'figure'")
    ):
        load_events(data_copy)


def test_all_problems_are_listed_at_once(data_copy: Path) -> None:
    def two_bad_cells(rows: Rows) -> None:
        set_cell(rows, 1, "announced", "yesterday")
        set_cell(rows, 2, "persons", "many")

    edit(data_copy / "events.csv", two_bad_cells)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert len(caught.value.problems) == 2
    assert str(caught.value).startswith("2 problems in the data:")


def test_nothing_is_coerced(data_copy: Path) -> None:
    """A number with a leading zero or a sign is refused, not read as a number."""
    edit(data_copy / "events.csv", lambda rows: set_cell(rows, 1, "persons", "+1"))
    with pytest.raises(DataValidationError, match="whole number"):
        load_dataset(data_copy)


def test_unchanged_copy_loads(data_copy: Path) -> None:
    rows = read_rows(data_copy / "events.csv")
    assert len(load_events(data_copy)) == len(rows) - 1
    assert cell(rows, 1, "event_id") == load_events(data_copy).event_id.iloc[0]


def test_mutual_answers_are_refused_on_both_lines(data_copy: Path) -> None:
    answers_answer_each_other(data_copy)
    links = read_rows(data_copy / "responses.csv")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    message = str(caught.value)
    for index in (row_where(links, "response", POLAND_ANSWER), len(links) - 1):
        assert (
            f"{place('responses.csv', index + 1, 'stimulus')}: the measure it answers" in message
        )


def test_event_id_may_carry_a_suffix(data_copy: Path) -> None:
    rename_event(data_copy, POLAND_ANSWER, f"{POLAND_ANSWER}-second")
    assert f"{POLAND_ANSWER}-second" in set(load_events(data_copy)["event_id"])


@pytest.mark.parametrize(
    ("event_id", "agrees"),
    [
        ("2022-04-08-RUS-POL", True),
        ("2022-04-08-RUS-POL-consulate", True),
        ("2022-04-08-RUS-POL-2", True),
        ("2022-04-08-RUS-POL-", False),
        ("2022-04-08-RUS-POLX", False),
        ("2022-04-08-RUS-PO", False),
        ("2022-04-09-RUS-POL", False),
        ("x2022-04-08-RUS-POL", False),
    ],
)
def test_event_id_agrees(event_id: str, agrees: bool) -> None:
    assert event_id_agrees(event_id, "2022-04-08-RUS-POL") is agrees


def test_answer_cycles() -> None:
    """Links on a cycle of any length are found; a chain, a fork and a self-link are not."""
    links = pd.DataFrame(
        [
            ("b", "a"),  # chain a <- b <- c: no cycle
            ("c", "b"),
            ("x", "y"),  # x and y answer each other
            ("y", "x"),
            ("q", "p"),  # p <- q <- r <- s <- p: a cycle of four
            ("r", "q"),
            ("s", "r"),
            ("p", "s"),
            ("t", "p"),  # t answers a member of a cycle but is on none
            ("z", "z"),  # an event answering itself is a rule of its own
        ],
        columns=["response", "stimulus"],
        index=range(2, 12),
    )
    on_cycle = answer_cycles(links)
    assert list(on_cycle.index) == list(links.index)
    assert list(on_cycle) == [False, False, True, True, True, True, True, True, False, False]


@pytest.mark.parametrize(
    ("event_persons", "event_qualifier", "report_persons", "report_qualifier", "figure"),
    [("", "unknown", "45", "unknown", "empty"), ("45", "exact", "", "exact", "45")],
    ids=["event has no number", "report has no number"],
)
def test_adopted_figure_missing_on_one_side(
    data_copy: Path,
    event_persons: str,
    event_qualifier: str,
    report_persons: str,
    report_qualifier: str,
    figure: str,
) -> None:
    """A missing figure equals only a missing figure: with the same qualifier on both sides,
    a number on one side and none on the other is still no adoption."""
    events = read_rows(data_copy / "events.csv")
    index = row_where(events, "event_id", POLAND_ANSWER)
    set_cell(events, index, "persons", event_persons)
    set_cell(events, index, "qualifier", event_qualifier)
    write_rows(data_copy / "events.csv", events)
    source = cell(events, index, "adopted_from")

    def change(rows: Rows) -> None:
        for i in range(1, len(rows)):
            if cell(rows, i, "event") == POLAND_ANSWER and cell(rows, i, "source") == source:
                set_cell(rows, i, "persons", report_persons)
                set_cell(rows, i, "qualifier", report_qualifier)

    edit(data_copy / "reports.csv", change)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    expected = f"adopted figure ({figure}, {event_qualifier}) is not what source {source} reports"
    assert f"{place('events.csv', index + 1, 'persons')}: {expected}" in str(caught.value)


def test_a_long_note_loads(data_copy: Path) -> None:
    """A note longer than the csv module's default limit (131,072 characters) loads whole."""
    note = "word " * 40_000 + "end"
    edit(data_copy / "events.csv", lambda rows: set_cell(rows, 1, "note", note))
    assert load_events(data_copy)["note"].iloc[0] == note


def test_a_long_bad_value_is_shortened(data_copy: Path) -> None:
    url = "https://example.org/" + "x" * 480 + " y"
    edit(data_copy / "sources.csv", lambda rows: set_cell(rows, 1, "url", url))
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    message = str(caught.value)
    assert (
        f"must be an http(s) URL without spaces (value: {url[:60]!r}… (502 characters))" in message
    )
    assert "x" * 61 not in message


# --- paths that cannot be read -------------------------------------------------------------


def test_a_folder_in_place_of_a_table(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    path.unlink()
    path.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        load_dataset(data_copy)
    assert caught.value.filename == str(path)


def test_a_symbolic_link_loop(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    path.unlink()
    path.symlink_to(path.name)
    with pytest.raises(OSError) as caught:
        load_dataset(data_copy)
    assert caught.value.errno == errno.ELOOP
    assert caught.value.filename == str(path)


def test_a_symbolic_link_to_nothing(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    path.unlink()
    path.symlink_to("moved-away.csv")
    with pytest.raises(
        DataValidationError, match=re.escape(f"{path}: is a symbolic link to a missing file")
    ):
        load_dataset(data_copy)


def test_an_unreadable_table(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied is the system's own error, naming the path (simulated: the tests may
    run as root, who reads every file)."""
    path = data_copy / "events.csv"
    real_open = os.open

    def refuse(name, *args, **kwargs):  # tables are opened by safeio.read_regular_file
        if Path(name) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PermissionError) as caught:
        load_dataset(data_copy)
    assert caught.value.filename == str(path)


def test_no_data_folder(tmp_path: Path) -> None:
    with pytest.raises(DataFolderError, match="no data folder here") as caught:
        load_dataset(tmp_path / "data")
    assert caught.value.filename == str(tmp_path / "data")
    assert isinstance(caught.value, FileNotFoundError)


def test_a_file_in_place_of_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("", encoding="utf-8")
    with pytest.raises(DataFolderError, match="is not a folder"):
        load_dataset(tmp_path / "data")


def test_installed_without_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed elsewhere, the default data folder does not exist: one clear error."""
    monkeypatch.setattr(loaders, "DEFAULT_DATA_DIR", tmp_path / "data")
    with pytest.raises(DataFolderError) as caught:
        load_events()
    assert caught.value.filename == str(tmp_path / "data")


def test_an_answer_on_the_same_day_loads(data_copy: Path) -> None:
    """'Not dated before' allows the same day: Russia's answer to Poland moved to 23 March."""
    same_day = "2022-03-23-RUS-POL"
    rename_event(data_copy, POLAND_ANSWER, same_day)
    edit(
        data_copy / "events.csv",
        lambda rows: set_cell(
            rows, row_where(rows, "event_id", same_day), "announced", "2022-03-23"
        ),
    )
    responses = load_dataset(data_copy).responses
    assert POLAND_EXPULSION in set(responses.loc[responses["response"] == same_day, "stimulus"])


def test_a_later_year_of_the_war_may_answer_an_earlier_one(data_copy: Path) -> None:
    """Russia's answer of January 2023 to Estonia may answer Estonia's measure of April 2022:
    the war's years answer one another; 2018 stays closed (``answer_in_another_episode``)."""
    links = read_rows(data_copy / "responses.csv")
    index = row_where(links, "response", "2023-01-23-RUS-EST")
    set_cell(links, index, "stimulus", "2022-04-05-EST-RUS")
    write_rows(data_copy / "responses.csv", links)
    data = load_dataset(data_copy)
    link = data.responses[data.responses["response"] == "2023-01-23-RUS-EST"]
    assert list(link["stimulus"]) == ["2022-04-05-EST-RUS"]
