# Set-up, run and test in one command each. Every step is skipped when its inputs have not
# changed, so running a target twice does no needless work.
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NPM := node_modules/.installed
CSS := static/build/app.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock db run test hostile lint format migrations-check bench clean

install: $(STAMP_PY) $(STAMP_NPM) static/build/.built

$(PY):
	"$$(scripts/find-python)" -m venv $(VENV)

# Installs exactly the lock: every package is listed there with its hashes, so pip resolves
# nothing (--no-deps) and refuses a file whose hash is not in the lock.
$(STAMP_PY): requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	touch $@

# The lock files, rewritten from the pins in requirements*.txt by uv, pinned in
# requirements-lock-tool.txt and kept in its own venv (the project's need not exist). uv
# reads no pip configuration, so the hashes are those of the index's own files, for every
# file of each version: any platform and Python 3.12 or newer. requirements.lock (runtime,
# for production) takes its versions from requirements-dev.lock, so production runs what the
# tests ran. A version already locked is kept; LOCK_ARGS=--upgrade takes the newest allowed.
TOOLS := .venv-tools
UV := $(TOOLS)/bin/uv
UV_COMPILE := $(UV) pip compile --quiet --no-config --universal --python-version 3.12 \
	--generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS)

$(UV): requirements-lock-tool.txt
	rm -rf $(TOOLS)
	"$$(scripts/find-python)" -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements-lock-tool.txt
	touch $@

lock: $(UV)
	$(UV_COMPILE) requirements-dev.txt -o requirements-dev.lock
	$(UV_COMPILE) requirements.txt -c requirements-dev.lock -o requirements.lock

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
	rm -rf $(VENV) $(TOOLS) node_modules static/build staticfiles
