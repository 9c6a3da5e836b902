"""Where this counter keeps its head-office token: the system credential store, else its file.

A token lets anyone who holds it write this store's events at head office, so
it is kept where the operating system keeps passwords (Windows Credential
Manager, macOS Keychain, the Secret Service on Linux) whenever keyring finds
a recommended backend there. Without one (a bare Linux box, a locked-down
image) it stays in the counter's settings file, which only this user can read
(mode 0600): what Counter did before there was a credential store to use.

Never in the database (it is copied into backups and support bundles) and
never in a log line: the messages here name the place, not the secret.
"""

import logging
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

log = logging.getLogger("counter.credentials")

SERVICE = "Counter head office"
# keyring's own threshold for a backend it recommends (priority >= 1): the fail and null
# backends, and the plain-text file backends of keyrings.alt, fall below it.
RECOMMENDED_PRIORITY = 1.0


@dataclass(frozen=True)
class TokenPlace:
    """Where a saved token went, and what the settings file keeps for it.

    Attributes:
        in_keyring: the credential store holds the token.
        file_token: what the settings file keeps: "" when the credential store holds
            it, the token itself when the file is its only place.
    """

    in_keyring: bool
    file_token: str


def credential_user(data_dir: Path) -> str:
    """The entry's user name: the data folder, so two stores on one PC keep two tokens."""
    return str(data_dir.expanduser().resolve())


def usable_backend() -> KeyringBackend | None:
    """The credential store keyring would use, or None when there is no recommended one."""
    try:
        backend = keyring.get_keyring()
        priority = float(backend.priority)
    except Exception:  # a backend that fails to even load is no backend; the file remains
        log.warning("the system credential store could not be opened", exc_info=True)
        return None
    if priority < RECOMMENDED_PRIORITY:
        return None
    return backend


def read_token(data_dir: Path, file_token: str) -> str:
    """The token in force: the credential store's entry, else what the settings file holds.

    A token still in the file (saved before a credential store was there) is used
    until the next save moves it.
    """
    backend = usable_backend()
    if backend is None:
        return file_token
    try:
        stored = backend.get_password(SERVICE, credential_user(data_dir))
    except KeyringError:
        log.warning("the head-office token could not be read from the credential store")
        return file_token
    return stored if stored else file_token


def save_token(data_dir: Path, token: str) -> TokenPlace:
    """Keep ``token`` ("" removes it) in the credential store if there is one, else in the file.

    Returns:
        Where it went; the caller writes ``file_token`` into the settings file.
    """
    backend = usable_backend()
    if backend is None:
        return TokenPlace(in_keyring=False, file_token=token)
    user = credential_user(data_dir)
    try:
        if token:
            backend.set_password(SERVICE, user, token)
        else:
            _delete(backend, user)
    except KeyringError:
        log.warning("the credential store refused the head-office token; it stays in the file")
        return TokenPlace(in_keyring=False, file_token=token)
    return TokenPlace(in_keyring=bool(token), file_token="")


def restore_token(data_dir: Path, token: str) -> None:
    """Put the previous token back after the settings file could not be written."""
    backend = usable_backend()
    if backend is None:
        return
    try:
        if token:
            backend.set_password(SERVICE, credential_user(data_dir), token)
        else:
            _delete(backend, credential_user(data_dir))
    except KeyringError:
        log.warning("the previous head-office token could not be put back in the store")


def _delete(backend: KeyringBackend, user: str) -> None:
    with suppress(PasswordDeleteError):  # nothing was stored: nothing to remove
        backend.delete_password(SERVICE, user)
