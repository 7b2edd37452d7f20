# Kohorta: the documented entry points. Everything runs inside .venv, made on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE ?= kohorta.settings.dev

.PHONY: run test test-fast lint format e2e bench bench-pg bench-check cluster-test loadtest messages compilemessages migrate seed clean help

help:
	@echo "make run | test | test-fast T=tests/... | lint | format | e2e | bench | loadtest | messages | clean"

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $@

compilemessages: $(VENV)/.installed
	@$(PY) manage.py compile_translations

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: $(VENV)/.installed compilemessages migrate
	$(PY) manage.py seed_demo --if-empty
	@echo "Starting the task worker and the site on http://$(HOST):$(PORT)/ (Ctrl+C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py qcluster & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# pytest-django prefers the environment's DJANGO_SETTINGS_MODULE (exported above as dev)
# over pyproject's, so the test targets name the test settings themselves.
# Two workers (pytest-xdist) on this 2-core machine; PYTEST_ARGS="-n 0" runs in one process.
# The catalogues are compiled first: e-mails and pages are tested in every language.
test: $(VENV)/.installed compilemessages
	DJANGO_SETTINGS_MODULE=kohorta.settings.test $(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The edit-and-test loop: one process, a migrated SQLite file kept in var/ between runs
# (pytest-django's --reuse-db; Django still applies new migrations to it). One test file
# runs in seconds instead of waiting for the migrations. T= picks the tests; `make
# test-fast T=... PYTEST_ARGS=--create-db` builds the file afresh.
T ?= tests
test-fast: $(VENV)/.installed compilemessages
	@mkdir -p var
	KOHORTA_TEST_DB=file DJANGO_SETTINGS_MODULE=kohorta.settings.test \
	  $(VENV)/bin/pytest -q -p no:xdist --reuse-db $(PYTEST_ARGS) $(T)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Real-browser tests need Debian's Chromium (and poppler's pdftoppm to turn the documents
# into PNG pages in artifacts/documents); as root the target installs them when missing.
e2e: $(VENV)/.installed compilemessages
	@{ command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium; } && command -v pdftoppm >/dev/null 2>&1 || \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium poppler-utils; \
	  else echo "Chromium or pdftoppm is missing: sudo apt-get install chromium poppler-utils"; fi
	DJANGO_SETTINGS_MODULE=kohorta.settings.test $(VENV)/bin/pytest -q -m e2e tests/e2e
	KOHORTA_DOCUMENT_DIR=artifacts/documents DJANGO_SETTINGS_MODULE=kohorta.settings.test \
	  $(VENV)/bin/pytest -q -p no:xdist tests/documents

bench: $(VENV)/.installed
	$(PY) manage.py bench $(BENCH_ARGS)

# The production path: the whole harness on PostgreSQL + Redis, at each scale in BENCH_SCALES
# (a throwaway database kohorta_bench_<pid> on the server in BENCH_DATABASE_URL, created and
# dropped by the harness; Redis database 14, emptied by the cache scenarios). Results in
# bench-results-pg-<scale>.json next to the table on stdout (docs/performance.md).
BENCH_SCALES ?= large iln
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
bench-pg: $(VENV)/.installed
	@status=0; for scale in $(BENCH_SCALES); do \
	  echo "== bench --scale $$scale on PostgreSQL + Redis =="; \
	  DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" \
	    $(PY) manage.py bench --scale $$scale --check --json bench-results-pg-$$scale.json $(BENCH_ARGS) \
	    || status=1; \
	done; exit $$status

# Two gunicorn nodes on one PostgreSQL and one Redis (bench/management/commands/cluster_test.py):
# a session made on node A is valid on node B; an unpublish on A purges B's page cache;
# two qcluster workers send 1,000 notifications once each (a SIGKILLed task process may resend its
# last e-mail with the same Message-ID); the personal-data export, pg_dump and manage.py backup
# taken while the load test writes lose nothing (CLUSTER_ARGS="--part backup": that part alone)
# (CLUSTER_ARGS="--part workers --broker redis" measures the Redis broker instead).
cluster-test: $(VENV)/.installed
	DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" $(PY) manage.py cluster_test $(CLUSTER_ARGS)

# What CI runs (.ci/run): the small data set, every in-process scenario, exact query counts
# and generous times; exits non-zero when one is missed. A few minutes on 2 cores.
bench-check: $(VENV)/.installed
	$(PY) manage.py bench --scale small --check --skip-http $(BENCH_ARGS)

# 50 virtual users for 60 s through gunicorn on a throwaway PostgreSQL database
# (docs/security.md); the server in DATABASE_URL, else the local one.
loadtest: $(VENV)/.installed
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kohorta_load}" \
	  $(PY) manage.py loadtest $(LOADTEST_ARGS)

messages: $(VENV)/.installed
	@for app in cms cohorts curriculum grants events notifications community; do \
	  (cd $$app && mkdir -p locale && ../$(PY) ../manage.py makemessages --all --no-obsolete -i "tests/*" >/dev/null); done
	@cd kohorta && mkdir -p locale && ../$(PY) ../manage.py makemessages --all --no-obsolete >/dev/null
	@echo "Updated the .po files; translate them, then make compilemessages."

clean:
	rm -rf $(VENV) var db.sqlite3
