"""The points of the head-office security review that no other test proves.

Tokens hashed, scoping, rate and size limits have their own tests
(``test_headoffice_security``, ``test_rate_limits``, ``test_api_hostile_inputs``);
these cover the rest: what the server's log may hold after a session of good and
bad requests, reporter tokens kept as hashes, the spec documenting every refusal,
and stores refusing a head office whose TLS certificate they cannot verify.
"""

import hashlib
import ipaddress
import json
import re
import socket
import ssl
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from headoffice_harness import HeadOfficeServer, wait_until
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from counter_app.headoffice.app import FAULT_SUMMARY_LENGTH, database_fault_summary
from counter_app.headoffice.imports.staff import import_staff
from counter_app.headoffice.reporters import add_reporter, revoke_reporter
from counter_app.headoffice.stores import revoke_token, rotate_token
from counter_app.sync.client import HeadOfficeClient, HeadOfficeUnavailableError

README = Path(__file__).resolve().parents[2] / "README.md"
STAFF_PIN = "8146"


def _event(seq: int) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "device_seq": seq,
        "kind": "case.note_added",
        "entity_id": str(uuid.uuid4()),
        "occurred_at": datetime(2026, 12, 1, 10, 0, tzinfo=UTC).isoformat(),
        "payload": {"data": {"number": "S-1", "note": "rang back"}},
    }


def _found_at(text: str, secret: str) -> int:
    """Where ``secret`` is in ``text``, or -1.

    Tokens and hashes count anywhere, even inside a longer string. The PIN, four
    digits, also turns up inside the log's ids and numbers (a request id's hex, a
    duration's decimals), so it counts only with no letter, digit or decimal point
    either side: as it would stand in a JSON value, a CSV field or a URL.
    """
    if secret != STAFF_PIN:
        return text.find(secret)
    found = re.search(rf"(?<![0-9A-Za-z.]){re.escape(secret)}(?![0-9A-Za-z.])", text)
    return found.start() if found else -1


