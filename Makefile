# The two commands a newcomer needs: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material prints an end-of-life notice on every run; the project knows.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build the site and serve it with live reload on http://127.0.0.1:8000, rebuilding only changed pages
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

## Build the site into site/, failing on any problem
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Run the whole test suite (installs Chromium for the browser tests when missing)
test: $(STAMP)
	bash scripts/ensure-chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

## Measure build and validation speed (slow; see bench/README.md)
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## Explore the property tests with many fresh random examples (slow; not part of `make test`)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_properties.py tests/test_markup.py
