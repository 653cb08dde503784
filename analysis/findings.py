"""What the check found, as data: one row per finding, every number computed from the tables.

``findings_table(dataset)`` is the one source of the findings; the command line
(``python -m analysis findings``), the README's "What we found", the report's index and
notebook 2 render it, never retell it. Columns (``COLUMNS``, all strings):

- ``finding_id``: ``F01``, ``F02``, … in the order below (stable while the kinds stay);
- ``kind``: one of ``KINDS``;
- ``claims`` / ``readings``: the claim and reading ids the finding rests on;
- ``statement``: plain words; every number in it is computed here from the data;
- ``verdict``: one word or phrase (the scorecard's words for a claim: ``claims.SCORES``;
  ``context`` for a finding that is no verdict on the article);
- ``events`` / ``sources`` / ``quotes``: the ids of its evidence.

Id lists are joined by ``;`` (``ID_SEPARATOR``), empty when there is none.

Kinds, one or more rows each:

- ``state-figures``: the article's figures for single states of Russia's expulsions
  (``claims.by_country``), on their natural readings, and which of them a lower reported
  figure would undo (``claims.robustness``);
- ``claim``: every other claim on its natural reading, and where readings disagree, what each
  reading gives (``claims.evaluate_readings``);
- ``origins``: where each of the article's numbers was published before it
  (``claims.number_origins``);
- ``quotations``: the quotations that are altered or misattributed (``claims.quotation_checks``);
- ``to-the-article``: our count from the invasion to the article's date, each direction, beside
  the article's totals of that direction;
- ``after-the-article``: persons each way per year from the day after the article
  (``summary.counted_with_unknown``);
- ``tallies``: the published totals furthest from our count, and why (``years.tally_gaps``);
- ``counts``: what the check rests on (``summary.source_counts``).
"""

from __future__ import annotations

import errno
import html
import os
import tempfile
import textwrap
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis import claims as C
from analysis import summary, years
from analysis.loaders import Dataset

COLUMNS = (
    "finding_id",
    "kind",
    "verdict",
    "statement",
    "claims",
    "readings",
    "events",
    "sources",
    "quotes",
)
KINDS = (
    "state-figures",
    "claim",
    "origins",
    "quotations",
    "to-the-article",
    "after-the-article",
    "tallies",
    "counts",
)
ID_SEPARATOR = ";"
#: The verdict of a finding that judges nothing in the article.
CONTEXT = "context"
#: The reading verdicts in a reader's words (as ``claims.score`` words a claim's verdict).
READING_WORDS = {
    "supported": "right",
    "contradicted": "understated",
    "unverifiable": "unconfirmed",
}
#: Quotation verdicts that a finding names one by one.
BENT = ("altered", "misattributed", "not_found")
#: A tally's qualifier as words before its figure.
QUALIFIER_WORDS = {
    "exact": "",
    "nearly": "nearly ",
    "about": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
}
DIRECTION_WORDS = {
    "expelled_by_russia": "persons expelled by Russia",
    "russians_expelled": "Russians expelled",
}


def day(value: object) -> str:
    """'19 May 2022' for a date."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%B %Y}"


def _ids(values: Iterable[object]) -> str:
    """Distinct non-missing ids in first-seen order, joined by ``ID_SEPARATOR``."""
    seen: dict[str, None] = {}
    for value in values:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        for part in str(value).split(ID_SEPARATOR):
            if part:
                seen.setdefault(part, None)
    return ID_SEPARATOR.join(seen)


def _split(text: str) -> list[str]:
    return [part for part in text.split(ID_SEPARATOR) if part]


def _adopted(data: Dataset, event_ids: Iterable[str]) -> list[str]:
    """The adopted sources of some events."""
    adopted = data.events.set_index("event_id")["adopted_from"]
    return [adopted.get(e) for e in event_ids]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _row(**fields: str) -> dict[str, str]:
    return {column: fields.get(column, "") for column in COLUMNS if column != "finding_id"}


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


# --- the claims -------------------------------------------------------------------------------


def _state_figures(data: Dataset, readings: pd.DataFrame) -> list[dict[str, str]]:
    """One row: the single-state figures of Russia's expulsions on their natural readings."""
    table = C.by_country(data.claims, data.readings, data.events, "expelled_by_russia")
    if table.empty:
        return []
    natural = readings[readings["natural"]].set_index("claim_id")
    mine = natural.loc[table["claim_id"]]
    right = table[table["verdict"] == "supported"]
    labels = sorted(set(mine["label"]))
    figures = ", ".join(f"{r.name} {r.claimed}" for r in table.itertuples(index=False))
    statement = (
        f"{len(right)} of the article's {len(table)} figures for single states of Russia's "
        f"expulsions match our count on their natural reading ({'; '.join(labels)}): {figures}."
    )
    wrong = table[table["verdict"] != "supported"]
    if len(wrong):
        statement += (
            " Not matched: "
            + ", ".join(f"{r.name} (we count {r.value})" for r in wrong.itertuples(index=False))
            + "."
        )
    fragile = mine[~mine["holds"].astype(bool)]
    if len(fragile):
        parts = []
        for claim_id, reading in fragile.iterrows():
            name = table.set_index("claim_id").loc[claim_id, "name"]
            flips = [f.split("=") for f in _split(reading["flipped_by"]) if "=" in f]
            told = ", ".join(f"{figure}" for _, figure in flips)
            parts.append(f"{name} ({told})" if told else name)
        statement += (
            f" {len(fragile)} of them rest on the adopted figure alone: the lower figure "
            f"another source reports for {' and '.join(parts)} would leave it short."
        )
    verdict = "right" if len(right) == len(table) else C.DEPENDS
    events = _ids(mine["events"])
    return [
        _row(
            kind="state-figures",
            verdict=verdict,
            statement=statement,
            claims=_ids(table["claim_id"]),
            readings=_ids(mine["reading_id"]),
            events=events,
            sources=_ids(_adopted(data, _split(events))),
        )
    ]


