from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from coffeechat.accounts.models import Profile
from coffeechat.validation import refuse_control_characters

User = get_user_model()


def profile_for(user) -> Profile:
    """The user's settings, created with defaults the first time they are needed."""
    try:
        return user.profile  # loaded with the user by the auth backend, or fetched once
    except Profile.DoesNotExist:
        profile, _ = Profile.objects.get_or_create(user=user)
        user.profile = profile
        return profile


@transaction.atomic
def user_create(*, username: str, password: str, time_zone: str | None = None):
    refuse_control_characters(username=username)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": "A user name is required."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The user name {username!r} is taken."})
    user = User(username=username)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Someone took the name between the check above and now (PostgreSQL allows that).
        raise ValidationError({"username": f"The user name {username!r} is taken."}) from None
    profile = Profile(user=user)
    if time_zone:
        profile.time_zone = time_zone
    profile.full_clean(exclude=["user"])
    profile.save()
    return user


VOICE_FIELDS = (
    "name",
    "email",
    "background",
    "pitch",
    "goals",
    "sign_off",
    "schools",
    "employers",
    "availability",
    "lead_days",
)


@transaction.atomic
def profile_update(
    *,
    actor,
    time_zone: str | None = None,
    keep_in_touch_days: int | None = None,
    **voice,
):
    """Change the user's settings and re-time every due date that depends on them.

    `voice` takes the fields drafts are written from (name, background, pitch, goals,
    sign-off, schools, employers) and the times to propose (availability, lead days).
    """
    from coffeechat.interviews.models import Interview
    from coffeechat.interviews.services import refresh_next_action
    from coffeechat.network.models import Person

    profile = profile_for(actor)
    # Read what is stored, not the cached object: a bound ModelForm has already
    # written the new values into it.
    old = Profile.objects.filter(pk=profile.pk).values_list("time_zone", "keep_in_touch_days").get()
    if time_zone is not None:
        profile.time_zone = time_zone
    if keep_in_touch_days is not None:
        profile.keep_in_touch_days = keep_in_touch_days
    unknown = set(voice) - set(VOICE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown settings: {', '.join(sorted(unknown))}.")
    refuse_control_characters(**voice)
    for field, value in voice.items():
        if value is not None:
            setattr(profile, field, value.strip() if isinstance(value, str) else value)
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError:
        profile.refresh_from_db()  # the cached profile must not keep a refused value
        raise
    profile.save()
    if profile.keep_in_touch_days != old[1]:
        # One statement, so a large network doesn't hold SQLite's write lock for long;
        # the same rule as refresh_keep_in_touch, in SQL.
        Person.objects.filter(
            owner=actor,
            keep_in_touch=True,
            keep_in_touch_days=None,
            last_contacted_at__isnull=False,
        ).update(
            keep_in_touch_due_at=F("last_contacted_at") + timedelta(days=profile.keep_in_touch_days)
        )
    if profile.time_zone != old[0]:
        # "The day before" and "revisit on" are days in the user's zone.
        for interview in Interview.objects.filter(owner=actor, stage__in=["scheduled", "deferred"]):
            refresh_next_action(interview, actor=actor)
            interview.save(update_fields=["next_action_at"])
    return profile
