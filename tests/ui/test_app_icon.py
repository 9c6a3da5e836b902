"""The Windows icon the build gives both starters and the installer: the mark at every size."""

from PIL import Image

from ui.app_icon import ICON_SIZES, main, mark_image, write_windows_icon

BLUE = (11, 92, 173)  # the mark's background, #0B5CAD
WHITE = (255, 255, 255)


def _at(icon: Image.Image, size: int) -> Image.Image:
    icon.size = (size, size)
    icon.load()
    return icon.convert("RGBA")


def test_the_icon_holds_the_mark_drawn_at_each_size_windows_asks_for(tmp_path) -> None:
    written = write_windows_icon(tmp_path / "build" / "counter.ico")

    with Image.open(written) as icon:
        assert icon.format == "ICO"
        assert sorted(icon.info["sizes"]) == [(size, size) for size in ICON_SIZES]
        for size in (16, 48, 256):
            image = _at(icon, size)
            assert image.size == (size, size)
            assert image.getpixel((0, 0))[3] == 0, "the rounded corner is transparent"
            assert image.getpixel((size // 2, size // 8))[:3] == BLUE, "blue above the bell"
        large = _at(icon, 256)
        assert large.getpixel((128, 150))[:3] == WHITE, "the bell's dome"
        assert large.getpixel((128, 190))[:3] == WHITE, "the desk"


def test_each_small_size_is_drawn_from_the_svg_not_shrunk_from_the_largest(tmp_path) -> None:
    with Image.open(write_windows_icon(tmp_path / "counter.ico")) as icon:
        drawn = _at(icon, 16)
        shrunk = _at(icon, 256).resize((16, 16), Image.Resampling.LANCZOS)

    assert drawn.tobytes() == mark_image(16).tobytes()
    assert drawn.tobytes() != shrunk.tobytes()


def test_the_command_writes_the_file_it_is_given(tmp_path, capsys) -> None:
    target = tmp_path / "counter.ico"

    assert main([str(target)]) == 0

    assert capsys.readouterr().out.strip() == str(target)
    with Image.open(target) as icon:
        assert icon.format == "ICO"
    assert main([]) == 2
