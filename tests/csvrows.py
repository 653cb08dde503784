"""Helpers to read and edit CSV rows of a scratch copy of the data (see conftest.data_copy)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

Rows = list[list[str]]


def read_rows(path: Path) -> Rows:
    """All records of a CSV, header first."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def edit(path: Path, change: Callable[[Rows], None]) -> None:
    """Apply ``change`` to the records of a CSV in place (header is ``rows[0]``)."""
    rows = read_rows(path)
    change(rows)
    write_rows(path, rows)


def row_where(rows: Rows, column: str, value: str) -> int:
    """Index in ``rows`` of the first record whose ``column`` equals ``value``."""
    position = rows[0].index(column)
    return next(i for i, row in enumerate(rows) if i > 0 and row[position] == value)


def set_cell(rows: Rows, index: int, column: str, value: str) -> None:
    rows[index][rows[0].index(column)] = value


def cell(rows: Rows, index: int, column: str) -> str:
    return rows[index][rows[0].index(column)]
