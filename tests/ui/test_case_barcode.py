"""The case view shows the case number as a barcode a scanner reads off the screen."""

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.documents.screen_barcode import code128_modules
from counter_app.services import intake
from counter_app.services.staff import list_staff, sign_in
from counter_app.services.store_setup import current_store
from ui.dialogs.case_detail import CaseDetailDialog


def _zbar(image: Path) -> list[str]:
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is missing: install zbar-tools (make test does it as root)"
    done = subprocess.run(
        [zbarimg, "--raw", "-q", str(image)], capture_output=True, text=True, check=False
    )
    return done.stdout.split()


def test_the_case_view_barcode_scans_as_the_case_number(qtbot, database, tmp_path: Path) -> None:
    clerk_id = next(m.id for m in list_staff(database=database) if m.name == "Sam Okafor")
    clerk = sign_in(database=database, staff_id=clerk_id, pin="1357")
    case = intake.open_case(
        database=database,
        staff=clerk,
        request={
            "case_type": "complaint",
            "summary": "Kettle leaks",
            "complaint": {"category": "Product quality", "description": "Leaks"},
        },
        now=datetime(2026, 6, 14, 12, 0, tzinfo=UTC),
    )
    store = current_store(database=database)
    dialog = CaseDetailDialog(database=database, store=store, case_id=case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    shot = tmp_path / "barcode.png"
    assert dialog.barcode.grab().save(str(shot))
    assert _zbar(shot) == [case.number]
    assert dialog.barcode.accessibleName() == f"Barcode of case {case.number}"


@pytest.mark.parametrize("value", ["", "Müller", "line\nbreak"])
def test_what_code_128_cannot_carry_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="Code 128 cannot carry"):
        code128_modules(value)
