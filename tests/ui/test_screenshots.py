import pytest
from PySide6.QtGui import QImage

from ui import screenshots

pytestmark = pytest.mark.gui


def test_screenshots_of_login_and_home_are_saved(qapp, data_dir, tmp_path):
    out = tmp_path / "shots"

    code = screenshots.main(
        [str(out), "--data-dir", str(data_dir), "--staff", "Maeve Byrne", "--pin", "2468"]
    )

    assert code == 0
    for name in ("login.png", "home.png"):
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1366, 768)


def test_screenshots_refuse_a_wrong_pin(qapp, data_dir, tmp_path, capsys):
    code = screenshots.main(
        [
            str(tmp_path / "shots"),
            "--data-dir",
            str(data_dir),
            "--staff",
            "Sam Okafor",
            "--pin",
            "0000",
        ]
    )

    assert code == screenshots.EXIT_PROBLEM
    assert "Wrong PIN" in capsys.readouterr().err


def test_screenshots_need_a_store(qapp, tmp_path, capsys):
    code = screenshots.main(
        [
            str(tmp_path / "shots"),
            "--data-dir",
            str(tmp_path / "empty"),
            "--staff",
            "x",
            "--pin",
            "1234",
        ]
    )

    assert code == screenshots.EXIT_PROBLEM
    assert "counter-app demo" in capsys.readouterr().err
