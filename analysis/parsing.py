"""Strict reading of the text of a cell or a command-line argument: one spelling per value.

Python's own parsers are lenient where data must not be: ``int`` reads ``'045'``, ``' 45'``,
``'+45'``, ``'4_5'`` and Arabic-Indic or full-width digits; ``re``'s ``\\d`` matches any
Unicode digit; ``date.fromisoformat`` reads ``'20220504'`` and week dates. The functions here
accept exactly one spelling of each value and, where a text is refused, name the rule it
breaks (the messages are the ones the loaders print).
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from analysis.schema import MAX_COUNT

COUNT_NOT_DIGITS = "must be a whole number >= 0 (digits only)"
COUNT_NOT_ASCII = "must be written with the ASCII digits 0-9"
COUNT_LEADING_ZERO = "must be written without leading zeros"
COUNT_TOO_LARGE = f"must be at most {MAX_COUNT} (schema.MAX_COUNT)"
#: Every rule ``count_rule`` can name, in the order it checks them.
COUNT_RULES = (COUNT_NOT_DIGITS, COUNT_NOT_ASCII, COUNT_LEADING_ZERO, COUNT_TOO_LARGE)

DATE_RULE = "must be a calendar date written YYYY-MM-DD"

CONTROL_RULE = "must not contain a control character (tab, line break, NUL, ...)"

_ASCII_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Unicode category Cc is exactly these two ranges (C0, DEL and C1).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def count_rule(text: str, maximum: int = MAX_COUNT) -> str | None:
    """The rule ``text`` breaks as a count (a whole number >= 0), or None if it is one.

    A count is written with the ASCII digits 0-9 only, without a leading zero (``0`` itself is
    allowed), and is at most ``maximum``. Checked in order, the first broken rule is named:
    no sign, space, point, separator or letter (``COUNT_NOT_DIGITS``; the empty text too);
    decimal digits of another script, e.g. Arabic-Indic or full-width (``COUNT_NOT_ASCII``);
    ``'045'`` (``COUNT_LEADING_ZERO``); above ``maximum`` (``COUNT_TOO_LARGE``). A text of any
    length is judged without converting it, so ``'1' * 5000`` is "too large", not a crash.
    """
    if not text.isdecimal():
        return COUNT_NOT_DIGITS
    if not _ASCII_DIGITS.fullmatch(text):
        return COUNT_NOT_ASCII
    if len(text) > 1 and text.startswith("0"):
        return COUNT_LEADING_ZERO
    if len(text) > len(str(maximum)) or int(text) > maximum:
        return COUNT_TOO_LARGE
    return None


def parse_count(text: str, maximum: int = MAX_COUNT) -> int:
    """The count written ``text``; raises ``ValueError`` naming the rule it breaks."""
    rule = count_rule(text, maximum)
    if rule is not None:
        raise ValueError(f"{text!r} {rule}")
    return int(text)


def parse_date(text: str) -> date:
    """The calendar date written ``text`` as ``YYYY-MM-DD`` with ASCII digits.

    Refused with ``ValueError``: any other layout (``'2022/05/04'``, ``'05/04/2022'``,
    ``'20220504'``, a week date, a time or a time zone), other digits than 0-9, a day that
    does not exist (``'2022-02-30'``), year 0000, and the empty text.
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} {DATE_RULE}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} {DATE_RULE}") from None


def is_date(text: str) -> bool:
    """True if ``parse_date`` accepts ``text``."""
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def has_control_character(text: str) -> bool:
    """True if ``text`` holds a character of Unicode category Cc: U+0000-U+001F (NUL, tab,
    line feed, carriage return...), U+007F (DEL) or U+0080-U+009F. Other invisible characters
    (format characters such as a zero-width space, category Cf) are not control characters.
    """
    return _CONTROL.search(text) is not None


# --- the same rules over a column -----------------------------------------------------------
#
# The loaders judge whole columns at once. Each function below gives, for every cell of a
# Series of text, the same answer as the function above for that cell alone (the tests
# compare them on arbitrary text). Where a column usually passes, a first test runs over the
# whole column joined into one text (one C-level scan); only when it fails is the column
# judged cell by cell, with pandas' vectorised string methods.

#: Joins the cells of a column for the whole-column tests: a control character, so a column
#: whose joined text holds it more often than as separators has a cell with a control
#: character (and is judged cell by cell).
_SEPARATOR = "\x00"


def _joined(cells: pd.Series) -> str | None:
    """The cells joined by ``_SEPARATOR``, or None when a cell holds the separator itself."""
    joined = _SEPARATOR.join(cells.to_numpy(dtype=object))
    return joined if joined.count(_SEPARATOR) == len(cells) - 1 else None


def fullmatches(cells: pd.Series, pattern: str, joinable: str | None = None) -> np.ndarray:
    """For each cell, True if ``re.fullmatch(pattern, cell)`` matches (a bool array).

    ``joinable`` is a pattern that matches no text holding NUL and agrees with ``pattern`` on
    every text without one (``pattern`` itself when it cannot match NUL, the default): when
    the joined column matches it cell after cell, every cell matches and nothing more is done.
    """
    body = joinable or pattern
    joined = _joined(cells)
    if joined is not None and re.fullmatch(f"(?:{body})(?:{_SEPARATOR}(?:{body}))*", joined):
        return np.ones(len(cells), dtype=bool)
    return cells.str.fullmatch(pattern).to_numpy(dtype=bool)


