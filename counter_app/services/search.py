"""Finding cases: by number, customer, phone, product, receipt or any words (SQLite FTS5).

Each service that writes a case calls :func:`index_case` in the same unit of
work, so the search index never lags behind or runs ahead of the cases.

What a clerk types goes into one search box and is never handed to FTS5 as
query syntax: each typed word becomes a quoted phrase (FTS5 tokenizes inside
the quotes as it tokenized the indexed text, so "S012-20260614-0003" is the
phrase ``s012 20260614 0003``), the last word matches as a prefix because the
clerk may still be typing it, and quotes, ``AND``, ``*``, ``-`` or ``:`` are
only ever words to look for.

Phones are indexed as digits without leading zeros, followed by every ending
of at least :data:`PHONE_ENDING_DIGITS` digits. So "+353 87 123 4567" is found
by "0871234567" (the national form), by "87 123 4567", by its last seven
digits "1234567", and by any of these while still being typed; a number saved
without its country code is found when typed with one (the last
:data:`SHARED_ENDING_DIGITS` digits of a typed number of
:data:`INTERNATIONAL_DIGITS` or more must match).

Pages come newest first without loading every match. SQLite cannot know how
many cases a word, a product or a status matches, so each query first counts,
on their own index and up to :data:`COUNT_CAP`, the cases of each condition
that could lead. Then, in one of three ways:

* the smallest condition leads when it matches at most :data:`LEAD_LIMIT`
  cases: they are read by their index and sorted (a customer, a case number,
  a phone, a rare name);
* words found in many cases lead from the full-text index, newest rowid first,
  which stops once the page is full; rowid order is the order cases were
  saved, and that it agrees with their times is checked, not assumed: a few
  cases saved earlier but opened later (a month saved before an imported
  history) are looked up among the words' rows and take their place;
* otherwise the query walks the ``(store_id, created_at)`` (or
  ``(case_type, created_at)``) index from the newest case, within the dates if
  any, and stops when the page is full.

A unary plus (``+c.status``) keeps SQLite off the indexes that must not lead,
so the plans hold with or without ``ANALYZE`` statistics.

A word still being typed is a prefix; FTS5 merges every row of a long prefix
before returning the first, for each statement that asks. So a prefix of a
few terms is spelled out as those terms, read from the index's vocabulary
(:func:`_spelled_out_prefix`), and pages and counts stop as soon as they can.
"""

import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Annotated, Any

from pydantic import model_validator
from sqlalchemy import bindparam, text
from sqlalchemy.sql.elements import TextClause
from sqlmodel import Session

from counter_app.domain.case_number import CaseNumber, CaseNumberError
from counter_app.domain.case_state import CaseStatus, CaseType
from counter_app.domain.validation import InputError, check_day_range
from counter_app.i18n import say, say_later
from counter_app.services import inputs
from counter_app.services.inputs import ServiceInput, checked, parse
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import Store
from db.types import UTCDateTime

MAX_TEXT_LENGTH = 200
MAX_PAGE_SIZE = 500
MAX_OFFSET = 1_000_000_000  # far past any store's cases, well inside SQLite's integers
DEFAULT_PAGE_SIZE = 50
# count_cases stops here: a result above COUNT_CAP means "more than COUNT_CAP".
COUNT_CAP = 10_000
# A condition matching at most this many cases leads a page's query (its cases are read
# and sorted); above it, walking the newest-first index costs less. Reading and sorting
# costs about 20 times what walking past a case does, so the two meet near sqrt(2 N):
# 600 cases of 200,000, 1,400 of a million.
LEAD_LIMIT = 1_000
# Words in many cases are read newest rowid first, at most this many rows per row wanted,
# and only for pages that end within NEWEST_READ_LIMIT rows.
NEWEST_READ_FACTOR = 50
NEWEST_READ_LIMIT = 1_000
# Cases saved before the newest rows read but opened after the oldest of them (a month
# saved before an imported history, a clock put back) are looked up among the words'
# rows when there are at most this many; more, and the page walks the time index.
OUT_OF_ORDER_LIMIT = 1_000
# A page's rowids further apart than this are searched for snippets as separate ranges.
SNIPPET_RUN_GAP = 10_000
# A date range with at most this many cases has its stretch of rowids read, so that a
# common word is listed only within it.
SPAN_LIMIT = 100_000
# A prefix beginning more terms than this is searched as FTS5's own prefix query.
PREFIX_TERMS_LIMIT = 20
# Prefix lengths the search table keeps an index for (prefix = '2 3', migration 0002): FTS5
# reads those prefixes as one term, so they are not spelled out.
_PREFIX_INDEX_LENGTHS = (2, 3)
# A typed word (or the whole text) with this many digits may be a phone number.
MIN_PHONE_DIGITS = 6
# Shortest ending of a phone number that finds it ("the last seven digits").
PHONE_ENDING_DIGITS = 7
# A number typed with this many digits carries a country code; it finds the same
# number saved without one when their last SHARED_ENDING_DIGITS digits agree.
INTERNATIONAL_DIGITS = 11
SHARED_ENDING_DIGITS = 8

_PHONE_SHAPE = re.compile(r"^\+?[0-9 ().\-/]+$")
# A word the tokenizer keeps whole, as it is but in lower case: a prefix FTS5 can be told
# the terms of (see _spelled_out_prefix).
_PLAIN_WORD = re.compile(r"[A-Za-z0-9]+")
_ASCII_DIGITS = frozenset("0123456789")
# Every column but the phone's: its digit endings would make short numbers match noise.
_WORD_COLUMNS = "{number customer receipt products notes}"
_BATCH = 2_000
_BARCODE_LENGTH = 32

