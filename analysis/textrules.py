"""Rules of the text of every cell that the schema's kinds do not see: invisible characters
and the form of URLs.

A cell that displays one thing and holds another is the worst input a fact-check can take:
an excerpt with a right-to-left override shows its digits in another order than it holds
them, a note can end in a zero-width space, two source URLs can differ only by an invisible
character and so escape the uniqueness rule, and a host can hold a look-alike letter of
another script. ``table_problems`` (called by ``loaders.read_table``) refuses, with file,
line, column and the code point:

- in every cell of every table, any **format character** (Unicode category Cf): among them
  the bidirectional controls U+202A-U+202E and U+2066-U+2069, the zero-width characters
  U+200B-U+200D, U+2060 and U+FEFF, the soft hyphen U+00AD and the Arabic letter mark U+061C.
  No language of the shipped sources needs one (the tables held none when the rule was
  written), so none is allowed anywhere; a joiner a script truly needs would be allowed by
  adding its (table, column) to ``ALLOWED_FORMAT`` and writing down why in docs/guarantees.md.
- in every ``url`` cell: a host that is not ASCII (an international domain is written in its
  punycode form, which the message gives), and a quote, a backquote or an angle bracket
  anywhere (``URL_FORBIDDEN``; white space is refused by the URL kind itself);
- in a table whose ``url`` column must be unique (sources), two URLs equal once normalised
  (``normalise_url``: Unicode NFKC, host in lower case) though written differently;
- a ``canonical_url`` equal to its own row's ``url`` once normalised (it names the
  publisher's address only where the stored copy is elsewhere).

Each rule first tests a whole column at once (its cells joined into one text: a format
character or a forbidden character anywhere in it, a non-ASCII character; URLs compared in a
cheap folded form, ``_url_buckets``); only a column that may break a rule is judged cell by
cell, and only the few cells that break it are looked at one by one, to name the code point.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import pandas as pd

from analysis.errors import Problem
from analysis.schema import TableSpec


@cache
def format_character() -> re.Pattern[str]:
    """The pattern of any format character: every code point of Unicode category Cf known to
    this Python. Built on first use (a scan of every code point, a tenth of a second or more):
    a process that loads data whose texts hold no format character never needs it
    (``holds_format_character``). Also importable as ``FORMAT_CHARACTER``."""
    points = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    return re.compile(f"[{''.join(re.escape(p) for p in points)}]")


def __getattr__(name: str) -> object:
    """``FORMAT_CHARACTER``, the pattern of ``format_character``, built on first access."""
    if name == "FORMAT_CHARACTER":
        return format_character()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Any character outside ASCII (every format character is one).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: (table, column) pairs where a format character is allowed, with the reason. None: no source
#: of the tables needs one.
ALLOWED_FORMAT: dict[tuple[str, str], str] = {}

FORMAT_RULE = "must not contain an invisible format character"
#: Characters no URL cell may hold: quotes and angle brackets (white space is the URL kind's
#: own rule, ``loaders``).
URL_FORBIDDEN = re.compile(r"[\"'<>`]")
URL_FORBIDDEN_RULE = "a URL must not contain quotes or angle brackets"
#: The authority of an http(s) URL holds a character outside ASCII.
_NON_ASCII_HOST = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*[^\x00-\x7f]")
HOST_RULE = "the host of a URL must be ASCII (an international domain in its punycode form)"
NORMALISED_UNIQUE_RULE = (
    "must be unique once normalised (Unicode NFKC, host in lower case): "
    "the same address is on line {other}"
)
CANONICAL_SAME_RULE = (
    "must differ from url once normalised (Unicode NFKC, host in lower case): leave it "
    "empty when the stored copy is the publisher's own page"
)


def describe_code_point(character: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point and its Unicode name."""
    name = unicodedata.name(character, "unnamed")
    return f"U+{ord(character):04X} {name}"


def normalise_url(url: str) -> str:
    """The form two URLs are compared in: Unicode NFKC, then the scheme and host in lower case
    (the path, query and fragment keep their case: servers may tell them apart).

    ``normalise_url('https://Example.ORG/A')`` is ``'https://example.org/A'``; full-width
    letters become ASCII ones by NFKC. A text that is not a URL is returned NFKC-normalised.
    """
    text = unicodedata.normalize("NFKC", url)
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))


def punycode_host(url: str) -> str | None:
    """The URL's host in its ASCII (IDNA) form, or None when it has none."""
    try:
        host = urlsplit(url).hostname
        return host.encode("idna").decode("ascii") if host else None
    except (UnicodeError, ValueError):
        return None


