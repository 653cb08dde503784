"""The tables as one SQLite database, for SQL and Datasette (``python -m analysis database``).

``build_database(data, out, descriptor)`` writes, from the validated tables of ``data``:

- one table per data table (``analysis.schema.TABLES``), rows in file order, in a ``STRICT``
  table: ``count`` columns ``INTEGER``, every other kind ``TEXT`` (dates ``YYYY-MM-DD``), an
  empty cell ``NULL``; required columns ``NOT NULL``; the primary key of the data package (the
  id column, else the first unique group); a foreign key for every ``ref`` column;
- ``states`` (code, name): every state code the tables use, so that the state columns of
  ``events`` and ``coverage`` are foreign keys with a name beside the code;
- ``coverage_sources``: the ``sources`` list of each coverage row, one row per source id (a
  foreign key cannot name a list);
- ``verdicts`` and ``claim_verdicts``: every reading's and every claim's verdict as of the
  article's date, computed by ``analysis.claims`` (findings, not data: rebuilt from the tables);
- indexes on the join columns, full-text search (FTS5, sqlite-utils' ``<table>_fts``) over
  the excerpts, glosses, notes and other free text (``FTS_COLUMNS``);
- views: ``event_details`` (an event with its direction, the state on the other side, the
  range its sources report, its adopted report and that report's source) and
  ``reading_events`` (a reading with each event it counts as of the article's date, the
  library's ``claims.reading_scope`` and ``split_personnel`` in SQL).

The file is built in memory and written with ``VACUUM INTO`` to a temporary file beside
``out``, then renamed over it (``os.replace``): a reader sees the old file or the new one. The
same tables give the same bytes (no timestamp is stored; rows, tables and indexes are written
in a fixed order). ``datasette_metadata`` is the Datasette metadata of such a file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import sqlite_utils

from analysis.claims import ARTICLE_DATE, DIPLOMATIC_PERSONNEL, evaluate_claims, evaluate_readings
from analysis.countries import RUSSIA, state_name
from analysis.loaders import PROJECT_ROOT, Dataset
from analysis.schema import (
    ALL_STATES,
    REFS_SEPARATOR,
    SOURCE_KINDS,
    TABLES,
    ColumnSpec,
    TableSpec,
)

#: The database's file name; its Datasette name is the stem.
DATABASE_NAME = "expulsions.db"
#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The article's date as the views compare it (the verdicts are as of this date).
ARTICLE_DAY = ARTICLE_DATE.strftime("%Y-%m-%d")

#: Free-text columns searched by each table's full-text index (``<table>_fts``).
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("publisher", "title", "note"),
    "events": ("note", "adoption_note"),
    "responses": ("note",),
    "reports": ("excerpt", "gloss", "note"),
    "claims": ("quote", "note"),
    "readings": ("label", "reason"),
    "provenance": ("counts", "excerpt", "gloss", "note"),
    "quotes": ("words", "passage", "gloss", "how", "searched"),
    "tallies": ("counts", "note"),
    "coverage": ("searched", "note"),
}

_DIRECTION_SQL = (
    f"CASE WHEN e.expelling = '{RUSSIA}' THEN 'expelled_by_russia' ELSE 'russians_expelled' END"
)
_COUNTERPART_SQL = f"CASE WHEN e.expelling = '{RUSSIA}' THEN e.expelled ELSE e.expelling END"

#: The views: name -> (SQL, description, column descriptions).
VIEWS: dict[str, tuple[str, str, dict[str, str]]] = {
    "event_details": (
        f"""SELECT
  e.event_id, e.announced, e.date_precision, e.episode,
  {_DIRECTION_SQL} AS direction,
  {_COUNTERPART_SQL} AS counterpart,
  s_other.name AS counterpart_name,
  e.expelling, e.expelled, e.persons, e.qualifier, e.personnel,
  (SELECT min(x.persons) FROM reports x WHERE x.event = e.event_id) AS low,
  (SELECT max(x.persons) FROM reports x WHERE x.event = e.event_id) AS high,
  (SELECT count(*) FROM reports x WHERE x.event = e.event_id) AS reports,
  r.report_id AS adopted_report, r.hand AS adopted_hand,
  r.excerpt AS adopted_excerpt, r.gloss AS adopted_gloss,
  e.adopted_from, src.publisher AS adopted_publisher, src.kind AS adopted_kind,
  src.published AS adopted_published, src.url AS adopted_url,
  e.adoption_note, e.note
