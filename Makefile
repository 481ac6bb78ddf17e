# Two commands do everything: `make brief` builds specs/ into output/, `make test` runs every check.
# Each creates .venv and installs into it on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: brief test test-lowest lint clean golden schema bench bench-quick bench-instructions hyphenation fonts locale tools dist typo

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet -e '.[print]' || echo "pycups (the print extra) needs gcc and libcups2-dev to build; the print tests use CUPS's lp instead"
	touch $@

brief: $(BIN)/.installed
	$(BIN)/briefgen build

# The system tools the tests read PDFs back with (poppler's pdfinfo and pdftoppm); stop early with how to install them.
TOOLS_HINT := install poppler: 'sudo apt-get install poppler-utils' (Debian, Ubuntu), 'sudo dnf install poppler-utils' \
	(Fedora) or 'brew install poppler' (macOS)
tools:
	@for tool in pdfinfo pdftoppm; do \
		command -v $$tool >/dev/null 2>&1 || { echo "make test needs $$tool, which is not installed; $(TOOLS_HINT)" >&2; exit 1; }; \
	done

test: tools $(BIN)/.installed
	$(BIN)/python -m pytest

# The example specs' and packs' text in structure order (tests/golden/), after a change meant to alter it; review the diff.
golden: $(BIN)/.installed
	$(BIN)/python -m pytest tests/test_golden.py --update-goldens -q

# The JSON Schema editors use, generated from the spec format's declarations (a test fails if it is stale).
schema: $(BIN)/.installed
	$(BIN)/briefgen schema -o schema/brief.schema.json

# The parsed copies of pyphen's hyphenation patterns in assets/hyphenation (a test fails if they are stale).
hyphenation: $(BIN)/.installed
	$(BIN)/python -m briefgen.style.hyphenation

# The table of the characters each shipped font draws, assets/fonts/coverage.txt (a test fails if it is stale).
fonts: $(BIN)/.installed
	$(BIN)/python -m briefgen.style.font_coverage

# The snapshot of CLDR's dates, number symbols and plurals for the labelled languages (assets/locale/cldr.json),
# made from the installed Babel and checked against it (a test fails if it is stale).
locale: $(BIN)/.installed
	$(BIN)/python -m briefgen.text.cldr

# The suite against the lowest versions pyproject.toml allows (uv's lowest-direct resolution), as CI runs it,
# so that a lower bound cannot be wrong. Uses its own environments, .venv-lowest and .venv-tools.
test-lowest: tools
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/python -m pip install --quiet 'uv>=0.4,<1'
	.venv-tools/bin/uv venv --quiet --allow-existing --python $(PYTHON) .venv-lowest
	.venv-tools/bin/uv pip install --quiet --python .venv-lowest/bin/python --resolution lowest-direct -e '.[dev,print]' \
		|| .venv-tools/bin/uv pip install --quiet --python .venv-lowest/bin/python --resolution lowest-direct -e '.[dev]'
	.venv-lowest/bin/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# Measure briefgen against plain ReportLab and Typst per size class (2, 4-6, 12+ pages) and record the figures
# in BENCHMARKS.md (about 4 minutes on 2 free cores).
bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench.py --write BENCHMARKS.md

# The same with fewer specs and rounds, without the 2,000-spec batches (about a minute); prints, records nothing.
bench-quick: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench.py --quick

# Count the instructions briefgen and the floor execute (valgrind; about 5 minutes): no machine noise.
bench-instructions: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/instructions.py

# Compare briefgen's line breaking with Typst's on identical content and rewrite TYPOGRAPHY.md's table.
typo: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/typo.py

# The sdist and the wheel, checked as a package index checks them, then the wheel installed in a fresh
# environment and tried as a new user would, outside the repository: init a project, build it (CI runs this).
dist: $(BIN)/.installed
	rm -rf dist .venv-wheel
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*
	$(PYTHON) -m venv .venv-wheel
	.venv-wheel/bin/python -m pip install --quiet dist/*.whl
	tmp=$$(mktemp -d) && cd $$tmp && $(CURDIR)/.venv-wheel/bin/briefgen init project >/dev/null \
		&& cd project && $(CURDIR)/.venv-wheel/bin/briefgen build -q && test -s output/example.pdf \
		&& $(CURDIR)/.venv-wheel/bin/briefgen pack specs/example.yaml --title Test --booklet -o output/pack.pdf >/dev/null \
		&& test -s output/pack.pdf \
		&& $(CURDIR)/$(BIN)/check-jsonschema --schemafile schema/brief.schema.json specs/example.yaml \
		&& cd / && rm -rf $$tmp

clean:
	rm -rf $(VENV) .venv-lowest .venv-tools .venv-wheel dist output/*.pdf
