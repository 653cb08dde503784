"""The column operations of the loaders agree with the rules they stand for, cell by cell.

``analysis.parsing`` judges whole columns at once (with a whole-column test first, then cell
by cell when it fails); ``analysis.loaders`` checks cycles of answers by peeling before it
asks networkx. Each is compared here with the one-cell (or one-graph) function it replaces,
on arbitrary input.
"""

from __future__ import annotations

import re
import sys

import networkx as nx
import pandas as pd
from hypothesis import given, settings
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
