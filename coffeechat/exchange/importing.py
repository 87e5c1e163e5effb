"""Committing parsed contact rows to the user's network, without duplicates.

People are matched by LinkedIn URL, then email, then normalized name plus organization.
A match only gains what it lacked (a blank email, a missing title): what the user already
has is never overwritten, so importing the same file again changes nothing. The commit is
one transaction: a failure or an interruption leaves the database as it was.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.db.models.constants import OnConflict
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
    # The people created or filled, to look for likely duplicates among (not reported).
    person_ids: list[int] = field(default_factory=list, repr=False)

    @property
    def imported(self) -> int:
        return self.created + self.updated

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["person_ids"]
        data["problems"] = [dict(asdict(p), message=str(p)) for p in self.problems]
        return data


def normalize_name(value: str) -> str:
    """Case, accents and spacing don't make two people: "José  Ruiz" is "jose ruiz"."""
    value = value or ""
    if value.isascii():  # most names: no accents to strip, and casefold is lower
        return " ".join(value.lower().split())
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def normalize_url(value: str) -> str:
    """ "https://www.linkedin.com/in/dana/" and "linkedin.com/in/dana" are one profile."""
    value = (value or "").strip().lower()
    value = value.removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return value.rstrip("/")


TEXT = ("name", "email", "phone", "linkedin_url", "organization", "title", "notes")


def _row_problem(row: Row) -> Problem | None:
    """What the database would refuse: a value too long, or a NUL (PostgreSQL can't
    store one), found here so that one line can't abort the whole import."""
    for name, limit in LIMITS.items():
        value = getattr(row, name)
        if len(value) > limit:
            return Problem(
                row.line, name.replace("_", " "), f"at most {limit} characters", value[:40] + "…"
            )
    if "\x00" in "".join((*(getattr(row, name) for name in TEXT), *row.tags)):
        where = next((n for n in TEXT if "\x00" in getattr(row, n)), "tags")
        return Problem(row.line, where.replace("_", " "), "text without a NUL character", "\\x00")
    return None


def _fold(name: str) -> str:
    """How organization and tag names are compared: without case, Greek final sigma and
    German ß included, so two spellings the database takes as one are one here too."""
    return name.casefold()


class _New:
    """A person this import will create: the fields of a Person, without a model instance
    (building 30,000 of them and preparing each value through the ORM took most of the
    time of a large import)."""

    __slots__ = ("pk", "organization_id", "organization_name", *FILLABLE, "name", "seniority")

    def __init__(self, row: Row, organization_id, organization_name: str, seniority: str):
        self.pk = None
        self.name = row.name
        self.email = row.email
        self.phone = row.phone
        self.linkedin_url = row.linkedin_url
        self.title = row.title
        self.first_degree_since = row.first_degree_since
        self.notes = row.notes
        self.organization_id = organization_id
        self.organization_name = organization_name
        self.seniority = seniority


class _Network:
    """The user's people, indexed the three ways an imported row can match them."""

    def __init__(self, actor):
        self.by_url: dict[str, Person | _New] = {}
        self.by_email: dict[str, Person | _New] = {}
        self.by_name: dict[tuple[str, str], Person | _New] = {}
        self._organization_keys: dict[str, str] = {}
        people = Person.objects.filter(owner=actor).select_related("organization")
        for person in people.iterator(chunk_size=2000):
            org = person.organization.name if person.organization else ""
            self.add(person, self.name_key(person.name, org))

    def _org_key(self, name: str) -> str:
        key = self._organization_keys.get(name)
        if key is None:
            key = self._organization_keys[name] = normalize_name(name)
        return key

    def name_key(self, name: str, organization_name: str) -> tuple[str, str]:
        return (normalize_name(name), self._org_key(organization_name))

    def add(self, person: Person | _New, name_key: tuple[str, str]) -> None:
        if person.linkedin_url:
            self.by_url.setdefault(normalize_url(person.linkedin_url), person)
        if person.email:
            self.by_email.setdefault(person.email.lower(), person)
        self.by_name.setdefault(name_key, person)

    def match(self, row: Row, name_key: tuple[str, str]) -> Person | _New | None:
        found = (row.linkedin_url and self.by_url.get(normalize_url(row.linkedin_url))) or (
            row.email and self.by_email.get(row.email.lower())
        )
        if found:
            return found
        found = self.by_name.get(name_key)
        if found and row.linkedin_url and found.linkedin_url:
            return None  # same name and employer, two different profiles: two people
        return found


# --- writing many rows at once ------------------------------------------------------


