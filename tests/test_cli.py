"""The command line and the import path promised in the README."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from csvrows import edit, read_rows, set_cell, write_rows

from analysis import __main__ as cli
from analysis import loaders
from analysis.__main__ import DEBUG_VARIABLE, ExitCode, main
from analysis.loaders import PROJECT_ROOT
from analysis.schema import EPISODES


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
    assert main(["summary", "--data-dir", str(data_copy)]) == 3
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


# --- exit codes and messages: no traceback for a user's error --------------------------------


def python_m_analysis(*args: str, **kwargs) -> subprocess.Popen:
    """``python -m analysis ARGS`` in a fresh interpreter that imports this tree's package."""
    path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    env.pop(DEBUG_VARIABLE, None)
    return subprocess.Popen([sys.executable, "-m", "analysis", *args], env=env, **kwargs)


def one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip("\n").split("\n")
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize(
    "as_of",
    ["banana", "", "05/04/2022", "2022-5-19", "20220519", "2022-05-19T00:00+02:00", "2022-02-30"],
)
def test_as_of_is_read_strictly(as_of: str, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["claims", "--as-of", as_of])
    assert caught.value.code == ExitCode.USAGE == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"python -m analysis claims: error: argument --as-of: {as_of!r} is not a date "
        "written YYYY-MM-DD (e.g. 2022-05-19)"
    )


def test_as_of_default_is_the_article_day(capsys) -> None:
    assert main(["claims", "--format", "csv"]) == ExitCode.OK
    default = capsys.readouterr().out
    assert main(["claims", "--format", "csv", "--as-of", "2022-05-19"]) == ExitCode.OK
    assert capsys.readouterr().out == default
    assert main(["claims", "--format", "csv", "--as-of", "2022-04-01"]) == ExitCode.OK
    assert capsys.readouterr().out != default


def test_no_data_folder(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "data"
    assert main(["summary", "--data-dir", str(folder)]) == ExitCode.IO_ERROR == 4
    err = one_line(capsys.readouterr().err)
    assert err == (
        f"python -m analysis: {folder}: no data folder here; "
        "name the folder of the CSV tables with --data-dir DIR"
    )


@pytest.mark.parametrize("command", ["summary", "claims"])
def test_installed_without_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, capsys
) -> None:
    """``pip install .`` elsewhere: the default data/ is missing; the message names --data-dir."""
    monkeypatch.setattr(loaders, "DEFAULT_DATA_DIR", tmp_path / "data")
    assert main([command]) == ExitCode.IO_ERROR
    assert "--data-dir DIR" in one_line(capsys.readouterr().err)


def test_an_unreadable_table(data_copy: Path, capsys) -> None:
    (data_copy / "events.csv").unlink()
    (data_copy / "events.csv").mkdir()
    assert main(["claims", "--data-dir", str(data_copy)]) == ExitCode.IO_ERROR
    assert one_line(capsys.readouterr().err) == (
        f"python -m analysis: {data_copy / 'events.csv'}: Is a directory"
    )


def test_report_onto_an_existing_file(tmp_path: Path, capsys) -> None:
    target = tmp_path / "report.html"
    target.write_text("mine", encoding="utf-8")
    assert main(["report", "--out", str(target)]) == ExitCode.IO_ERROR
    assert one_line(capsys.readouterr().err) == (
        f"python -m analysis: {target}: exists and is not a folder "
        "(--out names the report's folder)"
    )
    assert target.read_text(encoding="utf-8") == "mine"


def test_notebooks_without_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from analysis import notebooks

    monkeypatch.setattr(notebooks, "NOTEBOOKS_DIR", tmp_path)
    assert main(["notebooks"]) == ExitCode.IO_ERROR
    assert "no numbered notebooks here" in one_line(capsys.readouterr().err)


def boom(*args: object) -> None:
    raise RuntimeError("boom\nsecond line")


def test_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.delenv(DEBUG_VARIABLE, raising=False)
    monkeypatch.setattr(cli, "summary", boom)
    assert main(["summary"]) == ExitCode.INTERNAL_ERROR == 1
    assert one_line(capsys.readouterr().err) == (
        "python -m analysis: internal error: RuntimeError: boom "
        "(a bug; set ANALYSIS_DEBUG=1 to see the traceback)"
    )


def test_internal_error_traceback_on_demand(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv(DEBUG_VARIABLE, "1")
    monkeypatch.setattr(cli, "summary", boom)
    assert main(["summary"]) == ExitCode.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.rstrip().endswith("(a bug; set ANALYSIS_DEBUG=1 to see the traceback)")


def test_missing_optional_package(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def missing() -> None:
        raise ModuleNotFoundError("No module named 'jupytext'", name="jupytext")

    monkeypatch.setattr(cli, "run_notebooks", missing)
    assert main(["notebooks"]) == ExitCode.INTERNAL_ERROR
    assert "needs the package 'jupytext'" in one_line(capsys.readouterr().err)


def test_interrupted(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "summary", interrupt)
    assert main(["summary"]) == ExitCode.INTERRUPTED == 130
    assert one_line(capsys.readouterr().err) == "python -m analysis: interrupted"


def test_output_closed_early_ends_quietly() -> None:
    """``python -m analysis claims | head -1``: the reader is gone before the first write."""
    process = python_m_analysis("claims", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == ExitCode.BROKEN_PIPE == 141
    assert err == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk() -> None:
    with open("/dev/full", "w") as full:
        process = python_m_analysis("summary", stdout=full, stderr=subprocess.PIPE, text=True)
        _, err = process.communicate(timeout=120)
    assert process.returncode == ExitCode.IO_ERROR
    assert one_line(err) == "python -m analysis: <standard output>: No space left on device"


def keep_episode(data: Path, episode: str) -> None:
    """Cut a data copy down to one episode's events, the rows about them (links within it)
    and its coverage."""
    events = read_rows(data / "events.csv")
    column = events[0].index("episode")
    kept = [events[0], *(row for row in events[1:] if row[column] == episode)]
    write_rows(data / "events.csv", kept)
    ids = {row[0] for row in kept[1:]}
    coverage = read_rows(data / "coverage.csv")
    column = coverage[0].index("episode")
    write_rows(
        data / "coverage.csv", [coverage[0], *(r for r in coverage[1:] if r[column] == episode)]
    )
    for name, keys in (("responses.csv", ("response", "stimulus")), ("reports.csv", ("event",))):
        rows = read_rows(data / name)
        positions = [rows[0].index(key) for key in keys]
        # A link to a measure of an earlier year of the war goes with that measure.
        write_rows(
            data / name,
            [rows[0], *(row for row in rows[1:] if all(row[p] in ids for p in positions))],
        )


@pytest.mark.parametrize("episode", EPISODES)
def test_summary_of_one_episode(data_copy: Path, episode: str, capsys) -> None:
    keep_episode(data_copy, episode)
    assert main(["summary", "--data-dir", str(data_copy)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert f"Episode {episode} (" in out
    for other in set(EPISODES) - {episode}:
        assert f"Episode {other}" not in out


def test_docs_document_every_exit_code() -> None:
    # The README links the reference page of the command line, which lists the codes.
    assert "(docs/command-line.md)" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    page = (PROJECT_ROOT / "docs" / "command-line.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"\n| {code.value} | " in page, code
