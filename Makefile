# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# Two workers on two cores; more only adds start-up time to a short suite.
TEST_WORKERS ?= 2
# Tests never touch your own data folder.
TEST_HOME := $(CURDIR)/.data/test-home
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test test-sqlite test-postgres lint bench e2e load assets clean

$(BIN)/coffeechat: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

# htmx is pinned in package.json / package-lock.json. npm installs it; a machine with
# no npm gets the same pinned tarball, checked against the lock file's hash.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	else \
		$(PYTHON) scripts/fetch_assets.py; \
	fi
	touch $@

assets: node_modules/.installed

run: $(BIN)/coffeechat assets
	$(BIN)/coffeechat serve --host $(HOST) --port $(PORT) --demo

test: $(BIN)/coffeechat assets lint test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "DATABASE_URL is not set: skipped the PostgreSQL run."; fi

lint: $(BIN)/coffeechat
	$(BIN)/ruff check coffeechat tests bench loadtest scripts
	$(BIN)/ruff format --check coffeechat tests bench loadtest scripts

test-sqlite: $(BIN)/coffeechat
	@echo "== test suite on SQLite"
	env -u DATABASE_URL COFFEECHAT_HOME=$(TEST_HOME) $(BIN)/pytest -n $(TEST_WORKERS) -m "not e2e" -q

test-postgres: $(BIN)/coffeechat
	@echo "== test suite on PostgreSQL"
	COFFEECHAT_HOME=$(TEST_HOME) $(BIN)/pytest -n $(TEST_WORKERS) -m "not e2e" -q

# The browser journey in headless chromium (Debian's package; root installs it here).
e2e: $(BIN)/coffeechat assets
	@test -x $(CHROMIUM) || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	env -u DATABASE_URL COFFEECHAT_HOME=$(TEST_HOME) CHROMIUM=$(CHROMIUM) $(BIN)/pytest -m e2e tests/e2e -q -p no:xdist

# 20 simulated users against gunicorn on 127.0.0.1, on SQLite and on PostgreSQL.
load: $(BIN)/coffeechat assets
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[load]'
	$(BIN)/python -m loadtest.run $(LOAD_ARGS)

bench: $(BIN)/coffeechat assets
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[bench]'
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles
