"""The shipped data: it loads, is typed, and known facts hold."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from csvrows import read_rows

from analysis import DEFAULT_DATA_DIR, claims, evidence, load_dataset
from analysis.schema import (
    EPISODE_SPANS,
    PRECEDENT_EPISODES,
    TABLES,
    WAR_EPISODES,
    table_markdown,
)

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
    Russians; March-April 2018 for the Skripal expulsions, Russia's answers to the end of May;
    one calendar year for each later year of the war.
    """
    episode = data.events["episode"]
    russians = data.events["expelled"] == "RUS"
    ukraine = data.events[(episode == "ukraine-2022") & russians]
    assert ukraine["announced"].between("2022-02-24", "2022-12-31").all()
    skripal = data.events[episode == "skripal-2018"]
    assert skripal.loc[russians, "announced"].between("2018-03-01", "2018-04-30").all()
    assert skripal["announced"].between("2018-03-01", "2018-05-31").all()
    for year in (2023, 2024, 2025, 2026):
        later = data.events[episode == f"war-{year}"]
        assert (later["announced"].dt.year == year).all()
    assert set(episode) == {
        "ukraine-2022",
        "skripal-2018",
        "war-2023",
        "war-2024",
        "war-2025",
        "war-2026",
        *PRECEDENT_EPISODES,
    }
    for name in PRECEDENT_EPISODES:
        first, last = EPISODE_SPANS[name]
        assert data.events.loc[episode == name, "announced"].between(first, last).all(), name


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
        | set(data.provenance["source"])
        | set(data.quotes["source"].dropna())
        | set(";".join(data.coverage["sources"].dropna()).split(";"))
        | set(data.events["adopted_from"].dropna())
    )
    readme = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Za-z0-9][A-Za-z0-9_.-]*)`", readme))
    unused = set(data.sources["source_id"]) - cited - documented
    assert not unused, sorted(unused)


def test_readme_documents_every_column() -> None:
    """data/README.md holds each table's documentation exactly as the schema declares it."""
    readme = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert table_markdown(spec) in readme, f"regenerate the section of {spec.filename}"


def test_episodes_partition_the_data() -> None:
    """Every event, response, report, claim and tally belongs to exactly one episode's view."""
    data = load_dataset()
    names = sorted(set(data.events["episode"]))
    views = [data.episode(name) for name in names]
    for table in (
        "events",
        "responses",
        "reports",
        "claims",
        "readings",
        "provenance",
        "tallies",
        "coverage",
    ):
        assert sum(len(getattr(view, table)) for view in views) == len(getattr(data, table))
    for view, name in zip(views, names, strict=True):
        assert set(view.events["episode"]) == {name}
        for table in ("claims", "tallies", "coverage"):
            assert set(getattr(view, table)["episode"]) <= {name}, table
        assert set(view.readings["claim"]) <= set(view.claims["claim_id"])
        for table in ("events", "responses", "reports", "claims", "tallies"):
            frame = getattr(view, table)
            assert list(frame.columns) == list(getattr(data, table).columns), table
            assert list(frame.index) == list(range(len(frame))), table
        assert set(view.responses["response"]) <= set(view.events["event_id"])
        # An answer of the war's later years may answer a measure of an earlier year.
        earlier = data.war().events if name in WAR_EPISODES else view.events
        earlier = earlier[earlier["announced"] <= view.events["announced"].max()]
        assert set(view.responses["stimulus"]) <= set(earlier["event_id"])
        assert set(view.reports["event"]) <= set(view.events["event_id"])
    with pytest.raises(KeyError, match="no event of episode"):
        data.episode("no-such-episode")


# --- evidence -------------------------------------------------------------------------------

#: Russia's seven answers the article names.
ARTICLE_ANSWERS = (
    "2022-04-08-RUS-POL",
    "2022-04-25-RUS-DEU",
    "2022-05-18-RUS-FRA",
    "2022-05-18-RUS-ESP",
    "2022-05-18-RUS-ITA",
    "2022-04-19-RUS-NLD",
    "2022-04-19-RUS-BEL",
)


@pytest.fixture(scope="module")
def adopted(data) -> pd.DataFrame:
    return evidence.adopted_evidence(data.events, data.reports, data.sources).set_index("event_id")


def test_article_answers_and_what_they_answer_rest_on_first_hand_evidence(data, adopted) -> None:
    """The seven answers the article names, and the expulsions they answer, adopt their
    figure from a government statement, a wire or a national outlet reporting first-hand."""
    links = data.responses[data.responses["response"].isin(ARTICLE_ANSWERS)]
    assert set(links["response"]) == set(ARTICLE_ANSWERS)
    events = [*ARTICLE_ANSWERS, *links["stimulus"]]
    ranks = adopted.loc[events, "rank"]
    assert ranks.le(max(evidence.FIRST_HAND_RANKS)).all(), ranks[ranks > 3].to_dict()


def test_no_event_rests_on_an_uncredited_aggregator(adopted) -> None:
    weak = adopted[adopted["rank"] >= 5]
    assert weak.empty, weak[["adopted_from", "kind"]].to_dict("index")


def test_few_events_rest_on_a_relay(adopted) -> None:
    """At most 5 % of events adopt their figure from a relay or a local outlet (rank 4)."""
    relay = adopted[adopted["rank"] == 4]
    assert len(relay) <= 0.05 * len(adopted), sorted(relay.index)


def test_a_figure_from_a_relay_says_what_was_searched(data, adopted) -> None:
    notes = data.events.set_index("event_id")["adoption_note"]
    weak = adopted.index[adopted["rank"] >= 4]
    assert notes[weak].str.contains("Searched", na=False).all(), list(weak)


def test_every_adopted_figure_has_a_ranked_report(data, adopted) -> None:
    with_source = adopted[adopted["adopted_from"].notna()]
    assert with_source["rank"].notna().all()


#: Excerpts read by hand because num2words cannot read them: its cardinals do not cover
#: inflected or collective numerals, and it has no Bulgarian, Albanian or Greek. The gloss of
#: each row gives the number in English.
READ_BY_HAND = {
    "R045": "ru 'Трое' (collective: three)",
    "R046": "ru 'трех' (genitive: three)",
    "R208": "sr 'četvoro' (collective: four)",
    "R209": "hr 'četvero' (collective: four)",
    "R222": "ru 'двух' (genitive: two)",
    "R242": "bg 'шестима' (six persons); no Bulgarian in num2words",
    "R251": "ru 'четверых' (collective: four)",
    "R486": "lt 'tris' (accusative: three)",
    "R491": "ru: the second secretary and an Aeroflot employee, two persons named",
    "R588": "sq 'dy' (two); no Albanian in num2words",
    "R636": "lt 'tris' (accusative: three)",
    "R705": "sk 'troch' (genitive: three)",
    "R708": "sk 'troch' (genitive: three)",
    "R757": "sr 'četvoro' (collective: four)",
    "R789": "ru 'трех' (genitive: three)",
    "R807": "el 'οκτώ' (eight); no Greek in num2words",
    "R897": "uk: 'шість' + 'п’ять' + 'двоє' (collective: two) = 13",
    "R942": "en 'about a dozen' (about 12)",
    "R1025": "ru 'двух' (genitive: two)",
    "R1048": "ru 'трех' (genitive: three)",
    "R1062": "en: 'a Russian diplomat and a diplomatic spouse', two persons named",
    "R1063": "en: 'a Russian diplomat and a diplomatic spouse', two persons named",
    "R1068": "ru 'Трое' (collective: three)",
    "R1073": "pl 'troje' (collective: three)",
    "R1136": "en: 'the senior military attache' and 'a former second secretary', two persons named",
    "R1137": "en: 'Canada’s military attache' and 'seven' former diplomats: 1 + 7 = 8",
    "R1165": "sq 'tre' (three); no Albanian in num2words",
}


def test_every_numbered_excerpt_states_its_figure(data) -> None:
    """Each report's excerpt states its number in digits or in words of the page's language
    (num2words), as "more than N - 1" for at least N, or as parts of a sum; or it is one of
    the rows read by hand (``READ_BY_HAND``). A single person named without a numeral ("the
    ambassador", "a diplomat") cannot be read so: such rows are allowed only for 1."""
    language = data.sources.set_index("source_id")["language"].astype(str)
    numbered = data.reports.dropna(subset=["persons"])
    failures = []
    for row in numbered.itertuples(index=False):
        if not evidence.states_figure(
            row.excerpt, int(row.persons), row.qualifier, language[row.source]
        ):
            failures.append((row.report_id, int(row.persons), row.excerpt))
    unread = [f for f in failures if f[1] != 1 and f[0] not in READ_BY_HAND]
    assert not unread, unread
    stale = set(READ_BY_HAND) - {f[0] for f in failures}
    assert not stale, f"read by the library now: drop {sorted(stale)} from READ_BY_HAND"


def test_excerpts_are_short_quotes(data) -> None:
    """A passage is a sentence at most: facts carry over, prose does not."""
    lengths = data.reports["excerpt"].str.len()
    assert lengths.max() <= 400, data.reports.loc[lengths.idxmax(), "report_id"]


#: Sources whose stored copy gives no publication date (or only its month), as measured when
#: the copies were re-read: 314 of the 2018 and 2022 sources, and 73 of the 218 sources added
#: for 2023-2026. The target of 5 % is not met: the copies give no date, and none is guessed.
#: This bound only keeps the number from growing; lower it when dates are found. The re-sweep
#: of issue 22 added 5 undated pages, each the only stored copy of what it shows: Tetovasot
#: (North Macedonia, Sep 2023), Dayfr (the Swiss case of 2024), TRT Deutsch (a misdated copy),
#: the CSIS commentary and the Washington Post tracker (both first-hand tallies).
UNDATED_AT_MOST = 314 + 73 + 5


def test_undated_sources_are_explained_and_do_not_grow(data) -> None:
    undated = data.sources[data.sources["published"].isna()]
    assert len(undated) <= UNDATED_AT_MOST, len(undated)
    # The reason names the date as a word ("no date", "dated only 2022-04", "dateline ...
    # without the year", "month"): a note that only contains "update" or "candidate" is none.
    words = r"\b(?:date|dates|dated|dateline|undated|month)\b"
    reason = undated["note"].fillna("").str.contains(words, case=False, regex=True)
    assert reason.all(), sorted(undated.loc[~reason, "source_id"])


def test_the_article_is_under_check_and_cited_only_by_claims(data) -> None:
    article = data.sources.set_index("source_id").loc["albawaba-2022-05-19"]
    assert article["under_check"] == "yes"
    assert "albawaba-2022-05-19" not in set(data.reports["source"])
    assert set(data.claims["source"]) == {"albawaba-2022-05-19"}


def test_events_before_the_invasion_are_outside_since_the_invasion_readings(data) -> None:
    before = data.events[data.events["announced"] < "2022-02-24"]["event_id"]
    assert not before.empty
    since = data.readings[data.readings["window_start"] >= "2022-02-24"]
    assert (since["window_start"] >= pd.Timestamp("2022-02-24")).all()
    table = claims.evaluate_readings(data.claims, data.readings, data.events, as_of=None)
    counted = set(";".join(table["events"]).split(";"))
    assert not counted & set(before)


#: Known facts of the war's later years, each with the source its figure is adopted from:
#: (event, persons, qualifier, personnel, adopted source).
LATER_YEARS = {
    "war-2023": [
        ("2023-01-11-EST-RUS", 21, "exact", "mixed", "err-2023-03-24-est-rus"),
        ("2023-04-13-NOR-RUS", 15, "exact", "diplomats", "jp-ntb-2023-04-13-nor-rus"),
        ("2023-04-26-RUS-NOR", 10, "exact", "diplomats", "tass-2023-04-26-rus-nor"),
        ("2023-06-08-ROU-RUS", 40, "exact", "mixed", "realitatea-2023-06-08-rou-rus"),
        ("2023-07-26-MDA-RUS", 45, "exact", "mixed", "bnnbloomberg-2023-07-26-mda-rus"),
    ],
    "war-2024": [
        ("2024-05-08-GBR-RUS", 1, "exact", "diplomats", "pressandjournal-pa-2024-05-08-gbr-rus"),
        ("2024-05-16-RUS-GBR", 1, "exact", "diplomats", "tass-2024-05-16-rus-gbr"),
        ("2024-09-13-RUS-GBR", 6, "exact", "diplomats", "tass-2024-09-13-rus-gbr"),
        ("2024-10-22-POL-RUS", 10, "exact", "mixed", "rentv-2024-10-24-pol-rus"),
    ],
    "war-2025": [
        ("2025-03-31-MDA-RUS", 3, "exact", "staff", "tass-2025-04-04-rus-mda"),
        ("2025-04-04-RUS-MDA", 3, "exact", "staff", "tass-2025-04-04-rus-mda"),
        ("2025-05-12-POL-RUS", 3, "exact", "diplomats", "se-2025-05-12-pol-rus"),
    ],
    "war-2026": [
        ("2026-01-15-RUS-GBR", 1, "exact", "diplomats", "wtop-ap-2026-01-15-rus-gbr"),
        ("2026-02-02-GBR-RUS", 1, "exact", "diplomats", "wiredgov-fcdo-2026-02-02-gbr-rus"),
        ("2026-01-22-DEU-RUS", 1, "exact", "diplomats", "naanoo-dts-2026-01-22-deu-rus"),
        ("2026-02-05-RUS-DEU", 1, "exact", "diplomats", "ria-2026-02-05-rus-deu"),
    ],
}


@pytest.mark.parametrize("episode", sorted(LATER_YEARS))
def test_known_facts_of_the_later_years(data, episode: str) -> None:
    events = data.events.set_index("event_id")
    for event_id, persons, qualifier, personnel, source in LATER_YEARS[episode]:
        row = events.loc[event_id]
        assert row["episode"] == episode, event_id
        assert (row["persons"], row["qualifier"], row["personnel"]) == (
            persons,
            qualifier,
            personnel,
        ), event_id
        assert row["adopted_from"] == source, event_id


def test_answers_of_the_later_years(data) -> None:
    """Known answers, one crossing a year: the UK's expulsion of February 2025 answers
    Russia's of November 2024; Russia answered Poznań with St Petersburg's three."""
    links = set(zip(data.responses["response"], data.responses["stimulus"], strict=True))
    assert ("2025-02-06-GBR-RUS", "2024-11-26-RUS-GBR") in links
    assert ("2024-12-05-RUS-POL", "2024-10-22-POL-RUS") in links
    assert ("2023-05-25-RUS-SWE", "2023-04-25-SWE-RUS") in links
    assert ("2026-02-05-RUS-DEU", "2026-01-22-DEU-RUS") in links


def test_the_staff_caps_without_a_number_are_not_events(data) -> None:
    """Germany's and Russia's ceilings of 2023 gave no number of persons: no event, and
    Germany's own expulsion of April 2023 stays unknown rather than a guessed 30."""
    events = data.events.set_index("event_id")
    assert pd.isna(events.loc["2023-04-22-DEU-RUS", "persons"])
    assert events.loc["2023-04-22-RUS-DEU", "qualifier"] == "at_least"
    germany_2023 = data.events[
        (data.events["episode"] == "war-2023")
        & ((data.events["expelling"] == "DEU") | (data.events["expelled"] == "DEU"))
    ]
    assert len(germany_2023) == 2


def test_later_years_totals(data) -> None:
    """Persons each way per later year, as the notebooks report them (floors)."""
    war = data.war()
    later = war.events[war.events["episode"] != "ukraine-2022"]
    by_russia = later["expelling"] == "RUS"
    totals = later.groupby([later["announced"].dt.year, by_russia])["persons"].sum()
    assert totals.to_dict() == {
        (2023, False): 170,
        (2023, True): 55,
        (2024, False): 19,
        (2024, True): 19,
        (2025, False): 17,
        (2025, True): 12,
        (2026, False): 3,
        (2026, True): 2,
    }
