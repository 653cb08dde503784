"""The counts defined once (``summary.COUNT_DEFINITIONS``) and the line that says what a
total of events of unknown size leaves out, on small hand-worked tables and on the data."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from test_reciprocity import events_table

from analysis import load_dataset, summary


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def reports_table(rows: list[tuple[str, str, int | None]]) -> pd.DataFrame:
    """Reports from (event, source, persons) tuples."""
    frame = pd.DataFrame(rows, columns=["event", "source", "persons"])
    frame["persons"] = frame["persons"].astype("Int64")
    return frame


EVENTS = events_table(
    [
        ("pol", "2022-03-23", "POL", "RUS", 45),
        ("rus-pol", "2022-04-08", "RUS", "POL", 45),
        ("rus-deu", "2022-04-25", "RUS", "DEU", None),  # unknown; reports say 30 and 44
        ("rus-dnk", "2022-05-05", "RUS", "DNK", None),  # unknown; no report numbers it
        ("euu", "2022-05-06", "EUU", "RUS", 19),
    ]
).assign(adopted_from=["s1", "s2", None, None, "s2"])

REPORTS = reports_table(
    [
        ("pol", "s1", 45),
        ("pol", "s3", 40),  # a known event's disagreement is not an unknown's range
        ("rus-pol", "s2", 45),
        ("rus-deu", "s3", 30),
        ("rus-deu", "s4", 44),
        ("rus-dnk", "s5", None),
        ("euu", "s2", 19),
    ]
)


def test_source_counts_follow_their_definitions() -> None:
    data = SimpleNamespace(
        sources=pd.DataFrame({"source_id": ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]}),
        reports=REPORTS,
        events=EVENTS,
    )
    counts = summary.source_counts(data)
    assert list(counts.index) == list(summary.COUNT_DEFINITIONS)
    # 7 rows; s1..s5 cited by a report (s6, s7 not); s1, s2 adopted; 5 events;
    # counterparts POL, DEU, DNK, EUU (the EU counted as one).
    assert counts.to_dict() == {
        "sources listed": 7,
        "sources cited by a report": 5,
        "sources adopted by an event": 2,
        "events": 5,
        "states": 4,
    }
    assert summary.describe_counts(counts).startswith("7 sources listed, 5 sources cited")


def test_source_counts_of_empty_tables_are_zero() -> None:
    data = SimpleNamespace(
        sources=pd.DataFrame({"source_id": []}), reports=REPORTS.iloc[0:0], events=EVENTS.iloc[0:0]
    )
    assert summary.source_counts(data).sum() == 0


def test_counted_with_unknown_adds_only_the_unknown_events_reports() -> None:
    table = summary.counted_with_unknown(EVENTS, REPORTS)
    by_russia = table.loc["expelled_by_russia"]
    # counted: 45 (rus-pol); rus-deu adds 30..44, rus-dnk nothing.
    assert by_russia.to_dict() == {
        "events": 3,
        "persons": 45,
        "unknown": 2,
        "unknown_reported": 1,
        "with_low": 75,
        "with_high": 89,
        "low": 75,
        "high": 89,
    }
    others = table.loc["russians_expelled"]
    # Poland's report of 40 does not lower the range: its adopted 45 stands.
    assert (others["persons"], others["with_low"], others["with_high"]) == (64, 64, 64)
    assert (others["low"], others["high"]) == (59, 64)
    assert summary.counted_line(others) == "64 counted"
    assert summary.counted_line(others, every_event=True) == (
        "64 counted; 59-64 with every event at its lowest or highest reported figure"
    )
    assert summary.counted_line(by_russia) == (
        "45 counted; 75-89 with the figures reported for 1 of the 2 events of unknown size"
    )


@pytest.mark.parametrize(
    ("row", "line"),
    [
        (
            dict(persons=167, unknown=1, unknown_reported=1, with_low=197, with_high=211),
            "167 counted; 197-211 with the figures reported for the one event of unknown size",
        ),
        (
            dict(persons=10, unknown=2, unknown_reported=2, with_low=15, with_high=15),
            "10 counted; 15 with the figures reported for the 2 events of unknown size",
        ),
        (
            dict(persons=10, unknown=1, unknown_reported=0, with_low=10, with_high=10),
            "10 counted; 1 event of unknown size left out (no report gives a number)",
        ),
        (
            dict(persons=10, unknown=3, unknown_reported=0, with_low=10, with_high=10),
            "10 counted; 3 events of unknown size left out (no report gives a number)",
        ),
    ],
)
def test_counted_line(row: dict[str, int], line: str) -> None:
    series = pd.Series({**row, "low": row["with_low"], "high": row["with_high"]})
    assert summary.counted_line(series) == line
    assert summary.counted_line(series, every_event=True) == line


def test_the_war_2023_total_on_the_shipped_data(dataset) -> None:
    # war-2023, Russians expelled: 170 adopted (North Macedonia's 3 of September 2023 included,
    # data 7.1.0); the one event of unknown size (2023-04-22-DEU-RUS) is reported at 30 and 31
    # persons, hence 200-201. With every event at its lowest / highest reported figure the span
    # is 200-214 (persons_by_year).
    view = dataset.episode("war-2023")
    row = summary.counted_with_unknown(view.events, view.reports).loc["russians_expelled"]
    assert summary.counted_line(row) == (
        "170 counted; 200-201 with the figures reported for the one event of unknown size"
    )
    assert summary.counted_line(row, every_event=True).endswith(
        "; 200-214 with every event at its lowest or highest reported figure"
    )
    other = summary.counted_with_unknown(view.events, view.reports).loc["expelled_by_russia"]
    assert summary.counted_line(other) == "55 counted"
    assert summary.counted_line(other, every_event=True) == (
        "55 counted; 55-68 with every event at its lowest or highest reported figure"
    )
