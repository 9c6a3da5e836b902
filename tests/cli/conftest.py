"""Fixtures for the command-line tests: one demo store per session, copied per test.

Seeding the demo takes seconds, so it is done once; tests that write get a copy.
No test may reach the real per-user data folder: COUNTER_DATA_DIR always points
into the test's own temporary folder unless the test sets it itself.
"""

import io
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from counter_app import cli


@pytest.fixture(autouse=True)
def _no_real_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("COUNTER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "unused-default-data-dir"))


@dataclass(frozen=True)
class DemoRun:
    folder: Path
    exit_code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The real ``demo`` command, run once: its data folder and what it printed."""
    folder = tmp_path_factory.mktemp("demo-template") / "data"
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["--data-dir", str(folder), "demo"])
    return DemoRun(folder, code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def demo_template(demo_run: DemoRun) -> Path:
    """A data folder holding the demo store; read it, do not change it (see ``demo_dir``)."""
    assert demo_run.exit_code == 0, demo_run.err
    return demo_run.folder


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo data folder, safe to change."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    return folder


@pytest.fixture
def query() -> Callable[..., list[tuple[Any, ...]]]:
    """Read a data folder's database with plain sqlite3, apart from the code under test."""

    def run(
        folder: Path, statement: str, parameters: tuple[Any, ...] = ()
    ) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(folder / "counter.sqlite")) as raw:
            return raw.execute(statement, parameters).fetchall()

    return run
