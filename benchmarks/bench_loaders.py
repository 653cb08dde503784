"""Time ``load_dataset`` step by step on the shipped tables and on synthetic ones that add N
events, each with its own report and source (N from 1,000 to 100,000), against pandas
reading the same CSV files as strings (``pd.read_csv(path, dtype=str)``, every file).

The synthetic tables are the shipped ones plus N valid rows in each of events.csv,
reports.csv and sources.csv: events of the article's episode between Russia and the states
that coverage.csv already records with events in that direction, each adopting the figure of
its one report, whose source is a page of its own. They load without a problem, so every
rule runs on every row.

Steps (the order of ``load_dataset``): ``read`` (``read_raw_table``: bytes, UTF-8, CSV),
``text`` (``textrules.table_problems``: invisible characters, URL forms), ``cells``
(``check_cells``), ``type`` (``type_table``), ``rows`` (``check_rows``),
``links`` (``check_links``), ``names`` (state names beside the codes): the steps are timed
one by one, called as ``load_dataset`` calls them. ``load`` is ``load_dataset`` itself,
timed whole in the same run (what a caller waits for; it can be below the steps' sum, e.g.
because the garbage collector is paused for the whole load), ``csv`` the pandas floor,
``x csv`` the ratio of ``load`` to it. The exponent is the slope of a
least-squares fit of log(load) on log(N) over the synthetic sizes: 1 is linear.

``--baseline REF`` also times the loaders of a git revision (``git show REF:analysis/
loaders.py`` and ``REF:analysis/textrules.py``, imported as modules beside the current
package, the old loaders calling the old text rules) in the same run, on the same files, up to ``--baseline-max`` events: the old code may need minutes at 100,000.

Run: ``.venv/bin/python benchmarks/bench_loaders.py [--sizes 1000,10000] [--baseline main]``.
A benchmark, not a test: times on a shared machine are noisy; compare within one run.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

from analysis import loaders as current_loaders
from analysis.loaders import DEFAULT_DATA_DIR, PROJECT_ROOT
from analysis.schema import TABLES

DEFAULT_SIZES = (1_000, 5_000, 10_000, 20_000, 50_000, 100_000)
STEPS = ("read", "text", "cells", "type", "rows", "links", "names")
#: The synthetic events fall in the article's episode, on every day of 2022.
EPISODE = "ukraine-2022"
RUSSIA = "RUS"


# --- synthetic tables -----------------------------------------------------------------------


def _pairs(data_dir: Path) -> list[tuple[str, str]]:
    """(expelling, expelled) pairs that coverage.csv records with events in the episode, so
    new events of these pairs need no new coverage row."""
    with (data_dir / "coverage.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pairs = []
    for row in rows:
        if row["episode"] != EPISODE or row["found"] != "events":
            continue
        if row["direction"] == "expelled_by_russia":
            pairs.append((RUSSIA, row["state"]))
        else:
            pairs.append((row["state"], RUSSIA))
    return sorted(pairs)


def write_synthetic(data_dir: Path, target: Path, n: int) -> None:
    """Copy the tables of ``data_dir`` to ``target`` and append ``n`` events, each with one
    report and one source of its own."""
    target.mkdir(parents=True, exist_ok=True)
    for path in data_dir.glob("*.csv"):
        shutil.copy(path, target / path.name)
    if n == 0:
        return
    pairs = _pairs(data_dir)
    first_day = pd.Timestamp("2022-01-01")
    events, reports, sources = [], [], []
    for i in range(n):
        expelling, expelled = pairs[i % len(pairs)]
        day = f"{first_day + pd.Timedelta(days=i % 365):%Y-%m-%d}"
        event_id = f"{day}-{expelling}-{expelled}-syn{i}"
        source_id = f"synthetic-source-{i}"
        persons = str(1 + i % 50)
        events.append(
            [
                event_id,
                day,
                "day",
                expelling,
                expelled,
                persons,
                "exact",
                "diplomats",
                EPISODE,
                source_id,
                "",
                f"Synthetic event {i} of the loader benchmark.",
            ]
        )
        reports.append(
            [
                f"SYN{i}",
                event_id,
                source_id,
                persons,
                "exact",
                "first",
                day,
                f"{persons} diplomats were declared persona non grata.",
                "",
                "",
            ]
        )
        sources.append(
            [
                source_id,
                "Synthetic Wire",
                f"Synthetic page {i}",
                f"https://example.org/synthetic/{i}",
                "",
                day,
                "en",
                "wire",
                "",
                "no",
                "",
            ]
        )
    for name, rows in (("events", events), ("reports", reports), ("sources", sources)):
        with (target / f"{name}.csv").open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


# --- timing ---------------------------------------------------------------------------------


def _import_revision(ref: str, file: str, name: str, folder: Path) -> ModuleType:
    """``file`` of git revision ``ref``, imported as module ``name``."""
    text = subprocess.run(
        ["git", "show", f"{ref}:{file}"],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_module(ref: str) -> ModuleType:
    """The loaders module of git revision ``ref``, imported under another name, calling the
    text rules of the same revision."""
    folder = Path(tempfile.mkdtemp(prefix="bench-loaders-"))
    module = _import_revision(ref, "analysis/loaders.py", "baseline_loaders", folder)
    module.textrules = _import_revision(  # type: ignore[attr-defined]
        ref, "analysis/textrules.py", "baseline_textrules", folder
    )
    return module


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def time_steps(module: ModuleType, data_dir: Path) -> dict[str, float]:
    """Seconds of each step of ``module.load_dataset`` on ``data_dir`` (the same calls in the
    same order; raises if the data fail validation)."""
    seconds = dict.fromkeys(STEPS, 0.0)
    tables: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        path = data_dir / spec.filename
        spent, raw = _timed(lambda path=path, spec=spec: module.read_raw_table(path, spec))
        seconds["read"] += spent
        spent, text_problems = _timed(
            lambda raw=raw, spec=spec, path=path: module.textrules.table_problems(raw, spec, path)
        )
        seconds["text"] += spent
        if text_problems:
            raise SystemExit(f"{path} fails the text rules: {text_problems[:3]}")
        spent, _ = _timed(
            lambda raw=raw, spec=spec, path=path: module.check_cells(raw, spec, path)
        )
        seconds["cells"] += spent
        spent, tables[name] = _timed(lambda raw=raw, spec=spec: module.type_table(raw, spec))
        seconds["type"] += spent
    spent, problems = _timed(lambda: module.check_rows(tables, data_dir))
    seconds["rows"] += spent
    spent, more = _timed(lambda: module.check_links(tables, data_dir))
    seconds["links"] += spent
    if problems or more:
        raise SystemExit(f"the tables of {data_dir} fail validation: {(problems + more)[:3]}")
    spent, _ = _timed(lambda: module._with_state_names(tables["events"]))
    seconds["names"] += spent
    seconds["load"], _ = _timed(lambda: module.load_dataset(data_dir))
    return seconds


def time_csv(data_dir: Path) -> float:
    """Seconds pandas takes to read every table of ``data_dir`` as strings."""
    start = time.perf_counter()
    for spec in TABLES.values():
        pd.read_csv(data_dir / spec.filename, dtype=str)
    return time.perf_counter() - start


def best(repeats: int, measure: Callable[[], dict[str, float]]) -> dict[str, float]:
    """The run with the smallest total of ``repeats`` runs."""
    return min((measure() for _ in range(repeats)), key=lambda s: s["load"])


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """Slope of the least-squares line of log(seconds) on log(size)."""
    if len(sizes) < 2:
        return math.nan
    slope, _ = np.polyfit(np.log(sizes), np.log(seconds), 1)
    return float(slope)


# --- report ---------------------------------------------------------------------------------


def print_table(label: str, rows: list[tuple[int, dict[str, float], float]]) -> None:
    print(f"\n{label}")
    head = f"{'events added':>12}" + "".join(f"{s:>8}" for s in (*STEPS, "load", "csv", "x csv"))
    print(head)
    for n, seconds, floor in rows:
        cells = "".join(f"{seconds[s]:>8.3f}" for s in (*STEPS, "load"))
        print(f"{n:>12,}{cells}{floor:>8.3f}{seconds['load'] / floor:>8.1f}")
    synthetic = [(n, s["load"]) for n, s, _ in rows if n > 0]
    if len(synthetic) >= 2:
        slope = exponent([n for n, _ in synthetic], [t for _, t in synthetic])
        print(
            f"fitted exponent (load ~ N^k, {synthetic[0][0]:,} to {synthetic[-1][0]:,}): k = {slope:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(n) for n in DEFAULT_SIZES),
        help="events to add, comma-separated (0 = the shipped tables, always timed)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per size (best is kept)")
    parser.add_argument("--baseline", help="also time the loaders of this git revision")
    parser.add_argument(
        "--baseline-max", type=int, default=20_000, help="largest size timed on the baseline"
    )
    parser.add_argument("--baseline-repeats", type=int, default=1)
    args = parser.parse_args()
    sizes = sorted({0, *(int(s) for s in args.sizes.split(",") if s.strip())})
    modules: list[tuple[str, ModuleType, int, int]] = [
        ("current tree (analysis/loaders.py)", current_loaders, max(sizes), args.repeats)
    ]
    if args.baseline:
        modules.append(
            (
                f"baseline: {args.baseline}:analysis/loaders.py",
                load_module(args.baseline),
                args.baseline_max,
                args.baseline_repeats,
            )
        )
    results: dict[str, list[tuple[int, dict[str, float], float]]] = {m[0]: [] for m in modules}
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            folder = Path(scratch) / f"n{n}"
            write_synthetic(DEFAULT_DATA_DIR, folder, n)
            floor = min(time_csv(folder) for _ in range(3))
            for label, module, largest, repeats in modules:
                if n > largest:
                    continue
                seconds = best(
                    repeats, lambda module=module, folder=folder: time_steps(module, folder)
                )
                results[label].append((n, seconds, floor))
                print(f"  {label}: {n:,} events added, load {seconds['load']:.2f} s", flush=True)
            shutil.rmtree(folder)
    for label, rows in results.items():
        print_table(label, rows)
    if args.baseline:
        current, baseline = (results[m[0]] for m in modules)
        old = {n: s["load"] for n, s, _ in baseline}
        print("\nside by side (same run, same files): load seconds")
        print(f"{'events added':>12}{'baseline':>10}{'current':>10}{'speed-up':>10}")
        for n, seconds, _ in current:
            if n in old:
                print(
                    f"{n:>12,}{old[n]:>10.3f}{seconds['load']:>10.3f}{old[n] / seconds['load']:>9.1f}x"
                )
    print(
        f"\n(seconds, best of the repeats; {os.cpu_count()} CPUs; load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )


if __name__ == "__main__":
    main()
