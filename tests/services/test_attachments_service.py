"""Attachments: checked by content, stored once by hash, never half-written, always recorded."""

import hashlib
import io
import json
import os
import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas
from sqlalchemy.exc import IntegrityError

from counter_app.domain.validation import InputError
from counter_app.services import cases, intake
from counter_app.services.attachments import (
    MAX_BYTES,
    attach_file,
    attachment_path,
    clean_display_name,
    list_attachments,
)
from counter_app.services.database import DataFolderError
from counter_app.services.errors import NotFoundError, PermissionDeniedError


def _photo(folder: Path, name: str, image_format: str = "JPEG", size=(64, 48), seed=1) -> Path:
    """A real photo: noisy pixels, so it does not compress to nothing."""
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(size[0] * size[1])
        ]
    )
    path = folder / name
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    path.write_bytes(buffer.getvalue())
    return path


def _pdf(folder: Path, name: str = "delivery-note.pdf") -> Path:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Delivery note 4471: kettle arrived dented.")
    page.save()
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


def _blobs(seeded) -> list[Path]:
    """Every file under the attachments folder, temporary ones included."""
    root = seeded.folder / "attachments"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _state(seeded):
    state = seeded.snapshot()
    state["attachment"] = seeded.sql("SELECT case_id, sha256, filename FROM attachment ORDER BY 1")
    state["blobs"] = _blobs(seeded)
    return state


@pytest.fixture
def case(seeded):
    return intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.complaint_request(),
        now=seeded.now,
    )


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "from-the-phone"
    folder.mkdir()
    return folder


def _attach(seeded, case_ref, source, staff=None):
    return attach_file(
        database=seeded.database,
        data_dir=seeded.folder,
        staff=staff or seeded.clerk,
        case_ref=case_ref,
        source=source,
        now=seeded.now,
    )


def _refused(seeded, case_ref, source, error=InputError):
    before = _state(seeded)
    with pytest.raises(error) as refused:
        _attach(seeded, case_ref, source)
    assert _state(seeded) == before, "a refused file must leave no row, event or file behind"
    return refused.value


# --------------------------------------------------------------------------- accepted


@pytest.mark.parametrize(
    ("image_format", "name", "media_type"),
    [
        ("JPEG", "IMG_2041.jpg", "image/jpeg"),
        ("PNG", "screenshot.png", "image/png"),
        ("WEBP", "photo.webp", "image/webp"),
    ],
)
def test_a_photo_is_stored_by_its_hash_and_recorded(
    seeded, case, files, image_format, name, media_type
):
    source = _photo(files, name, image_format)
    data = source.read_bytes()
    sha = hashlib.sha256(data).hexdigest()

    added = _attach(seeded, case.number, source)

    assert (added.sha256, added.filename, added.media_type) == (sha, name, media_type)
    assert added.size_bytes == len(data)
    assert added.is_image
    stored = seeded.folder / "attachments" / sha[:2] / sha
    assert stored.read_bytes() == data
    assert _blobs(seeded) == [stored]  # no temporary file left beside it
    assert attachment_path(data_dir=seeded.folder, sha256=sha) == stored
    assert seeded.sql(
        "SELECT case_id, sha256, filename, media_type, size_bytes FROM attachment"
    ) == [(case.id.hex, sha, name, media_type, len(data))]
    [(entity_id, case_id)] = seeded.sql(
        "SELECT entity_id, case_id FROM auditevent WHERE action = 'attachment.added'"
    )
    assert (entity_id, case_id) == (str(added.id), case.id.hex)
    [(payload,)] = seeded.sql("SELECT payload FROM outbox WHERE kind = 'attachment.added'")
    data_sent = json.loads(payload)["data"]
    assert (data_sent["sha256"], data_sent["size_bytes"], data_sent["media_type"]) == (
        sha,
        len(data),
        media_type,
    )
    assert data_sent["case_id"] == str(case.id)
    assert list_attachments(database=seeded.database, case_ref=case.id) == [added]


def test_a_pdf_is_accepted_by_its_header(seeded, case, files):
    source = _pdf(files)
    added = _attach(seeded, case.id, source)
    assert added.media_type == "application/pdf"
    assert not added.is_image


def test_a_photo_named_like_a_pdf_is_still_a_photo(seeded, case, files):
    source = _photo(files, "scan.pdf", "PNG")
    assert _attach(seeded, case.id, source).media_type == "image/png"


def test_the_same_photo_on_two_cases_is_stored_once(seeded, case, files):
    other = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )
    source = _photo(files, "dent.jpg")
    first = _attach(seeded, case.id, source)
    second = _attach(seeded, other.id, source)
    assert first.sha256 == second.sha256
    assert first.id != second.id
    assert len(_blobs(seeded)) == 1
    assert seeded.count("attachment") == 2