def short_count_pattern(maximum: int = MAX_COUNT) -> str:
    """A count with fewer digits than ``maximum`` and no leading zero (``0`` itself too): a
    text matching it breaks no rule of ``count_rule``."""
    return f"(?:0|[1-9][0-9]{{0,{len(str(maximum)) - 2}}})"


def count_rules(cells: pd.Series, maximum: int = MAX_COUNT) -> np.ndarray:
    """``count_rule`` of every cell: the rule it breaks as a count, or None (object array)."""
    rules = np.full(len(cells), None, dtype=object)
    if fullmatches(cells, short_count_pattern(maximum)).all():
        return rules
    decimal = cells.str.isdecimal().to_numpy(dtype=bool)
    ascii_digits = decimal & cells.str.isascii().to_numpy(dtype=bool)
    length = cells.str.len().to_numpy()
    leading_zero = ascii_digits & (length > 1) & cells.str.startswith("0").to_numpy(dtype=bool)
    rest = ascii_digits & ~leading_zero
    too_large = rest & (length > len(str(maximum)))
    short = rest & ~too_large
    too_large |= short & (pd.to_numeric(cells.where(short, "0")).to_numpy() > maximum)
    rules[~decimal] = COUNT_NOT_DIGITS
    rules[decimal & ~ascii_digits] = COUNT_NOT_ASCII
    rules[leading_zero] = COUNT_LEADING_ZERO
    rules[too_large] = COUNT_TOO_LARGE
    return rules


def _days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)]
    return days + ((month == 2) & leap)


def are_dates(cells: pd.Series) -> np.ndarray:
    """For each cell, ``is_date`` (a bool array): ``YYYY-MM-DD`` in ASCII digits, a day that
    exists, year 1 to 9999 (what ``date.fromisoformat`` reads)."""
    ok = fullmatches(cells, _ISO_DATE.pattern).copy()
    if not ok.any():
        return ok
    laid_out = cells.to_numpy(dtype=object)[ok]
    digits = np.frombuffer("".join(laid_out).encode("ascii"), dtype=np.uint8).reshape(-1, 10)
    digits = digits.astype(np.int64) - ord("0")
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    month = digits[:, 5] * 10 + digits[:, 6]
    day = digits[:, 8] * 10 + digits[:, 9]
    valid = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    ok[ok] = valid & (day <= _days_in_month(year, month))
    return ok


#: Every white-space character of ``str.isspace`` (what ``str.strip`` removes); none lies
#: above U+3000 (checked by the tests against every code point).
WHITE_SPACE = frozenset(chr(c) for c in range(0x3001) if chr(c).isspace())


#: Joins the texts for ``clean_texts``: printable, so that a joined text without control
#: characters is printable, and rare next to white space.
_EDGE_SEPARATOR = "^"  # = JOIN_SEPARATOR
_WHITE_CLASS = "[" + "".join(re.escape(c) for c in sorted(WHITE_SPACE)) + "]"
#: A separator with white space just after or just before it.
_WHITE_AT_SEPARATOR = re.compile(
    f"{re.escape(_EDGE_SEPARATOR)}(?:{_WHITE_CLASS}|(?<={_WHITE_CLASS}{re.escape(_EDGE_SEPARATOR)}))"
)


#: What ``join_texts`` puts between the texts.
JOIN_SEPARATOR = "^"


def joined_pattern(item: str) -> re.Pattern[str]:
    """A pattern that fullmatches texts joined by ``JOIN_SEPARATOR`` exactly when each is
    empty or fullmatches ``item`` (a pattern that cannot match the separator), provided no
    text holds the separator itself (the caller counts them)."""
    sep = re.escape(JOIN_SEPARATOR)
    return re.compile(f"(?:{item})?(?:{sep}(?:{item})?)*")


def join_texts(values: np.ndarray) -> str:
    """The texts joined by ``^``: the form ``clean_texts`` scans. Other whole-column tests
    that a ``^`` between the texts cannot mislead (a format character, a character no URL may
    hold) can read the same text, so that a column is joined once."""
    return _EDGE_SEPARATOR.join(values)


def clean_texts(values: np.ndarray, joined: str | None = None) -> bool:
    """True if no text of ``values`` holds a control character or starts or ends with white
    space (``has_control_character`` and ``text != text.strip()`` are False for each).

    The texts are joined by ``^`` into one text, scanned in C whatever their number: control
    characters by ``str.isprintable`` (a control character is never printable; only a text
    that is not printable is searched for one), white space at the edges of the texts by a
    search for white space next to a separator (and at both ends). A text holding ``^`` next
    to white space can make that search find a false edge: then every text is tested alone.
    The empty sequence is clean. ``joined``: ``join_texts(values)`` when the caller has it.
    """
    if len(values) == 0:
        return True
    if joined is None:
        joined = join_texts(values)
    if not joined.isprintable() and _CONTROL.search(joined):
        return False
    if joined[:1].isspace() or joined[-1:].isspace():
        return False
    if _WHITE_AT_SEPARATOR.search(joined) is None:
        return True
    return all(text == text.strip() for text in values)


def text_faults(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Two bool arrays over the cells: ``has_control_character``, and leading or trailing
    white space (``cell != cell.strip()``). All False at once when ``clean_texts``."""
    if clean_texts(cells.to_numpy(dtype=object)):
        return np.zeros(len(cells), dtype=bool), np.zeros(len(cells), dtype=bool)
    control = cells.str.contains(_CONTROL.pattern, regex=True).to_numpy(dtype=bool)
    white = (cells != cells.str.strip()).to_numpy(dtype=bool)
    return control, white
