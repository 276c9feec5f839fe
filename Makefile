# The project's commands. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(PYTHON) -m uv
VENV_PY := .venv/bin/python

export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := False
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# Compile .pyc at install: an environment with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every import.
export UV_COMPILE_BYTECODE := 1

.PHONY: setup check run test lint format ui serve clean

setup: ## Install the locked dependencies into .venv and prepare DAGSTER_HOME.
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	@$(UV) sync --frozen --quiet
	@$(VENV_PY) -m pipelines.instance

check: setup ## Check every source file (RB_SOURCES_DIR, default sources/); print each problem once, run nothing.
	$(VENV_PY) -m pipelines.cli --check

run: setup ## Write the sample submissions (once; the generator checks the sources first), then run the annual job for every sample year.
	$(VENV_PY) -m samples
	$(VENV_PY) -m pipelines.cli $(if $(YEAR),--year $(YEAR),)

test: setup ## Run the test suite.
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

lint: setup ## Check formatting and lint rules (ruff, configured in pyproject.toml); CI runs it before the tests.
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: setup ## Format the code and apply the safe lint fixes.
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

ui: setup ## Open the Dagster UI (webserver and daemon) on http://127.0.0.1:3000.
	.venv/bin/dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

serve: setup ## Start the portal (login, uploads, outputs per role) on http://127.0.0.1:8080 (see README before binding elsewhere).
	$(VENV_PY) -m pipelines.portal serve

clean: ## Remove generated outputs and the local warehouse (keeps run history).
	rm -rf outputs warehouse
