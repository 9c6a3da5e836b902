import pytest
from barcode import EAN13
from hypothesis import example, given, settings
from hypothesis import strategies as st

from counter_app.domain.scan_codes import (
    CHECK_DIGIT_WRONG,
    NOT_KNOWN,
    Scan,
    ScanKind,
    classify_scan,
    voucher_code,
)

quick = settings(database=None, deadline=None)


def in_store_ean13(number: int) -> str:
    """The same in-store 20-29 EAN-13 the demo catalog prints, made by python-barcode."""
    return str(EAN13(f"20{number:010d}").get_fullcode())


def with_last_digit_changed(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


# --------------------------------------------------------------------------- receipts


@pytest.mark.parametrize(
    "scanned",
    ["R-20261120-0001", "r-20261120-0001", "  R-20261120-0001\r\n", "R-20261120-0001\n"],
)
def test_receipt_numbers_in_any_case_and_with_what_scanners_add(scanned):
    scan = classify_scan(scanned)

    assert scan == Scan(ScanKind.RECEIPT, "R-20261120-0001", scanned)


def test_receipt_sequence_may_grow_to_six_digits():
    assert classify_scan("R-20261120-123456").kind is ScanKind.RECEIPT
    assert classify_scan("R-20261120-1234567").kind is ScanKind.UNKNOWN


def test_receipt_wins_over_a_case_of_a_store_coded_r():
    # Same shape as a case number of store "R"; store codes look like S012, so it is a receipt.
    assert classify_scan("R-20261120-0001").kind is ScanKind.RECEIPT


# --------------------------------------------------------------------------- cases


@pytest.mark.parametrize(
    "scanned", ["S012-20261123-0042", "s012-20261123-0042", "\tS012-20261123-0042 \r\n"]
)
def test_case_numbers(scanned):
    scan = classify_scan(scanned)

    assert scan.kind is ScanKind.CASE
    assert scan.code == "S012-20261123-0042"
    assert scan.raw == scanned


def test_case_number_from_a_code128_scanner_that_sends_its_symbology_identifier():
    scan = classify_scan("]C0S012-20261123-0042")

    assert scan.kind is ScanKind.CASE
    assert scan.code == "S012-20261123-0042"


def test_case_number_with_an_impossible_date_is_unknown_and_says_so():
    scan = classify_scan("S012-20261340-0042")

    assert scan.kind is ScanKind.UNKNOWN
    assert scan.code == ""
    assert "is not a date" in scan.reason


def test_case_number_with_a_short_sequence_is_unknown():
    assert classify_scan("S012-20261123-042").kind is ScanKind.UNKNOWN


# --------------------------------------------------------------------------- vouchers


@pytest.mark.parametrize(
    "scanned",
    ["SC-7K2QM-94XDA", "sc-7k2qm-94xda", "SC7K2QM94XDA", " SC-7K2QM-94XDA\r\n", "SC-7K2QM94XDA"],
)
def test_voucher_codes_with_or_without_dashes(scanned):
    scan = classify_scan(scanned)

    assert scan == Scan(ScanKind.VOUCHER, "SC-7K2QM-94XDA", scanned)


def test_voucher_letters_that_read_alike_become_digits():
    assert classify_scan("SC-OOOO1-IIIIL").code == "SC-00001-11111"
    assert voucher_code("sc-o0o0o-l1l1l") == "SC-00000-11111"


@pytest.mark.parametrize(
    "scanned",
    [
        "SC-7K2QM-94XDU",  # U is not in Crockford's alphabet
        "SC-7K2QM-94XD",  # one character short
        "SC-7K2QM-94XDAB",  # one too many
        "7K2QM-94XDA",  # no prefix: ten characters alone could be anything
    ],
)
def test_not_quite_vouchers_are_unknown(scanned):
    assert classify_scan(scanned).kind is ScanKind.UNKNOWN
    assert voucher_code(scanned) is None


# --------------------------------------------------------------------------- staff badges


@pytest.mark.parametrize("scanned", ["STAFF-00042", "staff-00042", " STAFF-00042\n"])
def test_staff_badges(scanned):
    assert classify_scan(scanned) == Scan(ScanKind.STAFF_BADGE, "STAFF-00042", scanned)


def test_staff_badge_fits_the_badge_code_column():
    longest = "STAFF-" + "9" * 58
    assert len(longest) == 64
    assert classify_scan(longest).kind is ScanKind.STAFF_BADGE
    assert classify_scan(longest + "9").kind is ScanKind.UNKNOWN
    assert classify_scan("STAFF-").kind is ScanKind.UNKNOWN
    assert classify_scan("STAFF-AB CD").kind is ScanKind.UNKNOWN


# --------------------------------------------------------------------------- products


@pytest.mark.parametrize(
    ("scanned", "gtin14"),
    [
        ("96385074", "00000096385074"),  # GTIN-8
        ("012345678905", "00012345678905"),  # GTIN-12 (UPC-A)
        ("4006381333931", "04006381333931"),  # GTIN-13 (EAN-13)
        ("10012345678902", "10012345678902"),  # GTIN-14 (a case of items)
    ],
)
def test_gtins_of_every_length_with_a_right_check_digit(scanned, gtin14):
    scan = classify_scan(scanned + "\r\n")

    assert scan.kind is ScanKind.PRODUCT
    assert scan.code == scanned
    assert scan.gtin14 == gtin14


@pytest.mark.parametrize("scanned", ["96385075", "012345678906", "4006381333932", "10012345678903"])
def test_gtin_with_a_wrong_check_digit_asks_to_scan_again(scanned):
    scan = classify_scan(scanned)

    assert scan.kind is ScanKind.UNKNOWN
    assert scan.reason == CHECK_DIGIT_WRONG
    assert scan.code == ""


@pytest.mark.parametrize("number", [1, 42, 310, 9_999_999_999])
def test_in_store_codes_of_the_demo_catalog_are_products(number):
    code = in_store_ean13(number)

    scan = classify_scan(code)

    assert scan.kind is ScanKind.PRODUCT
    assert scan.code == code
    assert classify_scan(with_last_digit_changed(code)).reason == CHECK_DIGIT_WRONG


@pytest.mark.parametrize("scanned", ["1234567", "1234567890", "12345678901", "123456789012345"])
def test_digit_runs_of_other_lengths_are_not_items(scanned):
    scan = classify_scan(scanned)

    assert scan.kind is ScanKind.UNKNOWN
    assert scan.reason == NOT_KNOWN


def test_spaces_inside_a_gtin_are_not_forgiven():
    # A scanner never types a space inside a GTIN; a space means two codes or a person typing.
    assert classify_scan("4006381 333931").kind is ScanKind.UNKNOWN


def test_gtin_after_a_symbology_identifier():
    scan = classify_scan("]E04006381333931")

    assert scan.kind is ScanKind.PRODUCT
    assert scan.code == "4006381333931"


def test_gtin_inside_a_gs1_element_string():
    # (01) GTIN, (17) use-by date: what a fresh-food or pharmacy label carries.
    scan = classify_scan("]C1010001234567890517291231")

    assert scan.kind is ScanKind.PRODUCT
    assert scan.code == "00012345678905"
    assert scan.gtin14 == "00012345678905"


def test_gs1_element_string_with_a_wrong_gtin_check_digit():
    assert classify_scan("0100012345678906").reason == CHECK_DIGIT_WRONG


def test_full_width_digits_are_not_a_gtin():
    # Digits from an input method are not what a scanner types.
    full_width = "".join(chr(0xFF10 + int(digit)) for digit in "4006381333931")
    assert classify_scan(full_width).kind is ScanKind.UNKNOWN


# --------------------------------------------------------------------------- anything else


@pytest.mark.parametrize("scanned", ["", "   ", "\r\n"])
def test_nothing_scanned(scanned):
    scan = classify_scan(scanned)

    assert scan.kind is ScanKind.UNKNOWN
    assert scan.reason == "Nothing was scanned; scan again."


@pytest.mark.parametrize("scanned", ["hello world", "Grüße", "https://example.com/x", "SKU-00042"])
def test_other_text_is_unknown_with_a_plain_reason(scanned):
    scan = classify_scan(scanned)

    assert scan.kind is ScanKind.UNKNOWN
    assert scan.reason == NOT_KNOWN
    assert scan.raw == scanned


@quick
@given(st.text(max_size=80))
@example("]")  # biip indexed past a lone symbology flag
@example(" ]\n")
def test_never_raises_and_known_kinds_always_carry_a_code(text):
    scan = classify_scan(text)

    assert scan.raw == text
    if scan.kind is ScanKind.UNKNOWN:
        assert scan.code == ""
        assert scan.reason
    else:
        assert scan.code
        assert scan.code == scan.code.strip()
        assert scan.reason == ""


@quick
@given(st.integers(min_value=0, max_value=9_999_999_999))
def test_every_in_store_code_round_trips(number):
    code = in_store_ean13(number)

    assert classify_scan(code) == Scan(ScanKind.PRODUCT, code, code, gtin14="0" + code)
