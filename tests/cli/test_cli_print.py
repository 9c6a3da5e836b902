"""``counter-app print``: documents of demo cases written to PDF files, read back by poppler."""

import shutil
import subprocess

import pytest

from counter_app import cli


def poppler(tool: str, *arguments: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} is missing: apt-get install -y poppler-utils"
    return subprocess.run(
        [found, *arguments], capture_output=True, check=True, timeout=60
    ).stdout.decode()


def page_size(path) -> tuple[float, float]:
    for line in poppler("pdfinfo", str(path)).splitlines():
        if line.startswith("Page size:"):
            parts = line.split()
            return float(parts[2]), float(parts[4])
    raise AssertionError("pdfinfo gave no page size")


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    return lines[0]


def test_print_receipt_writes_the_cases_receipt(demo_dir, query, tmp_path, capsys) -> None:
    number, amount = query(
        demo_dir,
        "SELECT c.number, p.amount_cents FROM service_case c JOIN payment p ON p.case_id = c.id "
        "WHERE c.case_type = 'return' AND p.kind = 'refund' AND p.tender = 'card' "
        "ORDER BY c.number LIMIT 1",
    )[0]
    target = tmp_path / "out.pdf"

    code = cli.main(["--data-dir", str(demo_dir), "print", "receipt", number, "--to", str(target)])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert one_line(out) == f"Receipt {number} written to {target.resolve()}"
    text = poppler("pdftotext", "-layout", "-enc", "UTF-8", str(target), "-")
    assert "RETURN RECEIPT" in text
    assert number in text
    assert f"€{amount // 100}." in text
    assert page_size(target)[0] == pytest.approx(80 * 72 / 25.4, abs=0.1)


def test_print_receipt_on_a4(demo_dir, query, tmp_path) -> None:
    (number,) = query(demo_dir, "SELECT number FROM service_case ORDER BY number LIMIT 1")[0]
    target = tmp_path / "a4.pdf"

    assert (
        cli.main(
            [
                "--data-dir",
                str(demo_dir),
                "print",
                "receipt",
                number,
                "--to",
                str(target),
                "--paper",
                "a4",
            ]
        )
        == 0
    )

    assert page_size(target) == pytest.approx((595.276, 841.89), abs=0.01)
    assert number in poppler("pdftotext", str(target), "-")


def test_print_label_writes_a_4x6_label(demo_dir, query, tmp_path) -> None:
    (number,) = query(
        demo_dir,
        "SELECT c.number FROM service_case c JOIN caseline l ON l.case_id = c.id "
        "WHERE l.direction = 'in' AND l.disposition = 'return_to_vendor' ORDER BY c.number",
    )[0]
    target = tmp_path / "label.pdf"

    assert (
        cli.main(["--data-dir", str(demo_dir), "print", "label", number, "--to", str(target)]) == 0
    )

    assert page_size(target) == (288.0, 432.0)
    text = poppler("pdftotext", "-layout", "-enc", "UTF-8", str(target), "-")
    assert number in text
    assert "Return to vendor" in text


def test_print_voucher_by_its_code(demo_dir, query, tmp_path) -> None:
    (code,) = query(demo_dir, "SELECT code FROM storecredit ORDER BY code LIMIT 1")[0]
    target = tmp_path / "voucher.pdf"

    assert (
        cli.main(["--data-dir", str(demo_dir), "print", "voucher", code, "--to", str(target)]) == 0
    )

    text = poppler("pdftotext", "-layout", "-enc", "UTF-8", str(target), "-")
    assert code in text
    assert "Not exchangeable for cash." in text


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["receipt", "S012-20261123-9999"], "No case S012-20261123-9999 at this store."),
        (["receipt", "not-a-case"], "'not-a-case' is not a case number"),
        (["voucher", "SC-AAAAA-BBBBB"], "No voucher SC-AAAAA-BBBBB at this store."),
    ],
)
def test_unknown_cases_exit_1_with_one_line(demo_dir, tmp_path, capsys, argv, words) -> None:
    target = tmp_path / "out.pdf"

    code = cli.main(["--data-dir", str(demo_dir), "print", *argv, "--to", str(target)])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    line = one_line(err)
    assert line.startswith("counter-app: ")
    assert words in line
    assert not target.exists()


def test_a_label_for_a_complaint_is_refused(demo_dir, query, tmp_path, capsys) -> None:
    (number,) = query(
        demo_dir, "SELECT number FROM service_case WHERE case_type = 'complaint' LIMIT 1"
    )[0]

    code = cli.main(
        [
            "--data-dir",
            str(demo_dir),
            "print",
            "label",
            number,
            "--to",
            str(tmp_path / "x.pdf"),
        ]
    )

    assert code == 1
    assert "has no items coming back, so it needs no label" in one_line(capsys.readouterr().err)


def test_a_folder_that_is_not_there_is_said_in_one_line(demo_dir, query, tmp_path, capsys) -> None:
    (number,) = query(demo_dir, "SELECT number FROM service_case LIMIT 1")[0]
    target = tmp_path / "missing" / "out.pdf"

    code = cli.main(["--data-dir", str(demo_dir), "print", "receipt", number, "--to", str(target)])

    assert code == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"counter-app: the PDF was not written to {target}:")
    assert "Traceback" not in line


def test_print_needs_a_file_to_write(capsys) -> None:
    with pytest.raises(SystemExit) as finished:
        cli.main(["print", "receipt", "S012-20261123-0001"])
    assert finished.value.code == 2
    assert "the following arguments are required: --to" in one_line(capsys.readouterr().err)


def test_print_z_report_of_a_closed_day_and_refuse_an_open_one(demo_dir, tmp_path, capsys) -> None:
    from datetime import timedelta

    from counter_app.domain.local_time import store_today
    from counter_app.services.database import open_store_database
    from counter_app.services.day_close import close_day
    from counter_app.services.staff import list_staff, sign_in
    from counter_app.services.store_setup import current_store

    opened = open_store_database(demo_dir)
    database = opened.database
    try:
        maeve = next(
            person for person in list_staff(database=database) if person.name == "Maeve Byrne"
        )
        staff = sign_in(database=database, staff_id=maeve.id, pin="2468")
        store = current_store(database=database)
        assert store is not None
        yesterday = store_today(store.zone) - timedelta(days=1)
        closed = close_day(database=database, staff=staff, day=yesterday, counted_cash="12.34")
    finally:
        database.dispose()
    target = tmp_path / "z.pdf"
    day = yesterday.isoformat()

    argv = ["--data-dir", str(demo_dir), "print", "z-report", day, "--to", str(target)]
    assert cli.main(argv) == 0

    text = " ".join(poppler("pdftotext", "-layout", "-enc", "UTF-8", str(target), "-").split())
    assert str(closed.id) in text.replace(" ", "")
    assert "€12.34" in text
    capsys.readouterr()
    today = (yesterday + timedelta(days=1)).isoformat()
    code = cli.main(["--data-dir", str(demo_dir), "print", "z-report", today, "--to", str(target)])
    _, err = capsys.readouterr()
    assert code == 1
    assert "is not closed yet, so it has no Z report" in one_line(err)