def test_the_same_photo_twice_on_one_case_is_refused_politely(seeded, case, files):
    source = _photo(files, "dent.jpg")
    _attach(seeded, case.id, source)
    copy = files / "dent (1).jpg"
    copy.write_bytes(source.read_bytes())
    refused = _refused(seeded, case.id, copy)
    assert str(refused) == (
        f"This file is already attached to case {case.number} (as dent.jpg); "
        "there is no need to add it again."
    )


def test_a_damaged_stored_copy_is_written_again(seeded, case, files):
    source = _photo(files, "dent.jpg")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    stored = seeded.folder / "attachments" / sha[:2] / sha
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"half a file")
    _attach(seeded, case.id, source)
    assert stored.read_bytes() == source.read_bytes()


def test_only_a_clean_display_name_is_kept(seeded, case, files):
    source = _photo(files, "Kettle\x07 photo\u202egpj.jpg")
    added = _attach(seeded, case.id, source)
    assert added.filename == "Kettle photogpj.jpg"
    assert seeded.sql("SELECT filename FROM attachment") == [("Kettle photogpj.jpg",)]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\Users\\anna\\Pictures\\dent.jpg", "dent.jpg"),
        ("../../etc/passwd", "passwd"),
        ("  spaced    out  .jpg ", "spaced out .jpg"),
        ("\u202ecod.exe", "cod.exe"),
        ("...", "attachment"),
        ("", "attachment"),
        ("Ketel kapot 🔥 Ærø.jpg", "Ketel kapot 🔥 Ærø.jpg"),
        ("x" * 400 + ".jpeg", "x" * 250 + ".jpeg"),
        ("y" * 400, "y" * 255),
    ],
)
def test_display_names(raw, clean):
    assert clean_display_name(raw) == clean


# --------------------------------------------------------------------------- refused


def test_random_bytes_named_jpg_are_refused(seeded, case, files):
    fake = files / "holiday.jpg"
    fake.write_bytes(random.Random(7).randbytes(5000))
    refused = _refused(seeded, case.id, fake)
    assert refused.problems[0].field == "file"
    assert str(refused) == (
        "holiday.jpg is not a photo or a PDF. Only JPEG, PNG, WebP and HEIC photos and PDF "
        "files can be attached, whatever the file's name says."
    )


def test_a_program_renamed_to_jpg_is_refused(seeded, case, files):
    fake = files / "invoice.jpg"
    fake.write_bytes(b"MZ\x90\x00" + bytes(2000))
    assert "is not a photo or a PDF" in str(_refused(seeded, case.id, fake))


def test_a_jpeg_header_on_junk_is_refused_as_damaged(seeded, case, files):
    fake = files / "photo.jpg"
    fake.write_bytes(b"\xff\xd8\xff\xe0" + random.Random(3).randbytes(4000))
    assert str(_refused(seeded, case.id, fake)) == (
        "photo.jpg is damaged or incomplete: the picture in it does not open. "
        "Copy it again from the camera or phone."
    )


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_truncated_photo_is_refused(seeded, case, files, image_format):
    whole = _photo(files, "whole", image_format, size=(320, 240)).read_bytes()
    cut = files / "cut-short.img"
    cut.write_bytes(whole[: len(whole) // 2])
    assert "is damaged or incomplete" in str(_refused(seeded, case.id, cut))


def test_a_truncated_pdf_is_refused(seeded, case, files):
    whole = _pdf(files).read_bytes()
    cut = files / "half.pdf"
    cut.write_bytes(whole[: len(whole) // 2])
    assert str(_refused(seeded, case.id, cut)) == (
        "half.pdf is an incomplete PDF: its end is missing. Save or download it again."
    )


def test_a_heic_photo_this_pc_cannot_open_is_refused_with_a_way_out(seeded, case, files):
    if "HEIF" in Image.OPEN:
        pytest.skip("a HEIF plugin is installed here, so HEIC photos are decoded and checked")
    heic = files / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(500))
    message = str(_refused(seeded, case.id, heic))
    assert message.startswith("IMG_0001.HEIC is a HEIC photo, which this PC cannot open to check.")
    assert "Save it as JPEG" in message


def test_a_picture_with_too_many_pixels_is_refused(seeded, case, files, monkeypatch):
    source = _photo(files, "huge.png", "PNG", size=(100, 100))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # so a tiny file can stand in for a bomb
    assert str(_refused(seeded, case.id, source)) == (
        "huge.png has too many pixels to open safely; attach a smaller copy of the photo."
    )


def test_an_oversized_file_is_refused_with_its_size(seeded, case, files):
    big = files / "video.jpg"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB written to disk
    assert str(_refused(seeded, case.id, big)) == (
        "video.jpg is 20.0 MB; a file can be at most 15.0 MB. Take the photo again at a lower "
        "resolution, or attach a smaller copy."
    )


def test_a_file_just_over_the_limit_is_refused(seeded, case, files):
    big = files / "big.jpg"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    assert "a file can be at most 15.0 MB" in str(_refused(seeded, case.id, big))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda folder: folder / "gone.jpg", "gone.jpg could not be found"),
        (
            lambda folder: (folder / "empty.jpg").touch() or folder / "empty.jpg",
            "empty.jpg is empty",
        ),
        (lambda folder: folder, "is a folder; choose a photo or a PDF in it."),
    ],
    ids=["missing", "empty", "folder"],
)
def test_a_file_that_is_not_there_is_refused(seeded, case, files, make, message):
    assert message in str(_refused(seeded, case.id, make(files)))


