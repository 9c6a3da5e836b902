"""What a service answers when it cannot do what was asked, in words for the clerk."""

from counter_app.domain.validation import FieldProblem, InputError

__all__ = [
    "ApprovalRequiredError",
    "FieldProblem",
    "InputError",
    "NotFoundError",
    "PermissionDeniedError",
    "ServiceError",
    "SignInRefusedError",
]


class ServiceError(Exception):
    """Base for a refusal that the clerk can read and act on."""


class NotFoundError(ServiceError):
    """The thing asked for does not exist (a receipt, a product, a staff member)."""


class PermissionDeniedError(ServiceError):
    """The signed-in person's role may not do this."""


class SignInRefusedError(ServiceError):
    """Wrong PIN, locked out, or not an active staff member."""


class ApprovalRequiredError(ServiceError):
    """The policy leaves this to a manager: their PIN and a reason are needed to go on."""

    def __init__(self, message: str, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reasons = reasons
