"""The data published the way datasets are: ``data/datapackage.json`` (Frictionless Data
Package v2), generated from the declarations of ``analysis.schema``, with the data version and
the content hash of the tables recorded in ``data/CHANGELOG.md``.

- ``tables_sha256(data_dir)``: the content hash of the nine tables: the SHA-256 of the lines
  ``<sha256 of the file>  <file name>`` of every table present, in the order of the file
  names, each line ending in a line feed; the same as
  ``cd data && sha256sum $(printf '%s\\n' *.csv | LC_ALL=C sort) | sha256sum``.
- ``data_versions(changelog)``: every entry of the changelog, newest first.
- ``datapackage(data_dir)``: the descriptor; ``write_datapackage`` writes it (``python -m
  analysis package``), and refuses when the tables changed without a new changelog entry.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from analysis import safeio
from analysis.schema import (
    ALL_STATES,
    CORE_EPISODES,
    EPISODE_SPANS,
    MAX_CELL_CHARS,
    MAX_COUNT,
    PRECEDENT_EPISODES,
    REFS_SEPARATOR,
    STATES_SEPARATOR,
    TABLES,
    WAR_EPISODES,
    ColumnSpec,
    TableSpec,
)

DESCRIPTOR_NAME = "datapackage.json"
CHANGELOG_NAME = "CHANGELOG.md"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: The licence of the data (the code is MIT: pyproject.toml).
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
STATE_PATTERN = r"[A-Z]{3}"
#: What the pattern constraints say of a kind; the loaders check more (a state code that
#: exists, a known language, a calendar day): see data/README.md.
_PATTERNS = {
    "id": ID_PATTERN,
    "ref": ID_PATTERN,
    "refs": f"{ID_PATTERN}(?:{REFS_SEPARATOR}{ID_PATTERN})*",
    "state": STATE_PATTERN,
    "states": rf"\{ALL_STATES}|{STATE_PATTERN}(?:{STATES_SEPARATOR}{STATE_PATTERN})*",
    "language": r"[a-z]{2}",
    "url": r"https?://\S+",
}


class ChangelogError(ValueError):
    """data/CHANGELOG.md cannot be read as entries, or its newest entry does not record the
    tables as they are."""


@dataclass(frozen=True)
class DataVersion:
    """One entry of the data changelog."""

    version: str
    date: str
    sha256: str


_HEADING = re.compile(r"^## (?P<version>\d+\.\d+\.\d+) — (?P<date>\d{4}-\d{2}-\d{2})$", re.M)
_HASH = re.compile(r"^Tables SHA-256: `(?P<sha256>[0-9a-f]{64})`$", re.M)


def tables_sha256(data_dir: str | Path) -> str:
    """The content hash of the tables in ``data_dir`` (module docstring), hex digits."""
    folder = Path(data_dir)
    listing = "".join(
        f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n"
        for name in sorted(spec.filename for spec in TABLES.values())
        if (folder / name).is_file()
    )
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def data_versions(changelog: str | Path) -> list[DataVersion]:
    """Every entry of the changelog, newest (first in the file) first. Each entry is a
    heading ``## MAJOR.MINOR.PATCH — YYYY-MM-DD`` with a line ``Tables SHA-256: `HEX` ``."""
    text = Path(changelog).read_text(encoding="utf-8")
    headings = list(_HEADING.finditer(text))
    if not headings:
        raise ChangelogError(f"{changelog}: no entry '## MAJOR.MINOR.PATCH — YYYY-MM-DD'")
    versions = []
    for heading, after in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end() : after.start() if after else len(text)]
        found = _HASH.search(body)
        if found is None:
            raise ChangelogError(
                f"{changelog}: entry {heading['version']} records no 'Tables SHA-256: `HEX`'"
            )
        versions.append(DataVersion(heading["version"], heading["date"], found["sha256"]))
    return versions


def current_version(data_dir: str | Path) -> DataVersion:
    """The newest changelog entry, which must record the tables as they are in ``data_dir``."""
    folder = Path(data_dir)
    newest = data_versions(folder / CHANGELOG_NAME)[0]
    actual = tables_sha256(folder)
    if newest.sha256 != actual:
        raise ChangelogError(
            f"{folder / CHANGELOG_NAME}: the tables changed since data version {newest.version}"
            f" (their SHA-256 is now {actual}): add an entry that says what changed and why"
        )
    return newest


def field(name: str, column: ColumnSpec) -> dict[str, object]:
    """The Table Schema field of one column."""
    described: dict[str, object] = {"name": name, "description": column.doc}
    constraints: dict[str, object] = {"required": column.required}
    if column.kind == "date":
        described["type"] = "date"
    elif column.kind == "count":
        described["type"] = "integer"
        constraints |= {"minimum": 0, "maximum": MAX_COUNT}
    else:
        described["type"] = "string"
        constraints["maxLength"] = MAX_CELL_CHARS
        if column.kind == "choice":
            constraints["enum"] = list(column.values)
        elif column.kind in _PATTERNS:
            constraints["pattern"] = _PATTERNS[column.kind]
    if column.kind == "refs" and column.refers_to is not None:
        table, key = column.refers_to
        described["description"] = (
            f"{column.doc} Each id is a {key} of {table} (checked by the project's loaders: "
            "a foreign key cannot name a list)."
        )
    described["constraints"] = constraints
    return described


