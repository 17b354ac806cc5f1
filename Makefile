# Next Round. Two commands: `make serve` and `make test` (see README.md).
# Every target sets up what it needs: a virtual environment from the pinned
# requirements.lock, and for tests Debian's Chromium and axe-core.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
BENCH_STAMP := benchmarks/node_modules/.installed-$(shell cat benchmarks/package-lock.json | cksum | cut -d' ' -f1)

CONTENT ?= content
OFFICE  ?=
HOST    ?= 127.0.0.1
PORT    ?= 8000
SIZES   ?= 100 1000 10000
LIGHTHOUSE_RUNS ?= 3
export NEXTROUND_CONTENT := $(CONTENT)
export NEXTROUND_OFFICE := $(OFFICE)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build offline check test schema clean help bench bench-quick
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

serve: $(STAMP) ## set up, generate and serve the site at http://127.0.0.1:8000 with live reload
	NEXTROUND_SITE_URL=http://$(HOST):$(PORT)/ $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: $(STAMP) ## build the strict site into site/ (CONTENT=dir for another knowledge base)
	@rm -rf .site.tmp
	@$(BIN)/mkdocs build --strict --quiet --site-dir .site.tmp || { rm -rf .site.tmp; echo "Build failed: site/ is unchanged." >&2; exit 1; }
	@rm -rf site && mv .site.tmp site
	@echo "Built site/ from $(CONTENT)."

offline: $(STAMP) $(NODE_STAMP) ## build next-round-offline.zip, which works opened from disk (file://), search included (OFFICE=dir)
	@rm -rf .offline.tmp
	@mkdir -p .offline.tmp
	@NEXTROUND_OFFLINE=true $(BIN)/mkdocs build --strict --quiet --site-dir .offline.tmp/next-round || { rm -rf .offline.tmp; echo "Build failed: nothing was written." >&2; exit 1; }
	@cd .offline.tmp && $(abspath $(BIN))/python -m zipfile -c next-round-offline.zip next-round
	@mv .offline.tmp/next-round-offline.zip next-round-offline.zip && rm -rf .offline.tmp
	@echo "Built next-round-offline.zip: unzip it and open next-round/index.html."

check: $(STAMP) ## validate the content only (CONTENT=dir for another knowledge base)
	@$(BIN)/python -m generator check --content $(CONTENT)

schema: $(STAMP) ## rewrite the JSON Schemas in schema/ after changing generator/models.py
	@$(BIN)/python -m generator schema

test: $(STAMP) $(NODE_STAMP) ## set up everything (Chromium included) and run the whole test suite
	@scripts/ensure-chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(BENCH_STAMP): benchmarks/package.json benchmarks/package-lock.json
	npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error
	@touch $@

bench: $(STAMP) $(BENCH_STAMP) ## time builds of SIZES="100 1000 10000" synthetic items, then page weight, Lighthouse and the decoder (benchmarks/RESULTS.md)
	@scripts/ensure-chromium
	$(BIN)/python -m benchmarks.run $(SIZES)
	$(BIN)/python -m benchmarks.pageweight --lighthouse --runs $(LIGHTHOUSE_RUNS)
	$(BIN)/python -m benchmarks.decoder

bench-quick: ## make bench with SIZES=100 and one Lighthouse run per page
	@$(MAKE) --no-print-directory bench SIZES=100 LIGHTHOUSE_RUNS=1

clean: ## remove build output (site/, the offline zip and generated pages)
	rm -rf site .site.tmp .offline.tmp next-round-offline.zip
	@if [ -f docs/.nextround-generated ]; then (cd docs && xargs rm -f < .nextround-generated) && rm -f docs/.nextround-generated; fi
	find docs -type d -empty -delete
