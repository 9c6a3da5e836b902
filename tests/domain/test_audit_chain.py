import hashlib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.audit_chain import (
    GENESIS_HASH,
    BrokenLink,
    ChainLink,
    canonical_json,
    first_broken_link,
    link_hash,
)

quick = settings(database=None, deadline=None)


def build_chain(contents: list[Mapping[str, Any]], *, first_seq: int = 1) -> list[ChainLink]:
    """Write a chain the way the service layer does: each link hashes the one before."""
    links = []
    prev = GENESIS_HASH
    for offset, content in enumerate(contents):
        digest = link_hash(prev, content)
        links.append(ChainLink(first_seq + offset, content, prev, digest))
        prev = digest
    return links


def events(count: int) -> list[Mapping[str, Any]]:
    return [
        {"action": "case.opened", "entity": "case", "n": n, "note": f"événement {n} 😀"}
        for n in range(count)
    ]


CHANGED = "was changed after it was written"
OUT_OF_ORDER = "does not follow the event before it"


# --------------------------------------------------------------------------- hashing


def test_genesis_hash_is_64_zeros() -> None:
    assert GENESIS_HASH == "0" * 64


def test_link_hash_is_sha256_of_prev_newline_canonical_json() -> None:
    content = {"b": 1, "a": "é"}
    expected = hashlib.sha256(
        GENESIS_HASH.encode() + b"\n" + '{"a":"é","b":1}'.encode()
    ).hexdigest()
    assert link_hash(GENESIS_HASH, content) == expected


def test_canonical_json_sorts_keys_and_keeps_unicode() -> None:
    assert canonical_json({"b": [1, 2], "a": {"y": 1, "x": "ü"}}) == (
        '{"a":{"x":"ü","y":1},"b":[1,2]}'
    )


def test_key_order_does_not_change_the_hash() -> None:
    assert link_hash(GENESIS_HASH, {"a": 1, "b": 2}) == link_hash(GENESIS_HASH, {"b": 2, "a": 1})


def test_hash_depends_on_content_and_previous_hash() -> None:
    base = link_hash(GENESIS_HASH, {"a": 1})
    assert link_hash(GENESIS_HASH, {"a": 2}) != base
    assert link_hash("1" * 64, {"a": 1}) != base
    assert len(base) == 64
    assert set(base) <= set("0123456789abcdef")


# --------------------------------------------------------------------------- verification


def test_empty_chain_verifies() -> None:
    assert first_broken_link([]) is None


def test_intact_chain_verifies() -> None:
    assert first_broken_link(build_chain(events(10))) is None


def test_chain_is_read_from_any_iterable() -> None:
    assert first_broken_link(iter(build_chain(events(5)))) is None


def test_changed_content_is_detected_at_that_event() -> None:
    chain = build_chain(events(6))
    chain[3] = replace(chain[3], content={**chain[3].content, "n": 999})
    assert first_broken_link(chain) == BrokenLink(4, f"event 4 {CHANGED}")


def test_changed_first_event_is_detected() -> None:
    chain = build_chain(events(3))
    chain[0] = replace(chain[0], content={"action": "forged"})
    assert first_broken_link(chain) == BrokenLink(1, f"event 1 {CHANGED}")


def test_changed_hash_is_detected() -> None:
    chain = build_chain(events(4))
    chain[1] = replace(chain[1], hash="f" * 64)
    broken = first_broken_link(chain)
    assert broken is not None
    assert broken.seq == 2
    assert CHANGED in broken.reason


def test_rewritten_event_with_recomputed_hash_breaks_the_next_link() -> None:
    chain = build_chain(events(5))
    forged_content = {**chain[2].content, "n": -1}
    chain[2] = replace(
        chain[2], content=forged_content, hash=link_hash(chain[2].prev_hash, forged_content)
    )
    broken = first_broken_link(chain)
    assert broken is not None
    assert broken.seq == 4
    assert OUT_OF_ORDER in broken.reason


def test_removed_event_is_detected_at_the_event_after_the_gap() -> None:
    chain = build_chain(events(6))
    del chain[2]  # seq 3 removed
    broken = first_broken_link(chain)
    assert broken == BrokenLink(
        4,
        "event 4 does not follow the event before it (an event was removed, inserted or reordered)",
    )


def test_removed_first_event_is_detected() -> None:
    chain = build_chain(events(3))
    broken = first_broken_link(chain[1:])
    assert broken is not None
    assert broken.seq == 2
    assert OUT_OF_ORDER in broken.reason


def test_removing_the_last_event_cannot_be_seen_from_the_chain_alone() -> None:
    # Truncation leaves a valid prefix: the chain's limit, documented here on purpose.
    assert first_broken_link(build_chain(events(5))[:-1]) is None


def test_reordered_events_are_detected_where_the_order_breaks() -> None:
    chain = build_chain(events(6))
    chain[2], chain[3] = chain[3], chain[2]
    broken = first_broken_link(chain)
    assert broken is not None
    assert broken.seq == 4  # event 4 now sits where event 3 belongs
    assert OUT_OF_ORDER in broken.reason


def test_inserted_event_is_detected() -> None:
    chain = build_chain(events(4))
    intruder = ChainLink(
        99, {"action": "forged"}, GENESIS_HASH, link_hash(GENESIS_HASH, {"action": "forged"})
    )
    chain.insert(2, intruder)
    broken = first_broken_link(chain)
    assert broken is not None
    assert broken.seq == 99
    assert OUT_OF_ORDER in broken.reason


def test_only_the_first_break_is_reported() -> None:
    chain = build_chain(events(6))
    chain[1] = replace(chain[1], content={"changed": 1})
    chain[4] = replace(chain[4], content={"changed": 4})
    broken = first_broken_link(chain)
    assert broken is not None
    assert broken.seq == 2


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=10)
json_values = json_scalars | st.lists(json_scalars, max_size=3)
contents = st.dictionaries(st.text(min_size=1, max_size=8), json_values, min_size=1, max_size=4)


@given(st.lists(contents, min_size=1, max_size=12), st.data())
@settings(database=None, deadline=None, max_examples=50)
def test_any_chain_verifies_and_any_change_is_found_at_its_seq(
    chain_contents: list[dict[str, Any]], data: st.DataObject
) -> None:
    chain = build_chain(chain_contents, first_seq=100)
    assert first_broken_link(chain) is None

    index = data.draw(st.integers(min_value=0, max_value=len(chain) - 1))
    changed = {**chain[index].content, "\x00tamper": True}
    tampered = [*chain[:index], replace(chain[index], content=changed), *chain[index + 1 :]]
    broken = first_broken_link(tampered)
    assert broken is not None
    assert broken.seq == 100 + index
    assert CHANGED in broken.reason


@given(st.lists(contents, min_size=2, max_size=12), st.data())
@settings(database=None, deadline=None, max_examples=50)
def test_any_removal_is_found_at_the_next_seq(
    chain_contents: list[dict[str, Any]], data: st.DataObject
) -> None:
    chain = build_chain(chain_contents)
    index = data.draw(st.integers(min_value=0, max_value=len(chain) - 2))
    shortened = [*chain[:index], *chain[index + 1 :]]
    broken = first_broken_link(shortened)
    assert broken is not None
    assert broken.seq == index + 2
    assert OUT_OF_ORDER in broken.reason


@pytest.mark.parametrize("size", [2, 3, 7])
def test_reversed_chain_is_detected_at_its_first_link(size: int) -> None:
    chain = build_chain(events(size))
    broken = first_broken_link(list(reversed(chain)))
    assert broken is not None
    assert broken.seq == size
