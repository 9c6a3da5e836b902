"""What every import shares: reading a CSV file, checking its cells, refusing it, finding stores.

A bad cell refuses the whole file, in one line naming the place to correct
(the file, the line and the column), and nothing reaches any store.
"""

import csv
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, col, select

from counter_app.domain.sync_protocol import Feed
from counter_app.headoffice.stores import StoreRegistryError
from db.headoffice.models import HeadOfficeStore

MAX_CENTS = 10**12

ModelT = TypeVar("ModelT", bound=BaseModel)


class ImportRefusedError(StoreRegistryError):
    """A file that cannot be imported, in one line naming the place to correct."""


@dataclass(frozen=True)
class ImportResult:
    """What an import published: ``rows`` items in all, to ``stores`` stores.

    ``changed`` counts the items new or different in a store's feed (each store
    counted apart): what the stores will pull. The rest they already have.
    """

    feed: Feed
    rows: int
    stores: int
    changed: int
    left_out: int = 0

    def summary(self) -> str:
        """The line the command prints."""
        line = (
            f"Published {self.rows} {self.feed.value} row(s) to {self.stores} store(s): "
            f"{self.changed} new or changed for the stores to pull."
        )
        if self.left_out:
            line += f" {self.left_out} receipt(s) older than the sales window were left out."
        return line


class BadValueError(Exception):
    """One cell that does not hold what its column needs."""

    def __init__(self, column: str, problem: str) -> None:
        super().__init__(problem)
        self.column = column
        self.problem = problem


@dataclass(frozen=True)
class Row:
    """A data row of a CSV file and the line it starts on (the header is line 1)."""

    line: int
    cells: Mapping[str, str]

    def text(self, column: str, *, max_length: int, required: bool = True) -> str:
        """The cell's text, stripped; refuses one too long or holding a control character."""
        value = self.cells.get(column, "").strip()
        if not value:
            if required:
                raise BadValueError(column, "is empty")
            return ""
        if len(value) > max_length:
            raise BadValueError(column, f"is longer than {max_length} characters")
        if any(ord(character) < 0x20 or ord(character) == 0x7F for character in value):
            raise BadValueError(column, "holds a control character")
        return value

    def whole(self, column: str, *, default: int | None = None, low: int = 0) -> int:
        """The cell as a whole number from ``low`` up (cents take no decimal point)."""
        value = self.cells.get(column, "").strip()
        if not value and default is not None:
            return default
        if not re.fullmatch(r"-?[0-9]+", value):
            shown = repr(value) if value else "nothing"
            raise BadValueError(
                column, f"needs a whole number (cents, no decimal point), not {shown}"
            )
        number = int(value)
        if not low <= number <= MAX_CENTS:
            raise BadValueError(column, f"must be at least {low}, not {number}")
        return number

    def yes_no(self, column: str, *, default: bool) -> bool:
        """The cell as yes or no (also y/n, true/false, 1/0); empty gives ``default``."""
        value = self.cells.get(column, "").strip().lower()
        if not value:
            return default
        if value in ("yes", "y", "true", "1"):
            return True
        if value in ("no", "n", "false", "0"):
            return False
        raise BadValueError(column, f"needs yes or no, not {value!r}")


def refuse(path: Path, line: int, column: str, problem: str) -> ImportRefusedError:
    """The error naming the file, line and column to correct, for the caller to raise."""
    return ImportRefusedError(
        f"{path.name} line {line}, column {column}: {problem}; nothing was imported."
    )


def read_csv(path: Path, required: Sequence[str], optional: Sequence[str]) -> list[Row]:
    """The file's data rows; refuses a missing or unknown column, or a row of the wrong width."""
    line = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            header = next(reader, None)
            if header is None:
                raise ImportRefusedError(f"{path.name} is empty; nothing was imported.")
            columns = [name.strip().lower() for name in header]
            for name in columns:
                if name not in required and name not in optional:
                    known = ", ".join([*required, *optional])
                    raise refuse(path, 1, name or "(empty)", f"is not a known column ({known})")
                if columns.count(name) > 1:
                    raise refuse(path, 1, name, "is named twice")
            for name in required:
                if name not in columns:
                    raise refuse(path, 1, name, "is missing from the first line")
            rows = []
            line = reader.line_num + 1
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    if len(cells) != len(columns):
                        raise ImportRefusedError(
                            f"{path.name} line {line}: has {len(cells)} field(s) where the first "
                            f"line names {len(columns)}; nothing was imported."
                        )
                    rows.append(Row(line, dict(zip(columns, cells, strict=True))))
                line = reader.line_num + 1
            return rows
    except FileNotFoundError:
        raise ImportRefusedError(f"{path} does not exist; nothing was imported.") from None
    except UnicodeDecodeError:
        raise ImportRefusedError(
            f"{path.name} is not UTF-8 text; save it as CSV UTF-8 and import it again."
        ) from None
    except csv.Error as error:
        raise ImportRefusedError(
            f"{path.name} line {line}: {error}; nothing was imported."
        ) from None


def checked(
    model: type[ModelT], data: Mapping[str, Any], column_of: Callable[[str], str]
) -> ModelT:
    """Validate an item built from a row; a problem names the column it came from."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        field = str(problem["loc"][0]) if problem["loc"] else "row"
        raise BadValueError(column_of(field), str(problem["msg"])) from None


def registered_stores(session: Session, store_code: str | None) -> list[HeadOfficeStore]:
    """The stores an import goes to: all registered ones, or the one named; never none."""
    query = select(HeadOfficeStore).order_by(col(HeadOfficeStore.code))
    if store_code is not None:
        query = query.where(HeadOfficeStore.code == store_code.strip().upper())
    stores = list(session.exec(query).all())
    if not stores:
        if store_code is not None:
            raise ImportRefusedError(
                f"No store {store_code!r} is registered; add it with add-store."
            )
        raise ImportRefusedError("No store is registered yet; add one with add-store first.")
    return stores


def dump(item: BaseModel) -> dict[str, Any]:
    """A feed item as the JSON data published, unset fields left out."""
    data: dict[str, Any] = item.model_dump(mode="json", exclude_none=True)
    return data
