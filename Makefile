# CARTIF LMS — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test lint install dev clean translations

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "CARTIF LMS needs Python 3.11 or newer (make run PYTHON=python3.12)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

## make run: set up, migrate the SQLite database, sync the curriculum, load demo data, serve.
run: install
	$(FLASK) lms init-db
	$(FLASK) lms sync
	$(FLASK) lms demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## make test: lint and type-check, then the whole suite on SQLite (and on PostgreSQL if LMS_TEST_DATABASE_URL is set),
## in parallel processes (pytest-xdist), each with a database of its own.
test: dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	env -u LMS_TEST_DATABASE_URL $(BIN)/python -m pytest -n auto
	@if [ -n "$$LMS_TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$LMS_TEST_DATABASE_URL) =="; \
		$(BIN)/python -m pytest -n auto -m "not browser and not packaging"; \
	fi

## make translations: extract the marked strings (code, templates, mail), merge them into each
## language's .po (new strings empty, changed ones fuzzy), compile the .mo files the app reads.
## The app compiles a missing or outdated .mo the same way when it starts (compile_translations).
translations: install
	@mkdir -p build
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--project "CARTIF LMS" -w 100 -o build/messages.pot .
	$(BIN)/pybabel -q update -i build/messages.pot -d cartif_lms/translations \
		--ignore-obsolete --previous -w 100
	$(BIN)/python -c 'import sys; from pathlib import Path; \
		from cartif_lms.app_setup import compile_translations as compile; \
		sys.exit("\n".join(compile(Path("cartif_lms/translations"))) or None)'

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache dist build
