# Counter: the two commands a new machine needs.
#   make run    set up, seed the demo store if the data folder is empty, open the desktop
#   make test   set up, then lint, type-check, check the layers and run every test
# Windows has no make: see README.md for the same steps in PowerShell.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# Libraries Qt needs on a bare Debian/Ubuntu: offscreen, then a real X display (Xvfb).
QT_LIBS_OFFSCREEN := libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 \
	libglib2.0-0 libxkbcommon0
QT_LIBS_X11 := xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
# pdftoppm and pdftotext read rendered documents back, zbarimg scans their barcodes (tests,
# screenshots); python3-venv is checked below.
TOOLS := poppler-utils zbar-tools
SYSTEM_PACKAGES := $(QT_LIBS_OFFSCREEN) $(QT_LIBS_X11) $(TOOLS)

.PHONY: run test lint typecheck layers pytest system-packages install-check package-check clean \
	screenshots translations bench

run: system-packages $(STAMP)
	$(BIN)/counter-app demo --if-empty
	$(BIN)/counter-app

test: system-packages $(STAMP) lint typecheck layers pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy counter_app db ui assets docs/examples bench

layers: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest

# Every screen, offscreen, over a fresh demo store, into docs/screenshots (look at them).
SHOTS_DATA := build/screenshot-data
screenshots: $(STAMP)
	rm -rf $(SHOTS_DATA)
	$(BIN)/counter-app --data-dir $(SHOTS_DATA) demo
	$(BIN)/python -m ui.screenshots docs/screenshots --data-dir $(SHOTS_DATA) \
		--staff "Maeve Byrne" --pin 2468

# Benchmarks: the project against a baseline measured in the same run (see docs/PERFORMANCE.md).
# The store benchmarks need a 1,000,000-case store: generated once into build/big-store (~15-30 min,
# 9 GB). bench.case_saving adds its returns to that store, so it runs last; bench.sync needs PostgreSQL.
bench: $(STAMP)
	$(BIN)/python -m bench.receipt_rendering
	$(BIN)/python -m bench.cold_start
	$(BIN)/python -m bench.daily_summary
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.ui_stall
	$(BIN)/python -m bench.peak_memory
	$(BIN)/python -m bench.sync
	$(BIN)/python -m bench.case_saving

# The words of the desktop: collect them from ui/ into the .ts files (translate the German
# ones in pyside6-linguist), then compile the .qm files Counter loads. English holds plurals only.
# Then the core's words (services, domain): pybabel collects them into the .po catalogs of
# counter_app/locale (translate in any .po editor) and compiles the .mo files.
TS_DIR := assets/translations
UI_SOURCES = $(shell find ui -name '*.py' -not -path '*/__pycache__/*' | sort)
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(UI_SOURCES) -ts $(TS_DIR)/counter_de.ts -no-obsolete -locations none
	$(BIN)/pyside6-lupdate -pluralonly $(UI_SOURCES) -ts $(TS_DIR)/counter_en.ts -no-obsolete -locations none
	$(BIN)/pyside6-lrelease $(TS_DIR)/counter_de.ts -qm $(TS_DIR)/counter_de.qm
	$(BIN)/pyside6-lrelease $(TS_DIR)/counter_en.ts -qm $(TS_DIR)/counter_en.qm
	mkdir -p build
	$(BIN)/pybabel extract --no-location --sort-output -k say -k say_later -k say_plural:1,2 -k storage_words \
		-o build/counter.pot counter_app db
	$(BIN)/pybabel update --no-fuzzy-matching -i build/counter.pot -d counter_app/locale -D counter
	$(BIN)/pybabel compile --statistics -d counter_app/locale -D counter

# The virtualenv, reinstalled whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Counter needs Python 3.11 or newer; set PYTHON=python3.11 (or newer).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# An older setup had PySide6-Pdf 6.12, whose QtPdf files clash with PySide6-Addons 6.11's.
	$(BIN)/python -m pip uninstall --quiet --yes PySide6-Pdf 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

# Debian/Ubuntu: install what is missing when running as root, else print the exact command.
system-packages:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "Not a Debian/Ubuntu system: make sure Qt 6's system libraries are installed."; \
		exit 0; \
	fi; \
	missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" \
			|| missing="$$missing $$package"; \
	done; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing system packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "Counter needs these system packages first. Run:"; \
		echo "  sudo apt-get install -y$$missing"; \
		exit 1; \
	fi

# A non-editable install into a brand-new virtualenv must carry its migrations and assets.
install-check: system-packages
	@set -e; \
	scratch=$$(mktemp -d); \
	trap 'rm -rf "$$scratch"' EXIT; \
	$(PYTHON) -m venv "$$scratch/venv"; \
	"$$scratch/venv/bin/python" -m pip install --quiet "$(CURDIR)"; \
	cd "$$scratch"; \
	"$$scratch/venv/bin/counter-app" --version; \
	"$$scratch/venv/bin/counter-app" --data-dir "$$scratch/data" demo; \
	"$$scratch/venv/bin/counter-app" --data-dir "$$scratch/data" db check; \
	"$$scratch/venv/bin/counter-app" --data-dir "$$scratch/data" audit verify; \
	"$$scratch/venv/bin/counter-app" --data-dir "$$scratch/data" headoffice add-store CHECK01 >/dev/null; \
	"$$scratch/venv/bin/python" -c "from assets import asset_path; print('assets:', asset_path('style.qss'))"; \
	status=0; QT_QPA_PLATFORM=offscreen timeout 8 "$$scratch/venv/bin/counter-app" --data-dir "$$scratch/data" || status=$$?; \
	if [ "$$status" -ne 124 ]; then echo "install-check: the desktop did not stay open (exit $$status)"; exit 1; fi; \
	echo "install-check: the desktop opened on the demo store and stayed open"; \
	echo "install-check: a fresh non-editable install works"

# The PyInstaller folder (build.spec) must work on its own: built into a scratch folder, then
# run without the virtualenv; .ci/package-check.sh says what it checks.
package-check: system-packages $(STAMP)
	$(BIN)/python -m pip install --quiet "pyinstaller>=6.10"
	.ci/package-check.sh $(BIN)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
