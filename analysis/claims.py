"""The article's claims, read every reasonable way, evaluated against the data.

A claim (``claims.csv``) is what the article says; a reading (``readings.csv``) is one way
to count it: a window of announcement dates, the states on the other side of Russia, the
personnel (all persons, or diplomats only) and the range the words allow. Every claim has
one reading marked as the most natural; every reading gets its own verdict.

Verdicts of a reading (``VERDICTS``):
- ``supported``: the computed value is in the range the reading allows;
- ``contradicted``: the value is above that range. Totals are floors (sources miss events and
  some figures are unknown), so a value can only grow as evidence is added: a value above
  the range stays above it;
- ``unverifiable``: the value is below the range (a floor below the claim proves nothing),
  or the reading is about something the data cannot count (``measure == 'uncountable'``).

Ranges by comparator, for a claimed value N and tolerance t (0 if empty):
``at_least``: [N, inf); ``nearly``: [N - t, N]; ``about``: [N - t, N + t];
``exactly``: [N, N].

Personnel: a reading of ``diplomats`` counts the events whose ``personnel`` is ``diplomats``
or ``ambassador``; the persons of events labelled ``staff``, ``mixed`` or ``unknown`` may or
may not be diplomats and are reported as ``uncertain``, never guessed into the value.

The verdict of a claim (``claim_verdict``): the natural reading's verdict, unless the
readings that decide something disagree (one supported, another contradicted) or the natural
reading decides nothing while another does: then ``depends on the reading``, and the table
names each reading's verdict. So no headline verdict comes from a reading other than the
natural one, nor stands against another reading's opposite verdict. The scorecard (``SCORES``) says the same
in a reader's words: ``right`` (supported), ``understated`` (our count is above the claim),
``unconfirmed`` (our floor is below it), ``untraceable`` (the data cannot count it), and
``depends on the reading``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import evidence
from analysis.countries import RUSSIA, state_name
from analysis.loaders import Dataset
from analysis.schema import ALL_STATES, STATES_SEPARATOR

VERDICTS = ("supported", "contradicted", "unverifiable")
DEPENDS = "depends on the reading"
CLAIM_VERDICTS = (*VERDICTS, DEPENDS)
SCORES = ("right", "understated", "unconfirmed", "untraceable", DEPENDS)

#: Personnel kinds a ``diplomats`` reading counts; the other kinds are uncertain.
DIPLOMATIC_PERSONNEL = ("diplomats", "ambassador")

#: The article's publication date: the default as-of date of every evaluation.
ARTICLE_DATE = pd.Timestamp("2022-05-19")


def allowed_range(claimed: int, comparator: str, tolerance: int | None) -> tuple[float, float]:
    """The [low, high] range of values that support a claim (see the module docstring)."""
    t = 0 if tolerance is None or pd.isna(tolerance) else int(tolerance)
    if comparator == "at_least":
        return float(claimed), float("inf")
    if comparator == "nearly":
        return float(claimed - t), float(claimed)
    if comparator == "about":
        return float(claimed - t), float(claimed + t)
    if comparator == "exactly":
        return float(claimed), float(claimed)
    raise ValueError(f"unknown comparator {comparator!r}")


def verdict(value: int, claimed: int, comparator: str, tolerance: int | None) -> str:
    """``supported`` inside the range, ``contradicted`` above it, ``unverifiable`` below it."""
    low, high = allowed_range(claimed, comparator, tolerance)
    if value > high:
        return "contradicted"
    if value < low:
        return "unverifiable"
    return "supported"


def claim_verdict(natural: str, others: Iterable[str] = ()) -> str:
    """The verdict of a claim from its natural reading's verdict and its other readings'.

    A reading is *decided* when its verdict is ``supported`` or ``contradicted``;
    ``unverifiable`` decides nothing (a floor below the range, or nothing to count).
    - decided readings disagree (one supported, one contradicted): ``DEPENDS``;
    - the natural reading is undecided while another reading is decided: ``DEPENDS`` (no
      headline verdict from a reading that is not the natural one);
    - otherwise: the natural reading's verdict.
    So when every reading has the same verdict, that is the claim's verdict.
    """
    verdicts = {natural, *others}
    decided = verdicts - {"unverifiable"}
    if len(decided) > 1 or (natural == "unverifiable" and decided):
        return DEPENDS
    return natural


def score(claim_level: str, uncountable: bool) -> str:
    """The scorecard word for a claim verdict; ``uncountable``: no reading can be counted."""
    if claim_level == "unverifiable":
        return "untraceable" if uncountable else "unconfirmed"
    return {"supported": "right", "contradicted": "understated", DEPENDS: DEPENDS}[claim_level]


def reading_scope(
    reading: pd.Series, claim: pd.Series, events: pd.DataFrame, as_of: object | None
) -> pd.DataFrame:
    """The events a reading counts, all personnel: the claim's episode and direction, the
    reading's states and window, announced on or before ``as_of`` (None: no cut-off).
    """
    events = events[events["episode"] == claim["episode"]]
    if claim["direction"] == "expelled_by_russia":
        chosen = events[events["expelling"].astype(str) == RUSSIA]
        other = chosen["expelled"].astype(str)
    else:
        chosen = events[events["expelled"].astype(str) == RUSSIA]
        other = chosen["expelling"].astype(str)
    if reading["states"] != ALL_STATES:
        chosen = chosen[other.isin(reading["states"].split(STATES_SEPARATOR))]
    end = reading["window_end"]
    if as_of is not None:
        end = min(end, pd.Timestamp(as_of))
    return chosen[chosen["announced"].between(reading["window_start"], end)]


def split_personnel(scope: pd.DataFrame, personnel: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(counted, uncertain) events of a scope: ``all`` counts every event and leaves nothing
    uncertain; ``diplomats`` counts ``DIPLOMATIC_PERSONNEL`` and leaves the rest uncertain.
    """
    if personnel == "all":
        return scope, scope.iloc[0:0]
    sure = scope["personnel"].astype(str).isin(DIPLOMATIC_PERSONNEL)
    return scope[sure], scope[~sure]


