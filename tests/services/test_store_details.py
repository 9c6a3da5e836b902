"""A manager changing what the receipts say about the store."""

import json
from typing import Any

import pytest

from counter_app.services.errors import InputError, PermissionDeniedError
from counter_app.services.store_setup import current_store, update_store_details

Seeded = Any  # the ``seeded`` fixture of tests/services/conftest.py


def store_events(seeded: Seeded) -> list[dict[str, object]]:
    rows = seeded.sql("SELECT details FROM auditevent WHERE action = 'store.updated' ORDER BY seq")
    return [json.loads(row[0]) for row in rows]


def test_manager_changes_the_details(seeded: Seeded) -> None:
    changed = update_store_details(
        database=seeded.database,
        staff=seeded.manager,
        changes={
            "name": "Grafton Street Flagship",
            "address": "1 Grafton Street\nDublin 2",
            "phone": "+353 1 555 0100",
            "timezone": "Europe/Berlin",
            "locale": "de_DE",
        },
        now=seeded.now,
    )

    assert changed == current_store(database=seeded.database)
    assert changed.name == "Grafton Street Flagship"
    assert changed.address == "1 Grafton Street\nDublin 2"
    assert changed.timezone == "Europe/Berlin"
    assert changed.locale == "de_DE"
    assert changed.code == seeded.store.code
    assert store_events(seeded) == [
        {
            "changed": {
                "address": "1 Grafton Street\nDublin 2",
                "locale": "de_DE",
                "name": "Grafton Street Flagship",
                "phone": "+353 1 555 0100",
                "timezone": "Europe/Berlin",
            }
        }
    ]
    assert seeded.sql("SELECT count(*) FROM outbox WHERE kind = 'store.updated'") == [(1,)]


def test_nothing_new_writes_nothing(seeded: Seeded) -> None:
    update_store_details(
        database=seeded.database, staff=seeded.manager, changes={"name": seeded.store.name}
    )

    assert store_events(seeded) == []


def test_clerk_is_refused(seeded: Seeded) -> None:
    with pytest.raises(PermissionDeniedError, match="Only a manager"):
        update_store_details(database=seeded.database, staff=seeded.clerk, changes={"name": "X"})

    assert current_store(database=seeded.database) == seeded.store


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone", "Europe/Dublin"),
        ({"locale": "xx_NOPE"}, "locale", "en_IE"),
        ({"currency": "ZZZ"}, "currency", "ZZZ"),
        ({"name": ""}, "name", "required"),
        ({"code": "S999"}, "code", "case number"),
        ({"colour": "blue"}, "colour", "not a store detail"),
    ],
)
def test_wrong_details_are_refused_at_their_field(
    seeded: Seeded, changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(InputError) as refused:
        update_store_details(database=seeded.database, staff=seeded.manager, changes=changes)

    assert [problem.field for problem in refused.value.problems] == [field]
    assert words in refused.value.problems[0].message
    assert current_store(database=seeded.database) == seeded.store


def test_currency_cannot_change_once_amounts_are_kept(seeded: Seeded) -> None:
    with pytest.raises(InputError) as refused:
        update_store_details(
            database=seeded.database, staff=seeded.manager, changes={"currency": "GBP"}
        )

    problem = refused.value.problems[0]
    assert problem.field == "currency"
    assert "cannot change from EUR" in problem.message
    assert "new data folder" in problem.message
    assert current_store(database=seeded.database) == seeded.store
    assert store_events(seeded) == []


def test_currency_changes_while_nothing_is_kept_in_it(seeded: Seeded) -> None:
    # The seeded store has a catalog and a sale: take them away first.
    with seeded.database.write() as session:
        session.connection().exec_driver_sql("DELETE FROM saleline")
        session.connection().exec_driver_sql("DELETE FROM sale")
        session.connection().exec_driver_sql("DELETE FROM productbarcode")
        session.connection().exec_driver_sql("DELETE FROM product")

    changed = update_store_details(
        database=seeded.database, staff=seeded.manager, changes={"currency": "gbp"}
    )

    assert changed.currency == "GBP"
    assert store_events(seeded) == [{"changed": {"currency": "GBP"}}]
