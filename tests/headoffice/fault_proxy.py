"""A small HTTP proxy on loopback that breaks chosen requests to the real head office.

Every request is forwarded on a fresh upstream connection (``Connection:
close``), so one client request is one upstream request. Requests whose path
matches the proxy's ``pattern`` take the next fault from a queue; the rest,
and all once the queue is empty, pass through untouched. The faults are the
ones a store sees on a bad network: the server applied the batch but the
answer never came (reset, or too slow for the client's timeout), or a
gateway answered 500/502 instead.
"""

import contextlib
import socket
import struct
import threading
from collections import deque
from collections.abc import Iterable
from enum import StrEnum
from types import TracebackType
from typing import Self

HEADER_END = b"\r\n\r\n"


class Fault(StrEnum):
    """What the proxy does to one matching request."""

    PASS = "pass"
    # Forward; the server applies the batch; then reset the client's connection (RST).
    RESET_AFTER_APPLY = "reset_after_apply"
    # Forward; hold the answer back until the client gives up (its timeout).
    DELAY_AFTER_APPLY = "delay_after_apply"
    # Forward; the server applies the batch; the client gets a 502 instead of the answer.
    BAD_GATEWAY_AFTER_APPLY = "bad_gateway_after_apply"
    # Forward; then answer 200 with a page that is not head office's (a captive portal).
    PORTAL_AFTER_APPLY = "portal_after_apply"
    # Answer 500 without forwarding.
    SERVER_ERROR = "server_error"
    # Answer 502 without forwarding.
    BAD_GATEWAY = "bad_gateway"


def _read_message(stream: socket.socket) -> bytes | None:
    """One HTTP request (headers and a Content-Length body), or None at end of stream."""
    data = b""
    while HEADER_END not in data:
        chunk = stream.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(HEADER_END)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = stream.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + HEADER_END + body


def _closing_request(request: bytes) -> bytes:
    """The request with ``Connection: close``, so the server ends the upstream stream."""
    head, _, body = request.partition(HEADER_END)
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + HEADER_END + body


def _error_response(status: int, reason: str) -> bytes:
    body = f'{{"detail": "{reason} (from the proxy)"}}'.encode()
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


def _portal_page() -> bytes:
    body = b"<html><body>Please accept the terms of use of this network.</body></html>"
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


class FaultProxy:
    """Listens on a free loopback port and forwards to ``127.0.0.1:upstream_port``."""

    def __init__(self, upstream_port: int, *, pattern: str = "/events") -> None:
        self.upstream_port = upstream_port
        self.pattern = pattern
        self.faults: deque[Fault] = deque()
        self.applied: list[Fault] = []
        self.hold_seconds = 10.0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def inject(self, faults: Iterable[Fault]) -> None:
        """Queue faults for the next matching requests, in order."""
        with self._lock:
            self.faults.extend(faults)

    def __enter__(self) -> Self:
        self._acceptor.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop accepting, release held answers, and wait for the handlers."""
        self._closing.set()
        self._acceptor.join(5)
        self._listener.close()
        for thread in self._threads:
            thread.join(15)

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _next_fault(self, request: bytes) -> Fault:
        request_line = request.split(b"\r\n", 1)[0].decode("latin-1")
        if self.pattern not in request_line:
            return Fault.PASS
        with self._lock:
            fault = self.faults.popleft() if self.faults else Fault.PASS
            self.applied.append(fault)
            return fault

    def _serve(self, client: socket.socket) -> None:
        with client, contextlib.suppress(OSError):
            client.settimeout(30)
            request = _read_message(client)
            if request is None:
                return
            fault = self._next_fault(request)
            if fault == Fault.SERVER_ERROR:
                client.sendall(_error_response(500, "Internal Server Error"))
                return
            if fault == Fault.BAD_GATEWAY:
                client.sendall(_error_response(502, "Bad Gateway"))
                return
            response = self._forward(request)
            if fault == Fault.RESET_AFTER_APPLY:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            if fault == Fault.BAD_GATEWAY_AFTER_APPLY:
                client.sendall(_error_response(502, "Bad Gateway"))
                return
            if fault == Fault.PORTAL_AFTER_APPLY:
                client.sendall(_portal_page())
                return
            if fault == Fault.DELAY_AFTER_APPLY:
                self._closing.wait(self.hold_seconds)
            client.sendall(response)

    def _forward(self, request: bytes) -> bytes:
        """Send the request upstream and read the whole answer (the server closes after it)."""
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as upstream:
            upstream.sendall(_closing_request(request))
            chunks = []
            while chunk := upstream.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)
