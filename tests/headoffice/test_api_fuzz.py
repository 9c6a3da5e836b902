"""Schemathesis fuzzes the head-office API from its own OpenAPI spec, over real HTTP.

The server is ``counter-app headoffice serve`` on loopback (its own process,
so the rate limit does not end the run early); every call carries a real
token (the store's on store routes, a reporter's on the report routes), so
requests reach the routes' own checks and the database, not only the gate.
Most calls name the token's store in the path; some keep the fuzzed code,
which must be a documented 403 or 422, never a 5xx.

Each answer must be documented in the spec: status code, content type,
headers and body schema. The default run is short and derandomized; the long
one (``-m long``) makes many more calls.
"""

import contextlib
import hashlib
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import schemathesis
from headoffice_harness import HeadOfficeServer, free_port
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.transport.serialization import Binary

from counter_app.domain.sync_protocol import END_OF_MOMENTS, FIRST_MOMENT, STORE_CODE_PATTERN
from counter_app.headoffice.reporters import add_reporter
from counter_app.headoffice.reports import MAX_REPORT_DAYS

SHORT_EXAMPLES = 20
LONG_EXAMPLES = 1000
# One call in this many keeps the fuzzed store code in the path instead of the token's.
FUZZED_STORE_EVERY = 5

calls: Counter[str] = Counter()


