# The developer's front door: `make run` to try it, `make test` to check everything.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: install run serve content test coverage lint migrations-check browser gettext messages makemessages lock bench \
	load clean vendor-noble

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

## install: create .venv and install the exact versions in requirements.lock, and compile the translations
## (idempotent)
install: $(VENV)/.installed messages

## gettext: make sure GNU gettext is there (its msgfmt compiles the translations, its xgettext extracts them)
gettext:
	@if ! command -v msgfmt >/dev/null 2>&1 || ! command -v xgettext >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; \
	  else \
	    echo "The translations need GNU gettext: sudo apt-get install gettext"; exit 1; \
	  fi; \
	fi

## messages: compile locale/<language>/LC_MESSAGES/django.po (and locale/django/<language>/…, Django's own words
## reworded) into the django.mo Django reads. The .mo files are built, never committed (.gitignore); a .po
## older than its .mo is skipped.
messages: $(VENV)/.installed gettext
	$(BIN)/python manage.py compilemessages --ignore '.*' --ignore node_modules -v0

## makemessages: after changing a template's or a message's words, refresh both .po files from them (new
## entries come in empty, for translating; tests/test_page_translations.py fails until every one is).
## tests/test_page_translations.py leaves out the same folders when it checks the files are current.
makemessages: $(VENV)/.installed gettext
	$(BIN)/python manage.py makemessages -l de -l es --add-location file --no-obsolete \
	  --ignore .venv --ignore .venv-lock --ignore node_modules --ignore static --ignore staticfiles \
	  --ignore bench --ignore tests

## content: migrate the database and load glossary and checklist content (never overwrites admin edits)
content: install
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py load_content

## run: set everything up, then serve on http://127.0.0.1:$(PORT)/ with DEBUG on
run: content
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## serve: production mode: collect static files, migrate, load content, run gunicorn (needs SECRET_KEY,
## ALLOWED_HOSTS, REDIS_URL or SINGLE_PROCESS=1 and, behind a TLS proxy, BEHIND_PROXY=1; see README)
serve: install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/gunicorn -c gunicorn.conf.py kinklist.wsgi

## browser: make sure Debian's Chromium is there for the browser tests, and libsodium for their cross-checks
browser:
	@if [ ! -x $(CHROMIUM) ] || ! dpkg -s libsodium23 >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libsodium23; \
	  else \
	    echo "The browser tests need Debian's Chromium and libsodium: sudo apt-get install chromium libsodium23"; exit 1; \
	  fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

## test: lint, migrations check and the whole test suite, browser tests included, spread over the
## machine's cores (at most four); it names the ten slowest tests, the first place to look when the suite
## nears its four-minute budget (PYTEST_ARGS adds pytest options)
test: lint migrations-check browser messages
	$(BIN)/pytest -n auto --maxprocesses 4 --durations=10 $(PYTEST_ARGS)

## coverage: the same suite, measuring branch coverage (about a third slower)
coverage: lint migrations-check browser messages
	$(BIN)/pytest -n auto --maxprocesses 4 --durations=10 --cov --cov-report=term

## lock: re-resolve the dependencies in pyproject.toml and pin them in requirements.lock
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet ".[test]"
	{ echo "# Exact versions every machine installs (make install). Regenerate with: make lock"; \
	  .venv-lock/bin/python -m pip freeze --exclude kinklist; } > requirements.lock
	rm -rf .venv-lock build *.egg-info

clean:
	rm -rf $(VENV) staticfiles

## bench: seed PostgreSQL (100 and 100,000 participants), serve with gunicorn over it and Redis, drive with wrk, print figures
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } || { echo "bench needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py

## vendor-noble: rebuild static/vendor/noble/ (the sealed checklists' curve and hash libraries) from npm
vendor-noble:
	./scripts/vendor-noble.sh

## load: 200 couples (LOAD_COUPLES) through the whole site, with Locust, against gunicorn over PostgreSQL and
## Redis with the rate limits on; fails on any error or lost answer
load: install
	$(BIN)/python -m pip install --quiet --group load
	$(BIN)/python bench/load.py
