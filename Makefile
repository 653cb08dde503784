# The two commands of the README:
#   make run   set up the environment, then run the main job: validate the data, execute the
#              notebooks in order (rewriting figures/), print the verdicts, render report/,
#              and end with what the check found (python -m analysis findings)
#   make test  set up the environment, then run every test (ruff, pytest, nbval on every notebook)
# Everything installs into .venv from requirements.lock (pinned, with hashes).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test setup lint lock clean bench browse

run: $(STAMP)
	$(PY) -m analysis summary
	$(PY) -m analysis notebooks
	$(PY) -m analysis claims
	$(PY) -m analysis report
	$(PY) -m analysis database
	$(PY) -m analysis findings

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n 2 --dist loadscope

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $(STAMP)

lint: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Regenerate requirements.lock from pyproject.toml (needs network access to PyPI).
# uv resolves for every platform and Python >= 3.11 and records the hash of every file.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv==0.13.9
	.venv-lock/bin/uv pip compile pyproject.toml --extra dev --universal \
		--python-version 3.11 --generate-hashes --no-header --output-file requirements.lock
	rm -rf .venv-lock

# Time each notebook against the floor of a kernel that only imports pandas and matplotlib.
# Time each step of load_dataset on the shipped tables and 1,000-100,000 synthetic events.
bench: $(STAMP)
	$(PY) benchmarks/bench_loaders.py
	$(PY) benchmarks/bench_notebooks.py

# Build report/expulsions.db and serve it with Datasette on this machine only (docs/database.md).
BROWSE_PORT ?= 8001
browse: $(STAMP)
	$(PY) -m analysis database
	$(VENV)/bin/datasette serve -i report/expulsions.db \
		--metadata report/expulsions.metadata.json --host 127.0.0.1 --port $(BROWSE_PORT)

clean:
	rm -rf $(VENV) .venv-lock .pytest_cache .ruff_cache report

# JupyterLab on notebooks/, on 127.0.0.1 only, with the project's settings (jupyter_server_config.py):
# jupytext's pairing, saves that never revert a file edited on disk, kernels without network
# (docs/jupyterlab.md). Extra options: make lab LAB_ARGS="--port=8890" (as root: --allow-root).
.PHONY: lab
LAB_ARGS ?=
lab: $(STAMP)
	$(VENV)/bin/jupyter-lab --config=jupyter_server_config.py $(LAB_ARGS)