def allowed_words(claimed: int, comparator: str, tolerance: object) -> str:
    """The range a reading allows in words: '190 to 200', '325 or more', 'exactly 27'."""
    tol = None if tolerance is None or pd.isna(tolerance) else int(tolerance)
    low, high = C.allowed_range(int(claimed), comparator, tol)
    if high == float("inf"):
        return f"{low:g} or more"
    if low == high:
        return f"exactly {low:g}"
    return f"{low:g} to {high:g}"


def _reading_phrase(reading: pd.Series, tolerances: pd.Series) -> str:
    """'right read as the month to 19 May (we count 199; the words allow 190 to 200)'."""
    if reading["measure"] == "uncountable":
        return (
            f"not countable read as {reading['label']} (the closest count is {reading['value']})"
        )
    word = READING_WORDS[reading["verdict"]]
    allowed = allowed_words(
        reading["claimed"], reading["comparator"], tolerances[reading["reading_id"]]
    )
    return f"{word} read as {reading['label']} (we count {reading['value']}; the words allow {allowed})"


def _flips(flipped_by: str) -> str:
    """'2022-04-19-RUS-BEL=21' as '21 reported for 2022-04-19-RUS-BEL'; a day as
    'announced on D for E'."""
    parts = []
    for flip in _split(flipped_by):
        if "=" in flip:
            event, figure = flip.split("=", 1)
            parts.append(f"{figure} reported for {event}")
        else:
            event, when = flip.split("@", 1)
            parts.append(f"{event} dated {day(when)}")
    return ", ".join(parts)


def _claim_rows(data: Dataset, readings: pd.DataFrame, skip: set[str]) -> list[dict[str, str]]:
    """One row per claim not in ``skip``: its natural reading, then the readings that
    disagree with it."""
    scores = C.evaluate_claims(data.claims, data.readings, data.events).set_index("claim_id")
    tolerances = data.readings.set_index("reading_id")["tolerance"]
    rows = []
    for claim_id, group in readings.groupby("claim_id", sort=False):
        if claim_id in skip:
            continue
        natural = group[group["natural"]].iloc[0]
        claim = scores.loc[claim_id]
        statement = (
            f"{_quoted(claim['quote'])} ({claim_id}, {claim['claimed']}): "
            f"{_reading_phrase(natural, tolerances)}, its natural reading"
        )
        others = group[~group["natural"] & (group["verdict"] != natural["verdict"])]
        decided = others[others["verdict"] != "unverifiable"]
        if claim["score"] == C.DEPENDS and len(decided):
            statement += "; but " + "; ".join(
                _reading_phrase(r, tolerances) for _, r in decided.iterrows()
            )
        if not bool(natural["holds"]) and natural["flipped_by"]:
            statement += (
                f". One source's figure would change the natural reading's verdict: "
                f"{_flips(natural['flipped_by'])}"
            )
        statement += "."
        used = pd.concat([group[group["natural"]], decided])
        events = _ids(used["events"])
        rows.append(
            _row(
                kind="claim",
                verdict=str(claim["score"]),
                statement=statement,
                claims=claim_id,
                readings=_ids(used["reading_id"]),
                events=events,
                sources=_ids(_adopted(data, _split(events))),
            )
        )
    return rows