# --------------------------------------------------------------------------- folding

# FTS5's unicode61 tokenizer removes Latin diacritics only. Greek accents (tonos,
# dialytika) and the final sigma, and the Russian ё, are folded here, in the indexed
# text and in what is typed alike, so "σοφια" finds "Σοφία" and "федор" finds "Фёдор".
_LETTER_FOLDS = str.maketrans(
    {
        "\u03c2": "\u03c3",  # final sigma -> sigma
        "\u0451": "\u0435",  # Cyrillic small yo -> ie
        "\u0401": "\u0415",  # Cyrillic capital yo -> ie
    }
)


def _is_greek(character: str) -> bool:
    return "\u0370" <= character <= "\u03ff" or "\u1f00" <= character <= "\u1fff"


def fold_for_search(value: str) -> str:
    """Text as the search index holds it: Greek accents dropped, final sigma and yo folded."""
    if value.isascii():
        return value
    kept: list[str] = []
    for character in unicodedata.normalize("NFD", value):
        if unicodedata.combining(character) and kept and _is_greek(kept[-1]):
            continue
        kept.append(character)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_LETTER_FOLDS)


# --------------------------------------------------------------------------- indexing

# One search row per case. Lines show the product's name and SKU, and what the clerk
# typed when it says more than the product's name; notes gather every free text.
_ROW_SOURCE = """
SELECT
    c.rowid AS rowid,
    c.number AS number,
    coalesce(cu.name, '') AS customer,
    cu.phone AS phone,
    coalesce(s.receipt_number, '') AS receipt,
    trim(coalesce((
        SELECT group_concat(trim(
            coalesce(p.name || ' ' || p.sku, '') || ' '
            || CASE WHEN l.description = coalesce(p.name, '') THEN '' ELSE l.description END
        ), ' ')
        FROM caseline l LEFT JOIN product p ON p.id = l.product_id
        WHERE l.case_id = c.id
    ), '') || ' ' || coalesce((
        SELECT p.name || ' ' || p.sku FROM product p WHERE p.id = cd.product_id
    ), '')) AS products,
    trim(c.summary || ' ' || coalesce(cd.category, '') || ' ' || coalesce(cd.description, '')
        || ' ' || coalesce(cd.desired_outcome, '') || ' ' || coalesce(cd.accommodation, '')
        || ' ' || coalesce((
        SELECT group_concat(l.reason, ' ') FROM caseline l WHERE l.case_id = c.id
    ), '') || ' ' || coalesce((
        SELECT group_concat(n.body, ' ') FROM case_note n WHERE n.case_id = c.id
    ), '')) AS notes
FROM service_case c
LEFT JOIN customer cu ON cu.id = c.customer_id
LEFT JOIN sale s ON s.id = c.sale_id
LEFT JOIN complaintdetail cd ON cd.case_id = c.id
"""
_INSERT_ROW = text(
    "INSERT INTO case_search (rowid, number, customer, phone, receipt, products, notes) "
    "VALUES (:rowid, :number, :customer, :phone, :receipt, :products, :notes)"
)
# The search table's terms, one row per place a term is found; read only by term range,
# one row at a time. TEMP: a table of this connection, never of the store's file.
_TERMS_TABLE = text(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_search_terms "
    "USING fts5vocab(main, case_search, 'instance')"
)
_NEXT_TERM = text(
    "SELECT term FROM temp.case_search_terms WHERE term >= :start AND term < :end LIMIT 1"
)
_CASES_OF_PRODUCT = (
    "SELECT case_id FROM caseline WHERE product_id = :{name} "
    "UNION SELECT case_id FROM complaintdetail WHERE product_id = :{name}"
)


def phone_search_tokens(phone: str | None) -> str:
    """The phone column of a search row: the digits without leading zeros, then their endings.

    ``"+353 87 123 4567"`` becomes ``"353871234567 53871234567 3871234567 871234567
    71234567 1234567"``, so a prefix query on any ending finds the number.
    """
    digits = "".join(character for character in phone or "" if character in _ASCII_DIGITS)
    significant = digits.lstrip("0")
    if not significant:
        return ""
    endings = [
        significant[-length:] for length in range(len(significant) - 1, PHONE_ENDING_DIGITS - 1, -1)
    ]
    return " ".join([significant, *endings])


def _write_rows(session: Session, where: str, parameters: Mapping[str, Any]) -> int:
    """Insert the search rows of the cases ``where`` selects, in batches; return how many."""
    written = 0
    result = session.execute(
        text(_ROW_SOURCE + where), dict(parameters), execution_options={"yield_per": _BATCH}
    )
    for rows in result.partitions(_BATCH):
        batch = [
            {
                "rowid": row.rowid,
                "number": row.number,
                "customer": fold_for_search(row.customer),
                "phone": phone_search_tokens(row.phone),
                "receipt": row.receipt,
                "products": fold_for_search(row.products),
                "notes": fold_for_search(row.notes),
            }
            for row in rows
        ]
        session.execute(_INSERT_ROW, batch)
        written += len(batch)
    return written


def _rewrite(session: Session, cases: str, parameters: Mapping[str, Any]) -> int:
    """Replace the search rows of the cases whose ids ``cases`` (a SELECT) gives."""
    session.flush()
    session.execute(
        text(
            "DELETE FROM case_search WHERE rowid IN "  # noqa: S608 - our SQL, no input
            f"(SELECT rowid FROM service_case WHERE id IN ({cases}))"
        ),
        parameters,
    )
    return _write_rows(session, f"WHERE c.id IN ({cases})", parameters)


