from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from coffeechat.accounts.models import Profile

User = get_user_model()


def profile_for(user) -> Profile:
    """The user's settings, created with defaults the first time they are needed."""
    profile = getattr(user, "_coffeechat_profile", None)
    if profile is None:
        profile, _ = Profile.objects.get_or_create(user=user)
        user._coffeechat_profile = profile
    return profile


@transaction.atomic
def user_create(*, username: str, password: str, time_zone: str | None = None):
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": "A user name is required."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The user name {username!r} is taken."})
    user = User(username=username)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    profile = Profile(user=user)
    if time_zone:
        profile.time_zone = time_zone
    profile.full_clean(exclude=["user"])
    profile.save()
    return user
