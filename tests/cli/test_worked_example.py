"""The README's worked example runs against the demo store and prints what the README shows."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "docs" / "examples" / "worked_example.py"


@pytest.fixture(scope="module")
def printed(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("walkthrough") / "data"
    shutil.copytree(demo_template, folder)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_the_opened_item_pays_a_restocking_fee_back_to_the_card(printed: str) -> None:
    first = printed.split("\n\n")[0]
    assert "Allowed with conditions" in first
    assert re.search(r"Bought 3 days ago, within the 30-day return window\.", first)
    assert re.search(r"Opened: 10% restocking fee \(€\d+\.\d\d\)\.", first)
    assert re.search(r"Refunded €\d+\.\d\d to card ending \d{4}, reference AUTH-104233", first)


def test_the_no_receipt_return_gets_a_voucher_at_the_lowest_price(printed: str) -> None:
    second = printed.split("\n\n")[1]
    assert "No receipt: refunded at the lowest price of the last 90 days" in second
    assert re.search(r"Voucher SC-[0-9A-Z]{5}-[0-9A-Z]{5} for €\d+\.\d\d", second)


def test_the_exchange_charges_the_difference(printed: str) -> None:
    third = printed.split("\n\n")[2]
    assert re.search(r"The customer pays €\d+\.\d\d by card", third)


def test_the_complaint_is_resolved_with_a_voucher(printed: str) -> None:
    fourth = printed.split("\n\n")[3]
    assert ": Resolved" in fourth
    assert re.search(r"Voucher SC-[0-9A-Z]{5}-[0-9A-Z]{5} for €10\.00", fourth)


def test_the_readme_shows_the_same_reasons(printed: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for sentence in (
        "Opened: 10% restocking fee",
        "No receipt: refunded at the lowest price of the last 90 days",
        "The customer pays",
        "Voucher SC-",
    ):
        assert sentence in printed
        assert sentence in readme
