#!/usr/bin/env bash
# make package-check: build the PyInstaller folder (build.spec), then use it the way a counter
# PC would, with nothing from the virtualenv: the version, the demo store, a receipt, the
# build information and the desktop. Any failed step stops the check with a non-zero exit.
#   .ci/package-check.sh [VENV_BIN]    (default .venv/bin)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(cd "${1:-.venv/bin}" && pwd)  # absolute: the checks below run from elsewhere

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
say() { echo "package-check: $*"; }
fail() {
    echo "package-check: FAILED: $*" >&2
    exit 1
}

started=$SECONDS
"$bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$scratch/dist" --workpath "$scratch/work" build.spec
folder=$scratch/dist/counter-app
app=$folder/counter-app    # the command-line tools (a console program on Windows)
desktop=$folder/Counter    # the desktop, as the shortcuts start it (windowed on Windows)
[ -x "$app" ] || fail "the build made no $app"
[ -x "$desktop" ] || fail "the build made no $desktop"
say "built the folder in $((SECONDS - started)) s ($(du -sh "$folder" | cut -f1))"

# The built program alone: no Python path from this shell, no virtualenv, a home of its own
# (so this machine's Counter settings and data folder pointer play no part), run from elsewhere.
mkdir "$scratch/home"
isolated=(env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV -u COUNTER_DATA_DIR
    -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME
    HOME="$scratch/home")
data=$scratch/data
cd "$scratch"

expected=$("$bin/python" -c 'from importlib.metadata import version; print(version("counter-app"))')
said=$("${isolated[@]}" "$app" --version) || fail "the built program did not start"
[ "$said" = "counter-app $expected" ] || fail "--version said '$said', not 'counter-app $expected'"
say "--version says '$said'"

"${isolated[@]}" "$app" --data-dir "$data" demo >"$scratch/demo.log" 2>&1 \
    || { cat "$scratch/demo.log" >&2; fail "the demo store was not set up"; }
say "the demo store is set up in the data folder"

# A case number straight from the database file, with the system's Python, not the built one.
number=$(python3 -c '
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT number FROM service_case WHERE case_type = ? LIMIT 1", ("return",)
).fetchone()
print(row[0] if row else "")
' "$data/counter.sqlite")
[ -n "$number" ] || fail "the demo store has no return case"
"${isolated[@]}" "$app" --data-dir "$data" print receipt "$number" --to "$scratch/receipt.pdf" \
    >/dev/null || fail "the receipt of case $number was not written"
pdftotext "$scratch/receipt.pdf" "$scratch/receipt.txt"  # a file: grep -q may close a pipe early
grep -qF "$number" "$scratch/receipt.txt" || fail "the receipt PDF does not show case $number"
say "the receipt of case $number is a PDF that shows its number"

# USB receipt printers: the folder carries its own libusb (Windows has none), and the built
# program loads it to list the printers (this machine has none, so it says so).
find "$folder" -name 'libusb-1.0*' | grep -q . || fail "the built folder has no libusb"
printers=$("${isolated[@]}" "$app" printers 2>&1) || fail "printers: $printers"
case $printers in
"No USB printer is connected to this PC." | "USB printers on this PC"*) ;;
*) fail "printers said '$printers'" ;;
esac
say "USB works from the built folder: '$(head -n 1 <<<"$printers")'"

# The icon the starters carry on Windows and the installer shows (counter.iss): every size.
icon=$(find "$folder" -path '*/assets/counter.ico' | head -n 1)
[ -n "$icon" ] || fail "the built folder has no assets/counter.ico"
python3 -c '
import struct, sys
head = open(sys.argv[1], "rb").read()
kind, count = struct.unpack_from("<HH", head, 2)
sizes = sorted(head[6 + 16 * n] or 256 for n in range(count))
if kind != 1 or sizes != [16, 20, 24, 32, 40, 48, 64, 128, 256]:
    sys.exit(f"the icon holds sizes {sizes} (type {kind})")
' "$icon" || fail "assets/counter.ico is not Counter's icon at every size"
say "${icon#"$folder"/} holds the mark at 16 to 256 pixels"

# Where counter_app looks for it: next to counter_app/__init__ inside the bundle.
info=$(find "$folder" -path '*/counter_app/build-info.json' | head -n 1)
[ -n "$info" ] || fail "no counter_app/build-info.json in the built folder"
python3 -c '
import json, sys
info = json.load(open(sys.argv[1], encoding="utf-8"))
keys = {"version", "commit", "built_at", "python", "platform"}
if set(info) != keys or info["version"] != sys.argv[2]:
    sys.exit(f"build-info.json holds {info}")
' "$info" "$expected" || fail "build-info.json is not right"
say "${info#"$folder"/} holds version $expected: $(tr -d '\n' <"$info" | tr -s ' ')"

status=0
"${isolated[@]}" QT_QPA_PLATFORM=offscreen timeout 15 "$desktop" --data-dir "$data" \
    >"$scratch/desktop.log" 2>&1 || status=$?
if [ "$status" -ne 124 ]; then
    cat "$scratch/desktop.log" >&2
    fail "the desktop did not stay open (exit $status)"
fi
if find "$data/crash-reports" -name 'crash-*.txt' 2>/dev/null | grep -q .; then
    find "$data/crash-reports" -name 'crash-*.txt' -exec cat {} + >&2
    fail "the desktop wrote a crash report while it was open"
fi
say "${desktop#"$folder"/} opened the desktop offscreen on the demo store, stayed open for 15 s and wrote no crash report"
say "the built folder works without the virtualenv"
