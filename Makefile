# Two commands for a fresh Debian/Ubuntu machine: `make run` and `make test`.
# Each one installs what it needs first (Debian packages, then the virtual environment).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils qpdf fonts-dejavu-core postgresql chromium tesseract-ocr tesseract-ocr-rus tesseract-ocr-osd

.PHONY: run test system-deps lint

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: system-deps $(STAMP)
	$(BIN)/roadmap app

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: system-deps $(STAMP) lint
	$(BIN)/pytest
