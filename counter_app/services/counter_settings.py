"""This counter PC's own settings: language, contrast, printers, head office, auto-lock.

They belong to the machine, not to the store: two counters of one store may
print on different printers. They live in the data folder as
``counter-settings.json``, written atomically (a temporary file in the same
folder, then a rename) and readable by this user alone, because the file may hold
the head-office token: the token is kept in the system credential store when
there is one (:mod:`counter_app.sync.credentials`), in the file only otherwise.

A damaged file never stops the counter: the standard settings are used and the
problem is told in words. The damaged file is kept, renamed aside only when new
settings are saved over it, so IT can still read what was in it.

Every save is audited like any other change, in the same transaction as the
file write: if the file cannot be written, the audit event is rolled back too.
The token itself never appears in an audit event or an outbox row, only
whether it was changed or cleared.
"""

import errno
import json
import logging
import os
import platform
import re
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from counter_app.domain.validation import FieldProblem, InputError, clean_text, shown_key
from counter_app.i18n import say, say_later
from counter_app.services.durable_files import sync_folder
from counter_app.services.errors import ServiceError
from counter_app.services.inputs import checked, parse
from counter_app.services.recording import record_change
from counter_app.services.staff import (
    SignedIn,
    require_active,
    require_active_manager,
    require_manager,
)
from counter_app.services.store_setup import load_store
from counter_app.sync import credentials
from db.store.database import StoreDatabase

log = logging.getLogger("counter.settings")

SETTINGS_FILENAME = "counter-settings.json"
PRINTED_FOLDER = "printed"
LANGUAGES = {"en": "English", "de": "Deutsch"}
DOCUMENT_KINDS = ("receipt", "return_label", "voucher", "report")
DOCUMENT_LABELS = {
    "receipt": say_later("Receipts"),
    "return_label": say_later("Return labels"),
    "voucher": say_later("Vouchers"),
    "report": say_later("Reports"),
}
PRINTER_KINDS = ("system", "escpos", "pdf_folder")
RECEIPT_COLUMNS = (42, 44, 48)
IDLE_LOCK_RANGE = (1, 240)
TOKEN_SHOWN = {True: "changed", False: "cleared"}
# Keys a manager may change; the display keys anyone signed in may change.
DISPLAY_KEYS = frozenset({"language", "high_contrast"})
MANAGER_KEYS = frozenset(
    {
        *DISPLAY_KEYS,
        "idle_lock_minutes",
        "head_office_url",
        "head_office_token",
        "printers",
        "returns_address",
    }
)
# The "TO" block of a 4x6 in return label holds this much, at its larger type, in one column.
RETURNS_ADDRESS_LINES = 5
RETURNS_ADDRESS_LENGTH = 200

_USB = re.compile(r"^usb:[0-9a-f]{4}:[0-9a-f]{4}$", re.IGNORECASE)
_TCP = re.compile(r"^tcp:(?P<host>[A-Za-z0-9.\-]{1,253}):(?P<port>[0-9]{1,5})$")
_SERIAL = re.compile(r"^serial:(?P<device>/dev/[A-Za-z0-9_./\-]+|COM[0-9]{1,3})$", re.IGNORECASE)
_ESCPOS_EXAMPLES = say_later(
    "usb:04b8:0202, tcp:192.168.1.50:9100 or serial:/dev/ttyUSB0 (serial:COM3)"
)


class SettingsNotSavedError(ServiceError):
    """The settings file could not be written: a read-only folder, a full disk, a lost drive."""


# ---------------------------------------------------------------------- checks


def _language(value: object) -> str:
    if not isinstance(value, str) or value not in LANGUAGES:
        named = [f"{name} ({code})" for code, name in LANGUAGES.items()]
        choices = say("{some} or {last}").format(some=", ".join(named[:-1]), last=named[-1])
        raise InputError.single(
            "language", say("Language must be {choices}.").format(choices=choices)
        )
    return value


def _flag(value: object, *, field: str, label: str) -> bool:
    if not isinstance(value, bool):
        raise InputError.single(field, say("{label} is either on or off.").format(label=say(label)))
    return value


def _minutes(value: object) -> int:
    low, high = IDLE_LOCK_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError.single(
            "idle_lock_minutes",
            say("Auto-lock must be a whole number of minutes from {low} to {high}.").format(
                low=low, high=high
            ),
        )
    return value


