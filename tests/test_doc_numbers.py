"""Every aggregate count typed into data/README.md, docs/yardstick.md and docs/data-set.md is
computed here from the data, and the exact phrase built from it must appear in the document.

A count of events, links, reports, tallies, sources, states, coverage rows or persons that a
document states is a statement about the data: when the data change, the test fails and names
the sentence to update. The documents are read with their line breaks folded into spaces, so
a phrase may run over two lines. Counts of one event's persons, dates, ids and the rules of
``analysis/schema.py`` are not checked here (the rules are generated into data/README.md and
checked by tests/test_data.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

import pandas as pd
import pytest
from num2words import num2words

from analysis import load_dataset, schema
from analysis.countries import EU_CODE
from analysis.evidence import adopted_evidence
from analysis.loaders import PROJECT_ROOT, Dataset
from analysis.summary import counterpart, direction, source_counts, totals_by_direction

DATA_README = "data/README.md"

#: The 28 members of the EU in 2018 (the United Kingdom among them): a fact of the world, not
#: of the data, to split the states of the coordinated expulsions of March 2018.
EU_2018 = frozenset({
    "AUT", "BEL", "BGR", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GBR", "GRC",
    "HRV", "HUN", "IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
    "SVN", "SWE",
})  # fmt: skip
YARDSTICK = "docs/yardstick.md"
DATA_SET = "docs/data-set.md"


@cache
def prose(document: str) -> str:
    """The document's text with every run of white space (line breaks too) as one space."""
    return " ".join((PROJECT_ROOT / document).read_text(encoding="utf-8").split())


def words(n: int) -> str:
    """A count as the documents write it in words: 'one', 'nine', 'thirteen'."""
    return num2words(n)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def war_years(data: Dataset) -> Dataset:
    """The war after 2022: war-2023 to war-2026 (the episodes of WAR_EPISODES after 2022)."""
    present = set(data.events["episode"])
    return data.episodes(*(name for name in schema.WAR_EPISODES[1:] if name in present))


def precedents(data: Dataset) -> Dataset:
    present = set(data.events["episode"])
    return data.episodes(*(name for name in schema.PRECEDENT_EPISODES if name in present))


def cited_by_rows(data: Dataset) -> set[str]:
    """Ids of the sources any row of ``data`` names (reports, links, adopted figures, tallies,
    coverage, claims, provenance, quotations)."""
    named = pd.concat(
        [
            data.reports["source"],
            data.responses["source"],
            data.events["adopted_from"],
            data.tallies["source"],
            data.coverage["sources"].dropna().astype(str).str.split(";").explode(),
            data.claims["source"],
            data.provenance["source"],
            data.quotes["source"],
        ]
    )
    return set(named.dropna().astype(str))


def undated_among(data: Dataset, ids: set[str]) -> int:
    chosen = data.sources[data.sources["source_id"].isin(ids)]
    return int(chosen["published"].isna().sum())


def by_direction(events: pd.DataFrame) -> dict[str, int]:
    counts = direction(events).value_counts()
    return {name: int(counts.get(name, 0)) for name in ("russians_expelled", "expelled_by_russia")}


def ranks(data: Dataset) -> dict[int, int]:
    adopted = adopted_evidence(data.events, data.reports, data.sources)
    counts = adopted["rank"].value_counts()
    return {rank: int(counts.get(rank, 0)) for rank in range(1, 7)}


# --- data/README.md ----------------------------------------------------------------------------


def readme_tables(data: Dataset) -> list[str]:
    resources = json.loads((PROJECT_ROOT / "data" / "datapackage.json").read_text("utf-8"))
    return [
        f"{words(len(schema.TABLES)).capitalize()} tidy CSV tables",
        f"descriptor of all {words(len(resources['resources']))} (types",
    ]


