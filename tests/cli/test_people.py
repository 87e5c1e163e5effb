"""`coffeechat people add` and `coffeechat people list`."""

from __future__ import annotations

import pytest

from coffeechat.network.models import Person
from coffeechat.network.services import person_create


def test_it_adds_a_person_and_says_the_seniority_it_guessed(cli, owner):
    result = cli("people", "add", "Luca Romano", "--title", "Chief Executive Officer")

    assert result.code == 0, result.err
    luca = Person.objects.get(owner=owner, name="Luca Romano")
    assert result.out.strip() == f"Added Luca Romano (#{luca.pk}, seniority: executive)."
    assert luca.seniority == "executive"


@pytest.mark.parametrize(
    ("title", "seniority", "shown"),
    [
        ("Senior Policy Advisor", "senior", "senior"),
        ("Junior Analyst", "junior", "junior"),
        ("Product Designer", "mid", "mid-level"),
        (None, "unknown", "unknown"),
    ],
)
def test_it_guesses_seniority_from_the_title(cli, owner, title, seniority, shown):
    extra = ["--title", title] if title else []

    human = cli("people", "add", "Sam Okafor", *extra)
    as_json = cli("people", "add", "Sam Okafor", *extra, "--json")

    assert f"seniority: {shown})" in human.out
    assert as_json.json()["seniority"] == seniority


def test_it_adds_a_person_with_every_field_as_json(cli, owner):
    result = cli(
        "people",
        "add",
        "  Priya   Raman ",
        "--email",
        "priya@example.org",
        "--org",
        "Northwind Transit",
        "--title",
        "Engineering Manager",
        "--linkedin",
        "https://www.linkedin.com/in/priya-raman",
        "--phone",
        "+1 555 0100",
        "--json",
    )

    data = result.json()
    priya = Person.objects.get(owner=owner)
    assert data == {
        "id": priya.pk,
        "name": "Priya Raman",
        "email": "priya@example.org",
        "phone": "+1 555 0100",
        "linkedin_url": "https://www.linkedin.com/in/priya-raman",
        "title": "Engineering Manager",
        "organization": "Northwind Transit",
        "seniority": "mid",
        "last_contacted_at": None,
    }
    assert priya.organization.owner == owner


def test_it_finds_an_added_person_with_search(cli, owner):
    cli("people", "add", "Grace Lindqvist", "--org", "Fieldnote Labs", "--title", "UX Researcher")
    cli("people", "add", "Kwame Mensah", "--org", "Lumen Health", "--title", "Software Engineer")

    found = cli("people", "list", "--search", "fieldnote", "--json").json()

    assert [p["name"] for p in found] == ["Grace Lindqvist"]
    assert found[0]["organization"] == "Fieldnote Labs"
    assert found[0]["title"] == "UX Researcher"


@pytest.mark.parametrize("query", ["dana", "WHITFIELD", "dana@example", "policy", "climate office"])
def test_it_searches_name_email_title_and_organization(cli, person, query):
    found = cli("people", "list", "-s", query, "--json").json()

    assert [p["id"] for p in found] == [person.pk]


def test_it_lists_people_as_a_table(cli, owner, person):
    person_create(actor=owner, name="Ines Carvalho", title="Data Analyst")

    result = cli("people", "list")

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    header = next(line for line in lines if "name" in line)
    for column in ("id", "name", "title", "organization", "last contacted"):
        assert column in header
    dana = next(line for line in lines if "Dana Whitfield" in line)
    assert str(person.pk) in dana
    assert "Senior Policy Advisor" in dana
    assert "City Climate Office" in dana
    assert "never" in dana
    ines = next(line for line in lines if "Ines Carvalho" in line)
    assert "—" in ines  # no organization
    # By name: Dana before Ines.
    assert result.out.index("Dana Whitfield") < result.out.index("Ines Carvalho")


def test_it_lists_people_as_json(cli, owner, person):
    data = cli("people", "list", "--json").json()

    assert data == [
        {
            "id": person.pk,
            "name": "Dana Whitfield",
            "email": "dana@example.org",
            "phone": "",
            "linkedin_url": "",
            "title": "Senior Policy Advisor",
            "organization": "City Climate Office",
            "seniority": "senior",
            "last_contacted_at": None,
        }
    ]


def test_it_says_how_to_add_someone_when_the_list_is_empty(cli, owner):
    result = cli("people", "list")

    assert result.code == 0
    assert "No people yet" in result.out
    assert "coffeechat people add NAME" in result.out
    assert cli("people", "list", "--json").json() == []


def test_it_says_when_no_one_matches(cli, person):
    result = cli("people", "list", "--search", "zzz")

    assert result.code == 0
    assert result.out.strip() == "No one matches."


def test_it_says_when_the_list_is_cut_short(cli, owner, person):
    person_create(actor=owner, name="Ines Carvalho")

    result = cli("people", "list", "--limit", "1")

    assert "Dana Whitfield" in result.out and "Ines Carvalho" not in result.out
    assert "Showing 1 of 2" in result.out
    assert len(cli("people", "list", "--limit", "0", "--json").json()) == 2


def test_it_never_lists_another_users_people(cli, person, outsider):
    person_create(actor=outsider, name="Mallory's Contact", title="Senior Advisor")

    mine = cli("--user", "alice", "people", "list", "--json").json()
    theirs = cli("--user", "mallory", "people", "list", "--search", "advisor", "--json").json()

    assert [p["name"] for p in mine] == ["Dana Whitfield"]
    assert [p["name"] for p in theirs] == ["Mallory's Contact"]


def test_it_refuses_an_invalid_email_in_one_line(cli, owner):
    result = cli("people", "add", "Dana", "--email", "not-an-email")

    assert result.code == 1
    assert result.error.startswith("coffeechat: error: email:")
    assert not Person.objects.exists()


def test_it_refuses_a_blank_name(cli, owner):
    result = cli("people", "add", "   ")

    assert result.code == 1
    assert "name" in result.error and "required" in result.error
    assert not Person.objects.exists()


def test_names_print_as_they_are_even_with_brackets(cli, owner):
    # Rich would read "[/x]" as a closing tag and fail after the person was saved.
    added = cli("people", "add", "Dana [/x] [b]Lee")
    assert added.code == 0, added.err
    assert added.out.startswith("Added Dana [/x] [b]Lee (#")
    listed = cli("people", "list")
    assert "Dana [/x] [b]Lee" in listed.out
