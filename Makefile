# Two commands do all set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The modules setup.py compiles with mypyc: an edit to one rebuilds it (the install does).
COMPILED := $(shell sed -n 's/^ *"\(pipeline\/[a-z_]*\.py\)",$$/\1/p' setup.py)

.PHONY: run test install clean bench

$(STAMP): pyproject.toml setup.py $(COMPILED)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/claimtable run seeds/ --out out/

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py --n 100 1000 10000 --jobs 1 2 --out bench/results.json

clean:
	rm -rf $(VENV) out/ .pytest_cache build/ *.so pipeline/*.so