FROM events e
LEFT JOIN states s_other ON s_other.code = {_COUNTERPART_SQL}
LEFT JOIN reports r
  ON r.event = e.event_id AND r.source = e.adopted_from AND r.persons IS e.persons
LEFT JOIN sources src ON src.source_id = e.adopted_from""",
        "One row per event: its direction, the state on the other side of Russia, the range "
        "of figures its sources report, and the report and source its adopted figure comes from.",
        {
            "direction": "'expelled_by_russia' when Russia expels, 'russians_expelled' when Russians are expelled.",
            "counterpart": "The state (or EU) on the other side of Russia.",
            "counterpart_name": "Its name.",
            "low": "The lowest number any report of the event gives (empty: none gives one).",
            "high": "The highest number any report of the event gives.",
            "reports": "How many reports of the event the data holds.",
            "adopted_report": "The report whose source and number the adopted figure is.",
            "adopted_hand": "Whether that report is first-hand or a relay.",
            "adopted_excerpt": "The passage of that report that states the number.",
            "adopted_gloss": "Its English gloss, when not in English.",
            "adopted_publisher": "Publisher of the adopted figure's source.",
            "adopted_kind": "Kind of that publisher (government, wire, national...).",
            "adopted_published": "Publication date of that source.",
            "adopted_url": "Address of the stored copy of that source.",
        },
    ),
    "reading_events": (
        f"""SELECT
  rd.reading_id, rd.claim, rd.natural, rd.personnel AS reading_personnel,
  e.event_id, e.announced, e.direction, e.counterpart, e.counterpart_name,
  e.persons, e.qualifier, e.personnel,
  CASE WHEN rd.personnel = 'all' OR e.personnel IN ({", ".join(f"'{p}'" for p in DIPLOMATIC_PERSONNEL)})
    THEN 'counted' ELSE 'uncertain' END AS counts_as
FROM readings rd
JOIN claims c ON c.claim_id = rd.claim
JOIN event_details e
  ON e.episode = c.episode AND e.direction = c.direction
  AND (rd.states = '{ALL_STATES}' OR instr(';' || rd.states || ';', ';' || e.counterpart || ';') > 0)
  AND e.announced BETWEEN rd.window_start AND min(rd.window_end, '{ARTICLE_DAY}')""",
        "One row per reading of a claim and event it counts as of the article's date "
        f"({ARTICLE_DAY}): the claim's episode and direction, the reading's states and window.",
        {
            "reading_personnel": "Personnel the reading counts: all persons, or diplomats only.",
            "counts_as": "'counted' when the event's persons count towards the reading's value; "
            "'uncertain' when a diplomats-only reading cannot tell (staff, mixed, unknown).",
        },
    ),
}

#: The derived tables: name -> (description, column descriptions).
DERIVED_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "states": (
        "One row per state code the tables use, with its short English name.",
        {"code": "ISO 3166-1 alpha-3 code, or EUU for the EU.", "name": "Short English name."},
    ),
    "coverage_sources": (
        "One row per source id listed in a coverage row's sources column.",
        {
            "state": "The coverage row's state.",
            "episode": "The coverage row's episode.",
            "direction": "The coverage row's direction.",
            "source": "One source that bears on the finding.",
        },
    ),
    "verdicts": (
        f"One row per reading of a claim: its value and verdict as of the article's date "
        f"({ARTICLE_DAY}), computed by analysis.claims from the tables.",
        {
            "reading_id": "The reading.",
            "claim": "Its claim.",
            "value": "Persons counted (events of unknown size count 0: a floor).",
            "uncertain": "Persons whose grade a diplomats-only reading cannot tell.",
            "verdict": "supported, contradicted or unverifiable.",
            "verdict_with_uncertain": "The verdict if the uncertain persons were counted.",
            "reason": "Why, in words.",
        },
    ),
    "claim_verdicts": (
        f"One row per claim: its verdict and score as of the article's date ({ARTICLE_DAY}), "
        "computed by analysis.claims from the verdicts of its readings.",
        {
            "claim_id": "The claim.",
            "reading": "Its natural reading.",
            "value": "The natural reading's value.",
            "natural_verdict": "The natural reading's verdict.",
            "verdict": "The claim's verdict (the natural reading's, or 'depends on the reading').",
            "score": "The scorecard word: right, understated, unconfirmed, untraceable, depends.",
            "reason": "The natural reading's reason.",
        },
    ),
}

_KIND_RANK = "CASE s.kind " + " ".join(
    f"WHEN '{kind}' THEN {rank}" for rank, kind in enumerate(SOURCE_KINDS, start=1)
)
_KIND_RANK += " END"

#: The SQL of the totals per episode and direction (``summary.totals_by_direction``).
TOTALS_SQL = """SELECT episode, direction, count(*) AS events,
  sum(persons IS NULL) AS unknown,
  coalesce(sum(persons), 0) AS persons,
  coalesce(sum(low), 0) AS low,
  coalesce(sum(high), 0) AS high
