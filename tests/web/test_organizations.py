"""Organizations: the list with head counts, one organization's people, renaming it."""

from __future__ import annotations

from django.urls import reverse

from coffeechat.network.models import Organization

from .helpers import field_block, make_person, text


def _org(owner, name="City Climate Office"):
    return Organization.objects.get(owner=owner, name=name)


def test_it_shows_the_empty_state(owner_client):
    page = text(owner_client.get(reverse("organization-list")))
    assert "No organizations yet." in page


def test_it_lists_organizations_with_how_many_people_work_there(owner, owner_client, person):
    make_person(owner, "Ravi Okafor", organization_name="City Climate Office")
    make_person(owner, "Mina Park", organization_name="Harbor Transit")
    page = text(owner_client.get(reverse("organization-list")))
    assert ">City Climate Office</a></td><td>2</td>" in page
    assert ">Harbor Transit</a></td><td>1</td>" in page


def test_it_searches_organizations(owner, owner_client, person):
    make_person(owner, "Mina Park", organization_name="Harbor Transit")
    page = text(owner_client.get(reverse("organization-list"), {"q": "harbor"}))
    assert ">Harbor Transit</a>" in page and "City Climate Office" not in page
    page = text(owner_client.get(reverse("organization-list"), {"q": "zoo"}))
    assert "No organization matches “zoo”." in page


def test_it_shows_the_people_at_an_organization(owner, owner_client, person):
    make_person(owner, "Mina Park", organization_name="Harbor Transit")
    page = text(owner_client.get(reverse("organization-detail", args=[_org(owner).pk])))
    assert "<h1>City Climate Office</h1>" in page
    assert ">Dana Whitfield</a></td><td>Senior Policy Advisor</td><td>Senior</td>" in page
    assert "Mina Park" not in page


def test_it_renames_an_organization(owner, owner_client, person):
    organization = _org(owner)
    url = reverse("organization-edit", args=[organization.pk])
    body = {"name": "  City   Climate  Bureau ", "website": "https://climate.example.gov"}
    response = owner_client.post(url, body, follow=True)
    assert response.redirect_chain == [
        (reverse("organization-detail", args=[organization.pk]), 302)
    ]
    page = text(response)
    assert "Saved City Climate Bureau." in page
    assert '<a href="https://climate.example.gov" rel="noopener noreferrer">' in page
    organization.refresh_from_db()
    assert organization.name == "City Climate Bureau"
    assert "City Climate Bureau" in text(
        owner_client.get(reverse("person-detail", args=[person.pk]))
    )


def test_it_refuses_a_name_already_taken(owner, owner_client, person):
    make_person(owner, "Mina Park", organization_name="Harbor Transit")
    organization = _org(owner)
    response = owner_client.post(
        reverse("organization-edit", args=[organization.pk]), {"name": "harbor transit"}
    )
    assert response.status_code == 422
    assert "You already have an organization named harbor transit." in field_block(response, "name")
    organization.refresh_from_db()
    assert organization.name == "City Climate Office"


def test_it_refuses_a_website_that_is_not_a_link(owner, owner_client, person):
    organization = _org(owner)
    response = owner_client.post(
        reverse("organization-edit", args=[organization.pk]),
        {"name": "City Climate Office", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 422
    assert "Enter a valid URL." in field_block(response, "website")
    organization.refresh_from_db()
    assert organization.website == ""


def test_it_survives_a_nul_byte_in_the_search(owner_client, person):
    response = owner_client.get(reverse("organization-list"), {"q": "\x00"})
    assert response.status_code == 200
