# LOB – the two commands of the README are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint check bench loadtest lock messages worker beat clean

# Install Python packages (pinned by requirements.lock) and front-end assets (package-lock.json).
install: $(STAMP)
$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

# Embedded default: SQLite under var/, eager tasks, console e-mail, demo data.
run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole test suite (uses DATABASE_URL / CELERY_BROKER_URL when set), one pytest-xdist
# worker per core; a test file stays on one worker (its module-scoped world is built once).
# The transactional tests (browser, real worker, races) run after the others, in a run of
# their own: a plain test never meets the database they flush. (Exit code 5: none selected.)
# The first run creates the test databases afresh (--create-db) and keeps them (--reuse-db),
# so that the second run does not migrate them again (about 35 s); the next `make test`
# creates them afresh again.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not transactional_db" --create-db --reuse-db $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m transactional_db --reuse-db $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=check-only-$$(date +%s)-not-a-real-deployment-secret-value-xx DJANGO_ALLOWED_HOSTS=lob.example.nl \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

bench: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py bench $(BENCH_ARGS)

# Locust against gunicorn with production settings (the command's own process only needs
# DJANGO_DEBUG=1 to start; the server it starts runs with DEBUG off). make loadtest LOADTEST_ARGS="--scale 10"
loadtest: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py loadtest $(LOADTEST_ARGS)

worker: install
	$(BIN)/celery -A lob worker --loglevel=INFO

beat: install
	$(BIN)/celery -A lob beat --loglevel=INFO --schedule var/celerybeat-schedule

# Regenerate requirements.lock from pyproject.toml in a throw-away environment.
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/python -m pip install --quiet --upgrade pip
	var/lockenv/bin/python -m pip install --quiet -e ".[dev]"
	var/lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf var/lockenv

# Update the Dutch translations of one app: make messages APP=students
messages:
	cd $(APP) && DJANGO_DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l nl && DJANGO_DEBUG=1 ../$(BIN)/python ../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules staticfiles