@pytest.fixture(scope="module")
def fuzz_server(
    head_office_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HeadOfficeServer]:
    server = HeadOfficeServer(
        head_office_database_url,
        tmp_path_factory.mktemp("ho-fuzz"),
        free_port(),
        options=["--rate-limit", "1000000/minute"],
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
        _report(server)
    server.assert_no_crashes()


def _report(server: HeadOfficeServer) -> None:
    """The calls made: cases generated, and requests the server logged (checks add some)."""
    statuses: Counter[int] = Counter()
    for line in server.log_path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if record.get("message") == "request":
                statuses[int(record["status"])] += 1
    print(f"\nfuzzed cases by operation: {dict(sorted(calls.items()))}")
    print(f"fuzzed cases in all: {sum(calls.values())}")
    print(f"requests the server answered, by status: {dict(sorted(statuses.items()))}")


@pytest.fixture(scope="module")
def tokens(fuzz_server: HeadOfficeServer) -> dict[str, str]:
    code, store_token = fuzz_server.register()
    database = fuzz_server.database()
    try:
        reporter_token = add_reporter(database, f"fuzz-{code.lower()}").token
    finally:
        database.dispose()
    return {"code": code, "store": store_token, "reporter": reporter_token}


@pytest.fixture(scope="module")
def api_schema(fuzz_server: HeadOfficeServer) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{fuzz_server.url}/openapi.json")


def _aim(case: schemathesis.Case, tokens: dict[str, str]) -> tuple[dict[str, str], list[Any]]:
    """A real caller's token, and a request the server can act on (most of the time).

    Most calls get the token's own store in the path (a fuzzed, well-formed code
    would only ever meet the 403), and, for valid data, an attachment named by its
    own digest and a report window the right way round: rules across two fields
    that no JSON schema can state. The calls left as generated may be refused for
    breaking such a rule, so they skip the check that valid data is accepted.
    """
    path = case.operation.path
    positive = case.meta is not None and case.meta.generation.mode is GenerationMode.POSITIVE
    key = zlib.crc32(repr((sorted(case.path_parameters.items()), case.query)).encode())
    if key % FUZZED_STORE_EVERY == 0:
        return _token_for(path, tokens), [positive_data_acceptance]
    # A path made wrong on purpose stays wrong: the real code could make it right.
    path_mode = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    path_made_wrong = path_mode is not None and path_mode.mode is GenerationMode.NEGATIVE
    store_code = case.path_parameters.get("store_code") if case.path_parameters else None
    if (
        not path_made_wrong
        and isinstance(store_code, str)
        and re.match(STORE_CODE_PATTERN, store_code)
    ):
        case.path_parameters["store_code"] = tokens["code"]
    if positive and "{sha256}" in path and case.method == "PUT":
        content = case.body.data if isinstance(case.body, Binary) else b""
        case.path_parameters["sha256"] = hashlib.sha256(content).hexdigest()
    if positive and case.query and {"from", "to"} <= case.query.keys():
        first, last = sorted(date.fromisoformat(case.query[name]) for name in ("from", "to"))
        last = min(last, first + timedelta(days=MAX_REPORT_DAYS - 1))
        case.query.update({"from": first.isoformat(), "to": last.isoformat()})
        if case.query.get("store"):
            # Only registered stores have reports; a well-formed code may name none.
            case.query["store"] = [tokens["code"]]
    if positive and isinstance(case.body, dict):
        for event in case.body.get("events", []):
            event["occurred_at"] = _counter_time(event["occurred_at"])
    return _token_for(path, tokens), []


def _counter_time(text: str) -> str:
    """The generated time, moved into the years a counter can have (1970 to 2999)."""
    moment = datetime.fromisoformat(text)
    with contextlib.suppress(OverflowError):
        if FIRST_MOMENT <= moment.astimezone(UTC) < END_OF_MOMENTS:
            return text
    return moment.replace(year=2026, month=1, day=15).isoformat()


def _token_for(path: str, tokens: dict[str, str]) -> dict[str, str]:
    if "{store_code}" in path:
        return {"Authorization": f"Bearer {tokens['store']}"}
    if path.startswith("/v1/reports"):
        return {"Authorization": f"Bearer {tokens['reporter']}"}
    return {}


def _fuzz(case: schemathesis.Case, tokens: dict[str, str]) -> None:
    headers, excluded = _aim(case, tokens)
    calls[f"{case.method} {case.operation.path}"] += 1
    case.call_and_validate(headers=headers, excluded_checks=excluded, timeout=30)


OPERATIONS = [
    ("GET", "/v1/health"),
    ("GET", "/v1/stores/{store_code}/me"),
    ("POST", "/v1/stores/{store_code}/events"),
    ("PUT", "/v1/stores/{store_code}/attachments/{sha256}"),
    ("GET", "/v1/stores/{store_code}/attachments/{sha256}"),
    ("GET", "/v1/stores/{store_code}/feeds/{feed}"),
    ("GET", "/v1/stores/{store_code}/reports/daily"),
    ("GET", "/v1/reports/daily"),
    ("GET", "/v1/reports/daily.csv"),
]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
# Every operation in both modes, but the health check takes no input, so none can be wrong.
RUNS = [
    pytest.param(method, path, mode, id=f"{method} {path}-{mode.value}")
    for method, path in OPERATIONS
    for mode in MODES
    if not (mode is GenerationMode.NEGATIVE and path == "/v1/health")
]


def _run(
    api_schema: schemathesis.BaseSchema,
    tokens: dict[str, str],
    method: str,
    path: str,
    mode: GenerationMode,
    examples: int,
) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: schemathesis.Case) -> None:
        _fuzz(case, tokens)

    fuzz()


def test_the_fuzzed_operations_are_all_the_specs(api_schema: schemathesis.BaseSchema) -> None:
    """A new route must be added to OPERATIONS, so it is fuzzed too."""
    spec = api_schema.raw_schema["paths"]
    in_spec = {(method.upper(), path) for path, item in spec.items() for method in item}
    assert in_spec == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path", "mode"), RUNS)
def test_every_operation_answers_as_documented(
    api_schema: schemathesis.BaseSchema,
    tokens: dict[str, str],
    method: str,
    path: str,
    mode: GenerationMode,
) -> None:
    _run(api_schema, tokens, method, path, mode, SHORT_EXAMPLES)


@pytest.mark.long
@pytest.mark.parametrize(("method", "path", "mode"), RUNS)
def test_every_operation_answers_as_documented_long(
    api_schema: schemathesis.BaseSchema,
    tokens: dict[str, str],
    method: str,
    path: str,
    mode: GenerationMode,
) -> None:
    _run(api_schema, tokens, method, path, mode, LONG_EXAMPLES)