@dataclass(frozen=True)
class Evaluation:
    """One reading's value, the events behind it and its verdict.

    ``uncertain``: persons whose grade the reading cannot tell (diplomats readings only);
    ``verdict_with_uncertain``: the verdict if all of them were counted.
    """

    reading_id: str
    claim_id: str
    value: int
    uncertain: int
    unknown_events: int
    events: tuple[str, ...]
    verdict: str
    verdict_with_uncertain: str
    reason: str


def evaluate_reading(
    reading: pd.Series,
    claim: pd.Series,
    events: pd.DataFrame,
    as_of: object | None = ARTICLE_DATE,
) -> Evaluation:
    """Evaluate one reading of one claim (``as_of=None``: everything known now)."""
    counted, doubtful = split_personnel(
        reading_scope(reading, claim, events, as_of), reading["personnel"]
    )
    return _evaluation(
        reading,
        claim,
        int(counted["persons"].sum()),
        int(doubtful["persons"].sum()),
        int(counted["persons"].isna().sum()),
        tuple(counted["event_id"]),
    )


def _evaluation(
    reading: pd.Series,
    claim: pd.Series,
    value: int,
    uncertain: int,
    unknown: int,
    ids: tuple[str, ...],
) -> Evaluation:
    """The verdict of a reading whose counted events (``ids``) add up to ``value`` persons,
    with ``uncertain`` more of unknown grade and ``unknown`` events of unknown size."""
    ident = (reading["reading_id"], claim["claim_id"])
    if reading["measure"] == "uncountable":
        reason = f"the data cannot count this; closest count: {value} persons in {len(ids)} events"
        return Evaluation(
            *ident, value, uncertain, unknown, ids, "unverifiable", "unverifiable", reason
        )
    claimed, comparator, tolerance = (
        claim["claimed_value"],
        reading["comparator"],
        reading["tolerance"],
    )
    result = verdict(value, claimed, comparator, tolerance)
    widest = verdict(value + uncertain, claimed, comparator, tolerance)
    low, high = allowed_range(claimed, comparator, tolerance)
    span = f"[{low:g}, {high:g}]"
    reason = {
        "supported": f"{value} is within {span}",
        "contradicted": f"{value} is above {span}",
        "unverifiable": f"{value} is below {span}; totals are floors",
    }[result]
    if unknown:
        reason += f"; {unknown} event(s) of unknown size count 0"
    if uncertain:
        reason += f"; {uncertain} more person(s) of unknown grade ({widest} if all counted)"
    return Evaluation(*ident, value, uncertain, unknown, ids, result, widest, reason)