def readme_undated(data: Dataset) -> list[str]:
    counts = source_counts(data)
    war = war_years(data)
    cited = set(war.reports["source"].astype(str))
    return [
        f"{int(data.sources['published'].isna().sum())} of the {counts['sources listed']} "
        f"sources listed have no date ({undated_among(data, cited)} of them among the "
        f"{len(cited)} sources cited by a report of 2023 to 2026)"
    ]


def readme_ranks(data: Dataset) -> list[str]:
    core = data.episodes(*schema.CORE_EPISODES)
    rank = ranks(core)
    assert rank[5] == rank[6] == 0, (
        f"{DATA_README}, Evidence: an event of 2018-2026 now adopts its figure from an "
        "uncredited aggregator or an encyclopedia; update 'none from an uncredited aggregator'"
    )
    return [
        f"of the {len(core.events)} events of 2018 and 2022 to 2026, {rank[1]} adopt their "
        f"figure from a government statement, {rank[2]} from a wire, {rank[3]} from a national "
        f"outlet reporting first-hand and {rank[4]} from a relay"
    ]


def readme_counterparts(data: Dataset) -> list[str]:
    ukraine = counterpart(data.episode("ukraine-2022").events)
    skripal = counterpart(data.episode("skripal-2018").events)
    war = counterpart(war_years(data).events)
    assert (ukraine == EU_CODE).any() and not (skripal == EU_CODE).any(), (
        f"{DATA_README}, Coverage: the EU's part in 2022 or 2018 changed; update "
        "'30 states and the EU' or '29 states'"
    )
    return [
        f"Episode `ukraine-2022`: {ukraine.nunique()} counterparts of Russia, "
        f"{ukraine.nunique() - 1} states and the EU",
        f"to `war-2026`: {war.nunique()} counterparts (see",
        f"Episode `skripal-2018`: {skripal.nunique()} states (see",
        f"Events were found with {war.nunique()} counterparts:",
    ]


def readme_coverage(data: Dataset) -> list[str]:
    early = data.episodes("ukraine-2022", "skripal-2018").coverage
    found = early["found"].value_counts()
    war = war_years(data).coverage
    states = war["state"].nunique()
    episodes = war["episode"].nunique()
    assert len(war) == states * episodes * 2, (
        f"{DATA_README}, Coverage: the war's coverage is no longer every counterpart, every "
        "year, both directions; update 'four years, both directions'"
    )
    return [
        f"{len(early)} rows: {found.get('events', 0)} found events, "
        f"{found.get('none', 0)} found none",
        f"The war's later years add {len(war)} rows ({states} counterparts, "
        f"{words(episodes)} years, both directions",
    ]


def readme_claims_quotes(data: Dataset) -> list[str]:
    verdicts = data.quotes["verdict"].value_counts()
    assert verdicts.get("not_found", 0) == 0, (
        f"{DATA_README}, Quotations: a quotation is now not found; update 'every statement "
        "was found'"
    )
    return [
        f"the article's {len(data.claims)} checkable statements",
        f"every statement was found; {words(verdicts.get('verbatim', 0))} verbatim (Q2), "
        f"{words(verdicts.get('faithful_paraphrase', 0))} faithful paraphrases",
        f"{words(verdicts.get('altered', 0))} altered (Q1",
    ]