def index_case(session: Session, case_id: uuid.UUID) -> None:
    """(Re)write the search row of one case, inside the caller's unit of work.

    Call it after anything the row holds changes: the case's summary, customer
    or receipt, its lines (products, descriptions, reasons) or its complaint
    details. A status change needs no call: statuses are filtered on the case.
    """
    _rewrite(session, "SELECT :case_id", {"case_id": case_id.hex})


def index_cases_of_customer(session: Session, customer_id: uuid.UUID) -> int:
    """Rewrite the search rows of a customer's cases after their name or phone changed."""
    return _rewrite(
        session,
        "SELECT id FROM service_case WHERE customer_id = :customer_id",
        {"customer_id": customer_id.hex},
    )


def index_cases_of_product(session: Session, product_id: uuid.UUID) -> int:
    """Rewrite the search rows of every case naming a product, after its name or SKU changed."""
    return _rewrite(
        session, _CASES_OF_PRODUCT.format(name="product_id"), {"product_id": product_id.hex}
    )


def rebuild_search_index(*, database: StoreDatabase) -> int:
    """Write every case's search row again from the cases themselves; return how many.

    For a database whose rows an older version wrote (the schema upgrade that
    created the index kept phones' leading zeros and no endings). The index is
    derived data, so this records no audit event: no case changes.
    """
    with database.write() as session:
        session.execute(text("DELETE FROM case_search"))
        return _write_rows(session, "", {})


# --------------------------------------------------------------------------- the query


def _choices(
    value: object, *, kind: type[CaseStatus] | type[CaseType], field: str, label: str
) -> tuple[Any, ...]:
    """A list of statuses or types (one alone is accepted too), each checked by name."""
    if value is None:
        return ()
    items: object = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise InputError.single(field, say("{label} must be a list.").format(label=say(label)))
    chosen = []
    for item in items:
        try:
            chosen.append(kind(item))
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            unknown = (
                say_later("There is no case status {item}; it can be {allowed}.")
                if kind is CaseStatus
                else say_later("There is no case type {item}; it can be {allowed}.")
            )
            raise InputError.single(
                field, say(unknown).format(item=repr(str(item)[:40]), allowed=allowed)
            ) from None
    return tuple(dict.fromkeys(chosen))


class CaseQuery(ServiceInput):
    """What the clerk is looking for; every part given must hold (an empty query finds all).

    ``text`` is the one search box: a case number (or part of it), a receipt
    number, a phone in any format, a customer's name, a product's name, SKU or
    scanned barcode, or any words. Dates are the store's calendar days, both
    included, on the day the case was opened.
    """

    text: Annotated[
        str,
        inputs.text(
            field="text", label=say_later("Search"), max_length=MAX_TEXT_LENGTH, required=False
        ),
    ] = ""
    status: Annotated[
        tuple[CaseStatus, ...],
        checked(_choices, kind=CaseStatus, field="status", label=say_later("Case status")),
    ] = ()
    case_type: Annotated[
        tuple[CaseType, ...],
        checked(_choices, kind=CaseType, field="case_type", label=say_later("Case type")),
    ] = ()
    date_from: date | None = None
    date_to: date | None = None
    customer_id: uuid.UUID | None = None
    product_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> "CaseQuery":
        for name in ("date_from", "date_to"):
            day = getattr(self, name)
            if day is not None:
                check_day_range(day, field=name)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError.single(
                "date_to",
                say(
                    "The end date {end} is before the start date {start}; "
                    "swap them or pick other days."
                ).format(end=self.date_to.isoformat(), start=self.date_from.isoformat()),
            )
        return self


@dataclass(frozen=True)
class CaseRow:
    """One case in a list of results.

    ``matched`` says where the typed words were found ("Phone: +353 87 123 4567",
    "Product: Kettle Classic Steel SKU-KETTLE"); empty when nothing was typed or
    the case was found through a scanned product's barcode.
    """

    id: uuid.UUID
    number: str
    case_type: CaseType
    status: CaseStatus
    created_at: datetime
    customer_name: str | None
    summary: str
    matched: str


@dataclass(frozen=True)
class SearchPage:
    """One page of results, newest first; ``has_more`` says whether a next page exists."""

    rows: tuple[CaseRow, ...]
    offset: int
    limit: int
    has_more: bool


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _digits(typed: str) -> str:
    return "".join(character for character in typed if character in _ASCII_DIGITS)


def _looks_like_phone(typed: str) -> bool:
    return bool(_PHONE_SHAPE.match(typed)) and len(_digits(typed)) >= MIN_PHONE_DIGITS


def _prefix_phrase(word: str) -> str:
    """A word that matches as the beginning of a term: FTS5's own prefix query."""
    return _quoted(word) + " *"


# How a word matching as a prefix is written in the FTS5 query (see _spelled_out_prefix).
_Prefix = Callable[[str], str]


def _phone_terms(typed: str, *, prefix: _Prefix | None) -> list[str]:
    """FTS5 terms that find a phone typed in any format (see the module docstring)."""
    digits = _digits(typed)
    significant = digits.lstrip("0")
    terms = [f"phone : {prefix(significant) if prefix else _quoted(significant)}"]
    if significant != digits:
        # Rows written by the schema upgrade kept the leading zeros.
        terms.append(f"phone : {prefix(digits) if prefix else _quoted(digits)}")
    if len(significant) >= INTERNATIONAL_DIGITS:
        terms.append(f"phone : {_quoted(significant[-SHARED_ENDING_DIGITS:])}")
    return terms


