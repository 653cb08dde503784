"""Read the CSV tables under ``data/``, validate them against ``schema`` and type them.

Every loader validates every table and every rule that links them, so no loader can hand out
a table whose references are broken. Any violation raises ``DataValidationError`` naming the
file, the line, the column and the rule. Nothing is dropped, coerced or deduplicated: a cell
is read by the strict parsers of ``analysis.parsing`` or refused.
"""

from __future__ import annotations

import csv
import errno
import io
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.countries import RUSSIA, is_known_code, known_languages, state_name
from analysis.errors import DataFolderError, DataValidationError, Problem
from analysis.parsing import (
    CONTROL_RULE,
    COUNT_RULES,
    DATE_RULE,
    count_rule,
    has_control_character,
    is_date,
)
from analysis.schema import (
    ALL_STATES,
    EPISODE_SPANS,
    EVENTS,
    MAX_CELL_CHARS,
    REFS_SEPARATOR,
    STATES_SEPARATOR,
    TABLES,
    WAR_EPISODES,
    ColumnSpec,
    TableSpec,
)

#: The repository: data/, notebooks/, figures/ and report/ are found from here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The tables inside an installed package (a wheel maps data/ onto analysis/data/:
#: pyproject.toml); absent in the repository, where they are read from data/.
PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_DATA_DIR = PACKAGED_DATA_DIR if PACKAGED_DATA_DIR.is_dir() else PROJECT_ROOT / "data"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_URL = re.compile(r"https?://\S+")


# --- raw file -------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    """The bytes of a table. A missing file, or a symbolic link to a missing file, is a problem
    of the data (``DataValidationError``); any other refusal of the system (permission, a folder
    in place of the file, a symbolic-link loop, a device error) raises its own ``OSError``,
    which names the path.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        rule = "is a symbolic link to a missing file" if path.is_symlink() else "file not found"
        raise DataValidationError([Problem(path, None, None, rule)]) from None


@contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """Let the csv module read cells of up to ``limit`` characters (its default is 131,072);
    the process-wide setting is restored on leaving."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_raw_table(path: Path, spec: TableSpec) -> pd.DataFrame:
    """Read one CSV as text cells, indexed by the line each row starts on (header = line 1).

    File-level rules: the file exists, is UTF-8 without a byte-order mark, is well-formed CSV
    with no cell longer than ``MAX_CELL_CHARS``, has exactly the declared columns in the
    declared order, has at least one row, no blank lines, and every row has as many fields as
    the header. Cells are kept as written (empty cell = ""). A file the system refuses to read
    raises its ``OSError`` (see ``_read_bytes``).
    """
    data = _read_bytes(path)
    if data.startswith(b"\xef\xbb\xbf"):
        raise DataValidationError([Problem(path, 1, None, "file starts with a byte-order mark")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        rule = f"not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})"
        raise DataValidationError([Problem(path, line, None, rule)]) from None
    if not text.strip():
        raise DataValidationError([Problem(path, None, None, "file is empty (no header)")])

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    rows: dict[int, list[str]] = {}
    header: list[str] = []
    start = 1
    try:
        with _csv_field_limit(MAX_CELL_CHARS):
            for record in reader:
                if not header:
                    header = record
                elif not record:
                    problems.append(Problem(path, start, None, "blank line"))
                else:
                    rows[start] = record
                start = reader.line_num + 1
    except csv.Error as exc:
        rule = (
            f"a cell is longer than {MAX_CELL_CHARS} characters (schema.MAX_CELL_CHARS)"
            if str(exc).startswith("field larger than field limit")
            else f"malformed CSV: {exc}"
        )
        problems.append(Problem(path, reader.line_num, None, rule))
        raise DataValidationError(problems) from None

    expected = list(spec.columns)
    if header != expected:
        missing = [c for c in expected if c not in header]
        unexpected = [c for c in header if c not in expected]
        for name in missing:
            problems.append(Problem(path, 1, name, "missing column"))
        for name in unexpected:
            problems.append(
                Problem(path, 1, name, f"unexpected column (expected: {', '.join(expected)})")
            )
        if len(set(header)) != len(header):
            problems.append(Problem(path, 1, None, "a column name is repeated"))
        if not problems:
            problems.append(
                Problem(path, 1, None, f"columns out of order (expected: {', '.join(expected)})")
            )
        raise DataValidationError(problems)
    for line, record in rows.items():
        if len(record) != len(header):
            problems.append(
                Problem(
                    path, line, None, f"row has {len(record)} fields, the header has {len(header)}"
                )
            )
    if problems:
        raise DataValidationError(problems)
    if not rows:
        raise DataValidationError([Problem(path, None, None, "file has a header but no rows")])
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=header, dtype=str)
    frame.index.name = "line"
    return frame


# --- cell rules (pandera) -------------------------------------------------------------------


def _is_states(value: str) -> bool:
    if value == ALL_STATES:
        return True
    codes = value.split(STATES_SEPARATOR)
    return len(set(codes)) == len(codes) and all(is_known_code(c) for c in codes)


def _is_refs(value: str) -> bool:
    ids = value.split(REFS_SEPARATOR)
    return len(set(ids)) == len(ids) and all(_ID.fullmatch(i) for i in ids)


def _kind_rules(spec: ColumnSpec) -> list[tuple[str, Callable[[str], object]]]:
    """The rules a non-empty cell of this kind must meet, as (message, predicate) pairs.

    A bad cell breaks exactly one of them: a count names the first rule of
    ``parsing.count_rule`` it breaks. Text has no rule of its kind.
    """
    kind = spec.kind
    if kind in ("id", "ref"):
        return [("must be an id: letters, digits, '_', '.', '-'", _ID.fullmatch)]
    if kind == "refs":
        return [("must be distinct ids joined by ';'", _is_refs)]
    if kind == "date":
        return [(DATE_RULE, is_date)]
    if kind == "count":
        return [(rule, lambda v, rule=rule: count_rule(v) != rule) for rule in COUNT_RULES]
    if kind == "choice":
        return [(f"must be one of: {', '.join(spec.values)}", spec.values.__contains__)]
    if kind == "state":
        return [("must be an ISO 3166-1 alpha-3 code or EUU", is_known_code)]
    if kind == "states":
        return [("must be '*' or distinct state codes joined by ';'", _is_states)]
    if kind == "language":
        return [("must be an ISO 639-1 language code", known_languages().__contains__)]
    if kind == "url":
        return [("must be an http(s) URL without spaces", _URL.fullmatch)]
    return []


def cell_schema(spec: TableSpec) -> pa.DataFrameSchema:
    """The pandera schema for the raw text cells of a table, built from its declaration."""
    columns = {}
    for name, col in spec.columns.items():
        checks = [
            pa.Check(
                lambda v: v == v.strip(),
                element_wise=True,
                error="has leading or trailing white space",
            ),
            pa.Check(
                lambda v: not has_control_character(v), element_wise=True, error=CONTROL_RULE
            ),
        ]
        if col.required:
            checks.append(
                pa.Check(lambda v: v != "", element_wise=True, error="a value is required")
            )
        for message, predicate in _kind_rules(col):
            checks.append(
                pa.Check(
                    lambda v, ok=predicate: v == "" or bool(ok(v)),
                    element_wise=True,
                    error=message,
                )
            )
        columns[name] = pa.Column(str, checks=checks, unique=col.kind == "id", nullable=False)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=spec.name)


def check_cells(frame: pd.DataFrame, spec: TableSpec, path: Path) -> None:
    """Validate every cell with ``cell_schema``; raise with one problem per failing cell."""
    try:
        cell_schema(spec).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples(index=False):
            rule = (
                "must be unique: the same value is on another line"
                if case.check == "field_uniqueness"
                else str(case.check)
            )
            line = None if pd.isna(case.index) else int(case.index)
            problems.append(Problem(path, line, case.column, rule, str(case.failure_case)))
        raise DataValidationError(problems) from None


# --- typing ---------------------------------------------------------------------------------


def type_table(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """Give each column its dtype. Assumes ``check_cells`` passed; empty cells become missing.

    date -> datetime64, count -> Int64, choice/state/language -> category (the state
    columns of a table share one category set), others -> str.
    """
    typed = {}
    state_columns = [n for n, c in spec.columns.items() if c.kind == "state"]
    state_codes = sorted(set().union(*(set(frame[n]) for n in state_columns)) - {""})
    for name, col in spec.columns.items():
        raw = frame[name]
        missing = raw == ""
        if col.kind == "date":
            typed[name] = pd.to_datetime(raw.mask(missing), format="%Y-%m-%d")
        elif col.kind == "count":
            typed[name] = pd.array([pd.NA if v == "" else int(v) for v in raw], dtype="Int64")
        elif col.kind == "choice":
            typed[name] = pd.Categorical(raw.mask(missing), categories=list(col.values))
        elif col.kind == "state":
            typed[name] = pd.Categorical(raw.mask(missing), categories=state_codes)
        elif col.kind == "language":
            typed[name] = pd.Categorical(raw.mask(missing), categories=sorted(set(raw[~missing])))
        else:
            typed[name] = raw.mask(missing)
    return pd.DataFrame(typed, index=frame.index)


def read_table(data_dir: Path, spec: TableSpec) -> pd.DataFrame:
    """Read, check and type one table (index: file line numbers). Raises DataValidationError."""
    path = data_dir / spec.filename
    frame = read_raw_table(path, spec)
    check_cells(frame, spec, path)
    return type_table(frame, spec)


# --- rules across rows and tables -----------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """All tables, typed and validated together. Index of each frame: 0..n-1."""

    sources: pd.DataFrame
    events: pd.DataFrame
    responses: pd.DataFrame
    reports: pd.DataFrame
    claims: pd.DataFrame
    readings: pd.DataFrame
    provenance: pd.DataFrame
    quotes: pd.DataFrame
    tallies: pd.DataFrame
    coverage: pd.DataFrame

    def episode(self, name: str) -> Dataset:
        """The tables restricted to one episode: its events, the responses and reports about
        them, its claims and tallies. Sources are kept whole (a source may cover several
        episodes). Raises ``KeyError`` for an episode with no event.
        """
        return self.episodes(name)

    def episodes(self, *names: str) -> Dataset:
        """The tables restricted to several episodes together (see ``episode``): their events,
        the responses whose answer is one of them, the reports about them, their claims,
        readings, provenance, tallies and coverage; the quotations when the article's episode
        is among them. Raises ``KeyError`` for a name with no event.
        """
        present = set(self.events["episode"])
        for name in names:
            if name not in present:
                raise KeyError(f"no event of episode {name!r}")
        events = self.events[self.events["episode"].isin(names)]
        ids = set(events["event_id"])
        claim_ids = set(self.claims.loc[self.claims["episode"].isin(names), "claim_id"])

        def keep(frame: pd.DataFrame) -> pd.DataFrame:
            return frame.reset_index(drop=True)

        return Dataset(
            sources=self.sources,
            events=keep(events),
            responses=keep(self.responses[self.responses["response"].isin(ids)]),
            reports=keep(self.reports[self.reports["event"].isin(ids)]),
            claims=keep(self.claims[self.claims["episode"].isin(names)]),
            readings=keep(self.readings[self.readings["claim"].isin(claim_ids)]),
            provenance=keep(self.provenance[self.provenance["claim"].isin(claim_ids)]),
            quotes=keep(self.quotes) if QUOTES_EPISODE in names else keep(self.quotes.iloc[0:0]),
            tallies=keep(self.tallies[self.tallies["episode"].isin(names)]),
            coverage=keep(self.coverage[self.coverage["episode"].isin(names)]),
        )

    def war(self) -> Dataset:
        """The whole war since 2022: the episodes of ``WAR_EPISODES`` that have events."""
        present = set(self.events["episode"])
        return self.episodes(*(name for name in WAR_EPISODES if name in present))


def event_id_prefix(announced: pd.Timestamp, expelling: str, expelled: str) -> str:
    """The id an event's own row gives it: ``YYYY-MM-DD-EXP-EXD``, announcement date,
    expelling and expelled codes (``2022-04-08-RUS-POL``)."""
    return f"{announced:%Y-%m-%d}-{expelling}-{expelled}"


def event_id_agrees(event_id: str, prefix: str) -> bool:
    """True if ``event_id`` is ``prefix`` itself or ``prefix`` followed by ``-`` and a
    non-empty suffix (``2022-04-04-LTU-RUS-consulate``); the characters of the suffix are
    those of any id (checked with the cells)."""
    return event_id == prefix or (
        event_id.startswith(f"{prefix}-") and len(event_id) > len(prefix) + 1
    )


def _same(a: object, b: object) -> bool:
    """Equality in which two missing values are equal."""
    return (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and a == b)


def check_rows(tables: dict[str, pd.DataFrame], data_dir: Path) -> list[Problem]:
    """Rules within one table that involve several cells of a row or several rows."""
    problems: list[Problem] = []
    for name, frame in tables.items():
        spec = TABLES[name]
        path = data_dir / spec.filename
        for group in spec.unique_together:
            repeated = frame.duplicated(subset=list(group), keep=False)
            for line in frame.index[repeated]:
                values = ", ".join(str(frame.at[line, c]) for c in group)
                problems.append(
                    Problem(
                        path,
                        line,
                        group[-1],
                        f"the combination of {', '.join(group)} must be unique",
                        values,
                    )
                )
        if "persons" in frame and "qualifier" in frame:
            for line, row in frame.iterrows():
                if pd.isna(row.persons) != (row.qualifier == "unknown"):
                    problems.append(
                        Problem(
                            path,
                            line,
                            "qualifier",
                            "must be 'unknown' exactly when persons is empty",
                            str(row.qualifier),
                        )
                    )
        for start, end in (("window_start", "window_end"),):
            if start in frame and end in frame:
                for line in frame.index[frame[start] > frame[end]]:
                    problems.append(
                        Problem(
                            path, line, end, f"is before {start}", str(frame.at[line, end].date())
                        )
                    )

    events_path = data_dir / EVENTS.filename
    events = tables["events"]
    for line, row in events.iterrows():
        prefix = event_id_prefix(row.announced, row.expelling, row.expelled)
        if not event_id_agrees(row.event_id, prefix):
            problems.append(
                Problem(
                    events_path,
                    line,
                    "event_id",
                    f"must be {prefix} (announced-expelling-expelled), optionally followed by '-suffix'",
                    row.event_id,
                )
            )
    month_end = events.announced + pd.offsets.MonthEnd(0)
    for line in events.index[(events.date_precision == "month") & (events.announced != month_end)]:
        problems.append(
            Problem(
                events_path,
                line,
                "announced",
                "with date_precision 'month' must be the month's last day",
                str(events.at[line, "announced"].date()),
            )
        )
    for episode, (first, last) in EPISODE_SPANS.items():
        outside = (events.episode == episode) & ~events.announced.between(first, last)
        for line in events.index[outside]:
            problems.append(
                Problem(
                    events_path,
                    line,
                    "announced",
                    f"is outside episode {episode!r} ({first} to {last})",
                    str(events.at[line, "announced"].date()),
                )
            )
    for line in events.index[events.expelling == events.expelled]:
        problems.append(
            Problem(
                events_path,
                line,
                "expelled",
                "a state cannot expel its own personnel",
                str(events.at[line, "expelled"]),
            )
        )
    russian_sides = (events.expelling == RUSSIA).astype(int) + (events.expelled == RUSSIA).astype(
        int
    )
    for line in events.index[russian_sides != 1]:
        problems.append(
            Problem(
                events_path,
                line,
                "expelling",
                f"exactly one side must be {RUSSIA}",
                str(events.at[line, "expelling"]),
            )
        )
    return problems


def _check_refs(
    frame: pd.DataFrame, column: str, targets: pd.Series, path: Path, what: str
) -> list[Problem]:
    known = set(targets)
    return [
        Problem(path, line, column, f"refers to no {what}", value)
        for line, value in frame[column].items()
        if not pd.isna(value) and value not in known
    ]


def answer_cycles(responses: pd.DataFrame) -> pd.Series:
    """For each link of ``responses``: True if it lies on a cycle of answers, i.e. the measure
    it answers answers it, directly (A answers B and B answers A) or through other answers
    (A answers B, B answers C, C answers A). A link of an event to itself is no cycle here (it
    is a rule of its own). The cycles are the strongly connected components of the directed
    graph response -> stimulus (networkx).
    """
    import networkx as nx

    graph = nx.DiGraph(zip(responses["response"], responses["stimulus"], strict=True))
    component = {
        node: number
        for number, nodes in enumerate(nx.strongly_connected_components(graph))
        for node in nodes
    }
    return pd.Series(
        [
            answer != answered and component[answer] == component[answered]
            for answer, answered in zip(responses["response"], responses["stimulus"], strict=True)
        ],
        index=responses.index,
        dtype=bool,
    )


def check_links(tables: dict[str, pd.DataFrame], data_dir: Path) -> list[Problem]:
    """Rules across tables: references resolve, events are reported, figures are adopted
    from a report, and answers run against the measure they answer, not before it, within its
    episode (the war's years, ``WAR_EPISODES``, may answer one another: Russia's answer of
    January 2023 to an expulsion of December 2022), and never in a cycle."""
    path = {name: data_dir / spec.filename for name, spec in TABLES.items()}
    events = tables["events"]
    responses, reports = tables["responses"], tables["reports"]
    problems = [
        problem
        for name, spec in TABLES.items()
        for column, declared in spec.columns.items()
        if declared.kind == "ref" and declared.refers_to is not None
        for problem in _check_refs(
            tables[name],
            column,
            tables[declared.refers_to[0]][declared.refers_to[1]],
            path[name],
            declared.refers_to[0].removesuffix("s"),
        )
    ]

    reported = set(reports.event)
    for line, row in events.iterrows():
        if row.event_id not in reported:
            problems.append(
                Problem(path["events"], line, "event_id", "event has no report", row.event_id)
            )
        if pd.isna(row.adopted_from):
            if pd.isna(row.adoption_note):
                problems.append(
                    Problem(
                        path["events"],
                        line,
                        "adoption_note",
                        "required when adopted_from is empty",
                    )
                )
            continue
        chosen = reports[(reports.event == row.event_id) & (reports.source == row.adopted_from)]
        if not any(
            _same(r.persons, row.persons) and r.qualifier == row.qualifier
            for r in chosen.itertuples()
        ):
            figure = "empty" if pd.isna(row.persons) else str(row.persons)
            problems.append(
                Problem(
                    path["events"],
                    line,
                    "persons",
                    f"adopted figure ({figure}, {row.qualifier}) is not what source {row.adopted_from} reports for this event",
                )
            )

    by_id = events.set_index("event_id")
    for line, row in responses.iterrows():
        if row.response not in by_id.index or row.stimulus not in by_id.index:
            continue
        answer, answered = by_id.loc[row.response], by_id.loc[row.stimulus]
        if row.response == row.stimulus:
            problems.append(
                Problem(
                    path["responses"],
                    line,
                    "stimulus",
                    "an event cannot answer itself",
                    row.stimulus,
                )
            )
        elif (answer.expelling, answer.expelled) != (answered.expelled, answered.expelling):
            problems.append(
                Problem(
                    path["responses"],
                    line,
                    "response",
                    f"must run opposite to the measure it answers ({answered.expelling}>{answered.expelled}), "
                    f"but runs {answer.expelling}>{answer.expelled}",
                    row.response,
                )
            )
        if answer.announced < answered.announced:
            problems.append(
                Problem(
                    path["responses"],
                    line,
                    "response",
                    "is dated before the measure it answers",
                    row.response,
                )
            )
        across_war_years = {answer.episode, answered.episode} <= set(WAR_EPISODES)
        if answer.episode != answered.episode and not across_war_years:
            problems.append(
                Problem(
                    path["responses"],
                    line,
                    "response",
                    "belongs to another episode than the measure it answers (only the war's "
                    "years may answer one another)",
                    row.response,
                )
            )
    for line in responses.index[answer_cycles(responses)]:
        problems.append(
            Problem(
                path["responses"],
                line,
                "stimulus",
                "the measure it answers answers it (directly or through other answers): "
                "answers cannot form a cycle",
                responses.at[line, "stimulus"],
            )
        )
    problems += check_readings(tables["claims"], tables["readings"], path["readings"])
    problems += check_evidence(tables, path)
    problems += check_quotes(tables["quotes"], path["quotes"])
    problems += check_coverage(tables["coverage"], events, path["coverage"])
    return problems


#: The episode whose article the quotations come from.
QUOTES_EPISODE = "ukraine-2022"

#: Tables and columns that cite a source as evidence: never a source under check.
EVIDENCE_COLUMNS = (
    ("quotes", "source"),
    ("events", "adopted_from"),
    ("reports", "source"),
    ("responses", "source"),
    ("tallies", "source"),
    ("provenance", "source"),
    ("coverage", "sources"),
)


def _refs(value: object) -> list[str]:
    return [] if pd.isna(value) else str(value).split(REFS_SEPARATOR)


def check_evidence(tables: dict[str, pd.DataFrame], path: dict[str, Path]) -> list[Problem]:
    """Rules of evidence across tables.

    - no circular evidence: a source with ``under_check == 'yes'`` (the article, a page that
      only republishes it) is cited by no row of ``EVIDENCE_COLUMNS``; only claims.csv may;
    - every ``coverage.sources`` id is a source;
    - a report of a source not in English has a ``gloss``.
    """
    sources = tables["sources"].set_index("source_id")
    under_check = set(sources.index[sources["under_check"] == "yes"])
    problems: list[Problem] = []
    for table, column in EVIDENCE_COLUMNS:
        for line, value in tables[table][column].items():
            for ref in _refs(value):
                if ref in under_check:
                    problems.append(
                        Problem(
                            path[table],
                            line,
                            column,
                            "cites a source under check (the article or a copy of it): "
                            "it is evidence only for its own claims",
                            ref,
                        )
                    )
                elif table == "coverage" and ref not in sources.index:
                    problems.append(Problem(path[table], line, column, "refers to no source", ref))
    reports = tables["reports"]
    language = reports["source"].map(sources["language"].astype(str))
    for line in reports.index[(language != "en") & language.notna() & reports["gloss"].isna()]:
        problems.append(
            Problem(
                path["reports"],
                line,
                "gloss",
                f"required: the source is in {language[line]!r}, not English",
            )
        )
    return problems


#: Columns of a quotation row that a verdict other than ``not_found`` needs.
QUOTE_EVIDENCE = ("speaker", "office", "said_on", "source", "passage")


def check_quotes(quotes: pd.DataFrame, path: Path) -> list[Problem]:
    """A verdict other than ``not_found`` rests on a passage: speaker, office, date, source
    and passage are given; a passage not in English has a gloss."""
    problems: list[Problem] = []
    for line, row in quotes.iterrows():
        if row.verdict == "not_found":
            continue
        for column in QUOTE_EVIDENCE:
            if pd.isna(row[column]):
                problems.append(
                    Problem(path, line, column, f"required for the verdict {row.verdict!r}")
                )
        if not pd.isna(row.passage) and str(row.language) != "en" and pd.isna(row.gloss):
            problems.append(
                Problem(path, line, "gloss", f"required: the passage is in {row.language!r}")
            )
    return problems


def check_coverage(coverage: pd.DataFrame, events: pd.DataFrame, path: Path) -> list[Problem]:
    """Coverage rows agree with the events: ``found`` is 'events' exactly when events.csv has
    an event of that state, episode and direction; every state on the other side of Russia in
    an episode has a row for each direction of that episode.
    """
    by_russia = events["expelling"].astype(str) == RUSSIA
    seen = set(
        zip(
            events["expelled"].astype(str).where(by_russia, events["expelling"].astype(str)),
            events["episode"].astype(str),
            by_russia.map({True: "expelled_by_russia", False: "russians_expelled"}),
            strict=True,
        )
    )
    problems: list[Problem] = []
    rows = set()
    for line, row in coverage.iterrows():
        key = (str(row.state), str(row.episode), str(row.direction))
        rows.add(key)
        has_events = key in seen
        if has_events != (row.found == "events"):
            rule = (
                "must be 'events': events.csv has an event of this state, episode and direction"
                if has_events
                else "must be 'none': events.csv has no event of this state, episode and direction"
            )
            problems.append(Problem(path, line, "found", rule, str(row.found)))
    for state, episode in sorted({(s, e) for s, e, _ in seen}):
        for direction_name in ("russians_expelled", "expelled_by_russia"):
            if (state, episode, direction_name) not in rows:
                problems.append(
                    Problem(
                        path,
                        None,
                        "state",
                        f"no row for {state}, {episode}, {direction_name}: every state with an "
                        "event needs a row for each direction",
                    )
                )
    return problems


def check_readings(claims: pd.DataFrame, readings: pd.DataFrame, path: Path) -> list[Problem]:
    """Rules of the readings of the claims.

    - every claim has at least one reading, and exactly one marked ``natural == 'yes'``;
    - a reading's window lies within the span of its claim's episode (``EPISODE_SPANS``);
    - a reading's ``states`` does not name Russia (Russia is always the other side).
    """
    problems: list[Problem] = []
    natural = readings[readings["natural"] == "yes"].groupby("claim").size()
    for line, claim in claims.iterrows():
        count = int(natural.get(claim.claim_id, 0))
        if claim.claim_id not in set(readings["claim"]):
            problems.append(
                Problem(
                    path.with_name("claims.csv"),
                    line,
                    "claim_id",
                    "claim has no reading",
                    claim.claim_id,
                )
            )
        elif count != 1:
            problems.append(
                Problem(
                    path.with_name("claims.csv"),
                    line,
                    "claim_id",
                    f"claim must have exactly one natural reading, has {count}",
                    claim.claim_id,
                )
            )
    episodes = claims.set_index("claim_id")["episode"]
    for line, reading in readings.iterrows():
        if reading.claim in episodes.index:
            episode = episodes[reading.claim]
            first, last = (pd.Timestamp(d) for d in EPISODE_SPANS[episode])
            for column in ("window_start", "window_end"):
                if not first <= reading[column] <= last:
                    problems.append(
                        Problem(
                            path,
                            line,
                            column,
                            f"is outside the claim's episode {episode!r} ({first.date()} to {last.date()})",
                            str(reading[column].date()),
                        )
                    )
        if RUSSIA in reading.states.split(STATES_SEPARATOR):
            problems.append(
                Problem(
                    path,
                    line,
                    "states",
                    f"must not name {RUSSIA}: Russia is the other side of every counted event",
                    reading.states,
                )
            )
    return problems


def _with_state_names(events: pd.DataFrame) -> pd.DataFrame:
    """Put each state's name (``countries.state_name``) beside its code."""
    out = events.copy()
    for column in ("expelling", "expelled"):
        names = out[column].astype(str).map(state_name).astype("str")
        out.insert(out.columns.get_loc(column) + 1, f"{column}_name", names)
    return out


