"""Every page of the report is self-contained, readable on a phone, and names what it was
built from; markup in the data is shown as text. Parsed with Beautiful Soup (no browser)."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analysis import DataValidationError, datadiff, figures, load_dataset, stamp
from analysis.captions import CAPTIONS
from analysis.claims import SCORES, VERDICTS, scorecard, verdict_table
from analysis.loaders import Dataset
from analysis.package import data_versions
from analysis.report import ARTICLE_URL, CSP, build_report, write_pages

#: Attributes that make a browser fetch something.
FETCHING = ("src", "href", "srcset", "data", "poster", "action", "formaction", "background")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)


def remote(url: str) -> bool:
    """True when ``url`` names another host (a scheme with a host, or scheme-relative)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "file")


def foreign_resources(text: str) -> list[str]:
    """Every script, stylesheet, font, image, module or frame of the page that would be
    loaded from another host, and every script at all (the pages run none); links (``<a>``)
    may point anywhere, they load nothing."""
    soup = BeautifulSoup(text, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script":
            if tag.get("type") != "application/ld+json" or tag.get("src"):
                found.append(f"script {tag.get('src') or tag.get_text()[:40]!r}")
            continue
        if tag.name == "a":
            continue
        for attribute in FETCHING:
            value = tag.get(attribute)
            if value is None:
                continue
            urls = [u.split()[0] for u in value.split(",")] if attribute == "srcset" else [value]
            found += [f"<{tag.name} {attribute}={u!r}>" for u in urls if remote(u)]
        if tag.name == "link" and tag.get("href") and not tag.get("rel"):
            found.append(f"<link href={tag['href']!r}> without rel")
    styles = [s.get_text() for s in soup.find_all("style")]
    styles += [t["style"] for t in soup.find_all(style=True)]
    for css in styles:
        found += [f"css {u!r}" for u in _CSS_URL.findall(_COMMENT.sub("", css)) if remote(u)]
    return found


def test_foreign_resources_are_found() -> None:
    """The checker itself: each kind of foreign resource is caught, local ones are not."""
    page = """<html><head>
    <script src="https://cdn.example/require.js"></script>
    <link rel="stylesheet" href="//fonts.example/css">
    <style>/* https://in.a.comment */ @import "https://x.example/a.css";
    @font-face { src: url(https://f.example/x.woff2) } .a { background: url(data:image/png;base64,AA) }</style>
    <script type="module">import m from "https://m.example/m.js"</script>
    </head><body><img src="figures/a.svg"><img srcset="a.png 1x, https://i.example/b.png 2x">
    <a href="https://anywhere.example/">a link loads nothing</a>
    <script type="application/ld+json">{"a": 1}</script></body></html>"""
    found = foreign_resources(page)
    assert len(found) == 6, found
    assert not foreign_resources('<img src="figures/x.svg"><a href="https://a.example">x</a>')


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    committed = figures.PROJECT_ROOT / "figures"
    index = build_report(tmp_path_factory.mktemp("report"), figures_from=committed)
    files = [*sorted(index.parent.glob("*.html")), index.parent / "claimreview.jsonld"]
    return {p.name: p.read_text(encoding="utf-8") for p in files}


def test_every_page_is_self_contained(pages: dict[str, str]) -> None:
    assert len(pages) >= 11
    for name, text in pages.items():
        if not name.endswith(".html"):
            continue
        assert foreign_resources(text) == [], name


def test_every_page_has_viewport_policy_and_stamp(pages: dict[str, str]) -> None:
    built = stamp.stamp(figures.PROJECT_ROOT / "data", figures.PROJECT_ROOT)
    assert built.version is not None, "the committed tables match a changelog entry"
    for name, text in pages.items():
        if not name.endswith(".html"):
            continue
        soup = BeautifulSoup(text, "html.parser")
        viewport = soup.find("meta", attrs={"name": "viewport"})
        assert viewport is not None and "width=device-width" in viewport["content"], name
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None and policy["content"] == CSP, name
        footer = soup.find(id="stamp")
        assert footer is not None, name
        assert f"data version {built.version}" in footer.get_text(), name
        assert built.commit_text() in footer.get_text(), name
        assert soup.find("nav", class_="site") is not None, name


def test_tables_scroll_inside_their_box(pages: dict[str, str]) -> None:
    for name in ("index.html", "evidence.html"):
        soup = BeautifulSoup(pages[name], "html.parser")
        tables = soup.find_all("table")
        assert tables, name
        for table in tables:
            assert "scroll" in table.parent.get("class", []), (name, table.get("id"))


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_stamp_names_commit_and_uncommitted_changes(tmp_path: Path) -> None:
    assert stamp.code_commit(tmp_path) == (None, False)
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("a\n")
    _git(tmp_path, "add", "a.txt")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a")
    commit, dirty = stamp.code_commit(tmp_path)
    assert commit is not None and len(commit) == 12 and not dirty
    (tmp_path / "a.txt").write_text("b\n")
    assert stamp.code_commit(tmp_path) == (commit, True)
    text = stamp.Stamp("1.0.0", "2026-01-01", "0" * 64, "1.0.0", commit, True).text()
    assert (
        text
        == f"Built from data version 1.0.0 (2026-01-01) and commit {commit} with uncommitted changes."
    )


def test_stamp_without_git(monkeypatch, tmp_path: Path) -> None:
    def missing(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(stamp.subprocess, "run", missing)
    assert stamp.code_commit(tmp_path) == (None, False)
    assert "no git commit" in stamp.Stamp(None, None, "a" * 64, None, None, False).text()


def test_stamp_of_changed_tables(tmp_path: Path) -> None:
    data = figures.PROJECT_ROOT / "data"
    for file in data.iterdir():
        if file.is_file():
            (tmp_path / file.name).write_bytes(file.read_bytes())
    version, _, _, newest = stamp.data_version(tmp_path)
    assert version is not None and version == newest
    with (tmp_path / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    version, date, sha, newest_after = stamp.data_version(tmp_path)
    assert (version, date, newest_after) == (None, None, newest)
    text = stamp.Stamp(version, date, sha, newest, None, False).data_text()
    assert text.startswith("data matching no recorded version") and str(newest) in text
    (tmp_path / "CHANGELOG.md").unlink()
    assert stamp.data_version(tmp_path)[0] is None


# The index: the scorecard links to readings, each reading shows its events and their sum.


def _soup(pages: dict[str, str], name: str) -> BeautifulSoup:
    return BeautifulSoup(pages[name], "html.parser")


def test_scorecard_rows_link_to_their_natural_reading(pages: dict[str, str]) -> None:
    data = load_dataset()
    soup = _soup(pages, "index.html")
    natural = data.readings[data.readings["natural"] == "yes"].set_index("claim")["reading_id"]
    rows = soup.select("#scorecard tbody tr")
    assert [r["data-claim"] for r in rows] == list(data.claims["claim_id"])
    for row in rows:
        assert row["id"] == f"claim-{row['data-claim']}"
        link = row.find_all("td")[3].find("a")
        assert link["href"] == f"#reading-{natural[row['data-claim']]}"
        assert soup.find(id=link["href"][1:]) is not None


def test_every_reading_shows_its_events_persons_and_sum(pages: dict[str, str]) -> None:
    data = load_dataset()
    verdicts = verdict_table(data)
    persons = data.events.set_index("event_id")["persons"]
    soup = _soup(pages, "index.html")
    rows = {r["data-reading"]: r for r in soup.select("#verdicts tbody tr")}
    assert list(rows) == list(data.readings["reading_id"])
    for reading in verdicts.itertuples(index=False):
        cell = rows[reading.reading_id].find_all("td")[-1]
        shown = cell.select("span.counted")
        ids = [i for i in reading.events.split(";") if i]
        assert [s.a.get_text() for s in shown] == ids
        numbers = [s.get_text().split("\xa0")[1] for s in shown]
        for event_id, number in zip(ids, numbers, strict=True):
            expected = "?" if pd.isna(persons[event_id]) else str(persons[event_id])
            assert number == expected, (reading.reading_id, event_id)
        total = sum(int(n) for n in numbers if n != "?")
        assert cell.strong.get_text() == str(total) == str(reading.value), reading.reading_id


def test_every_figure_has_alt_text_and_a_caption(pages: dict[str, str]) -> None:
    assert set(CAPTIONS) == set(figures.FIGURES)
    soup = _soup(pages, "index.html")
    shown = soup.select("figure")
    assert [f["id"] for f in shown] == [f"fig-{n}" for n in figures.FIGURES]
    for figure, name in zip(shown, figures.FIGURES, strict=True):
        assert figure.img["alt"] == CAPTIONS[name].alt
        caption = figure.figcaption.get_text()
        assert CAPTIONS[name].shows in caption and "What it finds" in caption
        assert figure.figcaption.find("a", href=f"{CAPTIONS[name].notebook}.html") is not None


# The evidence page.


def test_evidence_page_contents_headings_and_links_back(pages: dict[str, str]) -> None:
    data = load_dataset()
    soup = _soup(pages, "evidence.html")
    index = _soup(pages, "index.html")
    episodes = [d["id"].removeprefix("episode-") for d in soup.select("div.episode")]
    first = data.events.groupby("episode", observed=True)["announced"].min()
    assert episodes == list(first.sort_values().index)
    contents = [a["href"] for a in soup.select("#contents a")]
    assert contents[0] == f"#episode-{episodes[0]}"
    for href in contents:
        assert soup.find(id=href[1:]) is not None, href
    for episode in soup.select("div.episode"):
        assert episode.h2.get_text().startswith(f"Episode {episode['id'][8:]}")
        for state in episode.select("div.state"):
            days = [s.h4.get_text()[:10] for s in state.select("section")]
            assert days == sorted(days)
            assert state.find("a", class_="top", href="#top") is not None
    counting = {}
    for reading in verdict_table(data).itertuples(index=False):
        for event_id in filter(None, reading.events.split(";")):
            counting.setdefault(event_id, []).append(reading.reading_id)
    sections = {s["id"][6:]: s for s in soup.select("section.event")}
    assert set(sections) == set(data.events["event_id"])
    for event_id, section in sections.items():
        links = [a["href"] for a in section.select("p.counted-by a")]
        assert links == [f"index.html#reading-{r}" for r in counting.get(event_id, [])]
        for link in links:
            assert index.find(id=link.split("#")[1]) is not None


# ClaimReview, as a fact-check database would read it.


def test_claimreview_matches_the_scorecard(pages: dict[str, str], tmp_path: Path) -> None:
    import extruct

    data = load_dataset()
    verdicts = verdict_table(data)
    card = scorecard(data, readings=verdicts)
    found = extruct.extract(pages["index.html"], syntaxes=["json-ld"], uniform=True)["json-ld"]
    reviews = [f for f in found if f.get("@type") == "ClaimReview"]
    assert len(reviews) == len(card)
    for review, row in zip(reviews, card.itertuples(index=False), strict=True):
        assert review["claimReviewed"] == row.quote
        assert review["reviewRating"]["alternateName"] == row.score
        assert "ratingValue" not in review["reviewRating"]
        explanation = review["reviewRating"]["ratingExplanation"]
        assert explanation.endswith(".") and explanation.count(". ") == 0
        assert str(row.our_count) in explanation and str(row.claimed) in explanation
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["datePublished"] == "2022-05-19"
        assert item["author"]["name"] == "Al Bawaba"
        assert item["appearance"]["url"] == ARTICLE_URL
    saved = json.loads(pages["claimreview.jsonld"])
    assert [review["claimReviewed"] for review in saved] == list(card["quote"])
    assert [r["reviewRating"] for r in saved] == [r["reviewRating"] for r in reviews]


# The changes page and the "How we check" page.


def test_changes_page_lists_every_data_version(pages: dict[str, str]) -> None:
    versions = data_versions(figures.PROJECT_ROOT / "data" / "CHANGELOG.md")
    soup = _soup(pages, "changes.html")
    assert soup.find(id="corrections") is not None
    sections = soup.select("section.version")
    assert [s["id"] for s in sections] == [f"version-{v.version}" for v in versions]
    for section, version in zip(sections, versions, strict=True):
        assert f"dated {version.date}" in section.h3.get_text()
    newest = sections[0]
    assert newest.select_one("p.flipped") is not None
    assert newest.select_one("table.totals") is not None
    assert "events added" in newest.get_text()


def test_method_page_says_how_claims_are_checked(pages: dict[str, str]) -> None:
    soup = _soup(pages, "method.html")
    for anchor in ("claims", "readings", "evidence", "verdicts", "limits"):
        assert soup.find(id=anchor) is not None, anchor
    text = soup.get_text()
    for word in (*SCORES, *VERDICTS):
        assert word in text, word


# Markup in the data is shown as text, never run.

PAYLOAD = '</script><script>alert(1)</script><img src=x onerror="alert(2)"> &amp; <b>bold</b>'
#: (table, column) of the cells given the payload: each is shown on a page of the report.
INJECTED = (
    ("events", "note"),
    ("reports", "gloss"),
    ("sources", "publisher"),
    ("claims", "quote"),
    ("readings", "label"),
    ("quotes", "words"),
    ("quotes", "passage"),
)


def _inject_csv(folder: Path) -> None:
    for table, column in INJECTED:
        path = folder / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
            columns = list(rows[0])
        for row in rows[:3]:
            row[column] = f"{row[column]} {PAYLOAD}".strip()
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def _inject_frames(data: Dataset) -> Dataset:
    changed = {}
    for table, column in INJECTED:
        frame = getattr(changed.get(table), "copy", getattr(data, table).copy)()
        frame[column] = frame[column].astype("string")
        frame.loc[frame.index[:3], column] = frame[column].iloc[:3].fillna("") + f" {PAYLOAD}"
        changed[table] = frame
    return dataclasses.replace(data, **changed)


def _check_markup_is_text(folder: Path) -> None:
    import extruct

    shown = 0
    for page in sorted(folder.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        assert scripts == [], page.name
        handlers = [
            (tag.name, name)
            for tag in soup.find_all(True)
            for name in tag.attrs
            if name.startswith("on")
        ]
        assert handlers == [], page.name
        assert soup.find("img", src="x") is None and soup.find("b") is None, page.name
        shown += soup.get_text().count(PAYLOAD)
        if page.name == "index.html":
            found = extruct.extract(text, syntaxes=["json-ld"], uniform=True)["json-ld"]
            quotes = [f["claimReviewed"] for f in found if f.get("@type") == "ClaimReview"]
            assert sum(q.endswith(PAYLOAD) for q in quotes) == 3
    assert shown >= 2 * len(INJECTED), shown


@pytest.fixture(scope="module")
def clean_data() -> Dataset:
    return load_dataset()


def test_markup_in_a_copy_of_the_data_is_shown_as_text(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(figures.PROJECT_ROOT / "data", data_dir)
    _inject_csv(data_dir)
    try:
        data = load_dataset(data_dir)
    except DataValidationError as exc:  # the loaders refuse markup: nothing reaches a page
        problems = str(exc).splitlines()[1:]
        if not all("markup" in p.lower() or "html" in p.lower() for p in problems):
            raise
        pytest.skip("the loaders refuse markup in the tables (the frames test still renders it)")
    out = tmp_path / "report"
    out.mkdir()
    write_pages(out, data, stamp.stamp(data_dir, figures.PROJECT_ROOT), [], data_dir)
    assert "no recorded version" in (out / "index.html").read_text(encoding="utf-8")
    _check_markup_is_text(out)


def test_markup_in_the_tables_is_shown_as_text(tmp_path: Path, clean_data: Dataset) -> None:
    """The same, the payload put into the loaded tables (whatever the loaders accept)."""
    data_dir = figures.PROJECT_ROOT / "data"
    write_pages(
        tmp_path, _inject_frames(clean_data), stamp.stamp(data_dir, data_dir.parent), [], tmp_path
    )
    assert "No version history" in (tmp_path / "changes.html").read_text(encoding="utf-8")
    _check_markup_is_text(tmp_path)


def test_history_compares_each_version_with_the_one_before() -> None:
    """Every changelog version, newest first, each against the one before; the events of the
    oldest plus every version's added minus removed are the events of today."""
    items = datadiff.history()
    versions = data_versions(figures.PROJECT_ROOT / "data" / "CHANGELOG.md")
    assert [i["version"] for i in items] == [v.version for v in versions]
    assert [i["previous"] for i in items] == [v.version for v in versions[1:]] + [None]
    assert items[0]["note"] is None and items[0]["totals"] and items[0]["verdicts"] is not None
    oldest = subprocess.run(
        ["git", "-C", str(figures.PROJECT_ROOT), "show", f"{items[-1]['commit']}:data/events.csv"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    count = len(list(csv.DictReader(oldest.splitlines())))
    for item in items[:-1]:
        count += len(item["events"]["added"]) - len(item["events"]["removed"])
    assert count == len(load_dataset().events)
