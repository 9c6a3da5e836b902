"""The head-office HTTP API: stores push events and attachments, and pull feeds.

Every store route names the store in its path, and the token must belong to
that store (403 otherwise); what is stored is keyed by the token's store,
never by anything the request says. Bad input is a 4xx naming the problem;
a 500 means a bug and is logged with the request id.
"""

import hashlib
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import WithJsonSchema
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from counter_app import __version__
from counter_app.domain.sync_protocol import (
    API_PREFIX,
    MAX_FEED_CURSOR,
    MAX_FEED_PAGE,
    SHA256_PATTERN,
    STORE_CODE_PATTERN,
    Feed,
    FeedPage,
    PushBatch,
    PushResult,
    StoreIdentity,
)
from counter_app.headoffice.events import apply_batch
from counter_app.headoffice.feeds import read_page
from counter_app.headoffice.limits import BodySizeLimit, TokenRateLimit
from counter_app.headoffice.logs import LOGGER_NAME
from counter_app.headoffice.problems import (
    GUARDED,
    StoredFile,
    invalid_request,
    refusals,
    refuse_unknown_query,
    require_json,
    unreadable_body,
)
from counter_app.headoffice.reporters import AuthenticatedReporter, authenticate_reporter
from counter_app.headoffice.reports import (
    MAX_STORE_FILTER,
    DailyReport,
    ReportRequestError,
    csv_filename,
    daily_report,
    daily_report_csv,
)
from counter_app.headoffice.stores import AuthenticatedStore, authenticate
from db.headoffice.database import HeadOfficeDatabase
from db.headoffice.models import StoredAttachment

log = logging.getLogger(LOGGER_NAME)


@dataclass(frozen=True)
class ServerLimits:
    """How much one request may carry and how often one token may ask."""

    max_body_bytes: int = 8 * 1024 * 1024
    max_attachment_bytes: int = 25 * 1024 * 1024
    rate: str = "1200/minute"


StoreCode = Annotated[str, Path(pattern=STORE_CODE_PATTERN, description="the store's code")]
_bearer = HTTPBearer(auto_error=False, description="the store's token")
FirstDay = Annotated[date, Query(alias="from", description="first business day (YYYY-MM-DD)")]
LastDay = Annotated[date, Query(alias="to", description="last business day, included")]
# The spec states the shape of a code and the most codes; the report checks both itself,
# with a message that names the codes at fault.
StoreFilter = Annotated[
    list[Annotated[str, WithJsonSchema({"type": "string", "pattern": STORE_CODE_PATTERN})]] | None,
    Query(
        description="a store's code; repeat for several (default: all)",
        json_schema_extra={"maxItems": MAX_STORE_FILTER},
    ),
]


