"""A generated store day for the daily summary's tests, with its true figures.

The generator writes cases through the real services (intake, returns,
exchanges, complaints, walk-ins, status changes) with a seeded random mix, and
records as it goes what each one should add to its store-local day: counts,
money per tender, vouchers, fees, overrides, and the waiting and resolution
times that follow from the ``now=`` it passes. Cases on the days around (and
just either side of local midnight in Dublin, where the UTC date differs) are
written too, recorded under their own days, so they must not count.
"""

import math
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.services import cases, complaints, exchanges, intake, returns, walk_ins
from counter_app.services.errors import ApprovalRequiredError
from db.store.models import Sale, SaleLine

# The seeded store of tests/services/conftest.py: its barcodes and the manager's PIN.
Seeded = Any
KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
HEADPHONES_BARCODE = "2000000000039"
MANAGER_PIN = "2468"

DUBLIN = ZoneInfo("Europe/Dublin")
DAY = date(2026, 6, 14)  # a Sunday; Dublin is UTC+1, so the day is 13 Jun 23:00 to 14 Jun 23:00 UTC
SOLD_AT = datetime(2026, 5, 30, 10, 0, tzinfo=UTC)
BARCODES = {"kettle": KETTLE_BARCODE, "toaster": TOASTER_BARCODE, "headphones": HEADPHONES_BARCODE}
NAMES = {"kettle": "Kettle Classic Steel", "toaster": "Toaster Pro White"}
NAMES["headphones"] = "Headphones Max Black"
CATEGORIES = ("Product quality", "Service", "Delivery")
SEVERITIES = ("low", "medium", "high", "critical")
# What a manager's approval of a cash refund over the cash limit is recorded as.
RETURN_OVERRIDE_KIND = "approval"
KINDS = (
    "return_cash",
    "return_card",
    "return_credit",
    "return_override",
    "exchange_charge",
    "exchange_voucher",
    "exchange_refund",
    "complaint_apology",
    "complaint_voucher",
    "complaint_refund",
    "complaint_override",
    "complaint_open",
)


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A store-local time on ``day``, as aware UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=DUBLIN).astimezone(
        UTC
    )


def p90(values: list[int]) -> int | None:
    """Nearest-rank 90th percentile, as the summary defines it."""
    if not values:
        return None
    return sorted(values)[math.ceil(0.9 * len(values)) - 1]


@dataclass
class DayTruth:
    """What one local day should show, recorded as the generator writes it."""

    by_type: Counter[str] = field(default_factory=Counter)
    by_status: dict[uuid.UUID, str] = field(default_factory=dict)
    money: Counter[tuple[str, str]] = field(default_factory=Counter)  # (case type, kind)
    refunds: Counter[str] = field(default_factory=Counter)  # by tender
    charges: Counter[str] = field(default_factory=Counter)
    issued: list[int] = field(default_factory=list)
    redeemed: list[int] = field(default_factory=list)
    fees: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    returned: Counter[str] = field(default_factory=Counter)
    complained: Counter[str] = field(default_factory=Counter)
    flags: list[str] = field(default_factory=list)
    waits: list[int] = field(default_factory=list)
    resolutions: dict[uuid.UUID, int] = field(default_factory=dict)
    first_contact: set[uuid.UUID] = field(default_factory=set)
    overrides: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)
    hours: Counter[int] = field(default_factory=Counter)  # cases created, by local hour
    arrivals: Counter[int] = field(default_factory=Counter)  # customers come, by local hour

    def merged(self, other: "DayTruth") -> "DayTruth":
        """Two days' truths as one range's."""
        return DayTruth(
            self.by_type + other.by_type,
            {**self.by_status, **other.by_status},
            self.money + other.money,
            self.refunds + other.refunds,
            self.charges + other.charges,
            self.issued + other.issued,
            self.redeemed + other.redeemed,
            self.fees + other.fees,
            self.categories + other.categories,
            self.severities + other.severities,
            self.returned + other.returned,
            self.complained + other.complained,
            self.flags + other.flags,
            self.waits + other.waits,
            {**self.resolutions, **other.resolutions},
            self.first_contact | other.first_contact,
            self.overrides + other.overrides,
            self.hours + other.hours,
            self.arrivals + other.arrivals,
        )


