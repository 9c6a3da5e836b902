"""Opening a case for a walk-in: a complaint, a return or an exchange.

The case, its lines, its complaint details, its audit event and its outbox
row are written in ONE unit of work: a crash or a refused line leaves
nothing behind. Lines are recorded at the price the customer paid (from the
receipt when there is one); the return policy prices them in a later step.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from sqlmodel import Session, select

from counter_app.domain.case_state import CaseStatus, CaseType
from counter_app.domain.money import Money, minor_unit_digits
from counter_app.domain.validation import (
    FieldProblem,
    InputError,
    clean_price,
    clean_quantity,
    refuse_float,
)
from counter_app.i18n import say, say_later
from counter_app.services.case_records import (
    CustomerInput,
    arrival_time,
    case_customer,
    case_header,
    next_case_number,
    product_by_barcode,
)
from counter_app.services.day_close import refuse_if_closed
from counter_app.services.inputs import ServiceInput, checked, parse_noting, text
from counter_app.services.policy import load_policy
from counter_app.services.product_faults import FaultFlag, check_product_faults
from counter_app.services.recording import record_change
from counter_app.services.sales import returned_quantities
from counter_app.services.search import index_case
from counter_app.services.staff import SignedIn, require_active
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import (
    Case,
    CaseLine,
    ComplaintDetail,
    Product,
    Sale,
    SaleLine,
)

MAX_LINES = 100

ItemCondition = Literal["unopened", "opened", "damaged", "defective"]
Severity = Literal["low", "medium", "high", "critical"]


class LineInput(ServiceInput):
    """An item coming back (``in``) or going out (``out``)."""

    direction: Literal["in", "out"]
    barcode: (
        Annotated[
            str, text(field="barcode", label=say_later("Barcode"), max_length=32, free_text=False)
        ]
        | None
    ) = None
    product_id: uuid.UUID | None = None
    description: Annotated[
        str,
        text(
            field="description", label=say_later("Item description"), max_length=200, required=False
        ),
    ] = ""
    quantity: Annotated[int, checked(clean_quantity)]
    # Checked in full with the store's currency in open_case; floats are stopped here,
    # before pydantic turns them into a Decimal that hides the lost cents.
    unit_price: Annotated[
        Decimal | str | int | None,
        checked(refuse_float, field="unit_price", label=say_later("Price")),
    ] = None
    condition: ItemCondition | None = None
    reason: Annotated[
        str,
        text(
            field="reason",
            label=say_later("Reason"),
            max_length=500,
            required=False,
            multiline=True,
        ),
    ] = ""

    @model_validator(mode="after")
    def _identifies_item(self) -> "LineInput":
        if self.barcode is None and self.product_id is None and not self.description:
            raise InputError.single(
                "barcode", say("Scan the item's barcode, or describe the item if it has none.")
            )
        if self.direction == "in" and self.condition is None:
            raise InputError.single(
                "condition",
                say("Choose the item's condition: unopened, opened, damaged or defective."),
            )
        return self


class ComplaintInput(ServiceInput):
    """What the complaint is about and what the customer would like."""

    category: Annotated[str, text(field="category", label=say_later("Category"), max_length=60)]
    severity: Severity = "medium"
    description: Annotated[
        str,
        text(field="description", label=say_later("Description"), max_length=4000, multiline=True),
    ]
    desired_outcome: Annotated[
        str,
        text(
            field="desired_outcome",
            label=say_later("Desired outcome"),
            max_length=500,
            required=False,
            multiline=True,
        ),
    ] = ""
    product_barcode: (
        Annotated[
            str,
            text(
                field="product_barcode",
                label=say_later("Product barcode"),
                max_length=32,
                free_text=False,
            ),
        ]
        | None
    ) = None
    follow_up_on: date | None = None


class NewCase(ServiceInput):
    """Everything the counter knows when it opens a case."""

    case_type: CaseType
    summary: Annotated[
        str,
        text(
            field="summary",
            label=say_later("Summary"),
            max_length=500,
            required=False,
            multiline=True,
        ),
    ] = ""
    receipt_number: (
        Annotated[
            str,
            text(
                field="receipt_number",
                label=say_later("Receipt number"),
                max_length=40,
                free_text=False,
            ),
        ]
        | None
    ) = None
    customer_id: uuid.UUID | None = None
    customer: CustomerInput | None = None
    lines: list[LineInput] = Field(default_factory=list, max_length=MAX_LINES)
    complaint: ComplaintInput | None = None
    arrived_at: datetime | None = None

    @model_validator(mode="after")
    def _fits_its_type(self) -> "NewCase":
        directions = {line.direction for line in self.lines}
        if self.customer_id is not None and self.customer is not None:
            raise InputError.single(
                "customer", say("Pick an existing customer or add a new one, not both.")
            )
        if self.case_type is CaseType.COMPLAINT and self.complaint is None:
            raise InputError.single(
                "complaint", say("A complaint needs a category and a description.")
            )
        if self.case_type is not CaseType.COMPLAINT and self.complaint is not None:
            raise InputError.single(
                "complaint", say("Complaint details belong on a complaint case.")
            )
        if self.case_type is CaseType.RETURN and (directions != {"in"}):
            raise InputError.single(
                "lines", say("A return needs at least one item coming back and no items going out.")
            )
        if self.case_type is CaseType.EXCHANGE and directions != {"in", "out"}:
            raise InputError.single(
                "lines", say("An exchange needs at least one item coming back and one going out.")
            )
        if self.arrived_at is not None and self.arrived_at.tzinfo is None:
            raise InputError.single("arrived_at", say("The arrival time must carry its time zone."))
        return self


@dataclass(frozen=True)
class OpenedCase:
    """The case just saved: its id for systems, its number for people.

    ``fault_flags`` are the products this case flagged as possibly faulty,
    so the counter can tell the clerk to let the manager know.
    """

    id: uuid.UUID
    number: str
    status: CaseStatus
    fault_flags: tuple[FaultFlag, ...] = ()
    # Why something typed was changed before saving (a card number cut to its last four).
    notices: tuple[str, ...] = ()


def _more_than_bought(sale: Sale, bought: int, before: int) -> str:
    """Why a receipt line cannot take that many units back (the return policy's own words)."""
    if before:
        return say(
            "Only {left} of the {bought} bought on receipt {receipt} "
            "can still come back ({before} already returned)."
        ).format(
            left=max(bought - before, 0),
            bought=bought,
            receipt=sale.receipt_number,
            before=before,
        )
    return say("Only {bought} were bought on receipt {receipt}.").format(
        bought=bought, receipt=sale.receipt_number
    )


def _resolve_lines(
    session: Session, request: NewCase, sale: Sale | None, currency: str
) -> list[CaseLine]:
    """Find each line's product and price; collect every problem before refusing."""
    problems: list[FieldProblem] = []
    lines: list[CaseLine] = []
    digits = minor_unit_digits(currency)
    sale_lines: dict[uuid.UUID, SaleLine] = {}
    if sale is not None:
        for receipt_line in session.exec(select(SaleLine).where(SaleLine.sale_id == sale.id)):
            sale_lines.setdefault(receipt_line.product_id, receipt_line)
    # Units of each receipt line already coming back, on earlier cases and earlier lines here.
    returned = returned_quantities(session, [line.id for line in sale_lines.values()])
    for index, line in enumerate(request.lines):
        where = f"lines.{index}"
        product = None
        if line.product_id is not None:
            product = session.get(Product, line.product_id)
        elif line.barcode is not None:
            product = product_by_barcode(session, line.barcode)
        if (line.product_id is not None or line.barcode is not None) and product is None:
            scanned = line.barcode or str(line.product_id)
            problems.append(
                FieldProblem(
                    where,
                    say(
                        "Line {number}: no product with barcode {barcode} in the catalog; "
                        "check the code or describe the item instead."
                    ).format(number=index + 1, barcode=scanned),
                )
            )
            continue
        sale_line = sale_lines.get(product.id) if product is not None else None
        if line.unit_price is not None:
            try:
                price = clean_price(line.unit_price, decimals=digits, field=f"{where}.unit_price")
            except InputError as error:
                problems.extend(
                    FieldProblem(
                        p.field,
                        say("Line {number}: {problem}").format(number=index + 1, problem=p.message),
                    )
                    for p in error.problems
                )
                continue
            unit_cents = Money.of(price, currency).minor_units
        elif sale_line is not None:
            paid = sale_line.unit_price_cents * sale_line.quantity - sale_line.discount_cents
            unit_cents = paid // sale_line.quantity
        elif product is not None:
            unit_cents = product.price_cents
        else:
            unit_cents = 0
        if (
            sale is not None
            and line.direction == "in"
            and product is not None
            and sale_line is None
        ):
            problems.append(
                FieldProblem(
                    where,
                    say("Line {number}: {product} is not on receipt {receipt}.").format(
                        number=index + 1, product=product.name, receipt=sale.receipt_number
                    ),
                )
            )
            continue
        if sale is not None and sale_line is not None and line.direction == "in":
            before = returned.get(sale_line.id, 0)
            if line.quantity > sale_line.quantity - before:
                problems.append(
                    FieldProblem(
                        f"{where}.quantity",
                        say("Line {number}: {problem}").format(
                            number=index + 1,
                            problem=_more_than_bought(sale, sale_line.quantity, before),
                        ),
                    )
                )
                continue
            returned[sale_line.id] = before + line.quantity
        lines.append(
            CaseLine(
                case_id=uuid.UUID(int=0),  # set when the case is known
                line_no=index + 1,
                direction=line.direction,
                product_id=product.id if product else None,
                sale_line_id=sale_line.id if sale_line and line.direction == "in" else None,
                description=line.description or (product.name if product else ""),
                quantity=line.quantity,
                unit_price_cents=unit_cents,
                item_condition=line.condition,
                reason=line.reason,
            )
        )
    if problems:
        raise InputError(problems)
    return lines


def _snapshot(
    case: Case, lines: list[CaseLine], complaint: ComplaintDetail | None
) -> dict[str, Any]:
    """What head office receives about a new case."""
    return {
        **case_header(case),
        "lines": [
            {
                "id": str(line.id),
                "line_no": line.line_no,
                "direction": line.direction,
                "product_id": str(line.product_id) if line.product_id else None,
                "sale_line_id": str(line.sale_line_id) if line.sale_line_id else None,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price_cents": line.unit_price_cents,
                "condition": line.item_condition,
                "reason": line.reason,
            }
            for line in lines
        ],
        "complaint": None
        if complaint is None
        else {
            "category": complaint.category,
            "severity": complaint.severity,
            "description": complaint.description,
            "desired_outcome": complaint.desired_outcome,
            "product_id": str(complaint.product_id) if complaint.product_id else None,
            "follow_up_on": complaint.follow_up_on.isoformat() if complaint.follow_up_on else None,
        },
    }


def _complaint_category(session: Session, typed: str) -> str:
    """The policy's own spelling of the category typed; refuses one the policy does not list."""
    rules = load_policy(session).rules
    category = rules.complaint_category(typed)
    if category is None:
        choices = ", ".join(rules.complaint_categories)
        raise InputError.single(
            "complaint.category",
            say("There is no complaint category '{typed}'; choose one of: {choices}.").format(
                typed=typed, choices=choices
            ),
        )
    return category


def _returned_products(lines: list[CaseLine], complaint: ComplaintDetail | None) -> list[uuid.UUID]:
    """The products this case complains about or takes back: what may reveal a fault."""
    products = [line.product_id for line in lines if line.direction == "in" and line.product_id]
    if complaint is not None and complaint.product_id is not None:
        products.append(complaint.product_id)
    return products


def open_case(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    request: NewCase | Mapping[str, Any],
    now: datetime | None = None,
) -> OpenedCase:
    """Save a new case with its lines, audit event and outbox row, all or nothing.

    Raises:
        InputError: something typed or scanned is wrong; every problem is listed.
    """
    checked_request, notices = parse_noting(NewCase, request)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    arrived = arrival_time(checked_request.arrived_at, moment)
    with database.write() as session:
        store = load_store(session)
        require_active(session, staff)
        refuse_if_closed(session, store, moment)
        sale = None
        if checked_request.receipt_number is not None:
            sale = session.exec(
                select(Sale).where(
                    Sale.store_id == store.id, Sale.receipt_number == checked_request.receipt_number
                )
            ).first()
            if sale is None:
                raise InputError.single(
                    "receipt_number",
                    say(
                        "No receipt {number} in this store's records; "
                        "check the number, or continue without a receipt."
                    ).format(number=checked_request.receipt_number),
                )
        lines = _resolve_lines(session, checked_request, sale, store.currency)
        category = (
            _complaint_category(session, checked_request.complaint.category)
            if checked_request.complaint
            else None
        )
        complaint_product = None
        if checked_request.complaint and checked_request.complaint.product_barcode:
            complaint_product = product_by_barcode(
                session, checked_request.complaint.product_barcode
            )
            if complaint_product is None:
                raise InputError.single(
                    "complaint.product_barcode",
                    say("No product with barcode {barcode}.").format(
                        barcode=checked_request.complaint.product_barcode
                    ),
                )
        customer_id = case_customer(
            session,
            store=store,
            staff_id=staff.staff_id,
            customer_id=checked_request.customer_id,
            customer=checked_request.customer,
            moment=moment,
        )
        business_date = moment.astimezone(store_zone(store.timezone)).date()
        follow_up = checked_request.complaint.follow_up_on if checked_request.complaint else None
        if follow_up is not None and follow_up < business_date:
            raise InputError.single(
                "complaint.follow_up_on", say("The follow-up date cannot be in the past.")
            )
        number = next_case_number(session, store, business_date)
        case = Case(
            store_id=store.id,
            number=str(number),
            case_type=checked_request.case_type.value,
            status=CaseStatus.OPEN.value,
            customer_id=customer_id,
            staff_id=staff.staff_id,
            sale_id=sale.id if sale else None,
            summary=checked_request.summary,
            arrived_at=arrived,
            served_at=moment,
            created_at=moment,
            updated_at=moment,
        )
        session.add(case)
        session.flush()
        for line in lines:
            line.case_id = case.id
            session.add(line)
        complaint = None
        if checked_request.complaint is not None and category is not None:
            details = checked_request.complaint
            complaint = ComplaintDetail(
                case_id=case.id,
                category=category,
                severity=details.severity,
                description=details.description,
                desired_outcome=details.desired_outcome,
                product_id=complaint_product.id if complaint_product else None,
                follow_up_on=details.follow_up_on,
            )
            session.add(complaint)
        index_case(session, case.id)
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action="case.opened",
            entity="case",
            entity_id=str(case.id),
            case_id=case.id,
            details={"number": case.number, "case_type": case.case_type, "lines": len(lines)},
            outbox_payload=_snapshot(case, lines, complaint),
            now=moment,
        )
        flags = check_product_faults(
            session,
            store=store,
            product_ids=_returned_products(lines, complaint),
            case_id=case.id,
            staff_id=staff.staff_id,
            now=moment,
        )
        return OpenedCase(case.id, case.number, CaseStatus.OPEN, tuple(flags), notices)
