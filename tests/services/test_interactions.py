"""Logging what the user did with someone (coffeechat.network.services.interaction_log)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Interaction, Person
from coffeechat.network.services import interaction_log, person_create, person_update
from tests.conftest import NOW
from tests.services.support import DAY, interview_row, open_interview, walk

pytestmark = pytest.mark.django_db


def stored(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def log(actor, person, **kwargs) -> Interaction:
    kwargs.setdefault("kind", "email")
    return interaction_log(actor=actor, person=person, **kwargs)


# --- last contacted --------------------------------------------------------------------------


def test_it_records_the_interaction_on_the_timeline(owner, person):
    log(owner, person, kind="call", summary="  Talked about grants  ", occurred_at=NOW - DAY)

    [saved] = Interaction.objects.filter(person=person)
    assert (saved.kind, saved.purpose, saved.summary) == ("call", "general", "Talked about grants")
    assert saved.occurred_at == NOW - DAY
    assert saved.owner == owner


def test_it_logs_at_the_current_time_by_default(owner, person):
    log(owner, person)

    assert stored(person).last_contacted_at == NOW


def test_it_moves_last_contacted_only_forward(owner, person):
    log(owner, person, occurred_at=NOW - 2 * DAY)
    assert stored(person).last_contacted_at == NOW - 2 * DAY

    # Logging an older email afterwards does not make the contact look older.
    log(owner, person, occurred_at=NOW - 30 * DAY)
    assert stored(person).last_contacted_at == NOW - 2 * DAY

    log(owner, person, occurred_at=NOW - timedelta(hours=1))
    assert stored(person).last_contacted_at == NOW - timedelta(hours=1)
    assert Interaction.objects.filter(person=person).count() == 3


def test_it_refuses_an_interaction_in_the_future(owner, person):
    log(owner, person, occurred_at=NOW - DAY)

    with pytest.raises(ValidationError) as caught:
        log(owner, person, occurred_at=NOW + timedelta(minutes=6))

    assert "occurred_at" in caught.value.message_dict
    assert Interaction.objects.count() == 1
    assert stored(person).last_contacted_at == NOW - DAY


def test_it_allows_a_few_minutes_of_clock_skew(owner, person):
    log(owner, person, occurred_at=NOW + timedelta(minutes=4))

    assert stored(person).last_contacted_at == NOW + timedelta(minutes=4)


def test_it_refuses_an_unknown_kind(owner, person):
    with pytest.raises(ValidationError) as caught:
        log(owner, person, kind="telegram")

    assert "kind" in caught.value.message_dict
    assert not Interaction.objects.exists()


def test_it_refuses_to_log_on_another_users_person(owner, outsider, person):
    with pytest.raises(ValidationError):
        log(outsider, person)

    assert not Interaction.objects.exists()
    assert stored(person).last_contacted_at is None


def test_it_refuses_an_interview_with_someone_else(owner, person):
    other = person_create(actor=owner, name="Ada")
    interview = open_interview(owner, other)

    with pytest.raises(ValidationError) as caught:
        log(owner, person, interview=interview, purpose="request")

    assert "interview" in caught.value.message_dict
    assert Interview.objects.get(pk=interview.pk).stage == Stage.PROSPECT
    assert not Interaction.objects.exists()


# --- keep in touch ---------------------------------------------------------------------------


def test_it_times_the_next_light_touch_from_the_last_contact(owner, person):
    person_update(actor=owner, person=person, keep_in_touch=True)
    assert stored(person).keep_in_touch_due_at is None  # never contacted: nothing to time

    log(owner, person, occurred_at=NOW - 10 * DAY)

    assert stored(person).keep_in_touch_due_at == NOW - 10 * DAY + 90 * DAY


def test_it_uses_the_persons_own_cadence(owner, person):
    person_update(actor=owner, person=person, keep_in_touch=True, keep_in_touch_days=30)

    log(owner, person, occurred_at=NOW - 10 * DAY)

    assert stored(person).keep_in_touch_due_at == NOW + 20 * DAY


def test_it_resets_the_clock_on_every_newer_interaction(owner, person):
    person_update(actor=owner, person=person, keep_in_touch=True)
    log(owner, person, occurred_at=NOW - 100 * DAY)
    assert stored(person).keep_in_touch_due_at == NOW - 10 * DAY

    log(owner, person, kind="message")

    assert stored(person).keep_in_touch_due_at == NOW + 90 * DAY


def test_it_times_nothing_for_someone_not_kept_in_touch(owner, person):
    log(owner, person, occurred_at=NOW - 10 * DAY)

    assert stored(person).keep_in_touch_due_at is None


# --- messages that move an interview on ------------------------------------------------------


@pytest.mark.parametrize("start", [Stage.PROSPECT, Stage.RESEARCHING, Stage.INTRO_REQUESTED])
def test_it_moves_an_interview_to_requested_when_the_request_is_logged(owner, person, start):
    interview = walk(owner, open_interview(owner, person), start)

    log(owner, person, interview=interview, purpose="request", occurred_at=NOW - DAY)

    interview.refresh_from_db()
    assert (interview.stage, interview.stage_entered_at) == (Stage.REQUESTED, NOW - DAY)
    # The follow-up clock starts when the request went out.
    assert interview.next_action_at == NOW - DAY + 7 * DAY


@pytest.mark.parametrize(
    ("purpose", "start", "target"),
    [
        ("follow_up", Stage.REQUESTED, Stage.FOLLOWED_UP),
        ("thank_you", Stage.HELD, Stage.THANKED),
        ("keep_in_touch", Stage.THANKED, Stage.KEEPING_IN_TOUCH),
    ],
)
def test_it_moves_an_interview_on_when_the_matching_message_is_logged(
    owner, person, purpose, start, target
):
    interview = walk(owner, open_interview(owner, person), start)
    changes = interview.changes.count()

    log(owner, person, interview=interview, purpose=purpose)

    interview.refresh_from_db()
    assert (interview.stage, interview.stage_entered_at) == (target, NOW)
    assert interview.changes.count() == changes + 1
    assert interview.changes.first().from_stage == start


@pytest.mark.parametrize(
    ("purpose", "start"),
    [
        ("thank_you", Stage.REQUESTED),
        ("follow_up", Stage.SCHEDULED),
        ("request", Stage.FOLLOWED_UP),
        ("keep_in_touch", Stage.HELD),
        ("general", Stage.REQUESTED),
    ],
)
def test_it_leaves_the_stage_alone_when_the_message_does_not_match_it(
    owner, person, purpose, start
):
    interview = walk(owner, open_interview(owner, person), start)
    before = interview_row(interview)

    log(owner, person, interview=interview, purpose=purpose)

    after = interview_row(interview)
    assert after["stage"] == start
    assert after["interactions"] == before["interactions"] + 1
    assert after["changes"] == before["changes"]


def test_it_logs_nothing_when_the_move_it_implies_is_refused(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.REQUESTED)
    requested_at = interview.stage_entered_at
    before = interview_row(interview)
    # Moving to requested logged the request itself.
    assert stored(person).last_contacted_at == requested_at

    # A follow-up dated before the request went out cannot be right.
    with pytest.raises(ValidationError, match="before the request"):
        log(owner, person, interview=interview, purpose="follow_up", occurred_at=requested_at - DAY)

    assert interview_row(interview) == before
    assert stored(person).last_contacted_at == requested_at
