"""Shared fixtures: a scratch copy of the shipped data that a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import DEFAULT_DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/*.csv in a temporary folder."""
    target = tmp_path / "data"
    target.mkdir()
    for path in DEFAULT_DATA_DIR.glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target
