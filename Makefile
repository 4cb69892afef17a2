# The two commands a newcomer needs: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# What `make serve` needs (the site's extra), and what `make test` needs beside it.
STAMP := $(VENV)/.installed
SITE_STAMP := $(VENV)/.installed-site
# Material prints an end-of-life notice on every run; the project knows.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast screenshots golden bench fuzz messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[site]'
	touch $(SITE_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(SITE_STAMP)

## Build the site and serve it with live reload on http://127.0.0.1:8000, rebuilding only changed pages
serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dirty $(MKDOCS_SERVE_ARGS)

## Build the site into site/, failing on any problem
build: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

# Tests run in parallel (pytest-xdist): a process a core and one more (tests/conftest.py says why).
# A process that runs out of tests takes some of another's queue (worksteal), so that none waits
# at the end for another's long ones.
PYTEST := $(BIN)/python -m pytest -n auto --dist worksteal

## Run the whole test suite (installs Chromium for the browser tests when missing)
test: $(STAMP)
	bash scripts/ensure-chromium
	$(PYTEST) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

## The tests without a browser and without the slow end-to-end runs: the inner loop while working
test-fast: $(STAMP)
	$(PYTEST) -m "not browser and not slow" $(PYTEST_ARGS)

## The browser tests, saving screenshots of what they see in test-artifacts/ to look at
screenshots: $(STAMP)
	CASEBOOK_SCREENSHOTS=1 $(PYTEST) -m browser $(PYTEST_ARGS)

## Write the golden page snapshots again after an intended change, then read `git diff tests/golden`
golden: $(STAMP)
	CASEBOOK_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_validate_golden.py tests/test_pages_golden.py

## Measure build and validation speed (slow; see bench/README.md)
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## Explore the property tests with many fresh random examples (slow; not part of `make test`)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_properties.py tests/test_markup.py

## Gather the casebook's words into locale/casebook.pot, update each language's catalog from it,
## and compile them (casebook/i18n.py says how the catalogs are used); then translate what is new
BABEL := $(BIN)/pybabel
LOCALE := plugins/casebook/locale
messages: $(STAMP)
	$(BABEL) extract -F babel.cfg --no-location --sort-output --project=casebook \
		--copyright-holder="casebook contributors" -o $(LOCALE)/casebook.pot .
	$(BABEL) update -D casebook -i $(LOCALE)/casebook.pot -d $(LOCALE) --no-fuzzy-matching --ignore-obsolete
	$(BABEL) compile -D casebook -d $(LOCALE) --statistics