def _word_term(word: str, *, prefix: _Prefix | None) -> str:
    """One typed word; ``prefix`` is given for the last, which may be still being typed."""
    if prefix:
        try:
            # A whole case number (typed or scanned) is complete: no prefix.
            phrase = _quoted(str(CaseNumber.parse(word)))
        except CaseNumberError:
            phrase = prefix(word)
    else:
        phrase = _quoted(word)
    terms = [f"{_WORD_COLUMNS} : {phrase}"]
    if _looks_like_phone(word):
        terms.extend(_phone_terms(word, prefix=prefix))
    return "(" + " OR ".join(terms) + ")"


def match_expression(typed: str, *, prefix: _Prefix = _prefix_phrase) -> str | None:
    """The FTS5 query for what a clerk typed, or None when it holds no word to look for.

    Built only from quoted phrases, so no typed character is ever FTS5 syntax.
    ``prefix`` writes the phrases that match as a prefix (the last word, a
    phone), by default as FTS5's own ``"word" *``.
    """
    folded = fold_for_search(typed)
    words = [word for word in folded.split() if any(ch.isalnum() for ch in word)]
    if not words:
        return None
    last = len(words) - 1
    expression = " AND ".join(
        _word_term(word, prefix=prefix if index == last else None)
        for index, word in enumerate(words)
    )
    whole = folded.strip()
    if len(words) > 1 and _looks_like_phone(whole):
        # "+353 87 123 4567" is one phone, not four words.
        expression = "(" + expression + ") OR " + " OR ".join(_phone_terms(whole, prefix=prefix))
    return expression


def _spelled_out_prefix(session: Session, word: str) -> str:
    """A prefix phrase written as the few whole terms of the index that begin with it.

    FTS5 answers a prefix it keeps no prefix index for (longer than
    :data:`_PREFIX_INDEX_LENGTHS`) by merging the rows of every term that
    begins with it into one list, before the first row and again for every
    statement that asks: 10 ms for "classic" in 240,000 cases of a million. A
    few whole terms are read lazily instead, so a page or a count stops after
    the rows it needs. The terms come from the index itself, so what is found
    is the same. Only a plain ASCII word is spelled out (the tokenizer keeps
    it as one term, lower case); anything else, or a prefix of more than
    :data:`PREFIX_TERMS_LIMIT` terms, is left to FTS5.
    """
    if not _PLAIN_WORD.fullmatch(word) or len(word) in _PREFIX_INDEX_LENGTHS:
        return _prefix_phrase(word)
    terms = _terms_beginning(session, word.lower())
    if terms is None:
        return _prefix_phrase(word)
    if not terms:
        return _quoted(word)  # no term begins with it, so neither is it one: nothing matches
    if len(terms) == 1:
        return _quoted(terms[0])
    return "(" + " OR ".join(_quoted(term) for term in terms) + ")"


def _terms_beginning(session: Session, prefix: str) -> list[str] | None:
    """The index's terms that begin with ``prefix`` (plain ASCII); None if more than the limit.

    Each is one seek in the index's term list (``fts5vocab``): the next term at
    or after the last one found followed by a NUL, the smallest string after it.
    The vocabulary table is a temporary one of this connection, made on first use
    within the read and gone with it; it changes nothing in the store's file.
    """
    session.execute(_TERMS_TABLE)
    end = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # every term with the prefix sorts before it
    terms: list[str] = []
    start = prefix
    while len(terms) <= PREFIX_TERMS_LIMIT:
        found = session.execute(_NEXT_TERM, {"start": start, "end": end}).first()
        if found is None:
            return terms
        terms.append(str(found[0]))
        start = terms[-1] + "\0"
    return None


def _case_ids_matching(session: Session, match: str) -> list[uuid.UUID]:
    rows = session.execute(
        text(
            "SELECT c.id FROM case_search JOIN service_case c ON c.rowid = case_search.rowid "
            "WHERE case_search MATCH :match"
        ),
        {"match": match},
    )
    return [uuid.UUID(str(row[0])) for row in rows]


def cases_with_phone(session: Session, phone: str) -> list[uuid.UUID]:
    """Cases whose customer has this phone, however either was typed (spaces, +, 0 or 00).

    Numbers shorter than a national number are not matched, so two different short
    numbers never look like one person.
    """
    significant = _digits(phone).lstrip("0")
    if len(significant) < SHARED_ENDING_DIGITS:
        return []
    terms = [f"phone : {_quoted(significant)}"]
    if len(significant) >= INTERNATIONAL_DIGITS:
        terms.append(f"phone : {_quoted(significant[-SHARED_ENDING_DIGITS:])}")
    return _case_ids_matching(session, " OR ".join(terms))


def cases_with_customer_name(session: Session, name: str) -> list[uuid.UUID]:
    """Cases whose customer's name holds these words in this order (accents ignored)."""
    words = [word for word in fold_for_search(name).split() if any(ch.isalnum() for ch in word)]
    if not words:
        return []
    return _case_ids_matching(session, "customer : " + _quoted(" ".join(words)))


# --------------------------------------------------------------------------- planning

_WALK = "walk"  # no condition leads: the query walks the newest-first index
_NONE = ""  # no index at all: every condition is a plain test (the words lead from FTS5)


