"""People: the list, search, adding, editing and deleting someone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coffeechat.network.models import Organization, Person
from tests.conftest import NOW

from .helpers import HTMX, field_block, form_data, make_interview, make_person, text


@pytest.fixture
def team(owner):
    make_person(owner, "Ravi Okafor", title="Data Engineer", organization_name="Harbor Transit")
    make_person(owner, "Mina Park", email="mina@harbor.example", organization_name="Harbor Transit")
    make_person(owner, "Dana Whitfield", organization_name="City Climate Office")


def _new(client, **fields):
    return client.post(reverse("person-create"), {"name": "Lee Chen", **fields})


def test_it_shows_the_empty_state(owner_client):
    page = text(owner_client.get(reverse("people-list")))
    assert "No people yet." in page
    assert "Add your first person" in page


def test_it_lists_people_by_name_with_their_organization(owner_client, team):
    page = text(owner_client.get(reverse("people-list")))
    assert "3 people." in page
    assert page.index("Dana Whitfield") < page.index("Mina Park") < page.index("Ravi Okafor")
    assert "Harbor Transit" in page and "City Climate Office" in page


def test_it_paginates_the_list(owner, owner_client):
    for n in range(26):
        make_person(owner, f"Person {n:02}")
    first = text(owner_client.get(reverse("people-list")))
    assert "26 people." in first
    assert "Page 1 of 2" in first
    assert "Person 24" in first and "Person 25" not in first
    second = text(owner_client.get(reverse("people-list"), {"page": 2}))
    assert "Page 2 of 2" in second
    assert "Person 25" in second and "Person 24" not in second


def test_it_keeps_the_search_in_the_page_links(owner, owner_client):
    for n in range(26):
        make_person(owner, f"Analyst {n:02}")
    make_person(owner, "Zed Outlier")
    page = text(owner_client.get(reverse("people-list"), {"q": "analyst"}))
    assert "26 matches for “analyst”." in page
    assert 'href="?q=analyst&page=2"' in page


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("whitfield", ["Dana Whitfield"], ["Ravi Okafor", "Mina Park"]),
        ("harbor transit", ["Ravi Okafor", "Mina Park"], ["Dana Whitfield"]),
        ("engineer", ["Ravi Okafor"], ["Mina Park", "Dana Whitfield"]),
        ("mina@harbor", ["Mina Park"], ["Ravi Okafor", "Dana Whitfield"]),
    ],
    ids=["name", "organization", "title", "email"],
)
def test_it_searches_by_name_organization_title_and_email(
    owner_client, team, query, found, not_found
):
    page = text(owner_client.get(reverse("people-list"), {"q": query}))
    for name in found:
        assert f">{name}</a>" in page
    for name in not_found:
        assert f">{name}</a>" not in page


def test_it_says_when_no_one_matches(owner_client, team):
    page = text(owner_client.get(reverse("people-list"), {"q": "astronaut"}))
    assert "No one matches “astronaut”." in page


def test_it_answers_an_htmx_search_with_only_the_results(owner_client, team):
    response = owner_client.get(reverse("people-list"), {"q": "harbor"}, **HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert "<h1>" not in page and 'role="search"' not in page
    assert page.strip().startswith('<div id="results">')
    assert "2 matches for “harbor”." in page
    assert ">Ravi Okafor</a>" in page and ">Dana Whitfield</a>" not in page


def test_it_shows_the_add_form(owner_client):
    response = owner_client.get(reverse("person-create"))
    assert response.status_code == 200
    page = text(response)
    assert "Add a person" in page
    for label in ("Organization", "Introduced by", "Tags"):
        assert f">{label}" in page


def test_it_adds_a_person_with_organization_tags_and_introducer(owner, owner_client, person):
    response = _new(
        owner_client,
        email="lee@harbor.example",
        title="Head of Planning",
        organization_name="Harbor Transit",
        tags_text="Transit, planning, transit",
        introduced_by_ref="dana whitfield",
    )
    lee = Person.objects.get(owner=owner, name="Lee Chen")
    assert response.status_code == 302
    assert response.url == reverse("person-detail", args=[lee.pk])
    assert lee.organization.name == "Harbor Transit"
    assert sorted(t.name for t in lee.tags.all()) == ["planning", "transit"]
    assert lee.introduced_by == person

    page = text(owner_client.get(response.url))
    assert "Added Lee Chen." in page
    assert ">Harbor Transit</a>" in page
    assert '<span class="tag">planning</span>' in page
    assert ">Dana Whitfield</a>" in page  # introduced by


def test_it_reuses_an_existing_organization_whatever_its_case(owner, owner_client, person):
    _new(owner_client, organization_name="city climate office")
    assert Organization.objects.filter(owner=owner).count() == 1
    assert Person.objects.get(name="Lee Chen").organization == person.organization


def test_it_refuses_an_invalid_email_next_to_the_field(owner_client):
    response = _new(owner_client, email="not-an-email")
    assert response.status_code == 422
    block = field_block(response, "email")
    assert 'class="field invalid"' in block
    assert "Enter a valid email address." in block
    assert 'value="not-an-email"' in block  # what they typed is kept
    assert not Person.objects.exists()


def test_it_refuses_an_introducer_it_does_not_know(owner_client, outsider):
    # Someone in another user's network is as unknown as someone in nobody's.
    make_person(outsider, "Olive Stranger")
    response = _new(owner_client, introduced_by_ref="Olive Stranger")
    assert response.status_code == 422
    assert "No one among your people matches 'Olive Stranger'." in field_block(
        response, "introduced_by_ref"
    )
    assert not Person.objects.filter(name="Lee Chen").exists()


def test_it_refuses_a_person_without_a_name(owner_client):
    response = owner_client.post(reverse("person-create"), {"name": "  "})
    assert response.status_code == 422
    assert "This field is required." in field_block(response, "name")
    assert not Person.objects.exists()


@pytest.mark.parametrize("view", ["person-create", "person-edit"])
def test_it_refuses_a_keep_in_touch_cadence_of_zero_days(owner_client, person, view):
    url = reverse(view, args=[person.pk] if view == "person-edit" else [])
    body = {"name": "Lee Chen", "keep_in_touch": "on", "keep_in_touch_days": "0"}
    response = owner_client.post(url, body)
    assert response.status_code == 422
    assert not Person.objects.filter(name="Lee Chen").exists()


def test_it_survives_a_nul_byte_in_the_search(owner_client, team):
    response = owner_client.get(reverse("people-list"), {"q": "Dana\x00"})
    assert response.status_code == 200


def test_it_shows_the_edit_form_filled_in(owner, owner_client, person):
    lee = make_person(owner, "Lee Chen", introduced_by=person, tags=["transit", "planning"])
    data = form_data(owner_client.get(reverse("person-edit", args=[lee.pk])), "name")
    assert data["name"] == "Lee Chen"
    assert data["introduced_by_ref"] == "Dana Whitfield <dana@example.org>"
    assert data["tags_text"] == "planning, transit"


def test_it_keeps_everything_when_the_edit_form_is_saved_with_one_change(
    owner, owner_client, person
):
    lee = make_person(
        owner,
        "Lee Chen",
        email="lee@harbor.example",
        phone="+1 555 0100",
        title="Head of Planning",
        organization_name="Harbor Transit",
        introduced_by=person,
        tags=["transit"],
        notes="Met at the transit summit.\nLikes trains.",
        how_met="Summit panel",
        is_mentor=True,
        keep_in_touch=True,
        keep_in_touch_days=30,
        seniority="senior",
    )
    url = reverse("person-edit", args=[lee.pk])
    data = form_data(owner_client.get(url), "name")
    data["title"] = "Director of Planning"
    response = owner_client.post(url, data)
    assert response.status_code == 302

    lee.refresh_from_db()
    assert lee.title == "Director of Planning"
    assert lee.email == "lee@harbor.example"
    assert lee.phone == "+1 555 0100"
    assert lee.organization.name == "Harbor Transit"
    assert lee.introduced_by == person
    assert [t.name for t in lee.tags.all()] == ["transit"]
    assert lee.notes == "Met at the transit summit.\nLikes trains."
    assert lee.how_met == "Summit panel"
    assert (lee.is_mentor, lee.keep_in_touch, lee.keep_in_touch_days) == (True, True, 30)
    assert (lee.seniority, lee.seniority_confirmed) == ("senior", True)
    assert "Saved Lee Chen." in text(owner_client.get(response.url))


def test_it_refuses_to_make_someone_their_own_introducer(owner_client, person):
    url = reverse("person-edit", args=[person.pk])
    data = form_data(owner_client.get(url), "name")
    data["introduced_by_ref"] = "dana@example.org"
    response = owner_client.post(url, data)
    assert response.status_code == 422
    assert "Someone can't introduce you to themselves." in text(response)
    person.refresh_from_db()
    assert person.introduced_by is None


def test_it_asks_before_deleting(owner, owner_client, person):
    make_interview(owner, person, at=NOW)
    response = owner_client.get(reverse("person-delete", args=[person.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Delete Dana Whitfield?" in page
    assert "1 interview and 0 timeline entries" in page
    assert Person.objects.filter(pk=person.pk).exists()


def test_it_deletes_on_post(owner, owner_client, person):
    make_interview(owner, person, at=NOW)
    response = owner_client.post(reverse("person-delete", args=[person.pk]), follow=True)
    assert response.redirect_chain == [(reverse("people-list"), 302)]
    assert "Deleted Dana Whitfield with their interviews and timeline." in text(response)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not owner.interviews.exists()


def test_it_saves_an_edit_when_the_introducer_now_shares_a_name(owner, owner_client):
    intro = make_person(owner, "Sam Lee")
    person = make_person(owner, "Kai Moreno", introduced_by=intro)
    make_person(owner, "Sam Lee")  # a second Sam Lee, added later, no email to tell apart
    url = reverse("person-edit", args=[person.pk])
    data = form_data(owner_client.get(url), "introduced_by_ref")
    data["title"] = "Research Lead"
    response = owner_client.post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.title, person.introduced_by_id) == ("Research Lead", intro.pk)


def test_it_adds_an_organization_from_its_own_form(owner_client):
    response = owner_client.post(
        reverse("organization-create"), {"name": "Harbor Labs", "website": "harbor.example"}
    )
    organization = Organization.objects.get(name="Harbor Labs")
    assert response.status_code == 302
    assert response.url == reverse("organization-detail", args=[organization.pk])
    assert organization.website == "https://harbor.example"


def test_it_asks_before_deleting_an_organization(owner, owner_client):
    make_person(owner, "Kai", organization_name="Harbor Labs")
    organization = Organization.objects.get()
    url = reverse("organization-delete", args=[organization.pk])
    assert "stay in your network" in text(owner_client.get(url))
    assert Organization.objects.exists()
    assert owner_client.post(url).status_code == 302
    assert not Organization.objects.exists()
    assert Person.objects.get().organization is None
