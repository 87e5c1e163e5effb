"""Warm paths on small hand-built networks (DOMAIN.md "Choosing whom to ask").

No database: each test draws the few people and ties it is about. The user is not a node;
`tie` on a person is the user's tie to them (None: the user doesn't know them).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.domain.paths import (
    MAX_HOPS,
    Graph,
    Person,
    find_paths,
    tie_strength,
)
from coffeechat.domain.seniority import Seniority
from tests.conftest import NOW

DAY = timedelta(days=1)
X, Y, Z = 100, 200, 300
ORGS = {X: "Northwind Transit", Y: "City Climate Office", Z: "Harbor Authority"}


def person(
    pid: int,
    name: str,
    *,
    at: int | None = None,
    title: str = "",
    seniority: str = Seniority.MID,
    tie: float | None = None,
    talked: int | None = None,
    do_not_ask: bool = False,
    how_met: str = "",
) -> Person:
    """`talked`: how many days ago the user last talked to them."""
    return Person(
        id=pid,
        name=name,
        title=title,
        organization_id=at,
        organization=ORGS.get(at, ""),
        seniority=seniority,
        tie=tie,
        last_talked=None if talked is None else NOW - talked * DAY,
        do_not_ask=do_not_ask,
        how_met=how_met,
    )


def graph(*people: Person, links=()) -> Graph:
    """links: (a, b) or (a, b, strength) or (a, b, strength, how); "knows" ties."""
    g = Graph()
    for p in people:
        g.add_person(p)
    for a, b, *rest in links:
        strength = rest[0] if rest else 0.5
        how = rest[1] if len(rest) > 1 else ""
        g.link(a, b, strength, "knows", how)
    return g


def at_org(g: Graph, org: int) -> list[int]:
    return list(g.members[org])


def routes(g: Graph, targets, **kwargs) -> list[tuple[str, ...]]:
    """The paths found, each as the names along it."""
    found = find_paths(g, targets, now=NOW, **{"limit": 5, **kwargs})
    return [tuple(g.people[h].name for h in p.hops) for p in found]


# Ranking by tier ----------------------------------------------------------------------


def tiers() -> Graph:
    """Ana at X is known (weakly); Ben (known well) knows Cleo at X; Finn (known) knows
    Dev, who knows Eve at X."""
    return graph(
        person(1, "Ana", at=X, tie=0.1, talked=400),
        person(2, "Ben", tie=0.9, talked=3),
        person(3, "Cleo", at=X),
        person(4, "Dev"),
        person(5, "Eve", at=X),
        person(6, "Finn", tie=0.9, talked=3),
        links=[(2, 3, 0.9), (4, 5, 0.9), (6, 4, 0.9)],
    )


def test_it_lists_people_the_user_knows_first_then_one_connector_away_then_two():
    g = tiers()

    assert routes(g, at_org(g, X)) == [("Ana",), ("Ben", "Cleo"), ("Finn", "Dev", "Eve")]


def test_it_ranks_a_weak_direct_tie_above_a_strong_introduction():
    g = tiers()

    found = find_paths(g, at_org(g, X), now=NOW)

    # Ana's path scores lowest of all, yet knowing someone there beats any introduction.
    assert found[0].score < found[1].score
    assert found[0].connector is None
    assert found[1].connector == 2


def test_it_never_goes_beyond_three_hops():
    # The user knows A; A knows B, B knows C, C knows D: D is four hops away.
    g = graph(
        person(1, "A", tie=0.9, talked=1),
        person(2, "B"),
        person(3, "C"),
        person(4, "D", at=X),
        links=[(1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)],
    )

    assert routes(g, [4], limit=50) == []
    assert routes(g, [3]) == [("A", "B", "C")]
    assert routes(g, [2]) == [("A", "B")]


def test_it_offers_no_detour_when_the_connector_knows_the_target_directly():
    # Dana knows Sam, and also Lee who knows Sam: asking Dana is one path, not two.
    g = graph(
        person(1, "Dana", tie=0.9, talked=7),
        person(2, "Lee"),
        person(3, "Sam", at=X),
        links=[(1, 3, 0.2), (1, 2, 1.0), (2, 3, 1.0)],
    )

    assert routes(g, [3]) == [("Dana", "Sam")]


def test_it_finds_nothing_when_the_target_is_unreachable():
    g = graph(person(1, "A", tie=0.9), person(2, "Island", at=X))

    assert routes(g, [2]) == []
    assert routes(g, []) == []
    assert routes(g, [999]) == []  # not in the graph at all


# Do not ask ----------------------------------------------------------------------------


def test_it_never_asks_a_connector_marked_do_not_ask():
    g = graph(
        person(1, "Dana", tie=1.0, talked=1, do_not_ask=True),
        person(2, "Omar", tie=0.2, talked=300),
        person(3, "Sam", at=X),
        links=[(1, 3, 1.0), (2, 3, 0.2)],
    )

    assert routes(g, [3]) == [("Omar", "Sam")]


def test_it_never_goes_through_a_middle_person_marked_do_not_ask():
    g = graph(
        person(1, "Dana", tie=1.0, talked=1),
        person(2, "Lee", do_not_ask=True),
        person(3, "Kim"),
        person(4, "Sam", at=X),
        links=[(1, 2, 1.0), (2, 4, 1.0), (1, 3, 0.1), (3, 4, 0.1)],
    )

    assert routes(g, [4]) == [("Dana", "Kim", "Sam")]


def test_it_never_suggests_a_target_marked_do_not_ask_even_one_the_user_knows():
    g = graph(
        person(1, "Dana", tie=1.0, talked=1),
        person(2, "Sam", at=X, tie=0.9, do_not_ask=True),
        person(3, "Ray", at=X, do_not_ask=True),
        links=[(1, 3, 1.0)],
    )

    assert routes(g, at_org(g, X)) == []


# Seniority -----------------------------------------------------------------------------


def test_it_prefers_a_mid_level_target_to_an_executive_with_equal_ties():
    g = graph(
        person(1, "Dana", tie=0.8, talked=7),
        person(2, "Ada", at=X, title="Chief Executive Officer", seniority=Seniority.EXECUTIVE),
        person(3, "Sam", at=X, title="Policy Advisor", seniority=Seniority.MID),
        links=[(1, 2, 0.7), (1, 3, 0.7)],
    )

    assert routes(g, at_org(g, X)) == [("Dana", "Sam"), ("Dana", "Ada")]


@pytest.mark.parametrize("level", [Seniority.SENIOR, Seniority.JUNIOR, Seniority.UNKNOWN])
def test_it_ranks_mid_level_above_every_other_level_when_ties_are_equal(level):
    g = graph(
        person(1, "Dana", tie=0.8, talked=7),
        person(2, "Ada", at=X, seniority=level),
        person(3, "Sam", at=X, seniority=Seniority.MID),
        links=[(1, 2, 0.7), (1, 3, 0.7)],
    )

    assert routes(g, at_org(g, X)) == [("Dana", "Sam"), ("Dana", "Ada")]


def test_it_puts_executives_last_within_a_tier_however_strong_the_ties():
    g = graph(
        person(1, "Boss", at=X, tie=1.0, talked=1, seniority=Seniority.EXECUTIVE),
        person(2, "Junior", at=X, tie=0.1, talked=900, seniority=Seniority.JUNIOR),
        person(3, "Dana", tie=1.0, talked=1),
        person(4, "Ceo", at=X, seniority=Seniority.EXECUTIVE),
        person(5, "Analyst", at=X, seniority=Seniority.JUNIOR),
        person(6, "Omar", tie=0.1, talked=900),
        links=[(3, 4, 1.0), (6, 5, 0.1)],
    )

    assert routes(g, at_org(g, X)) == [
        ("Junior",),
        ("Boss",),
        ("Omar", "Analyst"),
        ("Dana", "Ceo"),
    ]


def test_it_still_puts_a_known_executive_before_any_introduction():
    g = graph(
        person(1, "Boss", at=X, tie=0.2, seniority=Seniority.EXECUTIVE),
        person(2, "Dana", tie=1.0, talked=1),
        person(3, "Sam", at=X, seniority=Seniority.MID),
        links=[(2, 3, 1.0)],
    )

    assert routes(g, at_org(g, X)) == [("Boss",), ("Dana", "Sam")]


# Strength and recency ------------------------------------------------------------------


def test_it_ranks_the_stronger_link_to_the_target_higher():
    g = graph(
        person(1, "Dana", tie=0.8, talked=7),
        person(2, "Weak", at=X),
        person(3, "Strong", at=X),
        links=[(1, 2, 0.3), (1, 3, 0.9)],
    )

    assert routes(g, at_org(g, X)) == [("Dana", "Strong"), ("Dana", "Weak")]


def test_it_ranks_the_connector_the_user_knows_better_higher():
    g = graph(
        person(1, "Acquaintance", tie=0.3, talked=7),
        person(2, "Friend", tie=0.9, talked=7),
        person(3, "Sam", at=X),
        links=[(1, 3, 0.7), (2, 3, 0.7)],
    )

    assert routes(g, [3]) == [("Friend", "Sam"), ("Acquaintance", "Sam")]


def test_it_ranks_the_connector_the_user_talked_to_lately_higher():
    g = graph(
        person(1, "Never", tie=0.7, talked=None),
        person(2, "Months", tie=0.7, talked=200),
        person(3, "Lately", tie=0.7, talked=7),
        person(4, "Sam", at=X),
        links=[(1, 4, 0.7), (2, 4, 0.7), (3, 4, 0.7)],
    )

    assert routes(g, [4]) == [("Lately", "Sam"), ("Months", "Sam"), ("Never", "Sam")]


def test_it_keeps_only_the_strongest_of_several_ties_between_two_people():
    g = graph(
        person(1, "Dana", tie=0.8, talked=7),
        person(2, "Sam", at=X),
        links=[(1, 2, 0.2), (1, 2, 0.9, "served on a board together")],
    )

    [path] = find_paths(g, [2], now=NOW)

    assert path.ties[0].strength == 0.9
    assert "served on a board together" in path.reason


# Colleagues ----------------------------------------------------------------------------


def test_it_counts_working_at_the_same_organization_as_a_tie():
    g = graph(
        person(1, "Dana", at=Y, tie=0.8, talked=7),
        person(2, "Sam", at=Y, title="Engineer"),
    )

    [path] = find_paths(g, [2], now=NOW)

    assert path.hops == (1, 2)
    assert path.ties[0].kind == "colleague"
    assert "knows Sam (a colleague)" in path.reason


def test_it_reaches_the_target_through_the_colleague_of_someone_the_user_knows():
    # Dana knows Lee; Lee works with Sam at X; the question asks for Sam only.
    g = graph(
        person(1, "Dana", tie=0.8, talked=7),
        person(2, "Lee", at=X, title="Planner"),
        person(3, "Sam", at=X, title="Engineer"),
        links=[(1, 2, 0.8)],
    )

    assert routes(g, [3]) == [("Dana", "Lee", "Sam")]


def test_it_ranks_a_recorded_link_above_a_mere_colleague():
    g = graph(
        person(1, "Workmate", at=Y, tie=0.8, talked=7),
        person(2, "Friend", tie=0.8, talked=7),
        person(3, "Sam", at=Y),
        links=[(2, 3, 0.8)],
    )

    assert routes(g, [3]) == [("Friend", "Sam"), ("Workmate", "Sam")]


# The reason, in plain words ------------------------------------------------------------


def reason_graph() -> Graph:
    return graph(
        person(1, "Dana Whitfield", tie=0.9, talked=21, how_met="your former teammate"),
        person(2, "Lee Park"),
        person(3, "Sam Rivera", at=X, title="Senior Policy Advisor"),
        person(4, "Ivy Chen", at=Y, title="Planner", tie=0.5, talked=1, how_met="a neighbour"),
        person(5, "Ray Moss", at=Z, title="Analyst"),
        links=[(1, 3, 0.8), (1, 2, 0.8, "sat on a board together"), (2, 5, 0.8)],
    )


def test_it_explains_a_person_the_user_knows():
    [path] = find_paths(reason_graph(), [4], now=NOW)

    assert path.reason == (
        "You know Ivy Chen, a neighbour, Planner at City Climate Office; talked yesterday"
    )


def test_it_explains_an_introduction_through_one_connector():
    [path] = find_paths(reason_graph(), [3], now=NOW)

    assert path.reason == (
        "Dana Whitfield, your former teammate, last talked 3 weeks ago, "
        "knows Sam Rivera, Senior Policy Advisor at Northwind Transit"
    )


def test_it_explains_a_path_through_a_connector_and_one_more_person():
    [path] = find_paths(reason_graph(), [5], now=NOW)

    assert path.hops == (1, 2, 5)
    assert path.reason == (
        "Dana Whitfield, your former teammate, last talked 3 weeks ago, "
        "knows Lee Park (sat on a board together), "
        "who knows Ray Moss, Analyst at Harbor Authority"
    )


def test_it_says_when_the_user_never_talked_to_the_connector():
    g = graph(person(1, "Dana", tie=0.5), person(2, "Sam", at=X), links=[(1, 2)])

    [path] = find_paths(g, [2], now=NOW)

    assert path.reason == "Dana, never talked, knows Sam, works at Northwind Transit"


# Limit ---------------------------------------------------------------------------------


def test_it_returns_at_most_limit_paths_the_best_ones():
    people = [person(i, f"P{i}", at=X, tie=i / 10, talked=1) for i in range(1, 9)]
    g = graph(*people)

    found = find_paths(g, at_org(g, X), now=NOW, limit=3)

    assert [g.people[p.target].name for p in found] == ["P8", "P7", "P6"]


def test_it_fills_a_short_list_with_the_shortest_paths():
    g = tiers()

    assert routes(g, at_org(g, X), limit=1) == [("Ana",)]
    assert routes(g, at_org(g, X), limit=2) == [("Ana",), ("Ben", "Cleo")]


# The user's tie to someone -------------------------------------------------------------


def test_tie_strength_grows_with_how_often_the_user_talked():
    strengths = [
        tie_strength(first_degree=False, interactions=n, last_talked=NOW - 30 * DAY, now=NOW)
        for n in range(0, 8)
    ]

    assert strengths == sorted(strengths)
    assert strengths[0] < strengths[3] < strengths[6]


def test_tie_strength_grows_with_how_lately_the_user_talked():
    def at(days):
        last = None if days is None else NOW - days * DAY
        return tie_strength(first_degree=True, interactions=2, last_talked=last, now=NOW)

    assert at(None) < at(1000) < at(200) < at(30) < at(1)


def test_a_linkedin_connection_starts_stronger_than_someone_only_met():
    connected = tie_strength(first_degree=True, interactions=0, last_talked=None, now=NOW)
    met = tie_strength(first_degree=False, interactions=0, last_talked=None, now=NOW)

    assert connected > met > 0


@given(
    first_degree=st.booleans(),
    interactions=st.integers(min_value=0, max_value=10_000),
    days=st.one_of(st.none(), st.integers(min_value=-10, max_value=40_000)),
    more=st.integers(min_value=0, max_value=50),
    sooner=st.integers(min_value=0, max_value=5_000),
)
def test_tie_strength_stays_within_0_and_1_and_never_falls_with_more_or_later_contact(
    first_degree, interactions, days, more, sooner
):
    def strength(n, d):
        last = None if d is None else NOW - d * DAY
        return tie_strength(first_degree=first_degree, interactions=n, last_talked=last, now=NOW)

    s = strength(interactions, days)
    assert 0 <= s <= 1
    assert strength(interactions + more, days) >= s
    if days is not None:
        assert strength(interactions, days - sooner) >= s


# Invariants over any network -----------------------------------------------------------


@st.composite
def networks(draw):
    n = draw(st.integers(min_value=1, max_value=10))
    g = Graph()
    for pid in range(1, n + 1):
        g.add_person(
            person(
                pid,
                f"P{pid}",
                at=draw(st.sampled_from([None, X, Y])),
                seniority=draw(st.sampled_from(list(Seniority))),
                tie=draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1))),
                talked=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=2000))),
                do_not_ask=draw(st.booleans()),
            )
        )
    pairs = st.tuples(
        st.integers(min_value=1, max_value=n),
        st.integers(min_value=1, max_value=n),
        st.floats(min_value=0, max_value=1),
    )
    for a, b, strength in draw(st.lists(pairs, max_size=20)):
        g.link(a, b, strength, "knows")
    targets = draw(st.sets(st.integers(min_value=1, max_value=n)))
    return g, targets


def every_path(g: Graph, targets: set[int]) -> set[tuple[int, ...]]:
    """All paths the rules allow, by brute force."""
    usable = {pid for pid, p in g.people.items() if not p.do_not_ask}
    known = {pid for pid in usable if g.known(pid)}
    wanted = targets & usable
    found = {(t,) for t in wanted & known}
    for t in wanted:
        for c in g.neighbours(t):
            if c in known and c not in wanted:
                found.add((c, t))
            if c in usable and c not in known and c not in wanted:
                for first in g.neighbours(c):
                    # Someone who knows the target themself is asked directly (2 hops).
                    direct = first in g.neighbours(t)
                    if first in known and first not in wanted and first != t and not direct:
                        found.add((first, c, t))
    return found


@settings(max_examples=150, deadline=None)
@given(networks(), st.integers(min_value=1, max_value=8))
def test_every_path_found_follows_the_rules(network, limit):
    g, targets = network

    found = find_paths(g, targets, now=NOW, limit=limit)

    assert len(found) <= limit
    for path in found:
        assert 1 <= path.length <= MAX_HOPS
        assert len(set(path.hops)) == path.length
        assert g.known(path.hops[0])
        assert path.target in targets
        assert not any(g.people[h].do_not_ask for h in path.hops)
        for here, there in zip(path.hops, path.hops[1:], strict=False):
            assert there in g.neighbours(here)
        assert path.reason
    keys = [
        (p.length, g.people[p.target].seniority == Seniority.EXECUTIVE, -p.score) for p in found
    ]
    assert keys == sorted(keys)


@settings(max_examples=150, deadline=None)
@given(networks(), st.integers(min_value=1, max_value=8))
def test_it_finds_the_shortest_paths_there_are(network, limit):
    g, targets = network
    allowed = every_path(g, targets)

    found = [p.hops for p in find_paths(g, targets, now=NOW, limit=limit)]

    assert set(found) <= allowed
    assert len(found) == min(limit, len(allowed))
    if allowed:
        assert len(found[0]) == min(len(hops) for hops in allowed)


def test_ties_read_on_demand_give_the_same_paths_and_only_what_was_needed():
    from coffeechat.domain.paths import Graph, Person, find_paths

    def build(lazy: bool, asked: list):
        graph = Graph()
        people = [
            Person(1, "Dana", tie=0.8),
            Person(2, "Lee"),
            Person(3, "Sam", title="Planner", organization_id=9, organization="X"),
            Person(4, "Far away"),
            Person(5, "Farther"),
        ]
        for person in people:
            graph.add_person(person)
        rows = [(1, 2, 0.5, "knows", ""), (2, 3, 0.5, "knows", ""), (4, 5, 0.5, "knows", "")]
        if lazy:

            def fetch(pids):
                asked.append(set(pids))
                return [row for row in rows if row[0] in pids or row[1] in pids]

            graph.fetch_ties = fetch
        else:
            graph.link_many(rows)
        return graph

    asked: list[set[int]] = []
    eager = find_paths(build(False, []), [3], now=NOW)
    lazy = find_paths(build(True, asked), [3], now=NOW)
    assert [p.hops for p in lazy] == [p.hops for p in eager] == [(1, 2, 3)]
    assert [p.reason for p in lazy] == [p.reason for p in eager]
    assert asked == [{3}, {2}]  # the target's ties, then its neighbour's; never 4 or 5
