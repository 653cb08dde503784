"""How strong the evidence under each figure is, and whether an excerpt states its figure.

Ranks (data/README.md, "Evidence"), strongest first:

1. a government's or EU body's own statement (``kind == 'government'``);
2. a news agency's wire (``wire``), or a wire's credited copy on an outlet's site
   (``national`` or ``local`` with ``carries``);
3. a national newspaper or broadcaster reporting first-hand (``national``);
4. a local or specialist outlet (``local``), an aggregator that credits the agency it copies
   (``aggregator`` with ``carries``), or any page that relays (``hand == 'relay'``: another
   outlet's report, or one state's media on a third state's decision);
5. an aggregator, repost or machine rewrite that credits nobody;
6. an encyclopedia: a pointer to sources, never a figure's source.

``rank = KIND_RANK[kind]``, lowered to 2 for a credited copy on an outlet, raised to 4 for a
credited copy on an aggregator, and raised to at least 4 for a relay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import combinations

import numpy as np
import pandas as pd

KIND_RANK = {
    "government": 1,
    "wire": 2,
    "national": 3,
    "local": 4,
    "aggregator": 5,
    "encyclopedia": 6,
}
RANK_NAMES = {
    1: "government statement",
    2: "news agency wire",
    3: "national outlet, first-hand",
    4: "local outlet, relay or credited repost",
    5: "uncredited aggregator or repost",
    6: "encyclopedia",
}
#: Ranks that count as first-hand evidence: a government, a wire, a national outlet.
FIRST_HAND_RANKS = (1, 2, 3)


def evidence_rank(kind: str, carries: object, hand: str) -> int:
    """The rank of one report (see the module docstring). ``carries``: the agencies credited,
    or missing / empty when none is.
    """
    rank = KIND_RANK[kind]
    credited = isinstance(carries, str) and carries.strip() != ""
    if credited and kind in ("national", "local"):
        rank = 2
    elif credited and kind == "aggregator":
        rank = 4
    if hand == "relay":
        rank = max(rank, 4)
    return rank


def report_evidence(reports: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """``reports`` with the source's ``kind``, ``carries``, ``publisher``, ``url``,
    ``language`` beside each report, and its ``rank``.
    """
    columns = ["source_id", "publisher", "url", "language", "kind", "carries", "published"]
    out = reports.merge(
        sources[columns].rename(columns={"published": "source_published"}),
        left_on="source",
        right_on="source_id",
        how="left",
        validate="many_to_one",
    ).drop(columns="source_id")
    out["rank"] = [
        evidence_rank(str(k), c, str(h))
        for k, c, h in zip(out["kind"], out["carries"], out["hand"], strict=True)
    ]
    return out


def _adopted_positions(events: pd.DataFrame, ranked: pd.DataFrame) -> dict[str, int]:
    """For each event adopted from a source that reports it, the position (0-based, in
    ``ranked``) of the report its figure is adopted from: among that source's reports of the
    event, those giving the event's persons and qualifier if there is one, else all of them;
    of these the best (lowest) rank, the first in ``ranked`` on a tie. One merge of events
    and reports, then a stable sort; no loop over events."""
    adopted = events[events["adopted_from"].notna()]
    wanted = pd.DataFrame(
        {
            "event": adopted["event_id"].astype(str).to_numpy(),
            "source": adopted["adopted_from"].astype(str).to_numpy(),
            "persons": adopted["persons"].fillna(-1).to_numpy(),
            "qualifier": adopted["qualifier"].astype(str).to_numpy(),
        }
    )
    given = pd.DataFrame(
        {
            "event": ranked["event"].astype(str).to_numpy(),
            "source": ranked["source"].astype(str).to_numpy(),
            "given_persons": ranked["persons"].fillna(-1).to_numpy(),
            "given_qualifier": ranked["qualifier"].astype(str).to_numpy(),
            "rank": ranked["rank"].to_numpy(),
            "position": np.arange(len(ranked)),
        }
    )
    pairs = wanted.merge(given, on=["event", "source"])
    same = (pairs["given_qualifier"] == pairs["qualifier"]) & (
        pairs["given_persons"] == pairs["persons"]
    )
    any_same = same.groupby(pairs["event"]).transform("any")
    eligible = pairs[(same | ~any_same).to_numpy(dtype=bool)]
    best = eligible.sort_values(["event", "rank", "position"], kind="stable").drop_duplicates(
        "event"
    )
    return dict(zip(best["event"], best["position"].astype(int), strict=True))


def adopted_evidence(
    events: pd.DataFrame, reports: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """One row per event: the report its figure is adopted from (the report of
    ``adopted_from`` giving the adopted persons and qualifier; the best-ranked such report,
    else the best-ranked report of that source: ``_adopted_positions``), that report's source
    kind, credit, hand and rank, and ``reports``: how many reports the event has. An event
    adopted from no source has missing report columns.
    """
    ranked = report_evidence(reports, sources)
    key = ranked.set_index(["event", "source"])
    positions = _adopted_positions(events, ranked)
    rows = []
    for event in events.itertuples(index=False):
        row = {
            "event_id": event.event_id,
            "episode": event.episode,
            "persons": event.persons,
            "adopted_from": event.adopted_from,
        }
        position = None if pd.isna(event.adopted_from) else positions.get(str(event.event_id))
        if position is not None:
            best = key.iloc[position]
            row.update(
                {
                    "report_id": best["report_id"],
                    "kind": best["kind"],
                    "carries": best["carries"],
                    "hand": best["hand"],
                    "rank": int(best["rank"]),
                }
            )
        rows.append(row)
    out = pd.DataFrame(rows)
    out["rank"] = out["rank"].astype("Int64")
    out["reports"] = out["event_id"].map(reports.groupby("event").size()).astype("int64")
    return out


def first_hand_figures(
    events: pd.DataFrame, reports: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """``events`` with each figure re-adopted from first-hand evidence only (ranks 1-3).

    Per event, among its reports of a first-hand rank that give a number: the adopted figure
    when one of them gives it, else the figure of the best-ranked one (the lowest of those on
    a tie, as totals are floors). An event with no first-hand number becomes unknown
    (``persons`` missing, ``qualifier`` 'unknown'), so totals fall, never rise by guesswork.
    """
    ranked = report_evidence(reports, sources)
    usable = ranked[ranked["rank"].isin(FIRST_HAND_RANKS) & ranked["persons"].notna()]
    event = usable["event"].astype(str)
    persons = usable["persons"].astype("int64")
    # Per event: the lowest figure among its reports of the best first-hand rank.
    at_best = (usable["rank"] == usable.groupby(event)["rank"].transform("min")).to_numpy()
    fallback = persons[at_best].groupby(event[at_best]).min()
    given = set(zip(event, persons, strict=True))
    out = events.copy()
    figures: list[object] = []
    for event_id, adopted in zip(events["event_id"], events["persons"], strict=True):
        key = str(event_id)
        if key not in fallback.index:
            figures.append(pd.NA)
        elif not pd.isna(adopted) and (key, int(adopted)) in given:
            figures.append(adopted)
        else:
            figures.append(int(fallback[key]))
    out["persons"] = pd.array(figures, dtype="Int64")
    out["qualifier"] = out["qualifier"].where(out["persons"].notna(), "unknown")
    return out


def alternative_dates(events: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Every day a report dates an event to that differs from the event's adopted day:
    (event_id, announced), sorted. Reports that give no day are left out.
    """
    adopted = events.set_index("event_id")["announced"]
    dated = reports.dropna(subset=["announced"])[["event", "announced"]].drop_duplicates()
    differs = dated["announced"].to_numpy() != adopted.reindex(dated["event"]).to_numpy()
    out = dated[differs].rename(columns={"event": "event_id"})
    return out.sort_values(["event_id", "announced"]).reset_index(drop=True)


# --- does an excerpt state its figure? --------------------------------------------------------

_DIGITS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ .,\u00a0\u202f]\d{3})*(?![\d])|\d+")


def _fold(text: str) -> str:
    """Lower case without accents, apostrophes as spaces: 'Četrdeset' -> 'cetrdeset'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub("['\u2019`]", " ", plain)


def numbers_in_digits(text: str) -> list[int]:
    """Whole numbers written in digits in ``text`` (thousands separators allowed)."""
    return [int(re.sub(r"\D", "", match)) for match in _DIGITS.findall(text)]


@cache
def number_words(number: int, language: str) -> tuple[str, ...]:
    """The number in words in ``language`` by num2words (cardinal), folded; empty when
    num2words does not know the language.
    """
    # Imported here: every notebook imports this module, few ask for number words.
    from num2words import num2words

    try:
        words = num2words(number, lang=language)
    except (NotImplementedError, KeyError, OverflowError):
        return ()
    return tuple(w for w in re.split(r"[\s\-]+", _fold(words)) if w)


def states_in_words(excerpt: str, number: int, language: str) -> bool:
    """True when every word of the number in ``language`` opens a word of the excerpt, its
    last two letters free for inflection ("сорок" in "сорока"; "quarante-cinq").
    Compound words ("fünfundvierzig") must stand whole. False for an unknown language.
    """
    words = number_words(number, language)
    if not words:
        return False
    tokens = re.findall(r"\w+", _fold(excerpt))
    joined = " ".join(tokens)
    for word in words:
        stem = word if len(word) <= 3 else word[: max(3, len(word) - 2)]
        if not any(token.startswith(stem) for token in tokens) and word not in joined:
            return False
    return True


def states_figure(excerpt: str, persons: int, qualifier: str, language: str) -> bool:
    """Whether ``excerpt`` states the report's figure, by one of these rules:

    - the number in digits, or in words of the page's language (``states_in_words``);
    - for ``at_least`` N: also N - 1 (the README's rule records "more than N" as N + 1);
    - the parts of a sum: two or three numbers, in digits or words, that add up to it
      ("14 + 1", "58 ... and two").

    A single person named without a numeral ("a diplomat", "the ambassador") is not read by
    these rules: such rows return False.
    """
    wanted = [persons] + ([persons - 1] if qualifier == "at_least" and persons > 0 else [])
    found = numbers_in_digits(excerpt)
    for number in wanted:
        if number in found or states_in_words(excerpt, number, language):
            return True
    small = {n for n in found if 0 < n < persons}
    small |= {n for n in range(1, min(persons, 100)) if states_in_words(excerpt, n, language)}
    return any(
        sum(parts) == persons for size in (2, 3) for parts in combinations(sorted(small), size)
    )