@dataclass(frozen=True)
class _Columns:
    """The columns of an events table that readings count, as NumPy arrays (texts as Python
    strings, persons with 0 for an unknown size and ``unknown`` marking those)."""

    event_id: np.ndarray
    episode: np.ndarray
    expelling: np.ndarray
    expelled: np.ndarray
    announced: np.ndarray
    diplomatic: np.ndarray
    persons: np.ndarray
    unknown: np.ndarray

    @classmethod
    def of(cls, events: pd.DataFrame) -> _Columns:
        def text(column: str) -> np.ndarray:
            return events[column].astype(str).to_numpy(dtype=object)

        persons = events["persons"]
        return cls(
            event_id=events["event_id"].to_numpy(dtype=object),
            episode=text("episode"),
            expelling=text("expelling"),
            expelled=text("expelled"),
            announced=events["announced"].to_numpy(),
            diplomatic=events["personnel"].astype(str).isin(DIPLOMATIC_PERSONNEL).to_numpy(),
            persons=persons.fillna(0).to_numpy(dtype="int64"),
            unknown=persons.isna().to_numpy(dtype=bool),
        )


def _scope_mask(
    reading: pd.Series, claim: pd.Series, columns: _Columns, as_of: object | None
) -> np.ndarray:
    """``reading_scope`` as a bool mask over the events of ``columns``: the same rules (the
    claim's episode and direction, the reading's states, the window cut at ``as_of``, both
    ends included; a missing end counts nothing)."""
    mask = columns.episode == claim["episode"]
    if claim["direction"] == "expelled_by_russia":
        mask &= columns.expelling == RUSSIA
        other = columns.expelled
    else:
        mask &= columns.expelled == RUSSIA
        other = columns.expelling
    if reading["states"] != ALL_STATES:
        states = set(reading["states"].split(STATES_SEPARATOR))
        mask &= np.fromiter((state in states for state in other), dtype=bool, count=len(other))
    end = reading["window_end"]
    if as_of is not None:
        end = min(end, pd.Timestamp(as_of))
    start, end = pd.Timestamp(reading["window_start"]), pd.Timestamp(end)
    if pd.isna(start) or pd.isna(end):
        return np.zeros(len(mask), dtype=bool)
    return (
        mask
        & (columns.announced >= start.to_datetime64())
        & (columns.announced <= end.to_datetime64())
    )


def _evaluate_fast(
    reading: pd.Series, claim: pd.Series, columns: _Columns, as_of: object | None
) -> Evaluation:
    """``evaluate_reading`` over the arrays of ``_Columns``: the same scope, split and sums."""
    scope = _scope_mask(reading, claim, columns, as_of)
    if reading["personnel"] == "all":
        counted, doubtful = scope, np.zeros(len(scope), dtype=bool)
    else:
        counted, doubtful = scope & columns.diplomatic, scope & ~columns.diplomatic
    return _evaluation(
        reading,
        claim,
        int(columns.persons[counted].sum()),
        int(columns.persons[doubtful].sum()),
        int(np.count_nonzero(columns.unknown[counted])),
        tuple(columns.event_id[counted]),
    )