def create_app(database: HeadOfficeDatabase, limits: ServerLimits | None = None) -> FastAPI:
    """The API over ``database`` (already migrated)."""
    limits = limits or ServerLimits()
    rate_limit = TokenRateLimit(limits.rate)
    app = FastAPI(
        title="Counter head office",
        version=__version__,
        description="Stores push their cases' events and pull the catalog, sales, "
        "policy and staff. Every store route needs that store's bearer token.",
        dependencies=[Depends(refuse_unknown_query)],
    )

    def current_store(
        request: Request,
        store_code: StoreCode,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> AuthenticatedStore:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(
                401, "A store token is needed.", headers={"WWW-Authenticate": "Bearer"}
            )
        with database.reading() as session:
            store = authenticate(session, credentials.credentials)
        if store is None:
            raise HTTPException(
                401,
                "This token is not valid (unknown, revoked or mistyped); "
                "ask IT for the store's current token.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        request.state.store_code = store.code
        if not rate_limit.allow(str(store.token_id)):
            retry = rate_limit.retry_after_seconds(str(store.token_id))
            raise HTTPException(
                429,
                "Too many requests from this store; wait and try again.",
                headers={"Retry-After": str(retry)},
            )
        if store_code.upper() != store.code:
            raise HTTPException(403, f"This token belongs to store {store.code}, not {store_code}.")
        return store

    Store = Annotated[AuthenticatedStore, Depends(current_store)]  # noqa: N806

    def current_reporter(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> AuthenticatedReporter:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(
                401,
                "A head-office reporting token is needed.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        with database.reading() as session:
            reporter = authenticate_reporter(session, credentials.credentials)
            store = None if reporter else authenticate(session, credentials.credentials)
        if store is not None:
            raise HTTPException(
                403,
                f"This is store {store.code}'s token: it reads its own store's report only "
                f"({API_PREFIX}/stores/{store.code}/reports/daily). Reports across stores need "
                "a head-office reporting token.",
            )
        if reporter is None:
            raise HTTPException(
                401,
                "This reporting token is not valid (unknown, revoked or mistyped); "
                "ask IT for a current one.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        key = f"reporter:{reporter.reporter_id}"
        if not rate_limit.allow(key):
            raise HTTPException(
                429,
                "Too many requests with this reporting token; wait and try again.",
                headers={"Retry-After": str(rate_limit.retry_after_seconds(key))},
            )
        return reporter

    Reporter = Annotated[AuthenticatedReporter, Depends(current_reporter)]  # noqa: N806

    def report_of(first: date, last: date, stores: list[str] | None) -> DailyReport:
        try:
            with database.reading() as session:
                return daily_report(session, first, last, stores)
        except ReportRequestError as error:
            raise HTTPException(422, str(error)) from error

    @app.get(f"{API_PREFIX}/reports/daily", tags=["reports"], responses=refusals(*GUARDED))
    def daily_across_stores(
        reporter: Reporter, first: FirstDay, last: LastDay, store: StoreFilter = None
    ) -> DailyReport:
        """Per store and business day: cases by type, refunds by tender, complaints by category.

        Needs a head-office reporting token; at most 366 days at a time.
        """
        return report_of(first, last, store)

    @app.get(
        f"{API_PREFIX}/reports/daily.csv",
        tags=["reports"],
        response_class=Response,
        responses={
            200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
            **refusals(*GUARDED),
        },
    )
    def daily_across_stores_csv(
        reporter: Reporter, first: FirstDay, last: LastDay, store: StoreFilter = None
    ) -> Response:
        """The daily report as CSV: one row per store, day and measure (amounts in cents)."""
        report = report_of(first, last, store)
        return Response(
            daily_report_csv(report).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{csv_filename(report)}"'},
        )

    @app.get(f"{API_PREFIX}/health", tags=["service"])
    def health() -> dict[str, str]:
        """Whether the server answers (no token needed)."""
        return {"status": "ok", "version": __version__}

    @app.get(
        f"{API_PREFIX}/stores/{{store_code}}/me", tags=["stores"], responses=refusals(*GUARDED)
    )
    def who_am_i(store: Store) -> StoreIdentity:
        """The store the token belongs to."""
        return StoreIdentity(
            store_id=store.store_id, code=store.code, name=store.name, server_time=datetime.now(UTC)
        )

    @app.post(
        f"{API_PREFIX}/stores/{{store_code}}/events",
        tags=["sync"],
        responses=refusals(*GUARDED, 400, 413, 415),
    )
    def push_events(
        store: Store, _json: Annotated[None, Depends(require_json)], batch: PushBatch
    ) -> PushResult:
        """Apply a batch of events, each once; one ack per event, in order."""
        if batch.store_code is not None and batch.store_code.upper() != store.code:
            raise HTTPException(
                403, f"This batch names store {batch.store_code}, but the token is {store.code}'s."
            )
        with database.unit_of_work() as session:
            result = apply_batch(session, store, batch)
        applied = sum(1 for ack in result.acks if ack.status == "applied")
        log.info(
            "events pushed",
            extra={
                "store": store.code,
                "device": str(batch.device_id),
                "events": len(batch.events),
                "applied": applied,
                "first_seq": batch.events[0].device_seq,
                "last_seq": batch.events[-1].device_seq,
            },
        )
        return result

    @app.put(
        f"{API_PREFIX}/stores/{{store_code}}/attachments/{{sha256}}",
        tags=["sync"],
        status_code=201,
        responses={
            200: {"model": StoredFile, "description": "Already held: nothing was changed."},
            **refusals(*GUARDED, 413),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "the file's bytes, whose SHA-256 the path names",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def put_attachment(
        request: Request,
        store: Store,
        sha256: Annotated[str, Path(pattern=SHA256_PATTERN)],
        response: Response,
    ) -> StoredFile:
        """Upload a file by the SHA-256 of its bytes; the digest is checked."""
        content = await request.body()
        digest = hashlib.sha256(content).hexdigest()
        if digest != sha256:
            raise HTTPException(
                422, f"The body's SHA-256 is {digest}, not the {sha256} named in the path."
            )
        with database.unit_of_work() as session:
            held = session.get(StoredAttachment, (store.store_id, sha256))
            if held is None:
                session.add(
                    StoredAttachment(
                        store_id=store.store_id,
                        sha256=sha256,
                        size_bytes=len(content),
                        content=content,
                        received_at=datetime.now(UTC),
                    )
                )
            else:
                response.status_code = 200
        return StoredFile(sha256=sha256, size_bytes=len(content))

    @app.get(
        f"{API_PREFIX}/stores/{{store_code}}/attachments/{{sha256}}",
        tags=["sync"],
        response_class=Response,
        responses={
            200: {
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
                "description": "The file's bytes.",
            },
            **refusals(*GUARDED, 404),
        },
    )
    def get_attachment(
        store: Store, sha256: Annotated[str, Path(pattern=SHA256_PATTERN)]
    ) -> Response:
        """A file the store uploaded (404 when head office does not hold it)."""
        with database.reading() as session:
            held = session.get(StoredAttachment, (store.store_id, sha256))
            content = held.content if held is not None else None
        if content is None:
            raise HTTPException(404, "Head office holds no file with that SHA-256 for this store.")
        return Response(content, media_type="application/octet-stream")

    @app.get(
        f"{API_PREFIX}/stores/{{store_code}}/reports/daily",
        tags=["reports"],
        responses=refusals(*GUARDED),
    )
    def daily_of_one_store(store: Store, first: FirstDay, last: LastDay) -> DailyReport:
        """The store's own daily figures (its token reads no other store's)."""
        return report_of(first, last, [store.code])

    @app.get(
        f"{API_PREFIX}/stores/{{store_code}}/feeds/{{feed}}",
        tags=["sync"],
        responses=refusals(*GUARDED),
    )
    def pull_feed(
        store: Store,
        feed: Feed,
        after: Annotated[
            int, Query(ge=0, le=MAX_FEED_CURSOR, description="the cursor of the last page")
        ] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_FEED_PAGE)] = MAX_FEED_PAGE,
    ) -> FeedPage:
        """What changed in a feed after the cursor, oldest first."""
        with database.reading() as session:
            return read_page(session, store.store_id, feed, after=after, limit=limit)

    _install_error_handlers(app)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=limits.max_body_bytes,
        max_attachment_bytes=limits.max_attachment_bytes,
    )
    _install_access_log(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        return invalid_request(error)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        return await unreadable_body(request, error)

    @app.exception_handler(IntegrityError)
    async def _conflict(request: Request, error: IntegrityError) -> JSONResponse:
        log.warning("write conflict, client will retry", extra={"path": request.url.path})
        return JSONResponse(
            {"detail": "Another request changed the same rows; send it again."},
            status_code=503,
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, error: DataError) -> JSONResponse:
        log.warning("value refused by the database", extra={"path": request.url.path})
        return JSONResponse(
            {"detail": "A value is out of the range head office can store."}, status_code=422
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(DBAPIError)
    async def _unavailable(request: Request, error: DBAPIError) -> JSONResponse:
        log.error(
            "database unavailable",
            extra={"path": request.url.path, "error": database_fault_summary(error)},
        )
        return JSONResponse(
            {"detail": "Head office's database is not answering; try again shortly."},
            status_code=503,
            headers={"Retry-After": "5"},
        )


# Enough of a driver's message to tell a refused connection from a full disk.
FAULT_SUMMARY_LENGTH = 200


def database_fault_summary(error: DBAPIError) -> str:
    """The first line of the driver's message, cut short: what failed, not the data.

    PostgreSQL adds DETAIL and CONTEXT lines that quote the row's values (a
    customer's name, an email), which must not reach the logs.
    """
    lines = str(error.orig).strip().splitlines()
    first = lines[0] if lines else type(error.orig).__name__
    return first[:FAULT_SUMMARY_LENGTH]


_REQUEST_ID_SHAPE = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _request_id(sent: str | None) -> str:
    """The caller's request id when it is a short plain id; a fresh one otherwise.

    The id goes into every log line of the request, so whatever a client puts in the
    header (a pasted token, a megabyte of text) must not.
    """
    if sent is not None and _REQUEST_ID_SHAPE.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def _install_access_log(app: FastAPI) -> None:
    @app.middleware("http")
    async def _access(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request_id = _request_id(request.headers.get("x-request-id"))
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception:
            log.exception("request failed", extra={"request_id": request_id})
            raise
        response.headers["X-Request-Id"] = request_id
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "store": getattr(request.state, "store_code", None),
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
