# Two commands on a fresh machine:  make build   and   make test
# Both create .venv from the pinned dependencies (pyproject.toml + constraints.txt) when needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(VENV)/.deps-runtime
TDEPS  := $(VENV)/.deps-test
NODE   := node_modules/.installed

.PHONY: build test serve check clean system-packages
build: $(DEPS)
	$(BIN)/invoke build

test: system-packages $(DEPS) $(TDEPS) $(NODE)
	$(BIN)/invoke test

serve: $(DEPS) $(NODE)
	$(BIN)/invoke serve

check: $(DEPS)
	$(BIN)/invoke check

# the Debian packages the tests use (Chromium, Java, Node.js, rsync, OpenSSH, nginx): installed when missing
system-packages:
	@tools/system-packages

clean:
	rm -rf output .output.* .build

$(DEPS): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python tools/pins.py dependencies > $(VENV)/requirements.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -r $(VENV)/requirements.txt
	$(BIN)/python tools/pins.py pth
	touch $@

$(TDEPS): $(DEPS)
	$(BIN)/python tools/pins.py test > $(VENV)/requirements-test.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -r $(VENV)/requirements-test.txt
	touch $@

$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
