"""Adding, editing and finding people (coffeechat.network.services)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coffeechat.network.models import Organization, Person, Tag
from coffeechat.network.services import person_create, person_find, person_update
from tests.services.support import network_counts

pytestmark = pytest.mark.django_db


def stored(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


# --- seniority: a guess from the title, until the user chooses -----------------------------


def test_it_guesses_seniority_from_the_title(owner):
    people = {
        title: person_create(actor=owner, name=f"Someone {i}", title=title)
        for i, title in enumerate(["VP of Engineering", "Data Analyst", "Product Designer", ""])
    }
    assert {title: stored(p).seniority for title, p in people.items()} == {
        "VP of Engineering": "executive",
        "Data Analyst": "junior",
        "Product Designer": "mid",
        "": "unknown",
    }
    assert not any(stored(p).seniority_confirmed for p in people.values())


def test_it_keeps_the_seniority_the_user_chose_when_the_title_changes(owner):
    person = person_create(actor=owner, name="Ada", title="Director of Operations", seniority="mid")
    assert (stored(person).seniority, stored(person).seniority_confirmed) == ("mid", True)

    person_update(actor=owner, person=person, title="Chief Operating Officer")

    assert stored(person).title == "Chief Operating Officer"
    assert stored(person).seniority == "mid"


def test_it_guesses_again_when_the_title_changes_and_the_user_never_chose(owner, person):
    assert stored(person).seniority == "senior"  # "Senior Policy Advisor"

    person_update(actor=owner, person=person, title="Policy Analyst")

    assert stored(person).seniority == "junior"
    assert not stored(person).seniority_confirmed


def test_it_stops_guessing_once_the_user_sets_seniority_on_an_edit(owner, person):
    person_update(actor=owner, person=person, seniority="executive")
    person_update(actor=owner, person=person, title="Intern")

    assert (stored(person).seniority, stored(person).seniority_confirmed) == ("executive", True)


# --- organizations and tags -----------------------------------------------------------------


def test_it_creates_an_organization_once_whatever_the_case(owner, outsider):
    first = person_create(actor=owner, name="Ada", organization_name="Acme")
    second = person_create(actor=owner, name="Bo", organization_name="acme")
    third = person_create(actor=owner, name="Cy", organization_name="  ACME  ")
    theirs = person_create(actor=outsider, name="Di", organization_name="Acme")

    assert stored(first).organization_id == stored(second).organization_id
    assert stored(third).organization_id == stored(first).organization_id
    assert list(Organization.objects.filter(owner=owner).values_list("name", flat=True)) == ["Acme"]
    # The outsider's Acme is their own organization, not the owner's.
    assert stored(theirs).organization.owner == outsider
    assert stored(theirs).organization_id != stored(first).organization_id


def test_it_moves_someone_to_an_existing_organization_on_an_edit(owner, person):
    before = person.organization_id
    other = person_create(actor=owner, name="Ada", organization_name="Lumen Health")

    person_update(actor=owner, person=person, organization_name="LUMEN health")

    assert stored(person).organization_id == other.organization_id != before
    assert Organization.objects.filter(owner=owner).count() == 2


def test_it_tags_people_with_shared_lowercase_tags(owner):
    ada = person_create(actor=owner, name="Ada", tags="Climate, policy, climate")
    bo = person_create(actor=owner, name="Bo", tags=["CLIMATE", " data  science "])

    assert sorted(stored(ada).tags.values_list("name", flat=True)) == ["climate", "policy"]
    assert sorted(stored(bo).tags.values_list("name", flat=True)) == ["climate", "data science"]
    assert Tag.objects.filter(owner=owner).count() == 3


def test_it_replaces_and_clears_tags_on_an_edit(owner):
    ada = person_create(actor=owner, name="Ada", tags="climate, policy")

    person_update(actor=owner, person=ada, tags="data")
    assert list(stored(ada).tags.values_list("name", flat=True)) == ["data"]

    person_update(actor=owner, person=ada, title="Analyst")  # tags not given: kept
    assert list(stored(ada).tags.values_list("name", flat=True)) == ["data"]

    person_update(actor=owner, person=ada, tags="")
    assert not stored(ada).tags.exists()


def test_it_refuses_a_tag_longer_than_50_characters(owner):
    before = network_counts()
    with pytest.raises(ValidationError) as caught:
        person_create(actor=owner, name="Ada", tags=["ok", "x" * 51])
    assert "tags" in caught.value.message_dict
    assert network_counts() == before


# --- who introduced whom --------------------------------------------------------------------


def test_it_records_who_introduced_someone(owner, person):
    priya = person_create(actor=owner, name="Priya Raman", introduced_by=person)

    assert stored(priya).introduced_by == person
    assert list(person.introduced.all()) == [priya]


def test_it_refuses_an_introducer_from_another_users_network(owner, outsider):
    stranger = person_create(actor=outsider, name="Mallory's friend")
    before = network_counts()

    with pytest.raises(ValidationError) as caught:
        person_create(actor=owner, name="Priya", introduced_by=stranger, organization_name="New")

    assert "introduced_by" in caught.value.message_dict
    assert network_counts() == before


def test_it_refuses_an_introducer_from_another_users_network_on_an_edit(owner, outsider, person):
    stranger = person_create(actor=outsider, name="Mallory's friend")

    with pytest.raises(ValidationError) as caught:
        person_update(actor=owner, person=person, introduced_by=stranger)

    assert "introduced_by" in caught.value.message_dict
    assert stored(person).introduced_by is None


def test_it_refuses_someone_introducing_themselves(owner, person):
    with pytest.raises(ValidationError) as caught:
        person_update(actor=owner, person=person, introduced_by=person)

    assert "introduced_by" in caught.value.message_dict
    assert stored(person).introduced_by is None


def test_it_refuses_to_edit_another_users_person(owner, outsider, person):
    with pytest.raises(ValidationError):
        person_update(actor=outsider, person=person, name="Taken over")

    assert stored(person).name == "Dana Whitfield"


# --- bad contact details ---------------------------------------------------------------------


BAD_DETAILS = [
    ("email", "dana(at)example.org"),
    ("linkedin_url", "linkedin dana"),
    ("phone", "call me maybe"),
]


@pytest.mark.parametrize(("field", "value"), BAD_DETAILS, ids=[f for f, _ in BAD_DETAILS])
def test_it_refuses_bad_contact_details_and_saves_nothing(owner, field, value):
    before = network_counts()

    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=owner,
            name="Ada",
            organization_name="Brand New Org",
            tags="brand-new-tag",
            **{field: value},
        )

    assert list(caught.value.message_dict) == [field]
    # Neither the person nor the organization and tag made along the way are kept.
    assert network_counts() == before


@pytest.mark.parametrize(("field", "value"), BAD_DETAILS, ids=[f for f, _ in BAD_DETAILS])
def test_it_leaves_a_person_unchanged_when_an_edit_is_refused(owner, person, field, value):
    before = network_counts()
    row = Person.objects.filter(pk=person.pk).values().get()

    with pytest.raises(ValidationError) as caught:
        person_update(
            actor=owner,
            person=person,
            title="Chief Executive Officer",
            organization_name="Brand New Org",
            tags="brand-new-tag",
            **{field: value},
        )

    assert list(caught.value.message_dict) == [field]
    assert Person.objects.filter(pk=person.pk).values().get() == row
    assert network_counts() == before


def test_it_requires_a_name(owner):
    with pytest.raises(ValidationError) as caught:
        person_create(actor=owner, name="   ")

    assert "name" in caught.value.message_dict
    assert Person.objects.count() == 0


def test_it_accepts_ordinary_contact_details(owner):
    ada = person_create(
        actor=owner,
        name="  Ada   Lovelace ",
        email=" ada@example.org ",
        phone="+44 (0)20 7946-0000",
        linkedin_url="https://www.linkedin.com/in/ada",
    )

    saved = stored(ada)
    assert (saved.name, saved.email, saved.phone) == (
        "Ada Lovelace",
        "ada@example.org",
        "+44 (0)20 7946-0000",
    )


# --- finding someone -------------------------------------------------------------------------


@pytest.fixture
def ada(owner):
    return person_create(
        actor=owner,
        name="Ada Lovelace",
        email="ada@example.org",
        linkedin_url="https://www.linkedin.com/in/ada-lovelace",
    )


def test_it_finds_someone_by_id(owner, person, ada):
    assert person_find(actor=owner, ref=str(ada.pk)) == ada


def test_it_finds_someone_by_email_in_any_case_or_with_their_name(owner, person, ada):
    assert person_find(actor=owner, ref="ADA@example.org") == ada
    assert person_find(actor=owner, ref="Ada Lovelace <ada@example.org>") == ada


def test_it_finds_someone_by_linkedin_url(owner, person, ada):
    assert person_find(actor=owner, ref="https://www.linkedin.com/in/ada-lovelace") == ada


def test_it_finds_someone_by_name_whatever_the_case_and_spacing(owner, person, ada):
    assert person_find(actor=owner, ref="  ada   LOVELACE ") == ada


def test_it_says_when_a_name_matches_several_people(owner, ada):
    person_create(actor=owner, name="Ada Lovelace", email="countess@example.org")

    with pytest.raises(ValidationError) as caught:
        person_find(actor=owner, ref="Ada Lovelace")

    message = " ".join(caught.value.messages)
    assert "Several of your people match 'Ada Lovelace'" in message
    assert "by email" in message
    # The hint works: naming one by email finds exactly that one.
    assert person_find(actor=owner, ref="Ada Lovelace <countess@example.org>").email == (
        "countess@example.org"
    )


@pytest.mark.parametrize("ref", ["Grace Hopper", "grace@example.org", "999999"])
def test_it_says_when_no_one_matches(owner, ada, ref):
    with pytest.raises(ValidationError) as caught:
        person_find(actor=owner, ref=ref)

    assert caught.value.messages == [f"No one among your people matches {ref!r}."]


def test_it_asks_for_a_reference_when_given_none(owner, ada):
    with pytest.raises(ValidationError) as caught:
        person_find(actor=owner, ref="  ")

    assert "an id, an email, a LinkedIn URL or their name" in caught.value.messages[0]


def test_it_never_finds_another_users_person(owner, outsider, ada):
    for ref in (str(ada.pk), "ada@example.org", "Ada Lovelace", ada.linkedin_url):
        with pytest.raises(ValidationError):
            person_find(actor=outsider, ref=ref)
