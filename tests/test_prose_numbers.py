"""Every number in a notebook's prose is backed by the same notebook (README: "Notebooks").

For every numbered notebook that exists (``notebooks/NN-*.ipynb``, whichever there are), each
number in each markdown cell (digits, and the English words two to ninety) must appear in one
of the notebook's stored outputs or in one of its exact asserts (an ``assert`` line with
``==`` or ``in``). Dates, years, notebook and section numbers, ids (``C01``, ``Q7a``) and
text inside inline code are not numbers of the prose; ``ALLOWED`` lists the few others, each
with its reason. A second test forbids loose asserts (``a <= x <= b``, ``abs(x - n) <= k``)
in the notebooks: a number the prose states is asserted exactly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis.loaders import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip

#: (notebook prefix or "*", number as written) -> why it needs no output or assert.
ALLOWED: dict[tuple[str, str], str] = {
    ("04", "48"): "'a 48-hour window': how long a window some published tallies count, words",
    (
        "06",
        "50",
    ): "the Russian ministry's 'more than 50', quoted; the data's at least 51 is asserted",
}


def notebook_parts(path: Path) -> tuple[list[str], str, str]:
    """(markdown cells, every stored text output joined, every exact assert line joined)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    markdown, outputs, asserts = [], [], []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            markdown.append(source)
            continue
        if cell["cell_type"] != "code":
            continue
        asserts += [
            line
            for line in source.splitlines()
            if line.lstrip().startswith("assert") and ("==" in line or " in " in line)
        ]
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                outputs.append("".join(output["text"]))
            for kind, value in output.get("data", {}).items():
                if kind.startswith("text/"):
                    outputs.append("".join(value))
    return markdown, "\n".join(outputs), "\n".join(asserts)


def prose_numbers(markdown: str) -> list[str]:
    """The numbers of one markdown cell as written ('1,036', '0.97', 'seven'), in order,
    without dates, years, notebook and section numbers, ids and inline code."""
    text = re.sub(
        r"`[^`]*`", lambda m: " " if re.search(r"[A-Za-z_]", m.group()) else m.group()[1:-1],
        markdown,
    )  # fmt: skip
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"\b\d{4}-\d{2}(-\d{2})?\b", " ", text)
    day = r"\d{1,2}(?:\s*(?:-|\u2013|to|and|or)\s*\d{1,2})*"
    text = re.sub(rf"\b{day}\s+(?:{MONTHS})\b", " ", text)
    text = re.sub(rf"\b(?:{MONTHS})\s+\d{{1,2}}\b", " ", text)
    text = re.sub(r"\bnotebooks?\s+\d+(?:\s*(?:-|\u2013|to|and|,)\s*\d+)*", " ", text, flags=re.I)
    text = re.sub(r"\b[A-Z]{1,2}\d+[a-z]?\b", " ", text)
    text = re.sub(r"^#+\s*\d+(\.\d+)*\.?", " ", text, flags=re.M)
    found = []
    for match in re.finditer(r"(?<![\w.])\d+(?:[.,]\d+)*|\b[A-Za-z]+\b", text):
        token = match.group()
        if token[0].isdigit():
            token = token.rstrip(".,")
            if not re.fullmatch(r"(19|20)\d\d", token):
                found.append(token)
        elif token.lower() in WORDS:
            found.append(token.lower())
    return found


def backed(number: str, outputs: str, asserts: str) -> bool:
    """Whether a number of the prose is printed in an output or asserted exactly."""
    forms = {number.replace(",", "")}
    if number in WORDS:
        forms.add(str(WORDS[number]))
    for form in forms:
        pattern = rf"(?<![\w.]){re.escape(form)}(?!\w|\.\d)"
        if re.search(pattern, outputs, flags=re.I) or re.search(pattern, asserts):
            return True
    return False


def unbacked(path: Path) -> list[str]:
    markdown, outputs, asserts = notebook_parts(path)
    prefix = path.name[:2]
    return [
        number
        for cell in markdown
        for number in prose_numbers(cell)
        if not backed(number, outputs, asserts)
        and ("*", number) not in ALLOWED
        and (prefix, number) not in ALLOWED
    ]


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_number_in_the_prose_is_printed_or_asserted(path: Path) -> None:
    missing = unbacked(path)
    assert not missing, (
        f"{path.name}: numbers in the prose that no output prints and no exact assert states: "
        f"{missing} (assert them exactly in the notebook, print them, or compute the sentence)"
    )


LOOSE = re.compile(
    r"assert\b.*(?:\d\s*<=?\s*[^<>=\n]+<=?\s*\d|abs\([^)]*\)\s*<=?\s*\d|\d\s*<=?\s*abs\()"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_loose_range_asserts(path: Path) -> None:
    script = path.with_suffix(".py")
    if not script.exists():
        pytest.skip("no paired script")
    loose = [line.strip() for line in script.read_text(encoding="utf-8").splitlines()
             if LOOSE.search(line)]  # fmt: skip
    assert not loose, f"{script.name}: assert the exact number instead of a range: {loose}"


# --- the extraction itself -------------------------------------------------------------------


def test_prose_numbers_extraction() -> None:
    text = (
        "# 3. Title\nOn 19 May 2022 (notebooks 4-6, `C01-month`, C01, Q7a) Russia expelled "
        "1,036 of 0.97 and 45%; seven states, one pair, 2023-04-22 and 24-25 April."
    )
    assert prose_numbers(text) == ["1,036", "0.97", "45", "seven"]


def test_backed_needs_an_exact_assert_or_an_output() -> None:
    assert backed("199", "month: 199\n", "")
    assert not backed("199", "month: 1990, 0.199\n", "")
    assert backed("seven", "All 7 figures", "")
    assert backed("489", "", "assert value == 489")
    assert not backed("20", "", "")
