"""Command line.

- ``python -m analysis summary [--data-dir DIR]``: validate every table, print a summary.
- ``python -m analysis claims [--data-dir DIR] [--format table|csv|json] [--as-of DATE|--now]``:
  print the scorecard of the article's claims and every reading of each with its verdict and
  robustness (CSV: every reading, with where the claim's number was published; JSON: the
  readings and the quotation checks). ``--words``: the article's quotations and attributions,
  each with its verdict and the statement's passage.
  ``DATE`` is written ``YYYY-MM-DD`` and nothing else.
- ``python -m analysis findings [--data-dir DIR] [--format table|markdown|json|csv]``: what
  the check found (``analysis.findings``), one finding per entry: wrapped to 100 columns
  (``table``), the README's "What we found" (``markdown``), or every column (``json``, ``csv``).
  ``--update-readme``: rewrite the body of README.md's "What we found" with the Markdown
  (only that section; nothing written when it is up to date).
- ``python -m analysis notebooks``: sync each notebook with its script, execute every
  numbered notebook in order, and write notebooks and figures/ only when all succeeded
  (its own exit codes: ``analysis.notebooks``, README).
- ``python -m analysis report [--data-dir DIR] [--out DIR]``: render the HTML report
  (default: report/).
- ``python -m analysis package [--data-dir DIR]``: validate the tables and write
  ``datapackage.json`` beside them (``analysis.package``); refused (3) when the tables changed
  without a new entry in the data changelog.
- ``python -m analysis diff [REV] [--data-dir DIR] [--format text|json]``: what the tables
  differ by from their state at git revision REV (default: the previous data version;
  ``analysis.datadiff``): 2 when git knows no REV, 4 outside a git repository.
- ``python -m analysis database [--data-dir DIR] [--out FILE]``: validate the tables and write
  them as a SQLite database (default: report/expulsions.db) with its Datasette metadata beside
  it (``analysis.database``); 4 when FILE is a folder or a file that is no SQLite database.

Exit codes (``ExitCode``): 0 done; 1 the command could not run: an internal error (a bug: one
line on stderr, the traceback with ANALYSIS_DEBUG=1) or a missing optional package (named);
2 usage error (argparse's: unknown command or option, a date not
written YYYY-MM-DD; a git revision that git does not know); 3 the data fail validation (every problem listed on stderr); 4 a file or
folder cannot be read or written (one line naming it: no data folder, an unreadable table, an
output path that is a file, a full disk); 130 interrupted; 141 the standard output was closed
before all was written (``... | head``): the rest is dropped quietly, as by ``cat``.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import errno
import json
import os
import sys
import traceback
from datetime import date
from pathlib import Path

import pandas as pd

from analysis import safeio, textrules
from analysis.claims import (
    ARTICLE_DATE,
    number_origins,
    quotation_checks,
    scorecard,
    verdict_table,
)
from analysis.datadiff import NotInRepository, UnknownRevision
from analysis.errors import DataFolderError, DataValidationError
from analysis.loaders import PROJECT_ROOT, Dataset, data_folder, load_dataset
from analysis.package import ChangelogError, write_datapackage
from analysis.parsing import parse_date
from analysis.schema import EPISODE_SPANS
from analysis.siteurl import parse_site_url
from analysis.summary import (
    counted_line,
    counted_with_unknown,
    counterpart,
    describe_counts,
    direction,
    source_counts,
    totals_by_direction,
)

PROG = "python -m analysis"
INVASION_DATE = "2022-02-24"
#: The episode the article is about.
ARTICLE_EPISODE = "ukraine-2022"
ARTICLE_DAY = ARTICLE_DATE.date().isoformat()
#: Set to a non-empty value other than 0 to see the traceback of an internal error.
DEBUG_VARIABLE = "ANALYSIS_DEBUG"


class ExitCode(enum.IntEnum):
    """What the exit status of ``python -m analysis`` means (documented in the README)."""

    OK = 0
    INTERNAL_ERROR = 1
    USAGE = 2
    INVALID_DATA = 3
    IO_ERROR = 4
    INTERRUPTED = 130
    BROKEN_PIPE = 141


def summary(data_dir: str | None) -> str:
    """The text the ``summary`` command prints: counts, then the totals of each episode that
    has events in the data, in the order of ``EPISODE_SPANS`` (an episode with none is left
    out: the data may hold any subset of the episodes)."""
    data = load_dataset(data_dir)
    events, reports = data.events, data.reports
    counts = ", ".join(
        f"{len(frame)} {name}"
        for name, frame in (
            ("events", events),
            ("responses", data.responses),
            ("reports", reports),
            ("sources listed", data.sources),
            ("claims", data.claims),
            ("tallies", data.tallies),
        )
    )
    lines = [
        f"Data valid: {counts}",
        f"Counts (analysis.summary.COUNT_DEFINITIONS): {describe_counts(source_counts(data))}",
        "Totals: persons = adopted figures (an event of unknown size adds 0); low / high = "
        "every event at its lowest / highest reported figure",
        "",
    ]
    present = set(events["episode"])
    for episode, (first, last) in EPISODE_SPANS.items():
        if episode not in present:
            continue
        view = data.episode(episode)
        lines += [
            f"Episode {episode} ({first} to {last}): {len(view.events)} events, "
            f"{counterpart(view.events).nunique()} states on the other side of Russia",
            totals_by_direction(view.events, view.reports).to_string(),
            *_counted_lines(view.events, view.reports),
            "",
        ]
        if episode == ARTICLE_EPISODE:
            lines += [
                f"{episode}, invasion ({INVASION_DATE}) to the article ({ARTICLE_DAY})",
                totals_by_direction(
                    view.events, view.reports, INVASION_DATE, ARTICLE_DAY
                ).to_string(),
                *_counted_lines(
                    view.events[view.events["announced"].between(INVASION_DATE, ARTICLE_DAY)],
                    view.reports,
                ),
                "",
            ]
    lines.append(f"Events by direction: {direction(events).value_counts().sort_index().to_dict()}")
    return "\n".join(lines)


def _counted_lines(events: pd.DataFrame, reports: pd.DataFrame) -> list[str]:
    """Per direction, the total in words with what it leaves out (``summary.counted_line``)."""
    table = counted_with_unknown(events, reports)
    return [f"  {name}: {counted_line(row)}" for name, row in table.iterrows()]


def run_notebooks() -> int:
    """Sync, execute and write every notebook; return the exit code (``analysis.notebooks``)."""
    from analysis import notebooks

    if not notebooks.notebook_paths() and not list(
        notebooks.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.py")
    ):
        raise FileNotFoundError(
            errno.ENOENT,
            "no numbered notebooks here (the notebooks command runs in the repository)",
            str(notebooks.NOTEBOOKS_DIR),
        )
    return notebooks.main()


def render(data: Dataset, as_of: object | None, fmt: str) -> str:
    """The claims as a scorecard with every reading below it (``table``), or every reading
    of every claim with its value, verdict and robustness as CSV or JSON (a list of records),
    each with the earliest and closest published origin of its claim's number.
    """
    readings = verdict_table(data, as_of)
    words = quotation_checks(data)
    if fmt in ("csv", "json"):
        origins = number_origins(data, as_of).drop(columns=["claimed", "our_count"])
        records = readings.merge(origins, on="claim_id", how="left")
        for column in ("earliest_published", "closest_published"):
            records[column] = records[column].dt.strftime("%Y-%m-%d")
        if fmt == "csv":
            return spreadsheet_csv(records)
        document = {
            "readings": _records(records),
            "quotations": _records(words),
        }
        return json.dumps(document, indent=2, ensure_ascii=False)
    card = scorecard(data, as_of, readings)
    shown = card[["claim_id", "score", "reading", "claimed", "our_count", "robust"]]
    detail = readings[
        ["reading_id", "natural", "range", "value", "uncertain", "verdict", "first_hand", "holds"]
    ]
    quotes = [f"{row.claim_id} {row.quote!r}" for row in card.itertuples()]
    notes = [f"{row.reading_id}: {row.reason}" for row in readings.itertuples()]
    flips = [
        f"{row.reading_id} flips with {row.flipped_by}"
        for row in readings.itertuples()
        if row.flipped_by
    ]
    return "\n".join(
        [
            "Scorecard (the natural reading of each claim; 'robust': its verdict holds with "
            "every conflicting source figure, day and first-hand evidence only)",
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
            "",
            "The article's words (quotations and attributions; --words for the passages)",
            words[["quote_id", "kind", "verdict", "speaker", "said_on", "publisher"]].to_string(
                index=False
            ),
        ]
    )


def _records(table: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as JSON-ready dicts, missing values as null."""
    return table.astype(object).where(table.notna(), None).to_dict(orient="records")


