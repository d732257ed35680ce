# Two commands: `make run` serves the demo on SQLite, `make test` runs the checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

# Development defaults; production sets DEBUG=0 and SECRET_KEY itself.
export DEBUG ?= 1

.PHONY: install run test lint fmt messages migrate seed bench bench-national serve backup restore

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[dev]'
	touch $@

install: $(INSTALLED)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_demo_actions
	$(BIN)/python manage.py seed_demo_workbook

run: seed
	@echo ""
	@echo "MCP dashboard: http://$(HOST)/  (log in as inspektorat / demo-mcp-2024)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/pytest

# Regenerate the Indonesian catalogue after changing user-facing strings; the
# compiled .mo is committed so that running the app needs no gettext.
messages: install
	$(BIN)/python manage.py makemessages -l id -i ".venv/*" -i "staticfiles/*"
	$(BIN)/python manage.py compilemessages -l id -i ".venv/*"

# Server-side timings of the main pages with production settings (DEBUG off), on a
# scratch SQLite file, or on DATABASE_URL when set. `make bench ONLY="pages"` runs one.
bench: install
	command -v wrk || (apt-get update && apt-get install -y wrk)
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=testserver,127.0.0.1 SECURE_SSL_REDIRECT=0 \
	  $(BIN)/python -m bench.run $(ONLY)

# Issue 7's scale suite at the Kalsel size, then at the national synthetic size (some
# 1,3 million scores), with dashboard throughput under gunicorn + wrk; then issue 18's
# writers and readers of different pemda (bench/bench_scoped.py; its cache hit rate
# needs CACHE_URL=redis://…). The floors are
# judged on PostgreSQL: DATABASE_URL=postgres://…/<scratch database> make bench-national
bench-national: install
	command -v wrk || (apt-get update && apt-get install -y wrk)
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=testserver,127.0.0.1 SECURE_SSL_REDIRECT=0 \
	  SIZE=national $(BIN)/python -m bench.run scale scoped

# Production serving: gunicorn with DEBUG off and whitenoise serving hashed, gzip and
# Brotli compressed static files. Needs SECRET_KEY (and ALLOWED_HOSTS); see docs/deploy.md.
WORKERS ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))
serve: install
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/gunicorn mcp_dashboard.wsgi --workers $(WORKERS) --bind $(HOST) \
	  --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Full database backup (pg_dump, or SQLite's online backup) into backups/, and restore.
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/mcp-....backup" && exit 2)
	$(BIN)/python manage.py restore "$(FILE)"
