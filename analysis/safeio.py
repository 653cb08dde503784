"""Files written whole or not at all, tables read only when they are regular files of bounded
size, and nothing left behind after an interruption.

- ``write_atomic(path, data)``: ``data`` goes to a temporary file beside ``path`` (same folder,
  so the rename cannot cross file systems), is flushed to the disk, and is renamed over
  ``path`` (``os.replace``). A reader sees the old file or the new one, never a part; a full
  disk (``ENOSPC``) or any other error leaves the old file whole and raises an ``OSError``
  naming ``path``.
- ``write_all(files)``: several files as one change. Every file is first staged (written to
  its temporary file); only when all are staged are they renamed, one after another; if a
  rename fails, the files already renamed are put back as they were. So a command that fails
  leaves every file it meant to write unchanged.
- ``read_regular_file(path, limit)``: the bytes of a table, refusing by name a FIFO, a device,
  a socket or a folder (which would hang or make no sense), and refusing a file larger than
  ``limit`` bytes before reading it (``schema.MAX_TABLE_BYTES``).
- Temporary files are named ``.<name>.analysis-<pid>.<random>.tmp`` and scratch folders
  ``analysis-<kind>-<pid>-<random>`` in the system's temporary folder. ``interruptible()``
  turns SIGTERM into ``KeyboardInterrupt`` (as SIGINT already is) so that the ``finally``
  clauses that remove them run; ``remove_stale(folder)`` and ``remove_stale_scratch()``
  remove those a killed run left (their process no longer exists). A file of this pattern
  whose process is alive, or any other file, is never touched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import FrameType

#: The mark of this package's temporary files and scratch folders.
MARK = "analysis"
_TEMP_FILE = re.compile(rf"^\.(?P<name>.+)\.{MARK}-(?P<pid>[0-9]+)\.[^./]+\.tmp$")
_SCRATCH = re.compile(rf"^{MARK}-(?P<kind>[a-z]+)-(?P<pid>[0-9]+)-[^/]+$")

#: What a file that is not a regular file is called in a refusal.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class TableTooLarge(OSError):
    """A table is larger than the limit; ``size`` is its size in bytes."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"is {size} bytes, more than {limit}", str(path))
        self.size = size
        self.limit = limit


def _alive(pid: int) -> bool:
    """True if a process ``pid`` exists (one of another user counts as alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def temporary_beside(path: Path) -> tuple[int, Path]:
    """A new, empty temporary file beside ``path`` (descriptor, path), named as its own."""
    fd, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{MARK}-{os.getpid()}.", suffix=".tmp"
    )
    return fd, Path(name)


def _mode_for(path: Path) -> int:
    """The permissions ``path`` keeps (its own), or those a new file gets under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_fd(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (``os.write`` may write less than asked), then fsync."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``; return it. On any error the
    temporary file is removed and an ``OSError`` naming ``path`` is raised."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path.parent)
        mode = _mode_for(path)
        fd, temporary = temporary_beside(path)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        try:
            _write_fd(fd, data)
        finally:
            os.close(fd)
        os.chmod(temporary, mode)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    return temporary


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, keeping its permissions (see the module)."""
    write_all({path: data})


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file of ``files`` or none (see the module's docstring)."""
    staged: dict[Path, Path] = {}
    originals: dict[Path, bytes | None] = {}
    replaced: list[Path] = []
    try:
        for path, data in files.items():
            originals[path] = path.read_bytes() if path.is_file() else None
            staged[path] = _stage(path, data)
        for path, temporary in staged.items():
            try:
                os.replace(temporary, path)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(path)) from None
            replaced.append(path)
    except BaseException:
        for temporary in staged.values():
            with contextlib.suppress(OSError):
                temporary.unlink()
        for path in reversed(replaced):
            with contextlib.suppress(OSError):
                original = originals[path]
                if original is None:
                    path.unlink()
                else:
                    os.replace(_stage(path, original), path)
        raise


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, a regular file (a symbolic link to one is followed) of at most
    ``limit`` bytes. Raises ``FileNotFoundError`` when it does not exist, ``OSError`` naming
    the path and what it is for a folder, FIFO, device or socket (none is opened), and
    ``TableTooLarge`` when it is larger than ``limit`` (checked before reading, and again
    while reading: a file that grows is not read past ``limit``).
    """
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
        raise OSError(code, f"is {what}, not a regular file: a table must be a file", str(path))
    # O_NONBLOCK: should a FIFO be put in its place after the check, opening does not hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # replaced between the checks
            raise OSError(errno.EINVAL, "is not a regular file", str(path))
        if opened.st_size > limit:
            raise TableTooLarge(path, opened.st_size, limit)
        chunks = []
        total = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TableTooLarge(path, total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


@contextlib.contextmanager
def scratch_folder(kind: str) -> Iterator[Path]:
    """A new scratch folder ``analysis-<kind>-<pid>-...`` in the system's temporary folder,
    removed on leaving (also on KeyboardInterrupt); stale ones are removed first."""
    remove_stale_scratch()
    with tempfile.TemporaryDirectory(prefix=f"{MARK}-{kind}-{os.getpid()}-") as folder:
        yield Path(folder)


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary files of this package in ``folder`` whose process is gone;
    return them."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        found = _TEMP_FILE.match(name)
        if found and not _alive(int(found["pid"])):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
                removed.append(folder / name)
    return removed


def remove_stale_scratch(base: Path | None = None) -> list[Path]:
    """Remove the scratch folders of this package in ``base`` (default: the system's
    temporary folder) whose process is gone; return them."""
    folder = base if base is not None else Path(tempfile.gettempdir())
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _SCRATCH.match(entry.name)
        if (
            found
            and entry.is_dir(follow_symlinks=False)
            and entry.stat(follow_symlinks=False).st_uid == os.getuid()
            and not _alive(int(found["pid"]))
        ):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Within: SIGTERM raises ``KeyboardInterrupt`` like SIGINT, so clean-up code runs. The
    previous handler is restored on leaving. Outside the main thread: does nothing."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
