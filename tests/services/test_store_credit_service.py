"""Store-credit vouchers: issued by returns, found by their code as typed, spent down to zero."""

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from counter_app.domain.validation import InputError
from counter_app.services import returns
from counter_app.services.errors import NotFoundError
from counter_app.services.policy import save_policy
from counter_app.services.store_credit import (
    Voucher,
    find_voucher,
    issue_voucher,
    normalise_code,
    spend_voucher,
)
from db.store.models import Store, StoreCredit

KETTLE_BARCODE = "2000000000015"
RECEIPT = "R-20260612-0001"
KETTLE_PAID_EACH = 2699
VOUCHER_CODE = re.compile(r"^SC-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")
KNOWN_CODE = "SC-01ABC-DEF23"


def credit_return(seeded: Any, *, now: datetime | None = None, **more: Any) -> Any:
    """A receipted kettle refunded as store credit at the customer's wish."""
    request = {
        "receipt_number": RECEIPT,
        "lines": [{"barcode": KETTLE_BARCODE, "quantity": 1, "condition": "unopened"}],
        "refund_tender": "store_credit",
        **more,
    }
    return returns.complete_return(
        database=seeded.database, staff=seeded.clerk, request=request, now=now or seeded.now
    )


def the_voucher(done: Any) -> Voucher:
    [payment] = done.payments
    assert payment.voucher is not None
    voucher: Voucher = payment.voucher
    return voucher


def add_voucher(
    seeded: Any, *, code: str = KNOWN_CODE, balance: int = 5000, expires_on: date | None = None
) -> None:
    with seeded.database.write() as session:
        session.add(
            StoreCredit(
                store_id=seeded.store.id,
                code=code,
                initial_cents=5000,
                balance_cents=balance,
                issued_at=seeded.now - timedelta(days=10),
                expires_on=expires_on or date(2027, 6, 1),
            )
        )


def spend(seeded: Any, code: str, cents: int, *, case_id: uuid.UUID, now: Any = None) -> Voucher:
    with seeded.database.write() as session:
        store = session.exec(select(Store)).one()
        return spend_voucher(
            session,
            store=store,
            staff_id=seeded.clerk.staff_id,
            code=code,
            amount_cents=cents,
            case_id=case_id,
            now=now or seeded.now,
            format_money=lambda amount: f"€{amount / 100:.2f}",
        )


def balance_of(seeded: Any, code: str) -> int:
    [(balance,)] = seeded.sql("SELECT balance_cents FROM storecredit WHERE code = ?", (code,))
    return int(balance)


# --------------------------------------------------------------------------- issued by a return


def test_store_credit_refund_issues_a_voucher_for_the_refund(seeded):
    done = credit_return(seeded)
    voucher = the_voucher(done)

    assert VOUCHER_CODE.match(voucher.code)
    assert (voucher.initial_cents, voucher.balance_cents) == (KETTLE_PAID_EACH, KETTLE_PAID_EACH)
    assert voucher.issued_at == seeded.now
    assert voucher.expires_on == date(2027, 6, 14)  # 365 days, the default policy
    [(code, initial, balance, case_id, payment_credit)] = seeded.sql(
        "SELECT s.code, s.initial_cents, s.balance_cents, s.case_id, p.store_credit_id "
        "FROM storecredit s JOIN payment p ON p.store_credit_id = s.id"
    )
    assert (code, initial, balance) == (voucher.code, KETTLE_PAID_EACH, KETTLE_PAID_EACH)
    assert case_id == done.id.hex
    assert payment_credit == voucher.id.hex
    [(payload,)] = seeded.sql("SELECT payload FROM outbox WHERE kind = 'voucher.issued'")
    data = json.loads(payload)["data"]
    assert (data["code"], data["initial_cents"], data["case_id"]) == (
        voucher.code,
        KETTLE_PAID_EACH,
        str(done.id),
    )
    [(staff_id, event_case)] = seeded.sql(
        "SELECT staff_id, case_id FROM auditevent WHERE action = 'voucher.issued'"
    )
    assert (staff_id, event_case) == (seeded.clerk.staff_id.hex, done.id.hex)


def test_voucher_expiry_counts_from_the_store_date(seeded):
    """23:30 UTC on 14 June is already 15 June in Dublin."""
    late = datetime(2026, 6, 14, 23, 30, tzinfo=UTC)
    voucher = the_voucher(credit_return(seeded, now=late, arrived_at=late.isoformat()))
    assert voucher.expires_on == date(2027, 6, 15)


def test_voucher_validity_follows_the_policy(seeded):
    save_policy(database=seeded.database, staff=seeded.manager, rules={"voucher_valid_days": 30})
    voucher = the_voucher(credit_return(seeded))
    assert voucher.expires_on == date(2026, 7, 14)


def test_voucher_keeps_the_customer_of_the_case(seeded):
    customer = {"name": "Aoife Byrne", "phone": "+353 87 123 4567", "consent": True}
    done = credit_return(seeded, customer=customer)
    [(voucher_customer, case_customer)] = seeded.sql(
        "SELECT s.customer_id, c.customer_id FROM storecredit s "
        "JOIN service_case c ON c.id = s.case_id"
    )
    assert voucher_customer == case_customer is not None
    assert the_voucher(done).code