# --- origins and quotations -------------------------------------------------------------------


def _origins(data: Dataset) -> list[dict[str, str]]:
    """One row: how many of the article's numbers were published before it, counting the same
    thing; which only as a number counting something else; which nowhere."""
    origins = C.number_origins(data)
    if origins.empty:
        return []
    matched = origins[origins["matches"]]
    figure_only = origins[origins["figure_only"]]
    nowhere = origins[~origins["matches"] & ~origins["figure_only"]]

    def listed(frame: pd.DataFrame) -> str:
        return ", ".join(f"{r.claimed} ({r.claim_id})" for r in frame.itertuples(index=False))

    statement = (
        f"Of the article's {len(origins)} numbers, {len(matched)} were published before it "
        f"counting what the article counts"
    )
    if len(matched):
        statement += f": {listed(matched)}"
    statement += "."
    if len(figure_only):
        statement += (
            f" {len(figure_only)} appear only as a figure counting something else: "
            f"{listed(figure_only)}."
        )
    if len(nowhere):
        closest = ", ".join(
            f"{r.claimed} ({r.claim_id}; the closest published figure is {r.closest_figure})"
            for r in nowhere.itertuples(index=False)
        )
        statement += f" {len(nowhere)} were found published nowhere: {closest}."
    verdict = "traced" if len(matched) == len(origins) else "partly traced"
    return [
        _row(
            kind="origins",
            verdict=verdict,
            statement=statement,
            claims=_ids(origins["claim_id"]),
            sources=_ids(pd.concat([origins["earliest_source"], origins["closest_source"]])),
        )
    ]


def _quotations(data: Dataset) -> list[dict[str, str]]:
    """One row: the verdicts of the quotations, and each one altered, misattributed or not
    found, by the words the article gives and who said them."""
    words = C.quotation_checks(data)
    if words.empty:
        return []
    counts = words["verdict"].astype(str).value_counts()
    tally = ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items() if n)
    bent = words[words["verdict"].isin(BENT)]
    statement = f"Of the article's {len(words)} quotations and attributions: {tally}."
    for row in bent.itertuples(index=False):
        whom = "said by" if row.kind != "characterisation" else "checked against"
        statement += (
            f" {row.quote_id}, {row.verdict.replace('_', ' ')}: {row.words} ({row.kind} of"
            f" {row.speaker_as_given}; {whom} {row.speaker}, {day(row.said_on)})."
        )
    verdict = "faithful" if bent.empty else ", ".join(sorted(set(bent["verdict"])))
    sources = data.quotes.set_index("quote_id")["source"]
    return [
        _row(
            kind="quotations",
            verdict=verdict,
            statement=statement,
            quotes=_ids(bent["quote_id"] if len(bent) else words["quote_id"]),
            sources=_ids(sources.reindex(bent["quote_id"])),
        )
    ]


# --- totals -----------------------------------------------------------------------------------


def _to_the_article(data: Dataset, invasion: str = "2022-02-24") -> list[dict[str, str]]:
    """One row per direction with a claim: our count from the invasion to the article's day
    (all states, adopted figures) beside the article's totals of that direction."""
    article = data.episodes(*[e for e in ("ukraine-2022",) if e in set(data.events["episode"])])
    chosen = summary.announced_within(article.events, invasion, C.ARTICLE_DATE)
    totals = summary.counted_with_unknown(chosen, article.reports)
    natural = data.readings[data.readings["natural"] == "yes"].set_index("claim")
    rows = []
    for direction, line in DIRECTION_WORDS.items():
        mine = data.claims[data.claims["direction"] == direction]
        multi = mine[
            natural.reindex(mine["claim_id"])["states"]
            .fillna("")
            .str.contains(r"\*|" + ID_SEPARATOR, regex=True)
            .to_numpy()
        ]
        if multi.empty:
            continue
        theirs = ", ".join(
            f"{_quoted(r.quote)} ({r.claim_id})" for r in multi.itertuples(index=False)
        )
        in_scope = chosen[summary.direction(chosen).astype(str) == direction]
        statement = (
            f"From the invasion ({day(invasion)}) to the article ({day(C.ARTICLE_DATE)}), "
            f"{line}, every state, {_plural(len(in_scope), 'event')}: "
            f"{summary.counted_line(totals.loc[direction])}. The article's totals of that "
            f"direction: {theirs}."
        )
        rows.append(
            _row(
                kind="to-the-article",
                verdict=CONTEXT,
                statement=statement,
                claims=_ids(multi["claim_id"]),
                events=_ids(in_scope["event_id"]),
                sources=_ids(in_scope["adopted_from"]),
            )
        )
    return rows


