"""The command line and the import path promised in the README."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from csvrows import edit, set_cell

from analysis.__main__ import main


def test_summary_prints_totals(capsys) -> None:
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Data valid: ")
    assert "russians_expelled" in out
    assert "expelled_by_russia" in out
    assert "Episode ukraine-2022 (2022-01-01 to 2022-12-31)" in out
    assert "Episode skripal-2018 (2018-03-01 to 2018-05-31)" in out


def test_summary_fails_on_bad_data(data_copy: Path, capsys) -> None:
    edit(data_copy / "events.csv", lambda rows: set_cell(rows, 3, "announced", "2022-02-30"))
    assert main(["summary", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "events.csv, line 4, column 'announced': must be a calendar date" in err


def test_import_from_a_fresh_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import analysis; print(analysis.load_events().shape)"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows, columns = ast.literal_eval(result.stdout)
    assert rows > 50
    assert columns == 14
