"""The data published as a Frictionless Data Package, its changelog and its citation.

The CFF schema (tests/cff-schema-1.2.0.json) is the Citation File Format's schema 1.2.0
(CC-BY-4.0, citation-file-format.github.io), as shipped in cffconvert 2.0.0: validated
offline with jsonschema.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from csvrows import edit, row_where, set_cell

from analysis import DEFAULT_DATA_DIR, DataValidationError, load_dataset
from analysis.__main__ import ExitCode, main
from analysis.loaders import PROJECT_ROOT
from analysis.package import (
    CHANGELOG_NAME,
    DESCRIPTOR_NAME,
    ChangelogError,
    DataVersion,
    current_version,
    data_versions,
    datapackage,
    descriptor_text,
    scope_description,
    scope_title,
    tables_sha256,
    year_ranges,
)
from analysis.schema import (
    CORE_EPISODES,
    EPISODE_SPANS,
    PRECEDENT_EPISODES,
    TABLES,
)

frictionless = pytest.importorskip("frictionless")

#: Any version: the paired tests check the tables, not the changelog.
SCRATCH = DataVersion("0.0.0", "2026-01-01", "0" * 64)


def frictionless_errors(data_dir: Path) -> list[str]:
    """The types of the errors frictionless finds in the tables of ``data_dir``, with the
    descriptor generated for them (foreign keys included)."""
    descriptor = data_dir / DESCRIPTOR_NAME
    descriptor.write_text(json.dumps(datapackage(data_dir, SCRATCH)), encoding="utf-8")
    report = frictionless.validate(str(descriptor))
    return [error.type for task in report.tasks for error in task.errors] + [
        error.type for error in report.errors
    ]


def test_the_descriptor_on_disk_is_the_one_the_schema_generates() -> None:
    on_disk = (DEFAULT_DATA_DIR / DESCRIPTOR_NAME).read_text(encoding="utf-8")
    assert on_disk == descriptor_text(DEFAULT_DATA_DIR), (
        "data/datapackage.json is stale: run python -m analysis package"
    )


def test_the_descriptor_declares_every_table_and_reference() -> None:
    package = json.loads((DEFAULT_DATA_DIR / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    events = next(r for r in package["resources"] if r["name"] == "events")["schema"]
    assert events["primaryKey"] == ["event_id"]
    assert {
        "fields": ["adopted_from"],
        "reference": {"resource": "sources", "fields": ["source_id"]},
    } in events["foreignKeys"]
    fields = {f["name"]: f for f in events["fields"]}
    assert fields["persons"]["constraints"] == {
        "required": False,
        "minimum": 0,
        "maximum": 1_000_000,
    }
    assert fields["qualifier"]["constraints"]["enum"] == ["exact", "at_least", "about", "unknown"]


def test_every_reference_names_an_id_column() -> None:
    for spec in TABLES.values():
        for name, column in spec.columns.items():
            if column.kind in ("ref", "refs"):
                assert column.refers_to is not None, f"{spec.name}.{name}"
                table, key = column.refers_to
                assert TABLES[table].id_column == key, f"{spec.name}.{name}"
            else:
                assert column.refers_to is None, f"{spec.name}.{name}"


def test_frictionless_and_the_loaders_accept_the_shipped_data() -> None:
    load_dataset(DEFAULT_DATA_DIR)
    report = frictionless.validate(str(DEFAULT_DATA_DIR / DESCRIPTOR_NAME))
    assert report.valid, report.flatten(["type", "note"])[:5]


# --- paired refusals: what the loaders refuse, frictionless refuses too ----------------------


def _type(rows):
    set_cell(rows, 3, "persons", "twelve")


def _duplicate_id(rows):
    rows.append(list(rows[5]))


def _unknown_source(rows):
    set_cell(rows, 2, "source", "no-such-source")


def _unknown_event(rows):
    set_cell(rows, row_where(rows, "response", rows[1][0]), "stimulus", "2022-01-01-XXX-RUS")


def _enum(rows):
    set_cell(rows, 4, "qualifier", "roughly")


@pytest.mark.parametrize(
    ("table", "change", "loaders_say", "frictionless_says"),
    [
        ("events", _type, "column 'persons'", "type-error"),
        ("events", _enum, "must be one of", "constraint-error"),
        ("sources", _duplicate_id, "source_id", "primary-key"),
        ("reports", _unknown_source, "refers to no source", "foreign-key"),
        ("responses", _unknown_event, "refers to no event", "foreign-key"),
    ],
    ids=["type", "enum", "primary-key", "foreign-key-source", "foreign-key-event"],
)
def test_both_refuse(data_copy: Path, table, change, loaders_say, frictionless_says) -> None:
    edit(data_copy / f"{table}.csv", change)
    with pytest.raises(DataValidationError) as refused:
        load_dataset(data_copy)
    assert loaders_say in str(refused.value)
    assert frictionless_says in frictionless_errors(data_copy)


# --- the changelog ----------------------------------------------------------------------------


def test_the_newest_changelog_entry_records_the_tables() -> None:
    versions = data_versions(DEFAULT_DATA_DIR / CHANGELOG_NAME)
    assert current_version(DEFAULT_DATA_DIR) == versions[0]
    assert versions[0].sha256 == tables_sha256(DEFAULT_DATA_DIR)
    numbers = [tuple(int(p) for p in v.version.split(".")) for v in versions]
    assert numbers == sorted(numbers, reverse=True)
    assert len(set(numbers)) == len(numbers)
    assert len({v.sha256 for v in versions}) == len(versions)


def test_changed_tables_need_a_new_entry(data_copy: Path, capsys) -> None:
    shutil.copy(DEFAULT_DATA_DIR / CHANGELOG_NAME, data_copy / CHANGELOG_NAME)
    assert main(["package", "--data-dir", str(data_copy)]) == ExitCode.OK
    assert (data_copy / DESCRIPTOR_NAME).read_text(encoding="utf-8") == descriptor_text(
        DEFAULT_DATA_DIR
    )
    capsys.readouterr()
    edit(data_copy / "events.csv", lambda rows: set_cell(rows, 1, "note", "Reworded."))
    with pytest.raises(ChangelogError, match="the tables changed since data version"):
        current_version(data_copy)
    assert main(["package", "--data-dir", str(data_copy)]) == ExitCode.INVALID_DATA
    err = capsys.readouterr().err.strip()
    assert "add an entry that says what changed and why" in err
    assert len(err.splitlines()) == 1


# --- the citation -----------------------------------------------------------------------------


def test_the_citation_is_valid_cff_and_agrees_with_the_package() -> None:
    schema = json.loads((Path(__file__).parent / "cff-schema-1.2.0.json").read_text("utf-8"))
    citation = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(citation)
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert citation["version"] == project["project"]["version"]
    assert citation["license"] == project["project"]["license"] == "MIT"
    (data,) = (r for r in citation["references"] if r["type"] == "data")
    assert data["version"] == current_version(DEFAULT_DATA_DIR).version
    assert data["license"] == "CC-BY-4.0"


def test_a_broken_citation_is_refused() -> None:
    schema = json.loads((Path(__file__).parent / "cff-schema-1.2.0.json").read_text("utf-8"))
    citation = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del citation["authors"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(citation)


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([2018], "2018"),
        ([2022, 2018], "2018 and 2022"),
        ([2018, 2022, 2023, 2024, 2025, 2026], "2018 and 2022-2026"),
        ([1971, 1985, 1986, 2001], "1971, 1985-1986 and 2001"),
        ([2023, 2023, 2024], "2023-2024"),
    ],
)
def test_year_ranges_join_consecutive_years(years: list[int], expected: str) -> None:
    assert year_ranges(years) == expected


def test_year_ranges_refuse_no_years() -> None:
    with pytest.raises(ValueError, match="at least one year"):
        year_ranges([])


def test_the_title_and_description_name_every_episode_year() -> None:
    title, description = scope_title(), scope_description()
    assert ", 2018 and 2022-2026, with 9 precedents since 1971 and" in title
    assert len(CORE_EPISODES) == 6 and len(PRECEDENT_EPISODES) == 9
    assert "later years (2023-2026)" in description
    for episode in PRECEDENT_EPISODES:
        assert EPISODE_SPANS[episode][0][:4] in description
    assert "March to May 2018" in description
    assert json.loads((DEFAULT_DATA_DIR / DESCRIPTOR_NAME).read_text())["title"] == title