@dataclass(frozen=True)
class _Condition:
    """One test a case must pass, written twice so the plan decides which index leads.

    ``indexed`` leaves the column bare so SQLite may drive the query from its
    index; ``hinted`` is the same test behind a unary plus, which keeps SQLite
    off that index. ``alone`` selects the rows the condition matches on its own,
    to count them (None: the condition never leads, like the store or the type).
    """

    indexed: str
    hinted: str
    alone: str | None = None
    walks: bool = False  # part of the newest-first walk (the store, the types, the dates)


@dataclass(frozen=True)
class _Plan:
    """A checked query as SQL conditions, with how many cases each can lead with."""

    conditions: dict[str, _Condition]
    parameters: dict[str, Any]
    counted: dict[str, int]  # rows each leading condition matches alone, up to the probe's limit
    match: str | None
    scanned: bool  # the text is a product's barcode, so the text condition is not words alone

    @property
    def empty(self) -> bool:
        """Some condition matches no case at all, so nothing does."""
        return 0 in self.counted.values()

    def lead(self, lead_limit: int) -> str:
        """The condition matching fewest cases, if at most ``lead_limit``; else the walk."""
        lead = min(self.counted, key=self.counted.__getitem__, default=_WALK)
        if lead == _WALK or self.counted[lead] > lead_limit or self.conditions[lead].walks:
            return _WALK
        return lead

    def where(self, lead: str, *, leaving_out: str = "") -> str:
        """Every condition, the leading one (or the walk's) free to use its index."""
        return " AND ".join(
            condition.indexed
            if name == lead or (lead == _WALK and condition.walks)
            else condition.hinted
            for name, condition in self.conditions.items()
            if name != leaving_out
        )

    @property
    def words_alone(self) -> bool:
        """Nothing but the typed words (and the store) narrows the search."""
        return not self.scanned and set(self.conditions) == {"store", "text"}


def _day_start(day: date, store: Store) -> datetime:
    return datetime.combine(day, time(0), tzinfo=store_zone(store.timezone)).astimezone(UTC)


def _scanned_product(session: Session, typed: str) -> str | None:
    """The id (hex) of the product whose barcode is exactly what was typed or scanned."""
    code = typed.strip()
    if not code or len(code) > _BARCODE_LENGTH or any(ch.isspace() for ch in code):
        return None
    found = session.execute(
        text("SELECT product_id FROM productbarcode WHERE barcode = :code"), {"code": code}
    ).first()
    return str(found[0]) if found else None


def _in_list(prefix: str, values: Sequence[Any], parameters: dict[str, Any]) -> str:
    names = [f"{prefix}_{index}" for index in range(len(values))]
    parameters.update(zip(names, values, strict=True))
    return "(" + ", ".join(f":{name}" for name in names) + ")"


def _rowids_of_product(name: str) -> str:
    """The rowids of a product's cases: checked on the walk's own index, no row read."""
    return (
        "SELECT rowid FROM service_case "  # noqa: S608 - no input in the SQL
        f"WHERE id IN ({_CASES_OF_PRODUCT.format(name=name)})"
    )


def _text_condition(*, words: bool, scanned: bool, within_span: bool) -> _Condition:
    """Found by the typed words, or as the cases of a scanned product."""
    indexed, hinted, alone = [], [], []
    if words:
        span = " AND rowid BETWEEN :span_first AND :span_last" if within_span else ""
        found = f"SELECT rowid FROM case_search WHERE case_search MATCH :match{span}"  # noqa: S608
        indexed.append(f"c.rowid IN ({found})")
        hinted.append(f"+c.rowid IN ({found})")
        alone.append(found)
    if scanned:
        # A scanned barcode finds the cases of its product, whatever words it has now.
        cases = _rowids_of_product("scanned_product")
        indexed.append(f"c.rowid IN ({cases})")
        hinted.append(f"+c.rowid IN ({cases})")
        alone.append(cases)
    return _Condition(
        "(" + " OR ".join(indexed) + ")", "(" + " OR ".join(hinted) + ")", " UNION ALL ".join(alone)
    )


def _conditions(
    session: Session, query: CaseQuery, store: Store
) -> tuple[dict[str, _Condition], dict[str, Any], str | None, bool]:
    """The query's conditions by name, their parameters, the FTS5 query, and a barcode?"""
    parameters: dict[str, Any] = {"store_id": store.id.hex}
    conditions = {
        "store": _Condition("c.store_id = :store_id", "+c.store_id = :store_id", walks=True)
    }
    match = match_expression(query.text, prefix=partial(_spelled_out_prefix, session))
    scanned = _scanned_product(session, query.text)
    if match is not None:
        parameters["match"] = match
    if scanned is not None:
        parameters["scanned_product"] = scanned
    if match is not None or scanned is not None:
        conditions["text"] = _text_condition(
            words=match is not None, scanned=scanned is not None, within_span=False
        )
    if query.product_id is not None:
        parameters["product_id"] = query.product_id.hex
        cases = _rowids_of_product("product_id")
        conditions["product"] = _Condition(
            f"c.rowid IN ({cases})",
            f"+c.rowid IN ({cases})",
            _CASES_OF_PRODUCT.format(name="product_id").replace("UNION", "UNION ALL"),
        )
    if query.customer_id is not None:
        parameters["customer_id"] = query.customer_id.hex
        conditions["customer"] = _Condition(
            "c.customer_id = :customer_id",
            "+c.customer_id = :customer_id",
            "SELECT 1 FROM service_case WHERE customer_id = :customer_id",
        )
    if query.status:
        values = _in_list("status", [status.value for status in query.status], parameters)
        conditions["status"] = _Condition(
            f"c.status IN {values}",
            f"+c.status IN {values}",
            f"SELECT 1 FROM service_case WHERE status IN {values}",  # noqa: S608 - no input
        )
    if query.case_type:
        values = _in_list("case_type", [kind.value for kind in query.case_type], parameters)
        # Never leads alone (each type is a large share of all cases), but on the walk
        # one type may use the (case_type, created_at) index.
        conditions["case_type"] = _Condition(
            f"c.case_type IN {values}", f"+c.case_type IN {values}", walks=True
        )
    if query.date_from is not None or query.date_to is not None:
        dates, hinted_dates = [], []
        if query.date_from is not None:
            parameters["created_from"] = _day_start(query.date_from, store)
            dates.append("c.created_at >= :created_from")
            hinted_dates.append("+c.created_at >= :created_from")
        if query.date_to is not None:
            parameters["created_before"] = _day_start(query.date_to + timedelta(days=1), store)
            dates.append("c.created_at < :created_before")
            hinted_dates.append("+c.created_at < :created_before")
        conditions["dates"] = _Condition(
            " AND ".join(dates),
            " AND ".join(hinted_dates),
            "SELECT 1 FROM service_case c WHERE c.store_id = :store_id AND "  # noqa: S608
            + " AND ".join(dates),
            walks=True,
        )
    return conditions, parameters, match, scanned is not None


