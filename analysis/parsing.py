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
