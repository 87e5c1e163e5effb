"""Checks every service applies to text from users, whatever the interface."""

from django.core.exceptions import ValidationError


def refuse_control_characters(**values) -> None:
    """Refuse NUL bytes: PostgreSQL can't store them, and no person's name needs one.

    Forms already refuse them; this covers the CLI and any other caller of a service.
    """
    errors = {
        field: "This text contains a NUL character (\\x00); remove it and try again."
        for field, value in values.items()
        if isinstance(value, str) and "\x00" in value
    }
    if errors:
        raise ValidationError(errors)
