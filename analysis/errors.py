"""The one error type every loader raises, and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place of a data file.

    ``line`` is the 1-based line of the file (the header is line 1); it is ``None`` for a
    problem of the whole file. ``column`` is ``None`` when no single column is at fault.
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
        shown = "" if self.value is None else f" (value: {self.value!r})"
        return f"{', '.join(place)}: {self.rule}{shown}"


class DataValidationError(ValueError):
    """Raised when a data file breaks a rule; ``problems`` lists every violation found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (str(p.file), p.line or 0, p.column or "", p.rule)
        )
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the data:"
        super().__init__("\n".join([header, *(f"  - {p}" for p in self.problems)]))
