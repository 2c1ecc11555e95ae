PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test run index national lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	# The int8 ONNX model that builds embed with, made offline from the packaged weights
	# into ~/.cache/ofsted-qa (once per machine; about a minute), so no build waits for it.
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -c "from indexer.embedder import prepare; prepare()"
	touch $(STAMP)

# axe-core (npm) for the browser tests' accessibility checks, when npm is there.
test: setup
	if command -v npm >/dev/null; then (cd tests/browser && npm install --silent --no-audit --no-fund) || echo "axe-core not installed: the accessibility test will be skipped with the reason"; fi
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/pytest -q

index: setup
	HF_HUB_OFFLINE=1 $(BIN)/ofsted-qa index --if-stale

# Every council's reports, discovered on Ofsted's reports site (OFSTED_QA_SITE_URL moves
# it), fetched into national-corpus/ and indexed into national-index/. Rerun to keep it
# current: only new reports are fetched and embedded.
NATIONAL_CORPUS := national-corpus
NATIONAL_INDEX := national-index

national: setup
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/ofsted-qa national --update \
		--corpus $(NATIONAL_CORPUS) --index $(NATIONAL_INDEX)

# Serves national-index/ when `make national` built it, else index/ (built by `index`
# when it is missing or corpus/ changed); the sidebar says which.
# maxUploadSize is indexer.parse.loaders.MAX_FILE_MB (a test keeps them equal).
run: setup
	@if [ -e $(NATIONAL_INDEX)/manifest.json ]; then \
		echo "Serving the national index ($(NATIONAL_INDEX)/)"; \
	else $(MAKE) --no-print-directory index; fi
	@echo "Serving on http://127.0.0.1:8501 (Ctrl-C to stop)"
	@if [ -e $(NATIONAL_INDEX)/manifest.json ]; then \
		export OFSTED_QA_INDEX=$(NATIONAL_INDEX) OFSTED_QA_CORPUS=$(NATIONAL_CORPUS); fi; \
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/streamlit run app.py \
		--server.address 127.0.0.1 --server.port 8501 --server.headless true \
		--browser.gatherUsageStats false --client.toolbarMode minimal \
		--server.maxUploadSize 50

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf index .index.builds .index.parsed .pytest_cache
