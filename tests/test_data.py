"""The shipped data: it loads, is typed, and known facts hold."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from csvrows import read_rows

from analysis import DEFAULT_DATA_DIR, load_dataset
from analysis.schema import TABLES

ARTICLE_SEVEN = ["POL", "DEU", "FRA", "ESP", "ITA", "NLD", "BEL"]


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_every_table_loads_whole(data) -> None:
    """No row is dropped: each frame has one row per record of its file."""
    for name, spec in TABLES.items():
        rows = read_rows(DEFAULT_DATA_DIR / spec.filename)
        assert len(getattr(data, name)) == len(rows) - 1, name


def test_no_cell_spans_lines() -> None:
    """Line numbers in errors are record numbers + 1 only if no cell holds a line break."""
    for spec in TABLES.values():
        for row in read_rows(DEFAULT_DATA_DIR / spec.filename):
            assert not any("\n" in value or "\r" in value for value in row), spec.filename


def test_types(data) -> None:
    events = data.events
    assert pd.api.types.is_datetime64_any_dtype(events["announced"])
    assert events["persons"].dtype == "Int64"
    assert isinstance(events["expelling"].dtype, pd.CategoricalDtype)
    assert list(events["expelling"].cat.categories) == list(events["expelled"].cat.categories)
    assert data.sources["published"].dtype.kind == "M"
    assert data.tallies["figure"].dtype == "Int64"
    # Unknown is missing, never zero.
    unknown = events[events["qualifier"] == "unknown"]
    assert len(unknown) > 0
    assert unknown["persons"].isna().all()


def test_state_names_come_from_pycountry(data) -> None:
    names = dict(
        zip(data.events["expelled"].astype(str), data.events["expelled_name"], strict=True)
    )
    assert names["POL"] == "Poland"
    assert names["EUU"] == "European Union"
    assert names["RUS"] == "Russian Federation"


def test_article_seven_answers_sum_to_197(data) -> None:
    events = data.events
    answers = events[
        (events["expelling"] == "RUS")
        & events["expelled"].isin(ARTICLE_SEVEN)
        & events["announced"].between("2022-04-01", "2022-05-19")
    ]
    by_state = answers.groupby("expelled", observed=True)["persons"].sum()
    assert by_state.to_dict() == {
        "BEL": 12,
        "DEU": 40,
        "ESP": 27,
        "FRA": 34,
        "ITA": 24,
        "NLD": 15,
        "POL": 45,
    }
    assert by_state.sum() == 197


def test_france_two_tranches_answered_together(data) -> None:
    answered = data.responses[data.responses["response"] == "2022-05-18-RUS-FRA"]
    assert sorted(answered["stimulus"]) == ["2022-04-04-FRA-RUS", "2022-04-11-FRA-RUS"]
    tranches = data.events.set_index("event_id").loc[answered["stimulus"], "persons"]
    assert tranches.sum() == 41


def test_coverage_window(data) -> None:
    """Each episode's scope (data/README.md): 2022 from the invasion on for expulsions of
    Russians; March-April 2018 for the Skripal expulsions, Russia's answers to the end of May.
    """
    episode = data.events["episode"]
    russians = data.events["expelled"] == "RUS"
    ukraine = data.events[(episode == "ukraine-2022") & russians]
    assert ukraine["announced"].between("2022-02-24", "2022-12-31").all()
    skripal = data.events[episode == "skripal-2018"]
    assert skripal.loc[russians, "announced"].between("2018-03-01", "2018-04-30").all()
    assert skripal["announced"].between("2018-03-01", "2018-05-31").all()
    assert set(episode) == {"ukraine-2022", "skripal-2018"}


def test_every_event_has_russia_on_one_side_and_a_report(data) -> None:
    events = data.events
    assert ((events["expelling"] == "RUS") ^ (events["expelled"] == "RUS")).all()
    assert set(events["event_id"]) <= set(data.reports["event"])


def test_conflicting_reports_are_kept(data) -> None:
    """Where sources disagree every version is a row (e.g. Spain's 25 against 27)."""
    spain = data.reports[data.reports["event"] == "2022-04-05-ESP-RUS"]
    assert {25, 27} <= set(spain["persons"].dropna())
    adopted = data.events.set_index("event_id").loc["2022-04-05-ESP-RUS", "persons"]
    assert adopted == 27


def test_every_source_is_used_or_documented(data) -> None:
    """A source is cited by some row, or named in data/README.md (e.g. for a gap)."""
    cited = (
        set(data.reports["source"])
        | set(data.responses["source"])
        | set(data.claims["source"])
        | set(data.tallies["source"])
        | set(data.events["adopted_from"].dropna())
    )
    readme = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Za-z0-9][A-Za-z0-9_.-]*)`", readme))
    unused = set(data.sources["source_id"]) - cited - documented
    assert not unused, sorted(unused)


def test_readme_documents_every_column() -> None:
    readme = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert f"`{spec.filename}`" in readme, spec.filename
        for column in spec.columns:
            assert f"| `{column}` |" in readme, f"{spec.filename}: {column}"


def test_episodes_partition_the_data() -> None:
    """Every event, response, report, claim and tally belongs to exactly one episode's view."""
    data = load_dataset()
    names = sorted(set(data.events["episode"]))
    views = [data.episode(name) for name in names]
    for table in ("events", "responses", "reports", "claims", "tallies"):
        assert sum(len(getattr(view, table)) for view in views) == len(getattr(data, table))
    for view, name in zip(views, names, strict=True):
        assert set(view.events["episode"]) == {name}
        assert set(view.responses["response"]) <= set(view.events["event_id"])
        assert set(view.responses["stimulus"]) <= set(view.events["event_id"])
        assert set(view.reports["event"]) <= set(view.events["event_id"])
    with pytest.raises(KeyError, match="no event of episode"):
        data.episode("no-such-episode")
