"""Settings for the notebooks when pytest runs them under nbval.

- Figures go to a temporary folder, so a test run never rewrites the committed figures/
  (the figure test compares those with fresh renders).
- Kernels start without network access, as in the main job (``analysis.kernels``: in a
  network namespace with only loopback where Linux allows it, else behind the Python guard).
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from analysis import kernels
from analysis.figures import FIGURES_DIR_VARIABLE


def pytest_configure(config) -> None:
    scratch = tempfile.mkdtemp(prefix="notebook-figures-")
    config.add_cleanup(lambda: shutil.rmtree(scratch, ignore_errors=True))
    os.environ[FIGURES_DIR_VARIABLE] = scratch
    try:
        kernels.use_in_nbval()
    except (kernels.IsolationUnavailable, ValueError) as exc:
        raise pytest.UsageError(str(exc)) from None
