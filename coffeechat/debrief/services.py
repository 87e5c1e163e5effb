"""Writes for the debrief: what the user learned, the actions their advice became, and
the people they suggested (DOMAIN.md "After").

A debrief is for a conversation that happened: held, thanked or keeping in touch.
Nothing here logs what the user wrote; the notes are theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.debrief.models import FIT_MAX, FIT_MIN, ActionItem, Debrief
from coffeechat.domain.lifecycle import CLOSED_STAGES, MET_STAGES
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import _check_owner, interview_open, interview_update
from coffeechat.network.models import Person
from coffeechat.network.services import person_create, person_update
from coffeechat.validation import check_moments, refuse_control_characters

TEXT_FIELDS = (
    "day_to_day",
    "skills",
    "team_size",
    "team_ways",
    "flexible_work",
    "office_setting",
    "management_style",
    "red_flags",
    "fit_reason",
    "advice",
)
DEBRIEF_FIELDS = (*TEXT_FIELDS, "fit")
# Kept on the interview, where the thank-you draft reads them.
QUOTE_FIELDS = ("quote_note", "next_step")
ACTION_TEXT_MAX = ActionItem._meta.get_field("text").max_length
HOW_MET_MAX = Person._meta.get_field("how_met").max_length


def can_debrief(interview: Interview) -> bool:
    return interview.stage_enum in MET_STAGES


def _require_met(interview: Interview, what: str) -> None:
    if not can_debrief(interview):
        raise ValidationError(
            f"{what} is for a conversation that happened, and the one with "
            f"{interview.person.name} is {interview.stage_enum.label.lower()}. "
            "Record the meeting as held first."
        )


def _lock(interview: Interview) -> Interview:
    # Two tabs saving the same debrief must not both create it (PostgreSQL; SQLite
    # serializes writers already).
    Interview.objects.select_for_update().only("pk").get(pk=interview.pk)
    interview.refresh_from_db()
    return interview


def checked_fit(value) -> int | None:
    """The fit as a whole number from 1 to 5, or None when left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        value = str(value)
    try:
        fit = int(str(value).strip())
    except ValueError:
        fit = None
    if fit is None or not FIT_MIN <= fit <= FIT_MAX:
        raise ValidationError(
            {
                "fit": f"How well you'd fit is a whole number from {FIT_MIN} to {FIT_MAX}, "
                f"not {str(value)[:20]!r}."
            }
        )
    return fit


@transaction.atomic
def debrief_save(*, actor, interview: Interview, **fields) -> Debrief:
    """Save any of the debrief's parts; the quote and next step go on the interview.

    Fields not given stay as they were. Nothing is saved if any field is refused.
    """
    _check_owner(actor, interview)
    unknown = set(fields) - set(DEBRIEF_FIELDS) - set(QUOTE_FIELDS)
    if unknown:
        raise TypeError(f"debrief_save got unknown fields: {', '.join(sorted(unknown))}")
    interview = _lock(interview)
    _require_met(interview, "A debrief")
    refuse_control_characters(**fields)
    debrief = Debrief.objects.filter(interview=interview).first() or Debrief(
        owner=actor, interview=interview
    )
    for field in TEXT_FIELDS:
        if field in fields:
            value = (fields[field] or "").replace("\r\n", "\n").strip()
            setattr(debrief, field, value)
    if "fit" in fields:
        debrief.fit = checked_fit(fields["fit"])
    debrief.full_clean(exclude=["owner", "interview"], validate_constraints=False)
    quote = {field: fields[field] or "" for field in QUOTE_FIELDS if field in fields}
    if quote:
        quote_save(actor=actor, interview=interview, **quote)
    debrief.save()
    return debrief


@transaction.atomic
def quote_save(*, actor, interview: Interview, **fields) -> Interview:
    """What a thank-you can quote, and what the user will do with the advice."""
    unknown = set(fields) - set(QUOTE_FIELDS)
    if unknown:
        raise TypeError(f"quote_save got unknown fields: {', '.join(sorted(unknown))}")
    return interview_update(actor=actor, interview=interview, **fields)


# --- action items ----------------------------------------------------------------------


def _today(actor) -> date:
    return timezone.now().astimezone(profile_for(actor).tz).date()


