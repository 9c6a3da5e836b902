"""Settings: defaults, then ``COUNTER_*`` environment variables, then the command line.

The data folder is chosen by ``--data-dir``, else ``COUNTER_DATA_DIR``, else the
folder named in this user's pointer file (``data-folder.txt`` in the per-user
config folder, written from the Settings screen), else the OS default.
"""

import logging
from pathlib import Path

from platformdirs import user_config_path, user_data_path
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "Counter"
APP_AUTHOR = "Counter"


DATA_FOLDER_POINTER = "data-folder.txt"

log = logging.getLogger("counter.config")


def data_folder_pointer() -> Path:
    """The per-user file naming another data folder (~/.config/Counter/data-folder.txt)."""
    return user_config_path(APP_NAME, APP_AUTHOR) / DATA_FOLDER_POINTER


def chosen_data_dir() -> Path | None:
    """The data folder named in the pointer file, or None when there is none to follow.

    A pointer that cannot be read or names no absolute folder is ignored (and
    logged), so a bad pointer never keeps the counter from starting.
    """
    pointer = data_folder_pointer()
    try:
        named = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        log.warning("data folder pointer %s not read: %s", pointer, error)
        return None
    if not named:
        return None
    folder = Path(named).expanduser()
    if not folder.is_absolute():
        log.warning("data folder pointer %s names no absolute folder: %r", pointer, named)
        return None
    return folder


def default_data_dir() -> Path:
    """The folder in the pointer file, else this OS's per-user data folder.

    The OS folder is ~/.local/share/Counter on Linux, %LOCALAPPDATA%/Counter/Counter on
    Windows.
    """
    return chosen_data_dir() or user_data_path(APP_NAME, APP_AUTHOR)


class Settings(BaseSettings):
    """What a store's IT team can set without touching code."""

    model_config = SettingsConfigDict(env_prefix="COUNTER_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    pin_attempts_before_lockout: int = Field(default=5, ge=1, le=20)
    lockout_minutes: int = Field(default=30, ge=1, le=24 * 60)
    idle_lock_minutes: int = Field(default=5, ge=1, le=24 * 60)
    # How many automatic daily backups the data folder keeps (COUNTER_BACKUPS_TO_KEEP).
    backups_to_keep: int = Field(default=14, ge=1, le=366)


def load_settings(data_dir: Path | None) -> Settings:
    """The settings, with ``--data-dir`` (when given) over everything else.

    Raises:
        ValidationError: a ``COUNTER_*`` variable holds a value that is not allowed.
    """
    return Settings(data_dir=data_dir) if data_dir is not None else Settings()


def settings_problem(error: ValidationError) -> str:
    """The first bad setting in words IT can act on: its variable and what is wrong."""
    problem = error.errors()[0]
    setting = "COUNTER_" + "_".join(str(part) for part in problem["loc"]).upper()
    return f"setting {setting} is not valid: {problem['msg']}"
