"""The column operations of the loaders agree with the rules they stand for, cell by cell.

``analysis.parsing`` judges whole columns at once (with a whole-column test first, then cell
by cell when it fails); ``analysis.loaders`` checks cycles of answers by peeling before it
asks networkx. Each is compared here with the one-cell (or one-graph) function it replaces,
on arbitrary input.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.loaders import PEELING_ROUNDS, answer_cycles, event_id_agrees, event_ids_agree
from analysis.parsing import (
    WHITE_SPACE,
    are_dates,
    clean_texts,
    count_rule,
    count_rules,
    fullmatches,
    has_control_character,
    is_date,
    text_faults,
)

#: Characters that make the rules differ: digits of other scripts, signs, separators, the
#: separator of the joined column (NUL), control characters, white space of every kind.
TRICKY = "0123456789-+;. \t\n\r\x00\x1f\x7f\x85\xa0\u2028\u3000\u0664\uff14aZé*"
cells_of = st.lists(st.text(alphabet=TRICKY, max_size=12), max_size=8)
dates_of = st.lists(
    st.one_of(
        st.dates().map(lambda d: d.isoformat()),
        st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
        st.text(alphabet=TRICKY, max_size=11),
    ),
    max_size=8,
)


def column(values: list[str]) -> pd.Series:
    return pd.Series(values, dtype=object, index=range(2, 2 + len(values)))


@given(cells_of)
def test_count_rules_are_count_rule(values: list[str]) -> None:
    assert list(count_rules(column(values))) == [count_rule(v) for v in values]


@given(st.lists(st.integers(min_value=0, max_value=2_000_000).map(str), max_size=8))
def test_count_rules_of_whole_numbers(values: list[str]) -> None:
    assert list(count_rules(column(values))) == [count_rule(v) for v in values]


@given(dates_of)
def test_are_dates_is_is_date(values: list[str]) -> None:
    assert list(are_dates(column(values))) == [is_date(v) for v in values]


@given(cells_of)
def test_text_faults_are_the_cell_rules(values: list[str]) -> None:
    control, white = text_faults(column(values))
    assert list(control) == [has_control_character(v) for v in values]
    assert list(white) == [v != v.strip() for v in values]
    assert clean_texts(column(values).to_numpy()) == (not any(control) and not any(white))


@given(cells_of)
def test_fullmatches_is_re_fullmatch(values: list[str]) -> None:
    pattern = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
    assert list(fullmatches(column(values), pattern)) == [
        bool(re.fullmatch(pattern, v)) for v in values
    ]
    url = r"https?://\S+"
    urls = [f"https://{v}" for v in values]
    assert list(fullmatches(column(urls), url, joinable=r"https?://[^\s\x00]+")) == [
        bool(re.fullmatch(url, v)) for v in urls
    ]


def test_white_space_is_every_white_space_character() -> None:
    everywhere = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert everywhere == WHITE_SPACE


@given(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.sampled_from("abcdefgh")), max_size=12))
def test_answer_cycles_are_strongly_connected_links(links: list[tuple[str, str]]) -> None:
    frame = pd.DataFrame(links, columns=["response", "stimulus"], dtype=object)
    graph = nx.DiGraph(links)
    component = {
        node: number
        for number, nodes in enumerate(nx.strongly_connected_components(graph))
        for node in nodes
    }
    expected = [a != b and component[a] == component[b] for a, b in links]
    assert list(answer_cycles(frame)) == expected


@settings(max_examples=5)
@given(st.integers(min_value=PEELING_ROUNDS - 2, max_value=PEELING_ROUNDS + 5))
def test_a_long_chain_of_answers_is_no_cycle(length: int) -> None:
    links = [(f"e{i + 1}", f"e{i}") for i in range(length)]
    frame = pd.DataFrame(links, columns=["response", "stimulus"], dtype=object)
    assert not answer_cycles(frame).any()
    closed = pd.DataFrame([*links, ("e0", f"e{length}")], columns=["response", "stimulus"])
    assert answer_cycles(closed).all()


@given(st.lists(st.tuples(st.text("AB-2", max_size=8), st.text("AB-2", max_size=5)), max_size=8))
def test_event_ids_agree_is_event_id_agrees(pairs: list[tuple[str, str]]) -> None:
    ids = pd.Series([i for i, _ in pairs], dtype=object)
    prefixes = pd.Series([p for _, p in pairs], dtype=object)
    assert list(event_ids_agree(ids, prefixes)) == [event_id_agrees(i, p) for i, p in pairs]


# The reader's fast path (``_records``: one record per line, unquoted lines split at commas)
# against the csv module reading record by record (``_records_line_by_line``).
CSV_PIECES = st.sampled_from(["a", "b", "", ",", '"', '""', "\n", "\r", "\r\n", "\x00", " "])
csv_texts = st.lists(CSV_PIECES, max_size=24).map("".join)


def _slow_read(text: str) -> tuple[list[str], list[int], list[list[str]], list] | None:
    from analysis.errors import DataValidationError
    from analysis.loaders import _records_line_by_line

    try:
        return _records_line_by_line(text, Path("t.csv"))
    except DataValidationError:
        return None


@settings(max_examples=400)
@given(csv_texts)
def test_the_fast_reader_reads_what_the_csv_module_reads(text: str) -> None:
    """Wherever the fast path answers, it gives the csv module's header, lines and records,
    and the csv module finds no problem; where the text is malformed, has a blank line, a line
    break inside a cell or a NUL, the fast path leaves it to the csv module."""
    from analysis.loaders import _records

    header, lines, records = _records(text)
    slow = _slow_read(text)
    if header is None:
        assert (lines, records) == ([], [])
        return
    assert slow is not None, "the fast path read a text the csv module refuses"
    assert (header, lines, records, slow[3]) == (slow[0], slow[1], slow[2], [])


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("a,b\n1,2\n", True),
        ("a,b\n1,2", True),
        ('a,b\n"1,x",2\n', True),
        ("a,b\n\n1,2\n", False),  # a blank line: the slow reader reports it
        ("a,b\n1,2\n\n", False),
        ("a,b\r\n1,2\r\n", False),  # carriage returns: the csv module's own reading
        ("a,b\n1\x00,2\n", False),
        ('a,b\n"1\n2",3\n', False),  # a line break inside a cell
        ('a,b\n"1,2\n', False),  # an unclosed quote
        ("", False),
    ],
)
def test_which_texts_the_fast_reader_takes(text: str, fast: bool) -> None:
    from analysis.loaders import _records

    assert (_records(text)[0] is not None) is fast


def test_a_line_longer_than_a_cell_may_be_is_left_to_the_slow_reader() -> None:
    """Only a line longer than MAX_CELL_CHARS can hold a cell that breaks the limit: the fast
    path leaves it to the csv module, which refuses the cell."""
    from analysis.loaders import _records
    from analysis.schema import MAX_CELL_CHARS

    fits = "a\n" + "x" * MAX_CELL_CHARS + "\n"
    too_long = "a\n" + "x" * (MAX_CELL_CHARS + 1) + "\n"
    assert _records(fits)[2] == [["x" * MAX_CELL_CHARS]]
    assert _records(too_long) == (None, [], [])
    assert _slow_read(too_long) is None


_EVENTS_HEAD = None


def _events_head() -> pd.DataFrame:
    """The first four rows of the shipped events table, as raw text cells."""
    global _EVENTS_HEAD
    if _EVENTS_HEAD is None:
        from analysis import DEFAULT_DATA_DIR
        from analysis.loaders import read_raw_table
        from analysis.schema import TABLES

        spec = TABLES["events"]
        _EVENTS_HEAD = read_raw_table(DEFAULT_DATA_DIR / spec.filename, spec).head(4)
    return _EVENTS_HEAD.copy()


#: Cells that break each kind of rule, or pass it, or hold the separator of joined columns.
RULE_PIECES = st.sampled_from(["a", "B", "1", "-", "_", ".", "^", ";", " ", "\x00", "é", ""])


@settings(max_examples=150, deadline=None)
# Two separators inside one id: one more than the cells would give (count == len + 1), the
# case a shortcut must not take for a clean column.
@example("event_id", ["a", "b^c^d", "e", "f"])
@given(
    st.sampled_from(
        ["event_id", "announced", "persons", "expelling", "personnel", "adopted_from"]
    ),
    st.lists(st.lists(RULE_PIECES, max_size=6).map("".join), min_size=4, max_size=4),
)
def test_cell_problems_are_the_same_with_or_without_the_joined_columns(
    column: str, cells: list[str]
) -> None:
    """The whole-column shortcuts (a column joined once and matched whole) change no problem:
    ``cell_problems`` finds the same with the columns joined as ``read_table`` joins them and
    without them (every cell judged by its rule)."""
    from analysis.loaders import cell_problems
    from analysis.parsing import join_texts
    from analysis.schema import TABLES

    spec = TABLES["events"]
    frame = _events_head()
    frame[column] = cells
    joined = {name: join_texts(frame[name].to_numpy(dtype=object)) for name in spec.columns}
    path = Path("events.csv")
    assert cell_problems(frame, spec, path, joined) == cell_problems(frame, spec, path)


# Rules of the loaders' second round held on hand-made input (mutants that survived the rerun
# of tools/mutate.py on loaders.py; docs/mutation.md).


def test_the_slow_reader_refuses_malformed_csv_and_reports_blank_lines() -> None:
    from analysis.errors import DataValidationError
    from analysis.loaders import _records_line_by_line

    path = Path("t.csv")
    with pytest.raises(DataValidationError) as caught:
        _records_line_by_line('a,b\n"1"x,2\n', path)
    [problem] = caught.value.problems
    assert (problem.line, problem.rule.startswith("malformed CSV")) == (2, True)
    header, lines, records, problems = _records_line_by_line("a,b\n1,2\n\n3,4\n", path)
    assert (header, lines, records) == (["a", "b"], [2, 4], [["1", "2"], ["3", "4"]])
    assert [(p.line, p.column, p.rule) for p in problems] == [(3, None, "blank line")]


def test_a_repeated_column_name_is_a_problem_of_the_header_line(tmp_path: Path) -> None:
    from analysis.errors import DataValidationError
    from analysis.loaders import read_raw_table
    from analysis.schema import TABLES

    spec = TABLES["responses"]
    path = tmp_path / spec.filename
    path.write_text("response,response,source,note\na,b,c,d\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        read_raw_table(path, spec)
    repeated = [p for p in caught.value.problems if p.rule == "a column name is repeated"]
    assert [(p.line, p.column) for p in repeated] == [(1, None)]


def test_a_reference_must_be_an_id_like_an_id() -> None:
    from analysis.loaders import _kind_rules
    from analysis.schema import TABLES

    ref = TABLES["responses"].columns["stimulus"]
    assert ref.kind == "ref"
    [rule] = _kind_rules(ref)
    assert rule.message == "must be an id: letters, digits, '_', '.', '-'"
    cells = pd.Series(["2022-04-05-ESP-RUS", "no id!"], dtype=object)
    assert list(rule.broken(cells)) == [False, True]


def test_one_unknown_reference_is_one_problem() -> None:
    from analysis.loaders import _check_refs

    frame = pd.DataFrame({"event": ["a", "zz", "b", None]}, index=[2, 3, 4, 5], dtype=object)
    targets = pd.Series(["a", "b"], dtype=object)
    path = Path("reports.csv")
    for known in (None, {"a", "b"}):
        problems = _check_refs(frame, "event", targets, path, "event", known)
        assert [(p.line, p.column, p.rule, p.value) for p in problems] == [
            (3, "event", "refers to no event", "zz")
        ]


def test_an_id_equal_to_its_prefix_agrees_beside_a_suffixed_one() -> None:
    ids = pd.Series(["A", "A-x", "A-", "B-y"], dtype=object)
    prefixes = pd.Series(["A", "A", "A", "B"], dtype=object)
    assert list(event_ids_agree(ids, prefixes)) == [True, True, False, True]


def _answer_problems_of(links: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    """``_answer_problems`` over four hand-made events of one episode and the given links
    (response, stimulus), on lines 2, 3, ...: (line, column, first words of the rule)."""
    from analysis.loaders import _answer_problems

    events = pd.DataFrame(
        {
            "event_id": ["e-pol", "e-rus", "e-half", "e-out"],
            "expelling": ["POL", "RUS", "RUS", "POL"],
            "expelled": ["RUS", "POL", "DEU", "RUS"],
            "announced": pd.to_datetime(["2022-04-01", "2022-04-05", "2022-04-06", "2022-04-07"]),
            "episode": ["ukraine-2022"] * 4,
        }
    )
    responses = pd.DataFrame(
        links, columns=["response", "stimulus"], index=range(2, 2 + len(links))
    )
    found = _answer_problems(events, responses, Path("responses.csv"))
    return [(p.line, p.column, " ".join(p.rule.split()[:3])) for p in found]


def test_an_answer_must_run_opposite_on_both_sides() -> None:
    """Russia answering Poland by expelling Germans runs half the wrong way: refused, though
    Russia is the side Poland expelled (either difference alone breaks the rule)."""
    assert _answer_problems_of([("e-rus", "e-pol"), ("e-half", "e-pol")]) == [
        (3, "response", "must run opposite")
    ]


def test_a_link_with_an_unknown_side_is_left_to_the_reference_rule() -> None:
    """A link naming an event that does not exist breaks the reference rule (``_check_refs``)
    only: no rule of answers is judged on the missing side."""
    assert _answer_problems_of([("e-rus", "nowhere"), ("nowhere", "e-pol")]) == []


def test_a_gloss_is_required_only_where_a_verdict_rests_on_a_foreign_passage() -> None:
    """Line 2: verbatim, a Russian passage, no gloss: refused. Line 3: not found, with the
    same passage kept for the record: no gloss needed. Line 4: verbatim, English: none."""
    from analysis.loaders import check_quotes

    quotes = pd.DataFrame(
        {
            "verdict": ["verbatim", "not_found", "verbatim"],
            "speaker": ["S", None, "S"],
            "office": ["O", None, "O"],
            "said_on": pd.to_datetime(["2022-04-05", None, "2022-04-05"]),
            "source": ["src", None, "src"],
            "passage": ["текст", "текст", "text"],
            "language": ["ru", "ru", "en"],
            "gloss": [None, None, None],
        },
        index=[2, 3, 4],
    )
    problems = check_quotes(quotes, Path("quotes.csv"))
    assert [(p.line, p.column, p.rule) for p in problems] == [
        (2, "gloss", "required: the passage is in 'ru'")
    ]


def test_the_loaded_tables_carry_state_names_beside_codes_and_no_file_lines() -> None:
    """Each state code of the events has its name right after it; every table is numbered
    from 0 with no column left over from the file's line numbers."""
    from analysis import load_dataset
    from analysis.schema import TABLES

    data = load_dataset()
    events = data.events
    columns = list(events.columns)
    at = columns.index("expelling")
    assert columns[at : at + 4] == ["expelling", "expelling_name", "expelled", "expelled_name"]
    names = dict(zip(events["expelling"].astype(str), events["expelling_name"], strict=True))
    names |= dict(zip(events["expelled"].astype(str), events["expelled_name"], strict=True))
    assert (names["RUS"], names["USA"], names["POL"]) == (
        "Russian Federation",
        "United States",
        "Poland",
    )
    for name, spec in TABLES.items():
        table = getattr(data, name)
        assert list(table.index) == list(range(len(table))), name
        expected = list(spec.columns)
        if name == "events":
            for code in ("expelled", "expelling"):
                expected.insert(expected.index(code) + 1, f"{code}_name")
        # Exactly the declared columns: the file's line numbers ("line") are not one of them.
        assert list(table.columns) == expected, name


def test_an_unknown_reference_names_the_table_it_refers_to() -> None:
    """The rule names the referred table in the singular ("refers to no event"), not the
    column ("event_id"), which a test matching a part of the message would not tell apart."""
    from analysis import DEFAULT_DATA_DIR
    from analysis.loaders import check_links, read_table
    from analysis.schema import TABLES

    tables = {name: read_table(DEFAULT_DATA_DIR, spec) for name, spec in TABLES.items()}
    first = tables["reports"].index[0]
    tables["reports"].loc[first, "event"] = "2022-01-01-RUS-XXX"
    tables["reports"].loc[first, "source"] = "no-such-source"
    rules = {
        (p.column, p.rule)
        for p in check_links(tables, DEFAULT_DATA_DIR)
        if p.file.name == "reports.csv" and p.line == first
    }
    assert {("event", "refers to no event"), ("source", "refers to no source")} <= rules
