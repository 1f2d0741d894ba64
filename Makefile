# Two commands do all the set-up: `make demo` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= $(CURDIR)/data
export PIPELINES_DATA_DIR ?= $(DATA)
export DAGSTER_HOME ?= $(PIPELINES_DATA_DIR)/dagster
DEMO_ORDERS ?= 3000
DEMO_SEED ?= 7
API_PORT ?= 8000
UI_PORT ?= 3000

.PHONY: help setup prepare demo build generate materialize serve ui test bench clean test-spark java

help:
	@echo "make demo   set up, generate the demo world, build everything, serve the API (:$(API_PORT)) and Dagster UI (:$(UI_PORT))"
	@echo "make build  the same without serving"
	@echo "make test   run the test suite (sets up first)"
	@echo "make bench  measure build stages and API latency (docs/benchmarks.md)"

# --compile-bytecode: every pipeline step, dbt invocation and test is a new Python process; without
# compiled bytecode in the venv (uv writes none by default, and PYTHONDONTWRITEBYTECODE keeps Python
# from writing it) each one compiles dagster, dbt and Great Expectations from source again.
$(VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --group dev --compile-bytecode --python $(PYTHON)
	@touch $@

setup: $(VENV)/.synced

prepare: setup
	$(PY) -m pipelines prepare

generate: setup
	$(PY) -m pipelines generate --orders $(DEMO_ORDERS) --seed $(DEMO_SEED)

materialize: prepare
	@mkdir -p $(DAGSTER_HOME)
	$(PY) -m pipelines materialize

build: setup
	@rm -rf $(PIPELINES_DATA_DIR)/landing
	$(MAKE) --no-print-directory generate materialize
	@$(PY) -m pipelines token create demo > $(PIPELINES_DATA_DIR)/demo-token.txt
	@echo "API token for the demo: $$(cat $(PIPELINES_DATA_DIR)/demo-token.txt) (saved in $(PIPELINES_DATA_DIR)/demo-token.txt)"

serve: setup
	$(PY) -m pipelines serve --port $(API_PORT)

ui: prepare
	@mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/dagster dev -w workspace.yaml -p $(UI_PORT)

demo: build
	@TOKEN=$$(cat $(PIPELINES_DATA_DIR)/demo-token.txt); \
	echo ""; \
	echo "API        http://127.0.0.1:$(API_PORT)/api/v1/orders/   (docs: http://127.0.0.1:$(API_PORT)/docs)"; \
	echo "Dagster UI http://127.0.0.1:$(UI_PORT)"; \
	echo "Token      $$TOKEN"; \
	echo "Try        curl -H \"Authorization: Bearer $$TOKEN\" \"http://127.0.0.1:$(API_PORT)/api/v1/orders/?status=awaiting_shipment&ordering=-sold_at\""; \
	echo "Ctrl-C stops both."; \
	trap 'kill 0' INT TERM EXIT; \
	$(PY) -m pipelines serve --port $(API_PORT) & \
	$(VENV)/bin/dagster dev -w workspace.yaml -p $(UI_PORT) & \
	wait

test: prepare
	$(VENV)/bin/pytest -q -n 2 --dist worksteal

# The marts built on a local Apache Spark must equal the DuckDB build (docs/scaling.md): the
# Dagster build job on Spark, compared with a DuckDB build of the same world. .ci/run runs it after
# `make test`; it takes about 5 minutes (docs/scaling.md).
test-spark: prepare java
	$(UV) sync --frozen --group dev --group spark --inexact --compile-bytecode --python $(PYTHON)
	$(VENV)/bin/pytest -q -m spark

# PySpark 4 runs on Java 17 or later. Where there is none and we may install one (root with
# apt-get, as in CI), openjdk-17-jre-headless is installed; otherwise a clear error says what to do.
JAVA_MISSING := Spark needs Java 17 or later: install it (apt-get install openjdk-17-jre-headless) or set JAVA_HOME
java:
	@if [ -n "$$JAVA_HOME" ]; then java="$$JAVA_HOME/bin/java"; \
	  [ -x "$$java" ] || { echo "JAVA_HOME=$$JAVA_HOME holds no bin/java. $(JAVA_MISSING)" >&2; exit 1; }; \
	else java=$$(command -v java || true); fi; \
	if [ -z "$$java" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "java not found: installing openjdk-17-jre-headless"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null || exit 1; \
	    java=$$(command -v java); \
	  else echo "$(JAVA_MISSING)" >&2; exit 1; fi; \
	fi; \
	version=$$("$$java" -version 2>&1 | awk -F'"' '/version/ {print $$2; exit}'); \
	major=$${version%%.*}; [ "$$major" = 1 ] && major=$$(echo "$$version" | cut -d. -f2); \
	if [ -z "$$major" ] || [ "$$major" -lt 17 ] 2>/dev/null; then \
	  echo "$(JAVA_MISSING) ($$java is version $${version:-unknown})" >&2; exit 1; fi; \
	echo "java $$version ($$java)"

bench: prepare
	$(PY) -m pipelines bench

clean:
	rm -rf $(VENV) data dbt_project/target dbt_project/logs
