"""The article's claims, evaluated against the data, with their robustness to source conflicts.

Verdicts (``VERDICTS``):
- ``supported``: the computed value is in the range the claim allows;
- ``contradicted``: the value is above that range. Totals are floors (sources miss events and
  some figures are unknown), so a value can only grow as evidence is added: a value above
  the range stays above it;
- ``unverifiable``: the value is below the range (a floor below the claim proves nothing),
  or the claim is about something the data cannot count (``measure == 'uncountable'``).

Ranges by comparator, for a claimed value N and tolerance t (0 if empty):
``at_least``: [N, inf); ``nearly``: [N - t, N]; ``about``: [N - t, N + t];
``exactly``: [N, N].
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.countries import RUSSIA, state_name
from analysis.loaders import Dataset
from analysis.schema import ALL_STATES, STATES_SEPARATOR

VERDICTS = ("supported", "contradicted", "unverifiable")

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


def claim_scope(claim: pd.Series, events: pd.DataFrame, as_of: object | None) -> pd.DataFrame:
    """The events a claim counts: its episode, direction, states, window, announced by as_of."""
    events = events[events["episode"] == claim["episode"]]
    if claim["direction"] == "expelled_by_russia":
        chosen = events[events["expelling"].astype(str) == RUSSIA]
        other = chosen["expelled"].astype(str)
    else:
        chosen = events[events["expelled"].astype(str) == RUSSIA]
        other = chosen["expelling"].astype(str)
    if claim["states"] != ALL_STATES:
        chosen = chosen[other.isin(claim["states"].split(STATES_SEPARATOR))]
    end = claim["window_end"] if as_of is None else min(claim["window_end"], pd.Timestamp(as_of))
    return chosen[chosen["announced"].between(claim["window_start"], end)]


@dataclass(frozen=True)
class Evaluation:
    """One claim's value, the events behind it and its verdict."""

    claim_id: str
    value: int
    unknown_events: int
    events: tuple[str, ...]
    verdict: str
    reason: str


def evaluate_claim(
    claim: pd.Series, events: pd.DataFrame, as_of: object | None = ARTICLE_DATE
) -> Evaluation:
    """Evaluate one row of the claims table (``as_of=None``: everything known now)."""
    scope = claim_scope(claim, events, as_of)
    value = int(scope["persons"].sum())
    unknown = int(scope["persons"].isna().sum())
    ids = tuple(scope["event_id"])
    if claim["measure"] == "uncountable":
        reason = f"the data cannot count this; closest count: {value} persons in {len(ids)} events"
        return Evaluation(claim["claim_id"], value, unknown, ids, "unverifiable", reason)
    result = verdict(value, claim["claimed_value"], claim["comparator"], claim["tolerance"])
    low, high = allowed_range(claim["claimed_value"], claim["comparator"], claim["tolerance"])
    span = f"[{low:g}, {high:g}]"
    reason = {
        "supported": f"{value} is within {span}",
        "contradicted": f"{value} is above {span}",
        "unverifiable": f"{value} is below {span}; totals are floors",
    }[result]
    if unknown:
        reason += f"; {unknown} event(s) of unknown size count 0"
    return Evaluation(claim["claim_id"], value, unknown, ids, result, reason)


def evaluate_claims(
    claims: pd.DataFrame, events: pd.DataFrame, as_of: object | None = ARTICLE_DATE
) -> pd.DataFrame:
    """One row per claim: claimed value, comparator, computed value, verdict, reason, events."""
    rows = []
    for _, claim in claims.iterrows():
        result = evaluate_claim(claim, events, as_of)
        rows.append(
            {
                "claim_id": result.claim_id,
                "quote": claim["quote"],
                "comparator": claim["comparator"],
                "claimed": int(claim["claimed_value"]),
                "value": result.value,
                "verdict": result.verdict,
                "reason": result.reason,
                "events": ";".join(result.events),
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


def robustness(
    claims: pd.DataFrame,
    events: pd.DataFrame,
    reports: pd.DataFrame,
    as_of: object | None = ARTICLE_DATE,
) -> pd.DataFrame:
    """Re-evaluate every claim under each alternative figure, and the all-low / all-high data.

    Columns: ``verdict`` (adopted figures), ``low`` / ``high`` (every event at its lowest /
    highest reported figure), ``holds`` (the verdict is the same in every scenario) and
    ``flipped_by`` (the alternatives, "event_id=persons", that change the verdict on their own).
    """
    base = evaluate_claims(claims, events, as_of).set_index("claim_id")["verdict"]
    options = alternatives(events, reports)
    numbers = reports.dropna(subset=["persons"]).groupby("event")["persons"]
    low = with_figures(events, numbers.min().to_dict())
    high = with_figures(events, numbers.max().to_dict())
    scenarios = {
        "low": evaluate_claims(claims, low, as_of).set_index("claim_id")["verdict"],
        "high": evaluate_claims(claims, high, as_of).set_index("claim_id")["verdict"],
    }
    flips: dict[str, list[str]] = {claim: [] for claim in base.index}
    for option in options.itertuples(index=False):
        changed = with_figures(events, {option.event_id: int(option.persons)})
        result = evaluate_claims(claims, changed, as_of).set_index("claim_id")["verdict"]
        for claim in base.index[result != base]:
            flips[claim].append(f"{option.event_id}={option.persons}")
    out = pd.DataFrame({"verdict": base, "low": scenarios["low"], "high": scenarios["high"]})
    out["flipped_by"] = [";".join(flips[c]) for c in out.index]
    out["holds"] = (
        (out["verdict"] == out["low"])
        & (out["verdict"] == out["high"])
        & (out["flipped_by"] == "")
    )
    return out.reset_index()


def by_country(
    claims: pd.DataFrame,
    events: pd.DataFrame,
    direction: str,
    as_of: object | None = ARTICLE_DATE,
) -> pd.DataFrame:
    """The claims about a single state in one direction: state code and name, claimed value,
    our value, verdict; claims whose ``states`` names exactly one state, in table order.
    """
    single = claims[~claims["states"].str.contains(STATES_SEPARATOR, regex=False)]
    single = single[(single["states"] != ALL_STATES) & (single["direction"] == direction)]
    table = evaluate_claims(single, events, as_of)
    table.insert(1, "state", single["states"].to_numpy())
    table.insert(2, "name", [state_name(code) for code in single["states"]])
    return table[["claim_id", "state", "name", "claimed", "value", "verdict"]]


def verdict_table(data: Dataset, as_of: object | None = ARTICLE_DATE) -> pd.DataFrame:
    """Each claim's value and verdict as of a date (None: all data), with the robustness
    columns ``low``, ``high``, ``holds`` and ``flipped_by`` (see ``robustness``).
    """
    verdicts = evaluate_claims(data.claims, data.events, as_of)
    robust = robustness(data.claims, data.events, data.reports, as_of)
    return verdicts.merge(
        robust[["claim_id", "low", "high", "holds", "flipped_by"]], on="claim_id"
    )
