# One-command set-up: `make run` installs and starts the app, `make test` installs and runs
# every test (browser tests included). Everything lives in .venv; nothing is installed globally
# except Debian's chromium (the browser tests), poppler-utils (the PDF tests), postgresql (the
# PostgreSQL store tests run on a throwaway cluster of their own) and haproxy (make serve-cluster).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
# Only this machine can reach the app (without [auth] in .streamlit/secrets.toml it has no login;
# README "Accounts"). To serve a network, see README "Reliability": e.g. `make run ADDRESS=0.0.0.0`
# behind a proxy that serves HTTPS (and asks for a password, without accounts).
ADDRESS ?= 127.0.0.1

.PHONY: install run serve-cluster test test-fast bench lint chromium poppler postgres haproxy clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

# A gym: REPLICAS Streamlit processes (one per core) behind haproxy on ADDRESS:PORT, all on one
# PostgreSQL database (the cluster's own in STATE unless DB=postgresql://...). README "Serving a gym".
REPLICAS ?= $(shell nproc)
serve-cluster: $(STAMP) haproxy postgres
	$(PY) -m deploy.cluster --replicas $(REPLICAS) --port $(PORT) --address $(ADDRESS) \
	  $(if $(DB),--db "$(DB)") $(if $(STATE),--state "$(STATE)") \
	  $(if $(SECRETS),--secrets "$(SECRETS)")

# Debian's chromium for Playwright (playwright's own browser download cannot work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's poppler-utils: the PDF tests render the printable sheets with pdftoppm/pdftotext.
poppler:
	@command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  echo "Installing Debian's poppler-utils for the PDF tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

# Debian's PostgreSQL server binaries: the store tests and benchmarks also run against a throwaway
# cluster (tests/pg_server.py starts it in a temporary folder; nothing is configured globally).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing Debian's postgresql for the PostgreSQL store tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; }

# Debian's haproxy: the balancer of `make serve-cluster` (and of its tests and load benchmark).
haproxy:
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || { \
	  echo "Installing Debian's haproxy for make serve-cluster"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq haproxy >/dev/null; }

test: $(STAMP) chromium poppler postgres haproxy
	$(PY) -m pytest -n 2 --dist loadfile

test-fast: $(STAMP) poppler postgres haproxy
	$(PY) -m pytest -m "not browser" -q

bench: $(STAMP) chromium postgres haproxy
	$(PY) -m benchmarks

lint: $(STAMP)
	$(PY) -m ruff check planner tests benchmarks deploy app.py pages ui
	$(PY) -m ruff format --check planner tests benchmarks deploy app.py pages ui

clean:
	rm -rf $(VENV) .pytest_cache