def _after_the_article(data: Dataset) -> list[dict[str, str]]:
    """One row: persons each way from the day after the article, per calendar year (the
    first year from that day, the last to the latest event)."""
    war = data.war()
    after = war.events[war.events["announced"] > C.ARTICLE_DATE]
    if after.empty:
        return []
    parts = []
    for year, chosen in after.groupby(years.year_of(after), sort=True):
        totals = summary.counted_with_unknown(chosen, war.reports)
        start = max(pd.Timestamp(f"{year}-01-01"), C.ARTICLE_DATE + pd.Timedelta(days=1))
        span = f"{year}" if start.day_of_year == 1 else f"{day(start)} to 31 December {year}"
        each = "; ".join(
            f"{DIRECTION_WORDS[d]} {summary.counted_line(totals.loc[d])}" for d in DIRECTION_WORDS
        )
        parts.append(f"{span}: {each}")
    last = day(after["announced"].max())
    statement = (
        f"After the article, to the latest event in the data ({last}), per year: "
        + ". ".join(parts)
        + "."
    )
    return [
        _row(
            kind="after-the-article",
            verdict=CONTEXT,
            statement=statement,
            events=_ids(after["event_id"]),
            sources=_ids(after["adopted_from"]),
        )
    ]


def _consistent(gaps: pd.DataFrame) -> pd.Series:
    """Tallies a floor of ours satisfies as worded: 'more than' / 'at least' N with ours >= N."""
    return gaps["qualifier"].isin(["more_than", "at_least"]) & (gaps["ours"] >= gaps["figure"])


def _tallies(data: Dataset) -> list[dict[str, str]]:
    """One row: the dated published totals against our count over the same window, how many
    lie within reach of our events, and the one furthest below and above it, with why."""
    war = data.war()
    gaps = years.tally_gaps(war.tallies, war.events, war.reports)
    if gaps.empty:
        return []
    consistent = _consistent(gaps)
    judged = gaps[~consistent]
    reach = judged["reach"].value_counts()
    statement = (
        f"Of {len(gaps)} dated totals published by others, {int(consistent.sum())} are floors "
        f"('more than', 'at least') that our count meets; of the other {len(judged)}, "
        f"{int(reach.get('within', 0))} are within reach of our events (figures reported "
        f"otherwise, numbers unknown, measures announced up to 14 days later), "
        f"{int(reach.get('below', 0))} below and {int(reach.get('above', 0))} above."
    )
    named = data.tallies.set_index("tally_id")
    chosen = []
    for side, why in (
        ("below", "it counts fewer states or fewer kinds of personnel than our every-state count"),
        ("above", "it counts things or events our tables do not hold"),
    ):
        pool = judged[judged["reach"] == side]
        if pool.empty:
            continue
        far = pool.loc[pool["gap"].abs().sort_values(ascending=False, kind="stable").index[0]]
        chosen.append(far)
        source = named.loc[far["tally_id"], "source"]
        publisher = data.sources.set_index("source_id").loc[source, "publisher"]
        said = f"{QUALIFIER_WORDS.get(far['qualifier'], '')}{far['figure']}"
        statement += (
            f" Furthest {side}: {_quoted(said)} published by {publisher}"
            f" ({DIRECTION_WORDS[far['direction']]}, {day(far['start'])} to {day(far['end'])}),"
            f" against our {far['ours']}, {abs(int(far['gap']))} {side} it: {why}."
        )
    picked = pd.DataFrame(chosen)
    return [
        _row(
            kind="tallies",
            verdict=CONTEXT,
            statement=statement,
            sources=_ids(named.loc[picked["tally_id"], "source"]) if len(picked) else "",
        )
    ]


def _counts(data: Dataset) -> list[dict[str, str]]:
    """One row: the counts of ``summary.COUNT_DEFINITIONS``."""
    counts = summary.source_counts(data)
    return [
        _row(
            kind="counts",
            verdict=CONTEXT,
            statement=f"The check rests on {summary.describe_counts(counts)}.",
        )
    ]


def findings_table(dataset: Dataset) -> pd.DataFrame:
    """The findings of the check: one row per finding, columns ``COLUMNS`` (strings), in the
    order of ``KINDS``; ids ``F01``, ``F02``, …. A kind with nothing to say (no claim of that
    sort, no later year, no tally) has no row. Claims are evaluated as of the article's date.
    """
    readings = C.verdict_table(dataset)
    state_rows = _state_figures(dataset, readings)
    grouped = set(_split(state_rows[0]["claims"])) if state_rows else set()
    rows = [
        *state_rows,
        *_claim_rows(dataset, readings, grouped),
        *_origins(dataset),
        *_quotations(dataset),
        *_to_the_article(dataset),
        *_after_the_article(dataset),
        *_tallies(dataset),
        *_counts(dataset),
    ]
    table = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "finding_id"])
    table.insert(0, "finding_id", [f"F{i:02d}" for i in range(1, len(table) + 1)])
    return table.astype("string").fillna("")


