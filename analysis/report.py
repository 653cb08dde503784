"""The reviewer's report: static HTML, one page per notebook and an index with the verdicts
and the figures, readable in a browser with no Python.

``build_report(out_dir)`` renders each executed notebook with nbconvert (outputs as stored,
images embedded), copies the figures beside the pages and writes ``index.html``: the claim
verdict table as of the article's date (with robustness), every registered figure with its
caption, and links to the notebook pages.

Every page is self-contained: nothing is loaded from another host (the notebook pages use
the ``report`` nbconvert template in ``analysis/templates``, JupyterLab's without its CDN
loaders), each carries a Content-Security-Policy that forbids it, a viewport for phones, and a
footer naming the data version and the commit it was built from (``analysis.stamp``). Every
cell that comes from the data is escaped: markup in the data is shown as text.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import mistune
import nbformat
import pandas as pd
from nbconvert import HTMLExporter

from analysis import datadiff, evidence, safeio, years
from analysis.captions import CAPTIONS
from analysis.claims import ARTICLE_DATE, quotation_checks, scorecard, verdict_table
from analysis.figures import FIGURES, figures_dir
from analysis.findings import findings_table
from analysis.loaders import PROJECT_ROOT, Dataset, data_folder, load_dataset
from analysis.notebooks import notebook_paths
from analysis.package import ChangelogError
from analysis.stamp import Stamp, stamp
from analysis.summary import source_counts

DEFAULT_REPORT_DIR = PROJECT_ROOT / "report"
EVIDENCE_PAGE = "evidence.html"
CHANGES_PAGE = "changes.html"
METHOD_PAGE = "method.html"
TEMPLATES = Path(__file__).parent / "templates"
#: The policy of every page: nothing but its own images and inline styles; no script runs,
#: nothing is fetched from another host (a JSON-LD block is data, not a script).
CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
HEAD = (
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
)
#: The pages beside the notebooks, in the navigation line of every page.
NAVIGATION = (
    ("index.html", "Index"),
    (EVIDENCE_PAGE, "Evidence"),
    (CHANGES_PAGE, "Changes and corrections"),
    (METHOD_PAGE, "How we check"),
)
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
.scroll { overflow-x: auto; max-width: 100%; }
img { max-width: 100%; height: auto; }
nav.site, footer.stamp { font-size: 0.9em; color: #444; }
footer.stamp { margin-top: 3em; border-top: 1px solid #ccc; padding-top: 0.5em; }
code, q, td { overflow-wrap: break-word; }
.verdict { font-weight: 600; padding: 0 0.2em; }
.verdict.right { background: #e3f4e1; } .verdict.understated { background: #fbe3e0; }
.verdict.unconfirmed, .verdict.untraceable { background: #f3f3d9; }
.verdict.depends-on-the-reading { background: #e6e6f5; }
a.top { font-size: 0.85em; }
details.evidence { font-size: 0.9em; } details.evidence summary { color: #444; }
#findings li { margin-bottom: 0.6em; }
@media (max-width: 600px) { body { margin: 0.5em auto; padding: 0 0.5em; }
  h1 { font-size: 1.4em; } h2 { font-size: 1.2em; } table { font-size: 0.8em; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; }
  table.cards thead, table.cards td:empty { display: none; }
  table.cards tr { border: 1px solid #ccc; margin-bottom: 0.6em; }
  table.cards td { border: none; border-bottom: 1px solid #eee; }
  table.cards td::before { content: attr(data-label) ": "; font-weight: 600; color: #555; } }
"""
#: Added to the notebook pages: the same navigation and stamp. On a phone, code and outputs
#: scroll in their own box: nbconvert lays a cell out as a table, whose cells never shrink
#: below their content, so there it becomes a flex row (an item shrinks with ``min-width: 0``)
#: and the In/Out prompts are hidden to leave the width to the code.
_NOTEBOOK_STYLE = """
nav.site, footer.stamp { font-family: system-ui, sans-serif; font-size: 0.9em; color: #444;
                         padding: 0.5em 1em; }
nav.site a { color: #0645ad; text-decoration: underline; }
.jp-OutputArea-output, .jp-RenderedHTMLCommon { overflow-x: auto; max-width: 100%; }
.jp-OutputArea-output pre { white-space: pre; overflow-x: auto; }
.jp-Cell { max-width: 100%; box-sizing: border-box; }
img { max-width: 100%; height: auto; }
@media (max-width: 600px) { .jp-InputPrompt, .jp-OutputPrompt { display: none; }
  .jp-InputArea, .jp-OutputArea-child { display: flex; }
  .jp-InputArea-editor, .jp-OutputArea-output, .jp-InputArea .jp-RenderedHTMLCommon {
    flex: 1 1 auto; min-width: 0; overflow-x: auto; } }
"""