def render_words(data: Dataset, fmt: str) -> str:
    """The quotation checks with their passages, as a text block per quotation, CSV or JSON."""
    words = quotation_checks(data)
    if fmt == "csv":
        return spreadsheet_csv(words)
    if fmt == "json":
        return json.dumps(_records(words), indent=2, ensure_ascii=False)
    blocks = []
    for row in words.itertuples(index=False):
        said = "" if pd.isna(row.speaker) else f"{row.speaker} ({row.office}), {row.said_on}"
        blocks.append(
            "\n".join(
                [
                    f"{row.quote_id} [{row.kind}] {row.verdict}: {row.words}",
                    f"  said by: {said or 'not found'}",
                    f"  passage: {'' if pd.isna(row.passage) else row.passage}",
                    *([f"  gloss: {row.gloss}"] if not pd.isna(row.gloss) else []),
                    f"  page: {'' if pd.isna(row.publisher) else row.publisher} {'' if pd.isna(row.url) else row.url}",
                    f"  why: {row.how}",
                ]
            )
        )
    return "\n\n".join(blocks)


def spreadsheet_csv(table: pd.DataFrame) -> str:
    """``table`` as the CSV of an export meant for spreadsheets: every text cell that a
    spreadsheet would run as a formula (``textrules.neutralise_formulas``: it begins with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``. Numbers and
    the data tables themselves are not altered; the JSON exports carry the text as it is.
    """
    safe = textrules.neutralise_formulas(table)
    return safe.to_csv(index=False, lineterminator="\n").rstrip("\n")


