"""Validating service input with plain pydantic models before anything reaches a table.

Table models skip validation, so every service parses its input with a
non-table model first. The checks themselves are the domain's; this module
turns pydantic's errors into one :class:`InputError` with a sentence per
field, numbered by line where the input has lines.

Free text is also where a clerk may type a customer's card number. Every
:func:`text` field masks card numbers to their last four digits before the
text is checked and kept (identifiers such as barcodes opt out with
``free_text=False``), and :func:`parse_noting` hands back a notice for the
clerk saying what was masked and why.
"""

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)

from counter_app.domain.card_numbers import mask_card_numbers, masking_notice
from counter_app.domain.validation import FieldProblem, InputError, clean_text, shown_key
from counter_app.i18n import say, say_plural

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class _Masked:
    """One field in which card numbers were masked."""

    label: str
    last_fours: tuple[str, ...]


@dataclass
class _Notices:
    """What the text checks of one :func:`parse_noting` call masked.

    Each field's check appends to ``pending``; each :class:`ServiceInput`, once
    built, claims what its own fields appended (its nested models have already
    claimed theirs), keyed by the model object, so the notices can be numbered by
    line from the finished model.
    """

    pending: list[_Masked] = field(default_factory=list)
    claimed: dict[int, tuple[BaseModel, list[_Masked]]] = field(default_factory=dict)

    def claim(self, model: BaseModel, since: int) -> None:
        mine = self.pending[since:]
        del self.pending[since:]
        if mine:
            self.claimed[id(model)] = (model, mine)

    def sentences(self, model: BaseModel) -> tuple[str, ...]:
        found = [masking_notice(say(masked.label), masked.last_fours) for masked in self.pending]
        self._collect(model, "", found)
        return tuple(found)

    def _collect(self, model: BaseModel, prefix: str, found: list[str]) -> None:
        own = self.claimed.get(id(model))
        if own is not None and own[0] is model:
            found.extend(prefix + masking_notice(say(m.label), m.last_fours) for m in own[1])
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, BaseModel):
                self._collect(value, prefix, found)
            elif isinstance(value, list | tuple):
                for index, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        line = say("Line {number}: ").format(number=index + 1)
                        self._collect(item, prefix + line, found)


# Set only while parse_noting runs; a ContextVar, so each thread (and each asyncio
# task) collects its own notices and plain parse() collects none.
_collector: ContextVar[_Notices | None] = ContextVar("counter_input_notices", default=None)


class ServiceInput(BaseModel):
    """Base of every service input: strict about unknown fields, frozen once checked."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    @model_validator(mode="wrap")
    @classmethod
    def _claim_masking_notices(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        collector = _collector.get()
        if collector is None:
            return handler(data)
        since = len(collector.pending)
        model = handler(data)
        collector.claim(model, since)
        return model


def clean_free_text(
    value: object,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
    multiline: bool = False,
) -> tuple[str, tuple[str, ...]]:
    """Mask card numbers in typed text, then check it; the text and the masked last fours.

    For services that take a free-text argument outside a :class:`ServiceInput`.
    ``label`` is the English label (marked with ``say_later``); it is said in the
    language in force here, when the check runs.

    Raises:
        InputError: the text (after masking) is not acceptable.
    """
    masked = mask_card_numbers(value) if isinstance(value, str) else None
    cleaned = clean_text(
        masked.text if masked is not None else value,
        field=field,
        label=say(label),
        max_length=max_length,
        required=required,
        multiline=multiline,
    )
    return cleaned, masked.last_fours if masked is not None else ()


def text(
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
    multiline: bool = False,
    free_text: bool = True,
) -> BeforeValidator:
    """A pydantic validator that runs the domain's text check on a field.

    Args:
        free_text: whether people type words here, so a card number typed by
            mistake is masked to its last four digits before the text is kept.
            Pass ``False`` for identifiers (barcodes, receipt or badge numbers):
            an identifier must come back exactly as scanned.
    """

    def check(value: object) -> object:
        if value is None and not required:
            return ""
        if not free_text:
            return clean_text(
                value,
                field=field,
                label=say(label),
                max_length=max_length,
                required=required,
                multiline=multiline,
            )
        cleaned, last_fours = clean_free_text(
            value,
            field=field,
            label=label,
            max_length=max_length,
            required=required,
            multiline=multiline,
        )
        collector = _collector.get()
        if last_fours and collector is not None:
            collector.pending.append(_Masked(label, last_fours))
        return cleaned

    return BeforeValidator(check)


def checked(check: Callable[..., Any], **options: Any) -> BeforeValidator:
    """A pydantic validator that runs any domain check taking ``(value, **options)``."""
    return BeforeValidator(lambda value: check(value, **options))


def _where(location: tuple[int | str, ...]) -> tuple[str, str]:
    """Turn pydantic's error location into a field name and a "Line 2: " style prefix."""
    prefix = "".join(
        say("Line {number}: ").format(number=part + 1) for part in location if isinstance(part, int)
    )
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
    names = [part for part in location if isinstance(part, str)]
    name = names[-1].replace("_", " ") if names else "input"
    kind = error["type"]
    if kind == "missing":
        message = say("{name} is required.").format(name=name.capitalize())
    elif kind == "extra_forbidden":  # the name is someone else's: shown short and printable
        message = say("{name} is not something this form takes.").format(
            name=shown_key(name).capitalize()
        )
    elif kind in {"literal_error", "enum"}:
        message = say("{name} must be one of: {choices}.").format(
            name=name.capitalize(), choices=error.get("ctx", {}).get("expected", "")
        )
    elif kind == "value_error":  # the domain's own words, raised as a plain ValueError
        detail = str(error["msg"]).removeprefix("Value error, ")
        message = say("{name}: {detail}.").format(name=name.capitalize(), detail=detail)
    else:
        message = _plain_words(kind, name.capitalize(), error.get("ctx", {}))
    return [FieldProblem(field, prefix + message)]


