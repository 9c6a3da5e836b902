"""Validating service input with plain pydantic models before anything reaches a table.

Table models skip validation, so every service parses its input with a
non-table model first. The checks themselves are the domain's; this module
turns pydantic's errors into one :class:`InputError` with a sentence per
field, numbered by line where the input has lines.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from counter_app.domain.validation import FieldProblem, InputError, clean_text

ModelT = TypeVar("ModelT", bound=BaseModel)


class ServiceInput(BaseModel):
    """Base of every service input: strict about unknown fields, frozen once checked."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def text(
    *, field: str, label: str, max_length: int, required: bool = True, multiline: bool = False
) -> BeforeValidator:
    """A pydantic validator that runs the domain's text check on a field."""

    def check(value: object) -> object:
        if value is None and not required:
            return ""
        return clean_text(
            value,
            field=field,
            label=label,
            max_length=max_length,
            required=required,
            multiline=multiline,
        )

    return BeforeValidator(check)


def checked(check: Callable[..., Any], **options: Any) -> BeforeValidator:
    """A pydantic validator that runs any domain check taking ``(value, **options)``."""
    return BeforeValidator(lambda value: check(value, **options))


def _where(location: tuple[int | str, ...]) -> tuple[str, str]:
    """Turn pydantic's error location into a field name and a "Line 2: " style prefix."""
    prefix = "".join(f"Line {part + 1}: " for part in location if isinstance(part, int))
    field = ".".join(str(part) for part in location)
    return field, prefix


def _problems(error: Mapping[str, Any]) -> list[FieldProblem]:
    location = tuple(error["loc"])
    field, prefix = _where(location)
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, InputError) and cause.problems:
        # A field's own check is located at the field; a check of a whole model (or of
        # one line) is located at the model, so the domain's field name completes it.
        at_field = bool(location) and isinstance(location[-1], str)
        return [
            FieldProblem(field if at_field else _where((*location, p.field))[0], prefix + p.message)
            for p in cause.problems
        ]
    name = str(error["loc"][-1]).replace("_", " ") if error["loc"] else "input"
    kind = error["type"]
    if kind == "missing":
        message = f"{name.capitalize()} is required."
    elif kind == "extra_forbidden":
        message = f"{name.capitalize()} is not something this form takes."
    elif kind in {"literal_error", "enum"}:
        message = f"{name.capitalize()} must be one of: {error.get('ctx', {}).get('expected', '')}."
    else:
        message = f"{name.capitalize()}: {error['msg']}."
    return [FieldProblem(field, prefix + message)]


def parse(model: type[ModelT], data: ModelT | Mapping[str, Any]) -> ModelT:
    """Validate ``data`` as ``model``, raising :class:`InputError` with every problem found."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError([p for detail in error.errors() for p in _problems(detail)]) from None