@dataclass
class Expected:
    """Open cases at the end of :data:`DAY`, as the generator left them."""

    by_age: Counter[str] = field(default_factory=Counter)
    follow_up_today: int = 0
    overdue: int = 0


class DayWriter:
    """Writes cases through the services and keeps each local day's truth."""

    def __init__(self, seeded: Seeded, rng: random.Random) -> None:
        self.s = seeded
        self.rng = rng
        self.days: dict[date, DayTruth] = {}
        self.open = Expected()
        self.vouchers: list[str] = []
        self.arrivals: dict[uuid.UUID, datetime] = {}

    def truth(self, moment: datetime) -> DayTruth:
        return self.days.setdefault(moment.astimezone(DUBLIN).date(), DayTruth())

    # ------------------------------------------------------------------ helpers

    def sale(self, product: str, quantity: int, tender: str) -> str:
        """A receipt of ``quantity`` x ``product`` at list price, as head office would sync it."""
        number = f"R-GEN-{uuid.uuid4().hex[:10].upper()}"
        price = {"kettle": 2999, "toaster": 4599, "headphones": 7999}[product]
        with self.s.database.write() as session:
            sale = Sale(
                store_id=self.s.store.id,
                receipt_number=number,
                sold_at=SOLD_AT,
                total_cents=price * quantity,
                tender=tender,
                card_last4="4242" if tender == "card" else None,
            )
            session.add(sale)
            session.flush()
            session.add(
                SaleLine(
                    sale_id=sale.id,
                    line_no=1,
                    product_id=self.s.product_ids[product],
                    quantity=quantity,
                    unit_price_cents=price,
                )
            )
        return number

    def approval(self, reason: str) -> dict[str, Any]:
        return {"manager_id": str(self.s.manager.staff_id), "pin": MANAGER_PIN, "reason": reason}

    def _case(
        self, truth: DayTruth, case_id: uuid.UUID, case_type: str, status: str, created: datetime
    ) -> None:
        truth.by_type[case_type] += 1
        truth.by_status[case_id] = status
        truth.hours[created.astimezone(DUBLIN).hour] += 1

    def _payments(self, truth: DayTruth, case_type: str, payments: Any) -> None:
        for payment in payments:
            truth.money[(case_type, payment.kind)] += payment.amount_cents
            (truth.refunds if payment.kind == "refund" else truth.charges)[payment.tender] += (
                payment.amount_cents
            )
            if payment.voucher is not None and payment.kind == "refund":
                truth.issued.append(payment.amount_cents)
                self.vouchers.append(payment.voucher.code)
            if payment.kind == "charge" and payment.tender == "store_credit":
                truth.redeemed.append(payment.amount_cents)

    def _flags(self, truth: DayTruth, flags: Any) -> None:
        truth.flags.extend(flag.product_name for flag in flags)

    # ------------------------------------------------------------------ cases

    def counter_case(self, kind: str, moment: datetime, wait: int) -> uuid.UUID:
        """A return or exchange settled at the counter at ``moment`` after ``wait`` seconds."""
        truth = self.truth(moment)
        condition = self.rng.choice(("unopened", "opened", "damaged", "defective"))
        arrived = moment - timedelta(seconds=wait)
        if kind.startswith("return"):
            product = (
                "headphones"
                if kind == "return_override"
                else self.rng.choice(("kettle", "toaster"))
            )
            quantity = 2 if kind == "return_override" else 1
            tender = "card" if kind == "return_card" else "cash"
            request: dict[str, Any] = {
                "receipt_number": self.sale(product, quantity, tender),
                "lines": [
                    {"barcode": BARCODES[product], "quantity": quantity, "condition": condition}
                ],
                "arrived_at": arrived.isoformat(),
                "summary": kind,
            }
            if tender == "card":
                request["card_reference"] = "AUTH-1"
            if kind == "return_credit":
                request["refund_tender"] = "store_credit"
            if kind == "return_override":
                request["lines"][0]["condition"] = "unopened"
                request["approval"] = self.approval("Regular customer, cash over the limit")
            done: Any = returns.complete_return(
                database=self.s.database, staff=self.s.clerk, request=request, now=moment
            )
            case_type = "return"
            self.returned(truth, product, quantity)
        else:
            product_in = "headphones" if kind == "exchange_refund" else "kettle"
            product_out = "kettle" if kind == "exchange_refund" else "toaster"
            tender = "card" if kind == "exchange_refund" else self.rng.choice(("cash", "card"))
            request = {
                "receipt_number": self.sale(product_in, 1, tender),
                "lines_in": [
                    {
                        "barcode": BARCODES[product_in],
                        "quantity": 1,
                        "condition": "unopened" if kind != "exchange_charge" else condition,
                    }
                ],
                "lines_out": [{"barcode": BARCODES[product_out], "quantity": 1}],
                "arrived_at": arrived.isoformat(),
                "card_reference": "AUTH-2",
            }
            if kind == "exchange_voucher" and self.vouchers:
                request["payment"] = {"voucher_code": self.vouchers[-1], "tender": "cash"}
            elif kind != "exchange_refund":
                pay = self.rng.choice(("cash", "card"))
                request["payment"] = {"tender": pay}
                if pay == "card":
                    request["payment"] |= {"card_last4": "1111", "reference": "AUTH-3"}
            try:
                done = exchanges.complete_exchange(
                    database=self.s.database, staff=self.s.clerk, request=request, now=moment
                )
            except ApprovalRequiredError:
                request["approval"] = self.approval("Exchange the policy left to a manager")
                done = exchanges.complete_exchange(
                    database=self.s.database, staff=self.s.clerk, request=request, now=moment
                )
            case_type = "exchange"
            self.returned(truth, product_in, 1)
        self.arrivals[done.id] = arrived
        self._case(truth, done.id, case_type, "resolved", moment)
        truth.arrivals[arrived.astimezone(DUBLIN).hour] += 1
        self._payments(truth, case_type, done.payments)
        self._flags(truth, done.fault_flags)
        truth.fees += done.decision.total_fees.minor_units
        truth.waits.append(wait)
        truth.resolutions[done.id] = wait
        truth.first_contact.add(done.id)
        if done.approved_by is not None:
            truth.overrides.append(
                (
                    done.number,
                    RETURN_OVERRIDE_KIND,
                    self.s.manager.name,
                    self.s.clerk.name,
                    request["approval"]["reason"],
                    done.decision.net_refund.minor_units,
                )
            )
        return done.id

    def returned(self, truth: DayTruth, product: str, quantity: int) -> None:
        truth.returned[NAMES[product]] += quantity

    def complaint(
        self,
        kind: str,
        moment: datetime,
        wait: int,
        *,
        follow_up_on: date | None = None,
        arrived: datetime | None = None,
        waited_from_walk_in: bool = False,
    ) -> tuple[uuid.UUID, str]:
        """A complaint opened at ``moment``, then dealt with ``kind`` a few minutes later."""
        truth = self.truth(moment)
        category = self.rng.choice(CATEGORIES)
        severity = self.rng.choice(SEVERITIES)
        product = self.rng.choice(("kettle", "toaster", "headphones", None))
        details: dict[str, Any] = {
            "category": category,
            "severity": severity,
            "description": "Generated complaint",
        }
        if product is not None:
            details["product_barcode"] = BARCODES[product]
            truth.complained[NAMES[product]] += 1
        if kind == "complaint_open" and follow_up_on is not None:
            details["follow_up_on"] = follow_up_on.isoformat()
        opened = intake.open_case(
            database=self.s.database,
            staff=self.s.clerk,
            request={
                "case_type": "complaint",
                "complaint": details,
                "arrived_at": (arrived or moment - timedelta(seconds=wait)).isoformat(),
            },
            now=moment,
        )
        self._case(truth, opened.id, "complaint", "open", moment)
        truth.categories[category] += 1
        truth.severities[severity] += 1
        self._flags(truth, opened.fault_flags)
        if not waited_from_walk_in:
            truth.waits.append(wait)
            came = arrived or moment - timedelta(seconds=wait)
            truth.arrivals[came.astimezone(DUBLIN).hour] += 1
        if kind == "complaint_open":
            return opened.id, opened.number
        later = moment + timedelta(minutes=self.rng.randint(1, 20), seconds=self.rng.randint(0, 59))
        first_contact = self.rng.random() < 0.6
        resolution: dict[str, Any] = {"accommodation": "apology", "first_contact": first_contact}
        if kind == "complaint_voucher":
            cents = self.rng.randint(5, 40) * 100
            resolution = {"accommodation": "voucher", "amount": str(cents // 100)}
            truth.issued.append(cents)
        elif kind in ("complaint_refund", "complaint_override"):
            cents = 30000 if kind == "complaint_override" else self.rng.randint(5, 60) * 100
            tender = self.rng.choice(("cash", "card")) if kind == "complaint_refund" else "card"
            resolution = {"accommodation": "refund", "amount": str(cents // 100)}
            resolution["refund_tender"] = tender
            if tender == "card":
                resolution |= {"card_last4": "4242", "card_reference": "AUTH-4"}
            if kind == "complaint_override":
                resolution["approval"] = self.approval("Broken on delivery, full refund")
                truth.overrides.append(
                    (
                        opened.number,
                        "approval",
                        self.s.manager.name,
                        self.s.clerk.name,
                        "Broken on delivery, full refund",
                        cents,
                    )
                )
            truth.money[("complaint", "refund")] += cents
            truth.refunds[tender] += cents
        resolution["first_contact"] = first_contact
        complaints.resolve_complaint(
            database=self.s.database,
            staff=self.s.clerk,
            case_ref=opened.id,
            request=resolution,
            now=later,
        )
        truth.by_status[opened.id] = "resolved"
        started = arrived or moment - timedelta(seconds=wait)
        truth.resolutions[opened.id] = int((later - started).total_seconds())
        if first_contact:
            truth.first_contact.add(opened.id)
        return opened.id, opened.number

    def reopen(self, case_id: uuid.UUID, moment: datetime, *, resolve_again: bool) -> None:
        """Take a finished case back into work (and maybe resolve it again): not first contact."""
        truth = self.truth(moment)
        cases.change_status(
            database=self.s.database,
            staff=self.s.clerk,
            case_ref=case_id,
            target="in_progress",
            note="Customer came back",
            now=moment,
        )
        truth.first_contact.discard(case_id)
        arrived = self.arrivals[case_id]
        truth.resolutions.pop(case_id)
        truth.by_status[case_id] = "in_progress"
        if resolve_again:
            again = moment + timedelta(minutes=5)
            cases.change_status(
                database=self.s.database,
                staff=self.s.clerk,
                case_ref=case_id,
                target="resolved",
                now=again,
            )
            truth.by_status[case_id] = "resolved"
            truth.resolutions[case_id] = int((again - arrived).total_seconds())

    def close(self, case_id: uuid.UUID, moment: datetime) -> None:
        cases.change_status(
            database=self.s.database,
            staff=self.s.clerk,
            case_ref=case_id,
            target="closed",
            now=moment,
        )
        self.truth(moment).by_status[case_id] = "closed"

    def walk_in(self, moment: datetime, wait: int, kind: str | None) -> None:
        """A customer who queued ``wait`` seconds; then a case, a question, or gone."""
        truth = self.truth(moment)
        arrived = moment - timedelta(seconds=wait)
        queued = walk_ins.add_walk_in(
            database=self.s.database, staff=self.s.clerk, label="Generated", now=arrived
        )
        self.truth(arrived).arrivals[arrived.astimezone(DUBLIN).hour] += 1
        if kind == "left":
            walk_ins.finish_walk_in(
                database=self.s.database,
                staff=self.s.clerk,
                walk_in_id=queued.id,
                left=True,
                now=moment,
            )
            return
        walk_ins.call_walk_in(
            database=self.s.database, staff=self.s.clerk, walk_in_id=queued.id, now=moment
        )
        truth.waits.append(wait)
        case_ref = None
        if kind is not None:
            # Served a minute after being called; the case keeps the queue's arrival time.
            case_ref, _ = self.complaint(
                kind, moment + timedelta(minutes=1), 0, arrived=arrived, waited_from_walk_in=True
            )
        walk_ins.finish_walk_in(
            database=self.s.database,
            staff=self.s.clerk,
            walk_in_id=queued.id,
            case_ref=case_ref,
            now=moment + timedelta(minutes=2),
        )


def generate(seeded: Seeded, seed: int, count: int = 16) -> DayWriter:
    """Write :data:`DAY` with ``count`` random cases, and the cases around it."""
    rng = random.Random(seed)
    writer = DayWriter(seeded, rng)
    open_ = writer.open
    # Days before, still open at the end of DAY: older than a week, overdue, due today.
    writer.complaint("complaint_open", local(DAY - timedelta(days=13), 10), 60)
    open_.by_age["older"] += 1
    writer.complaint(
        "complaint_open",
        local(DAY - timedelta(days=4), 10),
        60,
        follow_up_on=DAY - timedelta(days=2),
    )
    open_.by_age["3-7 days"] += 1
    open_.overdue += 1
    writer.complaint("complaint_open", local(DAY - timedelta(days=1), 15), 90, follow_up_on=DAY)
    open_.by_age["1-2 days"] += 1
    open_.follow_up_today += 1
    # The same weekday one and two weeks before, for the comparison.
    writer.counter_case("return_cash", local(DAY - timedelta(weeks=1), 11), 300)
    writer.counter_case("return_card", local(DAY - timedelta(weeks=1), 12), 500)
    writer.counter_case("return_card", local(DAY - timedelta(weeks=2), 12), 120)
    # Either side of local midnight: 23:59 on the 13th and 00:00:30 on the 15th do not count,
    # 00:00:30 and 23:59 on the 14th (23:00:30 on the 13th and 22:59 on the 14th in UTC) do.
    writer.counter_case("return_cash", local(DAY - timedelta(days=1), 23, 59), 240)
    writer.counter_case("return_card", local(DAY, 0, 0, 30), 20)
    writer.counter_case("return_cash", local(DAY, 23, 59), 400)
    writer.counter_case("return_card", local(DAY + timedelta(days=1), 0, 0, 30), 10)
    writer.complaint("complaint_open", local(DAY + timedelta(days=1), 0, 1), 30)
    walk_late = local(DAY - timedelta(days=1), 23, 58)
    writer.walk_in(walk_late, 45, None)
    # The day itself: every kind once, then a random mix.
    kinds = list(KINDS) + [rng.choice(KINDS) for _ in range(max(0, count - len(KINDS)))]
    rng.shuffle(kinds)
    moment = local(DAY, 9)
    finished: list[uuid.UUID] = []
    for kind in kinds:
        moment += timedelta(minutes=rng.randint(25, 40), seconds=rng.randint(0, 59))
        wait = rng.randint(30, 1800)
        if kind.startswith("complaint"):
            follow = rng.choice((DAY, DAY + timedelta(days=2)))
            case_id, _ = writer.complaint(kind, moment, wait, follow_up_on=follow)
            if kind == "complaint_open":
                open_.by_age["today"] += 1
                open_.follow_up_today += follow == DAY
        else:
            if kind == "exchange_voucher" and not writer.vouchers:
                # A voucher to pay with: a return to store credit a little earlier.
                finished.append(writer.counter_case("return_credit", moment, wait))
                moment += timedelta(minutes=10)
            case_id = writer.counter_case(kind, moment, wait)
            finished.append(case_id)
    moment += timedelta(minutes=30)
    writer.walk_in(moment, rng.randint(60, 900), "complaint_apology")
    writer.walk_in(moment + timedelta(minutes=30), rng.randint(60, 900), None)
    writer.walk_in(moment + timedelta(minutes=60), rng.randint(60, 900), "left")
    writer.reopen(finished[0], moment + timedelta(minutes=90), resolve_again=True)
    writer.reopen(finished[1], moment + timedelta(minutes=100), resolve_again=False)
    open_.by_age["today"] += 1
    writer.close(finished[2], moment + timedelta(minutes=110))
    return writer
