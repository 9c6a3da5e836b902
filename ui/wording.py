"""Words the screens share, so the same thing is called the same everywhere."""

from counter_app.domain.staff import Role

COMING_NEXT_RELEASE = "Coming in the next release"
"""Tooltip and badge for an action whose screen is not built yet: honest, not broken."""

_ROLE_LABELS = {Role.CLERK: "Clerk", Role.MANAGER: "Manager"}


def role_label(role: Role) -> str:
    """The role as a person reads it ("Manager"), not as the database stores it ("manager")."""
    return _ROLE_LABELS.get(role, str(role).title())
