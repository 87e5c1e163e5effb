"""The demo workspace (coffeechat.demo.demo_load)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from coffeechat.accounts.models import Profile
from coffeechat.demo import DEMO_PASSWORD, DEMO_USER, PEOPLE, demo_load
from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview, StageChange
from coffeechat.network.models import Interaction, Link, Organization, Person, Tag
from coffeechat.today.selectors import today_for

pytestmark = pytest.mark.django_db

User = get_user_model()
MODELS = [User, Profile, Person, Organization, Tag, Link, Interaction, Interview, StageChange]


def all_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_creates_the_demo_user_with_people_and_interviews():
    result = demo_load()

    user = User.objects.get(username=DEMO_USER)
    assert user.check_password(DEMO_PASSWORD)
    assert result == {
        "created": True,
        "people": Person.objects.filter(owner=user).count(),
        "interviews": Interview.objects.filter(owner=user).count(),
    }
    # Everyone in PEOPLE, and the one Grace suggested in her debrief.
    assert Person.objects.filter(owner=user).count() == len(PEOPLE) + 1 == 17
    assert result["interviews"] >= 10
    stages = set(Interview.objects.filter(owner=user).values_list("stage", flat=True))
    assert {Stage.REQUESTED, Stage.SCHEDULED, Stage.HELD, Stage.DEFERRED} <= stages
    assert Person.objects.get(owner=user, name="Priya Raman").introduced_by.name == (
        "Dana Whitfield"
    )


def test_it_shows_preparing_and_the_debrief_with_real_rows():
    demo_load()
    user = User.objects.get(username=DEMO_USER)

    priya = Interview.objects.get(owner=user, person__name="Priya Raman")
    assert "Northwind" in priya.research.organization_notes
    assert 5 <= priya.planned_questions.count() <= 10
    grace = Interview.objects.get(owner=user, person__name="Grace Lindqvist")
    assert grace.debrief.fit == 4
    assert grace.action_items.count() == 2
    noah = Person.objects.get(owner=user, name="Noah Fischer")
    assert noah.introduced_by.name == "Grace Lindqvist"
    assert Interview.objects.get(owner=user, person=noah).referred_from == grace


# The demo is built relative to now: Today should have its examples at any hour.
@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 16, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 16, 0, 5, tzinfo=UTC),
        datetime(2026, 11, 16, 23, 55, tzinfo=UTC),
    ],
    ids=["morning", "just-after-midnight", "just-before-midnight"],
)
def test_it_gives_today_something_of_every_common_kind(clock, now):
    clock.move_to(now)
    demo_load()

    page = today_for(actor=User.objects.get(username=DEMO_USER), limit=100)

    kinds = {item.action.kind.value for item in page.items}
    assert {"follow_up", "prep", "thank_you", "keep_in_touch", "action_item"} <= kinds, kinds
    assert page.total == len(page.items)
    by_kind = {item.action.kind.value: item.person.name for item in page.items}
    assert by_kind["follow_up"] == "Samir Okafor"
    assert by_kind["prep"] == "Priya Raman"
    assert by_kind["thank_you"] == "Grace Lindqvist"
    assert by_kind["keep_in_touch"] == "Dana Whitfield"
    assert by_kind["action_item"] == "Grace Lindqvist"


def test_it_changes_nothing_when_loaded_twice():
    first = demo_load()
    counts = all_counts()

    second = demo_load()

    assert all_counts() == counts
    assert second == {**first, "created": False}


def test_it_leaves_other_users_alone(owner, person):
    demo_load()

    assert Person.objects.filter(owner=owner).count() == 1
    assert today_for(actor=owner).total == 0
