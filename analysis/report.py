"""The reviewer's report: static HTML, one page per notebook and an index with the verdicts
and the figures, readable in a browser with no Python.

``build_report(out_dir)`` renders each executed notebook with nbconvert (outputs as stored,
images embedded), copies the figures beside the pages and writes ``index.html``: the claim
verdict table as of the article's date (with robustness), every registered figure with its
caption, and links to the notebook pages.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter

from analysis import evidence, years
from analysis.claims import ARTICLE_DATE, quotation_checks, scorecard, verdict_table
from analysis.figures import FIGURES, cited_sources, figures_dir
from analysis.loaders import PROJECT_ROOT, Dataset, load_dataset
from analysis.notebooks import notebook_paths

DEFAULT_REPORT_DIR = PROJECT_ROOT / "report"
EVIDENCE_PAGE = "evidence.html"
ARTICLE_URL = (
    "https://www.albawaba.com/news/russia-lashes-out-through-200-diplomatic-expulsions-1477479"
)

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.supported { background: #e3f4e1; } td.contradicted { background: #fbe3e0; }
td.unverifiable { background: #f3f3d9; }
td.right { background: #e3f4e1; } td.understated { background: #fbe3e0; }
td.unconfirmed, td.untraceable { background: #f3f3d9; }
td.verbatim, td.faithful_paraphrase { background: #e3f4e1; }
td.altered, td.misattributed { background: #fbe3e0; } td.not_found { background: #f3f3d9; } td.depends-on-the-reading { background: #e6e6f5; }
figure { margin: 2em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #555; }
tr.adopted { background: #eef6ff; } section { margin: 1.5em 0; }
"""


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The first Markdown heading of the notebook, without its '#' marks."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def render_notebook(path: Path, out_dir: Path) -> tuple[str, str]:
    """Write ``path`` as ``<stem>.html`` in ``out_dir``; return (file name, title)."""
    notebook = nbformat.read(path, as_version=4)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": path.stem}})
    name = f"{path.stem}.html"
    (out_dir / name).write_text(body, encoding="utf-8")
    return name, notebook_title(notebook, path.stem)


def _table_html(
    table: pd.DataFrame,
    columns: list[str],
    table_id: str,
    key: str,
    classed: str,
    raw: tuple[str, ...] = (),
) -> str:
    """An HTML table of ``columns``; each row carries ``data-<key>``, and the cells of
    ``classed`` carry their value as a CSS class (with spaces as '-'). Cells of ``raw``
    columns are HTML already (escaped by their maker)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    rows = []
    for row in table[columns].itertuples(index=False):
        cells = []
        for column, value in zip(columns, row, strict=True):
            css = (
                f' class="{html.escape(str(value).replace(" ", "-"))}"'
                if column == classed
                else ""
            )
            text = str(value) if column in raw else html.escape(str(value))
            cells.append(f"<td{css}>{text}</td>")
        ident = html.escape(str(getattr(row, key.replace("-", "_"))))
        rows.append(f'<tr data-{key.split("_")[0]}="{ident}">{"".join(cells)}</tr>')
    return (
        f'<table id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def scorecard_html(card: pd.DataFrame) -> str:
    """The scorecard, one row per claim (``data-claim``), the score cell classed by score."""
    columns = ["claim_id", "quote", "score", "reading", "claimed", "our_count", "other_readings"]
    return _table_html(card, columns, "scorecard", "claim_id", "score")


def event_links(ids: str) -> str:
    """Links to each event's entry on the evidence page, from ids joined by ';'."""
    return ", ".join(
        f'<a href="{EVIDENCE_PAGE}#event-{html.escape(i)}">{html.escape(i)}</a>'
        for i in ids.split(";")
        if i
    )


def words_html(words: pd.DataFrame) -> str:
    """The article's quotations (``data-quote``), the verdict cell classed by verdict, with
    the statement's passage beside the article's words."""
    table = words.assign(
        page=[_link(u, p) for u, p in zip(words["url"], words["publisher"], strict=True)]
    )
    columns = [
        "quote_id",
        "words",
        "verdict",
        "speaker",
        "said_on",
        "passage",
        "gloss",
        "how",
        "page",
    ]
    return _table_html(table.fillna(""), columns, "words", "quote_id", "verdict", raw=("page",))


def verdict_html(table: pd.DataFrame) -> str:
    """Every reading of every claim (``data-reading``), the verdict cell classed by verdict,
    with links to the evidence of every event it counts."""
    table = table.assign(counted=table["events"].map(event_links))
    columns = [
        "reading_id",
        "label",
        "range",
        "value",
        "uncertain",
        "verdict",
        "first_hand",
        "holds",
        "reason",
        "counted",
    ]
    return _table_html(table, columns, "verdicts", "reading_id", "verdict", raw=("counted",))


