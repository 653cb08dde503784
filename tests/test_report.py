"""The HTML report opens in headless Chromium with the verdict table and every figure.

Outside CI the browser test skips, saying why, when Chromium or its driver is missing; with
CI=true a missing browser fails (``.ci/run`` installs Debian's chromium and chromium-driver).
"""

from __future__ import annotations

import os
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
