# Cheong: `make run` serves the site with demo data; `make test` runs every check.
# Both set up what they need on a fresh machine (virtualenv, Elasticsearch, PostgreSQL, Redis).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SERVICES := scripts/services.sh
PG_PORT ?= 54329
REDIS_PORT ?= 63799
ES_PORT ?= 9201
SIZE ?= 100000
CORPUS ?= realistic

# Services the project starts itself unless the environment points elsewhere.
TEST_SERVICES := $(if $(ELASTICSEARCH_URL),,es) $(if $(DATABASE_URL),,pg) $(if $(REDIS_URL),,redis)
export ELASTICSEARCH_URL ?= http://127.0.0.1:$(ES_PORT)
export REDIS_URL ?= redis://127.0.0.1:$(REDIS_PORT)/0

.PHONY: help venv services run test test-cluster lint imports typecheck check pytest stop bench clean-data

help:
	@echo "make run    - serve Cheong on http://127.0.0.1:8000 with demo data"
	@echo "make test   - ruff, import contracts, mypy, Django checks, migrations check and the full pytest suite"
	@echo "make test-cluster - the two-node Elasticsearch fault test (marker cluster; .ci/run runs it after make test)"
	@echo "make bench  - benchmarks (SIZE=$(SIZE)); results in bench/results/"
	@echo "make stop   - stop Elasticsearch, PostgreSQL and Redis started by the project"

# requirements-dev.lock includes requirements.lock (production pins); a change to either re-installs.
$(VENV)/.installed: requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

venv: $(VENV)/.installed

services:
	$(SERVICES) start $(TEST_SERVICES)

run: venv
	@bash scripts/run.sh

test: venv
	$(SERVICES) start $(TEST_SERVICES)
	$(MAKE) --no-print-directory lint check pytest DATABASE_URL=$${DATABASE_URL:-postgres://cheong@127.0.0.1:$(PG_PORT)/cheong}

# Starts its own two Elasticsearch nodes (tests/resilience/es_cluster.py); the shared services as for `make test`.
test-cluster: venv
	$(SERVICES) start $(TEST_SERVICES)
	DATABASE_URL=$${DATABASE_URL:-postgres://cheong@127.0.0.1:$(PG_PORT)/cheong} $(BIN)/pytest -m cluster -p no:cacheprovider tests/resilience/test_es_two_nodes.py

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory imports typecheck

# Layer contracts from [tool.importlinter] in pyproject.toml.
imports:
	$(BIN)/lint-imports

# [tool.mypy] in pyproject.toml says which packages and how strictly.
typecheck:
	$(BIN)/mypy

check: export DJANGO_SETTINGS_MODULE = config.settings.test
check:
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-secret-value-xyz \
	  DJANGO_ALLOWED_HOSTS=cheong.example $(PY) manage.py check --deploy --fail-level WARNING

# Two xdist workers (this machine's two cores; most tests wait on a service); each worker is a test
# run of its own (config/settings/test.py). `--dist load` hands each worker tests in collection
# order, which pytest-django sorts database tests before transactional ones: a transactional test
# flushes the rows the migrations seeded (synonyms, Wagtail's root collection), so nothing that
# needs them may come after one in the same worker (`loadfile` would keep a file's tests together
# and break that order).
PYTEST_WORKERS ?= 2
pytest:
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

bench: venv
	$(SERVICES) start $(TEST_SERVICES)
	DATABASE_URL=$${DATABASE_URL:-postgres://cheong@127.0.0.1:$(PG_PORT)/cheong} $(PY) bench/run.py --size $(SIZE) --corpus $(CORPUS) $(BENCH_ARGS)

stop:
	$(SERVICES) stop

clean-data: stop
	rm -rf .run
