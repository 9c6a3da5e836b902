"""Saving a return cheaply without losing a guarantee: the chain, the numbers, the reads.

A return is the counter's most frequent save, so it reads each thing once and
writes its rows together. These tests hold the shortcuts to what they replace:
the audit chain kept on the session still links every event (savepoints
included), the one-statement case number still counts per day, and the reads
a return needs are made once, not once per line.
"""

import json
import re
import uuid
from datetime import date, timedelta
from typing import Any

from captured_statements import captured_statements

from counter_app.domain.return_policy import FaultFlagRule
from counter_app.services import returns
from counter_app.services.audit import verify_audit_chain
from counter_app.services.case_records import next_case_number
from counter_app.services.product_faults import check_product_faults
from counter_app.services.recording import record_change
from counter_app.services.store_setup import load_store
from db.store.models import Product

RECEIPT = "R-20260612-0001"
KETTLE_PRICE, TOASTER_PRICE, HEADPHONES_PRICE = 2999, 4599, 7999
KETTLE_PAID_EACH = 2699  # (2 x 29.99 - 6.00) / 2, two days before the seeded return


def _record(session: Any, seeded: Any, action: str) -> Any:
    return record_change(
        session,
        store_id=seeded.store.id,
        staff_id=seeded.clerk.staff_id,
        action=action,
        entity="test",
        entity_id=action,
        details={"action": action},
        now=seeded.now,
    )


def _chain(seeded: Any) -> list[tuple[int, str, str, str]]:
    return [
        (seq, action, prev_hash, link)
        for seq, action, prev_hash, link in seeded.sql(
            "SELECT seq, action, prev_hash, hash FROM auditevent ORDER BY seq"
        )
    ]


def _receipt_lines(seeded: Any) -> list[str]:
    return [
        str(uuid.UUID(hex=row[0]))
        for row in seeded.sql(
            "SELECT id FROM saleline WHERE sale_id = ? ORDER BY line_no", (seeded.sale_id.hex,)
        )
    ]


def _return_lines(seeded: Any, *, toaster: bool = True) -> Any:
    """One kettle back from the seeded receipt, and its toaster unless told not to."""
    kettle_line, toaster_line = _receipt_lines(seeded)
    lines = [{"sale_line_id": kettle_line, "quantity": 1, "condition": "unopened"}]
    if toaster:
        lines.append({"sale_line_id": toaster_line, "quantity": 1, "condition": "unopened"})
    return returns.complete_return(
        database=seeded.database,
        staff=seeded.clerk,
        request={"receipt_number": RECEIPT, "lines": lines, "card_reference": "AUTH-1"},
        now=seeded.now,
    )


# --------------------------------------------------------------------------- the audit chain


def test_changes_recorded_in_one_unit_of_work_link_one_after_another(seeded):
    before = _chain(seeded)
    with seeded.database.write() as session:
        recorded = [_record(session, seeded, f"test.step{n}") for n in range(3)]

    after = _chain(seeded)
    assert after[: len(before)] == before
    added = after[len(before) :]
    assert [row[1] for row in added] == ["test.step0", "test.step1", "test.step2"]
    assert [row[0] for row in added] == [before[-1][0] + 1 + n for n in range(3)]
    assert [row[3] for row in added] == [event.hash for event in recorded]
    for previous, current in zip([before[-1], *added], added, strict=False):
        assert current[2] == previous[3]
    # Each outbox row names its event as written.
    payloads = [
        json.loads(payload)["audit"]
        for (payload,) in seeded.sql(
            "SELECT payload FROM outbox WHERE kind LIKE 'test.%' ORDER BY seq"
        )
    ]
    assert payloads == [
        {"id": str(event.id), "seq": event.seq, "hash": event.hash} for event in recorded
    ]
    report = verify_audit_chain(database=seeded.database)
    assert report.intact, report.broken


def test_a_savepoint_rolled_back_takes_its_events_and_the_chain_goes_on_from_before_it(seeded):
    with seeded.database.write() as session:
        kept = _record(session, seeded, "test.kept")
        savepoint = session.begin_nested()
        _record(session, seeded, "test.undone")
        savepoint.rollback()
        after = _record(session, seeded, "test.after")

    assert after.seq == kept.seq + 1
    assert after.prev_hash == kept.hash
    actions = [row[1] for row in _chain(seeded)]
    assert "test.undone" not in actions
    assert actions[-2:] == ["test.kept", "test.after"]
    assert seeded.count("auditevent") == seeded.count("outbox")
    report = verify_audit_chain(database=seeded.database)
    assert report.intact, report.broken


