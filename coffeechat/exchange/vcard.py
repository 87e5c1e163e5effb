"""vCard 4.0 (RFC 6350) export of people, through vobject.

Each card carries a stable UID derived from the person, so exporting twice gives the
same cards and a later import can recognize them.
"""

from __future__ import annotations

import uuid

import vobject

from coffeechat.exchange.contacts import tags_by_person
from coffeechat.network.models import Person

UID_NAMESPACE = uuid.UUID("4f1c9a52-3c1e-4d6b-9a57-2f0d8c1b7e31")


def person_uid(person: Person) -> str:
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'{person.owner_id}:{person.pk}')}"


def _split_name(name: str) -> vobject.vcard.Name:
    given, _, family = name.rpartition(" ")
    if not given:  # a single word: treat it as the given name
        given, family = family, ""
    return vobject.vcard.Name(family=family, given=given)


def card_for(person: Person, tags: list[str]) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("uid").value = person_uid(person)
    card.add("fn").value = person.name
    card.add("n").value = _split_name(person.name)
    if person.email:
        card.add("email").value = person.email
    if person.phone:
        card.add("tel").value = person.phone
    if person.organization:
        card.add("org").value = [person.organization.name]
    if person.title:
        card.add("title").value = person.title
    if person.linkedin_url:
        card.add("url").value = person.linkedin_url
    if person.notes:
        card.add("note").value = person.notes
    if tags:
        card.add("categories").value = tags
    return card


def write_vcards(*, actor, stream, people=None) -> int:
    """Write one card per person (all of the user's, or the given ones). Returns the count."""
    people = people if people is not None else Person.objects.filter(owner=actor)
    people = people.filter(owner=actor).select_related("organization")
    tags = tags_by_person(actor)
    count = 0
    for person in people.order_by("name", "id").iterator(chunk_size=2000):
        stream.write(card_for(person, tags.get(person.pk, [])).serialize())
        count += 1
    return count
