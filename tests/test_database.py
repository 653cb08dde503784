"""The SQLite database (``analysis.database``, ``python -m analysis database``): the same
numbers as the library, the schema's keys and types, the same bytes from the same data, and
Datasette answering its canned queries in process, without a socket."""

from __future__ import annotations

import asyncio
import csv
import inspect
import json
import re
import shutil
import socket
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from csvrows import edit, set_cell

from analysis import DEFAULT_DATA_DIR, database, load_dataset
from analysis.__main__ import ExitCode, main
from analysis.claims import ARTICLE_DATE, evaluate_readings, reading_scope, split_personnel
from analysis.schema import TABLES
from analysis.summary import direction, totals_by_direction


def descriptor() -> dict[str, object]:
    return json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def db_path(data, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return database.build_database(
        data, tmp_path_factory.mktemp("db") / "expulsions.db", descriptor()
    )


@pytest.fixture
def db(db_path: Path):
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


# --- the same numbers as the library --------------------------------------------------------


def test_totals_equal_the_library_for_every_episode_and_direction(data, db) -> None:
    rows = {(r["episode"], r["direction"]): dict(r) for r in db.execute(database.TOTALS_SQL)}
    expected = {}
    for episode in sorted(set(data.events["episode"].astype(str))):
        view = data.episode(episode)
        table = totals_by_direction(view.events, view.reports)
        for way, totals in table.iterrows():
            if totals["events"] == 0:
                continue
            expected[(episode, way)] = {
                "episode": episode,
                "direction": way,
                **{column: int(totals[column]) for column in table.columns},
            }
    assert len(expected) >= 12
    assert rows == expected


def test_persons_per_year_equal_the_library(data, db) -> None:
    sql = database.CANNED_QUERIES["persons_per_year"][2]
    rows = [dict(r) for r in db.execute(sql)]
    events = data.events.assign(
        year=data.events["announced"].dt.year.astype(str), way=direction(data.events)
    )
    assert [r["year"] for r in rows] == sorted(events["year"].unique())
    for row in rows:
        year = events[events["year"] == row["year"]]
        against = year[year["way"] == "russians_expelled"]
        by_russia = year[year["way"] == "expelled_by_russia"]
        assert row == {
            "year": row["year"],
            "measures_against_russians": len(against),
            "russians_expelled": int(against["persons"].sum()),
            "measures_by_russia": len(by_russia),
            "expelled_by_russia": int(by_russia["persons"].sum()),
            "measures_of_unknown_size": int(year["persons"].isna().sum()),
        }


def test_reading_events_are_the_events_each_reading_counts(data, db) -> None:
    claims = data.claims.set_index("claim_id", drop=False)
    for _, reading in data.readings.iterrows():
        claim = claims.loc[reading["claim"]]
        counted, uncertain = split_personnel(
            reading_scope(reading, claim, data.events, ARTICLE_DATE), reading["personnel"]
        )
        rows = db.execute(
            "SELECT event_id, counts_as FROM reading_events WHERE reading_id = ?",
            (reading["reading_id"],),
        ).fetchall()
        assert sorted((r["event_id"], r["counts_as"]) for r in rows) == sorted(
            [(e, "counted") for e in counted["event_id"]]
            + [(e, "uncertain") for e in uncertain["event_id"]]
        ), reading["reading_id"]


def test_verdicts_are_the_library_verdicts(data, db) -> None:
    table = evaluate_readings(data.claims, data.readings, data.events, ARTICLE_DATE)
    stored = {r["reading_id"]: dict(r) for r in db.execute("SELECT * FROM verdicts")}
    assert set(stored) == set(table["reading_id"])
    for row in table.itertuples(index=False):
        assert (stored[row.reading_id]["value"], stored[row.reading_id]["verdict"]) == (
            row.value,
            row.verdict,
        )
        counted = db.execute(
            "SELECT coalesce(sum(persons), 0) FROM reading_events "
            "WHERE reading_id = ? AND counts_as = 'counted'",
            (row.reading_id,),
        ).fetchone()[0]
        assert counted == row.value


def test_every_event_has_its_adopted_report(db) -> None:
    missing = db.execute(
        "SELECT event_id FROM event_details WHERE adopted_from IS NOT NULL AND adopted_report IS NULL"
    ).fetchall()
    assert missing == []
    assert (
        db.execute("SELECT count(*) FROM event_details").fetchone()[0]
        == db.execute("SELECT count(*) FROM events").fetchone()[0]
    )


# --- the schema: keys, types, every cell ----------------------------------------------------


def test_foreign_keys_hold(db) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_ref_column_is_a_foreign_key(db) -> None:
    for name, spec in TABLES.items():
        declared = {
            (r["from"], r["table"], r["to"])
            for r in db.execute(f"PRAGMA foreign_key_list([{name}])")
        }
        for column, c in spec.columns.items():
            if c.kind == "ref":
                assert (column, *c.refers_to) in declared, (name, column)
            if c.kind == "state":
                assert (column, "states", "code") in declared, (name, column)


def test_columns_have_the_schema_types_and_keys(db) -> None:
    for name, spec in TABLES.items():
        info = {r["name"]: r for r in db.execute(f"PRAGMA table_info([{name}])")}
        assert list(info) == list(spec.columns), name
        key = database.primary_key(spec)
        for column, c in spec.columns.items():
            assert info[column]["type"] == ("INTEGER" if c.kind == "count" else "TEXT")
            assert bool(info[column]["notnull"]) == c.required or column in key, (name, column)
            assert info[column]["pk"] == (key.index(column) + 1 if column in key else 0)
        assert (
            "STRICT"
            in db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        )


def test_every_cell_is_the_csv_cell(db) -> None:
    """Rows in file order, each cell the file's text (an empty cell NULL, a count an int)."""
    for name, spec in TABLES.items():
        with (DEFAULT_DATA_DIR / spec.filename).open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        stored = db.execute(f"SELECT * FROM [{name}] ORDER BY rowid").fetchall()
        assert len(stored) == len(rows), name
        for line, (raw, row) in enumerate(zip(rows, stored, strict=True), start=2):
            for column, c in spec.columns.items():
                value = row[column]
                if raw[column] == "":
                    assert value is None, (name, line, column)
                elif c.kind == "count":
                    assert value == int(raw[column]), (name, line, column)
                else:
                    assert value == raw[column], (name, line, column)


def test_full_text_search_finds_excerpts(db) -> None:
    rows = db.execute(
        "SELECT reports.* FROM reports_fts JOIN reports ON reports.rowid = reports_fts.rowid "
        "WHERE reports_fts MATCH 'persona'"
    ).fetchall()
    assert rows
    assert all(
        "persona" in " ".join(r[c] or "" for c in ("excerpt", "gloss", "note")).lower()
        for r in rows
    )
    by_hand = [
        r
        for r in db.execute("SELECT excerpt, gloss, note FROM reports")
        if re.search(r"\bpersona\b", " ".join(v or "" for v in r).lower())
    ]
    assert len(rows) == len(by_hand)
    for name, columns in database.FTS_COLUMNS.items():
        sql = db.execute(
            "SELECT sql FROM sqlite_master WHERE name = ?", (f"{name}_fts",)
        ).fetchone()
        assert sql is not None and all(f'"{c}"' in sql[0] for c in columns), name
        assert (
            db.execute(f"SELECT count(*) FROM [{name}_fts]").fetchone()[0]
            == db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
        )


# --- the file: same bytes, written atomically, never over someone's file --------------------


def test_same_data_same_bytes(data, db_path: Path, tmp_path: Path) -> None:
    again = database.build_database(data, tmp_path / "expulsions.db", descriptor())
    assert again.read_bytes() == db_path.read_bytes()
    assert (
        database.metadata_path(again).read_bytes() == database.metadata_path(db_path).read_bytes()
    )


def test_changed_data_changed_bytes(data_copy: Path, db_path: Path, tmp_path: Path) -> None:
    edit(data_copy / "events.csv", lambda rows: set_cell(rows, 1, "note", "A changed note."))
    shutil.copy(DEFAULT_DATA_DIR / "datapackage.json", data_copy)
    out = tmp_path / "changed.db"
    assert main(["database", "--data-dir", str(data_copy), "--out", str(out)]) == ExitCode.OK
    assert out.read_bytes() != db_path.read_bytes()
    with sqlite3.connect(out) as connection:
        assert connection.execute("SELECT note FROM events ORDER BY rowid LIMIT 1").fetchone() == (
            "A changed note.",
        )


def test_a_failed_build_leaves_the_old_file(
    data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "expulsions.db"
    database.build_database(data, out, descriptor())
    before = out.read_bytes()

    def broken(db, data) -> None:
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(database, "fill", broken)
    with pytest.raises(RuntimeError):
        database.build_database(data, out, descriptor())
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "expulsions.db",
        "expulsions.metadata.json",
    ]


def one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip("\n").split("\n")
    assert len(lines) == 1, text
    return lines[0]


def test_cli_writes_the_database(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sub" / "x.db"
    assert main(["database", "--out", str(out)]) == ExitCode.OK
    assert capsys.readouterr().out == f"Database written: {out}\n"
    assert out.read_bytes().startswith(database.SQLITE_HEADER)
    metadata = json.loads((tmp_path / "sub" / "x.metadata.json").read_text(encoding="utf-8"))
    assert list(metadata["databases"]) == ["x"]


def test_cli_refuses_to_overwrite_a_file_it_did_not_write(tmp_path: Path, capsys) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    assert main(["database", "--out", str(target)]) == ExitCode.IO_ERROR
    assert one_line(capsys.readouterr().err) == (
        f"python -m analysis: {target}: exists and is not a SQLite database: not overwritten"
    )
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_cli_out_onto_a_folder(tmp_path: Path, capsys) -> None:
    assert main(["database", "--out", str(tmp_path)]) == ExitCode.IO_ERROR
    assert one_line(capsys.readouterr().err) == (
        f"python -m analysis: {tmp_path}: is a folder (--out names the SQLite database file)"
    )


@pytest.mark.parametrize("out", ["", " ", "report/"])
def test_cli_out_is_read_strictly(out: str, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["database", "--out", out])
    assert caught.value.code == ExitCode.USAGE
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"python -m analysis database: error: argument --out: {out!r} is not a file name "
        "(e.g. report/expulsions.db)"
    )


def test_cli_unknown_option(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["database", "--output", "x.db"])
    assert caught.value.code == ExitCode.USAGE


def test_cli_bad_data(data_copy: Path, tmp_path: Path, capsys) -> None:
    edit(data_copy / "events.csv", lambda rows: set_cell(rows, 3, "persons", "-3"))
    shutil.copy(DEFAULT_DATA_DIR / "datapackage.json", data_copy)
    out = tmp_path / "x.db"
    assert main(["database", "--data-dir", str(data_copy), "--out", str(out)]) == 3
    assert "events.csv, line 4, column 'persons'" in capsys.readouterr().err
    assert not out.exists()


def test_cli_without_a_data_package(data_copy: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.db"
    assert main(["database", "--data-dir", str(data_copy), "--out", str(out)]) == 4
    assert one_line(capsys.readouterr().err) == (
        f"python -m analysis: {data_copy / 'datapackage.json'}: No such file or directory"
    )
    assert not out.exists()


def test_cli_no_data_folder(tmp_path: Path, capsys) -> None:
    assert main(["database", "--data-dir", str(tmp_path / "nope")]) == ExitCode.IO_ERROR
    assert "--data-dir DIR" in one_line(capsys.readouterr().err)


# --- Datasette ------------------------------------------------------------------------------


def test_metadata_describes_every_table_and_column(db_path: Path, db) -> None:
    metadata = json.loads(database.metadata_path(db_path).read_text(encoding="utf-8"))
    package = descriptor()
    assert metadata["title"] == package["title"]
    assert metadata["license"] == package["licenses"][0]["name"]
    assert metadata["license_url"] == package["licenses"][0]["path"]
    assert package["version"] in metadata["description"]
    tables = metadata["databases"]["expulsions"]["tables"]
    objects = db.execute(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE '%\\_fts%' ESCAPE '\\'"
    ).fetchall()
    assert {r["name"] for r in objects} == set(tables)
    for row in objects:
        columns = [c["name"] for c in db.execute(f"PRAGMA table_info([{row['name']}])")]
        described = tables[row["name"]]
        assert described["description"]
        for column in columns:
            known = described["columns"].get(column) or (
                row["type"] == "view" and _described_somewhere(column, tables)
            )
            assert known, (row["name"], column)


def _described_somewhere(column: str, tables: dict) -> bool:
    return any(column in t["columns"] for t in tables.values())


class NoSocket(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connect, bind, send or name lookup fails the test (asyncio's own socket pair,
    made without any of them, is allowed)."""

    def refuse(*args, **kwargs):
        raise NoSocket(f"a socket was used: {args[1:]!r}")

    for method in ("connect", "connect_ex", "bind", "sendto", "listen"):
        monkeypatch.setattr(socket.socket, method, refuse)
    for function in ("create_connection", "getaddrinfo", "gethostbyname", "create_server"):
        monkeypatch.setattr(socket, function, refuse)


def datasette_answers(db_path: Path, paths: list[str]) -> list[tuple[int, object]]:
    from datasette.app import Datasette

    metadata = json.loads(database.metadata_path(db_path).read_text(encoding="utf-8"))

    async def ask() -> list[tuple[int, object]]:
        ds = Datasette([str(db_path)], metadata=metadata, immutables=[])
        answers = []
        for path in paths:
            response = await ds.client.get(path)
            answers.append((response.status_code, response.json()))
        return answers

    return asyncio.run(ask())


def test_datasette_answers_the_canned_queries_and_a_search(
    db_path: Path, db, no_network: None
) -> None:
    paths = {
        "persons_per_year": "/expulsions/persons_per_year.json?_shape=array",
        "totals": "/expulsions/totals.json?_shape=array",
        "claim_events": "/expulsions/claim_events.json?claim=C01&_shape=array",
        "event_evidence": "/expulsions/event_evidence.json?event=2022-04-08-RUS-POL&_shape=array",
        "search": "/expulsions/reports.json?_search=persona&_shape=array&_size=max",
        "metadata": "/-/metadata.json",
    }
    assert set(database.CANNED_QUERIES) <= set(paths)
    answers = dict(zip(paths, datasette_answers(db_path, list(paths.values())), strict=True))
    for name, (status, _body) in answers.items():
        assert status == 200, name
    assert answers["persons_per_year"][1] == [
        dict(r) for r in db.execute(database.CANNED_QUERIES["persons_per_year"][2])
    ]
    assert answers["totals"][1] == [dict(r) for r in db.execute(database.TOTALS_SQL)]
    claim_rows = answers["claim_events"][1]
    assert {r["claim"] for r in claim_rows} == {"C01"}
    natural = [r for r in claim_rows if r["natural"] == "yes" and r["counts_as"] == "counted"]
    assert sum(r["persons"] or 0 for r in natural) == natural[0]["reading_value"]
    evidence = answers["event_evidence"][1]
    assert evidence[0]["adopted"] == "yes"
    assert {r["report_id"] for r in evidence} == {
        r[0]
        for r in db.execute("SELECT report_id FROM reports WHERE event = '2022-04-08-RUS-POL'")
    }
    found = answers["search"][1]
    expected = db.execute(
        "SELECT count(*) FROM reports_fts WHERE reports_fts MATCH 'persona'"
    ).fetchone()[0]
    assert len(found) == expected > 0
    assert all(
        "persona" in " ".join(str(r[c] or "") for c in ("excerpt", "gloss", "note")).lower()
        for r in found
    )
    assert answers["metadata"][1]["license"] == "CC-BY-4.0"


def test_the_socket_guard_works(no_network: None) -> None:
    with pytest.raises(NoSocket):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NoSocket), socket.socket() as probe:
        probe.connect(("127.0.0.1", 9))


def test_event_details_direction(db) -> None:
    """The view computes the direction itself: every event has Russia on exactly one side."""
    frame = pd.DataFrame([dict(r) for r in db.execute("SELECT * FROM event_details")])
    assert set(frame["direction"]) == {"expelled_by_russia", "russians_expelled"}
    assert (frame["counterpart"] != "RUS").all()


def test_the_report_index_links_the_default_database() -> None:
    """``make run`` writes the database beside the report's index, which links it."""
    from analysis import report

    assert database.default_database() == report.DEFAULT_REPORT_DIR / database.DATABASE_NAME
    assert f'href="{database.DATABASE_NAME}"' in inspect.getsource(report.index_html)


def test_cli_with_a_broken_data_package(data_copy: Path, tmp_path: Path, capsys) -> None:
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "x.db"
    assert main(["database", "--data-dir", str(data_copy), "--out", str(out)]) == 3
    assert one_line(capsys.readouterr().err).startswith(
        f"python -m analysis: {data_copy / 'datapackage.json'}: not JSON"
    )
    assert not out.exists()
