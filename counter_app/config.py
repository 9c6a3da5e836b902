"""Settings: defaults, then ``COUNTER_*`` environment variables, then the command line."""

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "Counter"
APP_AUTHOR = "Counter"


def default_data_dir() -> Path:
    """The per-user data folder of this OS (~/.local/share/Counter, AppData/Local/Counter)."""
    return user_data_path(APP_NAME, APP_AUTHOR)


class Settings(BaseSettings):
    """What a store's IT team can set without touching code."""

    model_config = SettingsConfigDict(env_prefix="COUNTER_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    pin_attempts_before_lockout: int = Field(default=5, ge=1, le=20)
    lockout_minutes: int = Field(default=30, ge=1, le=24 * 60)
    idle_lock_minutes: int = Field(default=5, ge=1, le=24 * 60)