#: The changelog's Markdown as HTML, any HTML in it escaped.
_MARKDOWN = mistune.create_markdown(escape=True)


def nav_html() -> str:
    """The navigation line of every page."""
    links = " · ".join(f'<a href="{href}">{html.escape(text)}</a>' for href, text in NAVIGATION)
    return f'<nav class="site">{links}</nav>'


def footer_html(built: Stamp) -> str:
    """The footer of every page: the data version and the commit the page was built from."""
    return f'<footer class="stamp" id="stamp">{html.escape(built.text())}</footer>'


def page(title: str, body: str, built: Stamp, extra_head: str = "") -> str:
    """A whole page: head (charset, viewport, policy, title, style), navigation, ``body``
    (HTML made by its caller, escaped there) and the footer."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{HEAD}
<title>{html.escape(title)}</title>
<style>{_STYLE}</style>{extra_head}</head>
<body id="top">
{nav_html()}
{body}
{footer_html(built)}
</body></html>
"""


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The first Markdown heading of the notebook, without its '#' marks."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def render_notebook(path: Path, built: Stamp) -> tuple[str, str, str]:
    """``path`` as a page of the ``report`` template: (file name ``<stem>.html``, title,
    page)."""
    notebook = nbformat.read(path, as_version=4)
    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES)])
    resources = {
        "metadata": {"name": path.stem},
        "report_head": HEAD,
        "report_css": _NOTEBOOK_STYLE,
        "report_nav": nav_html(),
        "report_footer": footer_html(built),
    }
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return f"{path.stem}.html", notebook_title(notebook, path.stem), body