def test_a_closed_case_takes_no_file(seeded, case, files):
    for target in ("resolved", "closed"):
        cases.change_status(
            database=seeded.database,
            staff=seeded.clerk,
            case_ref=case.id,
            target=target,
            now=seeded.now,
        )
    refused = _refused(seeded, case.id, _photo(files, "late.jpg"))
    assert str(refused) == f"Case {case.number} is closed; reopen it to add a file."


def test_an_unknown_case_takes_no_file(seeded, files):
    refused = _refused(seeded, "S012-20260614-0042", _photo(files, "a.jpg"), error=NotFoundError)
    assert str(refused) == "No case S012-20260614-0042 at this store."


def test_someone_taken_off_the_staff_cannot_attach(seeded, case, files):
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute("UPDATE staff SET active = 0 WHERE name = ?", (seeded.clerk.name,))
    _refused(seeded, case.id, _photo(files, "a.jpg"), error=PermissionDeniedError)


def test_a_data_folder_that_cannot_be_written_is_said_in_words(seeded, case, files):
    (seeded.folder / "attachments").write_bytes(b"a file where the folder should be")
    before = _state(seeded)
    with pytest.raises(DataFolderError) as refused:
        _attach(seeded, case.id, _photo(files, "a.jpg"))
    assert "could not be saved in the data folder" in str(refused.value)
    assert "nothing was attached" in str(refused.value)
    assert _state(seeded) == before


def _refuse_attachment_rows(seeded):
    """A trigger stands in for a failure after the file is written (a full disk at commit)."""
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute(
            "CREATE TRIGGER refuse_attachment BEFORE INSERT ON attachment "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )


def test_a_failed_unit_of_work_takes_its_new_file_with_it(seeded, case, files):
    _refuse_attachment_rows(seeded)
    before = _state(seeded)
    with pytest.raises(IntegrityError):
        _attach(seeded, case.id, _photo(files, "a.jpg"))
    assert _state(seeded) == before
    assert _blobs(seeded) == []


def test_a_failed_unit_of_work_keeps_a_file_other_cases_use(seeded, case, files):
    other = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )
    source = _photo(files, "a.jpg")
    _attach(seeded, case.id, source)
    [stored] = _blobs(seeded)
    _refuse_attachment_rows(seeded)
    with pytest.raises(IntegrityError):
        _attach(seeded, other.id, source)
    assert _blobs(seeded) == [stored]
    assert stored.read_bytes() == source.read_bytes()


# --------------------------------------------------------------------------- finding the file


def test_attachment_path_refuses_anything_but_a_stored_hash(seeded):
    with pytest.raises(NotFoundError) as not_hash:
        attachment_path(data_dir=seeded.folder, sha256="../../counter.sqlite")
    assert str(not_hash.value) == "That is not an attachment of this store."
    with pytest.raises(NotFoundError) as gone:
        attachment_path(data_dir=seeded.folder, sha256="ab" * 32)
    assert "missing from the data folder" in str(gone.value)


def test_attachments_are_listed_oldest_first(seeded, case, files):
    names = ["first.jpg", "second.png"]
    for index, name in enumerate(names):
        attach_file(
            database=seeded.database,
            data_dir=seeded.folder,
            staff=seeded.clerk,
            case_ref=case.id,
            source=_photo(files, name, "PNG" if name.endswith("png") else "JPEG", seed=index),
            now=seeded.now.replace(minute=index),
        )
    listed = list_attachments(database=seeded.database, case_ref=case.number)
    assert [item.filename for item in listed] == names
    assert all(
        Path(attachment_path(data_dir=seeded.folder, sha256=i.sha256)).is_file() for i in listed
    )
    assert os.path.commonpath([str(p) for p in _blobs(seeded)]).startswith(str(seeded.folder))