def data_dir_argument(text: str) -> str:
    """A ``--data-dir`` argument: any path but the empty one, which would silently mean the
    current folder (a usage error)."""
    if text == "":
        raise argparse.ArgumentTypeError(
            "'' names no folder: give the folder of the CSV tables, or leave --data-dir out "
            "for data/"
        )
    return text


def site_url_argument(text: str) -> str:
    """A ``report --site-url`` argument (``analysis.siteurl.parse_site_url``); anything it
    refuses is a usage error."""
    try:
        return parse_site_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def render_findings(data: Dataset, fmt: str) -> str:
    """The findings (``analysis.findings``) in one of ``FINDINGS_FORMATS``: ``table`` for a
    100-column terminal, ``markdown`` (the README's "What we found"), ``json`` (a list of
    records, every column) or ``csv`` (every column)."""
    from analysis import findings

    table = findings.findings_table(data)
    if fmt == "markdown":
        return findings.to_markdown(table).rstrip("\n")
    if fmt == "json":
        return json.dumps(_records(table), indent=2, ensure_ascii=False)
    if fmt == "csv":
        return spreadsheet_csv(table)
    return findings.to_text(table, width=100).rstrip("\n")


#: The output formats of the ``findings`` command.
FINDINGS_FORMATS = ("table", "markdown", "json", "csv")


def iso_date(text: str) -> date:
    """An ``--as-of`` argument: a date written ``YYYY-MM-DD`` (``parsing.parse_date``);
    anything else (``05/04/2022``, ``''``, a time or a time zone) is a usage error."""
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date written YYYY-MM-DD (e.g. {ARTICLE_DAY})"
        ) from None


def report_folder(out: str | None) -> Path | None:
    """The ``--out`` folder of the report (None: the default). Raises ``NotADirectoryError``
    when the path exists and is no folder: the report is a folder of pages."""
    if out is None:
        return None
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(
            errno.ENOTDIR, "exists and is not a folder (--out names the report's folder)", out
        )
    return folder


def database_file(text: str) -> Path:
    """A ``database --out`` argument: a file path, not empty and not ending in a separator
    (that names a folder); anything else is a usage error."""
    if not text.strip() or text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a file name (e.g. report/expulsions.db)"
        )
    return Path(text)


