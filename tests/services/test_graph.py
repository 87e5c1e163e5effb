"""The who-knows-whom graph read from the database, and the paths through it
(coffeechat.network.graph): who counts as known, ties, referrals, the cache, scoping."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coffeechat.domain import paths as rules
from coffeechat.exchange.importing import import_people
from coffeechat.exchange.parsing import READERS
from coffeechat.network.graph import Question, graph_for, load_graph, paths_for
from coffeechat.network.links import link_people
from coffeechat.network.models import Link, Organization
from coffeechat.network.services import (
    interaction_log,
    person_create,
    person_delete,
    person_update,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
ORG = "Northwind Transit"


def add(actor, name, *, org="", title="", **fields):
    return person_create(actor=actor, name=name, organization_name=org, title=title, **fields)


def talked(actor, person, days_ago=21):
    interaction_log(actor=actor, person=person, kind="meeting", occurred_at=NOW - days_ago * DAY)


def linkedin(actor, *rows: str):
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    summary = import_people(
        actor=actor, parsed=READERS["linkedin"]((header + "\n".join(rows)).encode())
    )
    assert summary.committed and not summary.problems
    return summary


def org(actor, name=ORG) -> Organization:
    return Organization.objects.get(owner=actor, name=name)


def ask(actor, *, organization=ORG, role="", person=None, limit=5):
    """The paths, each as the names along it."""
    question = (
        Question(person=person)
        if person is not None
        else Question(organization=org(actor, organization), role=role)
    )
    found, graph = paths_for(actor, question, limit=limit, now=NOW)
    return [tuple(graph.people[h].name for h in p.hops) for p in found]


# Who the user knows --------------------------------------------------------------------


def test_it_counts_a_linkedin_connection_as_someone_the_user_knows(owner):
    linkedin(owner, "Dana,Whitfield,,,City Climate Office,Policy Advisor,15 Mar 2024")

    graph = load_graph(owner, now=NOW)
    [dana] = graph.people.values()

    assert dana.tie == rules.tie_strength(
        first_degree=True, interactions=0, last_talked=None, now=NOW
    )


def test_it_counts_someone_the_user_has_been_in_touch_with(owner):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana, days_ago=21)

    tie = load_graph(owner, now=NOW).people[dana.pk].tie

    assert tie == rules.tie_strength(
        first_degree=False, interactions=1, last_talked=NOW - 21 * DAY, now=NOW
    )


def test_it_does_not_count_a_prospect_added_by_hand(owner):
    sam = add(owner, "Sam Rivera", org=ORG)

    assert load_graph(owner, now=NOW).people[sam.pk].tie is None
    assert ask(owner) == []


def test_the_user_can_say_they_know_a_prospect(owner):
    sam = add(owner, "Sam Rivera", org=ORG)

    person_update(actor=owner, person=sam, known=True)

    assert load_graph(owner, now=NOW).people[sam.pk].tie is not None
    assert ask(owner) == [("Sam Rivera",)]


def test_the_user_can_say_they_dont_know_a_connection(owner):
    linkedin(owner, f"Sam,Rivera,,,{ORG},Engineer,15 Mar 2024")
    [sam] = owner.people.all()

    person_update(actor=owner, person=sam, known=False)

    assert load_graph(owner, now=NOW).people[sam.pk].tie is None
    assert ask(owner) == []


def test_the_user_can_go_back_to_working_it_out(owner):
    dana = add(owner, "Dana Whitfield", known=False)
    talked(owner, dana)
    assert load_graph(owner, now=NOW).people[dana.pk].tie is None

    person_update(actor=owner, person=dana, known=None)

    assert load_graph(owner, now=NOW).people[dana.pk].tie is not None


def test_tie_strength_follows_how_often_and_how_lately_the_user_talked(owner):
    often, once = add(owner, "Often"), add(owner, "Once")
    for days in (300, 200, 100, 30):
        talked(owner, often, days_ago=days)
    talked(owner, once, days_ago=300)

    people = load_graph(owner, now=NOW).people

    assert people[often.pk].tie > people[once.pk].tie


def test_the_tie_strength_the_user_gives_wins(owner):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana, days_ago=1)

    person_update(actor=owner, person=dana, tie_strength=0.15)

    assert load_graph(owner, now=NOW).people[dana.pk].tie == 0.15


def test_the_tie_strength_the_user_gives_makes_someone_known_only_if_they_are(owner):
    # A strength alone doesn't say the user knows a prospect: "known" does.
    sam = add(owner, "Sam Rivera", tie_strength=0.9)

    assert load_graph(owner, now=NOW).people[sam.pk].tie is None


@pytest.mark.parametrize("strength", [-0.1, 1.5, float("nan")])
def test_it_refuses_a_tie_strength_outside_0_to_1(owner, strength):
    from django.core.exceptions import ValidationError

    dana = add(owner, "Dana Whitfield")

    with pytest.raises(ValidationError) as refused:
        person_update(actor=owner, person=dana, tie_strength=strength)

    assert "tie_strength" in refused.value.message_dict
    dana.refresh_from_db()
    assert dana.tie_strength is None


# Links ---------------------------------------------------------------------------------


def test_a_referral_appears_as_a_link_and_gives_a_path(owner):
    # After an interview, Dana suggested the user talk to Priya: Priya is "introduced by" her.
    dana = add(owner, "Dana Whitfield", how_met="your former teammate")
    talked(owner, dana, days_ago=21)
    add(owner, "Priya Raman", org=ORG, title="Transit Planner", introduced_by=dana)

    found, graph = paths_for(owner, Question(organization=org(owner)), now=NOW)

    [path] = found
    assert [graph.people[h].name for h in path.hops] == ["Dana Whitfield", "Priya Raman"]
    assert path.ties[0].kind == "introduced"
    assert path.reason.startswith("Dana Whitfield, your former teammate, last talked 3 weeks ago")
    assert "Priya Raman" in path.reason and "Transit Planner at Northwind Transit" in path.reason


def test_a_referral_works_both_ways(owner):
    # Priya introduced the user to Dana (whom the user now knows): Dana can ask Priya back.
    priya = add(owner, "Priya Raman", org=ORG)
    dana = add(owner, "Dana Whitfield", introduced_by=priya)
    talked(owner, dana)

    assert ask(owner) == [("Dana Whitfield", "Priya Raman")]


def test_a_link_works_both_ways(owner):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana)
    sam = add(owner, "Sam Rivera", org=ORG, title="Senior Policy Advisor")

    link_people(actor=owner, a=sam, b=dana, how="served on a board together")

    assert Link.objects.get().from_person == sam
    assert ask(owner) == [("Dana Whitfield", "Sam Rivera")]
    found, _ = paths_for(owner, Question(person=sam), now=NOW)
    assert "served on a board together" in found[0].reason


def test_it_reaches_three_hops_but_not_four(owner):
    dana = add(owner, "Dana")
    talked(owner, dana)
    lee, kim, sam = add(owner, "Lee"), add(owner, "Kim"), add(owner, "Sam", org=ORG)
    link_people(actor=owner, a=dana, b=lee)
    link_people(actor=owner, a=lee, b=kim)
    link_people(actor=owner, a=kim, b=sam)
    assert ask(owner) == []

    link_people(actor=owner, a=lee, b=sam)

    assert ask(owner) == [("Dana", "Lee", "Sam")]


def test_it_never_goes_through_someone_marked_do_not_ask(owner):
    dana = add(owner, "Dana Whitfield", do_not_ask=True)
    talked(owner, dana)
    sam = add(owner, "Sam Rivera", org=ORG)
    link_people(actor=owner, a=dana, b=sam)

    assert ask(owner) == []


# The cache -----------------------------------------------------------------------------


def test_the_cached_graph_notices_a_new_link(owner):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana)
    sam = add(owner, "Sam Rivera", org=ORG)
    assert ask(owner) == []

    link_people(actor=owner, a=dana, b=sam)

    assert ask(owner) == [("Dana Whitfield", "Sam Rivera")]


def test_the_cached_graph_notices_a_changed_link_strength(owner):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana)
    sam = add(owner, "Sam Rivera", org=ORG)
    link_people(actor=owner, a=dana, b=sam, strength=0.2)
    before = paths_for(owner, Question(person=sam), now=NOW)[0][0].score

    link_people(actor=owner, a=dana, b=sam, strength=0.9)

    assert paths_for(owner, Question(person=sam), now=NOW)[0][0].score > before


def test_the_cached_graph_notices_a_new_interaction(owner):
    dana = add(owner, "Dana Whitfield")
    sam = add(owner, "Sam Rivera", org=ORG)
    link_people(actor=owner, a=dana, b=sam)
    assert ask(owner) == []

    talked(owner, dana)

    assert ask(owner) == [("Dana Whitfield", "Sam Rivera")]


def test_the_cached_graph_notices_a_person_marked_do_not_ask(owner, clock):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana)
    sam = add(owner, "Sam Rivera", org=ORG)
    link_people(actor=owner, a=dana, b=sam)
    assert ask(owner) == [("Dana Whitfield", "Sam Rivera")]

    clock.shift(timedelta(seconds=1))
    person_update(actor=owner, person=dana, do_not_ask=True)

    assert ask(owner) == []


def test_the_cached_graph_notices_a_deleted_person(owner):
    dana, omar = add(owner, "Dana Whitfield"), add(owner, "Omar Haddad")
    talked(owner, dana)
    talked(owner, omar, days_ago=200)
    sam = add(owner, "Sam Rivera", org=ORG)
    link_people(actor=owner, a=dana, b=sam)
    link_people(actor=owner, a=omar, b=sam)
    assert len(ask(owner)) == 2

    person_delete(actor=owner, person=dana)

    assert ask(owner) == [("Omar Haddad", "Sam Rivera")]


def test_the_graph_is_read_once_while_nothing_changes(owner, django_assert_max_num_queries):
    add(owner, "Dana Whitfield")
    first = graph_for(owner)

    with django_assert_max_num_queries(3):  # the three version aggregates, nothing more
        assert graph_for(owner) is first


# The question --------------------------------------------------------------------------


def test_role_words_narrow_the_people_at_the_organization(owner):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana)
    people = [
        add(owner, "Sam Rivera", org=ORG, title="Senior Policy Advisor"),
        add(owner, "Ivy Chen", org=ORG, title="Software Engineer"),
        add(owner, "Ray Moss", org=ORG, title="Policy Analyst"),
    ]
    for person in people:
        link_people(actor=owner, a=dana, b=person)

    assert ask(owner, role="policy") == [
        ("Dana Whitfield", "Sam Rivera"),
        ("Dana Whitfield", "Ray Moss"),
    ]
    assert ask(owner, role="POLICY  advisor") == [("Dana Whitfield", "Sam Rivera")]
    assert ask(owner, role="designer") == []


def test_a_person_question_gives_paths_to_that_person_only(owner):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana)
    sam = add(owner, "Sam Rivera", org=ORG)
    ivy = add(owner, "Ivy Chen", org=ORG)
    link_people(actor=owner, a=dana, b=sam)
    link_people(actor=owner, a=dana, b=ivy)

    assert ask(owner, person=sam) == [("Dana Whitfield", "Sam Rivera")]


def test_it_shows_the_best_paths_up_to_the_limit(owner):
    sam = add(owner, "Sam Rivera", org=ORG)
    for i, days in enumerate([200, 3, 60]):
        connector = add(owner, f"Connector {i}")
        talked(owner, connector, days_ago=days)
        link_people(actor=owner, a=connector, b=sam)

    assert ask(owner, person=sam, limit=2) == [
        ("Connector 1", "Sam Rivera"),
        ("Connector 2", "Sam Rivera"),
    ]


# Scoping -------------------------------------------------------------------------------


def test_another_users_people_never_appear(owner, outsider):
    # Mallory knows people at an organization of the same name, and has linked them.
    theirs = add(outsider, "Their Friend")
    talked(outsider, theirs)
    their_target = add(outsider, "Their Target", org=ORG)
    link_people(actor=outsider, a=theirs, b=their_target)
    mine = add(owner, "Sam Rivera", org=ORG)

    graph = load_graph(owner, now=NOW)

    assert set(graph.people) == {mine.pk}
    assert ask(owner) == []
    assert ask(outsider) == [("Their Friend", "Their Target")]
    assert paths_for(owner, Question(person=their_target), now=NOW)[0] == []


def test_changing_only_a_links_words_or_an_organizations_name_reaches_the_reasons(owner):
    # Neither changes a count or a person's row: the graph is told to reload.
    from coffeechat.network.services import organization_update

    dana = add(owner, "Dana Whitfield")
    talked(owner, dana)
    sam = add(owner, "Sam Rivera", org=ORG, title="Planner")
    link_people(actor=owner, a=dana, b=sam, how="rowing club")
    found, _ = paths_for(owner, Question(organization=org(owner)), now=NOW)
    assert "knows Sam Rivera (rowing club)" in found[0].reason

    link_people(actor=owner, a=dana, b=sam, how="choir")
    organization_update(actor=owner, organization=org(owner), name="Northwind Rail")
    found, _ = paths_for(owner, Question(organization=org(owner, "Northwind Rail")), now=NOW)
    assert "knows Sam Rivera (choir), Planner at Northwind Rail" in found[0].reason


def test_a_referral_says_who_introduced_whom(owner):
    dana = add(owner, "Dana Whitfield")
    talked(owner, dana)
    add(owner, "Priya Raman", org=ORG, introduced_by=dana)
    found, _ = paths_for(owner, Question(organization=org(owner)), now=NOW)
    assert "knows Priya Raman (Dana Whitfield introduced you to Priya Raman)" in found[0].reason
