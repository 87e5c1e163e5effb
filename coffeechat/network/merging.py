"""Two records of one person become one; or the user says two look-alikes are two people.

A merge loses nothing: every interaction, interview (as the person met or as the
connector), link, tag and introduction of the other record moves to the one kept; what
the kept record lacks (an email, a title, an organization...) is filled from the other,
notes are joined; then the other record is deleted. One transaction, so a failure
leaves both records as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.domain.seniority import guess_seniority
from coffeechat.interviews.models import Interview
from coffeechat.network.models import DuplicateDismissal, Interaction, Link, Person
from coffeechat.network.services import _own, refresh_keep_in_touch

# Taken from the other record when the kept one has none.
BLANK_FILLED = ("email", "phone", "linkedin_url", "title", "how_met")
NOTES_SEPARATOR = "\n\n---\n\n"
# Where the model's own label reads badly on a confirmation page.
LABELS = {
    "first_degree_since": "Connected since",
    "is_mentor": "Mentor",
    "keep_in_touch": "Keep in touch",
    "keep_in_touch_days": "Keep in touch every (days)",
    "last_contacted_at": "Last contacted",
}


@dataclass
class MergePlan:
    """What merging `other` into `keep` does: shown before, reported after."""

    keep: Person
    other: Person
    interactions: int = 0
    interviews: int = 0
    connector_of: int = 0
    links_moved: int = 0
    # The link between the two, and links the kept person already has (the stronger stays).
    links_dropped: int = 0
    introduced: int = 0
    tags: list[str] = field(default_factory=list)
    # field name -> the value the kept person gets
    fills: dict[str, object] = field(default_factory=dict)

    @property
    def people(self) -> tuple[Person, Person]:
        return self.keep, self.other

    @property
    def changes(self) -> list[tuple[str, str]]:
        """The kept person's fields that change, as (label, new value) for people to read."""
        shown = []
        for name, value in self.fills.items():
            if name == "seniority_confirmed":
                continue
            model_field = Person._meta.get_field(name)
            if name == "notes" and self.keep.notes.strip():
                value = f"{self.other.name}'s notes added below theirs"
            elif model_field.choices:
                value = dict(model_field.choices)[value]
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, datetime):
                value = timezone.localtime(value).date().isoformat()
            elif value is None:
                value = "nobody (it was one of the two)"
            label = LABELS.get(name) or str(model_field.verbose_name)
            shown.append((label[:1].upper() + label[1:], str(value)))
        return shown

    @property
    def moved(self) -> list[str]:
        """What moves, in words: ["3 timeline entries", "1 interview", ...]."""
        counts = [
            (self.interactions, "timeline entry", "timeline entries"),
            (self.interviews, "interview", "interviews"),
            (self.connector_of, "interview as connector", "interviews as connector"),
            (self.links_moved, "link", "links"),
            (self.introduced, "person introduced", "people introduced"),
            (len(self.tags), "tag", "tags"),
        ]
        return [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]

    def as_dict(self) -> dict:
        return {
            "kept": {"id": self.keep.pk, "name": self.keep.name},
            "merged": {"id": self.other.pk, "name": self.other.name},
            "moved": {
                "interactions": self.interactions,
                "interviews": self.interviews,
                "interviews_as_connector": self.connector_of,
                "links": self.links_moved,
                "links_dropped": self.links_dropped,
                "people_introduced": self.introduced,
                "tags": self.tags,
            },
            "filled": sorted(self.fills),
        }


def _fills(keep: Person, other: Person) -> dict[str, object]:
    """The kept person's fields after the merge, where they change."""
    fills: dict[str, object] = {}
    for name in BLANK_FILLED:
        if not getattr(keep, name) and getattr(other, name):
            fills[name] = getattr(other, name)
    if keep.organization_id is None and other.organization_id is not None:
        fills["organization"] = other.organization
    # Whoever introduced either of them; never one of the two themselves.
    introducer = keep.introduced_by if keep.introduced_by_id != other.pk else None
    if introducer is None and other.introduced_by_id not in (None, keep.pk):
        introducer = other.introduced_by
    if introducer != keep.introduced_by:
        fills["introduced_by"] = introducer
    if other.first_degree_since and (
        keep.first_degree_since is None or other.first_degree_since < keep.first_degree_since
    ):
        fills["first_degree_since"] = other.first_degree_since
    if other.notes.strip() and other.notes.strip() not in keep.notes:
        fills["notes"] = (
            f"{keep.notes.rstrip()}{NOTES_SEPARATOR}{other.notes.strip()}"
            if keep.notes.strip()
            else other.notes
        )
    for flag in ("is_mentor", "keep_in_touch"):
        if getattr(other, flag) and not getattr(keep, flag):
            fills[flag] = True
    if keep.keep_in_touch_days is None and other.keep_in_touch_days is not None:
        fills["keep_in_touch_days"] = other.keep_in_touch_days
    if other.last_contacted_at and (
        keep.last_contacted_at is None or other.last_contacted_at > keep.last_contacted_at
    ):
        fills["last_contacted_at"] = other.last_contacted_at
    if not keep.seniority_confirmed and other.seniority_confirmed:
        fills["seniority"] = other.seniority
        fills["seniority_confirmed"] = True
    elif not keep.seniority_confirmed and "title" in fills:
        guess = guess_seniority(fills["title"])
        if guess != keep.seniority:
            fills["seniority"] = guess
    return fills