def war_html(data: Dataset) -> str:
    """The whole war after the article: persons each way per year (with the range of reported
    figures) and every dated published total of the war's later years against our count,
    with the events that can explain each gap. Empty when the data have no later year."""
    war = data.war()
    if set(war.events["episode"]) <= {"ukraine-2022"}:
        return ""
    per_year = years.persons_by_year(war.events, war.reports)
    per_year = per_year.assign(
        range=per_year["low"].astype(str) + "-" + per_year["high"].astype(str)
    )
    later = war.tallies[war.tallies["episode"] != "ukraine-2022"]
    gaps = years.tally_gaps(later, war.events, war.reports)
    for column in ("start", "end"):
        gaps[column] = gaps[column].dt.strftime("%Y-%m-%d")
    last = war.events["announced"].max().date().isoformat()
    return (
        f"<h2>After the article: the war to {last}</h2>"
        "<p>Persons each way per year (adopted figures, a floor; the range runs from every "
        "event's lowest to its highest reported figure). Notebook 7 tells the story.</p>"
        + _table_html(
            per_year,
            ["year", "direction", "events", "unknown", "persons", "range", "states"],
            "years",
            "year",
            "direction",
        )
        + "<p>Totals published for the war's later years against our count over the same "
        "window and direction: <em>within</em> when the events that can move our count "
        "(figures reported otherwise, numbers unknown, measures announced up to 14 days "
        "later) can close the gap; <em>above</em> or <em>below</em> when they cannot (the "
        "total counts other things, or events we lack).</p>"
        + _table_html(
            gaps,
            [
                "tally_id",
                "direction",
                "states",
                "start",
                "end",
                "qualifier",
                "figure",
                "ours",
                "gap",
                "reach",
                "explained_by",
            ],
            "reconciliation",
            "tally_id",
            "reach",
        )
    )


def _link(url: object, text: object) -> str:
    return f'<a href="{html.escape(str(url))}">{html.escape(str(text))}</a>'


