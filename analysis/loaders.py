"""Read the CSV tables under ``data/``, validate them against ``schema`` and type them.

Every loader validates every table and every rule that links them, so no loader can hand out
a table whose references are broken. Any violation raises ``DataValidationError`` naming the
file, the line, the column and the rule. Nothing is dropped, coerced or deduplicated: a cell
is read by the strict parsers of ``analysis.parsing`` or refused.
"""

from __future__ import annotations

import csv
import errno
import gc
import io
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import safeio, textrules
from analysis.countries import RUSSIA, known_codes, known_languages, state_name
from analysis.errors import DataFolderError, DataValidationError, Problem
from analysis.parsing import (
    CONTROL_RULE,
    COUNT_RULES,
    DATE_RULE,
    JOIN_SEPARATOR,
    are_dates,
    clean_texts,
    count_rules,
    fullmatches,
    join_texts,
    joined_pattern,
    short_count_pattern,
    text_faults,
)
from analysis.schema import (
    ALL_STATES,
    EPISODE_SPANS,
    EVENTS,
    MAX_CELL_CHARS,
    MAX_TABLE_BYTES,
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
#: Joined columns (``parsing.join_texts``) of ids, of counts that break no rule.
_ID_COLUMN = joined_pattern(_ID.pattern)
_COUNT_COLUMN = joined_pattern(short_count_pattern())


# --- raw file -------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    """The bytes of a table. A missing file, or a symbolic link to a missing file, is a problem
    of the data (``DataValidationError``), and so is a file larger than ``MAX_TABLE_BYTES``
    (refused before it is read). A FIFO, a device, a socket or a folder in place of the file is
    refused by name without being opened (``safeio.read_regular_file``: an ``OSError``); any
    other refusal of the system (permission, a symbolic-link loop, a device error) raises its
    own ``OSError``, which names the path.
    """
    try:
        return safeio.read_regular_file(path, MAX_TABLE_BYTES)
    except safeio.TableTooLarge as exc:
        rule = f"file is larger than {MAX_TABLE_BYTES} bytes (schema.MAX_TABLE_BYTES): {exc.size}"
        raise DataValidationError([Problem(path, None, None, rule)]) from None
    except FileNotFoundError:
        rule = "is a symbolic link to a missing file" if path.is_symlink() else "file not found"
        raise DataValidationError([Problem(path, None, None, rule)]) from None


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector inside the block, and restore it on leaving
    (if it was enabled). Reading a table builds a list per record and a string per cell,
    none of them in a cycle; with the collector running, every few hundred of them start a
    collection that walks every object of the process, so the time of a load grew with the
    size of the heap. Memory is still freed as usual (reference counting)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """Let the csv module read cells of up to ``limit`` characters (its default is 131,072);
    the process-wide setting is restored on leaving."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _split_lines(text: str) -> list[str] | None:
    """The lines of a CSV text split at line feeds (without the empty text after the last
    one), or None when the text holds a carriage return or a NUL (the csv module's own
    reading is then needed) or a blank line."""
    if "\r" in text or "\x00" in text:
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if "" in lines:
        return None
    return lines


def _records(text: str) -> tuple[list[str] | None, list[int], list[list[str]]]:
    """The header, the lines and the records of a CSV text, when every record is on one line
    of its own (the usual case: record i on line i + 1); ``(None, [], [])`` when the text
    needs ``_records_line_by_line`` (a cell with a line break, a blank line, malformed CSV).

    A line without a quote is split at its commas, which is what the csv module reads from it
    (no quoting, no escape character, no line break inside); the lines holding a quote are
    read together by the csv module (strict), which must find one record on each of them.
    """
    lines = _split_lines(text)
    # A cell is never longer than its line: only a longer line can break MAX_CELL_CHARS.
    if lines is None or not lines or max(map(len, lines)) > MAX_CELL_CHARS:
        return None, [], []
    records: list[list[str] | None] = [None if '"' in line else line.split(",") for line in lines]
    quoted = [line for line, record in zip(lines, records, strict=True) if record is None]
    if quoted:
        reader = csv.reader(quoted, strict=True)
        try:
            with _csv_field_limit(MAX_CELL_CHARS):
                read = list(reader)
        except csv.Error:
            return None, [], []
        if reader.line_num != len(quoted) or len(read) != len(quoted) or [] in read:
            return None, [], []
        parsed = iter(read)
        records = [next(parsed) if record is None else record for record in records]
    return records[0], list(range(2, len(records) + 1)), records[1:]


def _records_line_by_line(
    text: str, path: Path
) -> tuple[list[str], list[int], list[list[str]], list[Problem]]:
    """The header, the line each record starts on, the records and the problems (blank
    lines) of a CSV text, read record by record; raises ``DataValidationError`` for malformed
    CSV or a cell longer than ``MAX_CELL_CHARS``."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    lines: list[int] = []
    records: list[list[str]] = []
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
                    lines.append(start)
                    records.append(record)
                start = reader.line_num + 1
    except csv.Error as exc:
        rule = (
            f"a cell is longer than {MAX_CELL_CHARS} characters (schema.MAX_CELL_CHARS)"
            if str(exc).startswith("field larger than field limit")
            else f"malformed CSV: {exc}"
        )
        problems.append(Problem(path, reader.line_num, None, rule))
        raise DataValidationError(problems) from None
    return header, lines, records, problems


def read_raw_table(path: Path, spec: TableSpec) -> pd.DataFrame:
    """Read one CSV as text cells, indexed by the line each row starts on (header = line 1).

    File-level rules: the file exists, is UTF-8 without a byte-order mark, is well-formed CSV
    with no cell longer than ``MAX_CELL_CHARS``, has exactly the declared columns in the
    declared order, has at least one row, no blank lines, and every row has as many fields as
    the header. Cells are kept as written (empty cell = ""). A file the system refuses to read
    raises its ``OSError`` (see ``_read_bytes``).
    """
    with cyclic_gc_paused():
        return _read_raw_table(path, spec)


def _read_raw_table(path: Path, spec: TableSpec) -> pd.DataFrame:
    """``read_raw_table``, with the collector as the caller left it."""
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

    problems: list[Problem] = []
    header, lines, records = _records(text)
    if header is None:
        header, lines, records, problems = _records_line_by_line(text, path)
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
    if set(map(len, records)) - {len(header)}:
        for line, record in zip(lines, records, strict=True):
            if len(record) != len(header):
                problems.append(
                    Problem(
                        path,
                        line,
                        None,
                        f"row has {len(record)} fields, the header has {len(header)}",
                    )
                )
    if problems:
        raise DataValidationError(problems)
    if not records:
        raise DataValidationError([Problem(path, None, None, "file has a header but no rows")])
    frame = pd.DataFrame(records, columns=header, index=pd.Index(lines, name="line"), dtype=str)
    return frame


# --- cell rules -----------------------------------------------------------------------------
#
# The rules of single cells are drawn from the declarations of ``analysis.schema``: every cell
# is text without surrounding white space or control characters, a required cell is not
# empty, and a non-empty cell meets the rules of its column's kind. Each rule is one operation
# over a whole column (``analysis.parsing``); only the cells that break it are visited, to
# name them. (pandera ran these as element-wise Python checks, a call per cell per rule, and
# its import alone took a third of a second: see docs/performance.md.)


@dataclass(frozen=True)
class CellRule:
    """A rule of single cells: ``broken(cells)`` is a bool Series, True where a cell breaks
    it. It is given the column's non-empty cells (an empty cell is the rule of ``required``)
    unless ``empty_too``."""

    message: str
    broken: Callable[[pd.Series], pd.Series]
    empty_too: bool = False
    #: When given: a pattern that fullmatches the column's texts joined by
    #: ``parsing.join_texts`` only if no non-empty cell breaks the rule (``joined_pattern``):
    #: a whole-column test tried first, when no cell holds the separator.
    passes_joined: re.Pattern[str] | None = None


def outside(cells: pd.Series, allowed: frozenset[str]) -> np.ndarray:
    """True for each cell (text) that is not one of ``allowed`` (a bool array): the same as
    ``~cells.isin(allowed)``. One set test over the whole column first: when every cell is
    allowed, no cell is compared one by one."""
    if allowed.issuperset(cells.to_numpy(dtype=object)):
        return np.zeros(len(cells), dtype=bool)
    return ~cells.isin(allowed).to_numpy(dtype=bool)


def _empty(cells: pd.Series) -> np.ndarray:
    """True for each empty text of a column of texts (a bool array), compared by NumPy over
    the column's Python strings."""
    return np.asarray(cells.to_numpy(dtype=object) == "", dtype=bool)


def _broken_lists(cells: pd.Series, item_ok: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """True for each cell, a list joined by ``;`` (``REFS_SEPARATOR`` = ``STATES_SEPARATOR``),
    whose items repeat one another or include one that ``item_ok`` refuses."""
    items = cells.str.split(REFS_SEPARATOR).explode()
    pairs = pd.DataFrame({"cell": items.index, "item": items.to_numpy()})
    bad = ~np.asarray(item_ok(items), dtype=bool) | pairs.duplicated().to_numpy()
    return pd.Series(bad, index=items.index).groupby(level=0).any().reindex(cells.index)


def _kind_rules(spec: ColumnSpec) -> list[CellRule]:
    """The rules a non-empty cell of this kind must meet.

    A bad cell breaks exactly one of them: a count names the first rule of
    ``parsing.count_rule`` it breaks. Text has no rule of its kind.
    """
    kind = spec.kind
    if kind in ("id", "ref"):
        return [
            CellRule(
                "must be an id: letters, digits, '_', '.', '-'",
                lambda c: ~fullmatches(c, _ID.pattern),
                passes_joined=_ID_COLUMN,
            )
        ]
    if kind == "refs":
        return [
            CellRule(
                "must be distinct ids joined by ';'",
                lambda c: _broken_lists(c, lambda i: fullmatches(i, _ID.pattern)),
            )
        ]
    if kind == "date":
        return [CellRule(DATE_RULE, lambda c: ~are_dates(c))]
    if kind == "count":
        return [
            CellRule(
                rule, lambda c, rule=rule: count_rules(c) == rule, passes_joined=_COUNT_COLUMN
            )
            for rule in COUNT_RULES
        ]
    if kind == "choice":
        return [
            CellRule(
                f"must be one of: {', '.join(spec.values)}",
                lambda c, values=frozenset(spec.values): outside(c, values),
            )
        ]
    if kind == "state":
        return [
            CellRule(
                "must be an ISO 3166-1 alpha-3 code or EUU",
                lambda c: outside(c, known_codes()),
            )
        ]
    if kind == "states":
        return [
            CellRule(
                "must be '*' or distinct state codes joined by ';'",
                lambda c: (
                    (c != ALL_STATES) & _broken_lists(c, lambda i: ~outside(i, known_codes()))
                ),
            )
        ]
    if kind == "language":
        return [
            CellRule(
                "must be an ISO 639-1 language code",
                lambda c: outside(c, known_languages()),
            )
        ]
    if kind == "url":
        return [
            CellRule(
                "must be an http(s) URL without spaces",
                lambda c: ~fullmatches(c, _URL.pattern, joinable=r"https?://[^\s\x00]+"),
            )
        ]
    return []


def text_rules(spec: TableSpec, name: str, column: ColumnSpec) -> list[CellRule]:
    """Rules of the text of the cells of one column beyond those of the schema's kinds: the
    hook for ``analysis.textrules`` (e.g. invisible characters, the hosts of URLs). Each rule
    is applied like the others, vectorised over the column; none yet."""
    return []


#: The rules of every cell of every table, from ``parsing.text_faults`` (one pass for both).
WHITE_SPACE_RULE = "has leading or trailing white space"


def cell_rules(spec: TableSpec, name: str) -> list[CellRule]:
    """The rules of the cells of column ``name`` of table ``spec`` beyond white space and
    control characters (which every cell meets, ``cell_problems``), from its declaration: the
    text rules (``text_rules``), a value when required, the rules of its kind."""
    column = spec.columns[name]
    rules = list(text_rules(spec, name, column))
    if column.required:
        rules.append(CellRule("a value is required", _empty, empty_too=True))
    return rules + _kind_rules(column)


def cell_problems(
    frame: pd.DataFrame, spec: TableSpec, path: Path, joined: dict[str, str] | None = None
) -> list[Problem]:
    """The problems of single cells of a raw table (text cells, index: file lines): one per
    cell and rule it breaks, i.e. white space around it or a control character in it (every
    cell), then ``cell_rules``, and one per cell of an id column whose value is on another
    line too. ``joined``: each column's cells joined by ``parsing.join_texts``, when the
    caller has them."""
    problems: list[Problem] = []

    def refuse(cells: pd.Series, broken: pd.Series, name: str, rule: str) -> None:
        mask = np.asarray(broken, dtype=bool)
        if mask.any():
            for line, value in cells[mask].items():
                problems.append(Problem(path, int(line), name, rule, str(value)))

    # Plain Python strings: NumPy compares and hashes them without pandas' missing-value
    # bookkeeping of a ``str`` column (there is no missing value in a raw table).
    columns = {
        name: pd.Series(frame[name].to_numpy(dtype=object), index=frame.index, name=name)
        for name in spec.columns
    }
    for name, cells in columns.items():
        text = joined.get(name) if joined is not None else None
        # The joined text stands for the cells when no cell holds the separator.
        whole = text is not None and text.count(JOIN_SEPARATOR) == len(cells) - 1
        # White space and control characters: one pass over the column when it has none.
        if not clean_texts(cells.to_numpy(), text):
            control, white = text_faults(cells)
            refuse(cells, white, name, WHITE_SPACE_RULE)
            refuse(cells, control, name, CONTROL_RULE)
        empty = _empty(cells)
        filled = cells[~empty] if empty.any() else cells
        for rule in cell_rules(spec, name):
            if whole and rule.passes_joined is not None and rule.passes_joined.fullmatch(text):
                continue
            tested = cells if rule.empty_too else filled
            # The rule of required cells is ``_empty``, already known for this column.
            broken = empty if rule.broken is _empty else rule.broken(tested)
            refuse(tested, broken, name, rule.message)
        if spec.columns[name].kind == "id":
            refuse(
                cells,
                cells.duplicated(keep=False),
                name,
                "must be unique: the same value is on another line",
            )
    return problems


def check_cells(
    frame: pd.DataFrame, spec: TableSpec, path: Path, joined: dict[str, str] | None = None
) -> None:
    """Validate every cell (``cell_problems``); raise with one problem per failing cell."""
    problems = cell_problems(frame, spec, path, joined)
    if problems:
        raise DataValidationError(problems)


# --- typing ---------------------------------------------------------------------------------


def type_table(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """Give each column its dtype. Assumes ``check_cells`` passed; empty cells become missing.

    date -> datetime64, count -> Int64, choice/state/language -> category (the state
    columns of a table share one category set), others -> str.
    """
    raw = {name: frame[name].to_numpy(dtype=object) for name in spec.columns}
    missing = {name: values == "" for name, values in raw.items()}
    masked = {
        name: np.where(missing[name], None, values) if missing[name].any() else values
        for name, values in raw.items()
    }
    state_columns = [n for n, c in spec.columns.items() if c.kind == "state"]
    state_codes = sorted(set().union(*(pd.unique(raw[n]) for n in state_columns)) - {""})
    typed: dict[str, object] = {}
    for name, col in spec.columns.items():
        values = masked[name]
        if col.kind == "date":
            typed[name] = pd.to_datetime(values, format="%Y-%m-%d")
        elif col.kind == "count":
            typed[name] = pd.array(pd.to_numeric(values), dtype="Int64")
        elif col.kind == "choice":
            typed[name] = pd.Categorical(values, categories=list(col.values))
        elif col.kind == "state":
            typed[name] = pd.Categorical(values, categories=state_codes)
        elif col.kind == "language":
            categories = sorted(pd.unique(raw[name][~missing[name]]))
            typed[name] = pd.Categorical(values, categories=categories)
        else:
            typed[name] = pd.array(values, dtype="str")
    return pd.DataFrame(typed, index=frame.index)


def read_table(data_dir: Path, spec: TableSpec) -> pd.DataFrame:
    """Read, check and type one table (index: file line numbers). Raises DataValidationError
    with the problems of its cells and those of ``textrules`` (format characters, URLs)."""
    path = data_dir / spec.filename
    frame = read_raw_table(path, spec)
    # Each column joined once, for the whole-column tests of both kinds of rules.
    joined = {name: join_texts(frame[name].to_numpy(dtype=object)) for name in spec.columns}
    # Invisible characters, URL forms.
    problems = textrules.table_problems(frame, spec, path, joined)
    try:
        check_cells(frame, spec, path, joined)
    except DataValidationError as exc:
        problems += exc.problems
    if problems:
        raise DataValidationError(problems)
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


def event_ids_agree(event_ids: pd.Series, prefixes: pd.Series) -> pd.Series:
    """``event_id_agrees`` row by row, over columns: True where the id is its prefix, or the
    prefix, ``-`` and at least one more character."""
    length = prefixes.str.len()
    agree = event_ids == prefixes
    longer = event_ids.str.len() > length + 1
    for size in pd.unique(length[longer & ~agree]):
        rows = longer & (length == size)
        agree[rows] = event_ids[rows].str.slice(0, int(size) + 1) == prefixes[rows] + "-"
    return agree


def _lines(frame: pd.DataFrame, broken: pd.Series) -> pd.Index:
    """The lines (index) of the rows where ``broken`` is True (missing counts as False)."""
    return frame.index[broken.fillna(False).to_numpy(dtype=bool)]


def check_rows(tables: dict[str, pd.DataFrame], data_dir: Path) -> list[Problem]:
    """Rules within one table that involve several cells of a row or several rows, each a
    column operation: combinations that must be unique (``unique_together``), ``qualifier``
    'unknown' exactly when ``persons`` is empty, windows in order; an event's id, date,
    episode and sides."""
    problems: list[Problem] = []
    for name, frame in tables.items():
        spec = TABLES[name]
        path = data_dir / spec.filename
        for group in spec.unique_together:
            repeated = frame.duplicated(subset=list(group), keep=False)
            for line in frame.index[repeated.to_numpy()]:
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
            unknown = (frame["qualifier"] == "unknown").fillna(False)
            for line in _lines(frame, frame["persons"].isna() != unknown):
                problems.append(
                    Problem(
                        path,
                        line,
                        "qualifier",
                        "must be 'unknown' exactly when persons is empty",
                        str(frame.at[line, "qualifier"]),
                    )
                )
        for start, end in (("window_start", "window_end"),):
            if start in frame and end in frame:
                for line in _lines(frame, frame[start] > frame[end]):
                    problems.append(
                        Problem(
                            path, line, end, f"is before {start}", str(frame.at[line, end].date())
                        )
                    )

    events_path = data_dir / EVENTS.filename
    events = tables["events"]
    prefix = (
        events["announced"].dt.strftime("%Y-%m-%d")
        + "-"
        + events["expelling"].astype(str)
        + "-"
        + events["expelled"].astype(str)
    )
    for line in _lines(events, ~event_ids_agree(events["event_id"], prefix)):
        problems.append(
            Problem(
                events_path,
                line,
                "event_id",
                f"must be {prefix[line]} (announced-expelling-expelled), optionally followed by '-suffix'",
                events.at[line, "event_id"],
            )
        )
    month_end = events.announced + pd.offsets.MonthEnd(0)
    for line in _lines(
        events, (events.date_precision == "month") & (events.announced != month_end)
    ):
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
        for line in _lines(events, outside):
            problems.append(
                Problem(
                    events_path,
                    line,
                    "announced",
                    f"is outside episode {episode!r} ({first} to {last})",
                    str(events.at[line, "announced"].date()),
                )
            )
    same_state = events["expelling"].astype(str) == events["expelled"].astype(str)
    for line in _lines(events, same_state):
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
    for line in _lines(events, russian_sides != 1):
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


def _texts(values: pd.Series) -> set[str]:
    """The distinct non-missing values of a column."""
    return set(values.dropna().to_numpy(dtype=object).tolist())


def _all_among(values: pd.Series, targets: pd.Series | set[str]) -> bool:
    """True if every non-missing value is one of the non-missing ``targets`` (a column, or
    the set of its values, ``_texts``): one set test over the columns, before any row is
    looked at."""
    known = targets if isinstance(targets, set) else _texts(targets)
    return known.issuperset(values.dropna().to_numpy(dtype=object).tolist())


def _check_refs(
    frame: pd.DataFrame,
    column: str,
    targets: pd.Series,
    path: Path,
    what: str,
    known: set[str] | None = None,
) -> list[Problem]:
    """A problem for each value of ``column`` that is none of ``targets`` (``known``: their
    set, when the caller has it)."""
    values = frame[column]
    if _all_among(values, known if known is not None else targets):
        return []
    broken = values.notna() & ~values.isin(targets.dropna().unique())
    return [
        Problem(path, line, column, f"refers to no {what}", values[line])
        for line in _lines(frame, broken)
    ]


#: Rounds of peeling before ``answer_cycles`` hands a graph to networkx: answers of answers
#: are rarely more than a few deep, and a bound keeps the work linear in the number of links.
PEELING_ROUNDS = 32


def _acyclic(answer: pd.Series, answered: pd.Series) -> bool:
    """True if the links answer -> answered (no link of an event to itself) certainly form no
    cycle: peeling off, round after round, every link whose answer nothing answers leaves
    none within ``PEELING_ROUNDS`` rounds (Kahn's order, one column operation a round). False
    means a cycle may remain."""
    for _ in range(PEELING_ROUNDS):
        if answer.empty:
            return True
        kept = answer.isin(answered.unique()).to_numpy()
        if kept.all():
            return False
        answer, answered = answer[kept], answered[kept]
    return answer.empty


def answer_cycles(responses: pd.DataFrame) -> pd.Series:
    """For each link of ``responses``: True if it lies on a cycle of answers, i.e. the measure
    it answers answers it, directly (A answers B and B answers A) or through other answers
    (A answers B, B answers C, C answers A). A link of an event to itself is no cycle here (it
    is a rule of its own). The cycles are the strongly connected components of the directed
    graph response -> stimulus (networkx), looked for only when peeling the links in
    topological order (``_acyclic``) leaves some.
    """
    answer, answered = responses["response"], responses["stimulus"]
    other = (answer != answered).to_numpy(dtype=bool)
    if _acyclic(answer[other], answered[other]):
        return pd.Series(False, index=responses.index, dtype=bool)
    import networkx as nx

    graph = nx.DiGraph(zip(answer, answered, strict=True))
    component = pd.Series(
        {
            node: number
            for number, nodes in enumerate(nx.strongly_connected_components(graph))
            for node in nodes
        },
        dtype="int64",
    )
    same = answer.map(component).to_numpy() == answered.map(component).to_numpy()
    return pd.Series(same & other, index=responses.index, dtype=bool)


def _adopted_unreported(events: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    """True for each event with an ``adopted_from`` source whose reports of the event give no
    (persons, qualifier) equal to the event's (two missing figures are equal)."""
    keys = ["event_id", "adopted_from"]
    adopted = events.loc[events["adopted_from"].notna(), [*keys, "persons", "qualifier"]]
    pairs = adopted.reset_index(names="_line").merge(
        reports[["event", "source", "persons", "qualifier"]],
        left_on=keys,
        right_on=["event", "source"],
        suffixes=("", "_reported"),
    )
    persons, reported = pairs["persons"], pairs["persons_reported"]
    same_figure = (persons.isna() & reported.isna()) | (persons == reported).fillna(False)
    same_qualifier = pairs["qualifier"].astype(str) == pairs["qualifier_reported"].astype(str)
    matched = pairs.loc[(same_figure & same_qualifier).to_numpy(dtype=bool), "_line"]
    return events["adopted_from"].notna() & ~events.index.isin(matched)


def _answer_problems(events: pd.DataFrame, responses: pd.DataFrame, path: Path) -> list[Problem]:
    """Each answer runs opposite to the measure it answers, is not dated before it, belongs to
    its episode (the war's years may answer one another) and is not that measure itself:
    responses joined to the events on both sides."""
    sides = events.set_index("event_id")[["expelling", "expelled", "announced", "episode"]]
    sides = sides.astype({c: str for c in ("expelling", "expelled", "episode")})
    links = (
        responses[["response", "stimulus"]]
        .join(sides, on="response")
        .join(sides.add_suffix("_answered"), on="stimulus")
    )
    known = responses["response"].isin(sides.index) & responses["stimulus"].isin(sides.index)
    links = links[known.to_numpy()]
    problems: list[Problem] = []
    itself = links["response"] == links["stimulus"]
    for line in _lines(links, itself):
        problems.append(
            Problem(
                path, line, "stimulus", "an event cannot answer itself", links.at[line, "stimulus"]
            )
        )
    same_way = (links["expelling"] != links["expelled_answered"]) | (
        links["expelled"] != links["expelling_answered"]
    )
    for line in _lines(links, ~itself & same_way):
        row = links.loc[line]
        problems.append(
            Problem(
                path,
                line,
                "response",
                f"must run opposite to the measure it answers ({row.expelling_answered}>{row.expelled_answered}), "
                f"but runs {row.expelling}>{row.expelled}",
                row.response,
            )
        )
    for line in _lines(links, links["announced"] < links["announced_answered"]):
        problems.append(
            Problem(
                path,
                line,
                "response",
                "is dated before the measure it answers",
                links.at[line, "response"],
            )
        )
    across_war_years = links["episode"].isin(WAR_EPISODES) & links["episode_answered"].isin(
        WAR_EPISODES
    )
    other_episode = (links["episode"] != links["episode_answered"]) & ~across_war_years
    for line in _lines(links, other_episode):
        problems.append(
            Problem(
                path,
                line,
                "response",
                "belongs to another episode than the measure it answers (only the war's "
                "years may answer one another)",
                links.at[line, "response"],
            )
        )
    return problems


def check_links(tables: dict[str, pd.DataFrame], data_dir: Path) -> list[Problem]:
    """Rules across tables: references resolve, events are reported, figures are adopted
    from a report, and answers run against the measure they answer, not before it, within its
    episode (the war's years, ``WAR_EPISODES``, may answer one another: Russia's answer of
    January 2023 to an expulsion of December 2022), and never in a cycle. Each rule is a
    column operation, a merge or a join; only the rows that break it are visited."""
    path = {name: data_dir / spec.filename for name, spec in TABLES.items()}
    events = tables["events"]
    responses, reports = tables["responses"], tables["reports"]
    # The set of the ids of each referenced column, built once for all the columns citing it.
    known = {
        target: _texts(tables[target[0]][target[1]])
        for spec in TABLES.values()
        for declared in spec.columns.values()
        if declared.kind == "ref" and (target := declared.refers_to) is not None
    }
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
            known[declared.refers_to],
        )
    ]

    event_ids = events["event_id"]
    unreported = (
        pd.Series(False, index=events.index)
        if _all_among(event_ids, reports["event"])
        else ~event_ids.isin(reports["event"].unique())
    )
    for line in _lines(events, unreported):
        problems.append(
            Problem(
                path["events"],
                line,
                "event_id",
                "event has no report",
                events.at[line, "event_id"],
            )
        )
    unexplained = events["adopted_from"].isna() & events["adoption_note"].isna()
    for line in _lines(events, unexplained):
        problems.append(
            Problem(path["events"], line, "adoption_note", "required when adopted_from is empty")
        )
    for line in _lines(events, _adopted_unreported(events, reports)):
        row = events.loc[line]
        figure = "empty" if pd.isna(row.persons) else str(row.persons)
        problems.append(
            Problem(
                path["events"],
                line,
                "persons",
                f"adopted figure ({figure}, {row.qualifier}) is not what source {row.adopted_from} reports for this event",
            )
        )
    problems += _answer_problems(events, responses, path["responses"])
    for line in _lines(responses, answer_cycles(responses)):
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


def _cited(tables: dict[str, pd.DataFrame], table: str, column: str) -> pd.Series:
    """Every id a column cites, indexed by the line of its row: a ``refs`` cell gives each of
    its ids in order, an empty cell none."""
    values = tables[table][column].dropna()
    if TABLES[table].columns[column].kind == "refs":
        return values.str.split(REFS_SEPARATOR).explode()
    return values


def check_evidence(tables: dict[str, pd.DataFrame], path: dict[str, Path]) -> list[Problem]:
    """Rules of evidence across tables.

    - no circular evidence: a source with ``under_check == 'yes'`` (the article, a page that
      only republishes it) is cited by no row of ``EVIDENCE_COLUMNS``; only claims.csv may;
    - every ``coverage.sources`` id is a source;
    - a report of a source not in English has a ``gloss``.
    """
    sources = tables["sources"].set_index("source_id")
    under_check = sources.index[(sources["under_check"] == "yes").to_numpy(dtype=bool)]
    problems: list[Problem] = []
    for table, column in EVIDENCE_COLUMNS:
        cited = _cited(tables, table, column)
        for line, ref in cited[cited.isin(under_check)].items():
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
        if table == "coverage":
            unknown = ~cited.isin(under_check) & ~cited.isin(sources.index)
            for line, ref in cited[unknown].items():
                problems.append(Problem(path[table], line, column, "refers to no source", ref))
    reports = tables["reports"]
    language = reports["source"].map(sources["language"].astype(str))
    for line in _lines(reports, (language != "en") & language.notna() & reports["gloss"].isna()):
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
    found = (quotes["verdict"] != "not_found").fillna(True)
    for column in QUOTE_EVIDENCE:
        for line in _lines(quotes, found & quotes[column].isna()):
            problems.append(
                Problem(
                    path, line, column, f"required for the verdict {quotes.at[line, 'verdict']!r}"
                )
            )
    unglossed = (
        found
        & quotes["passage"].notna()
        & (quotes["language"].astype(str) != "en")
        & quotes["gloss"].isna()
    )
    for line in _lines(quotes, unglossed):
        problems.append(
            Problem(
                path, line, "gloss", f"required: the passage is in {quotes.at[line, 'language']!r}"
            )
        )
    return problems


def check_coverage(coverage: pd.DataFrame, events: pd.DataFrame, path: Path) -> list[Problem]:
    """Coverage rows agree with the events: ``found`` is 'events' exactly when events.csv has
    an event of that state, episode and direction; every state on the other side of Russia in
    an episode has a row for each direction of that episode.
    """
    by_russia = events["expelling"].astype(str) == RUSSIA
    seen = pd.DataFrame(
        {
            "state": events["expelled"]
            .astype(str)
            .where(by_russia, events["expelling"].astype(str)),
            "episode": events["episode"].astype(str),
            "direction": by_russia.map({True: "expelled_by_russia", False: "russians_expelled"}),
        }
    ).drop_duplicates()
    keys = ["state", "episode", "direction"]
    rows = coverage[keys].astype(str)
    has_events = pd.MultiIndex.from_frame(rows).isin(pd.MultiIndex.from_frame(seen))
    says_events = (coverage["found"] == "events").fillna(False).to_numpy(dtype=bool)
    problems: list[Problem] = []
    for line in coverage.index[has_events != says_events]:
        rule = (
            "must be 'events': events.csv has an event of this state, episode and direction"
            if has_events[coverage.index.get_loc(line)]
            else "must be 'none': events.csv has no event of this state, episode and direction"
        )
        problems.append(Problem(path, line, "found", rule, str(coverage.at[line, "found"])))
    pairs = seen[["state", "episode"]].drop_duplicates()
    directions = pd.DataFrame({"direction": ["russians_expelled", "expelled_by_russia"]})
    needed = pairs.merge(directions, how="cross")
    present = pd.MultiIndex.from_frame(needed[keys]).isin(pd.MultiIndex.from_frame(rows))
    missing = needed.loc[~present, keys]
    for state, episode, direction_name in zip(*(missing[k] for k in keys), strict=True):
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
    claims_path = path.with_name("claims.csv")
    natural = readings[(readings["natural"] == "yes").to_numpy(dtype=bool)].groupby("claim").size()
    counts = claims["claim_id"].map(natural).fillna(0).astype(int)
    read = claims["claim_id"].isin(readings["claim"].unique())
    for line in _lines(claims, ~read):
        problems.append(
            Problem(
                claims_path, line, "claim_id", "claim has no reading", claims.at[line, "claim_id"]
            )
        )
    for line in _lines(claims, read & (counts != 1)):
        problems.append(
            Problem(
                claims_path,
                line,
                "claim_id",
                f"claim must have exactly one natural reading, has {counts[line]}",
                claims.at[line, "claim_id"],
            )
        )
    episode = readings["claim"].map(claims.set_index("claim_id")["episode"].astype(str))
    spans = pd.DataFrame(
        [(name, pd.Timestamp(a), pd.Timestamp(b)) for name, (a, b) in EPISODE_SPANS.items()],
        columns=["episode", "first", "last"],
    ).set_index("episode")
    first, last = episode.map(spans["first"]), episode.map(spans["last"])
    for column in ("window_start", "window_end"):
        window = readings[column]
        outside = episode.notna() & ~((first <= window) & (window <= last)).fillna(False)
        for line in _lines(readings, outside):
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    f"is outside the claim's episode {episode[line]!r} ({first[line].date()} to {last[line].date()})",
                    str(window[line].date()),
                )
            )
    names_russia = (
        (readings["states"].str.split(STATES_SEPARATOR).explode() == RUSSIA).groupby(level=0).any()
    )
    for line in _lines(readings, names_russia.reindex(readings.index)):
        problems.append(
            Problem(
                path,
                line,
                "states",
                f"must not name {RUSSIA}: Russia is the other side of every counted event",
                readings.at[line, "states"],
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
    with cyclic_gc_paused():
        return _load_dataset(directory)


def _load_dataset(directory: Path) -> Dataset:
    """``load_dataset`` of an existing folder, with the collector as the caller left it."""
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
