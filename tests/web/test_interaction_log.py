"""Logging an email, call or note from a person's page (plain form and htmx)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coffeechat.network.models import Interaction
from tests.conftest import NOW

from .helpers import HTMX, field_block, make_interview, make_person, text


def _log(client, person, **fields):
    data = {"kind": "call", "summary": "Talked about the budget cycle", **fields}
    extra = HTMX if data.pop("htmx", False) else {}
    return client.post(reverse("interaction-log", args=[person.pk]), data, **extra)


def test_it_logs_and_redirects_to_the_timeline(owner_client, person):
    response = _log(owner_client, person)
    assert response.status_code == 302
    assert response.url == reverse("person-detail", args=[person.pk])
    page = text(owner_client.get(response.url))
    assert "Logged with Dana Whitfield." in page
    timeline = page[page.index('id="timeline"') :]
    assert "<strong>Call</strong>" in timeline
    assert "Talked about the budget cycle" in timeline
    assert "16 Nov 2026, 09:00" in timeline  # an empty "When" means now
    person.refresh_from_db()
    assert person.last_contacted_at == NOW


def test_it_takes_a_time_in_the_past(owner_client, person):
    _log(owner_client, person, occurred_at="2026-11-02T14:30")
    assert Interaction.objects.get().occurred_at == NOW.replace(day=2, hour=14, minute=30)


def test_it_answers_htmx_with_the_timeline_and_a_fresh_form_out_of_band(owner_client, person):
    response = _log(owner_client, person, htmx=True)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert page.lstrip().startswith('<section id="timeline"')
    assert "Talked about the budget cycle" in page
    form = re.search(r"<form [^>]*id=\"log-form\"[^>]*>", page).group(0)
    assert 'hx-swap-oob="true"' in form
    # The fresh form is empty again: nothing the user typed survives in it.
    assert page.count("Talked about the budget cycle") == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"occurred_at": "2026-11-20T09:00"}, "occurred_at", "can't be logged in the future"),
        ({"kind": "carrier_pigeon"}, "kind", "Select a valid choice."),
        ({"occurred_at": "yesterday-ish"}, "occurred_at", "Enter a valid date/time."),
    ],
    ids=["future", "bad-kind", "bad-date"],
)
def test_it_refuses_an_invalid_entry_and_saves_nothing(
    owner_client, person, fields, field, message
):
    response = _log(owner_client, person, **fields)
    assert response.status_code == 422
    assert message in field_block(response, field)
    assert "<html" in response.content.decode()  # the whole page, form errors in place
    assert not Interaction.objects.exists()
    person.refresh_from_db()
    assert person.last_contacted_at is None


def test_it_answers_an_invalid_htmx_entry_with_the_form_in_place(owner_client, person):
    response = _log(owner_client, person, occurred_at="2026-11-20T09:00", htmx=True)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#log-form"
    assert response["HX-Reswap"] == "outerHTML"
    page = text(response)
    assert page.lstrip().startswith('<form id="log-form"')
    assert "An interaction can't be logged in the future." in page
    assert "Talked about the budget cycle" in page  # what they wrote is kept
    assert not Interaction.objects.exists()


def test_it_follows_next_to_a_page_on_this_site(owner, owner_client, person):
    interview = make_interview(owner, person, at=NOW)
    back = reverse("interview-detail", args=[interview.pk])
    response = _log(owner_client, person, next=back, interview=interview.pk)
    assert response.status_code == 302
    assert response.url == back
    assert Interaction.objects.get().interview == interview


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "https:evil.example", "javascript:alert(1)"],
)
def test_it_does_not_follow_next_to_another_site(owner_client, person, target):
    response = _log(owner_client, person, next=target)
    assert response.status_code == 302
    assert response.url == reverse("person-detail", args=[person.pk])
    assert Interaction.objects.count() == 1


def test_it_moves_the_interview_when_the_request_is_logged(owner, owner_client, person):
    interview = make_interview(owner, person, at=NOW)
    _log(owner_client, person, kind="email", purpose="request", interview=interview.pk)
    interview.refresh_from_db()
    assert interview.stage == "requested"


def test_it_refuses_a_follow_up_dated_before_the_request(owner, owner_client, person):
    interview = make_interview(owner, person, "requested", at=NOW.replace(day=14))
    body = {"kind": "email", "purpose": "follow_up", "interview": interview.pk}
    response = _log(owner_client, person, occurred_at="2026-11-13T09:00", **body)
    assert response.status_code == 422
    assert "This can't come before the request it follows up (2026-11-14 09:00)" in text(response)
    # The log entry and the move are one change: neither is kept (only the request is).
    assert list(Interaction.objects.values_list("purpose", flat=True)) == ["request"]
    interview.refresh_from_db()
    assert interview.stage == "requested"


def test_it_refuses_an_interview_with_someone_else(owner, owner_client, person):
    other = make_interview(owner, make_person(owner, "Ravi Okafor"), at=NOW)
    response = _log(owner_client, person, interview=other.pk)
    assert response.status_code == 422
    assert "That interview is not one of yours with this person." in text(response)
    assert not Interaction.objects.exists()


def test_it_refuses_an_outsiders_interview_id(owner_client, person, outsider):
    theirs = make_interview(outsider, make_person(outsider, "Olive Stranger"), at=NOW)
    response = _log(owner_client, person, interview=theirs.pk)
    assert response.status_code == 422
    assert "Olive Stranger" not in text(response)
    assert not Interaction.objects.exists()
