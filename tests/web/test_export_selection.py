"""Exporting some people from the web: one person's card, or the matches of a search."""

from __future__ import annotations

import csv
import io

import vobject
from django.urls import reverse

from coffeechat.network.services import person_create
from tests.web.helpers import text


def names_in_csv(response) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    return sorted(row["Name"] for row in rows)


def test_a_person_page_offers_their_card_alone(owner_client, owner, person):
    person_create(actor=owner, name="Someone Else")
    page = text(owner_client.get(person.get_absolute_url()))
    link = f"{reverse('people-export-vcard')}?person={person.pk}"
    assert link in page
    cards = list(vobject.readComponents(owner_client.get(link).content.decode()))
    assert [card.fn.value for card in cards] == ["Dana Whitfield"]


def test_a_search_exports_only_its_matches(owner_client, owner, person):
    person_create(actor=owner, name="Ravi Okafor", organization_name="Harbor Bank")
    page = text(owner_client.get(reverse("people-list"), {"q": "Harbor"}))
    assert "Export these matches" in page
    response = owner_client.get(reverse("people-export-csv"), {"q": "Harbor"})
    assert names_in_csv(response) == ["Ravi Okafor"]
    everyone = owner_client.get(reverse("people-export-csv"))
    assert names_in_csv(everyone) == ["Dana Whitfield", "Ravi Okafor"]


def test_someone_elses_person_is_not_found_and_leaks_nothing(owner_client, outsider_client, person):
    url = reverse("people-export-vcard")
    response = outsider_client.get(url, {"person": person.pk})
    assert response.status_code == 404
    assert "Dana" not in response.content.decode()
    assert owner_client.get(url, {"person": "abc"}).status_code == 404
