"""What can go wrong in a sync, in classes that load nothing.

They live apart from the HTTP client (:mod:`counter_app.sync.client`), so the
sync loop and the desktop can catch them without loading httpx at start-up;
the client loads when a pass first talks to head office.
"""


class SyncError(Exception):
    """Sync could not go on; the message says why in words a manager can act on."""


class HeadOfficeUnavailableError(SyncError):
    """Offline, timed out, or head office answered 5xx or 429: try again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class HeadOfficeRefusedError(SyncError):
    """Head office refused this store's token (401) or its store (403)."""


class BatchTooLargeError(SyncError):
    """Head office answered 413: send fewer events at a time."""


class BatchRejectedError(SyncError):
    """Head office answered 422 for the batch: ``problems`` maps event index to the error."""

    def __init__(self, message: str, problems: dict[int, str]) -> None:
        super().__init__(message)
        self.problems = problems
