# Biblio — two commands on a fresh machine: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SIZE ?= S
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test install setup migrate messages serve lint format fuzz bench clean help

help:
	@echo "make demo   - install, migrate, load the BIBLIO pilot, serve http://$(HOST):$(PORT) (SQLite)"
	@echo "make test   - install, ruff, pytest on SQLite, on PostgreSQL when reachable, browser tests"
	@echo "make fuzz   - schemathesis with many cases against the API"
	@echo "make bench SIZE=S|M|L|XL - the benchmark"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/pip install -q -r requirements.lock 2>&1 | grep -v "is ignored" || true
	@$(BIN)/pip install -q --no-deps -e . 2>&1 | grep -v "is ignored" || true
	@$(BIN)/python -c "import django, typst, openpyxl, playwright" || (echo "Dependency install failed" >&2; exit 1)
	@touch $(STAMP)

install: $(STAMP)

messages: install
	@cd biblio && DEBUG=1 ../$(BIN)/python ../manage.py compilemessages -v0

setup: install messages
	@DEBUG=1 $(BIN)/python manage.py migrate -v0
	@DEBUG=1 $(BIN)/python manage.py createcachetable
	@DEBUG=1 $(BIN)/python manage.py load_demo

demo: setup
	@echo "Biblio demo: http://$(HOST):$(PORT)/  (log in as participant.lv@example.org / biblio-demo; see README)"
	@DEBUG=1 BIBLIO_DEMO=1 $(BIN)/python manage.py db_worker --no-reload >var/worker.log 2>&1 & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  DEBUG=1 BIBLIO_DEMO=1 $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

test: install messages
	@$(BIN)/python scripts/run_tests.py

lint: install
	@$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	@$(BIN)/ruff format . && $(BIN)/ruff check --fix .

fuzz: install
	@BIBLIO_FUZZ_CASES=$${BIBLIO_FUZZ_CASES:-5000} $(BIN)/pytest tests/security/test_api_fuzz.py -q -p no:randomly

bench: install
	@$(BIN)/python bench/run.py --size $(SIZE)

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
