"""Who knows whom: links the user records by hand or imports from a CSV of pairs."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from coffeechat.exchange.parsing import Parsed, Problem, UnreadableFile, decode
from coffeechat.network.models import Link, LinkKind, Person
from coffeechat.network.services import _own, person_find
from coffeechat.validation import refuse_control_characters

DEFAULT_STRENGTH = 0.5


@transaction.atomic
def link_people(
    *,
    actor,
    a: Person,
    b: Person,
    how: str = "",
    kind: str = LinkKind.KNOWS,
    strength: float | None = None,
) -> tuple[Link, str]:
    """Record that A and B know each other (a link works both ways).

    Returns the link and what happened: "created", "updated" or "unchanged".

    Saying it again changes nothing but what is given: the words for how, the strength.
    """
    _own(actor, a, "person")
    _own(actor, b, "person")
    if a.pk == b.pk:
        raise ValidationError("Someone can't be linked to themselves: name two people.")
    if kind not in LinkKind.values:
        raise ValidationError(f"{kind!r} is not a kind of link.")
    how = " ".join((how or "").split())
    refuse_control_characters(how=how)
    if len(how) > 300:
        raise ValidationError({"how": "Say how they know each other in 300 characters or fewer."})
    if strength is not None and not 0 <= strength <= 1:
        raise ValidationError({"strength": "The strength is a number from 0 to 1."})
    link = (
        Link.objects.filter(owner=actor, kind=kind)
        .filter(Q(from_person=a, to_person=b) | Q(from_person=b, to_person=a))
        .first()
    )
    if link is None:
        link = Link.objects.create(
            owner=actor,
            from_person=a,
            to_person=b,
            kind=kind,
            how=how,
            strength=DEFAULT_STRENGTH if strength is None else strength,
        )
        return link, "created"
    changed = []
    if how and how != link.how:
        link.how = how
        changed.append("how")
    if strength is not None and strength != link.strength:
        link.strength = strength
        changed.append("strength")
    if changed:
        link.save(update_fields=changed)
        from coffeechat.network.graph import touch

        touch(actor)  # the words or strength of a link: no count changes
        return link, "updated"
    return link, "unchanged"


def read_link_pairs(data: bytes) -> tuple[list[tuple[int, str, str, str]], Parsed]:
    """The lines of a person_a,person_b,how CSV: (line, a, b, how), before lookups."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next((cells for cells in reader if any(c.strip() for c in cells)), None)
    names = [" ".join(c.split()).lower() for c in header or []]
    if "person_a" not in names or "person_b" not in names:
        raise UnreadableFile(
            "no header with person_a and person_b (and optionally how) found; "
            "the first line should read: person_a,person_b,how"
        )
    ia, ib = names.index("person_a"), names.index("person_b")
    ih = names.index("how") if "how" in names else None
    pairs = []
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue

        def cell(i, cells=cells):
            return " ".join(cells[i].split()) if i is not None and i < len(cells) else ""

        pairs.append((line, cell(ia), cell(ib), cell(ih)))
    return pairs, Parsed()


@transaction.atomic
def import_links(*, actor, data: bytes, dry_run: bool = False) -> dict:
    """Link every pair whose two people are found; report the others by line."""
    pairs, parsed = read_link_pairs(data)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for line, ref_a, ref_b, how in pairs:
        people = []
        for column, ref in (("person_a", ref_a), ("person_b", ref_b)):
            try:
                people.append(person_find(actor=actor, ref=ref))
            except ValidationError as error:
                parsed.problems.append(
                    Problem(
                        line,
                        column,
                        "one of your people (id, email, LinkedIn URL or name)",
                        f"{ref} ({' '.join(error.messages)})" if ref else "",
                    )
                )
        if len(people) < 2:
            continue
        if people[0].pk == people[1].pk:
            expected = f"someone other than {people[0].name} (person_a)"
            parsed.problems.append(Problem(line, "person_b", expected, ref_b))
            continue
        try:
            _link, outcome = link_people(actor=actor, a=people[0], b=people[1], how=how)
        except ValidationError:  # only the how cell is left to refuse: too long, or a NUL
            expected = "at most 300 characters, with no NUL character"
            parsed.problems.append(Problem(line, "how", expected, how[:60]))
            continue
        counts[outcome] += 1
    if dry_run:
        transaction.set_rollback(True)
    return {
        **counts,
        "rejected": len({p.line for p in parsed.problems}),
        "problems": [str(p) for p in parsed.problems],
        "dry_run": dry_run,
    }