# --- rendering --------------------------------------------------------------------------------


def _evidence(row: pd.Series) -> str:
    """'readings C01-month; 19 events; 12 sources; quotations Q1, Q8' (empty when none)."""
    parts = []
    if row["readings"]:
        parts.append("readings " + ", ".join(_split(row["readings"])))
    if row["quotes"]:
        parts.append("quotations " + ", ".join(_split(row["quotes"])))
    if row["events"]:
        parts.append(_plural(len(_split(row["events"])), "event"))
    if row["sources"]:
        parts.append(_plural(len(_split(row["sources"])), "source"))
    return "; ".join(parts)


def to_markdown(table: pd.DataFrame) -> str:
    """The findings as a Markdown list: '**F01 · right.** statement *(evidence: …)*', one
    item per finding, ending with a newline. The README's "What we found" is exactly this."""
    items = []
    for _, row in table.iterrows():
        evidence = _evidence(row)
        tail = f" *Evidence: {evidence}.*" if evidence else ""
        items.append(f"- **{row['finding_id']} · {row['verdict']}.** {row['statement']}{tail}")
    return "\n".join(items) + "\n"


def to_text(table: pd.DataFrame, width: int = 100) -> str:
    """The findings for a terminal: 'F01  right' then the statement wrapped to ``width``
    columns under it, indented; a blank line between findings."""
    blocks = []
    for _, row in table.iterrows():
        body = textwrap.fill(
            row["statement"], width=width, initial_indent="    ", subsequent_indent="    "
        )
        blocks.append(f"{row['finding_id']}  {row['verdict']}\n{body}")
    return "\n\n".join(blocks) + "\n"


def html_rows(table: pd.DataFrame) -> list[dict[str, str]]:
    """The findings ready for an HTML page: per finding, its id, verdict and statement escaped
    for HTML, and its evidence ids as lists (``readings``, ``events``, ``sources``,
    ``quotes``, ``claims``) for the page to link."""
    out = []
    for _, row in table.iterrows():
        item: dict[str, object] = {
            "finding_id": html.escape(row["finding_id"]),
            "kind": html.escape(row["kind"]),
            "verdict": html.escape(row["verdict"]),
            "statement": html.escape(row["statement"]),
        }
        for column in ("claims", "readings", "events", "sources", "quotes"):
            item[column] = _split(row[column])
        out.append(item)  # type: ignore[arg-type]
    return out  # type: ignore[return-value]


# --- the README's "What we found" -------------------------------------------------------------

#: The heading of the README section whose body is ``to_markdown`` of the findings.
README_HEADING = "## What we found"


def readme_section(text: str) -> tuple[int, int]:
    """The (start, end) character offsets of the body of ``README_HEADING`` in ``text``: from
    after the heading's line to the next heading of level 2 (or the end). Raises
    ``ValueError`` when the heading is not a line of ``text``."""
    lines = text.split("\n")
    offset = 0
    start = None
    for line in lines:
        if start is None and line.rstrip() == README_HEADING:
            start = offset + len(line) + 1
        elif start is not None and line.startswith("## "):
            return start, offset
        offset += len(line) + 1
    if start is None:
        raise ValueError(f"no line {README_HEADING!r}")
    return start, len(text)


def readme_body(markdown: str) -> str:
    """The body as it stands in the README: a blank line, the findings, a blank line."""
    return "\n" + markdown.strip("\n") + "\n\n"


def update_readme(path: Path, markdown: str) -> bool:
    """Replace the body of the README's "What we found" by ``markdown`` (``readme_body``),
    leaving every other byte as it was; write only when it changes (to a temporary file beside
    it, renamed over it). Returns whether the file was written. Raises ``OSError`` naming the
    file when it cannot be read or written or has no such section."""
    text = path.read_text(encoding="utf-8")
    try:
        start, end = readme_section(text)
    except ValueError:
        raise OSError(errno.EINVAL, f"has no line {README_HEADING!r}", str(path)) from None
    new = text[:start] + readme_body(markdown) + text[end:]
    if new == text:
        return False
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp", newline=""
    ) as handle:
        handle.write(new)
    os.replace(handle.name, path)
    return True
