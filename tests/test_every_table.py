"""Every generic rule of the loaders, broken once in every table it applies to.

The cases are drawn from the declarations (``analysis.schema.TABLES``), so a table or a column
added there is covered without a new test. File rules are checked with ``read_raw_table`` and
cell rules with ``read_table`` (the functions that apply them); rules across rows and tables
with ``load_dataset``. Each case names the text the error must hold: file, line, column, rule.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from csvrows import Rows, cell, edit, read_rows, set_cell, write_rows

from analysis import DataValidationError, load_dataset
from analysis.errors import shown
from analysis.loaders import read_raw_table, read_table
from analysis.parsing import (
    CONTROL_RULE,
    COUNT_LEADING_ZERO,
    COUNT_NOT_ASCII,
    COUNT_NOT_DIGITS,
    COUNT_TOO_LARGE,
    DATE_RULE,
)
from analysis.schema import MAX_CELL_CHARS, MAX_COUNT, TABLES, TableSpec

SPECS = list(TABLES.values())


def place(spec: TableSpec, line: int | None = None, column: str | None = None) -> str:
    text = spec.filename
    if line is not None:
        text += f", line {line}"
    if column is not None:
        text += f", column '{column}'"
    return text


def columns(kind: str) -> list[tuple[TableSpec, str]]:
    """Every (table, column) of a kind."""
    return [(s, n) for s in SPECS for n, c in s.columns.items() if c.kind == kind]


def first_columns(test: Callable[[TableSpec, str], bool]) -> list[tuple[TableSpec, str]]:
    """The first column of each table that passes ``test`` (tables with none are left out)."""
    chosen = []
    for spec in SPECS:
        name = next((n for n in spec.columns if test(spec, n)), None)
        if name is not None:
            chosen.append((spec, name))
    return chosen


def label(pairs: list[tuple[TableSpec, str]]) -> list[str]:
    return [f"{spec.name}.{column}" for spec, column in pairs]


def raises(call: Callable[[], object]) -> str:
    with pytest.raises(DataValidationError) as caught:
        call()
    return str(caught.value)


# --- file rules: read_raw_table, every table -------------------------------------------------


def drop_last_column(rows: Rows) -> None:
    for row in rows:
        row.pop()


def swap_first_columns(rows: Rows) -> None:
    for row in rows:
        row[0], row[1] = row[1], row[0]


def insert_blank_line(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, "")
    path.write_text("\n".join(lines), encoding="utf-8")


def not_utf8(path: Path) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",\xff", 1)
    path.write_bytes(b"\n".join(lines))


def header_only(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")


def unclosed_quote(path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write('"never closed,\n')


def cell_too_long(path: Path) -> None:
    edit(path, lambda rows: set_cell(rows, 1, rows[0][-1], "x" * (MAX_CELL_CHARS + 1)))


FILE_CASES: dict[str, tuple[Callable[[Path], None], Callable[[TableSpec], str]]] = {
    "missing file": (Path.unlink, lambda s: f"{place(s)}: file not found"),
    "empty file": (
        lambda p: p.write_text("", encoding="utf-8"),
        lambda s: f"{place(s)}: file is empty (no header)",
    ),
    "header only": (header_only, lambda s: f"{place(s)}: file has a header but no rows"),
    "not UTF-8": (not_utf8, lambda s: f"{place(s, 3)}: not valid UTF-8 (byte 0xff"),
    "byte-order mark": (
        lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes()),
        lambda s: f"{place(s, 1)}: file starts with a byte-order mark",
    ),
    "missing column": (
        lambda p: edit(p, drop_last_column),
        lambda s: f"{place(s, 1, list(s.columns)[-1])}: missing column",
    ),
    "misnamed column": (
        lambda p: edit(p, lambda rows: rows[0].__setitem__(-1, rows[0][-1] + "s")),
        lambda s: f"{place(s, 1, list(s.columns)[-1] + 's')}: unexpected column",
    ),
    "repeated column": (
        lambda p: edit(p, lambda rows: rows[0].__setitem__(-1, rows[0][0])),
        lambda s: f"{place(s, 1)}: a column name is repeated",
    ),
    "columns out of order": (
        lambda p: edit(p, swap_first_columns),
        lambda s: f"{place(s, 1)}: columns out of order",
    ),
    "short row": (
        lambda p: edit(p, lambda rows: rows[2].pop()),
        lambda s: (
            f"{place(s, 3)}: row has {len(s.columns) - 1} fields, the header has {len(s.columns)}"
        ),
    ),
    "long row": (
        lambda p: edit(p, lambda rows: rows[2].append("")),
        lambda s: (
            f"{place(s, 3)}: row has {len(s.columns) + 1} fields, the header has {len(s.columns)}"
        ),
    ),
    "blank line": (insert_blank_line, lambda s: f"{place(s, 3)}: blank line"),
    "malformed CSV": (unclosed_quote, lambda s: "malformed CSV: unexpected end of data"),
    "cell too long": (
        cell_too_long,
        lambda s: f"{place(s, 2)}: a cell is longer than {MAX_CELL_CHARS} characters",
    ),
}


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
@pytest.mark.parametrize("case", FILE_CASES, ids=list(FILE_CASES))
def test_file_rule_in_every_table(data_copy: Path, spec: TableSpec, case: str) -> None:
    path = data_copy / spec.filename
    change, expected = FILE_CASES[case]
    change(path)
    message = raises(lambda: read_raw_table(path, spec))
    assert expected(spec) in message, message
    assert str(data_copy) in message


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_longest_cell_loads_whole(data_copy: Path, spec: TableSpec) -> None:
    """A cell of MAX_CELL_CHARS characters (far beyond the csv module's own 131,072) loads."""
    path = data_copy / spec.filename
    last = list(spec.columns)[-1]
    note = "x" * MAX_CELL_CHARS
    edit(path, lambda rows: set_cell(rows, 1, last, note))
    assert read_raw_table(path, spec).iloc[0][last] == note


# --- cell rules: read_table ------------------------------------------------------------------


def break_cell(data: Path, spec: TableSpec, column: str, value: str, row: int = 1) -> str:
    """Set one cell of record ``row``; return its place (record i is on line i + 1)."""
    edit(data / spec.filename, lambda rows: set_cell(rows, row, column, value))
    return place(spec, row + 1, column)


def assert_cell_refused(data: Path, spec: TableSpec, column: str, value: str, rule: str) -> None:
    where = break_cell(data, spec, column, value)
    message = raises(lambda: read_table(data, spec))
    assert f"{where}: {rule}" in message, message


COUNT_VALUES = {
    "leading zero": ("045", COUNT_LEADING_ZERO),
    "zeros": ("00", COUNT_LEADING_ZERO),
    "Arabic-Indic digits": ("\u0664\u0665", COUNT_NOT_ASCII),
    "full-width digits": ("\uff14\uff15", COUNT_NOT_ASCII),
    "above the bound": (str(MAX_COUNT + 1), COUNT_TOO_LARGE),
    "10^30": ("1" + "0" * 30, COUNT_TOO_LARGE),
    "sign": ("+1", COUNT_NOT_DIGITS),
    "negative": ("-3", COUNT_NOT_DIGITS),
    "decimal": ("12.5", COUNT_NOT_DIGITS),
    "word": ("many", COUNT_NOT_DIGITS),
}


@pytest.mark.parametrize(("spec", "column"), columns("count"), ids=label(columns("count")))
@pytest.mark.parametrize("case", COUNT_VALUES, ids=list(COUNT_VALUES))
def test_count_rules_in_every_count_column(
    data_copy: Path, spec: TableSpec, column: str, case: str
) -> None:
    value, rule = COUNT_VALUES[case]
    assert_cell_refused(data_copy, spec, column, value, rule)


@pytest.mark.parametrize(("spec", "column"), columns("count"), ids=label(columns("count")))
def test_counts_at_the_bound_load(data_copy: Path, spec: TableSpec, column: str) -> None:
    break_cell(data_copy, spec, column, str(MAX_COUNT))
    edit(data_copy / spec.filename, lambda rows: set_cell(rows, 2, column, "0"))
    typed = read_table(data_copy, spec)
    assert typed[column].iloc[0] == MAX_COUNT
    assert typed[column].iloc[1] == 0


DATE_VALUES = {
    "day first": "05/04/2022",
    "compact": "20220504",
    "with a time": "2022-05-04T00:00",
    "with a time zone": "2022-05-04+02:00",
    "no such day": "2022-02-30",
    "Arabic-Indic digits": "\u0662\u0660\u0662\u0662-\u0660\u0665-\u0660\u0664",
}


@pytest.mark.parametrize(("spec", "column"), columns("date"), ids=label(columns("date")))
@pytest.mark.parametrize("case", DATE_VALUES, ids=list(DATE_VALUES))
def test_date_rule_in_every_date_column(
    data_copy: Path, spec: TableSpec, column: str, case: str
) -> None:
    assert_cell_refused(data_copy, spec, column, DATE_VALUES[case], DATE_RULE)


TEXT_COLUMNS = first_columns(lambda s, n: s.columns[n].kind == "text")
CONTROL_VALUES = {
    "NUL": "a\x00b",
    "tab": "a\tb",
    "line feed": "a\nb",
    "carriage return": "a\r\nb",
    "DEL": "a\x7fb",
    "C1 next line": "a\x85b",
}


@pytest.mark.parametrize(("spec", "column"), TEXT_COLUMNS, ids=label(TEXT_COLUMNS))
@pytest.mark.parametrize("case", CONTROL_VALUES, ids=list(CONTROL_VALUES))
def test_control_characters_in_every_table(
    data_copy: Path, spec: TableSpec, column: str, case: str
) -> None:
    value = CONTROL_VALUES[case]
    assert_cell_refused(data_copy, spec, column, value, f"{CONTROL_RULE} (value: {value!r})")


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_control_character_in_a_coded_column(data_copy: Path, spec: TableSpec) -> None:
    """Not only free text: a NUL after a valid first column is refused too."""
    column = next(iter(spec.columns))
    value = cell(read_rows(data_copy / spec.filename), 1, column) + "\x00"
    assert_cell_refused(data_copy, spec, column, value, CONTROL_RULE)


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_white_space_in_every_table(data_copy: Path, spec: TableSpec) -> None:
    column = list(spec.columns)[-1]
    assert_cell_refused(data_copy, spec, column, "text ", "has leading or trailing white space")


REQUIRED = first_columns(lambda s, n: s.columns[n].required)


@pytest.mark.parametrize(("spec", "column"), REQUIRED, ids=label(REQUIRED))
def test_required_value_in_every_table(data_copy: Path, spec: TableSpec, column: str) -> None:
    assert_cell_refused(data_copy, spec, column, "", "a value is required")


IDS = columns("id")


@pytest.mark.parametrize(("spec", "column"), IDS, ids=label(IDS))
def test_id_rules_in_every_table(data_copy: Path, spec: TableSpec, column: str) -> None:
    assert_cell_refused(data_copy, spec, column, "an id", "must be an id")


@pytest.mark.parametrize(("spec", "column"), IDS, ids=label(IDS))
def test_ids_are_unique_in_every_table(data_copy: Path, spec: TableSpec, column: str) -> None:
    first = cell(read_rows(data_copy / spec.filename), 1, column)
    where = break_cell(data_copy, spec, column, first, row=2)
    message = raises(lambda: read_table(data_copy, spec))
    assert f"{where}: must be unique" in message, message


REFS = columns("ref")


@pytest.mark.parametrize(("spec", "column"), REFS, ids=label(REFS))
def test_reference_must_look_like_an_id(data_copy: Path, spec: TableSpec, column: str) -> None:
    assert_cell_refused(data_copy, spec, column, "no such id", "must be an id")


CODED = {
    "choice": ("nonsense", "must be one of: "),
    "state": ("XYZ", "must be an ISO 3166-1 alpha-3 code or EUU"),
    "states": ("POL;POL", "must be '*' or distinct state codes joined by ';'"),
    "language": ("english", "must be an ISO 639-1 language code"),
    "url": ("www.example.org", "must be an http(s) URL without spaces"),
}
CODED_COLUMNS = first_columns(lambda s, n: s.columns[n].kind in CODED)


@pytest.mark.parametrize(("spec", "column"), CODED_COLUMNS, ids=label(CODED_COLUMNS))
def test_coded_value_in_every_table(data_copy: Path, spec: TableSpec, column: str) -> None:
    value, rule = CODED[spec.columns[column].kind]
    assert_cell_refused(data_copy, spec, column, value, rule)


# --- typing: every column by its kind -------------------------------------------------------


def expected_dtype(kind: str) -> str:
    """The dtype ``type_table`` gives a column of this kind (see its docstring)."""
    if kind == "date":
        return "datetime64"
    if kind == "count":
        return "Int64"
    if kind in ("choice", "state", "language"):
        return "category"
    return "str"


def test_every_column_is_typed_by_its_kind() -> None:
    data = load_dataset()
    for spec in SPECS:
        frame = getattr(data, spec.name)
        for name, column in spec.columns.items():
            dtype = frame[name].dtype
            expected = expected_dtype(column.kind)
            if expected == "datetime64":
                assert pd.api.types.is_datetime64_any_dtype(dtype), (spec.name, name, dtype)
            elif expected == "category":
                assert isinstance(dtype, pd.CategoricalDtype), (spec.name, name, dtype)
            elif expected == "Int64":
                assert dtype == "Int64", (spec.name, name, dtype)
            else:
                assert pd.api.types.is_string_dtype(dtype), (spec.name, name, dtype)
                assert not isinstance(dtype, pd.CategoricalDtype), (spec.name, name, dtype)
    # The state columns of a table share one category set; a language's are the codes used.
    events = data.events
    declared = list(next(s for s in SPECS if s.name == "events").columns)
    before = declared[: declared.index("expelled")]
    named = [*before, "expelling_name", "expelled", "expelled_name"]
    assert list(events.columns[: len(named)]) == named
    assert list(events["expelling"].cat.categories) == list(events["expelled"].cat.categories)
    languages = data.sources["language"]
    assert list(languages.cat.categories) == sorted(set(languages.dropna()))


# --- rules across rows and tables: load_dataset ----------------------------------------------


def load_error(data: Path) -> str:
    message = raises(lambda: load_dataset(data))
    assert str(data) in message
    return message


UNIQUE = [(s, g) for s in SPECS for g in s.unique_together]


@pytest.mark.parametrize(
    ("spec", "group"), UNIQUE, ids=[f"{s.name}:{'+'.join(g)}" for s, g in UNIQUE]
)
def test_unique_together_in_every_table(
    data_copy: Path, spec: TableSpec, group: tuple[str, ...]
) -> None:
    """A copy of the first row under a new id repeats the group."""
    rows = read_rows(data_copy / spec.filename)
    copy = list(rows[1])
    if spec.id_column is not None:
        copy[rows[0].index(spec.id_column)] = "a-new-id"
    rows.append(copy)
    write_rows(data_copy / spec.filename, rows)
    message = load_error(data_copy)
    values = ", ".join(copy[rows[0].index(column)] for column in group)
    rule = f"the combination of {', '.join(group)} must be unique (value: {shown(values)})"
    assert f"{place(spec, 2, group[-1])}: {rule}" in message, message
    assert f"{place(spec, len(rows), group[-1])}: {rule}" in message, message


WITH_PERSONS = [s for s in SPECS if {"persons", "qualifier"} <= set(s.columns)]


def first_row(rows: Rows, test: Callable[[list[str]], bool]) -> int:
    return next(i for i in range(1, len(rows)) if test(rows[i]))


@pytest.mark.parametrize("spec", WITH_PERSONS, ids=[s.name for s in WITH_PERSONS])
@pytest.mark.parametrize("persons_known", [True, False], ids=["number", "no number"])
def test_unknown_exactly_when_no_number(
    data_copy: Path, spec: TableSpec, persons_known: bool
) -> None:
    """'unknown' with a number, or another qualifier without one, is refused."""
    rows = read_rows(data_copy / spec.filename)
    persons = rows[0].index("persons")
    index = first_row(rows, lambda row: (row[persons] != "") == persons_known)
    set_cell(rows, index, "qualifier", "unknown" if persons_known else "exact")
    write_rows(data_copy / spec.filename, rows)
    message = load_error(data_copy)
    rule = "must be 'unknown' exactly when persons is empty"
    assert f"{place(spec, index + 1, 'qualifier')}: {rule}" in message, message


WITH_WINDOW = [s for s in SPECS if {"window_start", "window_end"} <= set(s.columns)]


def _window_row(rows: Rows) -> int:
    start, end = rows[0].index("window_start"), rows[0].index("window_end")
    return first_row(rows, lambda row: row[start] != "" and row[end] != "")


@pytest.mark.parametrize("spec", WITH_WINDOW, ids=[s.name for s in WITH_WINDOW])
def test_window_order_in_every_table(data_copy: Path, spec: TableSpec) -> None:
    rows = read_rows(data_copy / spec.filename)
    index = _window_row(rows)
    start = cell(rows, index, "window_start")
    day_before = (pd.Timestamp(start) - pd.Timedelta(days=1)).date().isoformat()
    set_cell(rows, index, "window_end", day_before)
    write_rows(data_copy / spec.filename, rows)
    message = load_error(data_copy)
    expected = (
        f"{place(spec, index + 1, 'window_end')}: is before window_start (value: '{day_before}')"
    )
    assert expected in message, message


@pytest.mark.parametrize("spec", WITH_WINDOW, ids=[s.name for s in WITH_WINDOW])
def test_one_day_window_loads(data_copy: Path, spec: TableSpec) -> None:
    rows = read_rows(data_copy / spec.filename)
    index = _window_row(rows)
    set_cell(rows, index, "window_end", cell(rows, index, "window_start"))
    write_rows(data_copy / spec.filename, rows)
    load_dataset(data_copy)


@pytest.mark.parametrize(("spec", "column"), REFS, ids=label(REFS))
def test_reference_resolves_in_every_table(data_copy: Path, spec: TableSpec, column: str) -> None:
    where = break_cell(data_copy, spec, column, "no-such-id")
    message = load_error(data_copy)
    assert f"{where}: refers to no " in message, message
