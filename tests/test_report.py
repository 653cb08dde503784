"""The HTML report opens in headless Chromium with the verdict table and every figure.

Outside CI the browser test skips, saying why, when Chromium or its driver is missing; with
CI=true a missing browser fails (``.ci/run`` installs Debian's chromium and chromium-driver).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from analysis import figures, load_dataset
from analysis.claims import SCORES, VERDICTS
from analysis.report import build_report

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
)


def browser_paths() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    committed = figures.PROJECT_ROOT / "figures"
    return build_report(tmp_path_factory.mktemp("report"), figures_from=committed)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    paths = browser_paths()
    if paths is None:
        message = "headless Chromium test needs `chromium` and `chromedriver` on PATH"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message} (CI=true: a missing browser is a failure)")
        pytest.skip(f"{message}: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=paths[1]))
    yield driver
    driver.quit()


IMAGES_LOADED = """
return Array.from(document.images).map(img => ({
    src: img.getAttribute('src').slice(0, 60),
    loaded: img.complete && img.naturalWidth > 0,
    width: img.naturalWidth,
}));
"""


def test_report_files(report: Path) -> None:
    folder = report.parent
    assert (folder / "index.html").exists()
    for name in figures.FIGURES:
        assert (folder / "figures" / f"{name}.svg").exists()
        assert (folder / "figures" / f"{name}.png").exists()
    assert len(list(folder.glob("[0-9][0-9]-*.html"))) >= 5


def test_index_shows_every_verdict_and_figure(report: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get(report.as_uri())
    data = load_dataset()
    lines = browser.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr")
    assert [row.get_attribute("data-claim") for row in lines] == list(data.claims["claim_id"])
    scores = [row.find_elements(By.TAG_NAME, "td")[2].text for row in lines]
    assert set(scores) <= set(SCORES)
    rows = browser.find_elements(By.CSS_SELECTOR, "#verdicts tbody tr")
    assert [row.get_attribute("data-reading") for row in rows] == list(data.readings["reading_id"])
    quotes = browser.find_elements(By.CSS_SELECTOR, "#words tbody tr")
    assert [row.get_attribute("data-quote") for row in quotes] == list(data.quotes["quote_id"])
    verdicts = [row.find_elements(By.TAG_NAME, "td")[5].text for row in rows]
    assert set(verdicts) <= set(VERDICTS)
    assert all(row.is_displayed() for row in [*lines, *rows])
    images = browser.execute_script(IMAGES_LOADED)
    assert len(images) == len(figures.FIGURES)
    assert all(image["loaded"] for image in images), images


def test_every_counted_event_links_to_its_evidence(report: Path, browser) -> None:
    """Each reading links the events it counts to the evidence page, where each event has
    its adopted figure and every report with its excerpt."""
    from selenium.webdriver.common.by import By

    browser.get(report.as_uri())
    links = browser.find_elements(By.CSS_SELECTOR, "#verdicts a")
    targets = {link.get_attribute("href").split("#")[1] for link in links}
    assert "event-2022-04-08-RUS-POL" in targets
    browser.get((report.parent / "evidence.html").as_uri())
    data = load_dataset()
    sections = browser.find_elements(By.CSS_SELECTOR, "section")
    ids = {section.get_attribute("id") for section in sections}
    assert ids == {f"event-{e}" for e in data.events["event_id"]}
    assert targets <= ids
    rows = browser.find_elements(By.CSS_SELECTOR, "section tbody tr")
    assert len(rows) == len(data.reports)
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.adopted")) >= len(data.events) - 1


def test_every_notebook_page_renders_with_its_figures(report: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    pages = sorted(report.parent.glob("[0-9][0-9]-*.html"))
    for page in pages:
        browser.get(page.as_uri())
        heading = browser.find_element(By.TAG_NAME, "h1").text
        assert heading.startswith(page.name[1]), (page.name, heading)
        images = browser.execute_script(IMAGES_LOADED)
        assert images, f"{page.name} shows no figure"
        assert all(image["loaded"] for image in images), (page.name, images)


PAGE_WIDTH = """
return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
        body: document.body.scrollWidth};
