"""The hostile-input corpus and the checks shared by the tests that feed it to the services.

A refusal must be a sentence a clerk can act on (printable, no jargon, naming the
field), and a refused call must leave every table and every file of the data
folder exactly as it was. Legitimate text that merely looks dangerous (SQL, HTML,
homoglyphs, mixed scripts) must be kept exactly as typed.
"""

import hashlib
import math
import shutil
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app.services import intake
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo

# Words that betray a message written for a programmer, not for the counter.
JARGON = (
    "Traceback",
    "pydantic",
    "Value error",
    "sqlite",
    "SQLAlchemy",
    "input_value",
    "errors.",
    "[type=",
    "Input should be",
    "validation error",
    "NoneType",
    "<class",
    " object at 0x",
    "IntegrityError",
    "OperationalError",
    "unhashable",
    "has no attribute",
    "not subscriptable",
)
# The most of a message a clerk should have to read: a huge input is never echoed whole.
MESSAGE_MOST = 600


def assert_sentence(
    message: str, words: tuple[str, ...] | list[str] = (), absent: Any = ()
) -> None:
    """A message a clerk can read: short printable sentences, naming the problem."""
    assert message, "the error has no message"
    assert message.isprintable(), f"message echoes unprintable characters: {message[:200]!r}"
    assert len(message) <= MESSAGE_MOST, f"message of {len(message)} characters: {message[:200]!r}"
    assert message.rstrip(")").endswith((".", "?")), message
    for jargon in JARGON:
        assert jargon not in message, message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    for word in absent:
        assert word not in message, f"{word!r} should not be in {message!r}"


# --------------------------------------------------------------------------- what was stored

NO_CASE = uuid.UUID(int=0)
_SQLITE_FILES = ("counter.sqlite", "counter.sqlite-wal", "counter.sqlite-shm")