FROM event_details
GROUP BY episode, direction
ORDER BY episode, direction"""

#: Datasette's canned queries: name -> (title, description, SQL).
CANNED_QUERIES: dict[str, tuple[str, str, str]] = {
    "persons_per_year": (
        "Persons each way per year",
        "Measures and persons expelled each way in each calendar year of announcement; "
        "events of unknown size count 0 (the persons are floors).",
        """SELECT substr(announced, 1, 4) AS year,
  sum(direction = 'russians_expelled') AS measures_against_russians,
  coalesce(sum(CASE WHEN direction = 'russians_expelled' THEN persons END), 0) AS russians_expelled,
  sum(direction = 'expelled_by_russia') AS measures_by_russia,
  coalesce(sum(CASE WHEN direction = 'expelled_by_russia' THEN persons END), 0) AS expelled_by_russia,
  sum(persons IS NULL) AS measures_of_unknown_size
FROM event_details
GROUP BY year
ORDER BY year""",
    ),
    "totals": (
        "Totals per episode and direction",
        "Events, events of unknown size, and persons per episode and direction: adopted "
        "figures (unknown count 0), and the same sum with every event at its lowest and "
        "highest reported figure.",
        TOTALS_SQL,
    ),
    "claim_events": (
        "The events behind a claim's verdict",
        f"Every reading of a claim (natural first) with its verdict as of {ARTICLE_DAY} and "
        "each event it counts. Try claim C01.",
        """SELECT rv.claim, cv.verdict AS claim_verdict, cv.score,
  re.reading_id, re.natural, v.verdict AS reading_verdict, v.value AS reading_value,
  re.counts_as, re.event_id, re.announced, re.counterpart_name, re.persons, re.qualifier,
  re.personnel
FROM readings rv
JOIN verdicts v ON v.reading_id = rv.reading_id
JOIN claim_verdicts cv ON cv.claim_id = rv.claim
LEFT JOIN reading_events re ON re.reading_id = rv.reading_id
WHERE rv.claim = :claim
ORDER BY rv.natural = 'yes' DESC, rv.reading_id, re.announced, re.event_id""",
    ),
    "event_evidence": (
        "An event's evidence",
        "Every report of an event, strongest kind of publisher first, the adopted one on top, "
        "with its passage and source. Try event 2022-04-08-RUS-POL.",
        f"""SELECT r.report_id,
  CASE WHEN r.source = e.adopted_from AND r.persons IS e.persons THEN 'yes' ELSE 'no' END AS adopted,
  r.persons, r.qualifier, r.hand, r.announced, s.publisher, s.kind, s.published, s.language,
  r.excerpt, r.gloss, r.note, s.url
