"""Time each notebook's execution against the floor: a kernel that only imports pandas and
matplotlib, timed again beside each notebook. Prints seconds (median of REPEATS runs) and the
ratio notebook / floor.

Notebooks are executed in memory (nothing is written back), in their own folder, with the
same kernels as the main job (no network), figures going to a temporary folder.

``--baseline REF`` also runs every notebook on the ``analysis`` package of git revision REF
(``git archive`` into a temporary folder, put first on the kernel's ``PYTHONPATH``; a probe
cell checks that the kernel imports it from there), each baseline run next to the current
one, so that the two are measured side by side under the same load. Both run the notebooks
of the current tree (the notebooks themselves are not what is timed).

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_notebooks.py [--repeats N]
[--baseline main]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

import nbformat

from analysis.figures import FIGURES_DIR_VARIABLE
from analysis.loaders import PROJECT_ROOT
from analysis.notebooks import notebook_paths, run

FLOOR_SOURCE = "import pandas as pd\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt"
PROBE_SOURCE = "import analysis\nprint(analysis.__file__)"


def export_revision(ref: str, folder: Path) -> Path:
    """The tree of git revision ``ref`` written under ``folder`` (``git archive``)."""
    archive = folder / "baseline.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "archive", ref], cwd=PROJECT_ROOT, check=True, stdout=handle)
    target = folder / "baseline"
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target


def imported_from(env: dict[str, str], folder: Path) -> str:
    """The file of the ``analysis`` package a kernel with ``env`` imports."""
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE_SOURCE)])
    run(probe, folder, env)
    return str(probe.cells[0].outputs[0]["text"]).strip()


def median_seconds(repeats: int, once: Callable[[], float]) -> float:
    return statistics.median(once() for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline", help="also run the notebooks on this git revision")
    args = parser.parse_args()
    floor_notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ)
        env[FIGURES_DIR_VARIABLE] = os.path.join(scratch, "figures")
        envs = {"current": env}
        paths = notebook_paths()
        if args.baseline:
            tree = export_revision(args.baseline, Path(scratch))
            old = dict(env)
            old["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
            old["PYTHONDONTWRITEBYTECODE"] = "1"
            where = imported_from(old, paths[0].parent)
            if not where.startswith(str(tree)):
                raise SystemExit(f"the baseline kernel imports analysis from {where}, not {tree}")
            envs[f"baseline {args.baseline}"] = old

        def floor_once() -> float:
            return run(nbformat.from_dict(floor_notebook), paths[0].parent, env)

        # The floor is timed again next to every notebook: under a shared machine's drifting
        # load, each ratio is taken against the floor of its own moment.
        labels = list(envs)
        head = "".join(f"{label:>22}{'x floor':>9}" for label in labels)
        print(f"{'notebook':<36}{'floor':>8}{head}")
        totals = dict.fromkeys(["floor", *labels], 0.0)
        for path in paths:
            floor = median_seconds(args.repeats, floor_once)
            totals["floor"] += floor
            cells = ""
            for label in labels:
                seconds = median_seconds(
                    args.repeats,
                    lambda label=label, path=path: run(
                        nbformat.read(path, as_version=4), path.parent, envs[label]
                    ),
                )
                totals[label] += seconds
                cells += f"{seconds:>22.2f}{seconds / floor:>9.1f}"
            print(f"{path.name:<36}{floor:>8.2f}{cells}", flush=True)
        print(
            f"{'all notebooks':<36}{totals['floor']:>8.2f}"
            + "".join(
                f"{totals[label]:>22.2f}{totals[label] / totals['floor']:>9.1f}"
                for label in labels
            )
        )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"(median of {args.repeats} runs; {os.cpu_count()} CPUs; load average {load})")


if __name__ == "__main__":
    main()