def test_voucher_codes_differ_and_keep_their_shape(seeded):
    with seeded.database.write() as session:
        store = session.exec(select(Store)).one()
        codes = [
            issue_voucher(
                session,
                store=store,
                staff_id=seeded.clerk.staff_id,
                case_id=None,
                customer_id=None,
                amount_cents=100,
                valid_days=10,
                now=seeded.now,
            ).code
            for _ in range(200)
        ]
    assert len(set(codes)) == 200
    assert all(VOUCHER_CODE.match(code) for code in codes)
    assert seeded.count("storecredit") == 200


def test_a_voucher_for_nothing_is_refused(seeded):
    with seeded.database.write() as session:
        store = session.exec(select(Store)).one()
        with pytest.raises(InputError) as refused:
            issue_voucher(
                session,
                store=store,
                staff_id=seeded.clerk.staff_id,
                case_id=None,
                customer_id=None,
                amount_cents=0,
                valid_days=10,
                now=seeded.now,
            )
    assert [problem.field for problem in refused.value.problems] == ["amount"]
    assert seeded.count("storecredit") == 0


# --------------------------------------------------------------------------- finding


def test_voucher_is_found_by_its_code_typed_any_way(seeded):
    voucher = the_voucher(credit_return(seeded))
    for typed in (
        voucher.code,
        voucher.code.lower(),
        voucher.code.lower().replace("-", ""),
        f"  {voucher.code.replace('-', ' ')}  ",
    ):
        assert find_voucher(database=seeded.database, code=typed) == voucher, typed


def test_letters_that_read_alike_are_taken_as_digits(seeded):
    add_voucher(seeded)
    found = find_voucher(database=seeded.database, code="sc-olabc-def23")
    assert found.code == KNOWN_CODE
    assert normalise_code("SCOIABCDEF23") == KNOWN_CODE
    assert normalise_code("01ABC-DEF23") == KNOWN_CODE  # without the printed prefix


def test_unknown_voucher_is_not_found(seeded):
    with pytest.raises(NotFoundError, match="No voucher SC-22222-22222 at this store"):
        find_voucher(database=seeded.database, code="SC-22222-22222")


@pytest.mark.parametrize("typed", ["", "SC-123", "SC-12345-123456", "SC-UUUUU-22222", "hello"])
def test_something_that_is_not_a_code_is_refused_with_an_example(seeded, typed):
    with pytest.raises(InputError) as refused:
        find_voucher(database=seeded.database, code=typed)
    assert [problem.field for problem in refused.value.problems] == ["voucher_code"]
    assert "SC-7K2QM-94XDA" in str(refused.value)


# --------------------------------------------------------------------------- spending


def test_spending_takes_the_amount_off_and_records_it(seeded):
    case_id = credit_return(seeded).id
    add_voucher(seeded)

    after = spend(seeded, "sc01abcdef23", 1200, case_id=case_id)

    assert after.balance_cents == 3800
    assert balance_of(seeded, KNOWN_CODE) == 3800
    [(details,)] = seeded.sql("SELECT details FROM auditevent WHERE action = 'voucher.spent'")
    assert json.loads(details) == {
        "code": KNOWN_CODE,
        "amount_cents": 1200,
        "balance_cents": 3800,
    }
    assert spend(seeded, KNOWN_CODE, 3800, case_id=case_id).balance_cents == 0


def test_spending_more_than_the_balance_is_refused_and_nothing_changes(seeded):
    case_id = credit_return(seeded).id
    add_voucher(seeded, balance=1000)
    events = seeded.count("auditevent")
    with pytest.raises(InputError) as refused:
        spend(seeded, KNOWN_CODE, 1001, case_id=case_id)
    assert str(refused.value) == (
        f"Voucher {KNOWN_CODE} has €10.00 left, less than the €10.01 to pay."
    )
    assert balance_of(seeded, KNOWN_CODE) == 1000
    assert seeded.count("auditevent") == events


def test_an_expired_voucher_cannot_be_spent(seeded):
    case_id = credit_return(seeded).id
    add_voucher(seeded, expires_on=date(2026, 6, 13))
    with pytest.raises(InputError, match="expired on 13 Jun 2026"):
        spend(seeded, KNOWN_CODE, 100, case_id=case_id)
    assert balance_of(seeded, KNOWN_CODE) == 5000


def test_a_voucher_can_be_spent_on_its_last_day(seeded):
    case_id = credit_return(seeded).id
    add_voucher(seeded, expires_on=date(2026, 6, 14))
    assert spend(seeded, KNOWN_CODE, 100, case_id=case_id).balance_cents == 4900
    voucher = find_voucher(database=seeded.database, code=KNOWN_CODE)
    assert not voucher.expired(date(2026, 6, 14))
    assert voucher.expired(date(2026, 6, 15))


def test_spending_an_unknown_voucher_is_not_found(seeded):
    case_id = credit_return(seeded).id
    with pytest.raises(NotFoundError):
        spend(seeded, "SC-22222-22222", 100, case_id=case_id)
