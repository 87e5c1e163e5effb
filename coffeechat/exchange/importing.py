"""Committing parsed contact rows to the user's network, without duplicates.

People are matched by LinkedIn URL, then email, then normalized name plus organization.
A match only gains what it lacked (a blank email, a missing title): what the user already
has is never overwritten, so importing the same file again changes nothing. The commit is
one transaction: a failure or an interruption leaves the database as it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone

from coffeechat.domain.seniority import guess_seniority
from coffeechat.exchange.parsing import Parsed, Problem, Row
from coffeechat.network.models import Organization, Person, Tag

LIMITS = {"name": 200, "email": 254, "linkedin_url": 500, "organization": 200, "title": 200}
FILLABLE = ("email", "phone", "linkedin_url", "title", "first_degree_since", "notes")
BATCH = 1000


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    committed: bool = True

    @property
    def imported(self) -> int:
        return self.created + self.updated

    def as_dict(self) -> dict:
        data = asdict(self)
        data["problems"] = [dict(asdict(p), message=str(p)) for p in self.problems]
        return data


def normalize_name(value: str) -> str:
    """Case, accents and spacing don't make two people: "José  Ruiz" is "jose ruiz"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def normalize_url(value: str) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", (value or "").strip().lower()).rstrip("/")


def _too_long(row: Row) -> Problem | None:
    for name, limit in LIMITS.items():
        value = getattr(row, name)
        if len(value) > limit:
            return Problem(
                row.line, name.replace("_", " "), f"at most {limit} characters", value[:40] + "…"
            )
    return None


class _Network:
    """The user's people, indexed the three ways an imported row can match them."""

    def __init__(self, actor):
        self.by_url: dict[str, Person] = {}
        self.by_email: dict[str, Person] = {}
        self.by_name: dict[tuple[str, str], Person] = {}
        people = Person.objects.filter(owner=actor).select_related("organization")
        for person in people.iterator(chunk_size=2000):
            self.add(person)

    def add(self, person: Person) -> None:
        if person.linkedin_url:
            self.by_url.setdefault(normalize_url(person.linkedin_url), person)
        if person.email:
            self.by_email.setdefault(person.email.lower(), person)
        org = person.organization.name if person.organization else ""
        self.by_name.setdefault((normalize_name(person.name), normalize_name(org)), person)

    def match(self, row: Row) -> Person | None:
        return (
            (row.linkedin_url and self.by_url.get(normalize_url(row.linkedin_url)))
            or (row.email and self.by_email.get(row.email.lower()))
            or self.by_name.get((normalize_name(row.name), normalize_name(row.organization)))
        ) or None


def _organizations(actor, names: set[str]) -> dict[str, Organization]:
    wanted = {n.lower(): n for n in names if n}
    # All of the user's organizations in one read: a few thousand rows at most, and no
    # thousand-term OR for the database to refuse.
    found = {o.name.lower(): o for o in Organization.objects.filter(owner=actor)}
    missing = [
        Organization(owner=actor, name=name) for key, name in wanted.items() if key not in found
    ]
    # SQLite (3.35+) and PostgreSQL both return the new rows' ids.
    for organization in Organization.objects.bulk_create(missing, batch_size=BATCH):
        found[organization.name.lower()] = organization
    return found


def _tag(actor, names: set[str]) -> dict[str, Tag]:
    tags = {t.name.lower(): t for t in Tag.objects.filter(owner=actor)}
    missing = [Tag(owner=actor, name=n[:50]) for n in {n.lower() for n in names} - set(tags)]
    Tag.objects.bulk_create(missing, batch_size=BATCH)
    return {t.name.lower(): t for t in Tag.objects.filter(owner=actor)}


@transaction.atomic
def import_people(
    *,
    actor,
    parsed: Parsed,
    all_or_nothing: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Commit the readable rows (or, with all_or_nothing, none if any row has a problem)."""
    summary = Summary(problems=list(parsed.problems), rejected=len(parsed.raw))
    rows = []
    for row in parsed.rows:
        problem = _too_long(row)
        if problem:
            summary.problems.append(problem)
            summary.rejected += 1
        else:
            rows.append(row)
    if all_or_nothing and summary.problems:
        summary.committed = False
        summary.unchanged = 0
        return summary

    now = timezone.now()
    network = _Network(actor)
    organizations = _organizations(actor, {row.organization for row in rows})
    tags = _tag(actor, {t for row in rows for t in row.tags})
    new_people: list[tuple[Person, Row]] = []
    changed: dict[int, Person] = {}
    links = []
    for count, row in enumerate(rows, start=1):
        organization = organizations.get(row.organization.lower()) if row.organization else None
        person = network.match(row)
        if person is None:
            person = Person(
                owner=actor,
                name=row.name,
                email=row.email,
                phone=row.phone,
                linkedin_url=row.linkedin_url,
                title=row.title,
                organization=organization,
                seniority=guess_seniority(row.title),
                first_degree_since=row.first_degree_since,
                notes=row.notes,
            )
            new_people.append((person, row))
            network.add(person)  # a second line for the same person in this file matches it
            summary.created += 1
        else:
            fills = {
                name: getattr(row, name)
                for name in FILLABLE
                if getattr(row, name) and not getattr(person, name)
            }
            if organization is not None and person.organization_id is None:
                fills["organization"] = organization
            if person.pk is None:  # created earlier in this same file
                for name, value in fills.items():
                    setattr(person, name, value)
            elif fills:
                for name, value in fills.items():
                    setattr(person, name, value)
                person.updated_at = now
                if "title" in fills and not person.seniority_confirmed:
                    person.seniority = guess_seniority(person.title)
                if person.pk not in changed:  # two lines of the file may fill the same person
                    changed[person.pk] = person
                    summary.updated += 1
            else:
                summary.unchanged += 1
        links.extend((person, tags[t.lower()]) for t in row.tags if t.lower() in tags)
        if progress and count % 500 == 0:
            progress(count)
    if progress:
        progress(len(rows))  # every row checked: what remains is writing them
    created = Person.objects.bulk_create([p for p, _ in new_people], batch_size=BATCH)
    if any(p.pk is None for p in created):
        raise RuntimeError("the database did not return the new people's ids")
    Person.objects.bulk_update(
        list(changed.values()),
        [*FILLABLE, "organization", "seniority", "updated_at"],
        batch_size=BATCH,
    )
    Person.tags.through.objects.bulk_create(
        [Person.tags.through(person_id=p.pk, tag_id=t.pk) for p, t in links],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    if progress:
        progress(len(rows))
    if dry_run:
        summary.committed = False
        transaction.set_rollback(True)
    return summary
