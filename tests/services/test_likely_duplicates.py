"""Finding likely duplicates among the user's people (coffeechat.network.duplicates)."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.network import duplicates
from coffeechat.network.duplicates import count_likely_duplicates, likely_duplicates
from coffeechat.network.merging import duplicate_dismiss
from coffeechat.network.services import interaction_log, person_create
from tests.services.support import open_interview


def pairs(actor, **kwargs) -> list[tuple[str, str, int, str]]:
    return [(d.a.name, d.b.name, d.score, d.reason) for d in likely_duplicates(actor, **kwargs)]


def add(owner, name, **fields):
    return person_create(actor=owner, name=name, **fields)


@pytest.mark.django_db
def test_it_offers_two_records_that_share_an_email_as_certain(owner):
    add(owner, "Dana Whitfield", email="dana@example.org")
    add(owner, "D. Whitfield", email="Dana@Example.org")

    assert pairs(owner) == [
        ("Dana Whitfield", "D. Whitfield", 100, "the same email (dana@example.org)")
    ]


@pytest.mark.django_db
def test_it_offers_the_same_linkedin_profile_however_it_was_typed(owner):
    add(owner, "Dana Whitfield", linkedin_url="https://www.linkedin.com/in/dana-w/")
    add(owner, "Dana W", linkedin_url="http://linkedin.com/in/dana-w")

    assert pairs(owner) == [("Dana Whitfield", "Dana W", 100, "the same LinkedIn profile")]


@pytest.mark.django_db
def test_it_offers_the_same_name_at_the_same_organization_as_certain(owner):
    add(owner, "José Ruiz", organization_name="Acme")
    add(owner, "jose  ruiz", organization_name="ACME")

    assert pairs(owner) == [("José Ruiz", "jose ruiz", 100, "the same name at Acme")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second", "score"),
    [
        ("Jon Smith", "Jonathan Smith", 90),
        ("J. Smith", "Jane Smith", 86),
        ("Jon Smith", "John Smith", 92),
        ("Jhon Smith", "John Smith", 92),
        ("Dana Whitfield", "Dana Whitfeld", 92),
        ("Dana Whitfield", "Dana Whtifeld", 87),
        ("Catherine Lee", "Katherine Lee", 92),
        ("Mary Lee", "Mary Ann Lee", 92),
        ("Smith, Jon", "Jon Smith", 100),
    ],
)
def test_it_offers_similar_names_at_one_organization(owner, first, second, score):
    add(owner, first, organization_name="Acme")
    add(owner, second, organization_name="Acme")

    assert pairs(owner) == [(first, second, score, f"similar names at Acme ({first} / {second})")]


@pytest.mark.django_db
def test_it_says_when_one_of_the_two_has_no_organization(owner):
    add(owner, "Priya Raman", organization_name="Northwind Transit")
    add(owner, "Priya Raman", email="priya@gmail.com")
    add(owner, "Kwame Mensah", organization_name="Lumen Health")
    add(owner, "Kwame Mensa")

    assert pairs(owner) == [
        ("Priya Raman", "Priya Raman", 95, "the same name, and one has no organization"),
        (
            "Kwame Mensah",
            "Kwame Mensa",
            87,
            "similar names (Kwame Mensah / Kwame Mensa), and one has no organization",
        ),
    ]


@pytest.mark.django_db
def test_it_reads_a_shared_work_email_domain_as_a_shared_employer(owner):
    add(owner, "Grace Lindqvist", email="grace@fieldnote.example")
    add(owner, "Grace Lindquist", email="g.lindquist@fieldnote.example")
    add(owner, "Sam Okafor", email="sam@gmail.com")
    add(owner, "Sam Okafr", email="okafor.sam@gmail.com")

    assert [(a, b, reason) for a, b, _, reason in pairs(owner)] == [
        (
            "Grace Lindqvist",
            "Grace Lindquist",
            "the same email domain (fieldnote.example) and similar names "
            "(Grace Lindqvist / Grace Lindquist)",
        ),
        (
            "Sam Okafor",
            "Sam Okafr",
            "similar names (Sam Okafor / Sam Okafr), and neither has an organization",
        ),
    ]


@pytest.mark.django_db
def test_it_asks_about_the_same_name_at_two_organizations_as_a_new_job(owner):
    add(owner, "Luca Romano", organization_name="Acme", email="luca@acme.example")
    add(owner, "Luca Romano", organization_name="Globex")

    assert pairs(owner) == [
        ("Luca Romano", "Luca Romano", 70, "the same name at Acme and at Globex (a new job?)")
    ]


@pytest.mark.django_db
def test_it_leaves_alone_people_who_are_plainly_different(owner):
    # Two LinkedIn profiles are two people, whatever their names.
    add(owner, "Wei Zhang", linkedin_url="https://linkedin.com/in/wei-zhang-1")
    add(owner, "Wei Zhang", linkedin_url="https://linkedin.com/in/wei-zhang-2")
    # Two work emails at two employers.
    add(owner, "Ana Silva", organization_name="Acme", email="ana@acme.example")
    add(owner, "Ana Silva", organization_name="Globex", email="ana@globex.example")
    # Colleagues who share a last name: a name, not a slip, tells them apart.
    add(owner, "Jon Park", organization_name="Acme")
    add(owner, "Jin Park", organization_name="Acme")
    add(owner, "Mark Chen", organization_name="Acme")
    add(owner, "Mary Chen", organization_name="Acme")
    add(owner, "Tomas Novak", organization_name="Acme")
    add(owner, "Tomas Nowak-Lee", organization_name="Acme")

    assert pairs(owner) == []


@pytest.mark.django_db
def test_it_finds_the_one_typed_in_among_many_namesakes_from_linkedin(owner):
    for n in range(duplicates.BIG_GROUP + 3):
        add(owner, "David Smith", linkedin_url=f"https://linkedin.com/in/david-smith-{n}")
    at_acme = add(
        owner, "David Smith", linkedin_url="https://linkedin.com/in/ds", organization_name="Acme"
    )
    typed_in = add(owner, "David Smith", organization_name="Acme", phone="+1 555 0100")

    found = [(d.a, d.b, d.score) for d in likely_duplicates(owner)]

    assert found[0] == (at_acme, typed_in, 100)
    assert all(typed_in in (a, b) for a, b, _ in found)


@pytest.mark.django_db
def test_it_stops_offering_a_pair_the_user_said_are_two_people(owner):
    first = add(owner, "Lee Chen")
    second = add(owner, "Lee Chen")
    third = add(owner, "Lee Chen")
    assert count_likely_duplicates(owner) == 3

    duplicate_dismiss(actor=owner, a=second, b=first)

    assert {(d.a.pk, d.b.pk) for d in likely_duplicates(owner)} == {
        (first.pk, third.pk),
        (second.pk, third.pk),
    }


@pytest.mark.django_db
def test_it_keeps_only_pairs_touching_the_people_asked_about(owner):
    add(owner, "Lee Chen")
    add(owner, "Lee Chen")
    dana = add(owner, "Dana Whitfield", organization_name="Acme")
    twin = add(owner, "Dana Whitfeld", organization_name="Acme")

    assert count_likely_duplicates(owner, among=[twin.pk]) == 1
    assert [(d.a, d.b) for d in likely_duplicates(owner, among={twin.pk})] == [(dana, twin)]
    assert count_likely_duplicates(owner, among=[]) == 0
    assert count_likely_duplicates(owner) == 2


@pytest.mark.django_db
def test_it_lists_the_most_likely_first_and_reads_people_only_for_what_is_shown(
    owner, django_assert_num_queries
):
    add(owner, "Kwame Mensah", organization_name="Lumen Health")
    add(owner, "Kwame Mensa")
    add(owner, "Dana Whitfield", email="dana@example.org")
    add(owner, "Dana W.", email="dana@example.org")

    found = likely_duplicates(owner, limit=1)

    assert len(found) == 1
    with django_assert_num_queries(1):
        (best,) = found[:1]
    assert (best.a.name, best.b.name, best.score) == ("Dana Whitfield", "Dana W.", 100)


@pytest.mark.django_db
def test_it_counts_each_persons_history_for_choosing_whom_to_keep(owner):
    busy = add(owner, "Dana Whitfield", email="dana@example.org")
    quiet = add(owner, "Dana W.", email="dana@example.org")
    open_interview(owner, busy)
    interaction_log(actor=owner, person=busy, kind="note")
    interaction_log(actor=owner, person=busy, kind="call")

    (pair,) = likely_duplicates(owner)

    assert (pair.a.interview_count, pair.a.interaction_count) == (1, 2)
    assert (pair.b.interview_count, pair.b.interaction_count) == (0, 0)
    assert duplicates.more_history_first(pair.b, pair.a) == (busy, quiet)


@pytest.mark.django_db
def test_it_never_pairs_someone_with_another_users_person(owner, outsider):
    add(owner, "Dana Whitfield", email="dana@example.org")
    add(outsider, "Dana Whitfield", email="dana@example.org")

    assert pairs(owner) == [] and pairs(outsider) == []


# --- blocking: comparing within blocks finds what comparing everyone would ---------------
#
# Blocks are people who share a whole first or last name and the other's initial, or an
# organization or work email domain and a last initial. So a pair is found when the two
# spell one of their names alike; two records with slips in both names, and nothing else
# in common, are not.

# No two of these are a slip apart ("jon"/"john" would be a slip in the first name).
FIRST = ["jon", "jonathan", "dana", "mary", "priya", "katherine"]
LAST = ["smith", "whitfield", "lee", "raman", "novak"]


def _slip(word: str, at: int, letter: str) -> str:
    at = 1 + at % (len(word) - 1)  # never the initial, which blocks share
    return word[:at] + letter + word[at + 1 :]


record = st.tuples(
    st.sampled_from(FIRST),
    st.sampled_from(LAST),
    st.none() | st.tuples(st.integers(0, 20), st.sampled_from("aeiouxz")),
    st.sampled_from([None, 1, 2]),  # organization
    st.sampled_from(["", "a@acme.example", "b@acme.example", "c@gmail.com"]),
    st.sampled_from(["", "linkedin.com/in/a", "linkedin.com/in/b"]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.booleans(),
    st.lists(record, min_size=2, max_size=duplicates.BIG_GROUP),
    st.sets(st.integers(0, duplicates.BIG_GROUP - 1), max_size=3),
)
def test_it_finds_the_same_pairs_as_comparing_everyone_with_everyone(slip_in_first, records, focus):
    people = []
    for pk, (first, last, slip, org, email, url) in enumerate(records, start=1):
        if slip and slip_in_first:
            first = _slip(first, *slip)
        elif slip:
            last = _slip(last, *slip)
        people.append((pk, f"{first} {last}", email, url, org, f"Org {org}" if org else None))
    rows = duplicates._rows(people)

    everyone = {
        (i, j): verdict
        for i, j in combinations(range(len(rows)), 2)
        if (verdict := duplicates._judge(rows[i], rows[j]))
    }

    def blocked(focus):
        return {
            (i, j): verdict
            for i, j in duplicates._candidates(rows, focus)
            if (verdict := duplicates._judge(rows[i], rows[j]))
        }

    assert blocked(None) == everyone
    # Only the pairs touching some people (just imported, say): all of those, no other.
    assert blocked(focus) == {pair: v for pair, v in everyone.items() if focus & set(pair)}
