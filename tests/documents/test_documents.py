"""Receipts, return labels and vouchers rendered from real demo cases, read back by other tools."""

import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest

from counter_app.documents.receipt import render_receipt
from counter_app.documents.return_label import render_return_label
from counter_app.documents.voucher import render_voucher
from counter_app.domain.money import Money
from counter_app.domain.validation import InputError
from counter_app.services import complaints, intake
from counter_app.services.case_documents import (
    label_data,
    mask_customer,
    receipt_data,
    voucher_data,
)
from counter_app.services.errors import NotFoundError

PRINTER_DPI = 203
POINTS_PER_MM = 72 / 25.4

ROLL_WIDTH_PT = 80 * POINTS_PER_MM  # 226.77 pt
PRINTABLE_PT = 72 * POINTS_PER_MM
SIDE_MARGIN_PT = (ROLL_WIDTH_PT - PRINTABLE_PT) / 2
LABEL_SIZE_PT = (288.0, 432.0)


def euros(cents: int) -> str:
    return Money.from_minor(cents, "EUR").format("en_IE")


def card_refund_return(demo) -> tuple[str, int, str]:
    """A demo return refunded to a card: its number, the amount and the card's last four."""
    number, amount, last4 = demo.sql(
        "SELECT c.number, p.amount_cents, p.card_last4 FROM service_case c "
        "JOIN payment p ON p.case_id = c.id "
        "WHERE c.case_type = 'return' AND p.kind = 'refund' AND p.tender = 'card' "
        "ORDER BY c.number LIMIT 1"
    )[0]
    return number, amount, last4


def voucher_return(demo) -> tuple[str, str, int]:
    """A demo return without a receipt, paid as store credit: number, voucher code, amount."""
    number, code, amount = demo.sql(
        "SELECT c.number, s.code, s.initial_cents FROM service_case c "
        "JOIN storecredit s ON s.case_id = c.id "
        "WHERE c.case_type = 'return' AND c.sale_id IS NULL ORDER BY c.number LIMIT 1"
    )[0]
    return number, code, amount


def test_card_refund_receipt_holds_amounts_reasons_and_last_four(demo, pdf_file) -> None:
    number, amount, last4 = card_refund_return(demo)
    reason = demo.one(
        "SELECT l.reason FROM caseline l JOIN service_case c ON c.id = l.case_id "
        "WHERE c.number = ?",
        (number,),
    )
    pdf = pdf_file(
        "receipt",
        render_receipt(receipt_data(database=demo.database, case_ref=number), paper="roll80"),
    )

    text = pdf.text()
    assert number in text
    assert "RETURN RECEIPT" in text
    assert f"Refunded to card ending {last4}" in text
    assert euros(amount) in text
    assert f"Reason: {reason}" in text
    assert "return window" in text  # the policy's reason for accepting, in plain words
    assert "Returns within 30 days with the receipt." in text  # the policy text
    assert "Thank you" in text
    assert "Counter Demo Store" in text
    assert "+353 1 555 0142" in text


def test_receipt_is_80mm_wide_and_as_tall_as_its_content(demo, pdf_file) -> None:
    number, _, _ = card_refund_return(demo)
    pdf = pdf_file(
        "receipt",
        render_receipt(receipt_data(database=demo.database, case_ref=number), paper="roll80"),
    )

    width, height = pdf.page_size()
    assert width == pytest.approx(226.77, abs=0.01)
    assert pdf.pages() == 1
    left, top, right, bottom, px_width, px_height = pdf.ink_box()
    dots_per_mm = PRINTER_DPI / 25.4
    # The page ends just under the last printed line: no blank paper fed out, nothing cut off.
    assert px_height - bottom < 8 * dots_per_mm
    assert top < 8 * dots_per_mm
    # Nothing is printed outside the 72 mm the printer reaches.
    assert left >= 3.5 * dots_per_mm
    assert px_width - right >= 3.5 * dots_per_mm
    assert height == pytest.approx(px_height * 72 / PRINTER_DPI, abs=1)


def test_receipt_barcode_scans_as_the_case_number(demo, pdf_file) -> None:
    number, _, _ = card_refund_return(demo)
    pdf = pdf_file(
        "receipt",
        render_receipt(
            receipt_data(database=demo.database, case_ref=number), paper="roll80", columns=42
        ),
    )

    assert pdf.barcodes("code128") == [number]


def test_documents_hold_no_bitmaps_the_codes_are_vector(demo, pdf_file) -> None:
    number, _, _ = card_refund_return(demo)
    receipt = pdf_file(
        "receipt",
        render_receipt(receipt_data(database=demo.database, case_ref=number), paper="roll80"),
    )
    label = pdf_file(
        "label", render_return_label(label_data(database=demo.database, case_ref=number))
    )

    for pdf in (receipt, label):
        assert pdf.images() == [], "barcodes are drawn as bars, never a scaled bitmap"
        assert pdf.barcodes("code128") == [number]
        assert_unicode_fonts_only(pdf.fonts())