def _table_html(
    table: pd.DataFrame,
    columns: list[str],
    table_id: str,
    key: str,
    classed: str,
    raw: tuple[str, ...] = (),
    anchor: str | None = None,
    cards: bool = False,
) -> str:
    """An HTML table of ``columns`` (``cards``: shown on a phone as one card per row, each
    cell labelled with its column); each row carries ``data-<key>`` (and the id
    ``<anchor>-<key>`` when ``anchor`` is given), and the cells of ``classed`` carry their
    value as a CSS class (with spaces as '-'). Cells of ``raw`` columns are HTML already
    (escaped by their maker); every other cell is escaped here."""
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
            cells.append(f'<td{css} data-label="{html.escape(column)}">{text}</td>')
        ident = html.escape(str(getattr(row, key.replace("-", "_"))))
        row_id = f' id="{anchor}-{ident}"' if anchor else ""
        rows.append(f'<tr{row_id} data-{key.split("_")[0]}="{ident}">{"".join(cells)}</tr>')
    css_class = ' class="cards"' if cards else ""
    return (
        f'<div class="scroll"><table id="{table_id}"{css_class}>'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def reading_link(reading_id: str, text: str | None = None) -> str:
    """A link to a reading's row in the index (anchor ``reading-<id>``)."""
    shown = reading_id if text is None else text
    return f'<a href="#reading-{html.escape(reading_id)}">{html.escape(shown)}</a>'


def scorecard_html(card: pd.DataFrame, verdicts: pd.DataFrame) -> str:
    """The scorecard, one row per claim (``data-claim``, anchor ``claim-<id>``), the score
    cell classed by score; the reading cell links to the natural reading's row, where its
    events and their sum are."""
    natural = verdicts[verdicts["natural"]].set_index("claim_id")["reading_id"]
    table = card.assign(
        reading=[
            reading_link(natural[claim], label)
            for claim, label in zip(card["claim_id"], card["reading"], strict=True)
        ]
    )
    columns = ["claim_id", "quote", "score", "reading", "claimed", "our_count", "other_readings"]
    return _table_html(
        table, columns, "scorecard", "claim_id", "score", raw=("reading",), anchor="claim"
    )


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
    return _table_html(
        table.fillna(""),
        columns,
        "words",
        "quote_id",
        "verdict",
        raw=("page",),
        anchor="quote",
        cards=True,
    )


def counted_html(ids: str, persons: pd.Series, value: int) -> str:
    """The events a reading counts, each linked to its evidence with its adopted persons
    (``?`` when unknown: it counts 0), joined by '+', and their sum ``value``."""
    parts = []
    for event_id in (i for i in ids.split(";") if i):
        number = persons.get(event_id)
        shown = "?" if number is None or pd.isna(number) else str(int(number))
        parts.append(
            f'<span class="counted"><a href="{EVIDENCE_PAGE}#event-{html.escape(event_id)}">'
            f"{html.escape(event_id)}</a>&nbsp;{shown}</span>"
        )
    if not parts:
        return f"no event = <strong>{value}</strong>"
    return " + ".join(parts) + f" = <strong>{value}</strong>"


def verdict_html(table: pd.DataFrame, events: pd.DataFrame) -> str:
    """Every reading of every claim (``data-reading``, anchor ``reading-<id>``), the verdict
    cell classed by verdict, with every event it counts (linked to its evidence) with its
    persons, and their sum, the reading's value."""
    persons = events.set_index("event_id")["persons"]
    table = table.assign(
        counted=[
            counted_html(ids, persons, value)
            for ids, value in zip(table["events"], table["value"], strict=True)
        ]
    )
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
    return _table_html(
        table,
        columns,
        "verdicts",
        "reading_id",
        "verdict",
        raw=("counted",),
        anchor="reading",
        cards=True,
    )


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


def episode_order(events: pd.DataFrame) -> list[str]:
    """The episodes of ``events`` in time order (by their first announced event)."""
    first = events.groupby("episode", observed=True)["announced"].min()
    return [str(e) for e in first.sort_values(kind="stable").index]


def counterpart(events: pd.DataFrame) -> pd.DataFrame:
    """The other side of each event (Russia is one side of every event): ``state`` and
    ``state_name``, by row of ``events``."""
    russia_expels = events["expelling"] == "RUS"
    return pd.DataFrame(
        {
            "state": events["expelled"].where(russia_expels, events["expelling"]),
            "state_name": events["expelled_name"].where(russia_expels, events["expelling_name"]),
        },
        index=events.index,
    )


def readings_by_event(verdicts: pd.DataFrame) -> dict[str, list[str]]:
    """The readings (ids, in table order) that count each event, from ``verdict_table``."""
    found: dict[str, list[str]] = {}
    for reading_id, ids in zip(verdicts["reading_id"], verdicts["events"], strict=True):
        for event_id in (i for i in ids.split(";") if i):
            found.setdefault(event_id, []).append(reading_id)
    return found


_REPORT_COLUMNS = (
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


def _event_section(event, info: pd.Series, reports: pd.DataFrame, counted_by: list[str]) -> str:
    figure = "unknown" if pd.isna(event.persons) else f"{event.persons} ({event.qualifier})"
    rank = "" if pd.isna(info["rank"]) else f", rank {info['rank']}"
    rows = []
    for report in reports.itertuples(index=False):
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
        labelled = "".join(
            f'<td data-label="{label}">{cell}</td>'
            for label, cell in zip(_REPORT_COLUMNS, cells, strict=True)
        )
        rows.append(f"<tr{adopted_row}>{labelled}</tr>")
    head = "".join(f"<th>{c}</th>" for c in _REPORT_COLUMNS)
    counted = (
        "Counted by the readings "
        + ", ".join(
            f'<a href="index.html#reading-{html.escape(r)}">{html.escape(r)}</a>'
            for r in counted_by
        )
        + "."
        if counted_by
        else "Counted by no reading of the article's claims."
    )
    day = event.announced.date().isoformat()
    return (
        f'<section id="event-{html.escape(event.event_id)}" class="event">'
        f"<h4>{html.escape(event.event_id)}: {html.escape(str(event.expelling_name))} expels "
        f"{html.escape(str(event.expelled_name))}</h4>"
        f"<p>Announced {day}. Adopted: {html.escape(figure)} from "
        f"{html.escape(str(event.adopted_from))}{rank}. {html.escape(str(event.note))}</p>"
        f'<p class="counted-by">{counted}</p>'
        f'<div class="scroll"><table class="cards"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        "</section>"
    )


def evidence_html(data: Dataset, built: Stamp, verdicts: pd.DataFrame | None = None) -> str:
    """The evidence page: a table of contents by episode (in time order) and state; for each
    episode a heading, and under it each state (by name) with its events in time order: each
    event (anchor ``event-<id>``) with its adopted figure and the rank of its source, the
    readings that count it (``verdicts``: ``verdict_table``; links back to the index), and
    every report of it with the source's kind, credit, hand, rank, figure, day, excerpt,
    gloss and link; a back-to-top link after every state."""
    adopted = evidence.adopted_evidence(data.events, data.reports, data.sources)
    adopted = adopted.set_index("event_id")
    ranked = evidence.report_evidence(data.reports, data.sources)
    by_event = {key: group for key, group in ranked.groupby("event", sort=False)}
    empty = ranked.iloc[0:0]
    counting = readings_by_event(verdicts) if verdicts is not None else {}
    events = pd.concat([data.events, counterpart(data.events)], axis=1)
    contents, parts = [], []
    for episode in episode_order(events):
        mine = events[events["episode"] == episode].sort_values(
            ["state_name", "announced", "event_id"], kind="stable"
        )
        days = f"{mine['announced'].min():%Y-%m-%d} to {mine['announced'].max():%Y-%m-%d}"
        anchor = f"episode-{html.escape(episode)}"
        states = []
        blocks = []
        for (state, name), group in mine.groupby(["state", "state_name"], sort=False):
            state_anchor = f"{html.escape(episode)}-{html.escape(str(state))}"
            states.append(
                f'<a href="#{state_anchor}">{html.escape(str(name))}</a>&nbsp;({len(group)})'
            )
            sections = "".join(
                _event_section(
                    event,
                    adopted.loc[event.event_id],
                    by_event.get(event.event_id, empty),
                    counting.get(event.event_id, []),
                )
                for event in group.itertuples(index=False)
            )
            blocks.append(
                f'<div class="state" id="{state_anchor}"><h3>{html.escape(str(name))}, '
                f"{html.escape(episode)}</h3>{sections}"
                '<p><a class="top" href="#top">Back to top</a></p></div>'
            )
        contents.append(
            f'<li><a href="#{anchor}">{html.escape(episode)}</a>: {days}, {len(mine)} events. '
            + ", ".join(states)
            + "</li>"
        )
        parts.append(
            f'<div class="episode" id="{anchor}"><h2>Episode {html.escape(episode)}: {days}, '
            f"{len(mine)} events</h2>{''.join(blocks)}</div>"
        )
    title = "Evidence: every event and its reports"
    ranks = "; ".join(f"{k} {html.escape(v)}" for k, v in evidence.RANK_NAMES.items())
    return page(
        title,
        f"""<h1>{title}</h1>
<p><a href="index.html">Back to the index</a>. Each event of every episode, by state, with the
readings that count it and every report of it: the source's kind and rank, the figure and the
passage that states it. Ranks: {ranks}. The report the figure is adopted from is highlighted.</p>
<nav id="contents"><h2>Contents: episodes in time order, and states</h2>
<ul>{"".join(contents)}</ul></nav>
{"".join(parts)}""",
        built,
    )


def figure_html(name: str, findings: pd.DataFrame | None, pages: dict[str, str]) -> str:
    """One figure (anchor ``fig-<name>``) with its alternative text and a caption: what it
    shows (``captions.CAPTIONS``) and what it finds, the statements of the findings of its
    kind, or its notebook's page when no finding speaks for it."""
    caption = CAPTIONS[name]
    said = (
        findings[findings["kind"] == caption.finding]["statement"].tolist()
        if findings is not None and caption.finding is not None
        else []
    )
    notebook = f"{caption.notebook}.html"
    told = _link(notebook, pages.get(notebook, caption.notebook))
    finds = (
        f"What it finds: {html.escape(' '.join(said))} More in {told}."
        if said
        else f"What it finds: told in {told}."
    )
    file = html.escape(name)
    return (
        f'<figure id="fig-{file}"><img src="figures/{file}.svg" alt="{html.escape(caption.alt)}">'
        f"<figcaption><strong>{html.escape(caption.shows)}</strong> {finds} "
        f'(<a href="figures/{file}.png">PNG</a>, <a href="figures/{file}.svg">SVG</a>)'
        "</figcaption></figure>"
    )


def _split_ids(ids: str) -> list[str]:
    return [i for i in ids.split(";") if i]


def _id_links(ids: str, href: str, label: str) -> str:
    found = [i for i in ids.split(";") if i]
    if not found:
        return ""
    links = ", ".join(f'<a href="{href}{html.escape(i)}">{html.escape(i)}</a>' for i in found)
    return f"{label} {links}"


def _source_links(ids: str, sources: pd.DataFrame | None) -> str:
    found = [i for i in ids.split(";") if i]
    if not found or sources is None:
        return ""
    urls = sources.set_index("source_id")["url"]
    return "sources " + ", ".join(_link(urls.get(i, ""), i) for i in found)


def findings_html(findings: pd.DataFrame | None, sources: pd.DataFrame | None = None) -> str:
    """The findings (``analysis.findings.findings_table``), one item each (anchor
    ``finding-<id>``): the verdict word, the statement, and links to its evidence: the
    readings (their rows here), the events (their passages on the evidence page), the
    quotations (their rows here) and the sources (their pages; ``sources``: the sources
    table). Empty without findings."""
    if findings is None or findings.empty:
        return ""
    items = []
    for row in findings.itertuples(index=False):
        evidence = "; ".join(
            part
            for part in (
                _id_links(row.readings, "#reading-", "readings"),
                _id_links(row.events, f"{EVIDENCE_PAGE}#event-", "events"),
                _id_links(row.quotes, "#quote-", "quotations"),
                _source_links(row.sources, sources),
            )
            if part
        )
        counts = ", ".join(
            f"{len(ids)} {label}"
            for label, ids in (
                ("readings", _split_ids(row.readings)),
                ("events", _split_ids(row.events)),
                ("quotations", _split_ids(row.quotes)),
                ("sources", _split_ids(row.sources)),
            )
            if ids
        )
        css = html.escape(str(row.verdict).replace(" ", "-"))
        items.append(
            f'<li id="finding-{html.escape(row.finding_id)}" data-finding="'
            f'{html.escape(row.finding_id)}"><span class="verdict {css}">'
            f"{html.escape(str(row.verdict))}</span> {html.escape(row.statement)}"
            + (
                f' <details class="evidence"><summary>Evidence: {counts}</summary>{evidence}.'
                "</details>"
                if evidence
                else ""
            )
            + "</li>"
        )
    return f'<h2>What we found</h2><ol id="findings">{"".join(items)}</ol>'


def index_html(
    card: pd.DataFrame,
    verdicts: pd.DataFrame,
    words: pd.DataFrame,
    events: pd.DataFrame,
    pages: list[tuple[str, str]],
    sources: int,
    built: Stamp,
    war: str = "",
    findings: pd.DataFrame | None = None,
    sources_table: pd.DataFrame | None = None,
    extra_head: str = "",
) -> str:
    """The index page: what this is, the findings, the scorecard (each claim linked to its
    reading), the article's words, every reading with the events it counts, the war after
    the article, the figures with their captions, the notebook pages."""
    links = "".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a></li>' for name, title in pages
    )
    figures_html = "".join(figure_html(name, findings, dict(pages)) for name in FIGURES)
    return page(
        "Tit for tat: the 2022 expulsions, reproduced and checked",
        f"""<h1>Tit for tat: the 2022 diplomatic expulsions around Russia, reproduced and checked</h1>
<p>A check of <a href="{ARTICLE_URL}">Al Bawaba's report of 19 May 2022</a> against every
expulsion we could source ({sources} sources cited by a report). <a href="#scorecard-heading">The
scorecard</a>; <a href="{METHOD_PAGE}">how we check</a>; <a href="expulsions.db">the tables as a SQLite
database</a> (<code>make browse</code> serves it with Datasette: docs/database.md).</p>
{findings_html(findings, sources_table)}
<h2 id="scorecard-heading">Scorecard: the article's claims, as of {ARTICLE_DATE.date().isoformat()}</h2>
{scorecard_html(card, verdicts)}
<p class="key">Scores, on the claim's most natural reading: <em>right</em> (our count lies in
the range the words allow), <em>understated</em> (our count, a floor, is above it),
<em>unconfirmed</em> (our floor is below it), <em>untraceable</em> (the data cannot count it),
<em>depends on the reading</em> (readings of the same words disagree). The reading links to the
events it counts and their sum.</p>
<h2>The article's words</h2>
<p>Each quotation and attribution against the statement itself: <em>verbatim</em>,
<em>faithful_paraphrase</em>, <em>altered</em> (the meaning shifted), <em>misattributed</em>,
<em>not_found</em>.</p>
{words_html(words)}
<h2>Every reading</h2>
<p><em>supported</em>: our count lies in the range the reading allows; <em>contradicted</em>:
it lies above (our counts are floors); <em>unverifiable</em>: below, or not countable.
<em>uncertain</em>: persons of unknown grade (diplomats readings), not in the sum. <em>holds</em>:
the verdict is the same with every conflicting source figure. <em>counted</em>: each event the
reading counts, linked to its evidence, with its persons (? when unknown: it counts 0), and the
sum, which is the value.</p>
{verdict_html(verdicts, events)}
{war}
<h2>Figures</h2>{figures_html}
<h2>Notebooks</h2><ol>{links}</ol>
<p><a href="{EVIDENCE_PAGE}">Evidence</a>: every event with its adopted figure, and every report
with its source's kind, the passage that states the number and a link to the page.</p>""",
        built,
        extra_head,
    )


REVIEWER = "The expulsions-analysis maintainers"
ARTICLE_PUBLISHER = "Al Bawaba"


def rating_explanation(row: dict) -> str:
    """One sentence: the natural reading, our count against the claim's, the reason of its
    verdict, and the other readings whose verdict differs."""
    others = f"; other readings: {row['other_readings']}" if row["other_readings"] else ""
    return (
        f"On its most natural reading ({row['reading']}) we count {row['our_count']} against "
        f"the {row['claimed']} claimed ({row['reason']}){others}."
    )


def claim_reviews(
    card: pd.DataFrame, verdicts: pd.DataFrame, built: Stamp, site_url: str | None = None
) -> list[dict]:
    """One schema.org ``ClaimReview`` per claim of the scorecard: the claim's words
    (``claimReviewed``), the article as the ``Claim``'s author and appearance with its date,
    the scorecard word as ``reviewRating.alternateName`` and ``rating_explanation`` as its
    ``ratingExplanation``. No ``ratingValue``: the words are no ordinal scale. Dated with the
    data version's date (the review is of that version). ``url``: the claim's row on the
    index, absolute under ``site_url`` (``parse_site_url``'s form) when given, else relative
    to the report's folder."""
    natural = verdicts[verdicts["natural"]].set_index("claim_id")
    article_day = ARTICLE_DATE.date().isoformat()
    publisher = {"@type": "Organization", "name": ARTICLE_PUBLISHER}
    appearance = {
        "@type": "NewsArticle",
        "url": ARTICLE_URL,
        "datePublished": article_day,
        "publisher": publisher,
    }
    reviews = []
    for _, row in card.iterrows():
        reason = natural.loc[row["claim_id"], "reason"]
        review = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{site_url or ''}index.html#claim-{row['claim_id']}",
            "identifier": row["claim_id"],
            "claimReviewed": row["quote"],
            "itemReviewed": {
                "@type": "Claim",
                "author": publisher,
                "datePublished": article_day,
                "appearance": appearance,
                "firstAppearance": appearance,
            },
            "author": {"@type": "Organization", "name": REVIEWER},
            "reviewRating": {
                "@type": "Rating",
                "alternateName": row["score"],
                "ratingExplanation": rating_explanation({**row.to_dict(), "reason": reason}),
            },
        }
        if built.version_date is not None:
            review["datePublished"] = built.version_date
        reviews.append(review)
    return reviews


