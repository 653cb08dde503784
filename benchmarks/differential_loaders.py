"""Differential check of the loaders against a git revision (default ``main``): the same
problems, message for message, and the same typed tables.

The revision's ``analysis/loaders.py`` and ``analysis/textrules.py`` are imported beside the
current package (as ``bench_loaders --baseline`` does). The shipped tables are loaded by
both and every typed table compared (values, dtypes, categories); then ``--mutations``
copies of the tables are each broken in one random cell (white space, control and format
characters, URL spellings, counts, dates, codes, ids, empty cells, values of other rows) and
``str`` of the ``DataValidationError`` of both loaders compared (or, when both accept the
copy, the typed tables). Prints each disagreement and exits 1 if there is one.

Run: ``.venv/bin/python benchmarks/differential_loaders.py [--mutations 400] [--seed 1]``.
Not a test (it needs git and takes minutes); see docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_loaders import load_module

from analysis import loaders as current
from analysis.errors import DataValidationError
from analysis.loaders import DEFAULT_DATA_DIR

Rows = list[list[str]]


def _read(path: Path) -> Rows:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _upper_host(value: str) -> str:
    scheme, _, rest = value.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host.upper()}{slash}{path}" if rest else value.upper()


#: Each takes (the cell, a cell of another row of the same column) and gives the new cell.
MUTATIONS: dict[str, Callable[[str, str], str]] = {
    "leading space": lambda v, o: " " + v,
    "trailing nbsp": lambda v, o: v + "\u00a0",
    "ideographic space": lambda v, o: "\u3000" + v,
    "inner caret space": lambda v, o: v + "^ x",
    "control char": lambda v, o: v[:1] + "\x01" + v[1:],
    "C1 control": lambda v, o: v + "\x85",
    "NUL": lambda v, o: v + "\x00",
    "tab": lambda v, o: v + "\tx",
    "zero-width space": lambda v, o: v[:2] + "\u200b" + v[2:],
    "soft hyphen": lambda v, o: v + "\u00ad",
    "language tag": lambda v, o: v + "\U000e0001",
    "empty": lambda v, o: "",
    "other row": lambda v, o: o,
    "other row, upper host": lambda v, o: _upper_host(o),
    "other row, empty query": lambda v, o: o + "?",
    "other row, empty fragment": lambda v, o: o + "#",
    "other row, ?#": lambda v, o: o + "?#",
    "other row, NFKC": lambda v, o: o.replace("a", "\uff41", 1),
    "upper host": lambda v, o: _upper_host(v),
    "quote in URL": lambda v, o: v + '"',
    "angle bracket": lambda v, o: v + "<x>",
    "non-ASCII host": lambda v, o: "https://ex\u0430mple.org/x",
    "bracket host": lambda v, o: "https://[::1/x",
    "leading zero": lambda v, o: "045",
    "Arabic digits": lambda v, o: "\u0663\u0664",
    "huge count": lambda v, o: "9" * 12,
    "bad date": lambda v, o: "2022-02-30",
    "slashed date": lambda v, o: "2022/02/03",
    "unknown code": lambda v, o: "XXX",
    "lower code": lambda v, o: v.lower(),
    "list repeated": lambda v, o: f"{v};{v}" if v else "a;a",
    "star list": lambda v, o: "*",
    "id with space": lambda v, o: v + " x" if v else "a b",
    "caret": lambda v, o: v + "^",
}


def compare(old: ModuleType, data: Path) -> str | None:
    """None if both loaders give the same result on ``data``, else what differs."""
    results = []
    for module in (old, current):
        try:
            results.append(module.load_dataset(data))
        except DataValidationError as exc:
            results.append(str(exc))
        except Exception as exc:  # the other loader's own exception class
            if type(exc).__name__ != "DataValidationError":
                raise
            results.append(str(exc))
    before, after = results
    if isinstance(before, str) or isinstance(after, str):
        return None if before == after else f"old:\n{before}\nnew:\n{after}"
    for name in before.__dataclass_fields__:
        try:
            pd.testing.assert_frame_equal(
                getattr(before, name), getattr(after, name), check_categorical=True
            )
        except AssertionError as exc:
            return f"table {name}: {exc}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main")
    parser.add_argument("--mutations", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    old = load_module(args.baseline)
    # The old loaders raise the current package's DataValidationError (they import it).
    failures = 0
    problem = compare(old, DEFAULT_DATA_DIR)
    print("shipped tables:", "identical" if problem is None else problem, flush=True)
    failures += problem is not None
    rng = random.Random(args.seed)
    files = sorted(p.name for p in DEFAULT_DATA_DIR.glob("*.csv"))
    refused = 0
    with tempfile.TemporaryDirectory() as scratch:
        for i in range(args.mutations):
            data = Path(scratch) / f"m{i}"
            shutil.copytree(DEFAULT_DATA_DIR, data)
            file = rng.choice(files)
            rows = _read(data / file)
            index, other = rng.randrange(1, len(rows)), rng.randrange(1, len(rows))
            column = rng.randrange(len(rows[0]))
            name = rng.choice(list(MUTATIONS))
            rows[index][column] = MUTATIONS[name](rows[index][column], rows[other][column])
            _write(data / file, rows)
            problem = compare(old, data)
            label = f"{file} line {index + 1} column {rows[0][column]!r}: {name}"
            if problem is not None:
                failures += 1
                print(f"DIFFERENT {label}\n{problem}\n", flush=True)
            try:
                current.load_dataset(data)
            except DataValidationError:
                refused += 1
            shutil.rmtree(data)
    print(
        f"{args.mutations} mutated copies ({refused} of them refused by the current loaders): "
        f"{failures} disagreement(s)"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
