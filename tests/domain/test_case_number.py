from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.case_number import CaseNumber, CaseNumberError

quick = settings(database=None, deadline=None)

store_codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=16)
# Years below 1000 are left out: strftime("%Y") does not zero-pad them on glibc.
business_dates = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
sequences = st.integers(min_value=1, max_value=999_999)


def test_format() -> None:
    assert str(CaseNumber("S012", date(2026, 11, 23), 42)) == "S012-20261123-0042"


def test_format_pads_sequence_to_four_and_grows_beyond() -> None:
    assert str(CaseNumber("S1", date(2026, 1, 5), 1)) == "S1-20260105-0001"
    assert str(CaseNumber("S1", date(2026, 1, 5), 9999)) == "S1-20260105-9999"
    assert str(CaseNumber("S1", date(2026, 1, 5), 123_456)) == "S1-20260105-123456"


def test_parse() -> None:
    number = CaseNumber.parse("S012-20261123-0042")
    assert number == CaseNumber("S012", date(2026, 11, 23), 42)
    assert number.store_code == "S012"
    assert number.business_date == date(2026, 11, 23)
    assert number.sequence == 42


@pytest.mark.parametrize(
    "typed",
    [
        "s012-20261123-0042",
        "  S012-20261123-0042  ",
        "\ts012-20261123-0042\n",
        " S012-20261123-0042\r\n",
    ],
)
def test_parse_forgives_surrounding_spaces_and_lower_case(typed: str) -> None:
    assert CaseNumber.parse(typed) == CaseNumber("S012", date(2026, 11, 23), 42)


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "hello",
        "S012",
        "S012-20261123",
        "S012-2026-11-23-0042",
        "S012_20261123_0042",
        "S012-20261123-042",
        "S012-20261123-1234567",
        "S-012-20261123-0042",
        "ABCDEFGHIJKLMNOPQ-20261123-0042",
        "S012-20261123-0042-1",
        "S012-20261123-0042; DROP TABLE service_case;--",
        "S0!2-20261123-0042",
    ],
)
def test_parse_refuses_junk_with_an_example(junk: str) -> None:
    with pytest.raises(CaseNumberError, match=r"is not a case number; they look like S012-"):
        CaseNumber.parse(junk)


def test_parse_quotes_the_typed_text_trimmed_to_forty_characters() -> None:
    with pytest.raises(CaseNumberError) as caught:
        CaseNumber.parse("  " + "x" * 100)
    message = str(caught.value)
    assert repr("x" * 40) in message
    assert "x" * 41 not in message


@pytest.mark.parametrize("day", ["20261323", "20260230", "20260000", "00001123"])
def test_parse_refuses_impossible_dates(day: str) -> None:
    with pytest.raises(CaseNumberError, match=f"{day} in .* is not a date"):
        CaseNumber.parse(f"S012-{day}-0042")


def test_parse_refuses_sequence_zero() -> None:
    with pytest.raises(CaseNumberError, match="from 1 to 999999"):
        CaseNumber.parse("S012-20261123-0000")


@pytest.mark.parametrize("sequence", [0, -1, 1_000_000])
def test_sequence_out_of_range_is_refused(sequence: int) -> None:
    with pytest.raises(CaseNumberError, match="from 1 to 999999"):
        CaseNumber("S012", date(2026, 11, 23), sequence)


@pytest.mark.parametrize("code", ["", "s012", "S 12", "S-12", "ABCDEFGHIJKLMNOPQ", "Ä12"])
def test_bad_store_code_is_refused(code: str) -> None:
    with pytest.raises(CaseNumberError, match="1 to 16 capital letters or digits"):
        CaseNumber(code, date(2026, 11, 23), 1)


def test_case_number_error_is_a_value_error() -> None:
    assert issubclass(CaseNumberError, ValueError)


@given(store_codes, business_dates, sequences)
@settings(database=None, deadline=None, max_examples=300)
def test_str_parse_round_trip(code: str, day: date, sequence: int) -> None:
    number = CaseNumber(code, day, sequence)
    text = str(number)
    assert CaseNumber.parse(text) == number
    assert CaseNumber.parse(f"  {text.lower()} ") == number
    assert str(CaseNumber.parse(text)) == text


@given(store_codes, business_dates, sequences)
@quick
def test_format_shape(code: str, day: date, sequence: int) -> None:
    store, day_text, seq_text = str(CaseNumber(code, day, sequence)).split("-")
    assert store == code
    assert len(day_text) == 8
    assert day_text.isdigit()
    assert len(seq_text) == max(4, len(str(sequence)))
