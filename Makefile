# Two commands on a fresh machine: `make run` (demo on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTHON ?= python3
# The demo holds two top-level regions (广东省 for 深圳, 江苏省 for 赣榆): without this `/` would list the
# bureaus. A deployment sets its own in the environment (README, settings).
PORTAL_HOME_REGION ?= 440300
# Debian packages the test suite needs: a browser, CJK fonts (fonts-noto-cjk: Noto Serif CJK SC sets
# the PDF forms' body, Noto Sans CJK SC their headings), PostgreSQL, gettext, pdftotext and pdffonts,
# and Pango for WeasyPrint (PDF).
TEST_DEBS := chromium fonts-noto-cjk postgresql gettext poppler-utils libpango-1.0-0 libpangoft2-1.0-0

.PHONY: run test lint test-sqlite test-postgres bench system-deps messages serve-prod clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(VENV)/.runtime node_modules/.installed
	mkdir -p var
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving at http://$(HOST):$(PORT)/  (Ctrl-C to stop; the background-task worker runs beside it)"
	DJANGO_DEBUG=1 $(PY) manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 PORTAL_HOME_REGION=$(PORTAL_HOME_REGION) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# Installs Debian's packages when they are missing and we may (root); elsewhere says what is missing.
system-deps:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-logo

test: system-deps $(VENV)/.dev node_modules/.installed lint test-sqlite test-postgres

test-sqlite: $(VENV)/.dev node_modules/.installed
	$(VENV)/bin/pytest -p no:cacheprovider

test-postgres: $(VENV)/.dev node_modules/.installed
	scripts/with-postgres.sh $(VENV)/bin/pytest -p no:cacheprovider

# Not part of `make test`: generates 1,000,000 rows (a few minutes), then times the bureau's quota
# matrix and checks its query budget (report in var/bench/report.txt); then times a 200-item archive
# PDF and a 10-member 成果集 with their peak memory (var/bench/archives.txt); then publishes a city's
# yearly evaluation of 40,000 head teachers from 12 monthly rounds (11 million item results) against
# a plain SQL aggregate (var/bench/evaluation.txt); then proposes the ranks of a county's 5,000 head
# teachers and builds each school's allowance roll beside plain SQL (var/bench/corps_ranks.txt); then a
# city's yearly honours call over 40,000 head teachers beside plain SQL of the same records
# (var/bench/corps_honours.txt); then proposes the class work log's rubric items for a city's 40,000
# head teachers in one monthly round beside plain SQL of the same counts (var/bench/classwork.txt); then
# Chinese search over 40,000 teachers and 100,000 archive items against a hello-world on the same stack
# (var/bench/search.txt).
bench: $(VENV)/.dev node_modules/.installed
	$(VENV)/bin/python -m bench.run && $(VENV)/bin/python -m bench.archives && $(VENV)/bin/python -m bench.evaluation \
		&& $(VENV)/bin/python -m bench.corps_ranks && $(VENV)/bin/python -m bench.corps_honours \
		&& $(VENV)/bin/python -m bench.classwork_evidence && $(VENV)/bin/python -m bench.search \
		&& $(VENV)/bin/python -m bench.portal_load

# Regenerate the Chinese catalogue after changing UI text, then compile it (the .mo is committed).
messages: $(VENV)/.dev
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --no-obsolete
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules var