FROM reports r
JOIN events e ON e.event_id = r.event
JOIN sources s ON s.source_id = r.source
WHERE r.event = :event
ORDER BY adopted = 'yes' DESC, {_KIND_RANK}, r.report_id""",
    ),
}


def default_database() -> Path:
    """Where ``python -m analysis database`` writes by default: the repository's
    ``report/expulsions.db`` (beside the HTML report); installed without the repository,
    ``report/expulsions.db`` under the current folder (never inside the installed package)."""
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / "report" / DATABASE_NAME
    return Path.cwd() / "report" / DATABASE_NAME


class NotADatabaseError(OSError):
    """The output path holds a file that is not a SQLite database: it is not overwritten."""


# --- rows ------------------------------------------------------------------------------------


def sql_type(column: ColumnSpec) -> type:
    """The column type of a kind: ``int`` (INTEGER) for counts, ``str`` (TEXT) otherwise."""
    return int if column.kind == "count" else str


def cell(value: object, column: ColumnSpec) -> object:
    """One typed cell as SQLite stores it: missing -> None, date -> ``YYYY-MM-DD``, count ->
    int, anything else -> str."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if column.kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if column.kind == "count":
        return int(value)
    return str(value)


def table_rows(frame: pd.DataFrame, spec: TableSpec) -> Iterator[dict[str, object]]:
    """The rows of a validated table in file order, the schema's columns only (the loaders'
    state names beside the codes are left out: ``states`` holds them)."""
    names = list(spec.columns)
    for values in frame[names].itertuples(index=False, name=None):
        yield {
            name: cell(value, spec.columns[name])
            for name, value in zip(names, values, strict=True)
        }


def primary_key(spec: TableSpec) -> tuple[str, ...]:
    """The id column, else the first unique group (``package.table_schema``'s rule)."""
    return (spec.id_column,) if spec.id_column else spec.unique_together[0]


def foreign_keys(spec: TableSpec) -> list[tuple[str, str, str]]:
    """(column, table, column) of every ``ref`` column, and of every ``state`` column to
    ``states``."""
    keys = [
        (name, *column.refers_to)
        for name, column in spec.columns.items()
        if column.kind == "ref" and column.refers_to is not None
    ]
    keys += [(name, "states", "code") for name, c in spec.columns.items() if c.kind == "state"]
    return keys


def state_codes(data: Dataset) -> list[str]:
    """Every state code of a ``state`` column of any table, sorted."""
    codes: set[str] = set()
    for name, spec in TABLES.items():
        frame = getattr(data, name)
        for column, declared in spec.columns.items():
            if declared.kind == "state":
                codes |= set(frame[column].dropna().astype(str))
    return sorted(codes)


def coverage_source_rows(coverage: pd.DataFrame) -> Iterator[dict[str, str]]:
    """One row per id of each coverage row's ``sources`` list, in file order."""
    for row in coverage.itertuples(index=False):
        if pd.isna(row.sources):
            continue
        for source in str(row.sources).split(REFS_SEPARATOR):
            yield {
                "state": str(row.state),
                "episode": str(row.episode),
                "direction": str(row.direction),
                "source": source,
            }


def verdict_rows(data: Dataset) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(readings, claims): the verdicts of ``analysis.claims`` as of the article's date."""
    readings = evaluate_readings(data.claims, data.readings, data.events, ARTICLE_DATE)
    claims = evaluate_claims(data.claims, data.readings, data.events, ARTICLE_DATE)
    reading_rows = [
        {
            "reading_id": row.reading_id,
            "claim": row.claim_id,
            "value": int(row.value),
            "uncertain": int(row.uncertain),
            "verdict": row.verdict,
            "verdict_with_uncertain": row.verdict_with_uncertain,
            "reason": row.reason,
        }
        for row in readings.itertuples(index=False)
    ]
    claim_rows = [
        {
            "claim_id": row.claim_id,
            "reading": row.reading,
            "value": int(row.value),
            "natural_verdict": row.natural_verdict,
            "verdict": row.verdict,
            "score": row.score,
            "reason": row.reason,
        }
        for row in claims.itertuples(index=False)
    ]
    return reading_rows, claim_rows


# --- building --------------------------------------------------------------------------------