def _head_office_url(value: object) -> str:
    typed = clean_text(
        value,
        field="head_office_url",
        label=say("Head office address"),
        max_length=500,
        required=False,
    )
    if not typed:
        return ""
    try:
        parts = urlsplit(typed)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if (
        parts is None
        or not port_ok
        or parts.scheme.lower() not in {"http", "https"}
        or not parts.hostname
        or any(character.isspace() for character in typed)
    ):
        raise InputError.single(
            "head_office_url",
            say(
                "Head office address must be a web address starting with https:// or http://, "
                "like https://headoffice.example.com. Leave it empty if this store has no head "
                "office."
            ),
        )
    return typed


def _token(value: object) -> SecretStr:
    secret = value.get_secret_value() if isinstance(value, SecretStr) else value
    if secret is None:
        return SecretStr("")
    if not isinstance(secret, str):
        raise InputError.single("head_office_token", say("The head office token must be text."))
    secret = secret.strip()
    if len(secret) > 1000 or any(not character.isprintable() for character in secret):
        raise InputError.single(
            "head_office_token",
            say(
                "The head office token has characters a token cannot have (spaces or control "
                "characters) or is too long; paste it again as head office gave it."
            ),
        )
    if any(character.isspace() for character in secret):
        raise InputError.single(
            "head_office_token",
            say(
                "The head office token cannot contain spaces; paste it again as head office "
                "gave it."
            ),
        )
    return SecretStr(secret)


def _printer_kind(value: object) -> str:
    if not isinstance(value, str) or value not in PRINTER_KINDS:
        raise InputError.single(
            "kind",
            say("Choose how to print: a system printer, an ESC/POS printer or a PDF folder."),
        )
    return value


def _plain(value: object, *, field: str, label: str) -> str:
    return clean_text(value, field=field, label=say(label), max_length=500, required=False)


def _returns_address(value: object) -> str:
    """Where this store sends returned goods, as the label prints it: a few lines of text."""
    address = clean_text(
        value,
        field="returns_address",
        label=say("Returns address"),
        max_length=RETURNS_ADDRESS_LENGTH,
        required=False,
        multiline=True,
    )
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if len(lines) > RETURNS_ADDRESS_LINES:
        raise InputError.single(
            "returns_address",
            say(
                "Returns address has {count} lines; a return label has room for {most}. "
                "Put the street and the town on one line."
            ).format(count=len(lines), most=RETURNS_ADDRESS_LINES),
        )
    return "\n".join(lines)