def data_folder(data_dir: str | Path | None = None) -> Path:
    """The folder of the tables: ``data_dir``, or the repository's ``data/`` by default.

    Raises ``DataFolderError`` when it does not exist or is no folder (e.g. the package was
    installed without the repository: pass the folder); any other refusal of the system
    (permission, a symbolic-link loop) raises its own ``OSError``.
    """
    directory = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    try:
        mode = directory.stat().st_mode
    except FileNotFoundError:
        raise DataFolderError(errno.ENOENT, "no data folder here", str(directory)) from None
    if not stat.S_ISDIR(mode):
        raise DataFolderError(errno.ENOTDIR, "is not a folder", str(directory))
    return directory


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate every table of ``data_dir`` (default: the repository's ``data/``).

    Raises ``DataValidationError`` listing every problem found: first those of single cells
    and files (a table that fails them stops there), then those across rows and tables.
    Raises ``DataFolderError`` when there is no data folder, and the system's ``OSError``
    when a table exists but cannot be read (see ``data_folder`` and ``read_raw_table``).
    """
    directory = data_folder(data_dir)
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        try:
            tables[name] = read_table(directory, spec)
        except DataValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataValidationError(problems)
    problems = check_rows(tables, directory) + check_links(tables, directory)
    if problems:
        raise DataValidationError(problems)
    tables["events"] = _with_state_names(tables["events"])
    return Dataset(**{name: frame.reset_index(drop=True) for name, frame in tables.items()})


def load_sources(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Sources table (see data/README.md), validated with every other table."""
    return load_dataset(data_dir).sources


def load_events(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Events table with ``expelling_name``/``expelled_name`` beside the codes, validated."""
    return load_dataset(data_dir).events


def load_responses(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Responses table (answer -> answered measure), validated."""
    return load_dataset(data_dir).responses


def load_reports(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Reports table (what each source says of each event), validated."""
    return load_dataset(data_dir).reports


def load_claims(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Claims table (the article's checkable statements), validated."""
    return load_dataset(data_dir).claims


def load_readings(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Readings table (each reasonable reading of each claim), validated."""
    return load_dataset(data_dir).readings


def load_provenance(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Provenance table (published figures the article's numbers may come from), validated."""
    return load_dataset(data_dir).provenance


def load_coverage(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Coverage table (what was searched for each state, episode, direction), validated."""
    return load_dataset(data_dir).coverage


def load_quotes(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Quotes table (the article's quotations and attributions, checked), validated."""
    return load_dataset(data_dir).quotes


def load_tallies(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Tallies table (totals published by others), validated."""
    return load_dataset(data_dir).tallies
