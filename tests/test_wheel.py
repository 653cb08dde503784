"""The installed package carries its data: a wheel built from the repository holds the tables
as ``analysis/data/``, and an environment that has only the wheel loads them.

Nothing is fetched: the wheel is built with the project's own setuptools (``--no-index
--no-build-isolation``), installed with ``--no-index --no-deps`` into a new virtual
environment that sees the project's site-packages for the dependencies (pandas and the
others) but not the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from analysis.loaders import PROJECT_ROOT
from analysis.schema import TABLES

#: What the wheel is built from: the files pyproject.toml names (nothing else is needed).
BUILD_INPUTS = ("pyproject.toml", "README.md", "analysis", "data")
DATA_FILES = sorted(
    [spec.filename for spec in TABLES.values()] + ["datapackage.json", "README.md", "CHANGELOG.md"]
)


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the repository's build inputs (the tree is not written)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        path = PROJECT_ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, source / name)
    out = root / "dist"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--disable-pip-version-check",
        "--no-index",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        str(out),
        str(source),
        cwd=root,
    )
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_holds_every_table(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        packaged = sorted(
            n.removeprefix("analysis/data/") for n in names if n.startswith("analysis/data/")
        )
        assert packaged == DATA_FILES
        for name in DATA_FILES:
            assert (
                archive.read(f"analysis/data/{name}")
                == (PROJECT_ROOT / "data" / name).read_bytes()
            )
    assert not any(n.startswith("data/") for n in names)


@pytest.fixture(scope="module")
def environment(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with only the wheel installed; its dependencies come from
    the project's site-packages, added as a plain path (so the editable install of the
    repository that lives there is not activated)."""
    root = tmp_path_factory.mktemp("venv")
    venv = root / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=root)
    python = venv / "bin" / "python"
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-index",
        "--no-deps",
        str(wheel),
        cwd=root,
    )
    purelib = run(
        str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=root
    ).strip()
    ours = sysconfig.get_path("purelib")
    Path(purelib, "project-dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    return python


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("ANALYSIS_DEBUG", None)
    return env


def test_load_events_works_with_only_the_wheel(environment: Path, tmp_path: Path) -> None:
    script = (
        "import json, analysis, analysis.loaders as l\n"
        "events = analysis.load_events()\n"
        "print(json.dumps({'file': analysis.__file__, 'data': str(l.DEFAULT_DATA_DIR),"
        " 'rows': len(events), 'tables': len(vars(analysis.load_dataset()))}))\n"
    )
    answer = json.loads(run(str(environment), "-I", "-c", script, cwd=tmp_path, env=clean_env()))
    installed = Path(answer["file"]).parent
    assert PROJECT_ROOT not in installed.parents
    assert installed.parent.name == "site-packages"
    assert Path(answer["data"]) == installed / "data"
    from analysis import load_dataset

    ours = load_dataset()
    assert answer["rows"] == len(ours.events)
    assert answer["tables"] == len(TABLES)


def test_the_command_line_works_with_only_the_wheel(environment: Path, tmp_path: Path) -> None:
    """``summary`` reads the packaged tables; ``database`` writes under the current folder,
    not inside the installed package."""
    out = run(str(environment), "-I", "-m", "analysis", "summary", cwd=tmp_path, env=clean_env())
    assert out.startswith("Data valid: ")
    out = run(str(environment), "-I", "-m", "analysis", "database", cwd=tmp_path, env=clean_env())
    written = tmp_path / "report" / "expulsions.db"
    assert out == f"Database written: {written}\n"
    from analysis import database, load_dataset

    package = json.loads((PROJECT_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    here = database.build_database(load_dataset(), tmp_path / "here" / "expulsions.db", package)
    assert written.read_bytes() == here.read_bytes()
