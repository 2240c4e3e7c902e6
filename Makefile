# Two entry points for a fresh machine with Python 3.11 and make:
#   make run   installs into .venv/ and runs the main job
#   make test  installs into .venv/ and runs the whole test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test docs bench parse clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

# The main job: parse both plans (cached in data/parsed/) and compare them.
run: install
	$(BIN)/plancli parse huadu qingcheng
	$(BIN)/plancli compare huadu qingcheng

# The whole suite: lint (ruff), the import contract (import-linter), the README's generated
# outputs (cog), then the tests.
test: install
	$(BIN)/ruff check --quiet src tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/cog --check README.md
	$(BIN)/python -m pytest

# Regenerate the README's command outputs after a change to what a command prints.
docs: install
	$(BIN)/cog -r README.md

bench: install
	$(BIN)/python bench/bench_parse.py
	$(BIN)/python bench/bench_compare.py
	$(BIN)/python bench/bench_diff_check.py
	$(BIN)/python bench/bench_hostile.py
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_corpus.py --sizes 10 100
	$(BIN)/python bench/bench_readers.py

parse: install
	$(BIN)/plancli parse huadu qingcheng

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
