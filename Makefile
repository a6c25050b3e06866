# The two commands: `make run` (the demo) and `make test` (lint + the whole suite).
# Both need only Python 3.11+ on the machine; they create .venv from the pinned lock.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint messages lock bench bench-portfolios slowloris hashers drill

$(STAMP): requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $(STAMP)

install: $(STAMP)

# The demo: SQLite under var/, a real Celery worker and beat (its sweeper and reminders) on
# the filesystem broker, web on :8000.
# DEMO=true: DEBUG off (the portal's own error pages) with local conveniences (settings.py).
run: $(STAMP)
	@export DEMO=true; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_demo && \
	{ trap 'kill 0' INT TERM EXIT; \
	  $(VENV)/bin/celery -A klikbaik worker --loglevel=INFO --concurrency=2 \
	    --queues=default,mail,pdf,exports & \
	  $(VENV)/bin/celery -A klikbaik beat --loglevel=INFO --schedule=var/celerybeat-schedule & \
	  echo "KLIK Baik is starting on http://127.0.0.1:8000 (Ctrl-C stops web, worker and beat)"; \
	  $(PY) manage.py runserver 127.0.0.1:8000; }

# Lint, migrations in step with the models, then every test. On SQLite unless DATABASE_URL
# is set; browser tests are skipped with a message when Chromium is missing.
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Indonesian catalogue after changing user-facing strings (needs GNU gettext).
messages: $(STAMP)
	DEBUG=true $(PY) manage.py makemessages --locale id --no-obsolete \
	  --ignore '.venv/*' --ignore 'var/*' --ignore 'staticfiles/*' --ignore 'tests/*'
	DEBUG=true $(PY) manage.py compilemessages --locale id --ignore '.venv/*'

# Re-pin the dependencies after changing pyproject.toml (hashes; no local index paths).
lock: $(STAMP)
	$(VENV)/bin/pip-compile -q --strip-extras --generate-hashes --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --strip-extras --generate-hashes --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

# The pages under load on PostgreSQL with the province-size scale data, against the floor
# page (see bench/run.py); writes var/bench/latest.md and .csv. Not part of `make test`.
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q wrk; }
	$(PY) bench/run.py

# Time a 20-page portfolio and a 30-dossier regional ZIP as a worker renders them (not a
# test; its synthetic data is rolled back). Uses DATABASE_URL, or the demo's SQLite.
bench-portfolios: $(STAMP)
	@DEBUG=true $(PY) manage.py migrate --noinput -v0 && DEBUG=true $(PY) manage.py bench_portfolios

# The slow-client drill: slow-header connections against gunicorn alone and through nginx
# (bench/slowclients.py); writes var/bench/slowclients.md. Not part of `make test`.
slowloris: $(STAMP)
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { apt-get update -q && apt-get install -y -q nginx; }
	PATH="$$PATH:/usr/sbin" $(PY) bench/slowclients.py

# How long a sign-in's password check takes with each hasher on this machine
# (bench/hashers.py; the choice is explained in docs/deployment.md). Not part of `make test`.
hashers: $(STAMP)
	$(PY) bench/hashers.py

# The fault drill: the real stack (gunicorn, a worker per queue, beat, a Redis and moto's
# S3 server on ports of its own, PostgreSQL with its own database) broken on purpose, one
# line per fault (see drill/run.py). Needs root for the full-disk fault. Not part of `make test`.
drill: $(STAMP)
	$(PY) drill/run.py