"""
PHONE = (420, 900)


def _resized(browser, size: tuple[int, int]):
    browser.set_window_size(*size)
    return browser


def test_no_page_is_wider_than_a_phone(report: Path, browser) -> None:
    """At a 420 px window every page fits its width: wide tables and outputs scroll inside
    their own box."""
    pages = sorted(report.parent.glob("*.html"))
    assert len(pages) >= 10
    _resized(browser, PHONE)
    try:
        too_wide = {}
        for page in pages:
            browser.get(page.as_uri())
            width = browser.execute_script(PAGE_WIDTH)
            assert width["inner"] <= 500, width
            if width["scroll"] > width["inner"]:
                too_wide[page.name] = width
        assert too_wide == {}
    finally:
        _resized(browser, (1200, 900))


CLIPPED = """
return Array.from(document.querySelectorAll('body *')).filter(e => {
  const overflow = getComputedStyle(e).overflowX;
  return e.scrollWidth > e.clientWidth + 1 && (overflow === 'hidden' || overflow === 'clip');
}).map(e => e.className.toString().slice(0, 60) + ' ' + e.scrollWidth + '>' + e.clientWidth);
"""


def test_no_code_or_output_is_cut_off_on_a_phone(report: Path, browser) -> None:
    """At a 420 px window no box hides what does not fit (overflow hidden or clip, content
    wider than the box): code and tables scroll in their own box instead."""
    _resized(browser, PHONE)
    try:
        clipped = {}
        for page in sorted(report.parent.glob("*.html")):
            browser.get(page.as_uri())
            if found := browser.execute_script(CLIPPED):
                clipped[page.name] = found[:3]
        assert clipped == {}
    finally:
        _resized(browser, (1200, 900))


VISIBLE_VERDICTS = """
const words = arguments[0];
return Array.from(document.querySelectorAll('.verdict, #scorecard td:nth-child(3)'))
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0; })
  .map(e => e.textContent.trim()).filter(t => words.includes(t));
"""


@pytest.mark.parametrize("size", [(1200, 900), PHONE], ids=["desktop", "phone"])
def test_first_screen_shows_verdicts(report: Path, browser, size: tuple[int, int]) -> None:
    _resized(browser, size)
    try:
        browser.get(report.as_uri())
        shown = browser.execute_script(VISIBLE_VERDICTS, list(SCORES))
        assert len(shown) >= 2, shown
    finally:
        _resized(browser, (1200, 900))


def test_two_clicks_from_the_index_to_a_national_figure(report: Path, browser) -> None:
    """For each of the article's figures for one state: click its scorecard reading (one),
    then the event the reading counts (two): the evidence page opens on the event, whose
    reports state the article's number in their passages."""
    from selenium.webdriver.common.by import By

    data = load_dataset()
    single = data.readings[(data.readings["natural"] == "yes") & data.readings["states"].notna()]
    claims = data.claims.set_index("claim_id")
    checked = 0
    for reading in single.itertuples(index=False):
        if not re.fullmatch(r"[A-Z]{3}", str(reading.states)):
            continue
        claimed = int(claims.loc[reading.claim, "claimed_value"])
        browser.get(report.as_uri())
        row = browser.find_element(By.CSS_SELECTOR, f'#scorecard tr[data-claim="{reading.claim}"]')
        row.find_elements(By.TAG_NAME, "td")[3].find_element(By.TAG_NAME, "a").click()
        target = browser.find_element(By.ID, f"reading-{reading.reading_id}")
        links = target.find_elements(By.CSS_SELECTOR, "span.counted a")
        assert links, reading.reading_id
        links[0].click()
        assert browser.current_url.split("#")[0].endswith("/evidence.html")
        section = browser.find_element(By.ID, browser.current_url.split("#")[1])
        assert section.is_displayed()
        passages = [q.text for q in section.find_elements(By.TAG_NAME, "q")]
        assert any(str(claimed) in text for text in passages), (reading.reading_id, passages)
        checked += 1
    assert checked >= 7
