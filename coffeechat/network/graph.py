"""The user's who-knows-whom graph, read from the database, and the paths through it.

Loading reads three lists (people, links, interaction counts) for one user; the graph is
then kept in this process until any of them changes, so a second question about paths
costs only the search (coffeechat.domain.paths).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Sum
from django.utils import timezone

from coffeechat.domain import paths as rules
from coffeechat.network.models import Interaction, Link, Organization, Person

CACHED_USERS = 8
_cache: OrderedDict[int, tuple[tuple, rules.Graph]] = OrderedDict()


def _epoch_key(actor) -> str:
    return f"graph-epoch:{actor.pk}"


def touch(actor) -> None:
    """Say the graph changed in a way the counts below can't see (a link's words, an
    organization's name): every process reloads it on its next question."""
    from django.core.cache import cache

    try:
        cache.incr(_epoch_key(actor))
    except ValueError:
        cache.set(_epoch_key(actor), 1, None)


def _version(actor) -> tuple:
    """Changes whenever anything the graph is made of does (cheap aggregate reads)."""
    from django.core.cache import cache

    people = Person.objects.filter(owner=actor).aggregate(
        n=Count("pk"), changed=Max("updated_at"), ids=Sum("pk")
    )
    links = Link.objects.filter(owner=actor).aggregate(
        n=Count("pk"),
        added=Max("created_at"),
        strength=Sum("strength"),
        ends=Sum("from_person_id") + Sum("to_person_id"),
    )
    talks = Interaction.objects.filter(owner=actor).aggregate(n=Count("pk"), last=Max("pk"))
    epoch = cache.get(_epoch_key(actor), 0)
    return (*people.values(), *links.values(), *talks.values(), epoch)


def load_graph(actor, *, now: datetime | None = None) -> rules.Graph:
    """Build the user's graph from the database (no cache)."""
    now = now or timezone.now()
    talks = dict(
        Interaction.objects.filter(owner=actor)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    graph = rules.Graph()
    rows = Person.objects.filter(owner=actor).values_list(
        "pk",
        "name",
        "title",
        "organization_id",
        "organization__name",
        "seniority",
        "first_degree_since",
        "last_contacted_at",
        "known",
        "tie_strength",
        "do_not_ask",
        "how_met",
        "introduced_by_id",
    )
    introductions = []
    for (
        pk,
        name,
        title,
        org_id,
        org_name,
        seniority,
        since,
        last,
        known,
        strength,
        do_not_ask,
        how_met,
        introducer,
    ) in rows.iterator(chunk_size=5000):
        if known is None:
            known = since is not None or last is not None
        tie = None
        if known:
            tie = (
                strength
                if strength is not None
                else rules.tie_strength(
                    first_degree=since is not None,
                    interactions=talks.get(pk, 0),
                    last_talked=last,
                    now=now,
                )
            )
        graph.add_person(
            rules.Person(
                id=pk,
                name=name,
                title=title,
                organization_id=org_id,
                organization=org_name or "",
                seniority=seniority,
                tie=tie,
                last_talked=last,
                do_not_ask=do_not_ask,
                how_met=how_met,
            )
        )
        if introducer is not None:
            introductions.append((introducer, pk))
    links = Link.objects.filter(owner=actor).values_list(
        "from_person_id", "to_person_id", "strength", "kind", "how"
    )
    for a, b, strength, kind, how in links.iterator(chunk_size=10000):
        graph.link(a, b, strength, kind, how)
    for introducer, pk in introductions:
        if introducer in graph.people:
            how = f"{graph.people[introducer].name} introduced you to {graph.people[pk].name}"
            graph.link(introducer, pk, rules.INTRODUCED_STRENGTH, "introduced", how)
    return graph


def graph_for(actor) -> rules.Graph:
    """The user's graph, from this process's cache while nothing it is made of changed."""
    version = _version(actor)
    cached = _cache.get(actor.pk)
    if cached and cached[0] == version:
        _cache.move_to_end(actor.pk)
        return cached[1]
    graph = load_graph(actor)
    _cache[actor.pk] = (version, graph)
    while len(_cache) > CACHED_USERS:
        _cache.popitem(last=False)
    return graph


@dataclass(frozen=True)
class Question:
    """What the user asked: an organization (and role words), or one person."""

    organization: Organization | None = None
    role: str = ""
    person: Person | None = None


def targets_for(graph: rules.Graph, question: Question) -> list[int]:
    if question.person is not None:
        return [question.person.pk] if question.person.pk in graph.people else []
    if question.organization is None:
        return []
    members = graph.members.get(question.organization.pk, [])
    words = question.role.casefold().split()
    if not words:
        return list(members)
    return [pid for pid in members if all(w in graph.people[pid].title.casefold() for w in words)]


def paths_for(actor, question: Question, *, limit: int = 5, now: datetime | None = None):
    """The ranked paths that answer the question, and the graph they run through."""
    graph = graph_for(actor)
    found = rules.find_paths(
        graph, targets_for(graph, question), now=now or timezone.now(), limit=limit
    )
    return found, graph
