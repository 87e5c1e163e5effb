"""The private calendar feed: turned on in Settings, read without logging in by its secret
address, and closed for good when the address is replaced or the feed turned off."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import vobject
from django.test import Client
from django.urls import reverse

from coffeechat.domain.lifecycle import Stage
from tests.conftest import NOW

from .helpers import make_interview, make_person, text


def _turn_on(client, action="new") -> str:
    response = client.post(reverse("outreach-feed-token"), {"action": action})
    assert response.status_code == 302
    assert response.url == reverse("settings") + "#feed"
    return _address(client)


def _address(client) -> str:
    page = text(client.get(reverse("settings")))
    found = re.search(r'readonly value="(http://testserver/feed/[^"]+\.ics)"', page)
    return found.group(1) if found else ""


def _read(address: str):
    """The feed as a calendar app reads it: no session, no cookie."""
    return Client().get(address)


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = vobject.readOne(response.content.decode())
    return {event.summary.value: event for event in calendar.vevent_list}


def _meeting(owner, person, at=NOW + timedelta(days=3)):
    return make_interview(
        owner, person, Stage.REQUESTED, Stage.SCHEDULED, at=NOW - timedelta(days=1), meeting_at=at
    )


def test_it_is_off_until_the_user_turns_it_on(owner_client):
    assert "Turn on the calendar feed" in text(owner_client.get(reverse("settings")))
    assert _address(owner_client) == ""


def test_it_shows_the_address_once_on(owner_client):
    response = owner_client.post(reverse("outreach-feed-token"), {"action": "new"}, follow=True)
    page = text(response)
    assert "The calendar feed is on: subscribe to its address below." in page
    assert "Subscribe to this private address from any calendar app" in page
    assert "Make a new address" in page and "Turn the feed off" in page
    assert re.fullmatch(r"http://testserver/feed/[A-Za-z0-9_-]{40,}\.ics", _address(owner_client))


def test_a_calendar_app_reads_the_scheduled_meeting_without_logging_in(owner, owner_client, person):
    _meeting(owner, person)
    address = _turn_on(owner_client)

    response = _read(address)

    events = _events(response)
    meeting = events["Informational interview with Dana Whitfield"]
    assert meeting.dtstart.value == datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
    assert meeting.duration.value == timedelta(minutes=20)
    assert "private" in response["Cache-Control"]


def test_a_wrong_address_is_not_found(owner, owner_client, person):
    _meeting(owner, person)
    address = _turn_on(owner_client)
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    wrong = address.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert _read(wrong).status_code == 404
    assert _read("http://testserver/feed/short.ics").status_code == 404


def test_a_new_address_closes_the_old_one(owner, owner_client, person):
    _meeting(owner, person)
    old = _turn_on(owner_client)

    response = owner_client.post(reverse("outreach-feed-token"), {"action": "new"}, follow=True)
    new = _address(owner_client)

    assert "New calendar feed address: the old one no longer works." in text(response)
    assert new != old
    assert _read(old).status_code == 404
    assert "Informational interview with Dana Whitfield" in _events(_read(new))


def test_turning_it_off_closes_the_address(owner, owner_client, person):
    _meeting(owner, person)
    address = _turn_on(owner_client)

    response = owner_client.post(reverse("outreach-feed-token"), {"action": "revoke"}, follow=True)

    assert "The calendar feed is off; its old address no longer works." in text(response)
    assert "Turn on the calendar feed" in text(response)
    assert _read(address).status_code == 404


def test_it_never_shows_another_users_interviews(owner, owner_client, outsider, person):
    _meeting(owner, person)
    _meeting(outsider, make_person(outsider, "Ola Berg"), at=NOW + timedelta(days=4))
    address = _turn_on(owner_client)

    summaries = _events(_read(address))

    assert "Informational interview with Dana Whitfield" in summaries
    assert not [s for s in summaries if "Ola Berg" in s]


def test_the_feed_address_can_only_be_changed_by_a_logged_in_post(owner_client, client):
    assert owner_client.get(reverse("outreach-feed-token")).status_code == 405
    client.logout()
    response = client.post(reverse("outreach-feed-token"), {"action": "new"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
