"""Moving an interview through its lifecycle from its page (htmx panel and plain form)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from coffeechat.interviews.models import StageChange
from tests.conftest import NOW

from .helpers import HTMX, make_interview, stage_buttons, text


@pytest.fixture
def prospect(owner, person):
    return make_interview(owner, person, at=NOW - timedelta(days=1))


def _move(client, interview, htmx=True, **fields):
    extra = HTMX if htmx else {}
    return client.post(reverse("interview-move", args=[interview.pk]), fields, **extra)


def test_it_schedules_with_the_meeting_time_and_shows_the_prep_due(owner_client, prospect):
    # The meeting is tomorrow at 10:00, so preparing is on from today.
    response = _move(owner_client, prospect, to_stage="scheduled", meeting_at="2026-11-17T10:00")
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert page.lstrip().startswith('<section class="card" id="stage-panel"')
    assert 'Stage: <span class="stage stage-scheduled">Scheduled</span>' in page
    assert "Meeting: <time" in page and "Tue 17 Nov 2026, 10:00" in page
    assert "Next: Prepare for the meeting</strong> (to do, due Tue 17 Nov, 00:00)" in page
    assert stage_buttons(response) == ["Held", "Requested", "Declined", "Deferred"]
    prospect.refresh_from_db()
    assert prospect.stage == "scheduled"
    assert prospect.meeting_at == NOW.replace(day=17, hour=10)


def test_it_shows_the_prep_on_today_after_scheduling(owner_client, prospect):
    _move(owner_client, prospect, to_stage="scheduled", meeting_at="2026-11-17T10:00")
    page = text(owner_client.get(reverse("today")))
    assert "Prepare for the meeting: Dana Whitfield" in page


def test_it_does_not_ask_for_prep_for_a_meeting_next_week(owner_client, prospect):
    response = _move(owner_client, prospect, to_stage="scheduled", meeting_at="2026-11-24T10:00")
    assert response.status_code == 200
    assert "Next:" not in text(response)


def test_it_refuses_scheduling_without_a_meeting_time(owner_client, prospect):
    response = _move(owner_client, prospect, to_stage="scheduled")
    assert response.status_code == 422
    assert "When is the meeting? Give its date and time." in text(response)
    prospect.refresh_from_db()
    assert prospect.stage == "prospect"


def test_it_refuses_an_illegal_move_saying_why_and_what_is_allowed(owner_client, prospect):
    response = _move(owner_client, prospect, to_stage="thanked")
    assert response.status_code == 422
    page = text(response)
    assert '<p class="error" role="alert">' in page
    assert (
        "Can't move from prospect to thanked: a thank-you comes after the conversation was held. "
        "From prospect you can move to: researching, intro requested, requested, scheduled, held, "
        "declined, deferred."
    ) in page
    # The panel still offers the legal moves.
    assert stage_buttons(response)[:2] == ["Researching", "Intro requested"]
    prospect.refresh_from_db()
    assert prospect.stage == "prospect"
    assert StageChange.objects.filter(interview=prospect).count() == 1


def test_it_refuses_an_unknown_stage(owner_client, prospect):
    response = _move(owner_client, prospect, to_stage="promoted")
    assert response.status_code == 422
    assert "Select a valid choice. promoted is not one of the available choices." in text(response)
    prospect.refresh_from_db()
    assert prospect.stage == "prospect"


def test_it_needs_a_revisit_date_to_defer(owner_client, prospect):
    response = _move(owner_client, prospect, to_stage="deferred")
    assert response.status_code == 422
    assert "A deferred interview needs a date to revisit." in text(response)
    prospect.refresh_from_db()
    assert prospect.stage == "prospect"


def test_it_defers_until_the_revisit_date(owner_client, prospect):
    response = _move(owner_client, prospect, to_stage="deferred", revisit_on="2027-01-11")
    assert response.status_code == 200
    assert "Revisit on Mon 11 Jan 2027." in text(response)
    prospect.refresh_from_db()
    assert (prospect.stage, str(prospect.revisit_on)) == ("deferred", "2027-01-11")


def test_it_refuses_a_move_dated_in_the_future(owner_client, prospect):
    response = _move(owner_client, prospect, to_stage="researching", at="2026-11-18T09:00")
    assert response.status_code == 422
    assert "A move can't happen in the future." in text(response)
    prospect.refresh_from_db()
    assert prospect.stage == "prospect"


def test_it_redirects_a_plain_move_with_a_message(owner_client, prospect):
    response = _move(owner_client, prospect, htmx=False, to_stage="researching")
    assert response.status_code == 302
    assert response.url == reverse("interview-detail", args=[prospect.pk])
    page = text(owner_client.get(response.url))
    assert "Moved to researching." in page
    assert 'Stage: <span class="stage stage-researching">Researching</span>' in page
    prospect.refresh_from_db()
    assert prospect.stage == "researching"


def test_it_redirects_a_refused_plain_move_with_the_reason(owner_client, prospect):
    response = _move(owner_client, prospect, htmx=False, to_stage="thanked")
    assert response.status_code == 302
    page = text(owner_client.get(response.url))
    assert '<p class="message error">Can\'t move from prospect to thanked' in page
    prospect.refresh_from_db()
    assert prospect.stage == "prospect"


def test_it_records_the_meeting_on_the_timeline_when_held(owner, owner_client, prospect, person):
    _move(owner_client, prospect, to_stage="held")
    prospect.refresh_from_db()
    assert prospect.stage == "held"
    person.refresh_from_db()
    assert person.keep_in_touch
    page = text(owner_client.get(reverse("today")))
    assert "Send a thank-you: Dana Whitfield" in page


def test_it_dates_a_move_when_told_when_it_happened(owner_client, prospect):
    # Times typed in the form are in the user's zone (UTC for this account).
    response = _move(owner_client, prospect, to_stage="requested", at="2026-11-15T18:30")
    assert response.status_code == 200
    prospect.refresh_from_db()
    assert prospect.stage == "requested"
    assert prospect.stage_entered_at == NOW.replace(day=15, hour=18, minute=30)


def _swapped(response, element_id: str) -> str:
    """The markup htmx swaps out of band into the element with `element_id`."""
    found = re.search(rf'<(\w+) [^>]*id="{element_id}"[^>]*hx-swap-oob="true"', text(response))
    assert found, f"no out-of-band swap of #{element_id} in the answer"
    start = found.start()
    return text(response)[start : text(response).index(f"</{found.group(1)}>", start)]


def test_it_updates_the_rest_of_the_page_the_move_changes(owner_client, prospect):
    # Before the move the page has no debrief to offer.
    page = text(owner_client.get(reverse("interview-detail", args=[prospect.pk])))
    assert "The debrief opens once the conversation is held." in page

    response = _move(owner_client, prospect, to_stage="held")

    assert response.status_code == 200
    assert "Stage: " in text(response)
    assert "Debrief this conversation" in _swapped(response, "debrief-panel")
    assert "Times to offer" not in _swapped(response, "outreach-panel")
    assert "question" in _swapped(response, "prep-panel")


def test_it_swaps_only_the_stage_panel_when_it_refuses_a_move(owner_client, prospect):
    response = _move(owner_client, prospect, to_stage="thanked")

    assert response.status_code == 422
    assert "hx-swap-oob" not in text(response)
