# Two commands for a fresh machine: `make serve` (build and preview the sample site) and
# `make test` (the whole test suite). Both set everything up on first use.
PY := .venv/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build lint test bench clean

setup:
	@scripts/setup.sh

serve: setup
	$(PY) -m generator build
	$(PY) -m generator serve

build: setup
	$(PY) -m generator build

# Lint first (ruff, then mypy --strict on generator/; settings in pyproject.toml), then every test.
lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

test: lint
	$(PY) -m pytest

bench: setup
	$(PY) bench/bench.py

clean:
	rm -rf site content/generated .venv