def evaluate_readings(
    claims: pd.DataFrame,
    readings: pd.DataFrame,
    events: pd.DataFrame,
    as_of: object | None = ARTICLE_DATE,
) -> pd.DataFrame:
    """One row per reading, in table order: the claim, the reading, the range, the value,
    the persons of uncertain grade, the verdict, its reason and the events counted.
    """
    by_id = claims.set_index("claim_id", drop=False)
    columns = _Columns.of(events)
    rows = []
    for _, reading in readings.iterrows():
        claim = by_id.loc[reading["claim"]]
        result = _evaluate_fast(reading, claim, columns, as_of)
        low, high = allowed_range(
            claim["claimed_value"], reading["comparator"], reading["tolerance"]
        )
        rows.append(
            {
                "claim_id": result.claim_id,
                "reading_id": result.reading_id,
                "natural": reading["natural"] == "yes",
                "label": reading["label"],
                "quote": claim["quote"],
                "measure": reading["measure"],
                "comparator": reading["comparator"],
                "claimed": int(claim["claimed_value"]),
                "range": f"[{low:g}, {high:g}]",
                "value": result.value,
                "uncertain": result.uncertain,
                "verdict": result.verdict,
                "reason": result.reason,
                "events": ";".join(result.events),
                "verdict_with_uncertain": result.verdict_with_uncertain,
            }
        )
    return pd.DataFrame(rows)


def evaluate_claims(
    claims: pd.DataFrame,
    readings: pd.DataFrame,
    events: pd.DataFrame,
    as_of: object | None = ARTICLE_DATE,
) -> pd.DataFrame:
    """One row per claim: its natural reading and that reading's value and verdict, the
    claim's verdict by ``claim_verdict``, its score, and every reading's verdict
    (``readings``: "reading_id=verdict" joined by "; ").
    """
    table = evaluate_readings(claims, readings, events, as_of)
    rows = []
    for claim_id, group in table.groupby("claim_id", sort=False):
        natural = group[group["natural"]].iloc[0]
        level = claim_verdict(natural["verdict"], group["verdict"])
        uncountable = bool((group["measure"] == "uncountable").all())
        rows.append(
            {
                "claim_id": claim_id,
                "quote": natural["quote"],
                "claimed": natural["claimed"],
                "reading": natural["reading_id"],
                "label": natural["label"],
                "value": natural["value"],
                "natural_verdict": natural["verdict"],
                "verdict": level,
                "score": score(level, uncountable),
                "readings": "; ".join(
                    f"{r.reading_id}={r.verdict}" for r in group.itertuples(index=False)
                ),
                "reason": natural["reason"],
            }
        )
    return pd.DataFrame(rows)


