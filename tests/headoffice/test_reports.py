"""Head office's daily report: every figure checked against the store's own database.

The demo store's real events go to the real server with ``sync_once``; the
expected figures are counted here straight from the store's SQLite (its
cases, payments and complaint details, each put on its business day in the
store's time zone), never from head office's tables.
"""

import csv
import io
import subprocess
import sys
import uuid
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from headoffice_harness import HeadOfficeServer, SyncingStore

from counter_app.headoffice.reporters import add_reporter, revoke_reporter
from counter_app.services import complaints, intake
from counter_app.services.staff import sign_in
from counter_app.sync.runner import SyncTarget, sync_once

CASE_TYPES = ("complaint", "return", "exchange")
TENDERS = ("cash", "card", "store_credit", "original")
CSV_HEADER = ["store", "business_day", "measure", "item", "count", "amount_cents"]
# Figures of one store day: cases by type, refunds by tender as (count, cents), complaints.
Figures = dict[str, dict[str, Any]]


def _reporter_token(server: HeadOfficeServer) -> str:
    database = server.database()
    try:
        return add_reporter(database, f"finance-{uuid.uuid4().hex[:8]}").token
    finally:
        database.dispose()


def _get(server: HeadOfficeServer, path: str, token: str | None, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return httpx.get(f"{server.url}{path}", params=params, headers=headers, timeout=30)


def _empty() -> Figures:
    return {
        "cases": dict.fromkeys(CASE_TYPES, 0),
        "refunds": {tender: (0, 0) for tender in TENDERS},
        "complaints": {},
    }


def _day(stored: str, zone: ZoneInfo) -> date:
    """A UTC time as the store's SQLite keeps it, on the store's own calendar."""
    moment = datetime.fromisoformat(stored)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return moment.astimezone(zone).date()


def _expected(store: SyncingStore) -> dict[tuple[str, date], Figures]:
    """The store's figures per business day, counted from its own tables."""
    (timezone,) = store.sql("SELECT timezone FROM store")[0]
    zone = ZoneInfo(timezone)
    figures: dict[tuple[str, date], Figures] = defaultdict(_empty)
    for case_type, arrived_at in store.sql("SELECT case_type, arrived_at FROM service_case"):
        figures[(store.code, _day(arrived_at, zone))]["cases"][case_type] += 1
    for tender, cents, created_at in store.sql(
        "SELECT tender, amount_cents, created_at FROM payment WHERE kind = 'refund'"
    ):
        refunds = figures[(store.code, _day(created_at, zone))]["refunds"]
        count, total = refunds[tender]
        refunds[tender] = (count + 1, total + cents)
    for category, arrived_at in store.sql(
        "SELECT d.category, c.arrived_at FROM complaintdetail d "
        "JOIN service_case c ON c.id = d.case_id WHERE c.case_type = 'complaint'"
    ):
        complaints = figures[(store.code, _day(arrived_at, zone))]["complaints"]
        complaints[category] = complaints.get(category, 0) + 1
    return dict(figures)


def _from_json(body: dict[str, Any]) -> dict[tuple[str, date], Figures]:
    figures: dict[tuple[str, date], Figures] = {}
    for day in body["days"]:
        key = (day["store"], date.fromisoformat(day["business_day"]))
        assert key not in figures, f"{key} appears twice"
        figures[key] = {
            "cases": day["cases"],
            "refunds": {
                tender: (total["count"], total["amount_cents"])
                for tender, total in day["refunds"].items()
            },
            "complaints": day["complaints"],
        }
    return figures


def _read_csv(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "spreadsheets need the BOM to read UTF-8"
    reader = csv.DictReader(io.StringIO(text[1:], newline=""))
    assert reader.fieldnames == CSV_HEADER
    return list(reader)


def _from_csv(rows: list[dict[str, str]]) -> dict[tuple[str, date], Figures]:
    figures: dict[tuple[str, date], Figures] = {}
    for row in rows:
        key = (row["store"], date.fromisoformat(row["business_day"]))
        day = figures.setdefault(key, {"cases": {}, "refunds": {}, "complaints": {}})
        measure, item = row["measure"], row["item"]
        assert item not in day[measure], f"{key} {measure} {item} appears twice"
        if measure == "refunds":
            day["refunds"][item] = (int(row["count"]), int(row["amount_cents"]))
        else:
            assert row["amount_cents"] == ""
            day[measure][item] = int(row["count"])
    return figures


def _range(expected: dict[tuple[str, date], Figures]) -> dict[str, str]:
    days = [day for _, day in expected]
    return {
        "from": (min(days) - timedelta(days=1)).isoformat(),
        "to": (max(days) + timedelta(days=1)).isoformat(),
    }


def _synced(server: HeadOfficeServer, store: SyncingStore) -> dict[tuple[str, date], Figures]:
    sync_once(store.database, SyncTarget(url=server.url, token=store.token))
    assert store.waiting() == 0
    return _expected(store)


def _case_event(
    seq: int, arrived_at: datetime, *, category: str, refund_cents: int = 0
) -> dict[str, Any]:
    """A complaint's snapshot as a counter PC would push it (with a cash refund if any)."""
    case_id = str(uuid.uuid4())
    payments = (
        [{"kind": "refund", "tender": "cash", "amount_cents": refund_cents}] if refund_cents else []
    )
    return {
        "event_id": str(uuid.uuid4()),
        "device_seq": seq,
        "kind": "case.opened",
        "entity_id": case_id,
        "occurred_at": arrived_at.isoformat(),
        "payload": {
            "data": {
                "id": case_id,
                "number": f"X-{seq}",
                "case_type": "complaint",
                "status": "resolved",
                "arrived_at": arrived_at.isoformat(),
                "resolved_at": arrived_at.isoformat(),
                "complaint": {"category": category},
                "payments": payments,
            }
        },
    }


def _push(server: HeadOfficeServer, code: str, token: str, *events: dict[str, Any]) -> None:
    response = httpx.post(
        f"{server.url}/v1/stores/{code}/events",
        json={"device_id": str(uuid.uuid4()), "events": list(events)},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert {ack["status"] for ack in response.json()["acks"]} == {"applied"}


def test_every_figure_of_the_json_report_matches_the_stores_own_database(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    (store_zone,) = syncing_store.sql("SELECT timezone FROM store")[0]
    held_zone = head_office.sql(
        "SELECT timezone FROM ho_store WHERE code = :code", code=syncing_store.code
    )[0][0]
    assert store_zone == held_zone == "Europe/Dublin"
    expected = _synced(head_office, syncing_store)
    assert len(expected) >= 10
    assert sum(sum(day["cases"].values()) for day in expected.values()) == 108
    assert any(day["refunds"]["cash"][0] for day in expected.values())
    assert any(day["complaints"] for day in expected.values())

    token = _reporter_token(head_office)
    response = _get(
        head_office, "/v1/reports/daily", token, store=syncing_store.code, **_range(expected)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stores"] == [syncing_store.code]
    assert (body["from"], body["to"]) == tuple(_range(expected).values())
    assert _from_json(body) == expected
    days = [(day["store"], day["business_day"]) for day in body["days"]]
    assert days == sorted(days)

    # The store's own token reads the same figures for itself.
    own = _get(
        head_office,
        f"/v1/stores/{syncing_store.code}/reports/daily",
        syncing_store.token,
        **_range(expected),
    )
    assert own.status_code == 200, own.text
    assert _from_json(own.json()) == expected


def test_every_figure_of_the_csv_matches_the_stores_own_database(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    expected = _synced(head_office, syncing_store)
    token = _reporter_token(head_office)
    response = _get(
        head_office, "/v1/reports/daily.csv", token, store=syncing_store.code, **_range(expected)
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert ".csv" in response.headers["content-disposition"]
    rows = _read_csv(response.content)
    assert _from_csv(rows) == expected
    # Same rows, in the same order, whether the reader pivots by store or by day.
    assert [(row["store"], row["business_day"]) for row in rows] == sorted(
        (row["store"], row["business_day"]) for row in rows
    )


def test_two_stores_figures_stay_apart_and_the_day_is_the_stores_own(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    expected = _synced(head_office, syncing_store)
    other_code, other_token = head_office.register()
    # 23:30 UTC in July is 00:30 the next day in Dublin (summer time): the store's day counts.
    late = datetime(2026, 7, 14, 23, 30, tzinfo=UTC)
    _push(
        head_office,
        other_code,
        other_token,
        _case_event(1, late, category="Delivery", refund_cents=1_234),
        _case_event(2, late + timedelta(minutes=5), category='=HYPERLINK("http://x")'),
    )
    token = _reporter_token(head_office)
    window = _range(expected)
    window["from"] = "2026-07-01"
    both = _get(
        head_office, "/v1/reports/daily", token, store=[syncing_store.code, other_code], **window
    )
    assert both.status_code == 200, both.text
    figures = _from_json(both.json())
    assert both.json()["stores"] == sorted([syncing_store.code, other_code])
    assert {key: value for key, value in figures.items() if key[0] == syncing_store.code} == (
        expected
    )
    other_day = _empty()
    other_day["cases"]["complaint"] = 2
    other_day["refunds"]["cash"] = (1, 1_234)
    other_day["complaints"] = {"Delivery": 1, '=HYPERLINK("http://x")': 1}
    assert {key: value for key, value in figures.items() if key[0] == other_code} == {
        (other_code, date(2026, 7, 15)): other_day
    }

    # Without a store filter every store is there, these two among them, still apart.
    everyone = _from_json(_get(head_office, "/v1/reports/daily", token, **window).json())
    assert everyone[(other_code, date(2026, 7, 15))] == other_day
    assert {k: v for k, v in everyone.items() if k[0] == syncing_store.code} == expected

    # The other store's own report holds only its own day; the day before is empty.
    own = _get(
        head_office,
        f"/v1/stores/{other_code}/reports/daily",
        other_token,
        **{"from": "2026-07-14", "to": "2026-07-15"},
    )
    assert _from_json(own.json()) == {(other_code, date(2026, 7, 15)): other_day}
    before = _get(
        head_office,
        f"/v1/stores/{other_code}/reports/daily",
        other_token,
        **{"from": "2026-07-14", "to": "2026-07-14"},
    )
    assert before.json()["days"] == []

    # In the CSV the would-be formula is plain text, and the figures are the same.
    rows = _read_csv(
        _get(
            head_office,
            "/v1/reports/daily.csv",
            token,
            store=[syncing_store.code, other_code],
            **window,
        ).content
    )
    items = {row["item"] for row in rows if row["store"] == other_code}
    assert '\'=HYPERLINK("http://x")' in items
    for row in rows:
        assert not row["item"].startswith(("=", "+", "-", "@")), row
        assert not row["store"].startswith(("=", "+", "-", "@")), row
    unquoted = _from_csv(rows)
    unquoted[(other_code, date(2026, 7, 15))]["complaints"] = {
        name.removeprefix("'"): count
        for name, count in unquoted[(other_code, date(2026, 7, 15))]["complaints"].items()
    }
    assert unquoted == figures


def test_who_may_read_which_report(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    other_code, other_token = head_office.register()
    window = {"from": "2026-11-01", "to": "2026-11-30"}
    for path in ("/v1/reports/daily", "/v1/reports/daily.csv"):
        nobody = _get(head_office, path, None, **window)
        assert nobody.status_code == 401
        assert nobody.headers["www-authenticate"] == "Bearer"
        store = _get(head_office, path, syncing_store.token, **window)
        assert store.status_code == 403
        assert syncing_store.code in store.json()["detail"]
        assert "reporting token" in store.json()["detail"]
        assert _get(
            head_office, path, "rpt_" + "0" * 32 + "." + "x" * 43, **window
        ).status_code == (401)
        assert _get(head_office, path, "nonsense", **window).status_code == 401

    own_path = f"/v1/stores/{syncing_store.code}/reports/daily"
    assert _get(head_office, own_path, syncing_store.token, **window).status_code == 200
    assert _get(head_office, own_path, None, **window).status_code == 401
    other = _get(head_office, own_path, other_token, **window)
    assert other.status_code == 403
    assert other_code in other.json()["detail"]
    # A reporter's token is no store's token.
    assert _get(head_office, own_path, _reporter_token(head_office), **window).status_code == 401

    database = head_office.database()
    try:
        name = f"auditor-{uuid.uuid4().hex[:8]}"
        token = add_reporter(database, name).token
        assert _get(head_office, "/v1/reports/daily", token, **window).status_code == 200
        assert revoke_reporter(database, name) == 1
    finally:
        database.dispose()
    assert _get(head_office, "/v1/reports/daily", token, **window).status_code == 401


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"from": "2026-11-30", "to": "2026-11-01"}, "is after 'to'"),
        ({"from": "2025-01-01", "to": "2026-01-02"}, "at most 366 days"),
        ({"from": "2026-02-30", "to": "2026-03-01"}, "date"),
        ({"from": "yesterday", "to": "2026-03-01"}, "date"),
        ({"from": "2026-03-01"}, "to"),
        ({"from": "2026-03-01", "to": "2026-03-02", "store": "NO-SUCH-STORE"}, "NO-SUCH-STORE"),
        ({"from": "2026-03-01", "to": "2026-03-02", "store": "=bad code"}, "Not a store code"),
    ],
    ids=["backwards", "too-long", "no-such-day", "not-a-date", "no-to", "unknown", "malformed"],
)
def test_a_bad_request_is_422_naming_the_problem(
    head_office: HeadOfficeServer, params: dict[str, str], words: str
) -> None:
    token = _reporter_token(head_office)
    for path in ("/v1/reports/daily", "/v1/reports/daily.csv"):
        response = _get(head_office, path, token, **params)
        assert response.status_code == 422, response.text
        assert words in str(response.json()["detail"])


def test_a_leap_year_of_days_is_allowed(head_office: HeadOfficeServer) -> None:
    token = _reporter_token(head_office)
    response = _get(
        head_office, "/v1/reports/daily", token, **{"from": "2024-01-01", "to": "2024-12-31"}
    )
    assert response.status_code == 200, response.text
    response = _get(
        head_office, "/v1/reports/daily", token, **{"from": "2024-01-01", "to": "2025-01-01"}
    )
    assert response.status_code == 422


def _cli(server: HeadOfficeServer, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "counter_app",
            "--data-dir",
            str(server.folder),
            "headoffice",
            *arguments,
            "--database-url",
            server.database_url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_reporter_commands_make_and_revoke_a_working_token(
    head_office: HeadOfficeServer,
) -> None:
    name = f"controller-{uuid.uuid4().hex[:6]}"
    window = {"from": "2026-11-01", "to": "2026-11-30"}
    added = _cli(head_office, "add-reporter", name)
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1].split()[-1]
    assert _get(head_office, "/v1/reports/daily", token, **window).status_code == 200
    stored = [str(hashed) for (hashed,) in head_office.sql("SELECT token_hash FROM ho_reporter")]
    assert stored
    assert all(token not in hashed and token.split(".")[-1] not in hashed for hashed in stored)

    again = _cli(head_office, "add-reporter", name)
    assert again.returncode != 0
    assert "already has a live token" in again.stderr

    revoked = _cli(head_office, "revoke-reporter", name)
    assert revoked.returncode == 0, revoked.stderr
    assert "Revoked 1" in revoked.stdout
    assert _get(head_office, "/v1/reports/daily", token, **window).status_code == 401

    renewed = _cli(head_office, "add-reporter", name)
    assert renewed.returncode == 0, renewed.stderr
    new_token = renewed.stdout.strip().splitlines()[-1].split()[-1]
    assert new_token != token
    assert _get(head_office, "/v1/reports/daily", new_token, **window).status_code == 200


def test_the_report_command_prints_the_figures_and_writes_the_same_csv(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    expected = _synced(head_office, syncing_store)
    window = _range(expected)
    printed = _cli(
        head_office,
        "report",
        "--from",
        window["from"],
        "--to",
        window["to"],
        "--store",
        syncing_store.code,
    )
    assert printed.returncode == 0, printed.stderr
    lines = printed.stdout.splitlines()
    assert lines[0].split() == [
        "Store",
        "Day",
        "Complaints",
        "Returns",
        "Exchanges",
        "Refunds",
        "Refunded",
    ]
    assert len(lines) == len(expected) + 2
    for (code, day), figures in expected.items():
        refunds = figures["refunds"].values()
        cents = sum(total for _, total in refunds)
        row = [
            code,
            day.isoformat(),
            *(str(figures["cases"][kind]) for kind in CASE_TYPES),
            str(sum(count for count, _ in refunds)),
            f"{cents // 100:,}.{cents % 100:02d}",
        ]
        assert row in [line.split() for line in lines[1:-1]], row

    target = tmp_path / "daily.csv"
    written = _cli(
        head_office,
        "report",
        "--from",
        window["from"],
        "--to",
        window["to"],
        "--store",
        syncing_store.code,
        "--csv",
        str(target),
    )
    assert written.returncode == 0, written.stderr
    assert str(target) in written.stdout
    token = _reporter_token(head_office)
    api = _get(head_office, "/v1/reports/daily.csv", token, store=syncing_store.code, **window)
    assert target.read_bytes() == api.content
    assert _from_csv(_read_csv(target.read_bytes())) == expected

    backwards = _cli(head_office, "report", "--from", window["to"], "--to", window["from"])
    assert backwards.returncode == 2
    assert "is after 'to'" in backwards.stderr


def test_refund_totals_equal_the_stores_payments_per_tender(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    expected = _synced(head_office, syncing_store)
    token = _reporter_token(head_office)
    body = _get(
        head_office, "/v1/reports/daily", token, store=syncing_store.code, **_range(expected)
    ).json()
    reported: Counter[str] = Counter()
    for day in body["days"]:
        for tender, total in day["refunds"].items():
            reported[tender] += total["amount_cents"]
    held = Counter(
        {
            tender: cents
            for tender, cents in syncing_store.sql(
                "SELECT tender, sum(amount_cents) FROM payment WHERE kind = 'refund' "
                "GROUP BY tender"
            )
        }
    )
    assert +reported == held
    assert sum(held.values()) > 0


def test_a_complaints_refund_and_resolution_reach_the_report(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    """A complaint paid back in cash is in head office's refunds, and its case is resolved."""
    (staff_id,) = syncing_store.sql("SELECT id FROM staff WHERE name = 'Maeve Byrne'")[0]
    manager = sign_in(database=syncing_store.database, staff_id=uuid.UUID(staff_id), pin="2468")
    opened = intake.open_case(
        database=syncing_store.database,
        staff=manager,
        request={
            "case_type": "complaint",
            "summary": "Kettle lid snapped",
            "complaint": {"category": "Product quality", "description": "The lid snapped."},
        },
    )
    complaints.resolve_complaint(
        database=syncing_store.database,
        staff=manager,
        case_ref=opened.id,
        request={"accommodation": "refund", "amount": "12.50", "refund_tender": "cash"},
    )
    _synced(head_office, syncing_store)

    held = head_office.sql(
        "SELECT c.case_id, c.status, p.kind, p.tender, p.amount_cents FROM ho_case c "
        "JOIN ho_payment p ON p.store_id = c.store_id AND p.case_id = c.case_id "
        "JOIN ho_store s ON s.id = c.store_id WHERE s.code = :code",
        code=syncing_store.code,
    )
    # The case is picked here: a raw uuid parameter binds on PostgreSQL but not on SQLite.
    assert [tuple(row[1:]) for row in held if uuid.UUID(str(row[0])) == opened.id] == [
        ("resolved", "refund", "cash", 1250)
    ]
    assert (
        syncing_store.payment_cents().get("refund", 0)
        == head_office.sql(
            "SELECT coalesce(sum(p.amount_cents), 0) FROM ho_payment p JOIN ho_store s "
            "ON s.id = p.store_id WHERE s.code = :code AND p.kind = 'refund'",
            code=syncing_store.code,
        )[0][0]
    )
