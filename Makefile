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
ENGINE  ?= mkdocs
LANGUAGE ?=
SITE_URL ?=
OUT     ?=
HOST    ?= 127.0.0.1
PORT    ?= 8000
SIZES   ?= 100 1000 10000
LIGHTHOUSE_RUNS ?= 3
export NO_MKDOCS_2_WARNING := 1
# The edition (an office, or none, in one language) and the engine, as options
# of the generator's command line; nothing is passed through the environment.
EDITION = --content $(CONTENT) $(if $(OFFICE),--office $(OFFICE)) $(if $(LANGUAGE),--language $(LANGUAGE))
ENGINE_ARGS = $(EDITION) --engine $(ENGINE) $(if $(SITE_URL),--site-url $(SITE_URL))

.PHONY: serve build offline check test test-quick schema clean help bench bench-quick
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

serve: $(STAMP) ## set up, then serve the site at http://127.0.0.1:8000 with live reload (OFFICE=dir, ENGINE=properdocs|zensical)
	@$(BIN)/python -m generator serve $(ENGINE_ARGS) --host $(HOST) --port $(PORT)

build: $(STAMP) ## build the strict site into build/<edition>/site, or OUT=dir (OFFICE=dir, ENGINE=..., CONTENT=dir)
	@$(BIN)/python -m generator build $(ENGINE_ARGS) $(if $(OUT),--out $(OUT))

offline: $(STAMP) $(NODE_STAMP) ## build build/<edition>/next-round-offline.zip, which works opened from disk (file://), search included (OFFICE=dir)
	@$(BIN)/python -m generator offline $(ENGINE_ARGS) $(if $(OUT),--out $(OUT))

check: $(STAMP) ## validate the content, and an office folder with its overlay (OFFICE=dir), as the build does
	@$(BIN)/python -m generator check $(EDITION)

schema: $(STAMP) ## rewrite the JSON Schemas in schema/ after changing generator/models.py
	@$(BIN)/python -m generator schema

test: $(STAMP) $(NODE_STAMP) ## set up everything (Chromium included) and run the whole test suite
	@scripts/ensure-chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-quick: $(STAMP) ## the inner loop: every test that needs no browser and no full site build
	$(BIN)/python -m pytest -m "not browser and not slow" -q $(PYTEST_ARGS)

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

clean: ## remove build output (build/: every edition's work folder, site and offline zip)
	rm -rf build

# ---------------------------------------------------------------- languages (README: "Languages")
.PHONY: i18n-extract i18n-check i18n-status i18n-init

i18n-extract: $(STAMP) ## write locale/messages.pot from the sources and merge it into every .po (translations kept)
	@$(BIN)/python -m generator i18n-extract

i18n-check: $(STAMP) ## fail when a catalogue lacks a translation, the .pot is out of date, or a template holds bare English
	@$(BIN)/python -m generator i18n-check

i18n-status: $(STAMP) ## per language: which items are translated, missing or stale (OFFICE=dir for an office's edition)
	@$(BIN)/python -m generator i18n-status --content $(CONTENT) $(if $(OFFICE),--office $(OFFICE))

# (LANGUAGE_CODE, not LANG: LANG is the shell's locale, always set.)
i18n-init: $(STAMP) ## start a catalogue for a new language: make i18n-init LANGUAGE_CODE=de
	@test -n "$(LANGUAGE_CODE)" || { echo "Give the language: make i18n-init LANGUAGE_CODE=de" >&2; exit 2; }
	@$(BIN)/python -m generator i18n-init $(LANGUAGE_CODE)
