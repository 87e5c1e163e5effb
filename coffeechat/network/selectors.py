"""Reads of the user's network, every one scoped to its owner."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from coffeechat.network.models import Interaction, Link, Organization, Person


def _clean_search(search: str | None) -> str:
    # PostgreSQL refuses NUL in a query parameter; nobody searches for one on purpose.
    return " ".join((search or "").replace("\x00", "").split())


def people_for(*, actor, search: str | None = None) -> QuerySet[Person]:
    people = Person.objects.filter(owner=actor).select_related("organization")
    search = _clean_search(search)
    if search:
        people = people.filter(
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(title__icontains=search)
            | Q(organization__name__icontains=search)
        )
    return people.order_by("name", "id")


def person_for(*, actor, pk: int) -> Person:
    """One of the user's people; Person.DoesNotExist for anyone else's."""
    return (
        Person.objects.filter(owner=actor)
        .select_related("organization", "introduced_by")
        .prefetch_related("tags")
        .get(pk=pk)
    )


def timeline_for(*, actor, person: Person) -> QuerySet[Interaction]:
    return Interaction.objects.filter(owner=actor, person=person).select_related("interview")


def known_by(*, actor, person: Person) -> QuerySet[Link]:
    """Links from and to this person, strongest first."""
    # Scoped through both people rather than Link.owner: with one user owning every
    # link, SQLite would otherwise walk the owner index over the whole graph.
    return (
        Link.objects.filter(Q(from_person=person) | Q(to_person=person))
        .filter(from_person__owner=actor, to_person__owner=actor)
        .select_related("from_person", "to_person")
        .order_by("-strength", "id")
    )


def organizations_for(*, actor, search: str | None = None) -> QuerySet[Organization]:
    organizations = Organization.objects.filter(owner=actor)
    search = _clean_search(search)
    if search:
        organizations = organizations.filter(name__icontains=search)
    return organizations.annotate(people_count=Count("people")).order_by("name", "id")


def organization_for(*, actor, pk: int) -> Organization:
    return Organization.objects.filter(owner=actor).get(pk=pk)


def people_at(*, actor, organization: Organization) -> QuerySet[Person]:
    return Person.objects.filter(owner=actor, organization=organization).order_by("name", "id")


class NoSuchOrganization(LookupError):
    """No organization of the user's has that name; `close` holds the likely ones meant."""

    def __init__(self, name: str, close: list[str]):
        self.name = name
        self.close = close
        super().__init__(name)


def organization_named(*, actor, name: str) -> Organization:
    """One of the user's organizations by its name, whatever the case; when none has it,
    NoSuchOrganization names those containing what was typed, or near misses of a typo."""
    from rapidfuzz import fuzz, process, utils

    name = " ".join((name or "").split())
    organizations = Organization.objects.filter(owner=actor)
    found = organizations.filter(name__iexact=name).first() if name else None
    if found is not None:
        return found
    close = list(
        organizations.filter(name__icontains=name)
        .order_by("name")
        .values_list("name", flat=True)[:5]
    )
    if not close and name:  # a typo rather than a part of the name
        names = list(organizations.values_list("name", flat=True))
        close = [
            match
            for match, _score, _ in process.extract(
                name,
                names,
                scorer=fuzz.ratio,
                processor=utils.default_process,
                score_cutoff=75,
                limit=3,
            )
        ]
    raise NoSuchOrganization(name, close)
