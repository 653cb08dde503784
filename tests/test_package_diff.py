"""``python -m analysis diff``: on a small repository made in tmp_path with two versions of
the data (a copy of data/ with one event removed and one note reworded)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from csvrows import edit, row_where, set_cell

from analysis import DEFAULT_DATA_DIR, load_dataset
from analysis.__main__ import ExitCode, main
from analysis.datadiff import add_optional_columns

#: An event of ukraine-2022 whose state has another event of the same direction, in no
#: response link: removing it and its reports leaves valid data.
REMOVED = "2022-03-30-SVK-RUS"
REWORDED = "2022-03-28-MKD-RUS"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def remove_event(data: Path, event_id: str) -> None:
    def without(column: str):
        def change(rows):
            position = rows[0].index(column)
            rows[:] = [rows[0], *(r for r in rows[1:] if r[position] != event_id)]

        return change

    edit(data / "events.csv", without("event_id"))
    edit(data / "reports.csv", without("event"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose data/ has two commits: the shipped tables, then the same with
    ``REMOVED`` gone and the note of ``REWORDED`` reworded."""
    root = tmp_path / "repo"
    data = root / "data"
    data.mkdir(parents=True)
    for path in DEFAULT_DATA_DIR.glob("*.csv"):
        shutil.copy(path, data / path.name)
    git(root, "init", "-q")
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", "first version")
    remove_event(data, REMOVED)
    edit(
        data / "events.csv",
        lambda rows: set_cell(rows, row_where(rows, "event_id", REWORDED), "note", "Reworded."),
    )
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", "second version")
    return root


def test_text_against_the_previous_version(repo: Path, capsys) -> None:
    assert main(["diff", "--data-dir", str(repo / "data")]) == ExitCode.OK
    out = capsys.readouterr().out
    first = git(repo, "rev-parse", "--short=7", "HEAD~1")
    assert out.startswith(f"Data at the previous data version ({first}, version unrecorded)")
    assert "Events: 0 added, 1 removed, 1 changed" in out
    assert f"  - {REMOVED}: " in out
    assert f"  ~ {REWORDED}:" in out
    assert "      note: " in out and "-> Reworded." in out
    assert "ukraine-2022 russians_expelled: events 51 -> 50, persons " in out
    assert "Claim verdicts flipped: " in out
    assert out.rstrip().endswith("Left out: figures whose picture changed are not compared.")


def test_json_and_an_uncommitted_change(repo: Path, capsys) -> None:
    data = repo / "data"
    edit(
        data / "events.csv",
        lambda rows: set_cell(rows, row_where(rows, "event_id", REWORDED), "note", "Again."),
    )
    assert main(["diff", "--data-dir", str(data), "--format", "json"]) == ExitCode.OK
    changes = json.loads(capsys.readouterr().out)
    assert changes["old"]["commit"] == git(repo, "rev-parse", "HEAD")
    assert changes["old"]["loads"] is True
    assert changes["events"]["removed"] == []
    assert changes["events"]["changed"] == [
        {"event_id": REWORDED, "fields": {"note": {"old": "Reworded.", "new": "Again."}}}
    ]
    assert all(row["old"] == row["new"] for row in changes["totals"])
    assert changes["verdicts"]["flipped"] == []

    assert main(["diff", "HEAD~1", "--data-dir", str(data), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert [row["event_id"] for row in changes["events"]["removed"]] == [REMOVED]
    (row,) = (
        r
        for r in changes["totals"]
        if (r["episode"], r["direction"]) == ("ukraine-2022", "russians_expelled")
    )
    assert row["new"]["events"] == row["old"]["events"] - 1


def test_old_tables_of_another_schema(repo: Path, capsys) -> None:
    """The old revision lacks a table: one line says so and only raw events compare."""
    data = repo / "data"
    git(repo, "rm", "-q", "data/coverage.csv")
    git(repo, "commit", "-q", "-m", "no coverage")
    git(repo, "checkout", "-q", "HEAD~1", "--", "data/coverage.csv")
    assert main(["diff", "HEAD", "--data-dir", str(data)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.splitlines()[1] == (
        "Note: the tables at HEAD do not load with today's loaders (the schema or the rules "
        "changed; missing at "
        f"{git(repo, 'rev-parse', '--short=7', 'HEAD')}: coverage.csv): only the raw "
        "events.csv rows are compared"
    )
    assert "Events: 0 added, 0 removed, 0 changed" in out
    assert "Totals" not in out


def test_a_revision_git_does_not_know(repo: Path, capsys) -> None:
    assert main(["diff", "no-such-rev", "--data-dir", str(repo / "data")]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err == f"python -m analysis: 'no-such-rev': git knows no such revision in {repo}\n"


def test_not_in_a_repository(data_copy: Path, capsys) -> None:
    assert main(["diff", "--data-dir", str(data_copy)]) == ExitCode.IO_ERROR
    assert capsys.readouterr().err == (
        f"python -m analysis: {data_copy}: not in a git repository (the diff command compares "
        "the tables with their state at a git revision)\n"
    )


def _drop_column(path: Path, column: str) -> None:
    def without(rows: list[list[str]]) -> None:
        position = rows[0].index(column)
        for row in rows:
            del row[position]

    edit(path, without)


def test_old_tables_get_the_optional_columns_added_since(tmp_path: Path) -> None:
    """Tables of data version 5 (no ``tallies.states``) load once the column is added empty;
    a missing required column is left for the loaders to report."""
    old = tmp_path / "old"
    shutil.copytree(DEFAULT_DATA_DIR, old)
    _drop_column(old / "tallies.csv", "states")
    assert add_optional_columns(old) == ["tallies.states"]
    data = load_dataset(old)
    assert data.tallies["states"].isna().all()
    assert len(data.tallies) == len(load_dataset().tallies)
    assert add_optional_columns(old) == []
    _drop_column(old / "tallies.csv", "counts")
    assert add_optional_columns(old) == []
    assert "counts" not in (old / "tallies.csv").read_text(encoding="utf-8").splitlines()[0]