def assert_unicode_fonts_only(fonts: str) -> None:
    """Every font is embedded DejaVu; none of the PDF base-14 fonts is even referenced."""
    assert "DejaVu" in fonts
    for line in fonts.splitlines()[2:]:
        assert " yes " in line, f"every font is embedded: {line}"  # the 'emb' column
        for base_font in ("Helvetica", "Times", "Courier", "Symbol"):
            assert base_font not in line


def test_no_receipt_return_prints_its_voucher_code(demo, pdf_file) -> None:
    number, code, amount = voucher_return(demo)
    pdf = pdf_file(
        "receipt",
        render_receipt(receipt_data(database=demo.database, case_ref=number), paper="roll80"),
    )

    text = pdf.text()
    assert "STORE CREDIT VOUCHER" in text
    assert code in text
    assert euros(amount) in text
    assert "No receipt" in text  # the policy's reason: refunded at the lowest recent price
    assert "Refunded as store credit." in text


def test_voucher_shows_amount_expiry_and_scans_as_its_code(demo, pdf_file) -> None:
    _, code, amount = voucher_return(demo)
    expires = demo.one("SELECT expires_on FROM storecredit WHERE code = ?", (code,))
    data = voucher_data(database=demo.database, code=code.lower().replace("-", ""))
    pdf = pdf_file("voucher", render_voucher(data))

    text = pdf.text()
    assert euros(amount) in text
    assert "Valid until" in text
    year, _, day = (int(part) for part in expires.split("-"))
    assert data.expires is not None
    assert data.expires.startswith(f"{day} ")  # e.g. "28 Oct 2027"
    assert data.expires.endswith(str(year))
    assert data.expires in text
    assert "Not exchangeable for cash." in text
    assert pdf.page_size()[0] == pytest.approx(226.77, abs=0.01)
    assert pdf.barcodes("code128") == [code]


def test_exchange_receipt_shows_both_sides_and_the_difference(demo, pdf_file) -> None:
    number = demo.one(
        "SELECT c.number FROM service_case c JOIN payment p ON p.case_id = c.id "
        "WHERE c.case_type = 'exchange' AND p.kind = 'charge' ORDER BY c.number LIMIT 1"
    )
    charged = demo.one(
        "SELECT sum(p.amount_cents) FROM payment p JOIN service_case c ON c.id = p.case_id "
        "WHERE c.number = ? AND p.kind = 'charge'",
        (number,),
    )
    out_item = demo.one(
        "SELECT l.description FROM caseline l JOIN service_case c ON c.id = l.case_id "
        "WHERE c.number = ? AND l.direction = 'out'",
        (number,),
    )
    pdf = pdf_file(
        "exchange",
        render_receipt(receipt_data(database=demo.database, case_ref=number), paper="roll80"),
    )

    text = pdf.text()
    assert "EXCHANGE RECEIPT" in text
    assert "ITEMS RETURNED" in text
    assert "ITEMS GIVEN TO YOU" in text
    assert out_item in text
    assert f"You paid the difference: {euros(charged)}" in text
    assert "Paid by card ending 4242" in text
    assert pdf.barcodes("code128") == [number]


def test_complaint_receipt_shows_accommodation_and_follow_up(demo, pdf_file) -> None:
    number = demo.one(
        "SELECT number FROM service_case WHERE case_type = 'complaint' AND status = 'open' "
        "ORDER BY number LIMIT 1"
    )
    follow_up = (demo.now + timedelta(days=7)).date()
    outcome = complaints.resolve_complaint(
        database=demo.database,
        staff=demo.clerk(),
        case_ref=number,
        request={
            "accommodation": "voucher",
            "amount": "10.00",
            "resolve_now": False,
            "follow_up_on": follow_up,
        },
        now=demo.now + timedelta(hours=1),
    )
    assert outcome.voucher is not None
    data = receipt_data(database=demo.database, case_ref=number)
    pdf = pdf_file("complaint", render_receipt(data, paper="roll80"))

    text = pdf.text()
    assert "COMPLAINT RECEIPT" in text
    assert "YOUR COMPLAINT" in text
    assert "Customer reported the problem in person" in text
    assert outcome.accommodation[:30] in " ".join(text.split())
    assert outcome.voucher.code in text
    assert euros(1000) in text
    assert data.complaint is not None
    assert data.complaint.follow_up == "30 Nov 2026"
    assert "We will follow up with you by 30 Nov 2026." in " ".join(text.split())
    assert "OUR RETURN POLICY" not in text  # a complaint is not a return
    assert pdf.barcodes("code128") == [number]


