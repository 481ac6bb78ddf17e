# Two commands do everything: `make brief` builds specs/ into output/, `make test` runs every check.
# Each creates .venv and installs into it on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: brief test test-lowest lint clean golden schema bench bench-quick bench-instructions hyphenation fonts

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

brief: $(BIN)/.installed
	$(BIN)/briefgen build

test: $(BIN)/.installed
	$(BIN)/python -m pytest

# The example specs' and packs' text in structure order (tests/golden/), after a change meant to alter it; review the diff.
golden: $(BIN)/.installed
	$(BIN)/python -m pytest tests/test_golden.py --update-goldens -q

# The JSON Schema editors use, generated from the spec format's declarations (a test fails if it is stale).
schema: $(BIN)/.installed
	$(BIN)/briefgen schema -o schema/brief.schema.json

# The parsed copies of pyphen's hyphenation patterns in assets/hyphenation (a test fails if they are stale).
hyphenation: $(BIN)/.installed
	$(BIN)/python -m briefgen.hyphenation

# The table of the characters each shipped font draws, assets/fonts/coverage.txt (a test fails if it is stale).
fonts: $(BIN)/.installed
	$(BIN)/python -m briefgen.style.font_coverage

# The suite against the lowest versions pyproject.toml allows (uv's lowest-direct resolution), as CI runs it,
# so that a lower bound cannot be wrong. Uses its own environments, .venv-lowest and .venv-tools.
test-lowest:
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/python -m pip install --quiet 'uv>=0.4,<1'
	.venv-tools/bin/uv venv --quiet --allow-existing --python $(PYTHON) .venv-lowest
	.venv-tools/bin/uv pip install --quiet --python .venv-lowest/bin/python --resolution lowest-direct -e '.[dev]'
	.venv-lowest/bin/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# Measure briefgen against plain ReportLab and Typst and record the figures in BENCHMARKS.md (a few minutes).
bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench.py --write BENCHMARKS.md

# The same without the 2,000-spec batches (about a minute); prints, records nothing.
bench-quick: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench.py --quick

# Count the instructions briefgen and the floor execute (valgrind; about 5 minutes): no machine noise.
bench-instructions: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/instructions.py

clean:
	rm -rf $(VENV) .venv-lowest .venv-tools output/*.pdf
