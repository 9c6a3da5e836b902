"""Bearer tokens of head office: made, hashed and read back the same way for stores and reporters.

A token is ``<prefix><owner id hex>.<secret>``. The owner id lets head office
find the owner's row without a lookup across stores (a sharded cluster routes
by it); the secret is 256 random bits, so a plain SHA-256 is all that is kept
and no slow hash is needed. The token itself is shown once, when it is made.
"""

import hashlib
import re
import secrets
import uuid

_RANDOM_PART_SHAPE = r"[A-Za-z0-9_-]{20,100}"


def hash_token(token: str) -> str:
    """The SHA-256 head office keeps in place of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(owner_id: uuid.UUID, *, prefix: str = "") -> str:
    """A fresh token for ``owner_id``; ``prefix`` tells kinds of token apart at a glance."""
    return f"{prefix}{owner_id.hex}.{secrets.token_urlsafe(32)}"


def token_owner(token: str, *, prefix: str = "") -> uuid.UUID | None:
    """The owner id a well-formed token names, or None for anything of another shape."""
    match = re.fullmatch(f"{re.escape(prefix)}([0-9a-f]{{32}})\\.{_RANDOM_PART_SHAPE}", token)
    return None if match is None else uuid.UUID(hex=match.group(1))