def readme_skripal(data: Dataset) -> list[str]:
    episode = data.episode("skripal-2018")
    counts = source_counts(episode)
    ways = by_direction(episode.events)
    totals = totals_by_direction(episode.events, episode.reports)
    russians, by_russia = totals.loc["russians_expelled"], totals.loc["expelled_by_russia"]
    unknown = int(by_russia["unknown"])
    unknown_words = "one of them unknown" if unknown == 1 else f"{unknown} of them unknown"
    tallies = episode.tallies["direction"].value_counts()
    # The coordinated move of 26-29 March: every state that expelled Russians but the UK,
    # which moved first (14 March).
    movers = set(counterpart(episode.events[direction(episode.events) == "russians_expelled"]))
    movers -= {"GBR"}
    assert "USA" in movers, (
        f"{DATA_README}, Episode skripal-2018, Scope: the United States no longer expels; "
        "update 'the United States, 18 EU member states and 9 other states'"
    )
    eu = len(movers & EU_2018)
    others = len(movers - EU_2018 - {"USA"})
    return [
        f"the United States, {eu} EU member states and {others} other states expelled Russian "
        "personnel in a coordinated move",
        f"and {eu} EU members (Belgium,",
        f"{counts['events']} events ({ways['russians_expelled']} expulsions of Russians, "
        f"{ways['expelled_by_russia']} by Russia), {len(episode.responses)} response links, "
        f"{len(episode.reports)} reports, {len(episode.tallies)} tallies and "
        f"{counts['sources cited by a report']} sources cited by a report",
        f"{counts['states']} states on the other side of Russia",
        f"{russians['persons']} Russians expelled in {russians['events']} events "
        f"({russians['high']} at the highest reports), and at least {by_russia['persons']} "
        f"persons expelled by Russia in {by_russia['events']} events, {unknown_words} "
        f"({by_russia['low']} at the lowest reports)",
        f"{len(episode.tallies)} totals, {tallies.get('russians_expelled', 0)} of Russians "
        f"expelled and {tallies.get('expelled_by_russia', 0)} of persons expelled by Russia",
        f"the data gives {russians['persons']} without NATO ({russians['persons'] + 7} with it",
    ]


def readme_answers_of_30_march(data: Dataset) -> list[str]:
    episode = data.episode("skripal-2018")
    events = episode.events
    answers = events[
        (events["expelling"].astype(str) == "RUS")
        & (events["announced"] == pd.Timestamp("2018-03-30"))
        & events["event_id"].isin(episode.responses["response"])
    ]
    known = answers["persons"].dropna()
    return [
        f"data hold {len(answers)} of those answers",
        f"their {len(known)} known figures sum to {int(known.sum())}",
    ]


def readme_war(data: Dataset) -> list[str]:
    war = war_years(data)
    cited = set(war.reports["source"].astype(str))
    rank = ranks(war)
    assert rank[5] == rank[6] == 0, (
        f"{DATA_README}, How the sources were found (2023 on): an event now adopts its figure "
        "from an uncredited aggregator; update 'No event's figure rests on an uncredited "
        "aggregator'"
    )
    one_state = war.tallies["states"].dropna().astype(str)
    one_state = one_state[(one_state != "*") & ~one_state.str.contains(";")]
    return [
        f"the war's later years hold {len(war.events)} events, {len(war.reports)} reports "
        f"and {len(cited)} sources cited by a report",
        f"{words(rank[4])} rest on a relay (rank 4)",
        f"{undated_among(data, cited)} of those {len(cited)} sources give no publication date",
        f"and {words(len(one_state))} one-state totals",
    ]


def readme_precedents(data: Dataset) -> list[str]:
    past = precedents(data)
    named = cited_by_rows(past)
    crises = past.events["episode"].nunique()
    assert undated_among(data, named) == 0, (
        f"{DATA_README}, How the sources were found (precedents): a precedent's source has no "
        "date; update 'all with a date' (and docs/yardstick.md, 'all dated')"
    )
    return [
        f"{words(crises)} earlier crises from 1971 to 2021",
        f"{words(crises).capitalize()} earlier crises are in the tables",
        f"The precedents' rows cite {len(named)} sources "
        f"({past.reports['source'].nunique()} of them cited by a report), all with a date",
    ]


# --- docs/yardstick.md -------------------------------------------------------------------------


