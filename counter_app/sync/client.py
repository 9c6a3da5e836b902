"""Talk to head office over HTTPS with httpx: push, upload, pull, and what failed in words.

Failures fall in two kinds the caller treats differently: head office could
not be reached or is busy (``HeadOfficeUnavailableError``: try again later,
with backoff), or it refused this store (``HeadOfficeRefusedError``: a wrong
or revoked token; retrying will not help until IT fixes it).
"""

import sys
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from pydantic import ValidationError

from counter_app import __version__
from counter_app.domain.sync_protocol import (
    API_PREFIX,
    Feed,
    FeedPage,
    PushBatch,
    PushResult,
    StoreIdentity,
)
from counter_app.i18n import say
from counter_app.sync.errors import BatchRejectedError as BatchRejectedError
from counter_app.sync.errors import BatchTooLargeError as BatchTooLargeError
from counter_app.sync.errors import HeadOfficeRefusedError as HeadOfficeRefusedError
from counter_app.sync.errors import HeadOfficeUnavailableError as HeadOfficeUnavailableError
from counter_app.sync.errors import SyncError as SyncError

_Answer = TypeVar("_Answer", PushResult, FeedPage, StoreIdentity)

CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 30.0


def _ssl_context() -> Any:
    """Verified TLS always; on Windows through the system's certificate store."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
        import ssl

        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return True


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    detail = body.get("detail") if isinstance(body, dict) else None
    return detail if isinstance(detail, str) else str(detail)[:300]


def _validation_problems(response: httpx.Response) -> dict[int, str]:
    """Map ``body.events.N...`` locations of a 422 to event index N and its message."""
    problems: dict[int, str] = {}
    try:
        details = response.json().get("detail", [])
    except (ValueError, AttributeError):
        return problems
    for detail in details if isinstance(details, list) else []:
        location = detail.get("loc", []) if isinstance(detail, dict) else []
        if (
            len(location) >= 3
            and location[:2] == ["body", "events"]
            and isinstance(location[2], int)
        ):
            field = ".".join(str(part) for part in location[3:]) or "event"
            problems.setdefault(location[2], f"{field}: {detail.get('msg', 'not valid')}")
    return problems


class HeadOfficeClient:
    """One store's connection to head office (a context manager closing its connections)."""

    def __init__(
        self, base_url: str, token: str, store_code: str, *, timeout: float = READ_TIMEOUT_SECONDS
    ) -> None:
        self.store_code = store_code
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + f"{API_PREFIX}/stores/{store_code}",
            headers={
                "Authorization": f"Bearer {token}",
                "User-Agent": f"counter-app/{__version__}",
            },
            timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_SECONDS),
            verify=_ssl_context(),
            follow_redirects=False,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections."""
        self._http.close()

    def _send(self, method: str, path: str, **options: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **options)
        except httpx.TimeoutException as error:
            raise HeadOfficeUnavailableError(
                say("Head office did not answer in time ({error}).").format(
                    error=type(error).__name__
                )
            ) from error
        except httpx.TransportError as error:
            raise HeadOfficeUnavailableError(
                say("Head office cannot be reached ({error}).").format(
                    error=error or type(error).__name__
                )
            ) from error
        if response.status_code in (401, 403):
            raise HeadOfficeRefusedError(
                say("Head office refused this store: {detail}").format(detail=_detail(response))
            )
        if response.status_code == 429 or response.status_code >= 500:
            raise HeadOfficeUnavailableError(
                say("Head office is busy (HTTP {status}): {detail}").format(
                    status=response.status_code, detail=_detail(response)
                ),
                retry_after=_retry_after(response),
            )
        if response.status_code == 413:
            raise BatchTooLargeError(_detail(response))
        return response

    def identity(self) -> StoreIdentity:
        """Which store head office says the token belongs to."""
        response = self._send("GET", "/me")
        self._expect(response, 200)
        return self._parse(StoreIdentity, response)

    def push(self, batch: PushBatch) -> PushResult:
        """Send a batch; head office answers one ack per event.

        Raises:
            BatchRejectedError: head office refused fields of some events (422).
        """
        response = self._send(
            "POST",
            "/events",
            content=batch.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )
        if response.status_code == 422:
            raise BatchRejectedError(_detail(response), _validation_problems(response))
        self._expect(response, 200)
        result = self._parse(PushResult, response)
        if [ack.event_id for ack in result.acks] != [event.event_id for event in batch.events]:
            raise HeadOfficeUnavailableError(
                say("Head office answered for other events than were sent; trying again later.")
            )
        return result

    def upload(self, sha256: str, content: bytes) -> None:
        """Upload a file by its SHA-256 (head office checks it; a second upload is a no-op)."""
        response = self._send("PUT", f"/attachments/{sha256}", content=content)
        self._expect(response, 200, 201)
        try:
            held = response.json().get("sha256")
        except (ValueError, AttributeError):
            held = None
        if held != sha256:
            raise HeadOfficeUnavailableError(
                say("Head office sent an answer Counter does not understand; trying again later.")
            )

    def pull(self, feed: Feed, after: int, limit: int | None = None) -> FeedPage:
        """The feed's changes after the cursor ``after``."""
        params: dict[str, int] = {"after": after}
        if limit is not None:
            params["limit"] = limit
        response = self._send("GET", f"/feeds/{feed.value}", params=params)
        self._expect(response, 200)
        return self._parse(FeedPage, response)

    @staticmethod
    def _parse(model: type[_Answer], response: httpx.Response) -> _Answer:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as error:
            raise HeadOfficeUnavailableError(
                say("Head office sent an answer Counter does not understand; trying again later.")
            ) from error

    @staticmethod
    def _expect(response: httpx.Response, *statuses: int) -> None:
        if response.status_code not in statuses:
            raise SyncError(
                say("Head office answered HTTP {status}: {detail}").format(
                    status=response.status_code, detail=_detail(response)
                )
            )
