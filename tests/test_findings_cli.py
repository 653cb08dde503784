"""``python -m analysis findings``: every format, strict arguments, the exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from csvrows import edit, set_cell

from analysis import findings, load_dataset
from analysis.__main__ import ExitCode, main
from analysis.loaders import PROJECT_ROOT


@pytest.fixture(scope="module")
def table():
    return findings.findings_table(load_dataset())


@pytest.fixture
def cached(monkeypatch, table):
    """The findings of the shipped data computed once for the module (the rendering is what
    these tests check; test_findings.py checks the table)."""
    monkeypatch.setattr(findings, "findings_table", lambda data: table)
    return table


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["findings", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_is_the_default_and_fits_100_columns(cached, capsys) -> None:
    code, out, err = run(capsys)
    assert (code, err) == (ExitCode.OK, "")
    assert out == findings.to_text(cached)
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out.startswith("F01  right\n")
    assert run(capsys, "--format", "table")[1] == out


def test_markdown(cached, capsys) -> None:
    code, out, _ = run(capsys, "--format", "markdown")
    assert code == ExitCode.OK
    assert out == findings.to_markdown(cached)
    assert out.count("\n- **F") == len(cached) - 1


def test_json_and_csv_carry_every_column(cached, capsys) -> None:
    code, out, _ = run(capsys, "--format", "json")
    assert code == ExitCode.OK
    records = json.loads(out)
    assert [r["finding_id"] for r in records] == list(cached["finding_id"])
    assert list(records[0]) == list(findings.COLUMNS)
    code, out, _ = run(capsys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == ExitCode.OK
    assert [r["statement"] for r in rows] == list(cached["statement"])
    assert rows[0]["claims"] == "C02;C03;C04;C05;C06;C07;C08"


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml"],
        ["--format"],
        ["--formats", "csv"],
        ["extra"],
        ["--as-of", "2022-05-19"],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["findings", *args])
    assert exit_info.value.code == ExitCode.USAGE == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m analysis")
    assert "error: " in err
    assert "Traceback" not in err


def test_bad_data_exit_3(data_copy: Path, capsys) -> None:
    edit(data_copy / "events.csv", lambda rows: set_cell(rows, 3, "announced", "2022-02-30"))
    code, out, err = run(capsys, "--data-dir", str(data_copy))
    assert (code, out) == (ExitCode.INVALID_DATA, "")
    assert "events.csv, line 4, column 'announced'" in err


def test_missing_folder_exit_4(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "nowhere"))
    assert (code, out) == (ExitCode.IO_ERROR, "")
    assert err.count("\n") == 1 and "nowhere" in err


def test_make_run_ends_with_the_findings() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0].strip().splitlines()
    assert recipe[-1].strip() == "$(PY) -m analysis findings"
