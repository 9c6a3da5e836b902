"""Saving documents as PDFs in a folder, and the system printer before the desktop plugs it in."""

from pathlib import Path

import pytest

from counter_app.devices.base import Destination, DocumentJob, PrinterError
from counter_app.devices.pdf_folder import PdfFolderPrinter, pdf_name
from counter_app.devices.system_printer import NoSystemPrinter
from counter_app.documents.content import LabelData, LabelItem

LABEL = LabelData(
    case_number="S012-20261123-0042",
    ship_from="Counter Demo Store",
    ship_to="Returns Centre",
    items=(LabelItem("Kettle", 1, "Defective", "Return to vendor"),),
    disposition="Return to vendor",
    date="23 Nov 2026",
)


def label_job(tmp_path: Path, content: bytes, job_id: str = "job-1") -> DocumentJob:
    pdf = tmp_path / f"{job_id}.pdf"
    pdf.write_bytes(content)
    return DocumentJob(
        job_id=job_id, document="return_label", reference=LABEL.case_number, pdf=pdf, content=LABEL
    )


def folder_destination(folder: Path) -> Destination:
    return Destination(kind="pdf_folder", folder=folder)


def test_the_pdf_is_saved_under_the_case_number_and_document(tmp_path) -> None:
    folder = tmp_path / "Labels" / "today"  # made when it is missing

    PdfFolderPrinter().send(label_job(tmp_path, b"%PDF first"), folder_destination(folder))

    assert [path.name for path in folder.iterdir()] == ["S012-20261123-0042-return_label.pdf"]
    assert (folder / "S012-20261123-0042-return_label.pdf").read_bytes() == b"%PDF first"


def test_sending_the_same_job_again_writes_no_second_file(tmp_path) -> None:
    folder = tmp_path / "out"
    job = label_job(tmp_path, b"%PDF first")

    PdfFolderPrinter().send(job, folder_destination(folder))
    PdfFolderPrinter().send(job, folder_destination(folder))

    assert sorted(path.name for path in folder.iterdir()) == ["S012-20261123-0042-return_label.pdf"]


def test_another_document_under_the_same_name_is_kept_and_the_new_one_numbered(tmp_path) -> None:
    folder = tmp_path / "out"
    PdfFolderPrinter().send(label_job(tmp_path, b"%PDF first", "a"), folder_destination(folder))
    PdfFolderPrinter().send(label_job(tmp_path, b"%PDF second", "b"), folder_destination(folder))
    PdfFolderPrinter().send(label_job(tmp_path, b"%PDF third", "c"), folder_destination(folder))

    assert (folder / "S012-20261123-0042-return_label.pdf").read_bytes() == b"%PDF first"
    assert (folder / "S012-20261123-0042-return_label-2.pdf").read_bytes() == b"%PDF second"
    assert (folder / "S012-20261123-0042-return_label-3.pdf").read_bytes() == b"%PDF third"
    assert len(list(folder.iterdir())) == 3  # no temporary file is left behind


def test_a_folder_that_cannot_be_made_keeps_the_job_queued(tmp_path) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    folder = in_the_way / "Receipts"

    with pytest.raises(PrinterError) as refused:
        PdfFolderPrinter().send(label_job(tmp_path, b"%PDF"), folder_destination(folder))

    message = str(refused.value)
    assert message.startswith(f"The return label could not be saved in {folder}:")
    assert message.endswith("the return label stays queued.")


def test_names_are_safe_on_every_file_system() -> None:
    assert pdf_name("SC-AB12/..\\x:y", "voucher") == "SC-AB12_.._x_y-voucher.pdf"
    assert pdf_name("S012-20261123-0042", "receipt", 2) == "S012-20261123-0042-receipt-2.pdf"


def test_without_the_desktop_a_system_printer_job_stays_queued_with_words(tmp_path) -> None:
    with pytest.raises(PrinterError) as refused:
        NoSystemPrinter().send(
            label_job(tmp_path, b"%PDF"),
            Destination(kind="system", system_printer="Zebra GK420d"),
        )

    assert str(refused.value) == (
        "The return label for S012-20261123-0042 waits for Zebra GK420d, which only the "
        "Counter desktop can print to. It prints when the desktop is open; the return label "
        "stays queued."
    )