def test_names_in_any_script_come_back_from_the_pdf(demo, pdf_file) -> None:
    opened = intake.open_case(
        database=demo.database,
        staff=demo.clerk(),
        request={
            "case_type": "complaint",
            "summary": "Zoë and Ζωή Müller asked for Дмитрий",
            "customer": {"name": "Łukasz Müller", "phone": "+48 601 234 567", "consent": True},
            "complaint": {
                "category": "Service",
                "description": "Łukasz Müller, Ζωή and Дмитрий waited; café crème spilt.",
            },
        },
        now=demo.now,
    )
    data = receipt_data(database=demo.database, case_ref=opened.number)
    for paper in ("roll80", "a4"):
        pdf = pdf_file(paper, render_receipt(data, paper=paper))
        text = pdf.text()
        assert "Łukasz M., phone …567" in text  # masked: first name, initial, last 3 digits
        assert "Müller" in text  # from the description, which the customer wrote
        for word in ("Ζωή", "Дмитрий", "café", "crème", "Zoë"):
            assert word in text
        assert "601 234" not in text
        assert_unicode_fonts_only(pdf.fonts())


def test_long_product_names_wrap_inside_the_paper(demo, pdf_file) -> None:
    number, _, _ = card_refund_return(demo)
    real = receipt_data(database=demo.database, case_ref=number)
    long_name = (
        "Professional Stainless Steel Electric Gooseneck Pour-Over Kettle with Variable "
        "Temperature Control and Keep-Warm Function "
        "ExtraordinarilyLongModelDesignationWithoutAnySpacesXK2000"
    )
    data = dataclasses.replace(
        real, lines=(dataclasses.replace(real.lines[0], description=long_name),)
    )
    for columns in (42, 48):
        pdf = pdf_file(f"long-{columns}", render_receipt(data, paper="roll80", columns=columns))
        words = pdf.words()
        right_edge = ROLL_WIDTH_PT - SIDE_MARGIN_PT
        beyond = [word for word in words if word["x_max"] > right_edge + 0.5]
        assert beyond == [], f"text past the right margin: {beyond}"
        assert all(word["x_min"] >= SIDE_MARGIN_PT - 0.5 for word in words)
        joined = "".join(word["text"] for word in words)
        assert "ExtraordinarilyLongModelDesignationWithoutAnySpacesXK2000" in joined
        assert "Keep-Warm" in joined


@pytest.mark.parametrize("columns", [42, 44, 48])
def test_columns_sets_how_many_characters_fit_a_line(demo, pdf_file, columns) -> None:
    number, _, _ = card_refund_return(demo)
    pdf = pdf_file(
        "receipt",
        render_receipt(
            receipt_data(database=demo.database, case_ref=number), paper="roll80", columns=columns
        ),
    )

    case_word = next(word for word in pdf.words() if word["text"] == number)
    char_width = (case_word["x_max"] - case_word["x_min"]) / len(number)
    assert char_width * columns == pytest.approx(PRINTABLE_PT, rel=0.01)


def test_a4_receipt_is_a4_and_scans(demo, pdf_file) -> None:
    number, amount, _ = card_refund_return(demo)
    pdf = pdf_file(
        "a4",
        render_receipt(receipt_data(database=demo.database, case_ref=number), paper="a4"),
    )

    assert pdf.page_size() == pytest.approx((595.28, 841.89), abs=0.01)
    assert euros(amount) in pdf.text()
    assert pdf.barcodes("code128") == [number]


def test_return_label_is_4x6_with_both_codes_readable(demo, pdf_file) -> None:
    number, _, _ = card_refund_return(demo)
    item, quantity = demo.sql(
        "SELECT l.description, l.quantity FROM caseline l JOIN service_case c "
        "ON c.id = l.case_id WHERE c.number = ? AND l.direction = 'in'",
        (number,),
    )[0]
    data = label_data(
        database=demo.database, case_ref=number, ship_to="Returns Warehouse\nUnit 4, Naas Road"
    )
    pdf = pdf_file("label", render_return_label(data))

    assert pdf.page_size() == (288.0, 432.0)
    assert pdf.barcodes("code128") == [number]
    assert pdf.barcodes("qrcode") == [number]
    text = " ".join(pdf.text().split())
    assert number in text
    assert f"{quantity} x {item}" in text
    assert "Disposition:" in text
    assert "FROM" in text
    assert "Counter Demo Store" in text
    assert "Returns Warehouse" in text
    assert "Unit 4, Naas Road" in text
    assert "Handler's initials" in text
    # Every mark, the codes included, lies inside the printable area (0.15 in from each edge).
    left, top, right, bottom, px_width, px_height = pdf.ink_box()
    edge = 0.14 * PRINTER_DPI
    assert min(left, top, px_width - right, px_height - bottom) >= edge