def store_state(database_path: Path, data_dir: Path) -> dict[str, Any]:
    """Every row of every table, and every file of the data folder (by hash), but the database's."""
    state: dict[str, Any] = {}
    with closing(sqlite3.connect(database_path)) as raw:
        tables = [
            row[0]
            for row in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            rows = raw.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
            state[table] = sorted(rows, key=repr)
    files = {}
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and path.name not in _SQLITE_FILES:
            files[str(path.relative_to(data_dir))] = hashlib.sha256(path.read_bytes()).hexdigest()
    state["files"] = files
    return state


def changed_parts(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The tables (and ``files``) that differ, for a readable failure."""
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


# --------------------------------------------------------------------------- the corpus

SQL = "O'Brien'); DROP TABLE service_case;--"
HTML = "<b>bold</b> <script>alert('x')</script> &amp;"
# "Paypal Apple" with Cyrillic letters among the Latin ones.
HOMOGLYPHS = "\u0420\u0430ypal \u0410\u0440\u0440le"
# Polish, Japanese, Arabic and Greek in one line.
MIXED_SCRIPTS = (
    "\u0141\u00f3d\u017a \u6771\u4eac \u0645\u0631\u062d\u0628\u0627 "
    "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1"
)
FORMAT = "100% {name} %s %(x)s {{0}}"
JOINERS = "\U0001f469\u200d\U0001f527 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWJ, ZWNJ
ZERO_WIDTH = "Ann\u200be Mar\ufeffie"
FORMULA = '=HYPERLINK("http://x","y")'

# Text a person may well type: kept exactly, shown and printed as typed.
LEGIT_TEXT = {
    "sql": SQL,
    "html": HTML,
    "homoglyphs": HOMOGLYPHS,
    "mixed-scripts": MIXED_SCRIPTS,
    "format-string": FORMAT,
    "joiners": JOINERS,
    "zero-width": ZERO_WIDTH,
    "formula": FORMULA,
}

HUGE = "x" * 1_000_000

# Not text at all: refused with "must be text".
NOT_TEXT = {
    "int": 42,
    "float": 1.5,
    "bool": True,
    "list": ["kettle"],
    "dict": {"text": "kettle"},
    "bytes": b"kettle",
}

# Text no person means to type: refused, naming what is wrong.
BAD_TEXT: dict[str, tuple[str, tuple[str, ...]]] = {
    "10k": ("y" * 10_001, ("too long",)),
    "1M": (HUGE, ("too long", "1,000,000")),
    "nul": ("kettle\x00", ("control character", "U+0000")),
    "bell": ("kettle\x07", ("control character", "U+0007")),
    "escape": ("\x1b[2Jkettle", ("control character", "U+001B")),
    "delete": ("ket\x7ftle", ("control character", "U+007F")),
    "c1-next-line": ("ket\x85tle", ("control character", "U+0085")),
    "rtl-override": ("kettle \u202egnp.exe", ("text-direction", "U+202E")),
    "lri-isolate": ("\u2066kettle", ("text-direction", "U+2066")),
    "lone-surrogate": ("half \ud800 character", ("broken characters",)),
}

# Amounts as a clerk might type them, and worse.
BAD_AMOUNTS: dict[str, object] = {
    "negative": "-1",
    "negative-int": -1,
    "nan": "NaN",
    "inf": "inf",
    "minus-inf": "-Infinity",
    "1e309": "1e309",
    "10^15": 10**15,
    "10^15-text": "1000000000000000",
    "grouped-wrongly": "12,34,56",
    "words": "twelve",
    "float": 19.99,
    "float-nan": math.nan,
    "float-inf": math.inf,
    "bool": True,
    "list": ["1"],
    "bytes": b"1",
    "three-decimals": "1.999",
    "sql": "1; DROP TABLE payment",
    "nul": "12\x00",
}

# Barcodes that find nothing, and are said to find nothing.
BAD_BARCODES: dict[str, str] = {
    "wrong-check-digit": "2000000000016",
    "letters": "20000000000AB",
    "too-long": "2" * 33,
    "huge": "2" * 100_000,
    "unknown-ean": "4006381333931",
    "sql": "'; DROP TABLE product;--",
    "nul": "2000000000015\x00",
    "rtl": "\u202e2000000000015",
}

# What a clerk may type where only the last four digits of a card belong.
BAD_CARD_DIGITS: dict[str, tuple[object, str]] = {
    "whole-card": ("4111 1111 1111 1111", "never the whole card number"),
    "whole-card-dashes": ("4111-1111-1111-1111", "never the whole card number"),
    "three-digits": ("424", "last four digits"),
    "letters": ("42a2", "last four digits"),
    "arabic-digits": ("\u0664\u0662\u0664\u0662", "last four digits"),
    "int": (4242, "must be text"),
    "nul": ("4242\x00", "control character"),
}


# --------------------------------------------------------------------------- a shared store


@dataclass
class SharedStore:
    """A copy of the seeded store shared by many refusals: a refusal leaves it as it was.

    Each refusal compares the whole store before and after its own call, so a
    service that wrongly stored something fails there and then, whichever test
    shares the copy after it.
    """

    database: StoreDatabase
    folder: Path
    store: StoreInfo
    manager: SignedIn
    clerk: SignedIn
    product_ids: dict[str, uuid.UUID]
    now: datetime
    complaint_id: uuid.UUID = NO_CASE  # an open complaint, made with the copy

    @property
    def path(self) -> Path:
        return self.database.path

    def sql(self, query: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.path)) as raw:
            return raw.execute(query, parameters).fetchall()

    def complaint_request(self, **overrides: Any) -> dict[str, Any]:
        request: dict[str, Any] = {
            "case_type": "complaint",
            "summary": "Kettle stopped working",
            "complaint": {"category": "Product quality", "description": "It does not switch on."},
        }
        request.update(overrides)
        return request


def shared_store(template: Any, folder: Path, now: datetime) -> SharedStore:
    """Copy the seeded template into ``folder`` and open it."""
    shutil.copytree(template.folder, folder)
    shared = SharedStore(
        database=open_store_database(folder).database,
        folder=folder,
        store=template.store,
        manager=template.manager,
        clerk=template.clerk,
        product_ids=template.product_ids,
        now=now,
    )
    shared.complaint_id = intake.open_case(
        database=shared.database, staff=shared.clerk, request=shared.complaint_request(), now=now
    ).id
    return shared


def sampled(params: list[Any]) -> list[Any]:
    """Every case, with those beyond a short sample marked ``long``.

    Ids read ``entry_point:field:kind``. The sample, run by default, keeps each case
    that is the first of its entry point and field, or the first of its kind of
    hostile value; so every field of every entry point, and every kind of value, is
    tried in the short run, and the full cross product with ``-m long``.
    """
    seen_fields: set[str] = set()
    seen_kinds: set[str] = set()
    marked = []
    for param in params:
        where, _, kind = param.id.rpartition(":")
        if where in seen_fields and kind in seen_kinds:
            marks = (*param.marks, pytest.mark.long)
            marked.append(pytest.param(*param.values, id=param.id, marks=marks))
        else:
            seen_fields.add(where)
            seen_kinds.add(kind)
            marked.append(param)
    return marked