def _reserve_ids(model, count: int) -> list[int]:
    """Ids for `count` new rows, taken before inserting them so no read-back is needed."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite: the import's transaction holds the database's only write lock, so no
        # one else can take these ids; AUTOINCREMENT's counter moves past them on insert.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        (last,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        counter = cursor.fetchone()
        start = max(last, counter[0] if counter else 0) + 1
        return list(range(start, start + count))


def _insert(model, given: tuple[str, ...], rows: list[tuple], *, ignore_conflicts=False):
    """INSERT `rows` (values for the `given` columns, ready for the database) through one
    executemany; every other column gets its field's default, prepared once."""
    if not rows:
        return
    now = timezone.now()
    columns, fixed = list(given), []
    for column in model._meta.concrete_fields:
        if column.column in given or column.primary_key:
            continue
        if getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False):
            value = now
        else:
            value = column.get_default()
        columns.append(column.column)
        fixed.append(column.get_db_prep_save(value, connection))
    fixed = tuple(fixed)
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    sql = "{} {} ({}) VALUES ({}){}".format(
        connection.ops.insert_statement(on_conflict=on_conflict),
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
        (
            " " + connection.ops.on_conflict_suffix_sql([], on_conflict, [], [])
            if ignore_conflicts
            else ""
        ),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, [row + fixed for row in rows[start : start + BATCH * 10]])


def _organizations(actor, names: list[str]) -> dict[str, int]:
    """The user's organizations by folded name, the missing ones created as the file
    first spells them."""
    found = {
        _fold(name): pk
        for pk, name in Organization.objects.filter(owner=actor).values_list("pk", "name")
    }
    missing = {}
    for name in names:
        if name and _fold(name) not in found and _fold(name) not in missing:
            missing[_fold(name)] = name
    ids = _reserve_ids(Organization, len(missing))
    _insert(
        Organization,
        ("id", "owner_id", "name"),
        [(pk, actor.pk, name) for pk, name in zip(ids, missing.values(), strict=True)],
    )
    found.update(zip(missing, ids, strict=True))
    return found


def _tags(actor, names: list[str]) -> dict[str, int]:
    """The user's tags by folded name (at most 50 characters), the missing ones created."""
    found = {_fold(n): pk for pk, n in Tag.objects.filter(owner=actor).values_list("pk", "name")}
    missing = {}
    for name in names:
        key = _fold(name[:50])
        if key not in found and key not in missing:
            missing[key] = name[:50]
    ids = _reserve_ids(Tag, len(missing))
    _insert(
        Tag,
        ("id", "owner_id", "name"),
        [(pk, actor.pk, name) for pk, name in zip(ids, missing.values(), strict=True)],
    )
    found.update(zip(missing, ids, strict=True))
    return found


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
        problem = _row_problem(row)
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
    organizations = _organizations(actor, [row.organization for row in rows])
    tags = _tags(actor, [t for row in rows for t in row.tags])
    seniority_of = functools.lru_cache(maxsize=None)(guess_seniority)  # titles repeat a lot
    new_people: list[_New] = []
    changed: dict[int, Person] = {}
    links: list[tuple[Person | _New, int]] = []
    for count, row in enumerate(rows, start=1):
        organization_id = organizations.get(_fold(row.organization)) if row.organization else None
        name_key = network.name_key(row.name, row.organization)
        person = network.match(row, name_key)
        if person is None:
            person = _New(row, organization_id, row.organization, seniority_of(row.title))
            new_people.append(person)
            network.add(person, name_key)  # a second line for them matches it
            summary.created += 1
        else:
            fills = {
                name: getattr(row, name)
                for name in FILLABLE
                if getattr(row, name) and not getattr(person, name)
            }
            if organization_id is not None and person.organization_id is None:
                fills["organization_id"] = organization_id
            if isinstance(person, _New):  # created earlier in this same file
                for name, value in fills.items():
                    setattr(person, name, value)
                if "title" in fills:
                    person.seniority = seniority_of(person.title)
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
        links.extend((person, tags[_fold(t[:50])]) for t in row.tags)
        if progress and count % 500 == 0:
            progress(count)
    if progress:
        progress(len(rows))  # every row checked: what remains is writing them

    ids = _reserve_ids(Person, len(new_people))
    for person, pk in zip(new_people, ids, strict=True):
        person.pk = pk
    adapt_date = connection.ops.adapt_datefield_value
    _insert(
        Person,
        (
            "id",
            "owner_id",
            "name",
            "email",
            "phone",
            "linkedin_url",
            "title",
            "first_degree_since",
            "notes",
            "organization_id",
            "seniority",
        ),
        [
            (
                p.pk,
                actor.pk,
                p.name,
                p.email,
                p.phone,
                p.linkedin_url,
                p.title,
                adapt_date(p.first_degree_since),
                p.notes,
                p.organization_id,
                p.seniority,
            )
            for p in new_people
        ],
    )
    Person.objects.bulk_update(
        list(changed.values()),
        [*FILLABLE, "organization", "seniority", "updated_at"],
        batch_size=BATCH,
    )
    _insert(
        Person.tags.through,
        ("person_id", "tag_id"),
        list({(p.pk, tag) for p, tag in links}),
        ignore_conflicts=True,
    )
    summary.person_ids = [p.pk for p in new_people] + list(changed)
    if progress:
        progress(len(rows))
    if dry_run:
        summary.committed = False
        transaction.set_rollback(True)
    return summary