def _values(cells: pd.Series) -> list[str]:
    """The cells of a raw column as a list of Python strings."""
    return cells.to_numpy(dtype=object).tolist()


def holds_format_character(values: list[str], joined: str | None = None) -> bool:
    """True if some text of ``values`` holds a format character (Unicode category Cf, the
    characters of ``FORMAT_CHARACTER``).

    One pass over the texts joined together: an ASCII text holds none (every format
    character is outside ASCII); otherwise the category of each distinct non-ASCII character
    is asked of ``unicodedata``. Exactly ``any(FORMAT_CHARACTER.search(v) for v in values)``.
    ``joined``: the texts already joined by an ASCII separator (``parsing.join_texts``).
    """
    if joined is None:
        joined = "".join(values)
    if joined.isascii():
        return False
    return any(unicodedata.category(c) == "Cf" for c in set(_NON_ASCII.findall(joined)))


def format_problems(
    frame: pd.DataFrame, table: str, path: Path, joined: dict[str, str] | None = None
) -> list[Problem]:
    """A problem for every cell holding a format character, naming the first one; a column
    that holds none (``holds_format_character``, of its ``joined`` text when given) is not
    judged cell by cell."""
    problems = []
    for column in frame.columns:
        if (table, column) in ALLOWED_FORMAT:
            continue
        text = joined.get(column) if joined is not None else None
        if not holds_format_character(_values(frame[column]) if text is None else [], text):
            continue
        problems += _first_matches(
            frame[column],
            format_character(),
            path,
            lambda found: (
                f"{FORMAT_RULE}: {describe_code_point(found.group())} at character "
                f"{found.start() + 1}"
            ),
        )
    return problems


def _first_matches(
    cells: pd.Series, pattern: re.Pattern[str], path: Path, rule: Callable[[re.Match[str]], str]
) -> list[Problem]:
    """A problem for every cell (index: file lines) in which ``pattern`` is found, its rule
    ``rule(match)`` of the first match (which names the character and where it is)."""
    problems = []
    for line, value in cells[cells.str.contains(pattern)].items():
        found = pattern.search(value)
        assert found is not None
        problems.append(Problem(path, int(line), str(cells.name), rule(found), value))
    return problems


#: An ASCII http(s)-like URL whose normal form (``normalise_url``) is the URL itself with its
#: scheme and host in lower case: a scheme, ``://``, a non-empty host of printable ASCII
#: without ``/?#[]``, then printable ASCII, ending neither with ``?`` nor ``#`` and holding no
#: ``?#`` (``urlunsplit`` drops an empty query or fragment). NFKC leaves ASCII unchanged.
_PLAIN_URL = re.compile(
    r"(?![!-~]*\?#)[A-Za-z][A-Za-z0-9+.\-]*://(?:(?![/?#\[\]])[!-~])+(?:[/?#][!-~]*)?(?<![?#])"
)

#: Plain URLs or empty texts joined by NUL.
_PLAIN_COLUMN = re.compile(f"(?:{_PLAIN_URL.pattern})?(?:\x00(?:{_PLAIN_URL.pattern})?)*")


def _url_buckets(values: list[str]) -> list[str]:
    """For each URL, ``normalise_url(url).lower()``, computed cheaply where it can be: for a
    URL of ``_PLAIN_URL`` it is ``url.lower()``, for the empty text the empty text. Two URLs
    equal once normalised fall in the same bucket, so only URLs sharing a bucket with another
    spelling need ``normalise_url``. The ASCII texts are joined by NUL and, when they are
    plain URLs (or empty texts) one after the other, lowered at once; the others are
    normalised one by one."""
    ascii_texts = [value.isascii() for value in values]
    plain = [value for value, is_ascii in zip(values, ascii_texts, strict=True) if is_ascii]
    joined = "\x00".join(plain)
    if plain and joined.count("\x00") == len(plain) - 1 and _PLAIN_COLUMN.fullmatch(joined):
        lowered = iter(joined.lower().split("\x00"))
        return [
            next(lowered) if is_ascii else normalise_url(value).lower()
            for value, is_ascii in zip(values, ascii_texts, strict=True)
        ]
    return [
        value.lower() if not value or _PLAIN_URL.fullmatch(value) else normalise_url(value).lower()
        for value in values
    ]


def _crowded(buckets: list[str], values: list[str]) -> np.ndarray:
    """True for each cell whose bucket holds at least two different texts. (A bucket is a
    function of the text: there is such a bucket exactly when there are fewer buckets than
    texts, which two sets tell first.)"""
    if len(set(buckets)) == len(set(values)):
        return np.zeros(len(values), dtype=bool)
    pairs = pd.DataFrame({"bucket": buckets, "value": values}).drop_duplicates()
    spellings = pairs["bucket"].value_counts()
    return pd.Series(buckets).map(spellings).to_numpy() > 1