def _session_of_requests(server: HeadOfficeServer, tmp_path: Path) -> tuple[list[str], list[str]]:
    """Good and bad requests of every kind; answers (the secrets sent, their hashes)."""
    code, token = server.register()
    other_code, other_token = server.register()
    database = server.database()
    try:
        staff = tmp_path / "staff.csv"
        staff.write_text(
            f"name,role,pin,badge_code,active\nAoife Byrne,manager,{STAFF_PIN},,yes\n",
            encoding="utf-8",
        )
        import_staff(database, staff, store_code=code)
        reporter_name = f"audit-{uuid.uuid4().hex[:8]}"
        reporter = add_reporter(database, reporter_name).token
        revoked_reporter = reporter
        revoke_reporter(database, reporter_name)
        reporter = add_reporter(database, reporter_name).token
        old_token = token
        token = rotate_token(database, code).token
        revoked_other = other_token
        revoke_token(database, other_code)
    finally:
        database.dispose()
    base = f"{server.url}/v1"
    window = {"from": "2026-12-01", "to": "2026-12-02"}

    def bearer(value: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {value}"}

    statuses = [
        httpx.get(f"{base}/stores/{code}/me", headers=bearer(token)).status_code,
        httpx.post(
            f"{base}/stores/{code}/events",
            json={"device_id": str(uuid.uuid4()), "events": [_event(1)]},
            headers=bearer(token),
        ).status_code,
        httpx.get(f"{base}/stores/{code}/feeds/staff", headers=bearer(token)).status_code,
        httpx.get(f"{base}/reports/daily", params=window, headers=bearer(reporter)).status_code,
        # The refused: revoked, rotated out, mistyped, another store's, wrong kind, odd schemes.
        httpx.get(f"{base}/stores/{code}/me", headers=bearer(old_token)).status_code,
        httpx.get(f"{base}/stores/{code}/me", headers=bearer(token + "x")).status_code,
        httpx.get(f"{base}/stores/{other_code}/me", headers=bearer(revoked_other)).status_code,
        httpx.get(f"{base}/stores/{other_code}/me", headers=bearer(token)).status_code,
        httpx.get(f"{base}/stores/{code}/me", headers=bearer(reporter)).status_code,
        httpx.get(f"{base}/reports/daily", params=window, headers=bearer(token)).status_code,
        httpx.get(
            f"{base}/reports/daily", params=window, headers=bearer(revoked_reporter)
        ).status_code,
        httpx.get(
            f"{base}/stores/{code}/me", headers={"Authorization": f"Basic {token}"}
        ).status_code,
        # A token where it does not belong: in the query, in the request id, in the body.
        httpx.get(f"{base}/stores/{code}/me", params={"token": token}).status_code,
        httpx.get(
            f"{base}/stores/{code}/me", headers={**bearer(token), "X-Request-Id": token}
        ).status_code,
        httpx.post(
            f"{base}/stores/{code}/events",
            json={"device_id": token, "events": [_event(1)]},
            headers=bearer(token),
        ).status_code,
    ]
    assert statuses == [200, 200, 200, 200, 401, 401, 401, 403, 401, 403, 401, 401, 422, 200, 422]
    staff_feed = httpx.get(f"{base}/stores/{code}/feeds/staff", headers=bearer(token)).json()
    pin_hash = staff_feed["entries"][0]["data"]["pin_hash"]
    assert pin_hash
    tokens = [token, old_token, other_token, reporter, revoked_reporter]
    secrets = [*tokens, *(value.split(".", 1)[1] for value in tokens), STAFF_PIN]
    hashes = [pin_hash, *(hashlib.sha256(value.encode()).hexdigest() for value in tokens)]
    return secrets, hashes


def test_the_logs_never_hold_a_token_its_hash_or_a_pin(
    dedicated_head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    server = dedicated_head_office
    server.start()
    secrets, hashes = _session_of_requests(server, tmp_path)
    server.stop()  # flushes the log and writes the shutdown lines too
    log = server.log_path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    access = [record for record in records if record.get("message") == "request"]
    assert len(access) >= 16, "every request has its access line"
    assert {record["status"] for record in access} >= {200, 401, 403, 422}
    found = [
        f"{value[:12]} in {log[max(0, at - 40) : at + 40]!r}"
        for value in [*secrets, *hashes]
        if (at := _found_at(log, value)) >= 0
    ]
    assert found == [], f"the log holds secrets: {found}"


def test_a_request_id_is_logged_only_when_it_is_a_short_plain_id(
    head_office: HeadOfficeServer,
) -> None:
    plain = f"req-{uuid.uuid4().hex[:12]}"
    odd = "x" * 65
    for sent in (plain, odd, "two words", "line\tbreak"):
        response = httpx.get(f"{head_office.url}/v1/health", headers={"X-Request-Id": sent})
        assert response.status_code == 200
        answered = response.headers["x-request-id"]
        assert (answered == sent) is (sent == plain)
    log = wait_until(
        lambda: head_office.log_path.read_text(encoding="utf-8"), lambda text: plain in text
    )
    assert odd not in log
    assert "two words" not in log


def test_reporter_tokens_are_kept_only_as_hashes(head_office: HeadOfficeServer) -> None:
    database = head_office.database()
    name = f"finance-{uuid.uuid4().hex[:8]}"
    try:
        token = add_reporter(database, name).token
    finally:
        database.dispose()
    rows = head_office.sql("SELECT token_hash FROM ho_reporter WHERE name = :name", name=name)
    assert rows == [(hashlib.sha256(token.encode()).hexdigest(),)]
    dumped = " ".join(
        str(value) for row in head_office.sql("SELECT * FROM ho_reporter") for value in row
    )
    assert token.split(".", 1)[1] not in dumped


def test_every_route_behind_a_token_documents_its_refusals(head_office: HeadOfficeServer) -> None:
    spec = httpx.get(f"{head_office.url}/openapi.json").json()
    guarded = {"401", "403", "422", "429", "503"}
    checked = 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if path == "/v1/health":
                assert "security" not in operation
                continue
            assert operation["security"] == [{"HTTPBearer": []}], (method, path)
            assert guarded <= set(operation["responses"]), (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]
            assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
            if method in ("post", "put"):
                assert "413" in operation["responses"], (method, path)
            checked += 1
    assert checked == 8


# --------------------------------------------------------------------------- TLS


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def untrusted_tls_server(tmp_path: Path) -> Iterator[tuple[int, list[bytes]]]:
    """A TLS server on loopback with a certificate no store trusts; records what it read."""
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    port = int(listener.getsockname()[1])
    received: list[bytes] = []

    def serve() -> None:
        for _ in range(3):
            try:
                connection, _address = listener.accept()
            except OSError:
                return
            with connection:
                try:
                    with context.wrap_socket(connection, server_side=True) as tls:
                        tls.settimeout(5)
                        received.append(tls.recv(65536))
                except (ssl.SSLError, OSError):
                    continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port, received
    finally:
        listener.close()
        thread.join(15)


def test_a_store_refuses_a_head_office_whose_certificate_it_cannot_verify(
    untrusted_tls_server: tuple[int, list[bytes]],
) -> None:
    port, received = untrusted_tls_server
    token = f"{uuid.uuid4().hex}.{'s' * 43}"
    with (
        HeadOfficeClient(f"https://127.0.0.1:{port}", token, "S1") as client,
        pytest.raises(HeadOfficeUnavailableError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.identity()
    # The handshake failed before any request: the token never left the store.
    assert received == []


def test_the_readme_tells_production_to_put_head_office_behind_tls() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Running head office") : text.index("### Catalog, sales")]
    assert "TLS-terminating" in section
    assert "https://" in section
    assert "verify TLS certificates" in section
    assert "127.0.0.1:8470" in section


def test_a_database_fault_is_logged_without_the_rows_values(head_office_database_url: str) -> None:
    """PostgreSQL's DETAIL line quotes the row ("Key (email)=(...)"); the log takes line one.

    Without ``COUNTER_TEST_PG_URL`` this runs on SQLite, whose messages are one line anyway.
    """
    engine = create_engine(head_office_database_url)
    secret = f"aoife.{uuid.uuid4().hex[:8]}@example.ie"
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TEMPORARY TABLE fault_probe (email TEXT UNIQUE)"))
            connection.execute(text("INSERT INTO fault_probe VALUES (:email)"), {"email": secret})
            with pytest.raises(DBAPIError) as refused:
                connection.execute(
                    text("INSERT INTO fault_probe VALUES (:email)"), {"email": secret}
                )
    finally:
        engine.dispose()

    summary = database_fault_summary(refused.value)
    assert summary
    assert "unique" in summary.lower()
    assert secret not in summary
    assert "\n" not in summary
    assert len(summary) <= FAULT_SUMMARY_LENGTH
