# Two entry points for a fresh machine (see README):
#   make lab    install everything, then start JupyterLab with the extension
#   make test   install everything, then run every test layer (TypeScript, Python, UI)
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ROOT ?= $(CURDIR)/demo
LAB_PORT ?= 8888

.PHONY: lab test setup system-deps node-deps build python-deps lint test-ts test-py test-ui clean

# The workspace lives in the project (.lab-workspaces/) so the user's own is never touched;
# it opens the IBL → NWB sidebar the first time.
lab: setup
	mkdir -p "$(LAB_ROOT)" .lab-workspaces
	ls .lab-workspaces/default-*.jupyterlab-workspace > /dev/null 2>&1 \
	  || jupyter lab workspaces import --LabWorkspaceImportApp.workspaces_dir=.lab-workspaces scripts/lab-workspace.json
	jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(LAB_ROOT)" --ServerApp.port=$(LAB_PORT) --ServerApp.ip=127.0.0.1 \
	  --LabApp.workspaces_dir="$(CURDIR)/.lab-workspaces"

test: system-deps setup
	bash scripts/run-tests.sh

setup: python-deps build
	jupyter labextension develop --overwrite . > /dev/null
	jupyter labextension list 2>&1 | grep -q "jupyterlab-ibl-nwb.*enabled.*OK" \
	  || { jupyter labextension list; echo "jupyterlab-ibl-nwb is not enabled and OK" >&2; exit 1; }

# Debian's Chromium for the galata UI tests (Playwright cannot download browsers here).
system-deps:
	bash scripts/install-system-deps.sh

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	touch $@

node-deps: node_modules/.package-lock.json

build: node-deps
	npm run build:prod

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "hatchling>=1.27" editables hatch-nodejs-version hatch-jupyter-builder "jupyterlab>=4.6,<4.7"
	touch $@

python-deps: $(VENV)/.installed build
	$(BIN)/python -m pip install --quiet --no-build-isolation -e ".[test]"

lint: node-deps
	npm run lint
	npm run typecheck

test-ts: node-deps
	npm test

test-py: setup
	$(BIN)/python -m pytest

test-ui: system-deps setup
	npm run test:ui

clean:
	rm -rf lib tsconfig.tsbuildinfo jupyterlab_ibl_nwb/labextension jupyterlab_ibl_nwb/cli build
