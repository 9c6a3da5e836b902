"""Which Counter this is: its version, the build it came from, and what it runs on.

An installed folder built with ``build.spec`` carries ``build-info.json`` next to
this package (commit and build time); a source checkout or a pip install has
none, and says so. The About box and every crash report show the same facts,
so IT can tell which build a store runs.
"""

import json
import platform
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import counter_app

BUILD_INFO_FILE = "build-info.json"


@dataclass(frozen=True)
class BuildInfo:
    """The facts about this program; ``commit`` and ``built_at`` are None when not built."""

    version: str
    commit: str | None
    built_at: datetime | None
    python: str
    platform: str
    frozen: bool

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs in English, for a report file IT reads."""
        built = (
            f"{self.commit or 'unknown commit'}, {self.built_at.isoformat()}"
            if self.built_at is not None
            else "from source"
        )
        return [
            ("Version", self.version),
            ("Build", built),
            ("Python", self.python),
            ("Platform", self.platform),
        ]


def _build_file() -> Path:
    return Path(counter_app.__file__).with_name(BUILD_INFO_FILE)


def _stamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def build_info(recorded_in: Path | None = None) -> BuildInfo:
    """This program's facts; a missing or unreadable build file means "from source".

    ``recorded_in`` is the build file to read (default: the one next to the package).
    """
    recorded: dict[str, object] = {}
    try:
        loaded = json.loads((recorded_in or _build_file()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        loaded = {}
    if isinstance(loaded, dict):
        recorded = loaded
    commit = recorded.get("commit")
    return BuildInfo(
        version=counter_app.__version__,
        commit=commit if isinstance(commit, str) and commit else None,
        built_at=_stamp(recorded.get("built_at")),
        python=platform.python_version(),
        platform=f"{platform.system()} {platform.release()} ({platform.machine()})",
        frozen=bool(getattr(sys, "frozen", False)),
    )
