"""Command line.

- ``python -m analysis summary [--data-dir DIR]``: validate every table, print a summary.
- ``python -m analysis claims [--data-dir DIR] [--format table|csv|json] [--as-of DATE|--now]``:
  print the verdict of every claim of the article, with its robustness to source conflicts.
- ``python -m analysis notebooks``: sync each notebook with its script, execute every
  numbered notebook in order, and write notebooks and figures/ only when all succeeded
  (exit codes: ``analysis.notebooks``, README).
- ``python -m analysis report [--out DIR]``: render the HTML report (default: report/).

They exit 1, listing every problem on stderr, when the data fails validation.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from analysis.claims import ARTICLE_DATE, scorecard, verdict_table
from analysis.errors import DataValidationError
from analysis.loaders import Dataset, load_dataset
from analysis.schema import EPISODE_SPANS
from analysis.summary import counterpart, direction, totals_by_direction

INVASION_DATE = "2022-02-24"
#: The episode the article is about.
ARTICLE_EPISODE = "ukraine-2022"
ARTICLE_DAY = ARTICLE_DATE.date().isoformat()


def summary(data_dir: str | None) -> str:
    """The text the ``summary`` command prints."""
    data = load_dataset(data_dir)
    events, reports = data.events, data.reports
    counts = ", ".join(
        f"{len(frame)} {name}"
        for name, frame in (
            ("events", events),
            ("responses", data.responses),
            ("reports", reports),
            ("sources", data.sources),
            ("claims", data.claims),
            ("tallies", data.tallies),
        )
    )
    lines = [f"Data valid: {counts}", ""]
    for episode, (first, last) in EPISODE_SPANS.items():
        view = data.episode(episode)
        lines += [
            f"Episode {episode} ({first} to {last}): {len(view.events)} events, "
            f"{counterpart(view.events).nunique()} states on the other side of Russia",
            totals_by_direction(view.events, view.reports).to_string(),
            "",
        ]
        if episode == ARTICLE_EPISODE:
            lines += [
                f"{episode}, invasion ({INVASION_DATE}) to the article ({ARTICLE_DAY})",
                totals_by_direction(
                    view.events, view.reports, INVASION_DATE, ARTICLE_DAY
                ).to_string(),
                "",
            ]
    lines.append(f"Events by direction: {direction(events).value_counts().sort_index().to_dict()}")
    return "\n".join(lines)


def run_notebooks() -> int:
    """Sync, execute and write every notebook; return the exit code (``analysis.notebooks``)."""
    from analysis import notebooks

    return notebooks.main()


def render(data: Dataset, as_of: object | None, fmt: str) -> str:
    """The claims as a scorecard with every reading below it (``table``), or every reading
    of every claim with its value, verdict and robustness as CSV or JSON (a list of records).
    """
    readings = verdict_table(data, as_of)
    if fmt == "csv":
        return readings.to_csv(index=False, lineterminator="\n").rstrip("\n")
    if fmt == "json":
        return json.dumps(readings.to_dict(orient="records"), indent=2, ensure_ascii=False)
    card = scorecard(data, as_of)
    shown = card[["claim_id", "score", "reading", "claimed", "our_count", "robust"]]
    detail = readings[["reading_id", "natural", "range", "value", "uncertain", "verdict", "holds"]]
    quotes = [f"{row.claim_id} {row.quote!r}" for row in card.itertuples()]
    notes = [f"{row.reading_id}: {row.reason}" for row in readings.itertuples()]
    flips = [
        f"{row.reading_id} flips with {row.flipped_by}"
        for row in readings.itertuples()
        if row.flipped_by
    ]
    return "\n".join(
        [
            "Scorecard (the natural reading of each claim; 'robust': its verdict holds with every conflicting source figure)",
            shown.to_string(index=False),
            "",
            *quotes,
            "",
            "Every reading",
            detail.to_string(index=False),
            "",
            *notes,
            "",
            *flips,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    summary_cmd = commands.add_parser("summary", help="validate the data and print a summary")
    claims_cmd = commands.add_parser("claims", help="print the verdict of every claim")
    commands.add_parser("notebooks", help="execute every notebook in order, in place")
    report_cmd = commands.add_parser("report", help="render the HTML report")
    report_cmd.add_argument("--out", default=None, help="output folder (default: report/)")
    for command in (summary_cmd, claims_cmd):
        command.add_argument(
            "--data-dir", default=None, help="folder of the CSV tables (default: data/)"
        )
    claims_cmd.add_argument("--format", choices=["table", "csv", "json"], default="table")
    when = claims_cmd.add_mutually_exclusive_group()
    when.add_argument(
        "--as-of",
        default=ARTICLE_DAY,
        help=f"count events announced up to this date (default: {ARTICLE_DAY})",
    )
    when.add_argument(
        "--now",
        action="store_const",
        const=None,
        dest="as_of",
        help="count every event in the data",
    )
    args = parser.parse_args(argv)
    pd.set_option("display.width", 120)
    try:
        if args.command == "summary":
            print(summary(args.data_dir))
        elif args.command == "notebooks":
            return run_notebooks()
        elif args.command == "report":
            from analysis.report import build_report

            index = build_report(Path(args.out) if args.out else None)
            print(f"Report written: {index}")
        else:
            print(render(load_dataset(args.data_dir), args.as_of, args.format))
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
