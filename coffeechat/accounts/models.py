from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from coffeechat.domain.today import KEEP_IN_TOUCH_DAYS


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not a time zone name such as Europe/Paris.")


def validate_windows(value: str) -> None:
    from coffeechat.domain.slots import parse_windows

    try:
        parse_windows(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class Profile(models.Model):
    """Per-user settings the rules depend on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    keep_in_touch_days = models.PositiveSmallIntegerField(
        default=KEEP_IN_TOUCH_DAYS,
        validators=[MinValueValidator(1, "Keep in touch at least every day (1 or more).")],
        help_text="Default days between light touches.",
    )
    # The user's voice in drafts (DOMAIN.md "Asking for the conversation").
    name = models.CharField(
        "Your name", blank=True, max_length=200, help_text="As you sign your messages."
    )
    email = models.EmailField(
        "Your email", blank=True, help_text="The organizer of invitations, and the sender."
    )
    background = models.CharField(
        "Who you are, in one line",
        blank=True,
        max_length=300,
        help_text="For example: a final-year chemistry student moving toward data work.",
    )
    pitch = models.TextField(
        "Tell me about yourself",
        blank=True,
        help_text="Your 30 to 60 second story, ready for when they ask.",
    )
    goals = models.TextField("Your goals", blank=True)
    sign_off = models.CharField(blank=True, max_length=100, default="Best wishes")
    # Common ground the request can mention: one per line (or separated by ;).
    schools = models.TextField("Schools", blank=True, help_text="One per line.")
    employers = models.TextField(
        "Employers, past and present", blank=True, help_text="One per line."
    )
    availability = models.CharField(
        "When you can meet",
        max_length=300,
        default="Mon-Fri 09:00-17:00",
        validators=[validate_windows],
        help_text="In your time zone, e.g. Mon-Fri 09:00-12:00; Thu 14:00-17:00.",
    )
    lead_days = models.PositiveSmallIntegerField(
        "Days ahead to propose times",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Calendars fill early: two weeks out is the usual lead time.",
    )
    # The secret in the private calendar feed's address; empty means no feed.
    feed_token = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(keep_in_touch_days__gte=1), name="profile_cadence_positive"
            )
        ]

    def __str__(self) -> str:
        return f"Settings of {self.user}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)