def _statement(sql: str, parameters: Mapping[str, Any]) -> TextClause:
    """A text statement whose time parameters are stored the way the tables store them."""
    statement = text(sql)
    times = [name for name in _TIME_PARAMETERS if f":{name}" in sql]
    if times:
        statement = statement.bindparams(*(bindparam(name, type_=UTCDateTime()) for name in times))
    return statement


_TIME_PARAMETERS = ("created_from", "created_before", "oldest_read")


def _rowid_span(
    session: Session, dates: _Condition, parameters: Mapping[str, Any]
) -> tuple[int, int] | None:
    """The first and last rowid of the cases in the dates, if they are few enough to read."""
    sql = (
        "SELECT min(found), max(found), count(*) FROM ("  # noqa: S608 - no input
        f"SELECT c.rowid AS found FROM service_case c WHERE c.store_id = :store_id "
        f"AND {dates.indexed} LIMIT :span_limit)"
    )
    first, last, seen = session.execute(
        _statement(sql, parameters), {**parameters, "span_limit": SPAN_LIMIT + 1}
    ).one()
    return None if seen > SPAN_LIMIT or first is None else (int(first), int(last))


def _plan(session: Session, query: CaseQuery, *, probe_limit: int) -> _Plan:
    """The query's conditions and how many cases each matches on its own, up to a limit.

    Counting stops past ``probe_limit``: a page only asks whether a condition
    is few enough to lead (:data:`LEAD_LIMIT`), a count whether it is
    :data:`COUNT_CAP` or fewer; counting a common word further costs a read of
    each further match.
    """
    store = load_store(session)
    conditions, parameters, match, scanned = _conditions(session, query, store)
    counted: dict[str, int] = {}
    for name, condition in conditions.items():
        if condition.alone is None:
            continue
        sql = f"SELECT count(*) FROM ({condition.alone} LIMIT :probe_limit)"  # noqa: S608
        counted[name] = int(
            session.execute(
                _statement(sql, parameters), {**parameters, "probe_limit": probe_limit + 1}
            ).scalar_one()
        )
    if match is not None and "dates" in conditions and counted["text"] > LEAD_LIMIT:
        # Many cases hold the words: list only those saved within the dates' rowids,
        # rather than all of them (one date range is one stretch of rowids, give or take).
        span = _rowid_span(session, conditions["dates"], parameters)
        if span is not None:
            parameters["span_first"], parameters["span_last"] = span
            conditions["text"] = _text_condition(words=True, scanned=scanned, within_span=True)
    return _Plan(conditions, parameters, counted, match, scanned)


# --------------------------------------------------------------------------- pages


def _newest_by_rowid(session: Session, plan: _Plan, wanted: int) -> list[int] | None:
    """The ``wanted`` newest cases holding the words, read from the full-text index.

    Cases are saved as they are opened, so the newest rowids are the newest cases,
    and FTS5 hands rowids out newest first without listing every match: a page of
    a word found in most cases is read in a few steps. At most
    :data:`NEWEST_READ_FACTOR` times ``wanted`` rows are read, so a filter that
    keeps few of them (a rare status) sends the caller to the time index instead
    of through every match. The order is checked, not trusted: the cases saved
    earlier but opened later than the oldest case kept (a month saved before an
    imported history, a clock put back) are looked up among the words' rows
    too (:func:`_saved_out_of_order`); if there are too many of them, None is
    returned and the caller walks the time index.
    """
    budget = wanted * NEWEST_READ_FACTOR
    sql = (
        "SELECT c.rowid, c.created_at, "  # noqa: S608 - no input in the SQL
        f"CASE WHEN {plan.where(_NONE, leaving_out='text')} THEN 1 ELSE 0 END AS kept "
        "FROM case_search CROSS JOIN service_case c ON c.rowid = case_search.rowid "
        "WHERE case_search MATCH :match ORDER BY case_search.rowid DESC LIMIT :budget"
    )
    parameters = {**plan.parameters, "budget": budget}
    statement = _statement(sql, parameters).columns(created_at=UTCDateTime())
    # Rows are stepped through as they come, so reading stops once the page is full.
    result = session.execute(statement, parameters, execution_options={"yield_per": 64})
    kept: list[tuple[int, datetime]] = []
    read = 0
    for row in result:
        read += 1
        if row.kept:
            kept.append((row.rowid, row.created_at))
            if len(kept) == wanted:
                break
    result.close()
    if len(kept) < wanted:
        # Every match was read, or the filters keep too few of them to page this way.
        return _by_time(kept) if read < budget else None
    earlier = _saved_out_of_order(session, plan, kept)
    if earlier is None:
        return None
    return _by_time([*kept, *earlier])[:wanted]


