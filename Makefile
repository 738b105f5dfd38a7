# Two commands for a fresh machine: `make demo` (set up + demo report) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-long lint serve bench fuzz system-deps clean airflow sync-notebooks lab

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev]'
	# rfc3987-syntax (pulled in by jupyter-events through jsonschema[format-nongpl]) costs 1.5–2.9 s at the
	# start of every kernel, papermill run and Voila page; jsonschema skips the IRI formats without it.
	$(BIN)/pip uninstall -q -y rfc3987-syntax
	touch $(STAMP)

# Debian packages: Chromium for browser tests, a CJK font so charts draw Chinese, PostgreSQL for store tests.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	{ command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; } || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: $(STAMP) system-deps
	$(BIN)/workbook demo

# pytest exits 5 when it collects no test: that is a failure here, never a silent pass.
test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not long"; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

# Minutes of work kept out of `make test`: run-due over every closed month and week of the demo (35 packs).
test-long: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider -m long; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check .

serve: $(STAMP)
	$(BIN)/workbook serve

# JupyterLab on notebooks/ with this checkout's kernel. `make lab CLIENT=acme` runs the pages with acme's
# parameters and opens data/acme/notebooks/ when acme has its own copies; LAB_PORT=8899, NO_BROWSER=1.
LAB_PORT ?= 8888
lab: $(STAMP)
	$(BIN)/python -m workbook.lab --port $(LAB_PORT) $(if $(CLIENT),--client $(CLIENT)) $(if $(NO_BROWSER),--no-browser)

# Each notebook and its percent-format .py twin (notebooks/jupytext.toml) brought level: the newer side wins.
sync-notebooks: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.ipynb

# Apache Airflow in an environment of its own (its pins are not the workbook's): the DAG's tests use it when
# present and skip, saying so, when not. About 35 s here.
AIRFLOW_VENV := .airflow-venv
AIRFLOW_VERSION := 3.3.2

$(AIRFLOW_VENV)/.installed:
	$(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/pip install -q -U pip
	$(AIRFLOW_VENV)/bin/pip install -q "apache-airflow==$(AIRFLOW_VERSION)"
	touch $@

airflow: $(AIRFLOW_VENV)/.installed

# Each script prints its figures beside a baseline measured in the same run (README: Benchmarks).
bench: $(STAMP) system-deps
	$(BIN)/python benchmarks/metrics_cli.py
	$(BIN)/python benchmarks/import_csv.py
	$(BIN)/python benchmarks/pipeline_telegram.py
	$(BIN)/python benchmarks/browser_pages.py
	$(BIN)/python benchmarks/run_due_scale.py
	$(BIN)/python benchmarks/metrics_scale.py

FUZZ_EXAMPLES ?= 200
fuzz: $(STAMP)
	WORKBOOK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability/test_fuzz_ingest.py

# Only what `make demo` made: other clients' data and reports are theirs.
clean:
	rm -rf $(VENV) reports/demo/ data/demo/