def _index(db: sqlite_utils.Database, table: str, columns: Iterable[str]) -> None:
    columns = list(columns)
    db[table].create_index(columns, index_name=f"idx_{table}_{'_'.join(columns)}")


def fill(db: sqlite_utils.Database, data: Dataset) -> None:
    """Create and fill every table, index, full-text index and view in ``db`` (empty)."""
    db.execute("PRAGMA foreign_keys = ON")
    states = db["states"].create(
        {"code": str, "name": str}, pk="code", not_null={"name"}, strict=True
    )
    states.insert_all({"code": code, "name": state_name(code)} for code in state_codes(data))
    for name, spec in TABLES.items():
        table = db[name].create(
            {column: sql_type(c) for column, c in spec.columns.items()},
            pk=primary_key(spec)[0] if len(primary_key(spec)) == 1 else primary_key(spec),
            foreign_keys=foreign_keys(spec),
            not_null={column for column, c in spec.columns.items() if c.required},
            strict=True,
        )
        table.insert_all(table_rows(getattr(data, name), spec))
    # A foreign key to coverage's three-column key: sqlite-utils writes one-column keys only.
    db.execute(
        """CREATE TABLE [coverage_sources] (
   [state] TEXT NOT NULL,
   [episode] TEXT NOT NULL,
   [direction] TEXT NOT NULL,
   [source] TEXT NOT NULL REFERENCES [sources]([source_id]),
   PRIMARY KEY ([state], [episode], [direction], [source]),
   FOREIGN KEY ([state], [episode], [direction])
     REFERENCES [coverage]([state], [episode], [direction])
) STRICT"""
    )
    db["coverage_sources"].insert_all(coverage_source_rows(data.coverage))
    reading_rows, claim_rows = verdict_rows(data)
    db["verdicts"].create(
        {
            "reading_id": str,
            "claim": str,
            "value": int,
            "uncertain": int,
            "verdict": str,
            "verdict_with_uncertain": str,
            "reason": str,
        },
        pk="reading_id",
        foreign_keys=[("reading_id", "readings", "reading_id"), ("claim", "claims", "claim_id")],
        not_null={"claim", "value", "uncertain", "verdict", "verdict_with_uncertain", "reason"},
        strict=True,
    ).insert_all(reading_rows)
    db["claim_verdicts"].create(
        {
            "claim_id": str,
            "reading": str,
            "value": int,
            "natural_verdict": str,
            "verdict": str,
            "score": str,
            "reason": str,
        },
        pk="claim_id",
        foreign_keys=[("claim_id", "claims", "claim_id"), ("reading", "readings", "reading_id")],
        not_null={"reading", "value", "natural_verdict", "verdict", "score", "reason"},
        strict=True,
    ).insert_all(claim_rows)
    for name, spec in TABLES.items():
        for column, _table, _other in foreign_keys(spec):
            _index(db, name, [column])
    _index(db, "events", ["episode", "announced"])
    _index(db, "reports", ["event", "source"])
    _index(db, "coverage_sources", ["source"])
    _index(db, "verdicts", ["claim"])
    for name, columns in FTS_COLUMNS.items():
        db[name].enable_fts(list(columns), fts_version="FTS5", create_triggers=False)
    for name, (sql, _doc, _columns) in VIEWS.items():
        db.create_view(name, sql)
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise ValueError(f"foreign keys broken in the database: {problems[:5]}")


def _refuse_foreign_file(path: Path, header: bytes, what: str) -> None:
    """Raise ``NotADatabaseError`` when ``path`` is an existing non-empty file that does not
    begin with ``header``: it is someone's file, not one this command wrote."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(
            errno.EISDIR, f"is a folder (--out names the {what} file)", str(path)
        )
    with path.open("rb") as file:
        start = file.read(len(header))
    if start and start != header:
        raise NotADatabaseError(
            errno.EEXIST, f"exists and is not a {what}: not overwritten", str(path)
        )


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """An empty temporary file in ``path``'s folder, removed unless renamed away."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _file_mode(path: Path) -> int:
    """The permissions a replacement of ``path`` gets: its own, else the umask's default."""
    if path.exists():
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def metadata_path(database: Path) -> Path:
    """The Datasette metadata written beside a database: ``expulsions.db`` ->
    ``expulsions.metadata.json``."""
    return database.with_name(f"{database.stem}.metadata.json")


