"""Evidence ranks, re-adoption from first-hand evidence, alternative days, and the check that
an excerpt states its figure (digits, number words by num2words, sums, 'more than')."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.evidence import (
    alternative_dates,
    evidence_rank,
    first_hand_figures,
    numbers_in_digits,
    states_figure,
)


@pytest.mark.parametrize(
    ("kind", "carries", "hand", "rank"),
    [
        ("government", None, "first", 1),
        ("wire", "", "first", 2),
        ("national", "Reuters", "first", 2),  # a wire's credited copy on a paper's site
        ("local", "AFP", "first", 2),
        ("national", None, "first", 3),
        ("local", None, "first", 4),
        ("aggregator", "AFP", "first", 4),  # a credited repost
        ("aggregator", None, "first", 5),
        ("wire", "TASS", "relay", 4),  # TASS on a third state's decision
        ("government", None, "relay", 4),
        ("aggregator", None, "relay", 5),
        ("encyclopedia", None, "first", 6),
    ],
)
def test_evidence_rank(kind: str, carries: str | None, hand: str, rank: int) -> None:
    assert evidence_rank(kind, carries, hand) == rank


SOURCES = pd.DataFrame(
    {
        "source_id": ["gov", "wire", "blog", "paper"],
        "publisher": ["Ministry", "Agency", "Blog", "Paper"],
        "url": ["https://a", "https://b", "https://c", "https://d"],
        "language": ["en"] * 4,
        "kind": ["government", "wire", "aggregator", "national"],
        "carries": [pd.NA] * 4,
        "published": pd.to_datetime([None] * 4),
    }
)


def _reports(rows: list[tuple[str, str, int | None, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event", "source", "persons", "hand"])
    frame["persons"] = frame["persons"].astype("Int64")
    frame["report_id"] = [f"R{i}" for i in range(len(frame))]
    frame["qualifier"] = ["unknown" if pd.isna(p) else "exact" for p in frame["persons"]]
    frame["announced"] = pd.NaT
    return frame


def _events(rows: list[tuple[str, int | None, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "persons", "announced"])
    frame["persons"] = frame["persons"].astype("Int64")
    frame["announced"] = pd.to_datetime(frame["announced"])
    frame["qualifier"] = ["unknown" if pd.isna(p) else "exact" for p in frame["persons"]]
    return frame


def test_first_hand_figures_keep_supported_figures_and_drop_the_rest() -> None:
    events = _events([("a", 40, "2022-04-04"), ("b", 21, "2022-04-19"), ("c", 5, "2022-05-01")])
    reports = _reports(
        [
            ("a", "blog", 40, "first"),
            ("a", "wire", 40, "first"),  # first-hand agrees: kept
            ("b", "blog", 21, "first"),
            ("b", "gov", 12, "first"),  # only the ministry is first-hand: its 12
            ("b", "paper", 14, "first"),
            ("c", "blog", 5, "first"),  # no first-hand number: unknown
            ("c", "wire", 6, "relay"),
        ]
    )
    out = first_hand_figures(events, reports, SOURCES).set_index("event_id")
    assert out.loc["a", "persons"] == 40
    assert out.loc["b", "persons"] == 12
    assert pd.isna(out.loc["c", "persons"]) and out.loc["c", "qualifier"] == "unknown"


def test_alternative_dates_are_the_other_days_sources_give() -> None:
    events = _events([("a", 1, "2022-04-07"), ("b", 1, "2022-04-08")])
    reports = _reports([("a", "wire", 1, "first"), ("a", "blog", 1, "first")])
    reports["announced"] = pd.to_datetime(["2022-04-07", "2022-04-04"])
    table = alternative_dates(events, reports)
    assert table.values.tolist() == [["a", pd.Timestamp("2022-04-04")]]


@pytest.mark.parametrize(
    ("excerpt", "persons", "qualifier", "language", "expected"),
    [
        ("Russia expels 40 German diplomats", 40, "exact", "en", True),
        ("Russia expels 40 German diplomats", 45, "exact", "en", False),
        ("Russland weist vierzig Diplomaten aus", 40, "exact", "de", True),
        ("объявил персонами нон грата сорока пяти сотрудников", 45, "exact", "ru", True),
        ("объявил персонами нон грата сорока сотрудников", 45, "exact", "ru", False),
        ("expulsion de trente-cinq diplomates", 35, "exact", "fr", True),
        ("uznał za persona non grata czterdziestu pięciu dyplomatów", 45, "exact", "pl", True),
        ("more than 50 staff must leave", 51, "at_least", "en", True),
        ("more than 50 staff must leave", 51, "exact", "en", False),
        ("14 at the embassy and 1 at the consulate", 15, "exact", "en", True),
        ("a total of 1,200 staff", 1200, "exact", "en", True),
        ("expelled a diplomat", 1, "exact", "en", False),  # not read: listed by the data test
        ("forty diplomats", 40, "exact", "xx", False),  # a language num2words does not know
    ],
)
def test_states_figure(excerpt, persons, qualifier, language, expected) -> None:
    assert states_figure(excerpt, persons, qualifier, language) is expected


def test_numbers_in_digits() -> None:
    assert numbers_in_digits("45 on 8 April 2022, 1 200 later") == [45, 8, 2022, 1200]
