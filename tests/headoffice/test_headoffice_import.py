"""Head office imports its CSV and JSON files into the stores' feeds, or refuses them whole."""

import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from headoffice_harness import HeadOfficeServer

from counter_app.headoffice.imports import (
    ImportRefusedError,
    ImportResult,
    import_catalog,
    import_policy,
    import_sales,
    import_staff,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "headoffice"
IMPORT_DAY = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _cli(
    server: HeadOfficeServer, folder: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "counter_app",
            "--data-dir",
            str(folder),
            "headoffice",
            "import",
            *arguments,
            "--database-url",
            server.database_url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _import(
    server: HeadOfficeServer, importer: Callable[..., ImportResult], *args: Any, **options: Any
) -> ImportResult:
    database = server.database()
    try:
        return importer(database, *args, **options)
    finally:
        database.dispose()


def _feed(server: HeadOfficeServer, code: str, feed: str) -> dict[str, dict[str, Any]]:
    """The store's feed at head office: key -> data."""
    return {
        key: json.loads(data)
        for key, data in server.sql(
            "SELECT f.key, f.data FROM ho_feed_item f JOIN ho_store s ON s.id = f.store_id "
            "WHERE s.code = :code AND f.feed = :feed",
            code=code,
            feed=feed,
        )
    }


def _with_line(example: str, folder: Path, line: int, replace: tuple[str, str]) -> Path:
    """A copy of an example file with one replacement made on one line (1 = the header)."""
    lines = (EXAMPLES / example).read_text(encoding="utf-8").splitlines()
    assert replace[0] in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(*replace, 1)
    path = folder / example
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_command_imports_the_example_catalog_into_one_store(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    code, _token = head_office.register()
    other, _ = head_office.register()

    done = _cli(head_office, tmp_path, "catalog", str(EXAMPLES / "catalog.csv"), "--store", code)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "Published 5 catalog row(s) to 1 store(s): 5 new or changed for the stores to pull."
    )
    feed = _feed(head_office, code, "catalog")
    assert sorted(feed) == ["HO-10001", "HO-10002", "HO-10003", "HO-10004", "HO-10005"]
    assert feed["HO-10002"]["barcodes"] == ["2000000100027", "0194252721100"]
    assert feed["HO-10004"]["returnable"] is False
    assert feed["HO-10005"]["name"] == "Gift Card 50 EUR"
    assert _feed(head_office, other, "catalog") == {}


def test_a_bad_row_refuses_the_file_with_its_line_and_column_and_publishes_nothing(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    code, _token = head_office.register()
    bad = _with_line("catalog.csv", tmp_path, 4, (",2999,", ",29.99,"))

    done = _cli(head_office, tmp_path, "catalog", str(bad), "--store", code)

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "catalog.csv line 4, column price_cents: needs a whole number" in done.stderr
    assert "nothing was imported" in done.stderr
    assert _feed(head_office, code, "catalog") == {}


@pytest.mark.parametrize(
    ("example", "line", "replace", "expected"),
    [
        ("catalog.csv", 1, ("barcodes", "barcode"), "line 1, column barcode: is not a known"),
        ("catalog.csv", 3, ("HO-10002,", "HO-10001,"), "line 3, column sku: HO-10001 is already"),
        ("catalog.csv", 5, (",1350,", ",20000,"), "line 5, column tax_rate_bp: must be 0 to 10000"),
        ("catalog.csv", 6, (",no,", ",maybe,"), "line 6, column returnable: needs yes or no"),
        (
            "catalog.csv",
            4,
            ("2000000100034", "2000000100010"),
            "line 4, column barcodes: 2000000100010 is already given on line 2",
        ),
        ("staff.csv", 3, (",4817,", ",1111,"), "line 3, column pin: a PIN of one digit repeated"),
        ("staff.csv", 3, (",4817,", ",48a7,"), "line 3, column pin: a PIN is 4 to 8 digits"),
        ("staff.csv", 4, (",clerk,", ",boss,"), "line 4, column role: must be clerk or manager"),
        ("staff.csv", 2, ("Niamh Walsh", ""), "line 2, column name: is empty"),
    ],
)
def test_each_kind_of_bad_cell_is_named(
    head_office: HeadOfficeServer,
    tmp_path: Path,
    example: str,
    line: int,
    replace: tuple[str, str],
    expected: str,
) -> None:
    code, _token = head_office.register()
    importer = import_catalog if example == "catalog.csv" else import_staff
    bad = _with_line(example, tmp_path, line, replace)
    with pytest.raises(ImportRefusedError) as refused:
        _import(head_office, importer, bad, store_code=code)
    assert str(refused.value).startswith(f"{example} {expected}")
    assert str(refused.value).endswith("; nothing was imported.")
    assert _feed(head_office, code, example.removesuffix(".csv")) == {}


def _sales_file(
    folder: Path, code: str, line: int = 0, replace: tuple[str, str] = ("", "")
) -> Path:
    text = (EXAMPLES / "sales.csv").read_text(encoding="utf-8").replace("\nS012,", f"\n{code},")
    lines = text.splitlines()
    if line:
        assert replace[0] in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(*replace, 1)
    path = folder / "sales.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "replace", "expected"),
    [
        (2, (",2026-11-20T10:15:00+00:00,", ",20.11.2026,"), "line 2, column sold_at:"),
        (
            3,
            (",2026-11-20T10:15:00+00:00,", ",2026-11-20T10:16:00+00:00,"),
            "line 3, column sold_at: differs from line 2",
        ),
        (
            3,
            (",card,", ",cheque,"),
            "line 3, column tender: must be one of cash, card, store_credit",
        ),
        (5, (",1881,", ",18814,"), "line 5, column card_last4: is longer than 4"),
        (3, (",2,HO-10003,", ",1,HO-10003,"), "line 3, column line_no: line 1 of receipt"),
        (4, (",HO-10002,", ",NOPE-1,"), "line 4, column sku: NOPE-1 is not in store"),
        (3, (",HO-10003,", ",NOPE-2,"), "line 3, column sku: NOPE-2 is not in store"),
        (4, (",1,14999,", ",0,14999,"), "line 4, column quantity: must be at least 1"),
        (
            5,
            (",2026-11-22T11:05:00,", ",2027-01-22T11:05:00,"),
            "line 5, column sold_at: is in the future",
        ),
    ],
)
def test_a_bad_sales_row_is_named_and_nothing_is_published(
    head_office: HeadOfficeServer,
    tmp_path: Path,
    line: int,
    replace: tuple[str, str],
    expected: str,
) -> None:
    code, _token = head_office.register()
    _import(head_office, import_catalog, EXAMPLES / "catalog.csv", store_code=code)
    bad = _sales_file(tmp_path, code, line, replace)
    with pytest.raises(ImportRefusedError, match=f"^sales\\.csv {re.escape(expected)}"):
        _import(head_office, import_sales, bad, now=IMPORT_DAY)
    assert _feed(head_office, code, "sales") == {}


def test_a_sales_row_of_an_unknown_store_is_refused(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    code, _token = head_office.register()
    _import(head_office, import_catalog, EXAMPLES / "catalog.csv", store_code=code)
    bad = _sales_file(tmp_path, code, 4, (f"{code},", "NOSUCHSTORE9,"))
    with pytest.raises(
        ImportRefusedError, match=r"^sales\.csv line 4, column store_code: no store NOSUCHSTORE9"
    ):
        _import(head_office, import_sales, bad, now=IMPORT_DAY)
    assert _feed(head_office, code, "sales") == {}


def test_sales_go_to_their_store_and_only_the_recent_days(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    code, _token = head_office.register()
    _import(head_office, import_catalog, EXAMPLES / "catalog.csv", store_code=code)
    sales = _sales_file(tmp_path, code)

    recent = _import(head_office, import_sales, sales, now=IMPORT_DAY, days=4)

    assert (recent.rows, recent.stores, recent.left_out) == (2, 1, 1)
    assert "1 receipt(s) older than the sales window were left out" in recent.summary()
    feed = _feed(head_office, code, "sales")
    assert sorted(feed) == ["R-20261121-9002", "R-20261122-9003"]
    assert feed["R-20261122-9003"]["sold_at"] == "2026-11-22T11:05:00Z"  # Dublin: UTC+0 then
    assert feed["R-20261122-9003"]["total_cents"] == 1497

    everything = _import(head_office, import_sales, sales, now=IMPORT_DAY)
    assert (everything.rows, everything.left_out) == (3, 0)
    first = _feed(head_office, code, "sales")["R-20261120-9001"]
    assert first["total_cents"] == 3499 + 2 * 2999 - 600
    assert first["staff_name"] == "Sam Okafor"
    assert [line["sku"] for line in first["lines"]] == ["HO-10001", "HO-10003"]


def test_staff_pins_are_hashed_with_argon2id_and_never_kept_in_clear(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    first, _ = head_office.register()
    second, _ = head_office.register()
    total_stores = head_office.sql("SELECT count(*) FROM ho_store")[0][0]

    result = _import(head_office, import_staff, EXAMPLES / "staff.csv")

    assert (result.rows, result.stores) == (3, total_stores)
    stored = head_office.sql(
        "SELECT f.data FROM ho_feed_item f JOIN ho_store s ON s.id = f.store_id "
        "WHERE s.code IN (:first, :second) AND f.feed = 'staff'",
        first=first,
        second=second,
    )
    assert len(stored) == 6
    assert not any(pin in row[0] for row in stored for pin in ("5928", "4817", "7306"))
    niamh = _feed(head_office, first, "staff")["Niamh Walsh"]
    assert niamh["pin_hash"].startswith("$argon2id$")
    assert PasswordHasher().verify(niamh["pin_hash"], "5928")
    assert (niamh["role"], niamh["badge_code"], niamh["active"]) == ("manager", "STAFF-NW01", True)

    # A later list without PINs (Grace leaves) keeps the hashes head office already sent.
    later = tmp_path / "staff.csv"
    later.write_text("name,role,active\nNiamh Walsh,manager,yes\nGrace Adeyemi,clerk,no\n")
    _import(head_office, import_staff, later, store_code=first)
    feed = _feed(head_office, first, "staff")
    assert feed["Niamh Walsh"]["pin_hash"] == niamh["pin_hash"]
    assert feed["Grace Adeyemi"]["active"] is False


def _versions(server: HeadOfficeServer, code: str, feed: str) -> dict[str, int]:
    """The store's feed at head office: key -> the version a store pulls it at."""
    return dict(
        server.sql(
            "SELECT f.key, f.version FROM ho_feed_item f JOIN ho_store s ON s.id = f.store_id "
            "WHERE s.code = :code AND f.feed = :feed",
            code=code,
            feed=feed,
        )
    )


def _store_with_examples(server: HeadOfficeServer) -> str:
    """A new store's code, with the example catalog and staff published to it."""
    code, _token = server.register()
    _import(server, import_catalog, EXAMPLES / "catalog.csv", store_code=code)
    _import(server, import_staff, EXAMPLES / "staff.csv", store_code=code)
    return code


def test_importing_the_same_files_again_gives_the_stores_nothing_to_pull(
    head_office: HeadOfficeServer,
) -> None:
    code = _store_with_examples(head_office)
    catalog = _versions(head_office, code, "catalog")
    staff = _versions(head_office, code, "staff")
    hashes = {name: item["pin_hash"] for name, item in _feed(head_office, code, "staff").items()}

    again = [
        _import(head_office, import_catalog, EXAMPLES / "catalog.csv", store_code=code),
        _import(head_office, import_staff, EXAMPLES / "staff.csv", store_code=code),
    ]

    assert [result.changed for result in again] == [0, 0]
    assert again[1].summary().endswith(": 0 new or changed for the stores to pull.")
    assert _versions(head_office, code, "catalog") == catalog
    # The same PINs keep their hashes (Argon2id would salt a new hash differently).
    assert _versions(head_office, code, "staff") == staff
    assert {n: i["pin_hash"] for n, i in _feed(head_office, code, "staff").items()} == hashes


def test_a_changed_pin_or_product_is_the_only_item_published_again(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    code = _store_with_examples(head_office)
    catalog = _versions(head_office, code, "catalog")
    staff = _versions(head_office, code, "staff")
    before = _feed(head_office, code, "staff")

    repriced = _with_line("catalog.csv", tmp_path, 2, (",3499,", ",3299,"))
    _import(head_office, import_catalog, repriced, store_code=code)
    new_pin = _with_line("staff.csv", tmp_path, 3, (",4817,", ",6150,"))
    _import(head_office, import_staff, new_pin, store_code=code)

    after = _versions(head_office, code, "catalog")
    assert {sku for sku in after if after[sku] != catalog[sku]} == {"HO-10001"}
    assert after["HO-10001"] > max(catalog.values())
    changed = _versions(head_office, code, "staff")
    assert {name for name in changed if changed[name] != staff[name]} == {"Tomasz Kowalski"}
    tomasz = _feed(head_office, code, "staff")["Tomasz Kowalski"]["pin_hash"]
    assert tomasz != before["Tomasz Kowalski"]["pin_hash"]
    assert PasswordHasher().verify(tomasz, "6150")


def test_the_policy_file_is_checked_as_the_store_checks_it(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    code, _token = head_office.register()
    broken = tmp_path / "policy.json"
    broken.write_text('{\n  "window_days": 28,\n  "receipt_required": nope\n}\n')
    with pytest.raises(
        ImportRefusedError, match=r"^policy\.json line 3, column 23: Expecting value"
    ):
        _import(head_office, import_policy, broken, store_code=code)
    rules = json.loads((EXAMPLES / "policy.json").read_text(encoding="utf-8"))
    rules["window_days"] = -3
    broken.write_text(json.dumps(rules))
    with pytest.raises(ImportRefusedError, match=r"^policy\.json, rule window_days: "):
        _import(head_office, import_policy, broken, store_code=code)
    assert _feed(head_office, code, "policy") == {}

    result = _import(head_office, import_policy, EXAMPLES / "policy.json", store_code=code)

    assert (result.rows, result.stores) == (1, 1)
    published = _feed(head_office, code, "policy")["policy"]
    assert published["rules"]["window_days"] == 28
    assert published["rules"]["manager_approval_above"] == "200"


def test_an_unknown_store_is_refused(head_office: HeadOfficeServer, tmp_path: Path) -> None:
    done = _cli(head_office, tmp_path, "staff", str(EXAMPLES / "staff.csv"), "--store", "NOPE404")
    assert done.returncode == 1
    assert "No store 'NOPE404' is registered" in done.stderr


@pytest.mark.parametrize(
    ("second_name", "expected"),
    [
        ("niamh  WALSH", "line 3, column name: niamh  WALSH is already on line 2"),
        ("Niamh\u200b Walsh", "line 3, column name: holds a character that shows nothing"),
        ("Ni\u0430mh Walsh", "line 3, column name: mixes letters of different alphabets"),
    ],
    ids=["case-and-spacing", "zero-width", "cyrillic-a"],
)
def test_a_staff_name_that_shows_as_another_refuses_the_file(
    head_office: HeadOfficeServer, tmp_path: Path, second_name: str, expected: str
) -> None:
    code, _token = head_office.register()
    staff = tmp_path / "staff.csv"
    staff.write_text(
        f"name,role,pin\nNiamh Walsh,manager,5928\n{second_name},clerk,4817\n", encoding="utf-8"
    )
    with pytest.raises(ImportRefusedError, match=f"^staff\\.csv {re.escape(expected)}"):
        _import(head_office, import_staff, staff, store_code=code)
    assert _feed(head_office, code, "staff") == {}