def _plain_words(kind: str, name: str, context: Mapping[str, Any]) -> str:
    """Pydantic's own checks (types, sizes, bounds) said for the clerk, never pydantic's words."""
    family = kind.split("_", 1)[0]
    if kind.endswith(("_type", "_parsing")) or kind == "int_from_float":
        sentence = {
            "string": say("{label} must be text."),
            "int": say("{name} must be a whole number."),
            "decimal": say("{label} must be an amount, like 19.99."),
            "float": say("{label} must be an amount, like 19.99."),
            "bool": say("{name} must be yes or no."),
            "date": say("{name} must be a date, like 2026-06-14."),
            "datetime": say("{name} must be a date and a time of day."),
            "uuid": say("{name} is not in this store's records; choose it from the list."),
            "list": say("{label} must be a list."),
            "tuple": say("{label} must be a list."),
            "set": say("{label} must be a list."),
        }.get(family)
        if sentence is not None:
            return sentence.format(name=name, label=name)
        return say("{name} is not filled in as this form expects.").format(name=name)
    if kind == "finite_number":
        return say("{label} must be an amount, like 19.99.").format(label=name)
    if kind == "decimal_max_places":
        places = int(context.get("decimal_places", 0))
        return say_plural(
            "{label} can have at most {decimals} decimal.",
            "{label} can have at most {decimals} decimals.",
            places,
        ).format(label=name, decimals=places)
    if kind == "too_long":
        return say("{name} can hold at most {most}.").format(
            name=name, most=context.get("max_length", "")
        )
    if kind == "too_short":
        return say("{name} needs at least {least}.").format(
            name=name, least=context.get("min_length", "")
        )
    for bound, words in (
        ("ge", say("{name} must be at least {limit}.")),
        ("gt", say("{name} must be more than {limit}.")),
        ("le", say("{name} must be at most {limit}.")),
        ("lt", say("{name} must be less than {limit}.")),
    ):
        if bound in context:
            return words.format(name=name, limit=context[bound])
    return say("{name} is not filled in as this form expects.").format(name=name)


def _validate(model: type[ModelT], data: object) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError([p for detail in error.errors() for p in _problems(detail)]) from None


def parse(model: type[ModelT], data: ModelT | Mapping[str, Any]) -> ModelT:
    """Validate ``data`` as ``model``, raising :class:`InputError` with every problem found.

    Card numbers in free text are masked; the notices about them are dropped (use
    :func:`parse_noting` to tell the clerk).
    """
    if isinstance(data, model):
        return data
    token = _collector.set(None)
    try:
        return _validate(model, data)
    finally:
        _collector.reset(token)


def parse_noting(
    model: type[ModelT], data: ModelT | Mapping[str, Any]
) -> tuple[ModelT, tuple[str, ...]]:
    """Like :func:`parse`, and also the notices for the clerk collected while checking.

    A notice says which field had a card number masked and which last four digits
    were kept, numbered by line where the input has lines: ``"Line 2: Reason: a
    card number was typed; only its last four digits (1111) were kept. ..."``.
    An already-checked model comes back with no notices: they went to whoever
    built it.

    Raises:
        InputError: as :func:`parse`.
    """
    if isinstance(data, model):
        return data, ()
    notices = _Notices()
    token = _collector.set(notices)
    try:
        checked_model = _validate(model, data)
    finally:
        _collector.reset(token)
    return checked_model, notices.sentences(checked_model)
