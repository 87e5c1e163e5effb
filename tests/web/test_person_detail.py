"""A person's page: who they are, their interviews, who they know, their timeline."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from coffeechat.network.models import Link
from coffeechat.network.services import interaction_log
from tests.conftest import NOW

from .helpers import make_interview, make_person, text


def _page(client, person, **params):
    response = client.get(reverse("person-detail", args=[person.pk]), params)
    assert response.status_code == 200
    return text(response)


def test_it_shows_who_they_are(owner_client, person):
    page = _page(owner_client, person)
    assert "<h1>Dana Whitfield</h1>" in page
    assert "Senior Policy Advisor" in page
    assert ">City Climate Office</a>" in page
    assert "Senior <small>(guessed from the title)</small>" in page
    assert '<a href="mailto:dana@example.org">dana@example.org</a>' in page
    assert "never" in page  # last contacted


def test_it_shows_empty_states_for_a_new_person(owner_client, person):
    page = _page(owner_client, person)
    assert "No interview yet." in page
    assert "No known connections recorded." in page
    assert "Nothing logged yet." in page


def test_it_lists_their_interviews_with_the_stage(owner, owner_client, person):
    interview = make_interview(owner, person, "requested", at=NOW)
    page = _page(owner_client, person)
    assert reverse("interview-detail", args=[interview.pk]) in page
    assert '<span class="stage stage-requested">Requested</span>' in page


def test_it_lists_who_they_know(owner, owner_client, person):
    ravi = make_person(owner, "Ravi Okafor")
    Link.objects.create(owner=owner, from_person=ravi, to_person=person, how="same team")
    page = _page(owner_client, person)
    assert ">Ravi Okafor</a> <small>knows: same team</small>" in page


def test_it_shows_the_timeline_newest_first_and_pages_it(owner, owner_client, person):
    for n in range(21):
        interaction_log(
            actor=owner,
            person=person,
            kind="email",
            summary=f"Message {n:02}",
            occurred_at=NOW - timedelta(days=21 - n),
        )
    first = _page(owner_client, person)
    assert first.index("Message 20") < first.index("Message 19")
    assert "Message 00" not in first
    assert "Page 1 of 2" in first
    second = _page(owner_client, person, page=2)
    assert "Message 00" in second and "Message 01" not in second
    assert (
        '<dt>Last contacted</dt><dd><time datetime="2026-11-15T09:00:00+00:00">15 Nov 2026' in first
    )


def test_it_offers_the_log_form_with_email_preselected(owner_client, person):
    page = _page(owner_client, person)
    assert 'id="log-form"' in page
    assert '<option value="email" selected>Email</option>' in page
    assert 'action="' + reverse("interaction-log", args=[person.pk]) + '"' in page
