"""Time each notebook's execution against the floor: a kernel that only imports pandas and
matplotlib. Prints seconds (median of REPEATS runs) and the ratio notebook / floor.

Notebooks are executed in memory (nothing is written back), in their own folder, with the
same kernels as the main job (no network), figures going to a temporary folder.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_notebooks.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile

import nbformat

from analysis.figures import FIGURES_DIR_VARIABLE
from analysis.notebooks import notebook_paths, run

FLOOR_SOURCE = "import pandas as pd\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    floor_notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ)
        env[FIGURES_DIR_VARIABLE] = os.path.join(scratch, "figures")
        paths = notebook_paths()
        floor = statistics.median(
            run(nbformat.from_dict(floor_notebook), paths[0].parent, env)
            for _ in range(args.repeats)
        )
        print(f"{'notebook':<36}{'seconds':>9}{'x floor':>9}")
        print(f"{'floor (imports pandas, matplotlib)':<36}{floor:>9.2f}{1:>9.1f}")
        total = 0.0
        for path in paths:
            seconds = statistics.median(
                run(nbformat.read(path, as_version=4), path.parent, env)
                for _ in range(args.repeats)
            )
            total += seconds
            print(f"{path.name:<36}{seconds:>9.2f}{seconds / floor:>9.1f}")
        print(f"{'all notebooks':<36}{total:>9.2f}{total / floor:>9.1f}")
        print(f"(median of {args.repeats} runs; {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
