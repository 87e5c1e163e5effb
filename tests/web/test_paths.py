"""The warm-paths page and the consent-first introduction, through the web."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview
from coffeechat.network.links import link_people
from coffeechat.network.models import Person
from coffeechat.network.services import person_create, person_update
from coffeechat.today.selectors import today_for
from tests.web.helpers import text


@pytest.fixture
def network(owner):
    dana = person_create(actor=owner, name="Dana Whitfield", how_met="former teammate")
    Person.objects.filter(pk=dana.pk).update(first_degree_since=date(2024, 3, 15))
    dana.refresh_from_db()
    sam = person_create(
        actor=owner,
        name="Sam Rivera",
        title="Senior Policy Advisor",
        organization_name="City Climate Office",
    )
    vera = person_create(
        actor=owner,
        name="Vera Stone",
        title="Chief Executive Officer",
        organization_name="City Climate Office",
    )
    link_people(actor=owner, a=dana, b=sam)
    link_people(actor=owner, a=dana, b=vera)
    return dana, sam, vera


def test_it_finds_paths_to_an_organization_best_first(owner_client, network):
    page = text(owner_client.get(reverse("paths"), {"org": "city climate office"}))
    assert "2 paths, best first" in page
    assert page.index("Sam Rivera, Senior Policy Advisor") < page.index("Vera Stone, Chief")
    assert "Dana Whitfield, former teammate, never talked, knows Sam Rivera" in page
    assert "Ask Dana Whitfield for an introduction to Sam Rivera" in page
    assert "<svg" in page and "Paths from you: you → Dana Whitfield → Sam Rivera" in page


def test_role_words_narrow_the_targets(owner_client, network):
    page = text(
        owner_client.get(reverse("paths"), {"org": "City Climate Office", "role": "policy"})
    )
    # Sam is the one policy person; Dana knows Sam, so no longer way round is offered.
    assert "1 path, best first" in page
    assert "Paths from you: you → Dana Whitfield → Sam Rivera." in page
    assert "Vera Stone" not in page


def test_an_unknown_organization_names_close_ones(owner_client, network):
    response = owner_client.get(reverse("paths"), {"org": "Climate"})
    assert response.status_code == 422
    assert (
        "None of your organizations is called “Climate”. Did you mean: City Climate Office?"
        in text(response)
    )


def test_do_not_ask_removes_the_connector(owner_client, owner, network):
    dana, _, _ = network
    person_update(actor=owner, person=dana, do_not_ask=True)
    page = text(owner_client.get(reverse("paths"), {"org": "City Climate Office"}))
    assert "No path within 3 hops" in page and "Dana" not in page.split("No path")[1]


def test_asking_the_connector_opens_an_interview_with_a_consent_first_draft(
    owner_client, owner, network, clock
):
    dana, sam, _ = network
    response = owner_client.post(reverse("paths-ask"), {"target": sam.pk, "connector": dana.pk})
    interview = Interview.objects.get(owner=owner, person=sam)
    assert response["Location"] == interview.get_absolute_url()
    assert interview.stage == Stage.INTRO_REQUESTED and interview.connector == dana
    page = text(owner_client.get(interview.get_absolute_url()))
    assert "Would you be comfortable introducing me to Sam Rivera?" in page
    assert "Please say no if it doesn't feel right" in page
    assert "It's not a job request" in page

    # No answer for 7 days: Today asks for one follow-up with Dana.
    clock.shift(timedelta(days=7, hours=1))
    items = today_for(actor=owner).items
    assert [i.action.kind for i in items] == ["follow_up_connector"]
    assert "You asked Dana Whitfield" in items[0].reason


def test_the_connectors_yes_marks_the_introduction_and_moves_on(owner_client, owner, network):
    dana, sam, _ = network
    owner_client.post(reverse("paths-ask"), {"target": sam.pk, "connector": dana.pk})
    interview = Interview.objects.get(owner=owner, person=sam)
    owner_client.post(reverse("interview-connector", args=[interview.pk]), {"answer": "yes"})
    interview.refresh_from_db()
    sam.refresh_from_db()
    assert interview.connector_answer == "yes" and interview.stage == Stage.REQUESTED
    assert sam.introduced_by == dana


def test_the_connectors_no_stops_the_reminder(owner_client, owner, network, clock):
    dana, sam, _ = network
    owner_client.post(reverse("paths-ask"), {"target": sam.pk, "connector": dana.pk})
    interview = Interview.objects.get(owner=owner, person=sam)
    response = owner_client.post(
        reverse("interview-connector", args=[interview.pk]), {"answer": "no"}
    )
    page = text(owner_client.get(response["Location"]))
    assert "Dana Whitfield declined to introduce you" in page
    clock.shift(timedelta(days=8))
    assert today_for(actor=owner).items == []


def test_a_second_answer_is_refused(owner_client, owner, network):
    dana, sam, _ = network
    owner_client.post(reverse("paths-ask"), {"target": sam.pk, "connector": dana.pk})
    interview = Interview.objects.get(owner=owner, person=sam)
    url = reverse("interview-connector", args=[interview.pk])
    owner_client.post(url, {"answer": "no"})
    page = text(owner_client.post(url, {"answer": "yes"}, follow=True))
    assert "already recorded" in page
    interview.refresh_from_db()
    assert interview.connector_answer == "no"


def test_someone_elses_people_are_not_found(outsider_client, network):
    dana, sam, _ = network
    response = outsider_client.post(reverse("paths-ask"), {"target": sam.pk, "connector": dana.pk})
    assert response.status_code == 404
    assert outsider_client.get(reverse("paths"), {"person": sam.pk}).status_code == 404


def test_the_one_follow_up_with_the_connector_is_done_from_today(
    owner_client, owner, network, clock
):
    dana, sam, _ = network
    owner_client.post(reverse("paths-ask"), {"target": sam.pk, "connector": dana.pk})
    interview = Interview.objects.get(owner=owner, person=sam)
    clock.shift(timedelta(days=7, hours=1))
    page = text(owner_client.get(reverse("today")))
    assert "Follow up once with the connector: Sam Rivera" in page
    done = {"kind": "follow_up_connector", "interview": interview.pk}
    owner_client.post(reverse("today-done"), done)
    interview.refresh_from_db()
    assert interview.connector_followed_up_at is not None
    assert today_for(actor=owner).items == []
    summaries = list(dana.interactions.values_list("summary", flat=True))
    assert "Followed up on the introduction to Sam Rivera" in summaries
    # A second follow-up is refused: one is the limit.
    again = text(owner_client.post(reverse("today-done"), done, follow=True))
    assert "no longer applies" in again or "one follow-up is the limit" in again


def test_the_person_page_records_who_they_know(owner_client, owner, network):
    dana, _, _ = network
    ravi = person_create(actor=owner, name="Ravi Okafor", email="ravi@example.org")
    url = reverse("person-knows", args=[dana.pk])
    page = text(
        owner_client.post(url, {"other": "ravi@example.org", "how": "rowing club"}, follow=True)
    )
    assert "Dana Whitfield and Ravi Okafor now know each other." in page
    assert "Ravi Okafor" in page and "rowing club" in page
    again = text(owner_client.post(url, {"other": "ravi@example.org"}, follow=True))
    assert "already know each other" in again
    unknown = text(owner_client.post(url, {"other": "nobody@example.org"}, follow=True))
    assert "nobody@example.org" in unknown
    assert ravi.links_in.count() + ravi.links_out.count() == 1