def alternatives(events: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Every reported figure that differs from an event's adopted one: (event_id, persons)."""
    adopted = events.set_index("event_id")["persons"]
    numbers = reports.dropna(subset=["persons"])[["event", "persons"]].drop_duplicates()
    differs = (
        numbers["persons"].to_numpy() != adopted.reindex(numbers["event"]).fillna(-1).to_numpy()
    )
    out = numbers[differs].rename(columns={"event": "event_id"})
    return out.sort_values(["event_id", "persons"]).reset_index(drop=True)


def with_figures(events: pd.DataFrame, figures: dict[str, int]) -> pd.DataFrame:
    """A copy of ``events`` with some events' persons replaced."""
    out = events.copy()
    replace = out["event_id"].map(figures)
    out["persons"] = replace.astype("Int64").fillna(out["persons"]) if figures else out["persons"]
    return out


def _verdicts(
    claims: pd.DataFrame, readings: pd.DataFrame, events: pd.DataFrame, as_of: object | None
) -> pd.Series:
    return evaluate_readings(claims, readings, events, as_of).set_index("reading_id")["verdict"]


def with_dates(events: pd.DataFrame, dates: dict[str, pd.Timestamp]) -> pd.DataFrame:
    """A copy of ``events`` with some events' announcement days replaced."""
    out = events.copy()
    replace = out["event_id"].map(dates)
    out["announced"] = (
        pd.to_datetime(replace).fillna(out["announced"]).astype(out["announced"].dtype)
    )
    return out


def robustness(
    claims: pd.DataFrame,
    readings: pd.DataFrame,
    events: pd.DataFrame,
    reports: pd.DataFrame,
    as_of: object | None = ARTICLE_DATE,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Re-evaluate every reading under each alternative figure and day, the all-low /
    all-high data and, given ``sources``, first-hand evidence only.

    One row per reading. Columns: ``verdict`` (adopted figures), ``low`` / ``high`` (every
    event at its lowest / highest reported figure), ``first_hand`` (every figure re-adopted
    from government, wire and national first-hand reports only: ``evidence.first_hand_figures``;
    missing without ``sources``), ``flipped_by`` (the alternatives that change the verdict on
    their own: "event_id=persons" for a figure, "event_id@YYYY-MM-DD" for a day a source gives)
    and ``holds`` (the verdict is the same in every scenario, and for a diplomats reading also
    with every person of uncertain grade counted).
    """
    evaluated = evaluate_readings(claims, readings, events, as_of).set_index("reading_id")
    base = evaluated["verdict"]
    numbers = reports.dropna(subset=["persons"]).groupby("event")["persons"]
    low = with_figures(events, numbers.min().to_dict())
    high = with_figures(events, numbers.max().to_dict())
    out = pd.DataFrame(
        {
            "claim_id": evaluated["claim_id"],
            "verdict": base,
            "low": _verdicts(claims, readings, low, as_of),
            "high": _verdicts(claims, readings, high, as_of),
        }
    )
    if sources is not None:
        first = evidence.first_hand_figures(events, reports, sources)
        out["first_hand"] = _verdicts(claims, readings, first, as_of)
    else:
        out["first_hand"] = pd.NA
    flips: dict[str, list[str]] = {reading: [] for reading in base.index}
    scenarios: list[tuple[str, pd.DataFrame]] = [
        (f"{o.event_id}={o.persons}", with_figures(events, {o.event_id: int(o.persons)}))
        for o in alternatives(events, reports).itertuples(index=False)
    ]
    if "announced" in reports:
        scenarios += [
            (
                f"{o.event_id}@{pd.Timestamp(o.announced).date().isoformat()}",
                with_dates(events, {o.event_id: o.announced}),
            )
            for o in evidence.alternative_dates(events, reports).itertuples(index=False)
        ]
    for label, changed in scenarios:
        result = _verdicts(claims, readings, changed, as_of)
        for reading in base.index[result != base]:
            flips[reading].append(label)
    out["flipped_by"] = [";".join(flips[r]) for r in out.index]
    out["holds"] = (
        (out["verdict"] == out["low"])
        & (out["verdict"] == out["high"])
        & (out["flipped_by"] == "")
        & (evaluated["verdict_with_uncertain"] == base)
        & ((out["first_hand"] == base) | out["first_hand"].isna())
    )
    return out.rename_axis("reading_id").reset_index()


def by_country(
    claims: pd.DataFrame,
    readings: pd.DataFrame,
    events: pd.DataFrame,
    direction: str,
    as_of: object | None = ARTICLE_DATE,
) -> pd.DataFrame:
    """The claims about a single state in one direction, read naturally: state code and
    name, claimed value, our value, verdict; claims whose natural reading names exactly one
    state, in table order.
    """
    natural = readings[readings["natural"] == "yes"]
    single = natural[
        ~natural["states"].str.contains(STATES_SEPARATOR, regex=False)
        & (natural["states"] != ALL_STATES)
    ]
    directions = claims.set_index("claim_id")["direction"]
    single = single[single["claim"].map(directions) == direction]
    table = evaluate_readings(claims, single, events, as_of)
    table.insert(1, "state", single["states"].to_numpy())
    table.insert(2, "name", [state_name(code) for code in single["states"]])
    return table[["claim_id", "state", "name", "claimed", "value", "verdict"]]


def verdict_table(data: Dataset, as_of: object | None = ARTICLE_DATE) -> pd.DataFrame:
    """Every reading of every claim as of a date (None: all data): value, verdict, reason,
    events, and the robustness columns ``low``, ``high``, ``first_hand``, ``holds``,
    ``flipped_by``.
    """
    verdicts = evaluate_readings(data.claims, data.readings, data.events, as_of)
    robust = robustness(data.claims, data.readings, data.events, data.reports, as_of, data.sources)
    return verdicts.merge(
        robust[["reading_id", "low", "high", "first_hand", "holds", "flipped_by"]],
        on="reading_id",
    )


def scorecard(
    data: Dataset, as_of: object | None = ARTICLE_DATE, readings: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One line per claim for a reader in a hurry: the score, the natural reading and its
    number against the claim's, the readings whose verdict differs from the natural one's, and
    whether the natural reading's verdict survives every conflicting source figure
    (``robust``, the ``holds`` column of ``robustness``). ``readings``: ``verdict_table`` of
    the same data and date when the caller has it already (the robustness reruns are the
    costly part), else it is computed.
    """
    claims = evaluate_claims(data.claims, data.readings, data.events, as_of)
    table = readings if readings is not None else verdict_table(data, as_of)
    holds = table.set_index("reading_id")["holds"]
    rows = []
    for row in claims.itertuples(index=False):
        others = [
            item
            for item in row.readings.split("; ")
            if not item.startswith(f"{row.reading}=")
            and not item.endswith(f"={row.natural_verdict}")
        ]
        rows.append(
            {
                "claim_id": row.claim_id,
                "quote": row.quote,
                "score": row.score,
                "reading": row.label,
                "claimed": row.claimed,
                "our_count": row.value,
                "natural_verdict": row.natural_verdict,
                "other_readings": "; ".join(others),
                "robust": bool(holds[row.reading]),
            }
        )
    return pd.DataFrame(rows)


def number_origins(data: Dataset, as_of: object | None = ARTICLE_DATE) -> pd.DataFrame:
    """Where each of the article's numbers may come from (``provenance.csv``), one row per
    claim: the earliest and the closest published figure (publisher's source id, date, figure,
    whether it counts what the article says), ``matches`` (one of them gives the article's
    number and counts what the article says), ``figure_only`` (the number is found, but
    counting something else), how
    many days the closest one was old on the article's date, and our count on that date by the
    natural reading (``our_count``), against which the article's number was stale or not.
    """
    claims = evaluate_claims(data.claims, data.readings, data.events, as_of).set_index("claim_id")
    origins = data.provenance.set_index(["claim", "role"])
    rows = []
    for claim_id, claim in claims.iterrows():
        row: dict[str, object] = {"claim_id": claim_id, "claimed": claim["claimed"]}
        for role in ("earliest", "closest"):
            found = (claim_id, role) in origins.index
            page = origins.loc[(claim_id, role)] if found else None
            row[f"{role}_source"] = page["source"] if found else pd.NA
            row[f"{role}_published"] = page["published"] if found else pd.NaT
            row[f"{role}_figure"] = page["figure"] if found else pd.NA
            row[f"{role}_counts_same"] = page["counts_same"] == "yes" if found else pd.NA
        same = [
            row[f"{role}_figure"] == claim["claimed"] and row[f"{role}_counts_same"] is True
            for role in ("earliest", "closest")
        ]
        row["matches"] = any(same)
        row["figure_only"] = not any(same) and claim["claimed"] in {
            row["earliest_figure"],
            row["closest_figure"],
        }
        age = pd.Timestamp(ARTICLE_DATE) - row["closest_published"]
        row["closest_age_days"] = pd.NA if pd.isna(age) else int(age.days)
        row["our_count"] = claim["value"]
        rows.append(row)
    out = pd.DataFrame(rows)
    for column in ("earliest_figure", "closest_figure", "closest_age_days"):
        out[column] = out[column].astype("Int64")
    return out


def quotation_checks(data: Dataset) -> pd.DataFrame:
    """The article's quotations, attributions and characterisations (``quotes.csv``) with
    their verdicts: one row each, the article's words beside the statement's passage, who
    said it, when, and the page (publisher and address). Verdicts: ``verbatim``,
    ``faithful_paraphrase``, ``altered``, ``misattributed``, ``not_found`` (see data/README.md).
    """
    pages = data.sources.set_index("source_id")[["publisher", "url"]]
    out = data.quotes.join(pages, on="source")
    out["said_on"] = out["said_on"].dt.strftime("%Y-%m-%d")
    return out[
        [
            "quote_id",
            "kind",
            "speaker_as_given",
            "words",
            "verdict",
            "speaker",
            "office",
            "said_on",
            "publisher",
            "url",
            "language",
            "passage",
            "gloss",
            "how",
        ]
    ].reset_index(drop=True)