def evidence_html(data: Dataset) -> str:
    """The evidence page: every event (anchor ``event-<id>``) with its adopted figure and the
    rank of its source, and every report of it with the source's kind, credit, hand, rank,
    figure, day, excerpt, gloss and link."""
    adopted = evidence.adopted_evidence(data.events, data.reports, data.sources)
    adopted = adopted.set_index("event_id")
    ranked = evidence.report_evidence(data.reports, data.sources)
    sections = []
    for event in data.events.itertuples(index=False):
        info = adopted.loc[event.event_id]
        figure = "unknown" if pd.isna(event.persons) else f"{event.persons} ({event.qualifier})"
        rank = "" if pd.isna(info["rank"]) else f", rank {info['rank']}"
        rows = []
        for report in ranked[ranked["event"] == event.event_id].itertuples(index=False):
            persons = "" if pd.isna(report.persons) else f"{report.persons} ({report.qualifier})"
            day = "" if pd.isna(report.announced) else report.announced.date().isoformat()
            cells = [
                html.escape(report.report_id),
                _link(report.url, report.publisher),
                html.escape(str(report.kind)),
                html.escape("" if pd.isna(report.carries) else str(report.carries)),
                html.escape(str(report.hand)),
                str(report.rank),
                html.escape(persons),
                day,
                f"<q>{html.escape(str(report.excerpt))}</q>",
                html.escape("" if pd.isna(report.gloss) else str(report.gloss)),
            ]
            adopted_row = ' class="adopted"' if report.source == event.adopted_from else ""
            rows.append(f"<tr{adopted_row}>{''.join(f'<td>{c}</td>' for c in cells)}</tr>")
        head = "".join(
            f"<th>{c}</th>"
            for c in (
                "report",
                "source",
                "kind",
                "carries",
                "hand",
                "rank",
                "figure",
                "day given",
                "excerpt",
                "gloss",
            )
        )
        sections.append(
            f'<section id="event-{html.escape(event.event_id)}"><h3>{html.escape(event.event_id)}: '
            f"{html.escape(str(event.expelling_name))} expels {html.escape(str(event.expelled_name))}"
            f"</h3><p>Adopted: {html.escape(figure)} from {html.escape(str(event.adopted_from))}"
            f"{rank}. {html.escape(str(event.note))}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "</section>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Evidence: every event and its reports</title>
<style>{_STYLE}</style></head>
<body>
<h1>Evidence: every event and its reports</h1>
<p><a href="index.html">Back to the index</a>. Ranks: {
        "; ".join(f"{k} {html.escape(v)}" for k, v in evidence.RANK_NAMES.items())
    }. The report the figure is adopted from is highlighted.</p>
{"".join(sections)}
</body></html>
"""


def index_html(
    card: pd.DataFrame,
    verdicts: pd.DataFrame,
    words: pd.DataFrame,
    figure_names: list[str],
    pages: list[tuple[str, str]],
    sources: int,
    war: str = "",
) -> str:
    """The index page: what this is, the verdicts, the figures, the notebook pages."""
    links = "".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a></li>' for name, title in pages
    )
    figures_html = "".join(
        f'<figure id="fig-{html.escape(name)}"><img src="figures/{html.escape(name)}.svg" '
        f'alt="figure {html.escape(name)}"><figcaption>{html.escape(name)} '
        f'(<a href="figures/{html.escape(name)}.png">PNG</a>, '
        f'<a href="figures/{html.escape(name)}.svg">SVG</a>)</figcaption></figure>'
        for name in figure_names
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Tit for tat: the 2022 expulsions, reproduced and checked</title>
<style>{_STYLE}</style></head>
<body>
<h1>Tit for tat: the 2022 diplomatic expulsions around Russia, reproduced and checked</h1>
<p>A check of <a href="{ARTICLE_URL}">Al Bawaba's report of 19 May 2022</a> against a table of
every expulsion we could source ({sources} sources cited; see <code>data/README.md</code>), with the
2018 Skripal expulsions as a yardstick (notebook 6) and the war's later years after the article
(notebook 7).</p>
<h2>Notebooks</h2><ol>{links}</ol>
<p><a href="{EVIDENCE_PAGE}">Evidence</a>: every event with its adopted figure, and every report
with its source's kind, the passage that states the number and a link to the page.</p>
<p><a href="expulsions.db">The tables as a SQLite database</a> (<code>make run</code> writes it
beside this page; <code>make browse</code> serves it with Datasette: docs/database.md).</p>
<h2>Scorecard: the article's claims, as of {ARTICLE_DATE.date().isoformat()}</h2>
<p>One line per claim, on its most natural reading: <em>right</em> (our count lies in the range
the words allow), <em>understated</em> (our count, a floor, is above it), <em>unconfirmed</em>
(our floor is below it), <em>untraceable</em> (the data cannot count it), <em>depends on the
reading</em> (readings of the same words disagree: see below).</p>
{scorecard_html(card)}
<h2>The article's words</h2>
<p>Each quotation and attribution against the statement itself: <em>verbatim</em>,
<em>faithful_paraphrase</em>, <em>altered</em> (the meaning shifted), <em>misattributed</em>,
<em>not_found</em>.</p>
{words_html(words)}
<h2>Every reading</h2>
<p><em>supported</em>: our count lies in the range the reading allows; <em>contradicted</em>:
it lies above (our counts are floors); <em>unverifiable</em>: below, or not countable.
<em>uncertain</em>: persons of unknown grade (diplomats readings). <em>holds</em>: the verdict
is the same with every conflicting source figure.</p>
{verdict_html(verdicts)}
{war}
<h2>Figures</h2>{figures_html}
</body></html>
"""


def build_report(
    out_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    figures_from: Path | None = None,
    dataset: Dataset | None = None,
) -> Path:
    """Write the report into ``out_dir`` (default: report/) and return the index's path.

    The notebooks are rendered as stored (run the notebooks first); the figures are copied
    from ``figures_from`` (default: ``figures_dir()``). Raises ``FileNotFoundError`` when a
    registered figure or every notebook is missing.
    """
    folder = out_dir if out_dir is not None else DEFAULT_REPORT_DIR
    source = figures_from if figures_from is not None else figures_dir()
    data = dataset if dataset is not None else load_dataset()
    paths = notebook_paths(notebooks_dir)
    if not paths:
        raise FileNotFoundError("no numbered notebooks to render")
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    for name in FIGURES:
        for suffix in (".png", ".svg"):
            file = source / f"{name}{suffix}"
            if not file.exists():
                raise FileNotFoundError(f"figure {file} is missing: run the notebooks first")
            shutil.copyfile(file, folder / "figures" / file.name)
    pages = [render_notebook(path, folder) for path in paths]
    verdicts = verdict_table(data, ARTICLE_DATE)
    card = scorecard(data, ARTICLE_DATE, verdicts)
    sources = cited_sources(data)
    (folder / EVIDENCE_PAGE).write_text(evidence_html(data), encoding="utf-8")
    index = folder / "index.html"
    words = quotation_checks(data)
    index.write_text(
        index_html(card, verdicts, words, list(FIGURES), pages, sources, war_html(data)),
        encoding="utf-8",
    )
    return index
