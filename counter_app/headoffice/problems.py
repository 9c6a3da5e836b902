"""The answers head office gives when it says no, as they appear in its OpenAPI spec.

Every refusal is JSON with a ``detail``: a sentence the caller can act on, or
(for a request FastAPI itself refused) the list of fields that are wrong. Each
route lists the refusals it can give, so a client written from the spec, and
the fuzzing that checks the server against it, know every answer in advance.
"""

import json
from typing import Any

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

# FastAPI's words for a body it could not parse (not UTF-8, a number too long,
# nesting too deep for its parser); head office answers in its own words.
_FASTAPI_UNPARSED_BODY = "There was an error parsing the body"
UNREADABLE_BODY = (
    "The body cannot be read as JSON: it must be UTF-8 text, with numbers of at most "
    "4300 digits and nesting no deeper than a few hundred levels."
)
# An input echoed back in a 422 is cut to this many characters of JSON.
MAX_ECHOED_INPUT = 200


class Problem(BaseModel):
    """A refusal in words."""

    detail: str


class FieldProblem(BaseModel):
    """One field of the request that is not valid: where it is and what is wrong."""

    model_config = ConfigDict(extra="allow")

    loc: list[str | int]
    msg: str
    type: str


class InvalidRequest(BaseModel):
    """A request refused for its content: the fields that are wrong, or a sentence."""

    detail: list[FieldProblem] | str


class StoredFile(BaseModel):
    """An attachment head office now holds."""

    sha256: str
    size_bytes: int


_RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before sending the request again",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
}

_REFUSALS: dict[int, dict[str, Any]] = {
    400: {"model": Problem, "description": "The body cannot be read (not JSON in UTF-8)."},
    401: {
        "model": Problem,
        "description": "No token, or one head office does not know (unknown, revoked, mistyped).",
        "headers": {
            "WWW-Authenticate": {
                "description": "always Bearer",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    },
    403: {"model": Problem, "description": "The token is not allowed here (another store's)."},
    404: {"model": Problem, "description": "Head office holds no such thing for this store."},
    413: {"model": Problem, "description": "The body is larger than the server accepts."},
    415: {"model": Problem, "description": "The body is not sent as JSON."},
    422: {
        "model": InvalidRequest,
        "description": "A parameter or the body is not valid; the detail names the field.",
    },
    429: {
        "model": Problem,
        "description": "This token sent too many requests; wait as Retry-After says.",
        "headers": _RETRY_AFTER,
    },
    503: {
        "model": Problem,
        "description": "Head office's database is busy or not answering; try again later.",
        "headers": _RETRY_AFTER,
    },
}

# What every route behind a token can answer besides its own success.
GUARDED = (401, 403, 422, 429, 503)


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: the refusals named, as documented above."""
    return {status: _REFUSALS[status] for status in statuses}


def require_json(request: Request) -> None:
    """Refuse (415) a body that is not declared as JSON, before anything reads it as JSON."""
    declared = request.headers.get("content-type", "")
    media_type = declared.split(";", 1)[0].strip().lower()
    if media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        return
    sent = f"this request's was {declared[:80]!r}" if declared else "this request had none"
    raise HTTPException(415, f"Send the body as JSON (Content-Type: application/json); {sent}.")


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def refuse_unknown_query(request: Request) -> None:
    """Refuse a query parameter the route does not take (422), as unknown body fields are.

    Ignored, a misspelt ``?afer=`` would restart a feed from the beginning and a
    misspelt ``?stores=`` would report every store: both quietly wrong answers.
    """
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route.dependant)
    unknown = [name for name in dict.fromkeys(request.query_params) if name not in known]
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name),
                    "msg": f"unknown query parameter (this route takes: {takes})",
                    "input": request.query_params.getlist(name),
                }
                for name in unknown
            ]
        )


def _echoed(problem: dict[str, Any]) -> dict[str, Any]:
    """A field problem with its input cut short: the answer names the field, not a copy of it."""
    if "input" not in problem:
        return problem
    try:
        shown = json.dumps(problem["input"], ensure_ascii=True, allow_nan=False)
    except ValueError:  # NaN or Infinity: JSON has no words for them, so say them as text
        return {**problem, "input": repr(problem["input"])[:MAX_ECHOED_INPUT]}
    if len(shown) <= MAX_ECHOED_INPUT:
        return problem
    return {**problem, "input": f"{shown[:MAX_ECHOED_INPUT]}... ({len(shown)} characters)"}


def invalid_request(error: RequestValidationError) -> Response:
    """422 listing the fields at fault, written so any input can be sent back.

    FastAPI's own answer encodes the inputs as UTF-8 and fails (a 500) on a
    string holding half a surrogate pair; escaped JSON carries anything.
    """
    problems = [_echoed(problem) for problem in jsonable_encoder(error.errors())]
    return Response(
        json.dumps({"detail": problems}, ensure_ascii=True, allow_nan=False),
        status_code=422,
        media_type="application/json",
    )


async def unreadable_body(request: Request, error: HTTPException) -> Response:
    """FastAPI's 400 for a body it could not parse, in words that say what to fix."""
    if error.status_code == 400 and error.detail == _FASTAPI_UNPARSED_BODY:
        return Response(
            json.dumps({"detail": UNREADABLE_BODY}),
            status_code=400,
            media_type="application/json",
        )
    return await http_exception_handler(request, error)