def read_descriptor(folder: Path) -> dict[str, object]:
    """The data package descriptor beside the tables (``python -m analysis package`` writes
    it): the title, licence and version of the database. Raises ``FileNotFoundError`` when it
    is missing, ``DescriptorError`` when it is no JSON object with those fields."""
    path = folder / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DescriptorError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
    fields = ("title", "description", "version", "tablesSha256", "licenses")
    if not isinstance(descriptor, dict) or any(name not in descriptor for name in fields):
        raise DescriptorError(f"{path}: lacks one of {', '.join(fields)}")
    return descriptor


class DescriptorError(ValueError):
    """datapackage.json cannot be read as the descriptor of the tables."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    summary_cmd = commands.add_parser("summary", help="validate the data and print a summary")
    claims_cmd = commands.add_parser("claims", help="print the verdict of every claim")
    commands.add_parser("notebooks", help="execute every notebook in order, in place")
    report_cmd = commands.add_parser("report", help="render the HTML report")
    report_cmd.add_argument("--out", default=None, help="output folder (default: report/)")
    report_cmd.add_argument(
        "--site-url",
        type=site_url_argument,
        default=None,
        metavar="URL",
        help="https address the report will be published at: makes each ClaimReview's url "
        "absolute (default: relative to the report's folder)",
    )
    package_cmd = commands.add_parser(
        "package", help="write datapackage.json (Frictionless Data Package) beside the tables"
    )
    diff_cmd = commands.add_parser(
        "diff", help="what the data differ by from a git revision (default: previous version)"
    )
    diff_cmd.add_argument(
        "rev", nargs="?", default=None, metavar="REV", help="git revision of the old data"
    )
    diff_cmd.add_argument("--format", choices=["text", "json"], default="text")
    findings_cmd = commands.add_parser("findings", help="print what the check found")
    findings_out = findings_cmd.add_mutually_exclusive_group()
    findings_out.add_argument("--format", choices=FINDINGS_FORMATS, default="table")
    findings_out.add_argument(
        "--update-readme",
        action="store_true",
        help="rewrite the body of README.md's 'What we found' with the Markdown findings",
    )
    database_cmd = commands.add_parser(
        "database", help="write the tables as a SQLite database (for SQL and Datasette)"
    )
    database_cmd.add_argument(
        "--out",
        type=database_file,
        default=None,
        metavar="FILE",
        help="the database file (default: report/expulsions.db)",
    )
    for command in (
        summary_cmd,
        claims_cmd,
        report_cmd,
        package_cmd,
        diff_cmd,
        findings_cmd,
        database_cmd,
    ):
        command.add_argument(
            "--data-dir",
            default=None,
            type=data_dir_argument,
            help="folder of the CSV tables (default: data/)",
        )
    claims_cmd.add_argument("--format", choices=["table", "csv", "json"], default="table")
    claims_cmd.add_argument(
        "--words",
        action="store_true",
        help="the article's quotations and attributions, each with the statement's passage",
    )
    when = claims_cmd.add_mutually_exclusive_group()
    when.add_argument(
        "--as-of",
        type=iso_date,
        default=ARTICLE_DAY,
        metavar="YYYY-MM-DD",
        help=f"count events announced up to this date, included (default: {ARTICLE_DAY})",
    )
    when.add_argument(
        "--now",
        action="store_const",
        const=None,
        dest="as_of",
        help="count every event in the data",
    )
    return parser


def run(args: argparse.Namespace) -> str | None:
    """Carry out one parsed command other than ``notebooks`` (which ``main`` runs and which
    has its own exit codes); return the text to print."""
    if args.command == "summary":
        return summary(args.data_dir)
    if args.command == "package":
        folder = data_folder(args.data_dir)
        load_dataset(folder)
        return f"Data package written: {write_datapackage(folder)}"
    if args.command == "diff":
        from analysis.datadiff import diff_text, diff_versions

        changes = diff_versions(args.rev, args.data_dir)
        if args.format == "json":
            return json.dumps(changes, indent=2, ensure_ascii=False)
        return diff_text(changes)
    if args.command == "findings":
        if args.update_readme:
            from analysis import findings

            markdown = render_findings(load_dataset(args.data_dir), "markdown")
            readme = PROJECT_ROOT / "README.md"
            written = findings.update_readme(readme, markdown)
            return f"{readme}: " + ("'What we found' rewritten" if written else "up to date")
        return render_findings(load_dataset(args.data_dir), args.format)
    if args.command == "database":
        from analysis.database import build_database, default_database

        folder = data_folder(args.data_dir)
        dataset = load_dataset(folder)
        descriptor = read_descriptor(folder)
        out = build_database(dataset, args.out or default_database(), descriptor)
        return f"Database written: {out}"
    if args.command == "report":
        from analysis.report import build_report

        folder = report_folder(args.out)
        data_dir = data_folder(args.data_dir)
        index = build_report(
            folder, dataset=load_dataset(data_dir), data_dir=data_dir, site_url=args.site_url
        )
        return f"Report written: {index}"
    if args.words:
        return render_words(load_dataset(args.data_dir), args.format)
    return render(load_dataset(args.data_dir), args.as_of, args.format)


def write_output(text: str) -> None:
    """Print ``text`` and flush it, so that a write error surfaces here and not at exit.

    On a write error the standard output is pointed at the null device, so that the
    interpreter's own last flush cannot fail again; the error is raised again, an ``OSError``
    other than ``BrokenPipeError`` naming the standard output.
    """
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_to_devnull()
        raise
    except OSError as exc:
        _stdout_to_devnull()
        raise OSError(exc.errno, exc.strerror, "<standard output>") from None


def _stdout_to_devnull() -> None:
    """Point file descriptor 1 at the null device (the recipe of the Python documentation,
    "Note on SIGPIPE"); nothing to do when stdout has no descriptor (a test's capture)."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def describe(exc: OSError) -> str:
    """One line for an ``OSError``: the path, then what went wrong."""
    if exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc) or type(exc).__name__


