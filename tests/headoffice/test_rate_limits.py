"""The rate limit per token, proved on a real server started with a low rate.

``counter-app headoffice serve --rate-limit 5/minute``: a token's sixth request
in a minute gets 429 with Retry-After, while every other token (another
store's, a reporter's) goes on; the store's sync client turns the 429 into
"try again later" and loses nothing. A minute-long window keeps the test
independent of how fast this machine is: the six requests need not be quick.
"""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from headoffice_harness import HeadOfficeServer, SyncingStore, free_port

from counter_app.headoffice.reporters import add_reporter
from counter_app.sync.client import HeadOfficeClient, HeadOfficeUnavailableError
from counter_app.sync.runner import SyncTarget, sync_once
from counter_app.sync.status import sync_status

RATE = 5
RATE_ENV = "COUNTER_HEADOFFICE_RATE_LIMIT"


def _started(
    url: str, factory: pytest.TempPathFactory, options: list[str], env: dict[str, str]
) -> HeadOfficeServer:
    server = HeadOfficeServer(
        url, factory.mktemp("ho-limited"), free_port(), options=options, env=env
    )
    server.start()
    return server


@pytest.fixture(scope="module")
def head_office(
    head_office_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HeadOfficeServer]:
    """This module's server allows 5 requests a minute per token (syncing_store uses it too)."""
    # A rate in the environment too: the option given on the command line wins over it.
    server = _started(
        head_office_database_url,
        tmp_path_factory,
        ["--rate-limit", f"{RATE}/minute"],
        {RATE_ENV: "1000/second"},
    )
    try:
        yield server
    finally:
        server.stop()


def _me(server: HeadOfficeServer, code: str, token: str) -> httpx.Response:
    return httpx.get(
        f"{server.url}/v1/stores/{code}/me",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def _retry_after(response: httpx.Response) -> int:
    value = response.headers["retry-after"]
    assert value.isdigit(), value
    return int(value)


def test_a_token_over_its_rate_gets_429_while_another_stores_token_goes_on(
    head_office: HeadOfficeServer,
) -> None:
    code_a, token_a = head_office.register()
    code_b, token_b = head_office.register()
    statuses = [_me(head_office, code_a, token_a).status_code for _ in range(RATE)]
    assert statuses == [200] * RATE
    refused = _me(head_office, code_a, token_a)
    assert refused.status_code == 429
    assert 1 <= _retry_after(refused) <= 60
    assert "Too many requests" in refused.json()["detail"]
    # The other store's token has its own window.
    assert _me(head_office, code_b, token_b).status_code == 200
    # Store A stays refused within the minute.
    assert _me(head_office, code_a, token_a).status_code == 429
    # B's window counts B's requests only: four more and it is full in its turn.
    assert [_me(head_office, code_b, token_b).status_code for _ in range(RATE - 1)] == [200] * (
        RATE - 1
    )
    assert _me(head_office, code_b, token_b).status_code == 429


def test_the_store_client_turns_429_into_unavailable_with_retry_after(
    head_office: HeadOfficeServer,
) -> None:
    code, token = head_office.register()
    with HeadOfficeClient(head_office.url, token, code) as client:
        for _ in range(RATE):
            assert client.identity().code == code
        with pytest.raises(HeadOfficeUnavailableError, match="429") as caught:
            client.identity()
    assert caught.value.retry_after is not None
    assert 1 <= caught.value.retry_after <= 60


def test_a_sync_cut_short_by_the_rate_limit_loses_nothing(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    total = syncing_store.waiting()
    assert total > 5 * 10
    target = SyncTarget(url=head_office.url, token=syncing_store.token)
    with pytest.raises(HeadOfficeUnavailableError) as caught:
        sync_once(syncing_store.database, target, batch_size=10)
    assert caught.value.retry_after is not None
    assert caught.value.retry_after >= 1
    held = [event_id for event_id, _ in head_office.events_of(syncing_store.code)]
    waiting = syncing_store.waiting()
    assert 0 < waiting < total
    assert len(held) == total - waiting
    assert held == syncing_store.event_ids()[: len(held)]
    status = sync_status(syncing_store.database)
    assert status.online is False
    assert "429" in (status.last_attempt_error or "")


def test_a_reporter_token_has_its_own_window(head_office: HeadOfficeServer) -> None:
    database = head_office.database()
    try:
        token = add_reporter(database, f"finance-{uuid.uuid4().hex[:8]}").token
    finally:
        database.dispose()
    window = {"from": "2026-11-01", "to": "2026-11-30"}
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{head_office.url}/v1/reports/daily"
    statuses = [httpx.get(url, params=window, headers=headers).status_code for _ in range(RATE)]
    assert statuses == [200] * RATE
    refused = httpx.get(url, params=window, headers=headers)
    assert refused.status_code == 429
    assert 1 <= _retry_after(refused) <= 60
    code, store_token = head_office.register()
    assert _me(head_office, code, store_token).status_code == 200


def test_the_rate_can_come_from_the_environment(
    head_office_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    server = _started(head_office_database_url, tmp_path_factory, [], {RATE_ENV: "2/minute"})
    try:
        code, token = server.register()
        statuses = [_me(server, code, token).status_code for _ in range(3)]
    finally:
        server.stop()
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("options", "env"),
    [(["--rate-limit", "lots"], {}), ([], {RATE_ENV: "0/second"})],
    ids=["option", "environment"],
)
def test_a_rate_that_is_not_one_is_refused_before_serving(
    options: list[str], env: dict[str, str], tmp_path: Any
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "counter_app",
            "--data-dir",
            str(tmp_path),
            "headoffice",
            "serve",
            "--port",
            str(free_port()),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 2
    assert "not a rate limit" in result.stderr
    assert "5/second" in result.stderr


def test_serve_help_documents_the_rate_option_and_its_variable(tmp_path: Any) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "headoffice", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "--rate-limit" in result.stdout
    assert RATE_ENV in result.stdout
