"""What a report page was built from: the data version and the git commit.

``data_version(folder)`` names the changelog entry whose recorded hash is the tables' hash
(``package.tables_sha256``), or says that the tables match no recorded version;
``code_commit(root)`` names the commit of the checkout, with "uncommitted changes" when the
tree differs from it, or says that there is no git checkout (git missing, or not a
repository). Neither raises: a report built from a copy of the data or an exported tree still
says what it can.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from analysis.package import CHANGELOG_NAME, ChangelogError, data_versions, tables_sha256


@dataclass(frozen=True)
class Stamp:
    """The data version (``version``: None when the tables match no changelog entry), its
    date, the tables' hash, and the commit (``commit``: None without git; ``dirty``: the
    tree differs from the commit)."""

    version: str | None
    version_date: str | None
    sha256: str
    newest: str | None
    commit: str | None
    dirty: bool

    def data_text(self) -> str:
        """One phrase naming the data version."""
        if self.version is not None:
            return f"data version {self.version} ({self.version_date})"
        newest = f"; newest recorded: {self.newest}" if self.newest else ""
        return f"data matching no recorded version (tables SHA-256 {self.sha256[:12]}{newest})"

    def commit_text(self) -> str:
        """One phrase naming the commit."""
        if self.commit is None:
            return "no git commit (not built from a git checkout)"
        changes = " with uncommitted changes" if self.dirty else ""
        return f"commit {self.commit}{changes}"

    def text(self) -> str:
        """The sentence every page ends with."""
        return f"Built from {self.data_text()} and {self.commit_text()}."


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def code_commit(root: Path) -> tuple[str | None, bool]:
    """The short hash of HEAD of the checkout at ``root`` and whether the tree has changes
    (tracked files changed, or untracked files not ignored); (None, False) without git."""
    head = _git(root, "rev-parse", "--short=12", "HEAD")
    if head is None:
        return None, False
    status = _git(root, "status", "--porcelain")
    return head.strip(), bool(status and status.strip())


def data_version(folder: Path) -> tuple[str | None, str | None, str, str | None]:
    """(version, date, tables hash, newest recorded version) of the tables in ``folder``:
    version and date are those of the changelog entry recording the tables' hash, None when
    no entry does (or the changelog is missing or unreadable)."""
    sha = tables_sha256(folder)
    try:
        versions = data_versions(folder / CHANGELOG_NAME)
    except (OSError, ChangelogError):
        return None, None, sha, None
    match = next((v for v in versions if v.sha256 == sha), None)
    newest = versions[0].version if versions else None
    if match is None:
        return None, None, sha, newest
    return match.version, match.date, sha, newest


def stamp(data_dir: Path, code_root: Path) -> Stamp:
    """The ``Stamp`` of the tables in ``data_dir`` and the checkout at ``code_root``."""
    version, date, sha, newest = data_version(data_dir)
    commit, dirty = code_commit(code_root)
    return Stamp(version, date, sha, newest, commit, dirty)
