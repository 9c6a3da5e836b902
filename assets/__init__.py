"""Files shipped with Counter (stylesheet, icons, fonts), found alike in source, wheel or build."""

from importlib.resources import as_file, files
from pathlib import Path


def asset_path(name: str) -> Path:
    """Path of the shipped asset ``name`` (e.g. ``"style.qss"``); raises if it is missing."""
    resource = files(__name__).joinpath(name)
    with as_file(resource) as path:
        if not path.exists():
            raise FileNotFoundError(f"asset {name!r} is missing from this installation")
        return path
