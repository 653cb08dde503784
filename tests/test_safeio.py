"""Writes that cannot half-happen, tables that cannot hang the loader, nothing left behind.

Each writer of a command is run with a full disk (``os.write`` raising ENOSPC): the old file
stays whole, no temporary file stays beside it, and the command answers one line and exit 4.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import DEFAULT_DATA_DIR, notebooks, safeio
from analysis.__main__ import ExitCode, main
from analysis.package import DESCRIPTOR_NAME

FULL = "No space left on device"


def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``os.write`` fails as on a full disk (the writers write through it)."""

    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def data_folder(tmp_path: Path) -> Path:
    """The shipped data with its changelog and descriptor."""
    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    return folder


# --- atomic writes ------------------------------------------------------------------------


def test_package_on_a_full_disk_keeps_the_old_descriptor(
    data_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    descriptor = data_folder / DESCRIPTOR_NAME
    descriptor.write_text('{"old": "descriptor"}\n', encoding="utf-8")
    before = files(data_folder)
    disk_full(monkeypatch)
    assert main(["package", "--data-dir", str(data_folder)]) == ExitCode.IO_ERROR == 4
    assert one_line(capsys.readouterr().err) == f"python -m analysis: {descriptor}: {FULL}"
    assert files(data_folder) == before


def test_package_writes_the_descriptor_whole(data_folder: Path, capsys) -> None:
    (data_folder / DESCRIPTOR_NAME).write_text("{", encoding="utf-8")
    assert main(["package", "--data-dir", str(data_folder)]) == ExitCode.OK
    assert (data_folder / DESCRIPTOR_NAME).read_bytes() == (
        DEFAULT_DATA_DIR / DESCRIPTOR_NAME
    ).read_bytes()
    assert sorted(p.name for p in data_folder.iterdir() if p.name.startswith(".")) == []


def test_report_on_a_full_disk_changes_no_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / "index.html").write_text("old index", encoding="utf-8")
    (out / "evidence.html").write_text("old evidence", encoding="utf-8")
    before = files(out)
    from analysis.figures import FIGURES_DIR_VARIABLE
    from analysis.loaders import PROJECT_ROOT

    monkeypatch.setenv(FIGURES_DIR_VARIABLE, str(PROJECT_ROOT / "figures"))  # the shipped ones
    disk_full(monkeypatch)
    assert main(["report", "--out", str(out)]) == ExitCode.IO_ERROR
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"python -m analysis: {out}/") and line.endswith(f": {FULL}"), line
    assert files(out) == before


def test_the_notebook_writes_on_a_full_disk_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "01-a.ipynb"
    old.write_bytes(b"old notebook")
    targets = {old: b"new notebook", tmp_path / "figures" / "a.svg": b"<svg/>"}
    disk_full(monkeypatch)
    with pytest.raises(OSError, match=FULL) as caught:
        notebooks.write_outputs(targets)
    assert caught.value.filename == str(old)
    assert files(tmp_path) == {"01-a.ipynb": b"old notebook"}


