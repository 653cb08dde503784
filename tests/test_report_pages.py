"""Every page of the report is self-contained, readable on a phone, and names what it was
built from; markup in the data is shown as text. Parsed with Beautiful Soup (no browser)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from analysis import figures, stamp
from analysis.report import CSP, build_report

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
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(index.parent.glob("*.html"))}


def test_every_page_is_self_contained(pages: dict[str, str]) -> None:
    assert len(pages) >= 9
    for name, text in pages.items():
        assert foreign_resources(text) == [], name


def test_every_page_has_viewport_policy_and_stamp(pages: dict[str, str]) -> None:
    built = stamp.stamp(figures.PROJECT_ROOT / "data", figures.PROJECT_ROOT)
    assert built.version is not None, "the committed tables match a changelog entry"
    for name, text in pages.items():
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