def yardstick_precedents(data: Dataset) -> list[str]:
    past = precedents(data)
    crises = past.events["episode"].nunique()
    return [
        f"beside {words(crises)} earlier crises between Moscow",
        f"{words(crises).capitalize()} episodes (`analysis.schema.PRECEDENT_EPISODES`)",
        f"{len(past.events)} events, {len(past.reports)} reports (each with the passage that "
        f"states its number), {len(cited_by_rows(past))} sources cited by their rows "
        f"({past.reports['source'].nunique()} of them cited by a report), all dated, "
        f"{len(past.responses)} answer links and {len(past.coverage)} coverage rows",
    ]


def yardstick_1985(data: Dataset) -> list[str]:
    episode = data.episode("uk-1985")
    persons = totals_by_direction(episode.events, episode.reports)["persons"]
    assert persons["russians_expelled"] == persons["expelled_by_russia"], (
        f"{YARDSTICK}, The precedents: uk-1985's two directions no longer total the same; "
        "update the row's 'each way'"
    )
    return [f"USSR 6 (18 Sep): {persons['russians_expelled']} each way"]


# --- docs/data-set.md --------------------------------------------------------------------------


def data_set_tables(data: Dataset) -> list[str]:
    return [f"The {words(len(schema.TABLES))} tables under `data/`"]


Statements = dict[str, tuple[str, Callable[[Dataset], list[str]]]]

#: Per document, id: (the sentence to update, the phrases it must hold, computed from the data).
README_STATEMENTS: Statements = {
    "tables": ("the opening's count of tables", readme_tables),
    "undated-sources": ("How the sources were found, 'published'", readme_undated),
    "adopted-ranks": ("Evidence, where the adopted figures stand", readme_ranks),
    "counterparts": ("Coverage; Coverage and gaps (2023 on)", readme_counterparts),
    "coverage-rows": ("Coverage, the rows of coverage.csv", readme_coverage),
    "claims-quotes": ("Claims; Quotations", readme_claims_quotes),
    "skripal-2018": ("Episode skripal-2018: Scope, adopted totals, Tallies (2018)", readme_skripal),
    "answers-of-30-march-2018": (
        "2018-03-30-RUS-MKD in Conflicts (2018), and Tallies (2018)",
        readme_answers_of_30_march,
    ),
    "war-2023-on": ("How the sources were found (2023 on); Tallies (2023 on)", readme_war),
    "precedents": ("the opening; Precedents, How the sources were found", readme_precedents),
}  # fmt: skip

YARDSTICK_STATEMENTS: Statements = {
    "precedents": ("the opening; The precedents", yardstick_precedents),
    "uk-1985": ("The precedents, the row of uk-1985", yardstick_1985),
}

DATA_SET_STATEMENTS: Statements = {
    "tables": ("the opening's count of tables", data_set_tables),
}

#: Phrases a document must hold this many times (a count stated in two places).
TIMES = {"data hold": 2, "known figures sum to": 2}


def check(document: str, where: str, phrases: list[str]) -> None:
    text = prose(document)
    for phrase in phrases:
        times = next((n for key, n in TIMES.items() if key in phrase), 1)
        assert text.count(phrase) == times, (
            f"{document} ({where}): the data now give {phrase!r}; update the sentence that "
            f"states this count to say so (found {text.count(phrase)} times, expected {times})"
        )


@pytest.mark.parametrize("statement", list(README_STATEMENTS))
def test_data_readme_counts(statement: str, dataset: Dataset) -> None:
    where, phrases = README_STATEMENTS[statement]
    check(DATA_README, where, phrases(dataset))


@pytest.mark.parametrize("statement", list(YARDSTICK_STATEMENTS))
def test_yardstick_counts(statement: str, dataset: Dataset) -> None:
    where, phrases = YARDSTICK_STATEMENTS[statement]
    check(YARDSTICK, where, phrases(dataset))


@pytest.mark.parametrize("statement", list(DATA_SET_STATEMENTS))
def test_data_set_counts(statement: str, dataset: Dataset) -> None:
    where, phrases = DATA_SET_STATEMENTS[statement]
    check(DATA_SET, where, phrases(dataset))