def build_database(data: Dataset, out: Path, descriptor: dict[str, object]) -> Path:
    """Write the database of ``data`` to ``out`` and its Datasette metadata beside it
    (``metadata_path``), each atomically; return ``out``.

    Raises ``IsADirectoryError`` when ``out`` is a folder and ``NotADatabaseError`` when it is
    a file that is not a SQLite database (or the metadata path a file that is not JSON): they
    are left as they were. The folder of ``out`` is created when missing.
    """
    meta_out = metadata_path(out)
    _refuse_foreign_file(out, SQLITE_HEADER, "SQLite database")
    _refuse_foreign_file(meta_out, b"{", "JSON metadata")
    out.parent.mkdir(parents=True, exist_ok=True)
    memory = sqlite3.connect(":memory:")
    try:
        fill(sqlite_utils.Database(memory), data)
        with _temporary_beside(out) as temporary:
            memory.execute("VACUUM INTO ?", (str(temporary),))
            os.chmod(temporary, _file_mode(out))
            os.replace(temporary, out)
    finally:
        memory.close()
    text = json.dumps(datasette_metadata(descriptor, out.stem), indent=2, ensure_ascii=False)
    with _temporary_beside(meta_out) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")
        os.chmod(temporary, _file_mode(meta_out))
        os.replace(temporary, meta_out)
    return out


# --- Datasette metadata ----------------------------------------------------------------------

#: Facets Datasette offers on a table's page by default.
FACETS = {
    "events": ["episode", "qualifier", "personnel"],
    "reports": ["hand", "qualifier"],
    "sources": ["kind", "language"],
    "coverage": ["episode", "direction", "found"],
    "tallies": ["episode", "direction"],
    "event_details": ["episode", "direction", "counterpart_name"],
}
#: The column Datasette shows for a row a foreign key points at.
LABEL_COLUMNS = {"states": "name", "sources": "publisher", "claims": "quote", "readings": "label"}


def _column_doc(column: ColumnSpec) -> str:
    doc = column.doc
    if column.kind == "choice":
        doc += f" One of: {', '.join(column.values)}."
    if column.refers_to is not None:
        doc += f" Refers to {column.refers_to[0]}.{column.refers_to[1]}."
    return doc


def datasette_metadata(descriptor: dict[str, object], database: str) -> dict[str, object]:
    """Datasette's metadata for the database named ``database`` (its file's stem), from the
    data package ``descriptor`` (title, description, licence, version) and the schema (a
    description of every table, view and column), with the canned queries and facets."""
    license_ = descriptor["licenses"][0]
    tables: dict[str, dict[str, object]] = {}
    for name, spec in TABLES.items():
        tables[name] = {
            "description": f"One row per {spec.unit}.",
            "columns": {column: _column_doc(c) for column, c in spec.columns.items()},
        }
    for name, (doc, columns) in DERIVED_TABLES.items():
        tables[name] = {"description": doc, "columns": dict(columns)}
    for name, (_sql, doc, columns) in VIEWS.items():
        tables[name] = {"description": doc, "columns": dict(columns)}
    for name, facets in FACETS.items():
        tables[name]["facets"] = facets
    for name, label in LABEL_COLUMNS.items():
        tables[name]["label_column"] = label
    tables["events"]["sort"] = "announced"
    return {
        "title": descriptor["title"],
        "description": f"{descriptor['description']} Data version {descriptor['version']}.",
        "license": license_["name"],
        "license_url": license_["path"],
        "source": "The published pages listed in the sources table",
        "source_url": f"/{database}/sources",
        "databases": {
            database: {
                "description": f"Data version {descriptor['version']} (tables SHA-256 "
                f"{descriptor['tablesSha256']}).",
                "tables": tables,
                "queries": {
                    name: {"title": title, "description": doc, "sql": sql}
                    for name, (title, doc, sql) in CANNED_QUERIES.items()
                },
            }
        },
    }