def json_ld(item: dict) -> str:
    """A JSON-LD block: the JSON with '<', '>' and '&' escaped, so that nothing in it can close
    the element or be read as markup."""
    text = json.dumps(item, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _totals_cell(before: dict | None, after: dict | None, key: str) -> str:
    was = "-" if before is None else before.get(key, "-")
    now = "-" if after is None else after.get(key, "-")
    return html.escape(f"{now}" if was == now else f"{was} → {now}")


def version_html(item: dict, known: set[str]) -> str:
    """One data version on the changes page (anchor ``version-<version>``): its date and
    commit, the changelog's words, and what it changed from the version before: events, the
    totals per episode and direction, the verdicts that flipped."""
    version = html.escape(item["version"])
    commit = f", commit {html.escape(item['commit'][:7])}" if item["commit"] else ""
    parts = [f'<section class="version" id="version-{version}">']
    parts.append(f"<h3>Version {version}, dated {html.escape(item['date'])}{commit}</h3>")
    parts.append(f'<div class="entry">{_MARKDOWN(item["text"])}</div>')
    if item["previous"] is None:
        parts.append("<p>The first version: nothing to compare it with.</p></section>")
        return "".join(parts)
    previous = html.escape(item["previous"])
    events = item["events"]

    def ids(rows: list[str]) -> str:
        return ", ".join(
            f'<a href="{EVIDENCE_PAGE}#event-{html.escape(i)}">{html.escape(i)}</a>'
            if i in known
            else html.escape(i)
            for i in rows
        )

    added = [row["event_id"] for row in events["added"]]
    removed = [row["event_id"] for row in events["removed"]]
    changed = [c["event_id"] for c in events["changed"]]
    lines = [
        f"<li>{len(added)} events added{': ' + ids(added) if added else ''}</li>",
        f"<li>{len(removed)} removed{': ' + ids(removed) if removed else ''}</li>",
        f"<li>{len(changed)} changed{': ' + ids(changed) if changed else ''}</li>",
    ]
    parts.append(f"<p>Against version {previous}:</p><ul>{''.join(lines)}</ul>")
    if item["note"]:
        parts.append(f'<p class="note">Not compared further: {html.escape(item["note"])}.</p>')
    if item["totals"] is not None:
        rows = [
            "<tr>"
            f"<td>{html.escape(t['episode'])}</td><td>{html.escape(t['direction'])}</td>"
            + "".join(
                f"<td>{_totals_cell(t['old'], t['new'], key)}</td>"
                for key in ("events", "persons", "low", "high")
            )
            + "</tr>"
            for t in item["totals"]
        ]
        head = "".join(
            f"<th>{c}</th>"
            for c in ("episode", "direction", "events", "persons", "lowest", "highest")
        )
        parts.append(
            "<p>Totals per episode and direction (before → after when they changed; persons: "
            "adopted figures, unknown as 0; lowest and highest: every report):</p>"
            f'<div class="scroll"><table class="totals"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
        flipped = item["verdicts"]["flipped"]
        flips = "".join(
            f"<li>{reading_link_index(f['reading_id'])} (claim {html.escape(f['claim_id'])}): "
            f"{html.escape(f['old'])} → {html.escape(f['new'])}</li>"
            for f in flipped
        )
        parts.append(
            f'<p class="flipped">Verdicts flipped: {len(flipped)}.</p>'
            + (f"<ul>{flips}</ul>" if flips else "")
        )
        for key, label in (("readings_added", "Readings added"), ("readings_removed", "removed")):
            if item["verdicts"][key]:
                parts.append(f"<p>{label}: {html.escape(', '.join(item['verdicts'][key]))}</p>")
    parts.append('<p><a class="top" href="#top">Back to top</a></p></section>')
    return "".join(parts)


def reading_link_index(reading_id: str) -> str:
    """A link from another page to a reading's row in the index."""
    return f'<a href="index.html#reading-{html.escape(reading_id)}">{html.escape(reading_id)}</a>'


CORRECTIONS = """<h2 id="corrections">Corrections policy</h2>
<p><strong>To report an error</strong>, open an issue in the project's repository (or write to
its maintainers) naming the page, the event, report or claim, and what is wrong, with the page
of a source that shows it if you have one.</p>
<p><strong>How a correction is made.</strong> Every figure comes from a source in
<code>data/</code>, so a correction is a change of the tables: a cell corrected, a report or a
source added, an event added or removed. The change is checked by the same validation and
tests as any other, and the notebooks and this report are rebuilt from it; no number is
corrected in prose alone.</p>
<p><strong>How it is recorded.</strong> Each change of the tables is a new data version in
<code>data/CHANGELOG.md</code> (what changed and why, dated, with the tables' hash and the
commit), listed below with what it changed in the counts and which verdicts flipped. A verdict
that changed is shown here as changed, old and new, never silently replaced; old versions stay
in the repository's history and can be compared with <code>python -m analysis diff</code>.</p>"""


def changes_html(history: list[dict] | None, known: set[str], built: Stamp, why: str = "") -> str:
    """The changes page: the corrections policy, then every data version of the changelog
    (``datadiff.history``), newest first; ``why`` says why there is no history (None)."""
    title = "Changes and corrections"
    if history is None:
        versions = f"<p>No version history: {html.escape(why)}.</p>"
        contents = ""
    else:
        versions = "".join(version_html(item, known) for item in history)
        contents = ", ".join(
            f'<a href="#version-{html.escape(i["version"])}">{html.escape(i["version"])}</a>'
            for i in history
        )
        contents = f"<p>Versions: {contents}.</p>"
    return page(
        title,
        f"""<h1>{title}</h1>
<p>This report shows {html.escape(built.data_text())}. What each version of the data changed,
and how errors are corrected.</p>
{CORRECTIONS}
<h2 id="versions">Data versions, newest first</h2>
{contents}
{versions}""",
        built,
    )


def method_html(data: Dataset, built: Stamp) -> str:
    """The "How we check" page: how the claims were chosen, what a reading is, the ranks of
    evidence, what each verdict word means, and what the data cannot count."""
    ranks = "".join(
        f"<li>{rank}: {html.escape(name)}</li>" for rank, name in evidence.RANK_NAMES.items()
    )
    first_hand = ", ".join(str(r) for r in evidence.FIRST_HAND_RANKS)
    title = "How we check"
    return page(
        title,
        f"""<h1>{title}</h1>
<h2 id="claims">How the claims were chosen</h2>
<p>Every statement of the article that gives a number the data can be held against is a claim
({len(data.claims)} in all), with its exact words, its number, the direction of the
expulsions and the episode; its quotations and attributions are checked apart, against the
statements themselves. The article is never evidence of anything but its own words.</p>
<h2 id="readings">What a reading is</h2>
<p>The same words can be counted in more than one way: which days (the window of
announcement dates), which states, which personnel (everyone expelled, or diplomats only), and
what range of numbers the words allow ("nearly", "at least", "some"). A reading is one such way,
written down with the reason the words allow it ({len(data.readings)} readings in all). One
reading per claim is marked the most natural, with the reason. Each reading's count is the sum
of the adopted figures of the events it counts, shown beside it in the index, each event
linked to the passages that state its number.</p>
<h2 id="evidence">The ranks of evidence</h2>
<p>Every figure is adopted from the best source that states it, by rank (1 is best; ranks
{first_hand} are first-hand):</p><ol>{ranks}</ol>
<p>Where sources disagree, each figure is kept and the adopted one is said and why; every
verdict is rerun with each other figure (robustness). Searches that found nothing are recorded
too.</p>
<h2 id="verdicts">What the verdict words mean</h2>
<p>A reading is <em>supported</em> when our count lies in the range its words allow,
<em>contradicted</em> when it lies above (our counts are floors, so a count above the range
says the claim is too low), and <em>unverifiable</em> when it lies below or the data cannot
count it. The scorecard says it in a reader's words, on the claim's natural reading:</p>
<ul><li><em>right</em>: our count lies in the range the words allow;</li>
<li><em>understated</em>: our count, a floor, is above it;</li>
<li><em>unconfirmed</em>: our count is below it (the events may exist but be unsourced);</li>
<li><em>untraceable</em>: the data cannot count what the words count;</li>
<li><em>depends on the reading</em>: readings of the same words that decide something
disagree.</li></ul>
<p>Quotations are <em>verbatim</em>, <em>faithful_paraphrase</em>, <em>altered</em> (the
meaning shifted), <em>misattributed</em> or <em>not_found</em>.</p>
<h2 id="limits">What the data cannot count</h2>
<ul><li>Expulsions never made public, or announced only as numbers without a date or state.</li>
<li>The grade of persons whom sources call staff or employees: a diplomats-only reading
reports them as uncertain, never guessed.</li>
<li>Events whose number no source gives: they count 0, so every total is a floor.</li>
<li>Measures other than sending persons away (closed consulates, visa bans): out of scope.</li>
<li>Agreements or intentions: a claim about what states agreed cannot be counted from
events.</li></ul>
<p>The data's documentation (<code>data/README.md</code>) gives every column and rule.</p>""",
        built,
    )


def page_files(
    folder: Path,
    data: Dataset,
    built: Stamp,
    pages: list[tuple[str, str]],
    data_dir: Path | None = None,
    findings: pd.DataFrame | None = None,
    site_url: str | None = None,
) -> dict[Path, bytes]:
    """The pages made from the data, by their path in ``folder`` (the index, the evidence, the
    changes and the "How we check" pages, and ``claimreview.jsonld``); ``pages``: the
    notebook pages (file name, title) the index links to; ``data_dir``: the folder whose git
    history the changes page tells; ``site_url``: where the report is published, for the
    ClaimReview addresses (``claim_reviews``)."""
    files: dict[Path, bytes] = {}
    verdicts = verdict_table(data, ARTICLE_DATE)
    card = scorecard(data, ARTICLE_DATE, verdicts)
    sources = int(source_counts(data)["sources cited by a report"])
    reviews = claim_reviews(card, verdicts, built, site_url)
    if findings is None:
        findings = findings_table(data)
    files[folder / "claimreview.jsonld"] = (
        json.dumps(reviews, ensure_ascii=False, indent=1) + "\n"
    ).encode("utf-8")
    files[folder / EVIDENCE_PAGE] = evidence_html(data, built, verdicts).encode("utf-8")
    try:
        story, why = datadiff.history(data_dir), ""
    except (datadiff.NotInRepository, OSError, ChangelogError, KeyError) as exc:
        story, why = None, str(exc) or type(exc).__name__
    known = set(data.events["event_id"])
    files[folder / CHANGES_PAGE] = changes_html(story, known, built, why).encode("utf-8")
    files[folder / METHOD_PAGE] = method_html(data, built).encode("utf-8")
    index = folder / "index.html"
    words = quotation_checks(data)
    files[index] = index_html(
        card,
        verdicts,
        words,
        data.events,
        pages,
        sources,
        built,
        war_html(data),
        findings,
        data.sources,
        "".join(json_ld(review) for review in reviews),
    ).encode("utf-8")
    return files


def write_pages(
    folder: Path,
    data: Dataset,
    built: Stamp,
    pages: list[tuple[str, str]],
    data_dir: Path | None = None,
    findings: pd.DataFrame | None = None,
) -> Path:
    """Write ``page_files`` into ``folder``, all or none (``safeio.write_all``); return the
    index's path."""
    safeio.write_all(page_files(folder, data, built, pages, data_dir, findings))
    return folder / "index.html"


def build_report(
    out_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    figures_from: Path | None = None,
    dataset: Dataset | None = None,
    data_dir: Path | None = None,
    site_url: str | None = None,
) -> Path:
    """Write the report into ``out_dir`` (default: report/) and return the index's path.

    The notebooks are rendered as stored (run the notebooks first); the figures are copied
    from ``figures_from`` (default: ``figures_dir()``). ``data_dir``: the folder ``dataset``
    was loaded from (default: the repository's ``data/``), whose version the pages name.
    ``site_url``: where the report will be published (``parse_site_url``'s form), which makes
    the ClaimReview addresses absolute. Every file is written atomically and all of them together (``safeio.write_all``): a
    failure leaves the folder as it was. Raises ``FileNotFoundError`` when a registered figure
    or every notebook is missing.
    """
    folder = out_dir if out_dir is not None else DEFAULT_REPORT_DIR
    source = figures_from if figures_from is not None else figures_dir()
    data_from = data_folder(data_dir)
    data = dataset if dataset is not None else load_dataset(data_from)
    built = stamp(data_from, PROJECT_ROOT)
    paths = notebook_paths(notebooks_dir)
    if not paths:
        raise FileNotFoundError("no numbered notebooks to render")
    files: dict[Path, bytes] = {}
    for name in FIGURES:
        for suffix in (".png", ".svg", ".csv"):
            file = source / f"{name}{suffix}"
            if not file.exists():
                raise FileNotFoundError(f"figure {file} is missing: run the notebooks first")
            files[folder / "figures" / file.name] = file.read_bytes()
    pages = []
    for path in paths:
        name, title, body = render_notebook(path, built)
        files[folder / name] = body.encode("utf-8")
        pages.append((name, title))
    files |= page_files(folder, data, built, pages, data_from, site_url=site_url)
    # Every page and figure is staged first and renamed together: a failure changes none.
    safeio.write_all(files)
    return folder / "index.html"
