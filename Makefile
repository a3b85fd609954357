# One target per thing a user or CI does. Every target sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED := ../shared
SEED := extract/data/sipo-2013-ip-talents-opinions.txt
EO := $(SHARED)/corpus/us-eo14057-federal-sustainability-2021.txt

.PHONY: setup run build test eval bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/policykg build

run: build
	@echo "policykg viewer: http://localhost:8501"
	$(BIN)/policykg app

test: setup
	$(BIN)/python -m pytest

eval: setup
	@for pair in "seed:$(SEED)" "eo14057:$(EO)"; do \
		gold=$${pair%%:*}; text=$${pair#*:}; out=eval-out/$$gold; \
		if [ -d "$(SHARED)/eval/$$gold" ] && [ -f "$$text" ]; then \
			$(BIN)/policykg export all --input "$$text" --format json --out "$$out" && \
			echo "[$$gold]" && $(BIN)/python $(SHARED)/eval/score.py --text "$$text" --gold "$(SHARED)/eval/$$gold" --exports "$$out"; \
		fi; \
	done

bench: setup
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/store_scale.py
	$(BIN)/python benchmarks/corpus.py
	$(BIN)/python benchmarks/endpoint.py

# The viewer's pages in headless Chromium (Debian's chromium and chromium-driver), saved to docs/.
screenshots: setup
	POLICYKG_SCREENSHOTS=$(CURDIR)/docs $(BIN)/python -m pytest -q tests/e2e -k every_page

clean:
	rm -rf $(VENV) eval-out data *.egg-info
