"""Command line: ``python -m analysis summary [--data-dir DIR]``.

Validates every table and prints a short summary; exits 1 (with every problem listed on
stderr) when the data fails validation.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from analysis.errors import DataValidationError
from analysis.loaders import load_dataset
from analysis.summary import counterpart, direction, totals_by_direction

ARTICLE_DATE = "2022-05-19"
INVASION_DATE = "2022-02-24"


def summary(data_dir: str | None) -> str:
    """The text the ``summary`` command prints."""
    data = load_dataset(data_dir)
    events, reports = data.events, data.reports
    lines = [
        "Data valid: "
        + ", ".join(
            f"{len(frame)} {name}"
            for name, frame in (
                ("events", events),
                ("responses", data.responses),
                ("reports", reports),
                ("sources", data.sources),
                ("claims", data.claims),
                ("tallies", data.tallies),
            )
        ),
        f"States on the other side of Russia: {counterpart(events).nunique()}",
        "",
    ]
    for label, start, end in (
        (
            f"Invasion ({INVASION_DATE}) to the article ({ARTICLE_DATE})",
            INVASION_DATE,
            ARTICLE_DATE,
        ),
        ("All of 2022 (to 2022-12-31)", None, "2022-12-31"),
    ):
        table = totals_by_direction(events, reports, start, end)
        lines += [label, table.to_string(), ""]
    lines.append(f"Events by direction: {direction(events).value_counts().sort_index().to_dict()}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("summary", help="validate the data and print a summary")
    command.add_argument(
        "--data-dir", default=None, help="folder of the CSV tables (default: data/)"
    )
    args = parser.parse_args(argv)
    pd.set_option("display.width", 120)
    try:
        print(summary(args.data_dir))
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
