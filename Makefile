# One target per thing a user or CI does. Every target sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED := ../shared
SEED := extract/data/sipo-2013-ip-talents-opinions.txt
REAL := $(SHARED)/corpus/real

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

# Every gold set in ../shared/eval (each folder's TEXT names its text), scored with the shared scorer.
eval: setup
	@for gold in $(SHARED)/eval/*/; do \
		name=$$(basename "$$gold"); [ -f "$$gold/TEXT" ] || continue; \
		text="$(SHARED)/eval/$$(head -1 "$$gold/TEXT")"; out=eval-out/$$name; \
		$(BIN)/policykg export all --input "$$text" --format json --out "$$out" >/dev/null && \
		echo "[$$name]" && $(BIN)/python $(SHARED)/eval/score.py --text "$$text" --gold "$$gold" --exports "$$out" || exit 1; \
	done
	@# Real documents as users bring them: no gold, so lint.py counts the defects a reader spots (the
	@# offsets check needs a text file). It reports; the loop goes on past a document with defects.
	@for doc in $(REAL)/*.txt $(REAL)/*.html $(REAL)/*.pdf $(REAL)/*.md $(REAL)/*.docx; do \
		[ -f "$$doc" ] || continue; \
		name=$$(basename "$$doc"); out=eval-out/real/$${name%.*}; text=""; \
		case "$$name" in README*) continue;; esac; \
		case "$$doc" in *.txt|*.md) text="--text $$doc";; esac; \
		echo "[lint $$name]"; \
		if $(BIN)/policykg export all --input "$$doc" --format json --out "$$out" > /dev/null; then \
			$(BIN)/python $(SHARED)/eval/lint.py $$text --exports "$$out" || true; \
		fi; \
	done

bench: setup
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/store_scale.py
	$(BIN)/python benchmarks/corpus.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/endpoint.py
	$(BIN)/python benchmarks/review.py

# The viewer's pages in headless Chromium (Debian's chromium and chromium-driver), saved to docs/.
screenshots: setup
	POLICYKG_SCREENSHOTS=$(CURDIR)/docs $(BIN)/python -m pytest -q tests/e2e -k "every_page or review_loop"

clean:
	rm -rf $(VENV) eval-out data *.egg-info
