"""The comparison: debriefed conversations side by side, only ever the user's own."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from coffeechat.debrief.services import debrief_save
from tests.conftest import NOW

from .helpers import make_interview, make_person, text

URL = reverse("debrief-compare")


def _debriefed(owner, name, org, title, **notes):
    person = make_person(owner, name, organization_name=org, title=title)
    interview = make_interview(owner, person, "held", at=NOW - timedelta(hours=2))
    debrief_save(actor=owner, interview=interview, **notes)
    return interview


@pytest.fixture
def two(owner):
    harbor = _debriefed(
        owner,
        "Ana Lima",
        "Harbor Analytics",
        "Data Lead",
        team_size="Six analysts",
        flexible_work="Two days at home",
        fit=4,
        fit_reason="I like the pace",
        red_flags="",
        advice="Learn SQL",
    )
    transit = _debriefed(
        owner,
        "Ravi Okafor",
        "Northwind Transit",
        "Head of Data",
        team_size="Forty",
        management_style="Top-down",
        fit=2,
        red_flags="A reorganization every year",
        advice="Get a statistics course",
    )
    return harbor, transit


def _rows(page) -> dict[str, list[str]]:
    """The table as {row header: [cell text per column]}."""
    rows = {}
    for header, cells in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', page, re.S):
        rows[header] = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td>(.*?)</td>", cells, re.S)
        ]
    return rows


def test_it_explains_what_it_needs_when_nothing_is_debriefed(owner_client):
    page = text(owner_client.get(URL))
    assert "No conversation is debriefed yet." in page
    assert "A comparison needs at least two." in page
    assert 'type="checkbox"' not in page


def test_it_points_to_the_one_debrief_there_is(owner, owner_client):
    only = _debriefed(owner, "Ana Lima", "Harbor Analytics", "Data Lead", advice="Learn SQL")
    page = text(owner_client.get(URL))
    assert "Only one conversation is debriefed so far." in page
    assert f'<a href="/interviews/{only.pk}/debrief/">Ana Lima\'s debrief</a>' in page


def test_it_offers_the_debriefed_interviews_to_choose_from(owner, owner_client, two, person):
    make_interview(owner, person, "held", at=NOW)  # held, but not debriefed: not offered
    page = text(owner_client.get(URL))
    for interview in two:
        assert f'name="ids" value="{interview.pk}" id="choose-{interview.pk}">' in page
    assert page.count('name="ids"') == 2
    assert "<table" not in page


def test_it_puts_the_chosen_conversations_side_by_side(owner_client, two):
    harbor, transit = two

    response = owner_client.get(URL, {"ids": [transit.pk, harbor.pk]})

    page = text(response)
    assert response.status_code == 200
    headers = re.findall(r'<th scope="col"><a href="[^"]+">([^<]+)</a></th>', page)
    assert headers == ["Ravi Okafor", "Ana Lima"]
    rows = _rows(page)
    assert rows["Role"] == ["Head of Data", "Data Lead"]
    assert rows["Organization"] == ["Northwind Transit", "Harbor Analytics"]
    assert rows["Stage"] == ["Held", "Held"]
    assert rows["Team size"] == ["Forty", "Six analysts"]
    assert rows["Flexible work"] == ["—", "Two days at home"]
    assert rows["Management style"] == ["Top-down", "—"]
    for part in ("How the team works", "Office setting"):
        assert rows[part] == ["—", "—"]
    assert rows["How well you'd fit"] == ["2 of 5, doubtful", "4 of 5, a good fit: I like the pace"]
    assert rows["Red flags"] == ["A reorganization every year", "—"]
    assert rows["Advice"] == ["Get a statistics course", "Learn SQL"]
    # The chosen ones stay ticked, to change the choice.
    for interview in two:
        assert f'value="{interview.pk}" id="choose-{interview.pk}" checked>' in page


def test_it_shows_an_own_interview_not_debriefed_yet_as_such(owner, owner_client, two, person):
    fresh = make_interview(owner, person, "held", at=NOW)
    page = text(owner_client.get(URL, {"ids": [two[0].pk, fresh.pk]}))
    assert "Dana Whitfield: not debriefed yet." in page
    assert _rows(page)["Advice"] == ["Learn SQL", "—"]


@pytest.mark.parametrize("bad", ["999999", "abc", "1.5", "", "-3", "99999999999999999999"])
def test_it_answers_404_for_an_id_that_is_not_one_of_the_users(owner_client, two, bad):
    response = owner_client.get(URL, {"ids": [two[0].pk, bad]})
    assert response.status_code == 404


def test_it_never_shows_another_users_interview(
    owner, two, outsider, outsider_client, owner_client
):
    theirs = _debriefed(outsider, "Mallory Secret", "Hidden Corp", "Spy", advice="Hide")

    mixed = owner_client.get(URL, {"ids": [two[0].pk, theirs.pk]})
    assert mixed.status_code == 404
    assert "Mallory Secret" not in text(mixed) and "Hide" not in text(mixed)

    snooping = outsider_client.get(URL, {"ids": [two[0].pk, two[1].pk]})
    assert snooping.status_code == 404
    page = text(outsider_client.get(URL))
    for secret in ("Ana Lima", "Ravi Okafor", "Harbor Analytics", "Learn SQL"):
        assert secret not in page


def test_it_compares_at_most_six_at_a_time(owner, owner_client):
    interviews = [
        _debriefed(owner, f"Person {n}", f"Org {n}", "Analyst", advice=f"Advice {n}")
        for n in range(7)
    ]

    page = text(owner_client.get(URL, {"ids": [i.pk for i in interviews]}))

    assert "Compare up to 6 at a time" in page
    assert len(re.findall(r'<th scope="col">', page)) == 6
    assert "Advice 6" not in page


def test_the_table_is_labelled_for_screen_readers(owner_client, two):
    page = text(owner_client.get(URL, {"ids": [two[0].pk, two[1].pk]}))
    assert '<caption class="lede">One column per conversation.</caption>' in page
    assert 'role="region" aria-labelledby="table-h"' in page
    assert len(re.findall(r"<th scope=\"row\">", page)) == 11  # 3 facts, 5 culture parts, 3 more
