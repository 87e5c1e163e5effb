"""Settings: the user's time zone and keep-in-touch cadence, and what they change."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from coffeechat.accounts.models import Profile
from coffeechat.interviews.services import interview_advance
from coffeechat.network.services import interaction_log
from tests.conftest import NOW

from .helpers import field_block, form_data, make_interview, make_person, text


def _save(client, **fields):
    return client.post(
        reverse("settings"),
        {
            "time_zone": "UTC",
            "keep_in_touch_days": 90,
            "availability": "Mon-Fri 09:00-17:00",
            "lead_days": 14,
            **fields,
        },
    )


def test_it_shows_the_current_settings(owner_client):
    response = owner_client.get(reverse("settings"))
    assert response.status_code == 200
    data = form_data(response, "time_zone")
    assert data["time_zone"] == "UTC"
    assert data["keep_in_touch_days"] == "90"


def test_it_changes_the_time_zone(owner, owner_client):
    response = _save(owner_client, time_zone="America/New_York")
    assert response.status_code == 302
    assert response.url == reverse("settings")
    assert Profile.objects.get(user=owner).time_zone == "America/New_York"
    page = text(owner_client.get(response.url))
    assert "Settings saved." in page
    assert '<option value="America/New_York" selected>' in page


def test_it_shows_times_in_the_new_time_zone(owner, owner_client, person):
    _save(owner_client, time_zone="Asia/Tokyo")
    interaction_log(actor=owner, person=person, kind="call", summary="Quick call")
    page = text(owner_client.get(reverse("person-detail", args=[person.pk])))
    assert "16 Nov 2026, 18:00" in page  # 09:00 UTC is 18:00 in Tokyo


def test_it_refuses_a_time_zone_that_does_not_exist(owner, owner_client):
    response = _save(owner_client, time_zone="Mars/Olympus_Mons")
    assert response.status_code == 422
    assert "Select a valid choice. Mars/Olympus_Mons is not one of the available choices." in (
        field_block(response, "time_zone")
    )
    assert Profile.objects.get(user=owner).time_zone == "UTC"


def test_it_refuses_a_cadence_of_zero_days(owner, owner_client):
    response = _save(owner_client, keep_in_touch_days=0)
    assert response.status_code == 422
    assert Profile.objects.get(user=owner).keep_in_touch_days == 90


def test_it_brings_forward_keep_in_touch_when_the_cadence_shortens(owner, owner_client):
    friend = make_person(owner, "Ines Moreau", keep_in_touch=True)
    interaction_log(actor=owner, person=friend, kind="email", occurred_at=NOW - timedelta(days=40))
    assert "Keep in touch: Ines Moreau" not in text(owner_client.get(reverse("today")))

    _save(owner_client, keep_in_touch_days=30)
    assert "Keep in touch: Ines Moreau" in text(owner_client.get(reverse("today")))


def test_it_re_times_meeting_prep_when_the_time_zone_changes(owner, owner_client, person):
    interview = make_interview(owner, person, at=NOW - timedelta(days=1))
    # Wed 18 Nov 03:00 UTC: in UTC the day before starts Tue 17 Nov, not yet.
    meeting = NOW.replace(day=18, hour=3)
    interview_advance(actor=owner, interview=interview, to_stage="scheduled", meeting_at=meeting)
    assert "Prepare for the meeting" not in text(owner_client.get(reverse("today")))

    # In Los Angeles the meeting is Tue 17 Nov 19:00, so the day before started at 08:00 UTC.
    _save(owner_client, time_zone="America/Los_Angeles")
    assert "Prepare for the meeting: Dana Whitfield" in text(owner_client.get(reverse("today")))
