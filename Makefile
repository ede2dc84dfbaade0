# Newsportal: `make run` serves the site, `make test` runs every test.
# Both set up everything they need first (.venv, .env, database) and redo only what changed.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SEED := fixtures/000_7f91a2f5f40fcb4f.txt
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432

.PHONY: run test lint format bench soak wrk bench-parts bench-postgres fixture lighthouse clean check-python

# The first of these that is Python 3.12 or newer builds the virtual environment.
PYTHON_CANDIDATES := python3.13 python3.12 python3
PYTHON := $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell $(p) -c 'import sys; print(sys.version_info >= (3, 12))' 2>/dev/null | grep -q True && echo $(p))))

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Newsportal needs Python 3.12 or newer (Django 6 requires it)."; \
	  echo "Looked for:"; \
	  for p in $(PYTHON_CANDIDATES); do \
	    printf '  %s: %s\n' "$$p" "$$($$p --version 2>&1 | head -n 1 || true)"; \
	  done; \
	  echo "Install it, e.g. 'pyenv install 3.12' (this repository's .python-version selects 3.12),"; \
	  echo "'uv python install 3.12', or your system's python3.12 package, then run make again."; \
	  exit 1; \
	fi

$(VENV)/.installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

# The web's own page checkers, pinned in package-lock.json: the Nu HTML checker (vnu.jar,
# run by Java 11+) and Lighthouse (run by Node.js with Chromium). Installed again only when
# the lock file changes. --ignore-scripts: vnu-jar's install script would download a Java
# runtime of its own; the system's java runs vnu.jar.
NODE_MODULES := node_modules/.installed
$(NODE_MODULES): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Without npm the checks that need node_modules are skipped (failed under REQUIRE_VALIDATORS).
CHECKERS := $(if $(shell command -v npm 2>/dev/null),$(NODE_MODULES))

# A local .env: a random secret key, plain HTTP on this machine, uploads served by Django.
.env:
	@printf '%s\n' \
	  "# Written by make on first run; see .env.example for every setting." \
	  "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  "DEBUG=off" "HTTPS=off" "SERVE_MEDIA=on" > $@
	@echo "wrote .env with a new random SECRET_KEY"

staticfiles/staticfiles.json: $(VENV)/.installed .env $(shell find static -type f 2>/dev/null)
	$(PY) manage.py collectstatic --noinput --verbosity 0

# Canonical links, feeds and sitemaps name SITE_URL: the address served here, unless
# the environment or .env gives one.
RUN_SITE_URL = $(if $(SITE_URL)$(shell grep -s '^SITE_URL=.' .env),,SITE_URL=http://$(HOST):$(PORT))

run: $(VENV)/.installed .env staticfiles/staticfiles.json
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py import_articles $(SEED)
	@echo "Serving on http://$(HOST):$(PORT)/  (editors: $(PY) manage.py createsuperuser, then /admin/)"
	$(RUN_SITE_URL) $(VENV)/bin/gunicorn newsportal.wsgi:application --bind $(HOST):$(PORT) --workers 2 \
	  --forwarded-allow-ips ""

test: $(VENV)/.installed .env $(CHECKERS)
	@if [ ! -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then \
	  echo "note: $${CHROMIUM_PATH:-/usr/bin/chromium} not found, so the browser tests will be skipped;"; \
	  echo "      install it with 'sudo apt-get install chromium' to run them."; \
	fi
	@if ! command -v npm >/dev/null; then \
	  echo "note: npm not found, so the Nu HTML checker is not installed and its test will be skipped;"; \
	  echo "      install Node.js with npm ('sudo apt-get install nodejs npm') to run it."; \
	fi
	@if ! command -v java >/dev/null; then \
	  echo "note: java not found, so the Nu HTML checker's test will be skipped;"; \
	  echo "      install Java 11 or newer ('sudo apt-get install default-jre-headless') to run it."; \
	fi
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The site's benchmark (bench/site.py): a synthetic newsroom imported through the real
# command into a throw-away database, served by gunicorn as in production, loaded by wrk.
# With nginx installed, also the article page through deploy/nginx/newsportal.conf's
# micro-cache and nginx serving a file of its size (bench/nginx.py).
# Prints a table and writes bench/results/<timestamp>.json. Options:
#   make bench ARTICLES=10000 DB=sqlite|postgres QUICK=1 COMPARE=bench/results/<earlier>.json
# DB=postgres makes (and drops) a database np_bench_<time> on BENCH_POSTGRES (BENCH_DB_PREFIX
# names it otherwise; KEEP_DB=1 keeps it, and REUSE_DB=<its name> measures it again, on
# newer code, without building it). Past 20,000 articles the oldest are bulk-loaded
# (bench/bulk.py).
# LIGHTHOUSE=1 then runs Lighthouse (mobile emulation, Debian's chromium) over the home
# page and an article, served as in production (bench/lighthouse.py), and prints its scores.
ARTICLES ?=
DB ?= sqlite
QUICK ?=
COMPARE ?=
LIGHTHOUSE ?=
KEEP_DB ?=
REUSE_DB ?=
BENCH_ARGS = --db $(DB) $(if $(ARTICLES),--articles $(ARTICLES)) $(if $(QUICK),--quick) \
  $(if $(COMPARE),--compare $(COMPARE)) $(if $(KEEP_DB),--keep-db) \
  $(if $(REUSE_DB),--reuse-db $(REUSE_DB))

wrk:
	@if ! command -v wrk >/dev/null; then \
	  echo "bench: installing wrk (Debian's HTTP load generator)"; \
	  $$([ "$$(id -u)" = 0 ] || echo sudo) apt-get install -y -qq wrk >/dev/null \
	    || { $$([ "$$(id -u)" = 0 ] || echo sudo) apt-get update -qq \
	         && $$([ "$$(id -u)" = 0 ] || echo sudo) apt-get install -y -qq wrk >/dev/null; }; \
	fi

bench: $(VENV)/.installed wrk $(if $(LIGHTHOUSE),$(NODE_MODULES))
	BENCH_POSTGRES=$(BENCH_POSTGRES) $(PY) bench/site.py $(BENCH_ARGS)
	$(if $(LIGHTHOUSE),$(PY) bench/lighthouse.py --check)

# The soak test (bench/soak.py): MINUTES of wrk (default 10) on the article, home and
# search pages of a site built as the bench builds it, every gunicorn worker's memory
# read from /proc every few seconds. Reports requests, errors and each worker's memory
# first/last/max, flat when within ±10 %; writes bench/results/soak-<time>.json and
# fails on any error or growth. Issue 9's 5-minute memory run: make soak MINUTES=5.
#   make soak MINUTES=10 DB=sqlite|postgres ARTICLES=1000
MINUTES ?= 10
soak: $(VENV)/.installed wrk
	BENCH_POSTGRES=$(BENCH_POSTGRES) $(PY) bench/soak.py --minutes $(MINUTES) --db $(DB) \
	  $(if $(ARTICLES),--articles $(ARTICLES))

# The older benchmarks of one part each, in process, each on a throwaway SQLite database
# of a size that runs in minutes. BENCH_DATABASE_URL=postgres://… runs them on PostgreSQL.
bench-parts: $(VENV)/.installed .env
	$(PY) bench/import_files.py --files 1000
	$(PY) bench/renditions.py --size 6000x4000
	$(PY) bench/reading.py --articles 2000
	$(PY) bench/lists.py --articles 200000
	$(PY) bench/sitemaps.py --articles 200000
	$(PY) bench/search.py --articles 100000

# The issue's scale on PostgreSQL: a million articles for the lists, 100,000 for search.
# Each starts from an empty database of its own, made anew here (needs psql).
bench-postgres: $(VENV)/.installed .env
	psql "$(BENCH_POSTGRES)/postgres" -q \
	  -c 'DROP DATABASE IF EXISTS newsportal_bench_lists' -c 'CREATE DATABASE newsportal_bench_lists' \
	  -c 'DROP DATABASE IF EXISTS newsportal_bench_search'
	$(PY) bench/lists.py --articles 1000000 --database-url $(BENCH_POSTGRES)/newsportal_bench_lists
	$(PY) bench/search.py --articles 100000 --database-url $(BENCH_POSTGRES)/newsportal_bench_search

# Lighthouse's scores for the home page and the seed article, served by gunicorn as in production.
lighthouse: $(VENV)/.installed $(NODE_MODULES)
	$(PY) bench/lighthouse.py --check

# Regenerate the JSON fixture from the seed export (a test checks it is current).
fixture: $(VENV)/.installed .env
	$(PY) manage.py import_articles $(SEED) --fixture fixtures/seed.json

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