def _links(keep: Person, other: Person) -> tuple[list[tuple[Link, int, int]], list, list]:
    """Other's links as they will be: (moved, with new ends), dropped, and strengthened."""
    known = {
        (link.from_person_id, link.to_person_id, link.kind): link
        for link in Link.objects.filter(Q(from_person=keep) | Q(to_person=keep))
    }
    moved, dropped, strengthened = [], [], []
    for link in Link.objects.filter(Q(from_person=other) | Q(to_person=other)).order_by("pk"):
        ends = [
            keep.pk if pk == other.pk else pk for pk in (link.from_person_id, link.to_person_id)
        ]
        if ends[0] == ends[1]:  # the link between the two
            dropped.append(link)
            continue
        same = known.get((ends[0], ends[1], link.kind))
        if same is not None:
            dropped.append(link)
            if link.strength > same.strength or (link.how and not same.how):
                same.strength = max(same.strength, link.strength)
                same.how = same.how or link.how
                strengthened.append(same)
            continue
        moved.append((link, ends[0], ends[1]))
        known[ends[0], ends[1], link.kind] = link
    return moved, dropped, strengthened


def _check(actor, keep: Person, other: Person) -> None:
    _own(actor, keep, "person")
    _own(actor, other, "person")
    if keep.pk == other.pk:
        raise ValidationError({"person": "Someone can't be merged with themselves."})


def _prepare(keep: Person, other: Person) -> tuple[MergePlan, tuple]:
    moved, dropped, strengthened = _links(keep, other)
    owned = {tag.name for tag in keep.tags.all()}
    plan = MergePlan(
        keep=keep,
        other=other,
        interactions=Interaction.objects.filter(person=other).count(),
        interviews=Interview.objects.filter(person=other).count(),
        connector_of=Interview.objects.filter(connector=other).count(),
        links_moved=len(moved),
        links_dropped=len(dropped),
        introduced=Person.objects.filter(introduced_by=other).exclude(pk=keep.pk).count(),
        tags=[tag.name for tag in other.tags.all() if tag.name not in owned],
        fills=_fills(keep, other),
    )
    return plan, (moved, dropped, strengthened)


def merge_preview(*, actor, keep: Person, other: Person) -> MergePlan:
    """What merge_people would do, without doing it: for the confirmation step."""
    _check(actor, keep, other)
    return _prepare(keep, other)[0]


@transaction.atomic
def merge_people(*, actor, keep: Person, other: Person) -> MergePlan:
    """Merge `other` into `keep`: keep gains everything of other's; other is deleted."""
    _check(actor, keep, other)
    # Locked in id order, so two merges of the same pair can't deadlock (PostgreSQL).
    locked = Person.objects.select_for_update().filter(owner=actor, pk__in=[keep.pk, other.pk])
    fresh = {person.pk: person for person in locked.order_by("pk")}
    if len(fresh) != 2:  # merged or deleted meanwhile
        raise ValidationError({"person": "No such person."})
    keep, other = fresh[keep.pk], fresh[other.pk]
    plan, (moved, dropped, strengthened) = _prepare(keep, other)

    Interaction.objects.filter(person=other).update(person=keep)
    # Interviews keep their next_action_at: it follows from an interview's own stage and
    # dates (coffeechat.domain.today), not from whom it is with.
    Interview.objects.filter(person=other).update(person=keep)
    Interview.objects.filter(connector=other).update(connector=keep)
    # An interview with one of the two that the other was asked to introduce: nobody
    # introduces someone to themselves.
    Interview.objects.filter(person=keep, connector=keep).update(connector=None)
    Link.objects.filter(pk__in=[link.pk for link in dropped]).delete()
    for link in strengthened:
        link.save(update_fields=["strength", "how"])
    for link, from_pk, to_pk in moved:
        Link.objects.filter(pk=link.pk).update(from_person_id=from_pk, to_person_id=to_pk)
    Person.objects.filter(introduced_by=other).exclude(pk=keep.pk).update(introduced_by=keep)
    keep.tags.add(*other.tags.all())
    _move_dismissals(actor, keep, other)

    for name, value in plan.fills.items():
        setattr(keep, name, value)
    refresh_keep_in_touch(keep, cadence_default=profile_for(actor).keep_in_touch_days)
    keep.save()
    # Through the queryset, so `other` keeps its id for the report.
    Person.objects.filter(pk=other.pk).delete()
    from coffeechat.network.graph import touch

    touch(actor)  # links moved between people: no count the graph watches may change
    return plan


def _move_dismissals(actor, keep: Person, other: Person) -> None:
    """What the user said of the other ("not the same person as...") now holds for keep."""
    theirs = DuplicateDismissal.objects.filter(owner=actor)
    said = set(theirs.filter(person_a=keep).values_list("person_b", flat=True))
    said |= set(theirs.filter(person_b=keep).values_list("person_a", flat=True))
    for dismissal in theirs.filter(Q(person_a=other) | Q(person_b=other)):
        stranger = (
            dismissal.person_b_id if dismissal.person_a_id == other.pk else dismissal.person_a_id
        )
        if stranger == keep.pk or stranger in said:
            dismissal.delete()
            continue
        dismissal.person_a_id, dismissal.person_b_id = sorted((keep.pk, stranger))
        dismissal.save(update_fields=["person_a", "person_b"])
        said.add(stranger)


@transaction.atomic
def duplicate_dismiss(*, actor, a: Person, b: Person) -> DuplicateDismissal:
    """Record that a and b are two people, so they are not offered as duplicates again."""
    _own(actor, a, "person")
    _own(actor, b, "person")
    if a.pk == b.pk:
        raise ValidationError({"person": "That is one person, not two."})
    low, high = sorted((a.pk, b.pk))
    existing = DuplicateDismissal.objects.filter(owner=actor, person_a=low, person_b=high).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return DuplicateDismissal.objects.create(owner=actor, person_a_id=low, person_b_id=high)
    except IntegrityError:  # dismissed by a concurrent request meanwhile
        return DuplicateDismissal.objects.get(owner=actor, person_a=low, person_b=high)
