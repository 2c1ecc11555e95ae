PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test run index lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

test: setup
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/pytest -q

index: setup
	HF_HUB_OFFLINE=1 $(BIN)/ofsted-qa index --if-stale

# `index` builds index/ (with progress bars) when it is missing or corpus/ changed.
# maxUploadSize is indexer.parse.loaders.MAX_FILE_MB (a test keeps them equal).
run: index
	@echo "Serving on http://127.0.0.1:8501 (Ctrl-C to stop)"
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/streamlit run app.py \
		--server.address 127.0.0.1 --server.port 8501 --server.headless true \
		--browser.gatherUsageStats false --client.toolbarMode minimal \
		--server.maxUploadSize 50

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf index .index.builds .index.parsed .pytest_cache