def table_schema(spec: TableSpec) -> dict[str, object]:
    """The Table Schema of one table: fields, primary key (the id column, else the first
    unique group), other unique groups, foreign keys (``ref`` columns)."""
    groups = [list(group) for group in spec.unique_together]
    primary = [spec.id_column] if spec.id_column else groups.pop(0)
    schema: dict[str, object] = {
        "fields": [field(name, column) for name, column in spec.columns.items()],
        "missingValues": [""],
        "primaryKey": primary,
    }
    if groups:
        schema["uniqueKeys"] = groups
    foreign = [
        {
            "fields": [name],
            "reference": {"resource": column.refers_to[0], "fields": [column.refers_to[1]]},
        }
        for name, column in spec.columns.items()
        if column.kind == "ref" and column.refers_to is not None
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def year_ranges(years: list[int]) -> str:
    """Years as runs: consecutive years joined by a dash, runs by commas and a final "and"
    (``[2018, 2022, 2023, 2024]`` gives ``"2018 and 2022-2024"``). Duplicates count once; the
    order given does not matter. An empty list is refused (ValueError)."""
    if not years:
        raise ValueError("year_ranges needs at least one year")
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _start_year(episode: str) -> int:
    return int(EPISODE_SPANS[episode][0][:4])


def scope_title() -> str:
    """The descriptor's title, from the episodes of ``analysis.schema``: the years of the core
    episodes as runs, then the number of precedents and the year of the first."""
    core_years = [_start_year(episode) for episode in CORE_EPISODES]
    first_precedent = min(_start_year(episode) for episode in PRECEDENT_EPISODES)
    return (
        "Tit-for-tat diplomatic expulsions between Russia and other states, "
        f"{year_ranges(core_years)}, with {len(PRECEDENT_EPISODES)} precedents since "
        f"{first_precedent} and every source"
    )


def scope_description() -> str:
    """The descriptor's description, its years taken from the episodes of ``analysis.schema``."""
    later_war_years = year_ranges([_start_year(episode) for episode in WAR_EPISODES[1:]])
    precedent_years = ", ".join(str(_start_year(episode)) for episode in PRECEDENT_EPISODES)
    skripal_start, skripal_end = (date.fromisoformat(day) for day in EPISODE_SPANS["skripal-2018"])
    return (
        f"Every announced expulsion measure between Russia and other states in "
        f"{_start_year(WAR_EPISODES[0])} (the invasion of Ukraine), in the war's later years "
        f"({later_war_years}), in {skripal_start:%B} to {skripal_end:%B %Y} (the Skripal "
        "poisoning) and in the earlier crises of one state with Moscow used as a yardstick "
        f"({precedent_years}); the reports of each in published sources, the "
        "links between measures, the totals published by others and the claims of the article "
        "under check. The rules of every table are in README.md; what changed in each version "
        "in CHANGELOG.md."
    )


def datapackage(data_dir: str | Path, version: DataVersion | None = None) -> dict[str, object]:
    """The descriptor of the tables in ``data_dir``: every table with its schema, the licence,
    the sources, the data version and content hash (default: of the newest changelog entry,
    which must record the tables as they are)."""
    if version is None:
        version = current_version(data_dir)
    return {
        "$schema": PROFILE,
        "name": "diplomatic-expulsions-russia",
        "title": scope_title(),
        "description": scope_description(),
        "version": version.version,
        "tablesSha256": version.sha256,
        "licenses": [DATA_LICENSE],
        "sources": [
            {
                "title": "The published pages listed in sources.csv (governments, wire "
                "agencies, national and local press), each read in a stored copy",
                "path": "sources.csv",
            }
        ],
        "keywords": ["diplomacy", "expulsions", "Russia", "fact-checking"],
        "resources": [
            {
                "name": spec.name,
                "type": "table",
                "path": spec.filename,
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": f"One row per {spec.unit}.",
                "schema": table_schema(spec),
            }
            for spec in TABLES.values()
        ],
    }


def descriptor_text(data_dir: str | Path) -> str:
    """``datapackage.json`` as written: two-space indents, UTF-8, a final line feed."""
    return json.dumps(datapackage(data_dir), indent=2, ensure_ascii=False) + "\n"


def write_datapackage(data_dir: str | Path) -> Path:
    """Write ``datapackage.json`` beside the tables, atomically (``safeio.write_atomic``: a
    full disk leaves the old file whole); return its path."""
    path = Path(data_dir) / DESCRIPTOR_NAME
    safeio.write_atomic(path, descriptor_text(data_dir).encode("utf-8"))
    return path
