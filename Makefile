# Set-up, run and test in one command each. Every step is skipped when its inputs have not
# changed, so running a target twice does no needless work.
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NPM := node_modules/.installed
CSS := static/build/app.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install db run test hostile lint format migrations-check bench clean

install: $(STAMP_PY) $(STAMP_NPM) static/build/.built

$(PY):
	"$$(scripts/find-python)" -m venv $(VENV)

$(STAMP_PY): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(STAMP_NPM): package.json package-lock.json
	scripts/npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: $(STAMP_NPM) $(wildcard static/src/*) Makefile
	mkdir -p static/build/govuk/assets
	scripts/npm run --silent build:css
	cp static/src/app.mjs static/src/submission.css static/build/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/build/govuk/
	# The stylesheet refers to GOV.UK Frontend's images (the crest in the footer, the favicon).
	cp -R node_modules/govuk-frontend/dist/govuk/assets/images static/build/govuk/assets/
	touch $@

db: install
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo

# The site and the worker that renders PDFs, together; Ctrl-C stops both.
run: db
	$(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP_PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP_PY)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: $(STAMP_PY)
	$(PY) manage.py makemigrations --check --dry-run

# PYTEST_ARGS narrows a run, such as PYTEST_ARGS='-m "not browser"'.
test: install lint migrations-check
	scripts/run-tests $(PYTEST_ARGS)

# Every form against 1,000 generated hostile submissions (about ten minutes).
hostile: install
	HOSTILE_EXAMPLES=1000 scripts/run-tests tests/hostile -q

# Page speed and PDF speed against their floors, and load: bench/results.py runs the three
# scripts and writes what they print to bench/RESULTS.md.
bench: install
	$(PY) bench/results.py --with-load

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
