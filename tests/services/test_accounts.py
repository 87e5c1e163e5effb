"""Signing up and settings (coffeechat.accounts.services)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from coffeechat.accounts.forms import ProfileForm
from coffeechat.accounts.models import Profile
from coffeechat.accounts.services import profile_for, profile_update, user_create
from coffeechat.network.models import Person
from coffeechat.network.services import interaction_log, person_create
from coffeechat.today.selectors import today_for
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

User = get_user_model()
DAY = timedelta(days=1)


def counts() -> tuple[int, int]:
    return User.objects.count(), Profile.objects.count()


# --- signing up -----------------------------------------------------------------------------


def test_it_creates_a_user_who_can_sign_in_with_default_settings():
    user = user_create(username="  ines  ", password="a-long-passphrase-1")

    stored = User.objects.get(pk=user.pk)
    assert stored.username == "ines"
    assert stored.check_password("a-long-passphrase-1")
    profile = Profile.objects.get(user=stored)
    assert (profile.time_zone, profile.keep_in_touch_days) == ("UTC", 90)


def test_it_keeps_the_time_zone_given_at_sign_up():
    user = user_create(username="ines", password="a-long-passphrase-1", time_zone="Asia/Tokyo")

    assert Profile.objects.get(user=user).time_zone == "Asia/Tokyo"


@pytest.mark.parametrize("taken", ["alice", "ALICE", " Alice "])
def test_it_refuses_a_user_name_that_is_taken_in_any_case(owner, taken):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        user_create(username=taken, password="yet-another-passphrase-3")

    assert caught.value.message_dict == {"username": [f"The user name {taken.strip()!r} is taken."]}
    assert counts() == before


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("password1", "too common"),
        ("4815162342", "entirely numeric"),
        ("k9#x", "too short"),
        ("ines.moreau", "too similar to the username"),
    ],
)
def test_it_refuses_a_weak_password(password, why):
    with pytest.raises(ValidationError) as caught:
        user_create(username="ines.moreau", password=password)

    assert any(why in message for message in caught.value.messages), caught.value.messages
    assert counts() == (0, 0)


def test_it_refuses_an_unknown_time_zone_and_creates_nobody():
    with pytest.raises(ValidationError) as caught:
        user_create(username="ines", password="a-long-passphrase-1", time_zone="Mars/Olympus")

    assert "time_zone" in caught.value.message_dict
    assert counts() == (0, 0)


def test_it_requires_a_user_name():
    with pytest.raises(ValidationError) as caught:
        user_create(username="   ", password="a-long-passphrase-1")

    assert "username" in caught.value.message_dict
    assert counts() == (0, 0)


def test_it_gives_default_settings_to_a_user_made_elsewhere():
    user = User.objects.create_user("admin-made", password="x")  # e.g. createsuperuser

    profile = profile_for(user)

    assert (profile.time_zone, profile.keep_in_touch_days) == ("UTC", 90)
    assert Profile.objects.filter(user=user).count() == 1


# --- settings --------------------------------------------------------------------------------


@pytest.fixture
def friends(owner):
    """Three people last contacted 40 days ago: on the default cadence, their own, and not kept."""
    people = {
        "default": person_create(actor=owner, name="Ines", keep_in_touch=True),
        "own": person_create(actor=owner, name="Oren", keep_in_touch=True, keep_in_touch_days=60),
        "not kept": person_create(actor=owner, name="Nora"),
    }
    for person in people.values():
        interaction_log(actor=owner, person=person, kind="email", occurred_at=NOW - 40 * DAY)
    return people


def due(person: Person):
    return Person.objects.get(pk=person.pk).keep_in_touch_due_at


def test_it_re_times_keep_in_touch_when_the_default_cadence_changes(owner, friends):
    assert due(friends["default"]) == NOW + 50 * DAY
    assert today_for(actor=owner).items == []

    profile_update(actor=owner, keep_in_touch_days=30)

    assert Profile.objects.get(user=owner).keep_in_touch_days == 30
    assert due(friends["default"]) == NOW - 10 * DAY
    assert due(friends["own"]) == NOW + 20 * DAY  # their own cadence is kept
    assert due(friends["not kept"]) is None
    assert [item.person.name for item in today_for(actor=owner).items] == ["Ines"]


def test_it_keeps_the_settings_when_an_update_is_refused(owner, friends):
    with pytest.raises(ValidationError) as caught:
        profile_update(actor=owner, keep_in_touch_days=0)

    assert caught.value.messages
    profile = Profile.objects.get(user=owner)
    assert (profile.time_zone, profile.keep_in_touch_days) == ("UTC", 90)
    assert due(friends["default"]) == NOW + 50 * DAY


def test_it_refuses_an_unknown_time_zone_in_settings(owner):
    with pytest.raises(ValidationError) as caught:
        profile_update(actor=owner, time_zone="Mars/Olympus")

    assert "time_zone" in caught.value.message_dict
    assert Profile.objects.get(user=owner).time_zone == "UTC"


def test_it_re_times_keep_in_touch_when_the_settings_form_changes_the_cadence(owner, friends):
    # What the settings page does: a ModelForm bound to the profile, then the service.
    data = {
        "time_zone": "UTC",
        "keep_in_touch_days": 30,
        "availability": "Mon-Fri 09:00-17:00",
        "lead_days": 14,
    }
    form = ProfileForm(data, instance=profile_for(owner))
    assert form.is_valid(), form.errors

    profile_update(actor=owner, **form.cleaned_data)

    assert due(friends["default"]) == NOW - 10 * DAY
