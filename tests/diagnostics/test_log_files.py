"""The desktop's log file: in the data folder, in UTC, rotated so it never fills a disk."""

import logging
import re
from pathlib import Path

import pytest

from counter_app.diagnostics.log_files import (
    FILES_KEPT,
    LOG_FILE,
    last_lines,
    log_folder,
    start_log_file,
    stop_log_file,
)


@pytest.fixture
def data_dir(tmp_path: Path):
    folder = tmp_path / "data"
    yield folder
    stop_log_file(folder)


def test_records_go_to_the_data_folders_log_with_utc_times(data_dir: Path) -> None:
    path = start_log_file(data_dir)

    logging.getLogger("counter.test").info("a case was saved")
    stop_log_file(data_dir)

    assert path == log_folder(data_dir) / LOG_FILE
    (line,) = path.read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO counter\.test \[MainThread\]: "
        r"a case was saved",
        line,
    )
    assert last_lines(data_dir, 5) == [line]


def test_starting_twice_adds_no_second_handler(data_dir: Path) -> None:
    start_log_file(data_dir)
    start_log_file(data_dir)

    logging.getLogger("counter.test").warning("once")
    stop_log_file(data_dir)

    assert (log_folder(data_dir) / LOG_FILE).read_text(encoding="utf-8").count("once") == 1


def test_the_log_rotates_and_keeps_five_files(data_dir: Path) -> None:
    start_log_file(data_dir, max_bytes=4_000)
    logger = logging.getLogger("counter.test")
    for number in range(2_000):
        logger.info("line %05d of a long day at the counter", number)
    stop_log_file(data_dir)

    files = sorted(path.name for path in log_folder(data_dir).iterdir())
    assert files == [LOG_FILE, *(f"{LOG_FILE}.{n}" for n in range(1, FILES_KEPT))]
    assert all(path.stat().st_size <= 4_000 for path in log_folder(data_dir).iterdir())
    assert last_lines(data_dir, 1)[0].endswith("line 01999 of a long day at the counter")


def test_the_terminal_keeps_showing_warnings_only(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    terminal = logging.StreamHandler()
    saved_level = root.level
    root.addHandler(terminal)
    root.setLevel(logging.WARNING)
    try:
        start_log_file(data_dir)
        logging.getLogger("counter.test").info("only in the file")
        logging.getLogger("counter.test").warning("in both")
    finally:
        root.removeHandler(terminal)
        root.setLevel(saved_level)
        stop_log_file(data_dir)

    shown = capsys.readouterr().err
    assert "in both" in shown
    assert "only in the file" not in shown
    assert "only in the file" in (log_folder(data_dir) / LOG_FILE).read_text(encoding="utf-8")


def test_a_folder_that_cannot_be_written_gives_no_log_and_no_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")

    assert start_log_file(not_a_folder) is None