def test_a_failed_rename_puts_back_the_files_already_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = (tmp_path / n for n in ("a.txt", "b.txt", "c.txt"))
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    real_replace = os.replace
    calls = []

    def replace(source, target):
        calls.append(Path(target))
        if Path(target) == third:
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="Input/output error"):
        safeio.write_all({first: b"new a", second: b"new b", third: b"new c"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert calls[:3] == [first, second, third]
    assert files(tmp_path) == {"a.txt": b"old a", "b.txt": b"old b"}


def test_write_atomic_writes_in_pieces_when_os_write_is_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    safeio.write_atomic(tmp_path / "f", b"0123456789")
    monkeypatch.undo()
    assert (tmp_path / "f").read_bytes() == b"0123456789"


# --- all of a run's outputs or none -----------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` read-only: by its permissions, or (as root, whom permissions do not stop)
    by a read-only bind mount of it."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot make {folder} read-only as root: {mounted.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_figures_folder_leaves_every_file_unchanged(tmp_path: Path) -> None:
    """The run executes, then cannot write the figure: no notebook, no record is written."""
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / "figures").mkdir()
    (project / "notebooks" / "01-a.py").write_text(
        "# %%\nimport os, pathlib\n"
        '_ = pathlib.Path(os.environ["EXPULSIONS_FIGURES_DIR"], "a.svg").write_text("<svg/>")\n',
        encoding="utf-8",
    )
    before = files(project)
    out, err = io.StringIO(), io.StringIO()
    with read_only(project / "figures"):
        outcome = notebooks.run_all(
            project / "notebooks", figures_to=project / "figures", out=out, err=err
        )
        with pytest.raises(OSError):
            (project / "figures" / "probe").write_text("x")
    assert outcome.code == notebooks.EXIT_FAILED == 4
    assert "executed" in out.getvalue()
    line = one_line(err.getvalue())
    assert "a.svg: Read-only file system; nothing was written (exit 4)." in line or (
        "a.svg: Permission denied; nothing was written (exit 4)." in line
    ), line
    assert files(project) == before
    assert not (project / "notebooks" / "01-a.ipynb").exists()


# --- reading a table --------------------------------------------------------------------------


def test_a_fifo_in_place_of_a_table_is_refused_by_name(data_folder: Path, capsys) -> None:
    table = data_folder / "tallies.csv"
    table.unlink()
    os.mkfifo(table)
    started = time.monotonic()
    assert main(["summary", "--data-dir", str(data_folder)]) == ExitCode.IO_ERROR
    assert time.monotonic() - started < 60
    assert one_line(capsys.readouterr().err) == (
        f"python -m analysis: {table}: is a FIFO (named pipe), not a regular file: "
        "a table must be a file"
    )


def test_a_link_to_a_device_is_refused_by_name(data_folder: Path, capsys) -> None:
    table = data_folder / "tallies.csv"
    table.unlink()
    table.symlink_to("/dev/zero")
    assert main(["summary", "--data-dir", str(data_folder)]) == ExitCode.IO_ERROR
    assert one_line(capsys.readouterr().err) == (
        f"python -m analysis: {table}: is a character device, not a regular file: "
        "a table must be a file"
    )


def test_a_folder_in_place_of_a_table_is_refused_by_name(data_folder: Path, capsys) -> None:
    table = data_folder / "tallies.csv"
    table.unlink()
    table.mkdir()
    assert main(["summary", "--data-dir", str(data_folder)]) == ExitCode.IO_ERROR
    assert one_line(capsys.readouterr().err) == (
        f"python -m analysis: {table}: is a folder, not a regular file: a table must be a file"
    )


def test_a_table_over_the_size_limit_is_refused_before_reading(
    data_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from analysis import loaders

    table = max(data_folder.glob("*.csv"), key=lambda p: p.stat().st_size)
    size = table.stat().st_size
    monkeypatch.setattr(loaders, "MAX_TABLE_BYTES", size - 1)
    assert main(["summary", "--data-dir", str(data_folder)]) == ExitCode.INVALID_DATA
    err = capsys.readouterr().err
    assert f"{table}: file is larger than {size - 1} bytes (schema.MAX_TABLE_BYTES): {size}" in err
    monkeypatch.setattr(loaders, "MAX_TABLE_BYTES", size)
    assert main(["summary", "--data-dir", str(data_folder)]) == ExitCode.OK


def test_a_sparse_huge_table_is_refused_without_filling_memory(data_folder: Path, capsys) -> None:
    table = data_folder / "tallies.csv"
    with table.open("r+b") as handle:
        handle.truncate(10**12)  # a terabyte, sparse: nothing is stored
    assert main(["summary", "--data-dir", str(data_folder)]) == ExitCode.INVALID_DATA
    assert "file is larger than 64000000 bytes" in capsys.readouterr().err


def test_the_empty_data_dir_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["summary", "--data-dir", ""])
    assert caught.value.code == ExitCode.USAGE
    assert "argument --data-dir: '' names no folder" in capsys.readouterr().err


def python_m_analysis(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "analysis", *args], **kwargs)


