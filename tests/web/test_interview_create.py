"""Opening an interview from a person's page, and editing its plan."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coffeechat.interviews.models import Interview
from tests.conftest import NOW

from .helpers import field_block, form_data, make_interview, text


def _open(client, person, **fields):
    body = {"purpose": "explore", "minutes": "20", "format": "video", **fields}
    return client.post(reverse("interview-create", args=[person.pk]), body)


def test_it_offers_20_minutes_by_default(owner_client, person):
    response = owner_client.get(reverse("interview-create", args=[person.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Open an interview with Dana Whitfield" in page
    data = form_data(response, "minutes")
    assert data["minutes"] == "20"
    assert data["purpose"] == "explore" and data["format"] == "video"


def test_it_opens_an_interview_as_a_prospect(owner, owner_client, person):
    response = _open(owner_client, person, place="https://meet.example/dana")
    interview = Interview.objects.get(owner=owner)
    assert response.status_code == 302
    assert response.url == reverse("interview-detail", args=[interview.pk])
    assert (interview.person, interview.stage, interview.minutes) == (person, "prospect", 20)
    page = text(owner_client.get(response.url))
    assert "Opened an interview with Dana Whitfield." in page
    assert 'Stage: <span class="stage stage-prospect">Prospect</span>' in page
    assert "20 minutes" in page
    assert '<a href="https://meet.example/dana" rel="noopener noreferrer">' in page


def test_it_opens_with_the_form_unchanged(owner, owner_client, person):
    url = reverse("interview-create", args=[person.pk])
    owner_client.post(url, form_data(owner_client.get(url), "minutes"))
    assert Interview.objects.get(owner=owner).minutes == 20


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("10", "Ensure this value is greater than or equal to 15."),
        ("61", "Ensure this value is less than or equal to 60."),
        ("", "This field is required."),
    ],
)
def test_it_refuses_a_length_outside_15_to_60_minutes(owner_client, person, minutes, message):
    response = _open(owner_client, person, minutes=minutes)
    assert response.status_code == 422
    block = field_block(response, "minutes")
    assert message in block
    assert "15 to 30 is the sweet spot; never more than 60." in block
    assert not Interview.objects.exists()


def test_it_refuses_an_unknown_format(owner_client, person):
    response = _open(owner_client, person, format="carrier_pigeon")
    assert response.status_code == 422
    assert "Select a valid choice." in field_block(response, "format")
    assert not Interview.objects.exists()


def test_it_edits_the_plan_and_keeps_the_stage(owner, owner_client, person):
    interview = make_interview(owner, person, "requested", at=NOW)
    url = reverse("interview-edit", args=[interview.pk])
    data = form_data(owner_client.get(url), "minutes")
    assert data["minutes"] == "20"
    data.update(minutes="30", format="in_person", place="Café Luna, 5th Ave")
    response = owner_client.post(url, data, follow=True)
    assert "Saved." in text(response)
    interview.refresh_from_db()
    assert (interview.minutes, interview.format, interview.place) == (
        30,
        "in_person",
        "Café Luna, 5th Ave",
    )
    assert interview.stage == "requested"


def test_it_refuses_an_edit_to_61_minutes(owner, owner_client, person):
    interview = make_interview(owner, person, at=NOW)
    url = reverse("interview-edit", args=[interview.pk])
    data = form_data(owner_client.get(url), "minutes")
    response = owner_client.post(url, {**data, "minutes": "61"})
    assert response.status_code == 422
    assert "less than or equal to 60" in field_block(response, "minutes")
    interview.refresh_from_db()
    assert interview.minutes == 20