def test_a_later_unit_of_work_reads_the_chain_written_by_another_connection(seeded):
    with seeded.database.write() as session:
        _record(session, seeded, "test.first")
    # Another connection appends to the chain in between (as the bench's baseline does).
    last_seq, last_hash = seeded.sql("SELECT seq, hash FROM auditevent ORDER BY seq DESC")[0]
    with seeded.database.write() as session:
        event = _record(session, seeded, "test.second")
    assert (event.seq, event.prev_hash) == (last_seq + 1, last_hash)


# --------------------------------------------------------------------------- case numbers


def test_case_numbers_count_per_day_in_one_statement(seeded):
    day, next_day = date(2026, 6, 14), date(2026, 6, 15)
    with seeded.database.write() as session:
        store = load_store(session)
        with captured_statements(seeded.database) as seen:
            first = next_case_number(session, store, day)
        second = next_case_number(session, store, day)
        other_day = next_case_number(session, store, next_day)
    with seeded.database.write() as session:
        third = next_case_number(session, load_store(session), day)

    assert len(seen) == 1
    assert [str(n) for n in (first, second, other_day, third)] == [
        "S012-20260614-0001",
        "S012-20260614-0002",
        "S012-20260615-0001",
        "S012-20260614-0003",
    ]
    assert seeded.sql(
        "SELECT business_date, last_number FROM casenumbercounter ORDER BY business_date"
    ) == [("2026-06-14", 3), ("2026-06-15", 1)]


# --------------------------------------------------------------------------- what a return reads


def test_recent_prices_of_every_line_come_from_one_read(seeded):
    with seeded.database.read() as session:
        products = [
            session.get(Product, seeded.product_ids[key])
            for key in ("kettle", "toaster", "headphones")
        ]
        with captured_statements(seeded.database) as seen:
            prices = returns.lowest_recent_prices(
                session,
                [product for product in products if product is not None],
                since=seeded.now - timedelta(days=90),
                currency="EUR",
            )

    assert len(seen) == 1
    assert {key: prices[seeded.product_ids[key]].minor_units for key in seeded.product_ids} == {
        "kettle": KETTLE_PAID_EACH,  # sold for less than its price: the lower figure
        "toaster": TOASTER_PRICE,  # sold at its price
        "headphones": HEADPHONES_PRICE,  # never sold: its price now
    }


def test_recent_prices_count_only_sales_since_the_lookback(seeded):
    with seeded.database.read() as session:
        kettle = session.get(Product, seeded.product_ids["kettle"])
        assert kettle is not None
        prices = returns.lowest_recent_prices(
            session, [kettle], since=seeded.now - timedelta(days=1), currency="EUR"
        )
    assert prices[kettle.id].minor_units == KETTLE_PRICE


def test_a_receipt_return_reads_each_thing_once_whatever_its_lines(seeded):
    with captured_statements(seeded.database) as seen:
        saved = _return_lines(seeded)

    statements = [re.sub(r"\s+", " ", statement) for statement, _ in seen]

    def reading(pattern: str) -> list[str]:
        return [s for s in statements if re.search(pattern, s)]

    assert len(saved.decision.lines) == 2
    assert len(reading(r"^SELECT store\.")) == 1
    assert len(reading(r"^SELECT policy\.")) == 1
    assert len(reading(r"min\(")) == 1  # the recent prices of both lines
    assert len(reading(r"FROM productfaultflag .*cleared_at IS NULL")) == 1  # open flags, both
    assert len(reading(r"^SELECT auditevent\.seq")) == 1  # the chain's end, for both events
    assert reading(r"^SELECT product\.") == []  # the receipt's read brought its products
    assert len(reading(r"casenumbercounter")) == 1
    report = verify_audit_chain(database=seeded.database)
    assert report.intact, report.broken


# --------------------------------------------------------------------------- fault flags


def test_the_fault_check_applies_the_rule_it_is_given_and_flags_a_product_once(seeded):
    saved = [_return_lines(seeded), _return_lines(seeded, toaster=False)]  # both kettles
    assert all(not result.fault_flags for result in saved)  # the policy's count is 3
    tighter = FaultFlagRule(count=2, window_days=30)
    kettle, toaster = seeded.product_ids["kettle"], seeded.product_ids["toaster"]

    def check(rule: FaultFlagRule | None) -> list[Any]:
        with seeded.database.write() as session:
            return check_product_faults(
                session,
                store=load_store(session),
                product_ids=[kettle, toaster, kettle],
                case_id=saved[-1].id,
                staff_id=seeded.clerk.staff_id,
                now=seeded.now,
                rule=rule,
            )

    assert check(None) == []
    flagged = check(tighter)
    # The kettle came back twice; the toaster was on the receipt once, so only once back.
    assert [flag.product_id for flag in flagged] == [kettle]
    assert (flagged[0].returns, flagged[0].window_days) == (2, 30)
    assert check(tighter) == []  # already flagged and not cleared
    assert seeded.count("productfaultflag") == 1