def _columns(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in RECEIPT_COLUMNS:
        raise InputError.single(
            "columns",
            say("Receipt width must be 42, 44 or 48 characters, as the printer's manual says."),
        )
    return value


def escpos_address_problem(address: str) -> str | None:
    """Why ``address`` is not an ESC/POS printer address, or None when its form is right."""
    if _USB.match(address):
        return None
    tcp = _TCP.match(address)
    if tcp:
        if 1 <= int(tcp.group("port")) <= 65535:
            return None
        return say("The network port must be from 1 to 65535 (ESC/POS printers mostly use 9100).")
    if _SERIAL.match(address):
        return None
    return say("Write the printer's address like {examples}.").format(
        examples=say(_ESCPOS_EXAMPLES)
    )


# ---------------------------------------------------------------------- the model


class PrinterChoice(BaseModel):
    """Where one kind of document goes: a system printer, an ESC/POS printer or a PDF folder.

    The fields of the other kinds are kept (switching back finds them again) but
    only the chosen kind's fields are checked for their form (:func:`check_settings`).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: Annotated[str, checked(_printer_kind)] = "pdf_folder"
    system_printer: Annotated[
        str, checked(_plain, field="system_printer", label=say_later("Printer name"))
    ] = ""
    escpos_address: Annotated[
        str, checked(_plain, field="escpos_address", label=say_later("ESC/POS address"))
    ] = ""
    pdf_folder: Annotated[
        str, checked(_plain, field="pdf_folder", label=say_later("PDF folder"))
    ] = ""
    columns: Annotated[int, checked(_columns)] = 48

    def folder_in(self, data_dir: Path) -> Path:
        """The folder PDFs are saved in: the one chosen, else ``printed`` in the data folder."""
        if self.pdf_folder:
            return Path(self.pdf_folder).expanduser()
        return data_dir / PRINTED_FOLDER


class Printers(BaseModel):
    """One printer choice per kind of document; each saves a PDF until set otherwise."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    receipt: PrinterChoice = Field(default_factory=PrinterChoice)
    return_label: PrinterChoice = Field(default_factory=PrinterChoice)
    voucher: PrinterChoice = Field(default_factory=PrinterChoice)
    report: PrinterChoice = Field(default_factory=PrinterChoice)

    def for_document(self, document: str) -> PrinterChoice:
        """The choice for ``document`` ("receipt", "return_label", "voucher" or "report")."""
        if document not in DOCUMENT_KINDS:
            raise KeyError(document)
        choice: PrinterChoice = getattr(self, document)
        return choice


class CounterSettings(BaseModel):
    """This counter PC's settings, checked; keys this version does not know are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    language: Annotated[str, checked(_language)] = "en"
    high_contrast: Annotated[
        bool, checked(_flag, field="high_contrast", label=say_later("High contrast"))
    ] = False
    idle_lock_minutes: Annotated[int, checked(_minutes)] = 5
    head_office_url: Annotated[str, checked(_head_office_url)] = ""
    head_office_token: Annotated[SecretStr, checked(_token)] = Field(
        default_factory=lambda: SecretStr("")
    )
    printers: Printers = Field(default_factory=Printers)
    # The "TO" block of every return label this counter prints; empty: head office's returns
    # centre by name only (case_documents.DEFAULT_SHIP_TO).
    returns_address: Annotated[str, checked(_returns_address)] = ""

    @property
    def has_token(self) -> bool:
        """Whether a head-office token is set (the token itself stays secret)."""
        return bool(self.head_office_token.get_secret_value())

    def stored(self) -> dict[str, Any]:
        """The settings with the token in clear (the file keeps it only without a keyring)."""
        data = self.model_dump(mode="json")
        data["head_office_token"] = self.head_office_token.get_secret_value()
        return data


def _choice_problems(choice: PrinterChoice, document: str) -> list[FieldProblem]:
    """What the chosen kind of ``choice`` still needs; the other kinds' fields are not checked."""
    field = f"printers.{document}."
    if choice.kind == "system" and not choice.system_printer:
        return [
            FieldProblem(
                field + "system_printer",
                say("Choose which printer to use, or save as PDF instead."),
            )
        ]
    if choice.kind == "escpos":
        if not choice.escpos_address:
            return [
                FieldProblem(
                    field + "escpos_address",
                    say("Type the printer's address, like {examples}.").format(
                        examples=say(_ESCPOS_EXAMPLES)
                    ),
                )
            ]
        problem = escpos_address_problem(choice.escpos_address)
        return [FieldProblem(field + "escpos_address", problem)] if problem else []
    if (
        choice.kind == "pdf_folder"
        and choice.pdf_folder
        and not Path(choice.pdf_folder).expanduser().is_absolute()
    ):
        return [
            FieldProblem(
                field + "pdf_folder",
                say(
                    "Choose the PDF folder with Browse, or type its full path "
                    "(like /home/counter/Receipts or C:\\Receipts)."
                ),
            )
        ]
    return []


def check_settings(data: CounterSettings | Mapping[str, Any]) -> CounterSettings:
    """Check settings as a whole: every field, then what each printer's chosen kind needs.

    Raises:
        InputError: every problem found, each at its field (``printers.receipt.escpos_address``).
    """
    problems: list[FieldProblem] = []
    settings: CounterSettings | None = None
    printers: Printers | None = None
    try:
        settings = parse(CounterSettings, data)
        printers = settings.printers
    except InputError as error:
        problems.extend(error.problems)
        # Say what the printers still need too, so one save shows every problem at once.
        given = data.get("printers") if isinstance(data, Mapping) else None
        if isinstance(given, Mapping):
            with suppress(InputError):
                printers = parse(Printers, given)
    if printers is not None:
        problems.extend(
            problem
            for document in DOCUMENT_KINDS
            for problem in _choice_problems(printers.for_document(document), document)
        )
    if problems or settings is None:
        raise InputError(problems)
    return settings


@dataclass(frozen=True)
class LoadedSettings:
    """The settings in force, and why the standard ones are used if the file was not readable."""

    settings: CounterSettings
    problem: str | None = None


# ---------------------------------------------------------------------- reading


def settings_path(data_dir: Path) -> Path:
    """Where this counter's settings file is kept."""
    return data_dir / SETTINGS_FILENAME


def load_counter_settings(data_dir: Path) -> LoadedSettings:
    """This counter's settings; the standard ones, with the problem in words, if the file is bad.

    A missing file is no problem: the counter simply has not been set up yet.
    """
    path = settings_path(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(CounterSettings())
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else None
        return _unusable(
            path,
            say(
                "This counter's settings file ({path}) was not used because it cannot be read "
                "({reason}). The standard settings are in use until a manager saves the "
                "settings again; the old file is then kept beside the new one."
            ).format(path=path, reason=reason or say("unreadable")),
        )
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return _unusable(path, _damaged(path))
    if not isinstance(data, dict):
        return _unusable(path, _damaged(path))
    try:
        settings = check_settings(data)
    except InputError as error:
        return _unusable(
            path,
            say(
                "This counter's settings file ({path}) was not used because a setting in it is "
                "wrong: {problem}. The standard settings are in use until a manager saves the "
                "settings again; the old file is then kept beside the new one."
            ).format(path=path, problem=error.problems[0].message.rstrip(".")),
        )
    token = credentials.read_token(data_dir, settings.head_office_token.get_secret_value())
    return LoadedSettings(settings.model_copy(update={"head_office_token": SecretStr(token)}))


def _damaged(path: Path) -> str:
    return say(
        "This counter's settings file ({path}) was not used because it is damaged (not a "
        "settings file Counter can read). The standard settings are in use until a manager "
        "saves the settings again; the old file is then kept beside the new one."
    ).format(path=path)


def _unusable(path: Path, problem: str) -> LoadedSettings:
    log.warning("counter settings in %s not used: %s", path, problem)
    return LoadedSettings(CounterSettings(), problem)


# ---------------------------------------------------------------------- saving


def save_display_settings(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    language: str,
    high_contrast: bool,
    now: datetime | None = None,
) -> CounterSettings:
    """Change the language and contrast of this counter; anyone signed in may.

    A clerk who needs high contrast to read the screen must not have to find a manager.
    """
    return _save(
        database=database,
        staff=staff,
        changes={"language": language, "high_contrast": high_contrast},
        manager_only=False,
        now=now,
    )


def save_counter_settings(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    changes: Mapping[str, object],
    now: datetime | None = None,
) -> CounterSettings:
    """Change any of this counter's settings; only a manager may.

    Args:
        changes: the settings to change, by name; ``printers`` maps a document kind
            to the fields of its choice that change. ``head_office_token`` "" clears it.

    Raises:
        PermissionDeniedError: not a manager (by the database's record).
        InputError: a setting is wrong; nothing is written.
        SettingsNotSavedError: the file could not be written; nothing is changed.
    """
    require_manager(staff, say("change this counter's settings"))
    return _save(database=database, staff=staff, changes=changes, manager_only=True, now=now)


def _save(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    changes: Mapping[str, object],
    manager_only: bool,
    now: datetime | None,
) -> CounterSettings:
    allowed = MANAGER_KEYS if manager_only else DISPLAY_KEYS
    if not isinstance(changes, Mapping):
        raise InputError.single(
            "changes", say("The changes could not be read; make them again on the screen.")
        )
    for key in changes:
        if key not in allowed:
            raise InputError.single(
                str(key)[:40],
                say("{key} is not a setting of this counter.").format(key=shown_key(key)),
            )
    data_dir = database.path.parent
    loaded = load_counter_settings(data_dir)
    wanted = check_settings(_merged(loaded.settings.stored(), changes))
    moment = now or datetime.now(UTC)
    if manager_only:
        _check_pdf_folders(wanted, data_dir)
    changed = _changed(loaded.settings, wanted)
    if not changed and loaded.problem is None:
        return loaded.settings
    place: credentials.TokenPlace | None = None
    aside: Path | None = None
    try:
        with database.write() as session:
            if manager_only:
                require_active_manager(session, staff, say("change this counter's settings"))
            else:
                require_active(session, staff)
            store = load_store(session)
            record_change(
                session,
                store_id=store.id,
                staff_id=staff.staff_id,
                action="settings.changed",
                entity="counter_settings",
                entity_id=(platform.node() or "counter")[:64],
                details={"changed": changed},
                now=moment,
            )
            place = credentials.save_token(data_dir, wanted.head_office_token.get_secret_value())
            aside = _write_aside(
                data_dir,
                wanted,
                keep_damaged=loaded.problem is not None,
                now=moment,
                file_token=place.file_token,
            )
        # Recorded: one rename now puts the settings in force. Renamed before the commit,
        # they would be in force even when the record of the change could not be saved.
        _put_in_place(aside, data_dir)
        aside = None
    except BaseException:
        if aside is not None:
            with suppress(OSError):
                aside.unlink()
        if place is not None and (place.in_keyring or not place.file_token):
            credentials.restore_token(
                data_dir, loaded.settings.head_office_token.get_secret_value()
            )
        raise
    return wanted


def _merged(current: Mapping[str, Any], changes: Mapping[str, object]) -> dict[str, Any]:
    """``current`` with ``changes`` laid over it; nested mappings merge key by key."""
    merged = dict(current)
    for key, value in changes.items():
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = _merged(old, value)
        else:
            merged[key] = value
    return merged


def _flattened(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            flat.update(_flattened(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _changed(before: CounterSettings, after: CounterSettings) -> dict[str, Any]:
    """Which settings changed and their new values, the token only as changed or cleared."""
    old, new = _flattened(before.stored()), _flattened(after.stored())
    changed = {key: value for key, value in new.items() if old.get(key) != value}
    if "head_office_token" in changed:
        changed["head_office_token"] = TOKEN_SHOWN[after.has_token]
    return changed


def _check_pdf_folders(settings: CounterSettings, data_dir: Path) -> None:
    """Refuse a chosen PDF folder that cannot be made or written, before anything is saved."""
    for document in DOCUMENT_KINDS:
        choice = settings.printers.for_document(document)
        if choice.kind != "pdf_folder" or not choice.pdf_folder:
            continue
        folder = choice.folder_in(data_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            writable = folder.is_dir() and os.access(folder, os.W_OK)
        except OSError:
            writable = False
        if not writable:
            raise InputError.single(
                f"printers.{document}.pdf_folder",
                say(
                    "Counter cannot write in {folder}. Choose a folder on this PC that you can "
                    "write to, or leave it empty to use the data folder."
                ).format(folder=folder),
            )


def _write_aside(
    data_dir: Path,
    settings: CounterSettings,
    *,
    keep_damaged: bool,
    now: datetime,
    file_token: str,
) -> Path:
    """Write the new file whole beside the old one, readable by this user only; return it.

    :func:`_put_in_place` then renames it over the old file. ``file_token`` is
    what the file keeps of the token: "" when the credential store holds it.
    """
    path = settings_path(data_dir)
    temporary: Path | None = None
    try:
        if keep_damaged and path.exists():
            stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            path.replace(path.with_name(f"counter-settings.damaged-{stamp}.json"))
        descriptor, name = tempfile.mkstemp(
            dir=data_dir, prefix=".counter-settings.", suffix=".tmp"
        )
        temporary = Path(name)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            os.chmod(name, 0o600)  # mkstemp makes it 0600 already; say so for every platform
            stored = {**settings.stored(), "head_office_token": file_token}
            json.dump(stored, stream, indent=2, sort_keys=True, ensure_ascii=False)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        if temporary is not None:
            with suppress(OSError):
                temporary.unlink()
        raise SettingsNotSavedError(_write_problem(data_dir, error)) from error
    return temporary


def _put_in_place(temporary: Path, data_dir: Path) -> None:
    """Rename the new file over the old one: the settings change whole, in words if refused."""
    try:
        os.replace(temporary, settings_path(data_dir))
    except OSError as error:
        with suppress(OSError):
            temporary.unlink()
        raise SettingsNotSavedError(_write_problem(data_dir, error)) from error
    sync_folder(data_dir)


def _write_problem(data_dir: Path, error: OSError) -> str:
    if error.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        return say(
            "The settings were not saved in {folder}: the data folder can only be read, not "
            "written. Ask IT to check its permissions, then save again. Nothing was changed."
        ).format(folder=data_dir)
    if error.errno in {errno.ENOSPC, errno.EDQUOT}:
        return say(
            "The settings were not saved in {folder}: the disk is full. Ask IT to free some "
            "space, then save again. Nothing was changed."
        ).format(folder=data_dir)
    return say(
        "The settings were not saved in {folder}: the disk answered: {problem}. Ask IT to "
        "check the disk, then save again. Nothing was changed."
    ).format(folder=data_dir, problem=error.strerror or error)
