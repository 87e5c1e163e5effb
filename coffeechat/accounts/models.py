from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from coffeechat.domain.today import KEEP_IN_TOUCH_DAYS


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not a time zone name such as Europe/Paris.")


class Profile(models.Model):
    """Per-user settings the rules depend on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    keep_in_touch_days = models.PositiveSmallIntegerField(
        default=KEEP_IN_TOUCH_DAYS,
        validators=[MinValueValidator(1, "Keep in touch at least every day (1 or more).")],
        help_text="Default days between light touches.",
    )

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
