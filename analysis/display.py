"""Tables for a reader: rounded, no ``<NA>`` or ``NaT``, at most a screenful of rows.

``show(frame)`` is what a notebook puts at the end of a cell instead of a bare frame: the
first ``rows`` rows (15 by default) with every value formatted for reading, and a line saying
how many rows were left out. The full table belongs in the report or a CSV, not on screen.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

#: Rows shown by default: about a screenful.
MAX_ROWS = 15
#: Decimals of a float by default.
DIGITS = 2


def cell(value: object, digits: int = DIGITS) -> str:
    """One value as text for a reader.

    Missing (``None``, ``NaN``, ``pd.NA``, ``NaT``) -> ``''``; a float -> rounded to ``digits``
    decimals (``0.333333`` -> ``'0.33'``; a whole float keeps its decimals: ``1.0`` ->
    ``'1.00'``; infinity -> ``'inf'``); a timestamp -> ``'YYYY-MM-DD'``, with ``' HH:MM'`` only
    when it has a time of day; a bool -> ``'yes'`` / ``'no'``; anything else -> ``str(value)``.
    """
    if value is None or value is pd.NaT:
        return ""
    if not isinstance(value, (str, bytes, list, tuple, dict)) and pd.isna(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return f"{value:.{digits}f}"
    if isinstance(value, pd.Timestamp):
        if value == value.normalize():
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return cell(value.item(), digits)
    return str(value)


def tidy(frame: pd.DataFrame | pd.Series, digits: int = DIGITS) -> pd.DataFrame:
    """``frame`` (a Series becomes a one-column frame) with every value and index label as
    text by ``cell``. Column names and the index name are kept."""
    table = frame.to_frame() if isinstance(frame, pd.Series) else frame
    out = table.map(lambda v: cell(v, digits)) if len(table.columns) else table.copy()
    out.index = pd.Index([cell(v, digits) for v in table.index], name=table.index.name)
    return out.astype(object)


@dataclass(frozen=True)
class Shown:
    """A table cut to a screenful; renders as HTML in a notebook and as text elsewhere."""

    table: pd.DataFrame
    total: int
    index: bool = True

    @property
    def hidden(self) -> int:
        """Rows left out."""
        return self.total - len(self.table)

    def note(self) -> str:
        """'12 more rows not shown (27 in all).' or '' when nothing is left out."""
        if not self.hidden:
            return ""
        more = "1 more row" if self.hidden == 1 else f"{self.hidden} more rows"
        return f"{more} not shown ({self.total} in all)."

    def __repr__(self) -> str:
        text = self.table.to_string(index=self.index) if len(self.table.columns) else ""
        return text + (f"\n{self.note()}" if self.note() else "")

    def _repr_html_(self) -> str:
        body = self.table.to_html(index=self.index, escape=True, na_rep="", border=0)
        return body + (f"\n<p>{html.escape(self.note())}</p>" if self.note() else "")


def show(
    frame: pd.DataFrame | pd.Series,
    rows: int = MAX_ROWS,
    digits: int = DIGITS,
    index: bool = True,
) -> Shown:
    """The first ``rows`` rows of ``frame``, tidied (``tidy``), with the count of rows left out.

    ``rows`` must be at least 1 (``ValueError`` otherwise). ``index=False`` hides the index
    (for a frame whose index is only 0..n-1).
    """
    if rows < 1:
        raise ValueError(f"rows must be at least 1, not {rows}")
    table = frame.to_frame() if isinstance(frame, pd.Series) else frame
    return Shown(tidy(table.head(rows), digits), total=len(table), index=index)