def _saved_out_of_order(
    session: Session, plan: _Plan, kept: Sequence[tuple[int, datetime]]
) -> list[tuple[int, datetime]] | None:
    """The cases holding the words (and passing the filters) that may outrank those kept.

    ``kept`` are the matches with the highest rowids. Only a case saved before
    them (a lower rowid) yet opened after the oldest of them can come before
    one of them; at the same moment the later saved comes first, so it cannot.
    Those cases are found on the time index (no row read), at most
    :data:`OUT_OF_ORDER_LIMIT` of them (None: more), and looked up in the
    full-text index one stretch of rowids at a time, as :func:`_where_found` does.
    """
    listed = (
        "SELECT c.rowid FROM service_case c WHERE c.store_id = :store_id "
        "AND c.created_at > :oldest_read AND +c.rowid < :oldest_rowid LIMIT :out_of_order"
    )
    parameters: dict[str, Any] = {
        "store_id": plan.parameters["store_id"],
        "oldest_read": min(moment for _, moment in kept),
        "oldest_rowid": min(rowid for rowid, _ in kept),
        "out_of_order": OUT_OF_ORDER_LIMIT + 1,
    }
    rowids = [row[0] for row in session.execute(_statement(listed, parameters), parameters)]
    if len(rowids) > OUT_OF_ORDER_LIMIT:
        return None
    if not rowids:
        return []
    parameters = {**plan.parameters}
    among = _in_list("earlier", rowids, parameters)
    ranges = []
    for number, (first, last) in enumerate(_rowid_runs(rowids)):
        parameters[f"first_{number}"], parameters[f"last_{number}"] = first, last
        ranges.append(
            "SELECT c.rowid, c.created_at FROM case_search CROSS JOIN service_case c "  # noqa: S608 - no input in the SQL
            "ON c.rowid = case_search.rowid WHERE case_search MATCH :match "
            f"AND case_search.rowid BETWEEN :first_{number} AND :last_{number} "
            f"AND +case_search.rowid IN {among} "
            f"AND {plan.where(_NONE, leaving_out='text')}"
        )
    statement = _statement(" UNION ALL ".join(ranges), parameters)
    found = session.execute(statement.columns(created_at=UTCDateTime()), parameters)
    return [(row.rowid, row.created_at) for row in found]


def _by_time(cases: Sequence[tuple[int, datetime]]) -> list[int]:
    """Rowids newest first by time, the later saved first at the same moment."""
    return [rowid for rowid, _ in sorted(cases, key=lambda case: (case[1], case[0]), reverse=True)]


def _page_rowids(session: Session, plan: _Plan, offset: int, limit: int) -> list[int]:
    """The rowids of the page (and one more, to tell whether more follow), in order."""
    lead = plan.lead(LEAD_LIMIT)
    wanted = offset + limit + 1
    if (
        lead == _WALK
        and plan.match
        and not plan.scanned
        and "dates" not in plan.conditions
        and wanted <= NEWEST_READ_LIMIT
    ):
        newest = _newest_by_rowid(session, plan, wanted)
        if newest is not None:
            return newest[offset:]
    sql = (
        "SELECT c.rowid FROM service_case c "  # noqa: S608 - no input
        f"WHERE {plan.where(lead)} "
        "ORDER BY c.created_at DESC, c.rowid DESC LIMIT :limit OFFSET :offset"
    )
    parameters = {**plan.parameters, "limit": limit + 1, "offset": offset}
    return [row[0] for row in session.execute(_statement(sql, parameters), parameters)]


def _check_page(offset: object, limit: object) -> tuple[int, int]:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InputError.single(
            "offset", say("The first row to show must be 0 or a positive number.")
        )
    if offset > MAX_OFFSET:
        raise InputError.single(
            "offset", say("There are not that many cases; go back to the first page.")
        )
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE_SIZE:
        raise InputError.single(
            "limit",
            say("A page holds from 1 to {count} cases; ask for fewer.").format(count=MAX_PAGE_SIZE),
        )
    return offset, limit


# (column of case_search, label), in the order a match is worth showing; labels are
# said in the language in force where they are shown.
_SHOWN_COLUMNS = (
    (0, say_later("Number")),
    (3, say_later("Receipt")),
    (2, say_later("Phone")),
    (1, say_later("Customer")),
    (4, say_later("Product")),
)
_NOTES_COLUMN = (5, say_later("Notes"))
_MARK = "\x1f"  # never in indexed text: the text check refuses control characters


def _rowid_runs(rowids: Iterable[int]) -> list[tuple[int, int]]:
    """The page's rowids as a few ranges, split where a gap of :data:`SNIPPET_RUN_GAP` opens.

    A page is usually one stretch of rowids; one that mixes cases saved years
    apart (a store's history imported after its first month) spans two or three.
    """
    runs: list[tuple[int, int]] = []
    for rowid in sorted(rowids):
        if runs and rowid - runs[-1][1] <= SNIPPET_RUN_GAP:
            runs[-1] = (runs[-1][0], rowid)
        else:
            runs.append((rowid, rowid))
    return runs


