# Two commands: `make run` (install, build the index if missing or stale, serve the app) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE ?= 1

.PHONY: run test install index eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/policybot serve

test: install
	$(BIN)/python -m pytest

index: install
	$(BIN)/policybot index

eval: install
	$(BIN)/policybot eval

bench: install
	$(BIN)/policybot bench

clean:
	rm -rf $(VENV) var artifacts
