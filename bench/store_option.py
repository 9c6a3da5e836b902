"""The big store the store benchmarks run on: ``--store``, checked, generated once if missing."""

import argparse
import sys
from pathlib import Path

from bench.big_store import DEFAULT_CASES, DEFAULT_SEED, generate, write_manifest

DEFAULT_STORE = Path("build/big-store")
STORE_FILE = "counter.sqlite"


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """``--store FOLDER``: a big store's data folder, instead of :data:`DEFAULT_STORE`."""
    parser.add_argument(
        "--store", type=Path, help=f"a big store's data folder (default {DEFAULT_STORE})"
    )


def refuse_missing_store(parser: argparse.ArgumentParser, store: Path | None) -> None:
    """Stop with a usage error, before any work, when ``--store`` names no store."""
    if store is not None and not (store / STORE_FILE).is_file():
        parser.error(f"{store} holds no {STORE_FILE}")


def ensure_store(folder: Path | None) -> Path:
    """The big store's data folder (``--store``, else the default), generated once if missing."""
    folder = folder or DEFAULT_STORE
    if (folder / STORE_FILE).is_file():
        return folder
    print(
        f"No big store in {folder}: generating {DEFAULT_CASES:,} cases (seed {DEFAULT_SEED}) "
        "once. This takes 10 to 30 minutes and 9 GB of disk; later runs reuse it.",
        file=sys.stderr,
        flush=True,
    )
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} holds files but no {STORE_FILE}; move them away first.")
    store = generate(
        folder,
        cases=DEFAULT_CASES,
        seed=DEFAULT_SEED,
        progress=lambda message: print(f"  {message}", file=sys.stderr, flush=True),
    )
    write_manifest(store)
    return folder
