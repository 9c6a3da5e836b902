"""Choosing the data folder for the next start: the pointer file and who wins over it."""

import sys
from pathlib import Path

import pytest

from counter_app.config import (
    APP_NAME,
    DATA_FOLDER_POINTER,
    Settings,
    data_folder_pointer,
    default_data_dir,
)
from counter_app.services.data_folder import (
    choose_data_folder,
    data_folder_choice,
    data_folder_override,
)
from counter_app.services.errors import InputError

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="XDG_CONFIG_HOME moves platformdirs' folder on Linux only"
)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This user's config folder, moved into tmp_path so the real one is never touched."""
    home = tmp_path / "config-home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("COUNTER_DATA_DIR", raising=False)
    assert data_folder_pointer() == home / APP_NAME / DATA_FOLDER_POINTER, "not redirected"
    return home


def test_no_choice_means_the_os_default(config_home: Path) -> None:
    assert data_folder_choice() is None
    assert default_data_dir() != config_home
    assert not str(default_data_dir()).startswith(str(config_home))


def test_a_chosen_folder_is_used_from_the_next_start(config_home: Path, tmp_path: Path) -> None:
    wanted = tmp_path / "shared" / "counter-data"

    chosen = choose_data_folder(wanted)

    assert chosen == wanted
    assert wanted.is_dir()
    assert data_folder_choice() == wanted
    assert data_folder_pointer().read_text(encoding="utf-8").strip() == str(wanted)
    assert Settings().data_dir == wanted


def test_environment_and_command_line_still_win(
    config_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_data_folder(tmp_path / "chosen")
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "from-env"))

    assert Settings().data_dir == tmp_path / "from-env"
    assert data_folder_override() == str(tmp_path / "from-env")
    assert Settings(data_dir=tmp_path / "from-cli").data_dir == tmp_path / "from-cli"


def test_none_goes_back_to_the_default(config_home: Path, tmp_path: Path) -> None:
    choose_data_folder(tmp_path / "chosen")

    assert choose_data_folder(None) is None

    assert not data_folder_pointer().exists()
    assert data_folder_choice() is None
    assert Settings().data_dir != tmp_path / "chosen"


def test_an_empty_or_relative_pointer_is_ignored(config_home: Path) -> None:
    data_folder_pointer().parent.mkdir(parents=True)
    data_folder_pointer().write_text("\n", encoding="utf-8")
    assert data_folder_choice() is None

    data_folder_pointer().write_text("relative/folder\n", encoding="utf-8")
    assert data_folder_choice() is None


def test_a_relative_folder_is_refused(config_home: Path) -> None:
    with pytest.raises(InputError, match="full path") as refused:
        choose_data_folder(Path("relative/folder"))

    assert refused.value.problems[0].field == "data_folder"
    assert not data_folder_pointer().exists()


def test_a_file_is_not_a_folder(config_home: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")

    with pytest.raises(InputError, match="is a file, not a folder"):
        choose_data_folder(a_file)

    assert data_folder_choice() is None


def test_a_folder_that_cannot_be_made_is_refused(config_home: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")

    with pytest.raises(InputError, match="cannot make the folder"):
        choose_data_folder(blocker / "inside")

    assert data_folder_choice() is None