def _where_found(session: Session, match: str, rows: Sequence[Any]) -> dict[int, str]:
    """Where the words were found in each case of the page, from FTS5's own snippets.

    FTS5 evaluates a MATCH once per value of a ``rowid IN`` list, but a rowid range
    once: so each stretch of the page's rowids is searched as a range, and the
    list only picks the page's rows out of it (``+rowid``: a filter, not a lookup),
    so only they get snippets and come back.
    """
    if not rows:
        return {}
    parameters: dict[str, Any] = {"match": match}
    on_page = _in_list("rowid", [row.rowid for row in rows], parameters)
    ranges = []
    for number, (first, last) in enumerate(_rowid_runs(row.rowid for row in rows)):
        parameters[f"first_{number}"], parameters[f"last_{number}"] = first, last
        ranges.append(
            "SELECT rowid, {snippets} FROM case_search WHERE case_search MATCH :match"  # noqa: S608 - no input in the SQL
            f" AND rowid BETWEEN :first_{number} AND :last_{number} AND +rowid IN {on_page}"
        )
    columns = (*_SHOWN_COLUMNS, _NOTES_COLUMN)
    snippets = ", ".join(
        f"snippet(case_search, {column}, '{_MARK}', '{_MARK}', '…', 8)" for column, _ in columns
    )
    sql = " UNION ALL ".join(ranges).format(snippets=snippets)
    by_rowid = {row.rowid: row for row in rows}
    found: dict[int, str] = {}
    for rowid, *texts in session.execute(text(sql), parameters):
        for (_, label), snippet in zip(columns, texts, strict=True):
            if snippet is None or _MARK not in snippet:
                continue
            # The customer's name and phone are shown as saved, not as indexed.
            shown = {
                "Phone": by_rowid[rowid].phone,
                "Customer": by_rowid[rowid].customer_name,
            }.get(label, snippet.replace(_MARK, ""))
            found[rowid] = f"{say(label)}: {shown}"
            break
    return found


def search_cases(
    *,
    database: StoreDatabase,
    query: CaseQuery | Mapping[str, Any],
    offset: int = 0,
    limit: int = DEFAULT_PAGE_SIZE,
) -> SearchPage:
    """One page of the cases that match ``query``, newest first (ties by the order saved).

    Pages are cut in the database, so a list model can fetch page after page of
    a million cases; a deep ``offset`` costs a walk past the rows before it.

    Raises:
        InputError: the query, the offset or the page size is not acceptable.
    """
    checked_query = parse(CaseQuery, query)
    offset, limit = _check_page(offset, limit)
    with database.read() as session:
        plan = _plan(session, checked_query, probe_limit=LEAD_LIMIT)
        rowids = [] if plan.empty else _page_rowids(session, plan, offset, limit)
        parameters: dict[str, Any] = {}
        on_page = _in_list("rowid", rowids, parameters) if rowids else "(NULL)"
        details = (
            "SELECT c.rowid, c.id, c.number, c.case_type, c.status, c.created_at, c.summary, "  # noqa: S608 - no input
            "cu.name AS customer_name, cu.phone FROM service_case c "
            f"LEFT JOIN customer cu ON cu.id = c.customer_id WHERE c.rowid IN {on_page}"
        )
        statement = text(details).columns(created_at=UTCDateTime())
        by_rowid = {row.rowid: row for row in session.execute(statement, parameters)}
        rows = [by_rowid[rowid] for rowid in rowids[:limit]]
        where_found = _where_found(session, plan.match, rows) if plan.match is not None else {}
    return SearchPage(
        rows=tuple(
            CaseRow(
                id=uuid.UUID(row.id),
                number=row.number,
                case_type=CaseType(row.case_type),
                status=CaseStatus(row.status),
                created_at=row.created_at,
                customer_name=row.customer_name,
                summary=row.summary,
                matched=where_found.get(row.rowid, ""),
            )
            for row in rows
        ),
        offset=offset,
        limit=limit,
        has_more=len(rowids) > limit,
    )


def count_cases(*, database: StoreDatabase, query: CaseQuery | Mapping[str, Any]) -> int:
    """How many cases match ``query``, counting no further than :data:`COUNT_CAP`.

    Returns the exact number up to ``COUNT_CAP``; ``COUNT_CAP + 1`` means "more
    than COUNT_CAP" (show "10,000+"), so a broad search never counts a million
    rows. Two broad conditions with few cases in common (a word in most cases
    and a rare status) may still take a while on a large store: run it apart
    from the page, as the list does.

    Raises:
        InputError: the query is not acceptable.
    """
    checked_query = parse(CaseQuery, query)
    with database.read() as session:
        plan = _plan(session, checked_query, probe_limit=COUNT_CAP)
        if plan.empty:
            return 0
        if plan.words_alone:
            # The plan has counted the words' rows in the full-text index, up to the cap: each
            # is one case of this store (a row is written from its case, a case is never
            # deleted, and a store's file holds one store), so that is the count.
            return plan.counted["text"]
        lead = plan.lead(COUNT_CAP)
        # A walk is ordered even to count, or SQLite may read the whole table instead
        # of the index (it would stop at the cap either way, but the index is honest).
        order = "ORDER BY c.created_at DESC" if lead == _WALK else ""
        inner = f"SELECT 1 FROM service_case c WHERE {plan.where(lead)} {order}"  # noqa: S608
        sql = f"SELECT count(*) FROM ({inner} LIMIT :cap)"  # noqa: S608 - no input
        parameters = {**plan.parameters, "cap": COUNT_CAP + 1}
        return int(session.execute(_statement(sql, parameters), parameters).scalar_one())
