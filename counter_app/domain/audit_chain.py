"""The audit trail's hash chain: each event's hash covers its content and the hash before it.

Pure functions: the service layer reads rows and hands them here. Changing,
removing or reordering any event breaks the chain from that point on.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from counter_app.i18n import say

GENESIS_HASH = "0" * 64


def canonical_json(content: Mapping[str, Any]) -> str:
    """JSON with sorted keys and no spaces: one text for one content, wherever it is made."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def details_digest(details: str) -> str:
    """SHA-256 of an event's stored details: what the chain covers, so the details can be erased."""
    return hashlib.sha256(details.encode("utf-8")).hexdigest()


def link_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    """SHA-256 of the previous hash and this event's canonical content."""
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_json(content).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One stored audit event as the chain sees it.

    ``content`` is None when it can no longer be recomputed (an event older than
    the details digest whose details were erased): only its place is checked.
    ``details_match`` is False when the details differ from the digest the hash covers.
    """

    seq: int
    content: Mapping[str, Any] | None
    prev_hash: str
    hash: str
    details_match: bool = True


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """Where the chain breaks, and why, in words for the person checking."""

    seq: int
    reason: str


def first_broken_link(links: Iterable[ChainLink]) -> BrokenLink | None:
    """Walk the chain in ``seq`` order and return the first event that does not verify."""
    expected_prev = GENESIS_HASH
    for link in links:
        if link.prev_hash != expected_prev:
            return BrokenLink(
                link.seq,
                say(
                    "event {seq} does not follow the event before it "
                    "(an event was removed, inserted or reordered)"
                ).format(seq=link.seq),
            )
        if not link.details_match or (
            link.content is not None and link_hash(link.prev_hash, link.content) != link.hash
        ):
            return BrokenLink(
                link.seq,
                say("event {seq} was changed after it was written").format(seq=link.seq),
            )
        expected_prev = link.hash
    return None