def _error(message: str) -> None:
    _to_stderr(f"{PROG}: {message}")


def _to_stderr(text: str) -> None:
    """Print ``text`` on the standard error; a closed or full standard error loses the text
    but never turns the command's answer into another (the exit code still tells)."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr, flush=True)


def _standard_streams_open() -> None:
    """Give a closed descriptor 0, 1 or 2 the null device, so that no file this process opens
    takes its number (and receives what a child writes to it); a closed ``sys.stderr`` (None)
    writes to the null device."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != descriptor:
                os.dup2(devnull, descriptor)
                os.close(devnull)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (``ExitCode``). A usage error exits through
    argparse (``SystemExit`` with code 2)."""
    _standard_streams_open()
    args = build_parser().parse_args(argv)
    pd.set_option("display.width", 120)
    with safeio.interruptible():
        safeio.remove_stale_scratch()
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    """``main`` after parsing: run the command, map its errors to exit codes."""
    try:
        if args.command == "notebooks":
            code = run_notebooks()
            sys.stdout.flush()
            return code
        text = run(args)
        if text is not None:
            write_output(text)
        else:
            sys.stdout.flush()
    except DataValidationError as exc:
        _to_stderr(str(exc))
        return ExitCode.INVALID_DATA
    except (ChangelogError, DescriptorError) as exc:
        _error(str(exc))
        return ExitCode.INVALID_DATA
    except UnknownRevision as exc:
        _error(str(exc))
        return ExitCode.USAGE
    except NotInRepository as exc:
        _error(str(exc))
        return ExitCode.IO_ERROR
    except BrokenPipeError:
        _stdout_to_devnull()
        return ExitCode.BROKEN_PIPE
    except DataFolderError as exc:
        _error(f"{describe(exc)}; name the folder of the CSV tables with --data-dir DIR")
        return ExitCode.IO_ERROR
    except OSError as exc:
        _error(describe(exc))
        return ExitCode.IO_ERROR
    except ModuleNotFoundError as exc:
        _error(
            f"the {args.command} command needs the package {exc.name!r}, which is not "
            "installed: install the development extras (pip install '.[dev]')"
        )
        return ExitCode.INTERNAL_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return ExitCode.INTERRUPTED
    except Exception as exc:
        if os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
            with contextlib.suppress(OSError, ValueError):
                traceback.print_exc()
        first_line = next(iter(str(exc).splitlines()), "")
        _error(
            f"internal error: {type(exc).__name__}: {first_line} "
            f"(a bug; set {DEBUG_VARIABLE}=1 to see the traceback)"
        )
        return ExitCode.INTERNAL_ERROR
    return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
