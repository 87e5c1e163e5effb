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


# Far enough for any real meeting or note, near enough that date arithmetic (a grace
# day, a 90-day cadence) never leaves the calendar Python and the databases can hold.
REASONABLE_YEARS = 50


def check_moments(**values) -> None:
    """Refuse dates and times more than REASONABLE_YEARS from today, naming the field."""
    from datetime import date, datetime

    from django.utils import timezone

    today = timezone.now().date()
    errors = {}
    for field, value in values.items():
        if value is None:
            continue
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and abs(day.year - today.year) > REASONABLE_YEARS:
            errors[field] = (
                f"{day.isoformat()} is more than {REASONABLE_YEARS} years from today; "
                "check the year."
            )
    if errors:
        raise ValidationError(errors)
