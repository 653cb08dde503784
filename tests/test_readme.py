"""The README tells the findings exactly as the command prints them, in its first third, and
names the counts as ``summary.COUNT_DEFINITIONS`` defines them; its links resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import findings, load_dataset
from analysis.__main__ import main
from analysis.loaders import PROJECT_ROOT
from analysis.summary import COUNT_DEFINITIONS

README = PROJECT_ROOT / "README.md"
REGENERATE = ".venv/bin/python -m analysis findings --update-readme"


@pytest.fixture(scope="module")
def markdown() -> str:
    return findings.to_markdown(findings.findings_table(load_dataset()))


def test_what_we_found_is_the_findings_command_output(markdown: str) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = findings.readme_section(text)
    assert text[start:end].strip("\n") == markdown.strip("\n"), (
        "README.md's '## What we found' differs from `python -m analysis findings --format "
        f"markdown`; regenerate it with: {REGENERATE}"
    )
    assert text.index(findings.README_HEADING) < len(text) / 3, "not in the README's first third"


def test_readme_names_the_counts_by_their_definitions() -> None:
    text = README.read_text(encoding="utf-8")
    data_readme = (PROJECT_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for name, definition in COUNT_DEFINITIONS.items():
        assert f"| {name} | {definition} |" in text, name
        assert f"| {name} | {definition} |" in data_readme, name


def test_readme_links_resolve() -> None:
    for page in [README, *sorted((PROJECT_ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\((?!https?:)([^)#]+)(?:#[^)]*)?\)", text):
            assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_update_readme_rewrites_only_that_section(tmp_path: Path, markdown: str) -> None:
    readme = tmp_path / "README.md"
    before, after = "# T\n\nIntro.\n\n", "## Next\n\nKept *as is*.\n"
    readme.write_text(before + "## What we found\n\nstale\n\n" + after, encoding="utf-8")
    assert findings.update_readme(readme, markdown)
    text = readme.read_text(encoding="utf-8")
    assert text == before + "## What we found\n" + findings.readme_body(markdown) + after
    assert not findings.update_readme(readme, markdown)  # up to date: nothing written
    assert readme.read_text(encoding="utf-8") == text
    # The section may be the last one.
    readme.write_text("## What we found\nold", encoding="utf-8")
    assert findings.update_readme(readme, markdown)
    assert readme.read_text(encoding="utf-8").endswith(markdown.strip("\n") + "\n\n")


def test_update_readme_refuses_a_readme_without_the_section(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# T\n\n## Other\n", encoding="utf-8")
    with pytest.raises(OSError, match="has no line '## What we found'"):
        findings.update_readme(readme, "- x\n")
    assert readme.read_text(encoding="utf-8") == "# T\n\n## Other\n"


def test_update_readme_option_of_the_command(monkeypatch, tmp_path: Path, capsys) -> None:
    from analysis import __main__ as cli

    (tmp_path / "README.md").write_text("## What we found\n\nold\n", encoding="utf-8")
    monkeypatch.setattr(cli, "PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(cli, "render_findings", lambda data, fmt: "- **F01 · right.** X.")
    assert main(["findings", "--update-readme"]) == 0
    assert capsys.readouterr().out.endswith("'What we found' rewritten\n")
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (
        "## What we found\n\n- **F01 · right.** X.\n\n"
    )
    with pytest.raises(SystemExit):
        main(["findings", "--update-readme", "--format", "csv"])