def url_problems(frame: pd.DataFrame, spec: TableSpec, path: Path) -> list[Problem]:
    """Problems of the form of every ``url`` cell, and of URLs equal once normalised.

    Whole-column tests first: no forbidden character in the joined column, no non-ASCII
    character in a cell means no host outside ASCII, and URLs equal once normalised share a
    bucket of ``_url_buckets`` (only crowded buckets are normalised exactly)."""
    problems = []
    url_columns = [n for n, c in spec.columns.items() if c.kind == "url" and n in frame]
    values = {column: _values(frame[column]) for column in url_columns}
    joined = {column: "\x00".join(values[column]) for column in url_columns}
    buckets = {column: _url_buckets(values[column]) for column in url_columns}
    for column in url_columns:
        cells = frame[column]
        if URL_FORBIDDEN.search(joined[column]):
            problems += _first_matches(
                cells,
                URL_FORBIDDEN,
                path,
                lambda found: (
                    f"{URL_FORBIDDEN_RULE} ({found.group()!r} at character {found.start() + 1})"
                ),
            )
        outside_ascii = np.array([not v.isascii() for v in values[column]], dtype=bool)
        if outside_ascii.any():
            foreign = cells[outside_ascii]
            for line, value in foreign[foreign.str.contains(_NON_ASCII_HOST)].items():
                ascii_host = punycode_host(value)
                hint = f": write it {ascii_host!r}" if ascii_host else ""
                problems.append(Problem(path, int(line), column, f"{HOST_RULE}{hint}", value))
    unique_urls = [g[0] for g in spec.unique_together if len(g) == 1 and g[0] in url_columns]
    for column in unique_urls:
        crowded = _crowded(buckets[column], values[column])
        if not crowded.any():
            continue
        cells = frame[column][crowded]
        normal = cells.map(normalise_url)
        # Rows equal as written are the uniqueness rule's own (loaders.check_rows).
        candidates = normal.duplicated(keep=False) & ~cells.duplicated(keep=False)
        for line in cells.index[candidates]:
            others = normal.index[(normal == normal[line]) & (normal.index != line)]
            problems.append(
                Problem(
                    path,
                    int(line),
                    column,
                    NORMALISED_UNIQUE_RULE.format(other=int(others[0])),
                    cells[line],
                )
            )
    if {"url", "canonical_url"} <= set(url_columns):
        canonical = values["canonical_url"]
        # Equal once normalised implies equal buckets; only those rows are normalised.
        maybe = [
            given != "" and a == b
            for given, a, b in zip(
                canonical, buckets["canonical_url"], buckets["url"], strict=True
            )
        ]
        rows = frame[np.array(maybe, dtype=bool)]
        same = rows["canonical_url"].map(normalise_url) == rows["url"].map(normalise_url)
        for line in rows.index[same.to_numpy(dtype=bool)]:
            problems.append(
                Problem(
                    path,
                    int(line),
                    "canonical_url",
                    CANONICAL_SAME_RULE,
                    frame.at[line, "canonical_url"],
                )
            )
    return problems


def table_problems(
    frame: pd.DataFrame, spec: TableSpec, path: Path, joined: dict[str, str] | None = None
) -> list[Problem]:
    """Every text problem of a raw table (cells as written, index: file lines). ``joined``:
    each column's cells joined by ``parsing.join_texts``, when the caller has them."""
    return format_problems(frame, spec.name, path, joined) + url_problems(frame, spec, path)


#: What a spreadsheet runs as a formula when a cell begins with it.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` in which every text cell beginning with one of ``FORMULA_LEADS``
    is prefixed with ``'`` (the common rule, e.g. OWASP's "CSV injection"), so that a
    spreadsheet shows it as text instead of running it: ``=HYPERLINK(...)`` becomes
    ``'=HYPERLINK(...)``, ``-3 days`` becomes ``'-3 days``. Numbers (numeric columns),
    missing cells and other text are unchanged; so is ``table``.
    """
    out = table.copy()
    for column in out.columns:
        cells = out[column]
        if pd.api.types.is_numeric_dtype(cells) or pd.api.types.is_bool_dtype(cells):
            continue
        text = cells.map(lambda v: isinstance(v, str))
        leads = text & cells.where(text, "").astype(str).str.startswith(FORMULA_LEADS)
        if leads.any():
            safe = cells.astype(object)
            safe[leads] = "'" + safe[leads].astype(str)
            out[column] = safe
    return out
