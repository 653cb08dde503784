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

from analysis.claims import ARTICLE_DATE, scorecard, verdict_table
from analysis.figures import FIGURES, cited_sources, figures_dir
from analysis.loaders import PROJECT_ROOT, Dataset, load_dataset
from analysis.notebooks import notebook_paths

DEFAULT_REPORT_DIR = PROJECT_ROOT / "report"
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
td.unconfirmed, td.untraceable { background: #f3f3d9; } td.depends-on-the-reading { background: #e6e6f5; }
figure { margin: 2em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #555; }
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
    table: pd.DataFrame, columns: list[str], table_id: str, key: str, classed: str
) -> str:
    """An HTML table of ``columns``; each row carries ``data-<key>``, and the cells of
    ``classed`` carry their value as a CSS class (with spaces as '-')."""
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
            cells.append(f"<td{css}>{html.escape(str(value))}</td>")
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


def verdict_html(table: pd.DataFrame) -> str:
    """Every reading of every claim (``data-reading``), the verdict cell classed by verdict."""
    columns = ["reading_id", "label", "range", "value", "uncertain", "verdict", "holds", "reason"]
    return _table_html(table, columns, "verdicts", "reading_id", "verdict")


def index_html(
    card: pd.DataFrame,
    verdicts: pd.DataFrame,
    figure_names: list[str],
    pages: list[tuple[str, str]],
    sources: int,
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
2018 Skripal expulsions as a yardstick (notebook 6).</p>
<h2>Notebooks</h2><ol>{links}</ol>
<h2>Scorecard: the article's claims, as of {ARTICLE_DATE.date().isoformat()}</h2>
<p>One line per claim, on its most natural reading: <em>right</em> (our count lies in the range
the words allow), <em>understated</em> (our count, a floor, is above it), <em>unconfirmed</em>
(our floor is below it), <em>untraceable</em> (the data cannot count it), <em>depends on the
reading</em> (readings of the same words disagree: see below).</p>
{scorecard_html(card)}
<h2>Every reading</h2>
<p><em>supported</em>: our count lies in the range the reading allows; <em>contradicted</em>:
it lies above (our counts are floors); <em>unverifiable</em>: below, or not countable.
<em>uncertain</em>: persons of unknown grade (diplomats readings). <em>holds</em>: the verdict
is the same with every conflicting source figure.</p>
{verdict_html(verdicts)}
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
    card = scorecard(data, ARTICLE_DATE)
    sources = cited_sources(data)
    index = folder / "index.html"
    index.write_text(index_html(card, verdicts, list(FIGURES), pages, sources), encoding="utf-8")
    return index