@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_a_closed_or_full_stderr_keeps_the_exit_code(tmp_path: Path, stderr: str) -> None:
    command = [sys.executable, "-m", "analysis", "summary", "--data-dir", str(tmp_path / "no")]
    if stderr == "closed":
        process = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            stderr=None,
            close_fds=True,
            preexec_fn=lambda: os.close(2),
        )
    else:
        with open("/dev/full", "w") as full:
            process = subprocess.run(command, stdout=subprocess.PIPE, stderr=full)
    assert process.returncode == ExitCode.IO_ERROR
    assert process.stdout == b""


def test_bad_data_with_a_closed_stderr_still_exits_3(data_folder: Path) -> None:
    (data_folder / "tallies.csv").write_text("nonsense\n", encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "analysis", "summary", "--data-dir", str(data_folder)],
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
    )
    assert process.returncode == ExitCode.INVALID_DATA
    assert process.stdout == b""


# --- nothing left behind ----------------------------------------------------------------------


def test_stale_temporary_files_of_a_dead_run_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    stale = tmp_path / f".index.html.analysis-{pid}.abc123.tmp"
    alive = tmp_path / f".index.html.analysis-{os.getppid()}.abc123.tmp"
    foreign = tmp_path / ".index.html.someone-else.tmp"
    for path in (stale, alive, foreign):
        path.write_text("x")
    safeio.write_atomic(tmp_path / "index.html", b"page")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["index.html", alive.name, foreign.name]
    )


def test_stale_scratch_folders_of_a_dead_run_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    stale = tmp_path / f"analysis-figures-{pid}-xyz"
    mine = tmp_path / f"analysis-figures-{os.getpid()}-xyz"
    other = tmp_path / f"notebook-figures-{pid}"
    for folder in (stale, mine, other):
        (folder / "inner").mkdir(parents=True)
    assert safeio.remove_stale_scratch(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])


@contextlib.contextmanager
def _child(*args: str) -> Iterator[subprocess.Popen[str]]:
    """A Python child with piped output, killed and reaped on leaving even if the test failed,
    so a failure does not leak a running process into the next test."""
    process = subprocess.Popen(
        [sys.executable, "-c", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


# The children below wait in short sleeps, not one long one. On CI a SIGTERM once left a single
# 60 s sleep running to its end; a likely cause is the signal landing on another thread of the
# process (importing numpy starts one), where it interrupts nothing and Python runs the handler
# only when the main thread next executes Python code, which a working command does constantly.
KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from analysis import safeio
real_write = os.write
def slow(fd, data):
    print("writing", flush=True)
    for _ in range(1200):
        time.sleep(0.05)
    return real_write(fd, data)
with safeio.interruptible(), safeio.scratch_folder("figures") as scratch:
    print(scratch, flush=True)
    os.write = slow
    safeio.write_atomic(Path(sys.argv[1]) / "index.html", b"new")
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_write_leaves_no_temporary_file_or_scratch(
    tmp_path: Path, signum: int
) -> None:
    (tmp_path / "index.html").write_bytes(b"old")
    with _child(KILLED_WRITER, str(tmp_path)) as process:
        assert process.stdout is not None
        scratch = Path(process.stdout.readline().strip())
        assert process.stdout.readline().strip() == "writing"
        assert scratch.is_dir()
        assert [p.name for p in tmp_path.glob(".index.html.analysis-*.tmp")]
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
        assert process.returncode != 0
        assert "KeyboardInterrupt" in err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]
        assert (tmp_path / "index.html").read_bytes() == b"old"
        assert not scratch.exists()


SLOW_COMMAND = """
import sys, time
from analysis import __main__ as cli
def slow(data_dir):
    print("ready", flush=True)
    for _ in range(1200):
        time.sleep(0.05)
cli.summary = slow
sys.exit(cli.main(["summary"]))
"""


def test_sigterm_exits_130_with_one_line() -> None:
    with _child(SLOW_COMMAND) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode == ExitCode.INTERRUPTED == 130
        assert err.strip() == "python -m analysis: interrupted"
