"""Times to offer in both time zones, agreeing one, and the calendar invitation for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import vobject
from django.urls import reverse

from coffeechat.accounts.services import profile_update
from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview
from coffeechat.network.services import person_update
from tests.conftest import NOW

from .helpers import HTMX, form_data, make_interview, text


@pytest.fixture
def across_the_atlantic(owner, person):
    """The user in Paris, Dana in New York (six hours behind in November)."""
    profile_update(actor=owner, time_zone="Europe/Paris")
    person_update(actor=owner, person=person, time_zone="America/New_York")
    return person


def _slots(client, interview, **params):
    response = client.get(reverse("outreach-slots", args=[interview.pk]), params)
    assert response.status_code == 200
    return response


def _offered(response) -> list[str]:
    page = text(response)
    return [line.strip()[6:-7] for line in page.splitlines() if line.strip().startswith("<span>")]


def _scheduled(owner, person, meeting_at=NOW + timedelta(days=15)):
    return make_interview(
        owner, person, Stage.REQUESTED, Stage.SCHEDULED, at=NOW, meeting_at=meeting_at
    )


def _calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(response.content.decode())


def test_it_offers_three_times_in_their_zone_and_mine(owner_client, across_the_atlantic, interview):
    response = _slots(owner_client, interview)
    assert _offered(response) == [
        "Monday 30 November, 09:00–09:20 your time (15:00–15:20 mine)",
        "Wednesday 2 December, 09:00–09:20 your time (15:00–15:20 mine)",
        "Friday 4 December, 09:00–09:20 your time (15:00–15:20 mine)",
    ]
    assert "at least 14 days out" in text(response) and "20 minutes each" in text(response)


def test_it_shows_more_times_in_place(owner_client, across_the_atlantic, interview):
    response = owner_client.get(
        reverse("outreach-slots", args=[interview.pk]), {"count": 6}, **HTMX
    )
    assert text(response).lstrip().startswith('<section class="card" id="slots"')
    assert len(_offered(response)) == 6


def test_it_schedules_the_time_they_agreed_to(owner_client, across_the_atlantic, interview):
    choice = form_data(_slots(owner_client, interview), "start")

    response = owner_client.post(reverse("outreach-agree", args=[interview.pk]), choice)

    assert response.status_code == 302
    assert response.url == reverse("interview-detail", args=[interview.pk])
    interview.refresh_from_db()
    assert interview.stage == Stage.SCHEDULED
    assert interview.meeting_at == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    page = text(owner_client.get(response.url))
    assert "Scheduled for Monday 30 November, 15:00. Send them the invitation." in page


def test_it_schedules_a_time_typed_in_my_zone(owner, owner_client, interview):
    profile_update(actor=owner, time_zone="Europe/Paris")
    owner_client.post(reverse("outreach-agree", args=[interview.pk]), {"start": "2026-12-08T10:00"})
    interview.refresh_from_db()
    assert interview.meeting_at == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def test_it_refuses_a_time_that_has_passed(owner_client, interview):
    response = owner_client.post(
        reverse("outreach-agree", args=[interview.pk]), {"start": "2026-11-01T10:00"}, follow=True
    )
    assert "That time has passed; pick one ahead." in text(response)
    assert Interview.objects.get(pk=interview.pk).stage == Stage.PROSPECT


def test_it_asks_again_for_a_time_it_cannot_read(owner_client, interview):
    response = owner_client.post(
        reverse("outreach-agree", args=[interview.pk]), {"start": "next Tuesday"}, follow=True
    )
    assert response.redirect_chain == [(reverse("outreach-slots", args=[interview.pk]), 302)]
    assert "Give the agreed date and time, e.g. 2026-12-08 10:00." in text(response)
    assert Interview.objects.get(pk=interview.pk).meeting_at is None


def test_it_downloads_the_invitation_for_the_agreed_time(owner, owner_client, person):
    profile_update(actor=owner, time_zone="Europe/Paris", name="Alice Martin")
    interview = _scheduled(owner, person)

    response = owner_client.get(reverse("outreach-invitation", args=[interview.pk]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="interview-{interview.pk}.ics"'
    )
    calendar = _calendar(response)
    assert calendar.method.value == "REQUEST"
    event = calendar.vevent
    start = event.dtstart.value
    assert start == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    # Written in the organizer's zone, as their calendar shows it.
    assert "DTSTART;TZID=Europe/Paris:20261201T100000" in response.content.decode()
    assert event.duration.value == timedelta(minutes=20)
    assert event.summary.value == "Informational interview: Alice Martin / Dana Whitfield"
    assert event.attendee.value == "mailto:dana@example.org"
    assert event.sequence.value == "0"


def test_moving_the_time_updates_the_same_event(owner, owner_client, person):
    interview = _scheduled(owner, person)
    url = reverse("outreach-invitation", args=[interview.pk])
    first = _calendar(owner_client.get(url)).vevent
    again = _calendar(owner_client.get(url)).vevent
    assert again.sequence.value == first.sequence.value == "0"

    owner_client.post(reverse("outreach-agree", args=[interview.pk]), {"start": "2026-12-03T11:00"})
    moved = _calendar(owner_client.get(url)).vevent

    assert moved.uid.value == first.uid.value
    assert moved.sequence.value == "1"
    assert moved.dtstart.value == datetime(2026, 12, 3, 11, 0, tzinfo=UTC)


def test_it_cancels_the_invitation_and_waits_for_a_new_time(owner, owner_client, person):
    interview = _scheduled(owner, person)
    sent = _calendar(owner_client.get(reverse("outreach-invitation", args=[interview.pk])))

    response = owner_client.post(reverse("outreach-invitation-cancel", args=[interview.pk]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="interview-{interview.pk}-cancelled.ics"'
    )
    cancelled = _calendar(response)
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.uid.value == sent.vevent.uid.value
    assert cancelled.vevent.status.value == "CANCELLED"
    assert int(cancelled.vevent.sequence.value) > int(sent.vevent.sequence.value)
    interview.refresh_from_db()
    assert interview.stage == Stage.REQUESTED
    page = text(owner_client.get(reverse("interview-detail", args=[interview.pk])))
    assert "Call it off" not in page


def test_it_has_no_invitation_before_a_time_is_agreed(owner_client, interview):
    response = owner_client.get(reverse("outreach-invitation", args=[interview.pk]), follow=True)
    assert response.redirect_chain == [(reverse("interview-detail", args=[interview.pk]), 302)]
    assert "Agree on a time first: an invitation needs the meeting time." in text(response)
    interview.refresh_from_db()
    assert interview.ical_uid == ""


def test_it_has_nothing_to_cancel_before_an_invitation(owner, owner_client, person):
    interview = _scheduled(owner, person)
    response = owner_client.post(
        reverse("outreach-invitation-cancel", args=[interview.pk]), follow=True
    )
    assert "No invitation was sent for this interview, so none to cancel." in text(response)
    assert Interview.objects.get(pk=interview.pk).stage == Stage.SCHEDULED


@pytest.mark.parametrize(
    ("path", "offered"),
    [
        ((), True),
        ((Stage.REQUESTED,), True),
        ((Stage.REQUESTED, Stage.FOLLOWED_UP), True),
        ((Stage.REQUESTED, Stage.DECLINED), False),
    ],
)
def test_the_interview_page_offers_times_only_while_a_time_can_still_be_agreed(
    owner_client, owner, person, path, offered
):
    interview = make_interview(owner, person, *path, at=NOW)
    page = text(owner_client.get(reverse("interview-detail", args=[interview.pk])))
    assert ("Times to offer" in page) is offered
