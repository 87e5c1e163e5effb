"""Cases found in review: odd dates, ties on Today, messages logged late, edits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.services import (
    interview_advance,
    interview_mark_prepared,
    interview_update,
)
from coffeechat.network.models import Interaction, Organization, Person
from coffeechat.network.services import (
    interaction_log,
    organization_create,
    organization_delete,
    person_create,
    person_update,
)
from coffeechat.today.selectors import today_for
from tests.conftest import NOW
from tests.services.support import DAY, interview_row, open_interview, walk

HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    "moves",
    [
        {"to_stage": Stage.DEFERRED, "revisit_on": date(9999, 12, 31)},
        {"to_stage": Stage.SCHEDULED, "meeting_at": NOW.replace(year=9999)},
        {"to_stage": Stage.RESEARCHING, "at": NOW.replace(year=1)},
    ],
    ids=["revisit-9999", "meeting-9999", "at-year-1"],
)
def test_it_refuses_dates_far_off_the_calendar_and_changes_nothing(owner, person, moves):
    interview = open_interview(owner, person)
    before = interview_row(interview)
    with pytest.raises(ValidationError, match="check the year"):
        interview_advance(actor=owner, interview=interview, **moves)
    assert interview_row(interview) == before


def test_it_refuses_an_interaction_dated_in_year_one(owner, person):
    with pytest.raises(ValidationError, match="check the year"):
        interaction_log(actor=owner, person=person, kind="note", occurred_at=NOW.replace(year=1))
    assert not Interaction.objects.exists()


def test_today_pages_neither_repeat_nor_skip_items_that_fall_due_together(owner):
    revisit = (NOW - DAY).date()
    ids = set()
    for n in range(30):
        person = person_create(actor=owner, name=f"Person {n:02d}")
        interview = open_interview(owner, person)
        interview_advance(
            actor=owner,
            interview=interview,
            to_stage=Stage.DEFERRED,
            at=NOW - 2 * DAY,
            revisit_on=revisit,
        )
        ids.add(interview.pk)
    first = today_for(actor=owner, now=NOW, offset=0, limit=25)
    second = today_for(actor=owner, now=NOW, offset=25, limit=25)
    shown = [item.interview.pk for item in first.items + second.items]
    assert len(shown) == 30
    assert set(shown) == ids


def test_it_accepts_a_thank_you_sent_before_the_meeting_was_recorded_as_held(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.SCHEDULED)
    interview_update(actor=owner, interview=interview, meeting_at=NOW - 20 * HOUR)
    # The user clicks "held" now, though they thanked them last night.
    interview_advance(actor=owner, interview=interview, to_stage=Stage.HELD, at=NOW)
    interaction_log(
        actor=owner,
        person=person,
        interview=interview,
        kind="email",
        purpose="thank_you",
        occurred_at=NOW - 10 * HOUR,
    )
    interview.refresh_from_db()
    assert interview.stage == Stage.THANKED
    assert interview.stage_entered_at == NOW


def test_it_refuses_a_thank_you_dated_before_the_meeting_ended(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.SCHEDULED)
    interview_update(actor=owner, interview=interview, meeting_at=NOW - 2 * HOUR)
    interview_advance(actor=owner, interview=interview, to_stage=Stage.HELD, at=NOW)
    with pytest.raises(ValidationError, match="before the end of the meeting"):
        interaction_log(
            actor=owner,
            person=person,
            interview=interview,
            kind="email",
            purpose="thank_you",
            occurred_at=NOW - 3 * HOUR,
        )
    interview.refresh_from_db()
    assert interview.stage == Stage.HELD


def test_a_thank_you_logged_on_the_person_finds_the_interview_waiting_for_it(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.HELD)
    interaction_log(actor=owner, person=person, kind="card", purpose="thank_you")
    interview.refresh_from_db()
    assert interview.stage == Stage.THANKED
    assert Interaction.objects.get(purpose="thank_you").interview_id == interview.pk


def test_moving_to_requested_puts_the_request_on_the_timeline(owner, person):
    interview = open_interview(owner, person)
    interview_advance(actor=owner, interview=interview, to_stage=Stage.REQUESTED, at=NOW - DAY)
    [request] = Interaction.objects.filter(person=person)
    assert (request.purpose, request.summary, request.occurred_at) == (
        "request",
        "Request sent",
        NOW - DAY,
    )
    assert Person.objects.get(pk=person.pk).last_contacted_at == NOW - DAY


def test_rescheduling_is_not_a_new_request(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.SCHEDULED)
    before = Interaction.objects.count()
    interview_advance(actor=owner, interview=interview, to_stage=Stage.REQUESTED, at=NOW)
    assert Interaction.objects.count() == before


def test_moving_the_meeting_asks_for_new_prep(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.SCHEDULED)
    interview_update(actor=owner, interview=interview, meeting_at=NOW + 3 * DAY)
    interview_mark_prepared(actor=owner, interview=interview, at=NOW)
    interview_update(actor=owner, interview=interview, meeting_at=NOW + 5 * DAY)
    interview.refresh_from_db()
    assert interview.prepared_at is None


def test_choosing_guess_again_puts_seniority_back_to_the_title(owner):
    person = person_create(actor=owner, name="Sam", title="Intern", seniority="executive")
    assert (person.seniority, person.seniority_confirmed) == ("executive", True)
    person_update(actor=owner, person=person, seniority="")
    assert (person.seniority, person.seniority_confirmed) == ("junior", False)


def test_an_organization_can_be_added_and_deleted_keeping_its_people(owner):
    organization = organization_create(actor=owner, name="Harbor Labs", website="https://h.org")
    person = person_create(actor=owner, name="Kai", organization=organization)
    with pytest.raises(ValidationError, match="already have an organization"):
        organization_create(actor=owner, name="harbor labs")
    organization_delete(actor=owner, organization=organization)
    assert not Organization.objects.exists()
    assert Person.objects.get(pk=person.pk).organization is None
