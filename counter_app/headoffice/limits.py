"""Guards in front of every request: a body size cap and a rate limit per token."""

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ATTACHMENT_PATH_PART = "/attachments/"


class BodySizeLimit:
    """Answers 413 to a body over the cap, by its Content-Length or as it streams in.

    Attachments (photos of a fault, scans) get a larger cap than event batches.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_attachment_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_attachment_bytes = max_attachment_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or answer 413 for a body over the cap."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = (
            self.max_attachment_bytes
            if ATTACHMENT_PATH_PART in scope.get("path", "")
            else self.max_bytes
        )
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            await _too_large(send, cap)
            return
        # Read the whole body first (it is capped), so a body that turns out too large
        # mid-stream is refused before any route has seen a byte of it.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            received += len(body)
            if received > cap:
                await _too_large(send, cap)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


async def _too_large(send: Send, cap: int) -> None:
    body = (
        b'{"detail":"The request body is larger than the server accepts (%d bytes); '
        b'send fewer events per batch."}' % cap
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class TokenRateLimit:
    """A moving window of requests per store token (kept in memory, per server process)."""

    def __init__(self, rate: str) -> None:
        self.item: RateLimitItem = parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, key: str) -> bool:
        """Count one request for ``key``; False once the window is full."""
        return self._limiter.hit(self.item, key)

    def retry_after_seconds(self, key: str) -> int:
        """When ``key`` may send again."""
        stats = self._limiter.get_window_stats(self.item, key)
        return max(1, int(stats.reset_time - time.time()) + 1)
