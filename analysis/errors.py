"""The errors of the loaders: ``DataValidationError`` for data that break a rule (with the
problems it carries), ``DataFolderError`` when there is no data folder to read.

A table the system refuses to read (permission, a folder in its place, a symbolic-link loop, a
device error) raises the ``OSError`` the system gives, which names the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: A problem shows at most this many characters of the value at fault.
SHOWN_CHARS = 60


def shown(value: str, limit: int = SHOWN_CHARS) -> str:
    """``value`` as a problem shows it: its ``repr`` (so control characters are visible as
    escapes), cut after ``limit`` characters with an ellipsis and the full length when longer.

    ``shown('12.5')`` is ``"'12.5'"``; a note of 1000 characters shows as its first 60
    characters, then ``… (1000 characters)``.
    """
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value)} characters)"


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place of a data file.

    ``line`` is the 1-based line of the file (the header is line 1); it is ``None`` for a
    problem of the whole file. ``column`` is ``None`` when no single column is at fault.
    ``value`` is kept whole; ``str()`` shows it shortened (see ``shown``).
    """

    file: Path
    line: int | None
    column: str | None
    rule: str
    value: str | None = None

    def __str__(self) -> str:
        place = [self.file.as_posix()]
        if self.line is not None:
            place.append(f"line {self.line}")
        if self.column is not None:
            place.append(f"column '{self.column}'")
        value = "" if self.value is None else f" (value: {shown(self.value)})"
        return f"{', '.join(place)}: {self.rule}{value}"


class DataValidationError(ValueError):
    """Raised when a data file breaks a rule; ``problems`` lists every violation found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (str(p.file), p.line or 0, p.column or "", p.rule)
        )
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the data:"
        super().__init__("\n".join([header, *(f"  - {p}" for p in self.problems)]))


class DataFolderError(FileNotFoundError):
    """Raised when the data folder does not exist or is no folder (``filename`` names it):
    nothing can be validated. A missing table inside an existing folder is a problem of the
    data instead (``DataValidationError``).
    """
