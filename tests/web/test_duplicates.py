"""Likely duplicates: the review page, the merge confirmation, "Not the same person"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coffeechat.interviews.models import Interview
from coffeechat.network.models import DuplicateDismissal, Interaction, Person
from coffeechat.network.services import interaction_log
from tests.conftest import NOW

from .helpers import HTMX, make_interview, make_person, text


@pytest.fixture
def twins(owner):
    """Dana typed in twice: once with her history, once bare from a business card."""
    busy = make_person(
        owner,
        "Dana Whitfield",
        email="dana@example.org",
        title="Senior Policy Advisor",
        organization_name="City Climate Office",
    )
    make_interview(owner, busy, at=NOW)
    interaction_log(actor=owner, person=busy, kind="call", occurred_at=NOW)
    bare = make_person(
        owner, "Dana Whitfeld", phone="+1 555 0100", organization_name="City Climate Office"
    )
    return busy, bare


def test_it_shows_each_pair_side_by_side_with_why(owner_client, twins):
    busy, bare = twins
    page = text(owner_client.get(reverse("people-duplicates")))

    assert "1 pair of people who may be one person recorded twice." in page
    assert "<h2" in page and "Dana Whitfield and Dana Whitfeld</h2>" in page
    assert "Why: similar names at City Climate Office (Dana Whitfield / Dana Whitfeld)." in page
    rows = {
        label: cells for label, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', page)
    }
    assert re.findall(r"<td>([^<]*)</td>", rows["Title"]) == ["Senior Policy Advisor", "—"]
    assert re.findall(r"<td>([^<]*)</td>", rows["Email"]) == ["dana@example.org", "—"]
    assert re.findall(r"<td>([^<]*)</td>", rows["Interviews"]) == ["1", "0"]
    assert re.findall(r"<td>([^<]*)</td>", rows["Timeline entries"]) == ["1", "0"]


def test_it_offers_to_keep_the_one_with_more_history(owner_client, twins):
    busy, bare = twins
    page = text(owner_client.get(reverse("people-duplicates")))

    default = reverse("person-merge", args=[busy.pk, bare.pk])
    instead = reverse("person-merge", args=[bare.pk, busy.pk])
    assert f'<a class="button" href="{default}">Merge into Dana Whitfield (#{busy.pk})…</a>' in page
    assert f'href="{instead}">Merge into Dana Whitfeld (#{bare.pk}) instead…</a>' in page


def test_it_shows_what_will_move_before_merging(owner_client, twins):
    busy, bare = twins
    interaction_log(actor=bare.owner, person=bare, kind="note", occurred_at=NOW)
    page = text(owner_client.get(reverse("person-merge", args=[busy.pk, bare.pk])))

    assert "<h1>Merge Dana Whitfeld into Dana Whitfield?</h1>" in page
    assert "can't be undone" in page
    assert "1 timeline entry" in page
    assert "0 interviews with Dana Whitfeld" in page
    assert "<dt>Phone</dt><dd>+1 555 0100</dd>" in page
    assert f"Merge into Dana Whitfield (#{busy.pk})</button>" in page
    assert Person.objects.filter(pk=bare.pk).exists()  # looking changes nothing


def test_it_merges_on_confirmation_and_goes_to_the_person_kept(owner_client, twins):
    busy, bare = twins
    note = interaction_log(actor=bare.owner, person=bare, kind="note", occurred_at=NOW)

    response = owner_client.post(reverse("person-merge", args=[busy.pk, bare.pk]))

    assert response.status_code == 302
    assert response.url == busy.get_absolute_url()
    assert not Person.objects.filter(pk=bare.pk).exists()
    assert Interaction.objects.get(pk=note.pk).person_id == busy.pk
    assert Person.objects.get(pk=busy.pk).phone == "+1 555 0100"
    page = text(owner_client.get(response.url))
    assert "Merged Dana Whitfeld into Dana Whitfield: moved 1 timeline entry." in page
    assert "No likely duplicates." in text(owner_client.get(reverse("people-duplicates")))


def test_it_merges_the_other_way_when_asked(owner_client, twins):
    busy, bare = twins

    owner_client.post(reverse("person-merge", args=[bare.pk, busy.pk]))

    assert list(Person.objects.values_list("pk", flat=True)) == [bare.pk]
    assert Interview.objects.get().person_id == bare.pk
    assert Person.objects.get().email == "dana@example.org"


def test_it_forgets_a_pair_that_is_not_the_same_person(owner_client, twins):
    busy, bare = twins
    page = owner_client.get(reverse("people-duplicates"))
    assert (
        f'aria-label="Not the same person: Dana Whitfield (#{busy.pk}) and '
        f'Dana Whitfeld (#{bare.pk})">Not the same person</button>'
    ) in text(page)

    response = owner_client.post(
        reverse("duplicate-dismiss", args=[busy.pk, bare.pk]),
        {"next": reverse("people-duplicates")},
    )

    assert response.status_code == 302
    assert response.url == reverse("people-duplicates")
    page = text(owner_client.get(response.url))
    assert "Noted: Dana Whitfield and Dana Whitfeld are two people." in page
    assert "No likely duplicates." in page
    assert Person.objects.count() == 2


def test_it_removes_the_pair_in_place_for_htmx(owner_client, twins):
    busy, bare = twins

    response = owner_client.post(reverse("duplicate-dismiss", args=[bare.pk, busy.pk]), **HTMX)

    assert response.status_code == 200
    assert response.content == b""
    assert DuplicateDismissal.objects.filter(person_a=busy, person_b=bare).exists()


def test_it_pages_through_many_pairs(owner, owner_client):
    surnames = "Abbott Bauer Castillo Dubois Evans Fischer Garcia Haddad Ito Jansen Kaur Lopez"
    for n, surname in enumerate(surnames.split()):
        make_person(owner, f"Lee {surname}", email=f"lee{n}@example.org")
        make_person(owner, f"L. {surname}", email=f"lee{n}@example.org")

    first = text(owner_client.get(reverse("people-duplicates")))
    second = text(owner_client.get(reverse("people-duplicates"), {"page": 2}))

    assert "12 pairs" in first and "Page 1 of 2" in first
    assert first.count("Not the same person</button>") == 10
    assert second.count("Not the same person</button>") == 2


def test_it_shows_the_empty_state(owner_client, person):
    page = text(owner_client.get(reverse("people-duplicates")))
    assert "No likely duplicates." in page


def test_it_links_to_the_review_from_the_people_list(owner_client, twins):
    page = text(owner_client.get(reverse("people-list")))
    link = re.search(r'<a id="duplicates-link"[^>]*>[^<]*</a>', page).group(0)
    assert f'href="{reverse("people-duplicates")}"' in link
    assert f'hx-get="{reverse("people-duplicates-count")}"' in link

    counted = text(owner_client.get(reverse("people-duplicates-count"), **HTMX))
    review = reverse("people-duplicates")
    assert counted == f'<a id="duplicates-link" href="{review}">Likely duplicates (1)</a>'


def test_it_shows_no_count_when_there_is_nothing_to_review(owner_client, person):
    counted = text(owner_client.get(reverse("people-duplicates-count"), **HTMX))
    assert (
        counted
        == f'<a id="duplicates-link" href="{reverse("people-duplicates")}">Likely duplicates</a>'
    )


def test_it_gives_404_for_a_pair_of_one_person(owner_client, person):
    for name in ("person-merge", "duplicate-dismiss"):
        response = owner_client.post(reverse(name, args=[person.pk, person.pk]))
        assert response.status_code == 404
    assert Person.objects.filter(pk=person.pk).exists()


def test_it_gives_404_for_a_pair_with_someone_elses_person(owner, outsider, owner_client):
    mine = make_person(owner, "Dana Whitfield")
    theirs = make_person(outsider, "Dana Whitfield")

    for args in ([mine.pk, theirs.pk], [theirs.pk, mine.pk]):
        assert owner_client.get(reverse("person-merge", args=args)).status_code == 404
        assert owner_client.post(reverse("person-merge", args=args)).status_code == 404
        assert owner_client.post(reverse("duplicate-dismiss", args=args)).status_code == 404
    assert Person.objects.count() == 2
    assert not DuplicateDismissal.objects.exists()


def test_it_shows_an_outsider_none_of_the_owners_pairs(twins, outsider_client):
    page = text(outsider_client.get(reverse("people-duplicates")))
    assert "No likely duplicates." in page and "Dana" not in page
    counted = text(outsider_client.get(reverse("people-duplicates-count")))
    assert "(1)" not in counted