@transaction.atomic
def action_item_add(*, actor, interview: Interview, text: str, due_on: date | None) -> ActionItem:
    """Advice turned into something to do by a day; it shows on Today from that day."""
    _check_owner(actor, interview)
    refuse_control_characters(text=text)
    interview = _lock(interview)
    _require_met(interview, "An action from their advice")
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": "Say what you will do, e.g. take the course they named."})
    if len(text) > ACTION_TEXT_MAX:
        raise ValidationError(
            {"text": f"Keep the action under {ACTION_TEXT_MAX} characters (it has {len(text)})."}
        )
    if due_on is None:
        raise ValidationError({"due_on": "Give the day you mean to do it by."})
    if isinstance(due_on, datetime) or not isinstance(due_on, date):
        raise ValidationError({"due_on": "The due day is a date, such as 2026-12-03."})
    check_moments(due_on=due_on)
    today = _today(actor)
    if due_on < today:
        passed = f"{due_on.isoformat()} has passed; pick today ({today.isoformat()}) or later."
        raise ValidationError({"due_on": passed})
    return ActionItem.objects.create(owner=actor, interview=interview, text=text, due_on=due_on)


def _locked_item(actor, item: ActionItem) -> ActionItem:
    _check_owner(actor, item)
    return ActionItem.objects.select_for_update().get(pk=item.pk, owner=actor)


@transaction.atomic
def action_item_done(*, actor, item: ActionItem, at: datetime | None = None) -> ActionItem:
    item = _locked_item(actor, item)
    if item.done_at is not None:
        raise ValidationError(f"“{item.text}” is marked done already.")
    item.done_at = at or timezone.now()
    item.save(update_fields=["done_at"])
    return item


@transaction.atomic
def action_item_reopen(*, actor, item: ActionItem) -> ActionItem:
    item = _locked_item(actor, item)
    if item.done_at is None:
        raise ValidationError(f"“{item.text}” is still open.")
    item.done_at = None
    item.save(update_fields=["done_at"])
    return item


@transaction.atomic
def action_item_delete(*, actor, item: ActionItem) -> None:
    _check_owner(actor, item)
    item.delete()


# --- people they suggested -------------------------------------------------------------


@dataclass(frozen=True)
class Referral:
    person: Person
    interview: Interview
    new_person: bool
    new_interview: bool


# An interview still heading for its conversation: a second referral reuses it.
def _open_interview_with(actor, person: Person) -> Interview | None:
    done = {*MET_STAGES, *CLOSED_STAGES}
    return (
        Interview.objects.filter(owner=actor, person=person)
        .exclude(stage__in=[s.value for s in done])
        .order_by("-updated_at", "-id")
        .first()
    )


def _how_met(suggested_by: str, how: str) -> str:
    words = f"Suggested by {suggested_by}"
    if how:
        words = f"{words}: {how}"
    return words[:HOW_MET_MAX]


@transaction.atomic
def referral_add(
    *,
    actor,
    interview: Interview,
    name: str,
    organization: str = "",
    title: str = "",
    email: str = "",
    how: str = "",
) -> Referral:
    """Someone they suggested talking to: a person introduced by the interviewee, and a
    prospect interview marked as coming from this conversation.

    Someone already among the user's people (same email) is reused, and so is an
    interview with them still under way: a second suggestion adds no second prospect.
    """
    _check_owner(actor, interview)
    refuse_control_characters(
        name=name, organization=organization, title=title, email=email, how=how
    )
    interview = _lock(interview)
    _require_met(interview, "Adding who they suggested")
    suggested_by = interview.person
    name = " ".join((name or "").split())
    email = (email or "").strip()
    how = " ".join((how or "").split())
    if not name:
        raise ValidationError({"name": "Give the name of the person they suggested."})
    existing = None
    if email:
        existing = Person.objects.filter(owner=actor, email__iexact=email).first()
    if existing is not None and existing.pk == suggested_by.pk:
        raise ValidationError(
            {"email": f"That is {suggested_by.name}'s own address: name someone else."}
        )
    if existing is None:
        person = person_create(
            actor=actor,
            name=name,
            email=email,
            title=(title or "").strip(),
            organization_name=organization or "",
            introduced_by=suggested_by,
            how_met=_how_met(suggested_by.name, how),
        )
    else:
        person = existing
        if person.introduced_by_id is None:
            # Who introduced them is a fact the user may have set: only fill it in.
            person = person_update(actor=actor, person=person, introduced_by=suggested_by)
    prospect = _open_interview_with(actor, person)
    new_interview = prospect is None
    if prospect is None:
        prospect = interview_open(actor=actor, person=person, purpose=interview.purpose)
    if prospect.referred_from_id is None:
        prospect.referred_from = interview
        prospect.save(update_fields=["referred_from", "updated_at"])
    return Referral(person, prospect, existing is None, new_interview)
