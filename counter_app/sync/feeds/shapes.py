"""What each feed item carries: the contract between head office's import and the store.

Head office builds these from its CSV and JSON files and publishes them with
:func:`counter_app.headoffice.feeds.publish`; the store reads them back with the
same models before applying them. Each feed item has a key, and a later item
with the same key replaces the earlier one in the feed:

* catalog, key = SKU: :class:`CatalogItem`, a product with all its barcodes;
* sales, key = receipt number: :class:`SaleItem`, a receipt with its lines;
* policy, key = ``"policy"``: :class:`PolicyItem`, the whole return policy;
* staff, key = the person's name: :class:`StaffItem`, with an Argon2id PIN hash.

Fields unknown to the store are ignored, so head office can add one before
every store has the version that reads it. Pure data: no database here.
"""

from typing import Annotated, Any, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from counter_app.domain.staff import Role

POLICY_KEY = "policy"
SKU_MAX = 40
PRODUCT_NAME_MAX = 200
CATEGORY_MAX = 60
BARCODE_MAX = 32
RECEIPT_MAX = 40
STAFF_NAME_MAX = 80
BADGE_MAX = 64
SALE_TENDERS = ("cash", "card", "store_credit")
ARGON2ID_PREFIX = "$argon2id$"

Sku = Annotated[str, Field(min_length=1, max_length=SKU_MAX)]
Cents = Annotated[int, Field(ge=0, le=10**12)]


class _Item(BaseModel):
    """A feed item; fields a newer head office adds are ignored, not refused."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class CatalogItem(_Item):
    """A product, keyed by SKU; ``barcodes`` is the whole set (a barcode left out is removed).

    ``previous_sku`` renames a product: the store's product with that SKU takes
    the new one (its cases and receipts keep pointing at it). ``deleted`` takes
    the product out of the catalog; a store keeps a product that a case or a
    receipt refers to and only marks it changed.
    """

    sku: Sku
    name: str = Field(default="", max_length=PRODUCT_NAME_MAX)
    category: str = Field(default="", max_length=CATEGORY_MAX)
    price_cents: Cents = 0
    tax_rate_bp: int = Field(default=0, ge=0, le=10000)
    returnable: bool = True
    barcodes: tuple[Annotated[str, Field(min_length=1, max_length=BARCODE_MAX)], ...] = ()
    previous_sku: Sku | None = None
    deleted: bool = False

    @model_validator(mode="after")
    def _named_unless_deleted(self) -> Self:
        if not self.deleted and not (self.name and self.category):
            raise ValueError("a product in the catalog needs a name and a category")
        return self


class SaleLineItem(_Item):
    """One line of a receipt; the product is named by SKU (ids are the store's own)."""

    line_no: int = Field(ge=1, le=9999)
    sku: Sku
    quantity: int = Field(ge=1, le=100000)
    unit_price_cents: Cents
    discount_cents: Cents = 0
    tax_cents: Cents = 0


class SaleItem(_Item):
    """A sales receipt of the store, keyed by receipt number; what returns are checked against.

    ``staff_name`` is who rang it up, when head office knows: the store links it
    to its staff member of that name (a refund by the same person needs a manager).
    """

    receipt_number: str = Field(min_length=1, max_length=RECEIPT_MAX)
    sold_at: AwareDatetime
    total_cents: Cents
    tender: str = Field(pattern="^(" + "|".join(SALE_TENDERS) + ")$")
    card_last4: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    staff_name: str | None = Field(default=None, max_length=STAFF_NAME_MAX)
    lines: tuple[SaleLineItem, ...] = Field(min_length=1, max_length=1000)


class StaffItem(_Item):
    """A staff member, keyed by name; never deleted, only made inactive.

    ``pin_hash`` is the Argon2id hash of the PIN (head office never keeps the PIN
    itself); ``None`` leaves the store's own PIN as it is, and a person new to
    the store without one cannot sign in until a manager sets a PIN.
    """

    name: str = Field(min_length=1, max_length=STAFF_NAME_MAX)
    role: Role
    active: bool = True
    badge_code: str | None = Field(default=None, min_length=1, max_length=BADGE_MAX)
    pin_hash: str | None = Field(default=None, max_length=200, pattern=r"^\$argon2id\$")


class PolicyItem(_Item):
    """The return policy in force, as ``ReturnPolicy`` data, keyed ``"policy"``.

    It becomes the store's next policy version unless the store's newest version
    already has the same rules.
    """

    rules: dict[str, Any]
    published_at: AwareDatetime
