"""Writes to the user's network: people, organizations, interactions.

Every function takes the acting user and checks that whatever it touches is theirs.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.domain.seniority import Seniority, guess_seniority
from coffeechat.domain.today import keep_in_touch_action
from coffeechat.network.models import (
    Interaction,
    InteractionKind,
    InteractionPurpose,
    Organization,
    Person,
    Tag,
)
from coffeechat.validation import check_moments, refuse_control_characters

PERSON_FIELDS = (
    "name",
    "email",
    "phone",
    "linkedin_url",
    "title",
    "how_met",
    "notes",
    "is_mentor",
    "keep_in_touch",
    "keep_in_touch_days",
    "known",
    "tie_strength",
    "do_not_ask",
    "time_zone",
    "working_hours",
    "schools",
    "employers",
)


def _own(actor, obj, what: str):
    if obj is not None and obj.owner_id != actor.pk:
        # Same words as a missing object: another user's records do not exist for you.
        raise ValidationError({what: f"No such {what.replace('_', ' ')}."})
    return obj


@transaction.atomic
def organization_get_or_create(*, actor, name: str) -> Organization | None:
    refuse_control_characters(organization=name)
    name = " ".join((name or "").split())
    if not name:
        return None
    existing = Organization.objects.filter(owner=actor, name__iexact=name).first()
    if existing:
        return existing
    organization = Organization(owner=actor, name=name)
    organization.full_clean(exclude=["owner"], validate_constraints=False)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        # Created by a concurrent request since the lookup above (PostgreSQL).
        return Organization.objects.get(owner=actor, name__iexact=name)
    return organization


@transaction.atomic
def organization_create(*, actor, name: str, website: str = "", notes: str = "") -> Organization:
    refuse_control_characters(name=name, website=website, notes=notes)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "A name is required."})
    taken = ValidationError({"name": f"You already have an organization named {name}."})
    if Organization.objects.filter(owner=actor, name__iexact=name).exists():
        raise taken
    organization = Organization(
        owner=actor, name=name, website=(website or "").strip(), notes=(notes or "").strip()
    )
    organization.full_clean(exclude=["owner"], validate_constraints=False)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:  # the same name, created by a concurrent request
        raise taken from None
    return organization


@transaction.atomic
def organization_delete(*, actor, organization: Organization) -> None:
    """Delete an organization; its people stay, with no organization."""
    _own(actor, organization, "organization")
    organization.delete()


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields) -> Organization:
    _own(actor, organization, "organization")
    refuse_control_characters(**fields)
    for field in ("name", "website", "notes"):
        if field in fields:
            setattr(organization, field, (fields[field] or "").strip())
    organization.name = " ".join(organization.name.split())
    clash = (
        Organization.objects.filter(owner=actor, name__iexact=organization.name)
        .exclude(pk=organization.pk)
        .exists()
    )
    if clash:
        raise ValidationError(
            {"name": f"You already have an organization named {organization.name}."}
        )
    organization.full_clean(exclude=["owner"], validate_constraints=False)
    organization.save()
    from coffeechat.network.graph import touch

    touch(actor)  # paths name the organization; its people's rows don't change
    return organization


def _tags(actor, names) -> list[Tag]:
    if isinstance(names, str):
        names = names.split(",")
    wanted = []
    for raw in names or ():
        name = " ".join(str(raw).split()).lower()
        if name and name not in wanted:
            if len(name) > 50:
                raise ValidationError(
                    {"tags": f"The tag {name[:20]}… is longer than 50 characters."}
                )
            wanted.append(name)
    tags = []
    for name in wanted:
        tag = Tag.objects.filter(owner=actor, name__iexact=name).first()
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(owner=actor, name=name)
            except IntegrityError:  # created by a concurrent request meanwhile
                tag = Tag.objects.get(owner=actor, name__iexact=name)
        tags.append(tag)
    return tags


def refresh_keep_in_touch(person: Person, *, cadence_default: int) -> None:
    """Recompute when this person is next due a light touch (stored for Today's index)."""
    if person.keep_in_touch and person.last_contacted_at:
        cadence = person.keep_in_touch_days or cadence_default
        person.keep_in_touch_due_at = keep_in_touch_action(
            person.last_contacted_at, cadence
        ).show_from
    else:
        person.keep_in_touch_due_at = None


def _apply_person_fields(actor, person: Person, fields: dict) -> list[Tag] | None:
    refuse_control_characters(**{k: v for k, v in fields.items() if k != "tags"})
    if isinstance(fields.get("tags"), str):
        refuse_control_characters(tags=fields["tags"])
    for field in PERSON_FIELDS:
        if field in fields:
            value = fields[field]
            if isinstance(value, str):
                value = value.strip()
            setattr(person, field, value)
    if "name" in fields:
        person.name = " ".join(person.name.split())
    strength = fields.get("tie_strength")
    if isinstance(strength, int | float) and not 0 <= strength <= 1:  # NaN too
        raise ValidationError({"tie_strength": "How well you know them is a number from 0 to 1."})
    if not person.name:
        raise ValidationError({"name": "A name is required."})
    if "organization" in fields:
        person.organization = _own(actor, fields["organization"], "organization")
    elif "organization_name" in fields:
        person.organization = organization_get_or_create(
            actor=actor, name=fields["organization_name"]
        )
    if "introduced_by" in fields:
        introducer = _own(actor, fields["introduced_by"], "introduced_by")
        if introducer is not None and person.pk and introducer.pk == person.pk:
            raise ValidationError({"introduced_by": "Someone can't introduce you to themselves."})
        person.introduced_by = introducer
    seniority = fields.get("seniority")
    if seniority:
        person.seniority = Seniority(seniority)
        person.seniority_confirmed = True
    else:
        if seniority == "":  # asked to go back to the guess
            person.seniority_confirmed = False
        if not person.seniority_confirmed:
            person.seniority = guess_seniority(person.title)
    refresh_keep_in_touch(person, cadence_default=profile_for(actor).keep_in_touch_days)
    return _tags(actor, fields["tags"]) if "tags" in fields else None


@transaction.atomic
def person_create(*, actor, name: str, **fields) -> Person:
    """Add someone to the user's network.

    Fields: email, phone, linkedin_url, title, organization or organization_name,
    seniority (guessed from the title when not given), how_met, introduced_by,
    tags (names), notes, is_mentor, keep_in_touch, keep_in_touch_days.
    """
    person = Person(owner=actor)
    tags = _apply_person_fields(actor, person, {"name": name, **fields})
    person.full_clean(exclude=["owner", "tags"], validate_constraints=False)
    person.save()
    if tags:
        person.tags.set(tags)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    _own(actor, person, "person")
    tags = _apply_person_fields(actor, person, fields)
    person.full_clean(exclude=["owner", "tags"], validate_constraints=False)
    person.save()
    if tags is not None:
        person.tags.set(tags)
    return person


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    _own(actor, person, "person")
    person.delete()


_EMAIL_IN_ANGLES = re.compile(r"<([^>]+)>\s*$")


def _linkedin_pattern(url: str) -> str:
    """The same profile with or without scheme, "www." or a trailing slash."""
    core = re.sub(r"^(https?://)?(www\.)?", "", url.strip()).rstrip("/")
    return r"^(https?://)?(www\.)?" + re.escape(core) + r"/?$"


def person_find(*, actor, ref: str) -> Person:
    """Find one of the user's people by id, email, LinkedIn URL or exact name."""
    ref = (ref or "").strip()
    if not ref:
        raise ValidationError("Name someone: an id, an email, a LinkedIn URL or their name.")
    refuse_control_characters(person=ref)  # from a file's cell, say: PostgreSQL can't compare it
    people = Person.objects.filter(owner=actor)
    match = _EMAIL_IN_ANGLES.search(ref)
    if match:
        ref = match.group(1).strip()
    if ref.isdigit():
        found = people.filter(pk=int(ref))
    elif "@" in ref:
        found = people.filter(email__iexact=ref)
    elif ref.lower().startswith(("http://", "https://", "www.linkedin", "linkedin.com")):
        found = people.filter(linkedin_url__iregex=_linkedin_pattern(ref))
    else:
        found = people.filter(name__iexact=" ".join(ref.split()))
    hits = list(found[:2])
    if not hits:
        raise ValidationError(f"No one among your people matches {ref!r}.")
    if len(hits) > 1:
        raise ValidationError(
            f"Several of your people match {ref!r}; "
            "name them by email, e.g. 'Dana Lee <dana@example.org>'."
        )
    return hits[0]


PURPOSE_MOVES = {
    # Logging one of these messages on an interview moves it on, as sending it would.
    InteractionPurpose.REQUEST: ("prospect", "researching", "intro_requested", "deferred"),
    InteractionPurpose.FOLLOW_UP: ("requested",),
    InteractionPurpose.THANK_YOU: ("held",),
    InteractionPurpose.KEEP_IN_TOUCH: ("thanked",),
}
PURPOSE_TARGET = {
    InteractionPurpose.REQUEST: "requested",
    InteractionPurpose.FOLLOW_UP: "followed_up",
    InteractionPurpose.THANK_YOU: "thanked",
    InteractionPurpose.KEEP_IN_TOUCH: "keeping_in_touch",
}


def _check_answers_in_order(purpose, interview, occurred_at) -> None:
    """A follow-up can't predate the request, nor a thank-you the end of the meeting."""
    if purpose == InteractionPurpose.FOLLOW_UP:
        earliest, what = interview.stage_entered_at, "the request it follows up"
    elif purpose == InteractionPurpose.THANK_YOU:
        earliest, what = interview.facts.meeting_ends_at, "the end of the meeting"
    else:
        return
    if earliest is not None and occurred_at < earliest:
        when = timezone.localtime(earliest).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(
            {"occurred_at": f"This can't come before {what} ({when}); check the date."}
        )


@transaction.atomic
def interaction_log(
    *,
    actor,
    person: Person,
    kind: str,
    occurred_at: datetime | None = None,
    summary: str = "",
    interview=None,
    purpose: str = InteractionPurpose.GENERAL,
) -> Interaction:
    """Record an email, call, meeting, message, note or card; it sets "last contacted".

    When the interaction is the request, follow-up, thank-you or keep-in-touch note of
    an interview, the interview moves to the matching stage.
    """
    _own(actor, person, "person")
    refuse_control_characters(summary=summary)
    check_moments(occurred_at=occurred_at)
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + timezone.timedelta(minutes=5):
        raise ValidationError({"occurred_at": "An interaction can't be logged in the future."})
    if interview is not None:
        _own(actor, interview, "interview")
        if interview.person_id != person.pk:
            raise ValidationError({"interview": "That interview is with someone else."})
    elif purpose in PURPOSE_MOVES:
        # A thank-you (or request, follow-up, note) to someone belongs to the interview
        # that is waiting for it, when there is one.
        interview = (
            person.interviews.filter(stage__in=PURPOSE_MOVES[InteractionPurpose(purpose)])
            .order_by("-stage_entered_at", "-id")
            .first()
        )
    interaction = Interaction(
        owner=actor,
        person=person,
        interview=interview,
        kind=kind,
        purpose=purpose or InteractionPurpose.GENERAL,
        occurred_at=occurred_at,
        summary=(summary or "").strip(),
    )
    interaction.full_clean(exclude=["owner", "person", "interview"])
    interaction.save()
    if person.last_contacted_at is None or occurred_at > person.last_contacted_at:
        person.last_contacted_at = occurred_at
        refresh_keep_in_touch(person, cadence_default=profile_for(actor).keep_in_touch_days)
        person.save(update_fields=["last_contacted_at", "keep_in_touch_due_at", "updated_at"])
    purpose = InteractionPurpose(interaction.purpose)
    if interview is not None and interview.stage in PURPOSE_MOVES.get(purpose, ()):
        from coffeechat.interviews.services import interview_advance

        _check_answers_in_order(purpose, interview, occurred_at)
        # The message may predate the moment the last move was recorded (a thank-you
        # sent on Monday, "held" clicked on Tuesday): the move is dated no earlier.
        interview_advance(
            actor=actor,
            interview=interview,
            to_stage=PURPOSE_TARGET[purpose],
            at=max(occurred_at, interview.stage_entered_at),
            log_message=False,
        )
    return interaction


def interaction_kinds() -> list[str]:
    return [k.value for k in InteractionKind]
