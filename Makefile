# The two commands that set everything up on a fresh machine:
#   make demo   install, ingest the bundled sample articles, serve the SPARQL endpoint + UI
#   make test   install (with test tools and system packages) and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= demo-store
PORT   ?= 7878

.PHONY: install install-test system-deps demo ingest-demo serve test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Python package (editable) + front-end assets for the web UI.
install: $(BIN)/python
	$(BIN)/pip install -q -e .
	@if [ -f package.json ] && command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; fi

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@if [ -f package.json ] && command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; fi

# Debian packages the tests drive for real: Chromium (web pages), Graphviz (DOT export).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

ingest-demo: install
	$(BIN)/kg ingest --store $(STORE) data/samples/

demo: ingest-demo
	$(BIN)/kg serve --store $(STORE) --port $(PORT)

test: install-test system-deps
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check kg tests benchmarks scripts

bench: install
	$(BIN)/python benchmarks/ingest_throughput.py

clean:
	rm -rf $(STORE) build dist *.egg-info .pytest_cache tests/artifacts
