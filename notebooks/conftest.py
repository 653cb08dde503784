"""Settings for the notebooks when pytest runs them under nbval.

- Figures go to a temporary folder, so a test run never rewrites the committed figures/
  (the figure test compares those with fresh renders).
- Kernels start without network access (``analysis.notebooks.NO_NETWORK``), as in the main job.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from analysis.figures import FIGURES_DIR_VARIABLE
from analysis.notebooks import kernel_environment


def pytest_configure(config) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="notebook-run-"))
    os.environ.update(kernel_environment(scratch))
    os.environ[FIGURES_DIR_VARIABLE] = str(scratch / "figures")