def test_label_barcode_module_is_whole_printer_dots(demo) -> None:
    from counter_app.documents.barcodes import DOT, BarcodeTooWideError, code128

    bars = code128("S012-20261123-0042", max_width=288 - 2 * 0.15 * 72, height=50)
    assert bars.module / DOT == pytest.approx(round(bars.module / DOT))
    assert bars.width <= 288 - 2 * 0.15 * 72
    with pytest.raises(BarcodeTooWideError):
        code128("S012-20261123-0042", max_width=100, height=50)


def test_label_needs_items_coming_back(demo) -> None:
    number = demo.one("SELECT number FROM service_case WHERE case_type = 'complaint' LIMIT 1")
    with pytest.raises(InputError) as caught:
        label_data(database=demo.database, case_ref=number)
    assert "no items coming back" in str(caught.value.problems[0].message)


def test_unknown_case_and_voucher_are_refused(demo) -> None:
    with pytest.raises(NotFoundError):
        receipt_data(database=demo.database, case_ref="S012-20200101-0001")
    with pytest.raises(InputError):
        receipt_data(database=demo.database, case_ref="not a case")
    with pytest.raises(InputError):
        voucher_data(database=demo.database, code="hello")
    with pytest.raises(NotFoundError):
        voucher_data(database=demo.database, code="SC-00000-00000")


@pytest.mark.parametrize(
    ("name", "phone", "shown"),
    [
        ("Łukasz Müller", "+48 601 234 567", "Łukasz M., phone …567"),
        ("Дмитрий Волков", None, "Дмитрий \u0412."),  # Cyrillic Ve
        ("Ζωή", "12", "Ζωή"),
        ("Aoife Mary Kelly", "087 1234 999", "Aoife K., phone …999"),
    ],
)
def test_customer_is_masked(name, phone, shown) -> None:
    assert mask_customer(name, phone) == shown


def test_money_is_formatted_in_the_store_locale() -> None:
    assert euros(2518) == "€25.18"
    assert Money.of(Decimal("1234.5"), "EUR").format("de_DE") == "1.234,50\xa0€"


def test_label_with_many_long_items_stays_inside_and_keeps_its_codes(demo, pdf_file) -> None:
    number, _, _ = card_refund_return(demo)
    real = label_data(database=demo.database, case_ref=number)
    item = real.items[0]
    many = tuple(
        dataclasses.replace(item, description=f"{item.description} in a very long variant {n}")
        for n in range(25)
    )
    pdf = pdf_file("label-many", render_return_label(dataclasses.replace(real, items=many)))

    text = " ".join(pdf.text().split())
    assert "more items: see the case" in text
    assert pdf.barcodes("code128") == [number]
    assert pdf.barcodes("qrcode") == [number]
    left, top, right, bottom, px_width, px_height = pdf.ink_box()
    assert min(left, top, px_width - right, px_height - bottom) >= 0.14 * PRINTER_DPI


def test_receipt_refuses_a_width_no_printer_has(demo) -> None:
    number, _, _ = card_refund_return(demo)
    data = receipt_data(database=demo.database, case_ref=number)
    with pytest.raises(ValueError, match="characters per line"):
        render_receipt(data, paper="roll80", columns=200)


@pytest.mark.parametrize(
    ("ship_to", "whole"),
    [
        # The longest address the settings take: five lines of wide letters, 195 characters.
        ("\n".join(["Wwwwwwwww Wwwwwwwww Wwwwwwwww Wwwwwwww"] * 5), True),
        # More than any setting allows (a label rendered from other data): cut, never overflowing.
        ("\n".join(f"Returns line {n} with a long street name" for n in range(40)), False),
    ],
)
def test_a_long_returns_address_shrinks_to_fit_and_keeps_the_codes(
    demo, pdf_file, ship_to: str, whole: bool
) -> None:
    number, _, _ = card_refund_return(demo)
    data = label_data(database=demo.database, case_ref=number, ship_to=ship_to)

    pdf = pdf_file("label-address", render_return_label(data))

    text = " ".join(pdf.text().split())
    if whole:
        assert text.count("Wwwwwwww") == 20  # every word of all five lines
        assert "…" not in text
    else:
        assert "Returns line 0 with" in text
        assert "Returns line 39" not in text
        assert "…" in text
    assert "Disposition:" in text
    assert pdf.barcodes("code128") == [number]
    assert pdf.barcodes("qrcode") == [number]
    left, top, right, bottom, px_width, px_height = pdf.ink_box()
    assert min(left, top, px_width - right, px_height - bottom) >= 0.14 * PRINTER_DPI
