"""The user's who-knows-whom graph, read from the database, and the paths through it.

Loading reads three lists (people, links, interaction counts) for one user; the graph is
then kept in this process until any of them changes, so a second question about paths
costs only the search (coffeechat.domain.paths).
"""

from __future__ import annotations

import functools
import gc
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Count, Max
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
    """Changes whenever anything the graph is made of does, read cheaply: a new person,
    link or interaction raises a largest id; an edited person moves updated_at; a
    deleted person lowers the count (their links and interactions go with them); what
    none of these see (a link's words or strength, an organization's name) bumps the
    epoch (touch)."""
    from django.core.cache import cache

    people = Person.objects.filter(owner=actor).aggregate(
        n=Count("pk"), last=Max("pk"), changed=Max("updated_at")
    )
    newest_link = Link.objects.filter(owner=actor).order_by("-pk").values_list("pk").first()
    newest_talk = Interaction.objects.filter(owner=actor).order_by("-pk").values_list("pk").first()
    epoch = cache.get(_epoch_key(actor), 0)
    return (*people.values(), newest_link, newest_talk, epoch)


LINKS = "SELECT from_person_id, to_person_id, strength, kind, how FROM {table} WHERE owner_id = %s"
# Ids per query when reading some people's ties: well under every database's limit.
CHUNK = 500


def _ties_of(owner_id: int, pids: set[int]) -> set[tuple]:
    """The links touching these people (each once, whichever end was asked for)."""
    table = connection.ops.quote_name(Link._meta.db_table)
    rows: set[tuple] = set()
    ordered = sorted(pids)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            for end in ("from_person_id", "to_person_id"):
                cursor.execute(
                    LINKS.format(table=table) + f" AND {end} IN ({marks})", [owner_id, *chunk]
                )
                rows.update(cursor.fetchall())
    return rows


def load_graph(actor, *, now: datetime | None = None, all_ties: bool = False) -> rules.Graph:
    """Build the user's graph from the database (no cache).

    The people are read whole; the links between them are read when a question first
    needs them (the ties of its targets, then of their neighbours), unless `all_ties`.
    """
    # Hundreds of thousands of small tuples and not one cycle among them: the cyclic
    # collector would walk them again and again as they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(actor, now or timezone.now(), all_ties)
    finally:
        if collecting:
            gc.enable()


def _load(actor, now: datetime, all_ties: bool) -> rules.Graph:
    talks = dict(
        Interaction.objects.filter(owner=actor)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    graph = rules.Graph()
    introductions = []
    # Read on a bare cursor: the ORM's converters cost more than the reading itself for
    # 30,000 people and 150,000 links. Only the known people's last contact is parsed.
    people = (
        "SELECT p.id, p.name, p.title, p.organization_id, o.name, p.seniority, {since}, "
        "p.last_contacted_at, p.known, p.tie_strength, p.do_not_ask, p.how_met, "
        "p.introduced_by_id FROM {person} p LEFT JOIN {organization} o "
        "ON o.id = p.organization_id WHERE p.owner_id = %s"
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            people.format(
                since="p.first_degree_since IS NOT NULL",
                person=quote(Person._meta.db_table),
                organization=quote(Organization._meta.db_table),
            ),
            [actor.pk],
        )
        for (
            pk,
            name,
            title,
            org_id,
            org_name,
            seniority,
            first_degree,
            last,
            known,
            strength,
            do_not_ask,
            how_met,
            introducer,
        ) in cursor.fetchall():
            if known is None:
                known = bool(first_degree) or last is not None
            tie = None
            if known:
                last = _moment(last)
                tie = (
                    strength
                    if strength is not None
                    else rules.tie_strength(
                        first_degree=bool(first_degree),
                        interactions=talks.get(pk, 0),
                        last_talked=last,
                        now=now,
                    )
                )
            else:
                last = None  # only the people the user knows are described by it
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
                    do_not_ask=bool(do_not_ask),
                    how_met=how_met,
                )
            )
            if introducer is not None:
                introductions.append((introducer, pk))
        if all_ties:
            cursor.execute(f"{LINKS.format(table=quote(Link._meta.db_table))}", [actor.pk])
            graph.link_many(cursor.fetchall())
        else:
            graph.fetch_ties = functools.partial(_ties_of, actor.pk)
    for introducer, pk in introductions:
        if introducer in graph.people:
            how = f"{graph.people[introducer].name} introduced you to {graph.people[pk].name}"
            graph.link(introducer, pk, rules.INTRODUCED_STRENGTH, "introduced", how)
    return graph


def _moment(value) -> datetime | None:
    """A stored moment as an aware datetime: SQLite hands back text in UTC."""
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
