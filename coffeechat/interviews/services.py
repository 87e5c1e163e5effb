"""Writes to interviews: open one, move it through the lifecycle, mark it prepared."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.domain import lifecycle
from coffeechat.domain.lifecycle import Stage
from coffeechat.domain.today import earliest_show_from
from coffeechat.interviews.models import Ask, Format, Interview, Purpose, StageChange
from coffeechat.network.models import InteractionKind, Person
from coffeechat.validation import check_moments, refuse_control_characters

# When the user defers without saying until when, the form and the CLI propose this.
DEFAULT_REVISIT = timedelta(days=30)
# A clock a few minutes fast on the user's phone should not be refused as "the future".
CLOCK_SKEW = timedelta(minutes=5)
MEETING_KIND = {
    Format.IN_PERSON: InteractionKind.MEETING,
    Format.PHONE: InteractionKind.CALL,
    Format.VIDEO: InteractionKind.CALL,
}


def _check_owner(actor, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.owner_id != actor.pk:
            raise ValidationError("No such person or interview.")


def refresh_next_action(interview: Interview, *, actor) -> None:
    interview.next_action_at = earliest_show_from(interview.facts, profile_for(actor).tz)


def _validated(interview: Interview) -> None:
    interview.full_clean(exclude=["owner", "person", "connector"], validate_constraints=False)
    if interview.minutes is None or not 15 <= interview.minutes <= 60:
        # The model validator speaks of values; this says what the practice allows.
        raise ValidationError({"minutes": "Ask for 15 to 60 minutes (20 is the usual ask)."})


@transaction.atomic
def interview_open(
    *,
    actor,
    person: Person,
    purpose: str = Purpose.EXPLORE,
    minutes: int = 20,
    format: str = Format.VIDEO,
    place: str = "",
    connector: Person | None = None,
    at: datetime | None = None,
    ask: str = Ask.STAY_IN_TOUCH,
    applying_for: str = "",
    quote_note: str = "",
    next_step: str = "",
) -> Interview:
    """Open an informational interview with someone, as a prospect."""
    _check_owner(actor, person, connector)
    refuse_control_characters(
        place=place, applying_for=applying_for, quote_note=quote_note, next_step=next_step
    )
    check_moments(at=at)
    if connector is not None and connector.pk == person.pk:
        raise ValidationError({"connector": "The connector must be someone else."})
    now = timezone.now()
    interview = Interview(
        owner=actor,
        person=person,
        connector=connector,
        purpose=purpose,
        minutes=minutes,
        format=format,
        place=(place or "").strip(),
        ask=ask,
        applying_for=(applying_for or "").strip(),
        quote_note=(quote_note or "").strip(),
        next_step=(next_step or "").strip(),
        stage=Stage.PROSPECT,
        stage_entered_at=at or now,
    )
    _validated(interview)
    refresh_next_action(interview, actor=actor)
    interview.save()
    StageChange.objects.create(
        interview=interview, to_stage=Stage.PROSPECT, at=interview.stage_entered_at
    )
    return interview


@transaction.atomic
def interview_update(*, actor, interview: Interview, **fields) -> Interview:
    """Change purpose, minutes, format, place, the ask, meeting time or revisit date."""
    _check_owner(actor, interview)
    refuse_control_characters(**fields)
    check_moments(meeting_at=fields.get("meeting_at"), revisit_on=fields.get("revisit_on"))
    # Decide on the stored row, so an edit can't undo a move another tab just made.
    _lock_and_reload(interview)
    meeting_before = interview.meeting_at
    changed = []
    for field in UPDATABLE:
        if field in fields:
            value = fields[field]
            setattr(interview, field, value.strip() if isinstance(value, str) else value)
            changed.append(field)
    if interview.meeting_at != meeting_before and interview.prepared_at is not None:
        # Prepared for another time: the new meeting needs its own prep.
        interview.prepared_at = None
        changed.append("prepared_at")
    if interview.stage == Stage.DEFERRED and interview.revisit_on is None:
        raise ValidationError({"revisit_on": "A deferred interview needs a date to revisit."})
    if interview.stage == Stage.SCHEDULED and interview.meeting_at is None:
        raise ValidationError({"meeting_at": "A scheduled interview needs the meeting time."})
    _validated(interview)
    refresh_next_action(interview, actor=actor)
    interview.save(update_fields=[*changed, "next_action_at", "updated_at"])
    return interview


UPDATABLE = (
    "purpose",
    "minutes",
    "format",
    "place",
    "meeting_at",
    "revisit_on",
    "ask",
    "applying_for",
    "quote_note",
    "next_step",
)


def _lock_and_reload(interview: Interview) -> Interview:
    # On PostgreSQL two tabs moving the same interview must not both pass the lifecycle
    # check on the same old stage; SQLite serializes writers already (IMMEDIATE).
    Interview.objects.select_for_update().only("pk").get(pk=interview.pk)
    interview.refresh_from_db()
    return interview


@transaction.atomic
def interview_advance(
    *,
    actor,
    interview: Interview,
    to_stage: str | Stage,
    at: datetime | None = None,
    meeting_at: datetime | None = None,
    revisit_on: date | None = None,
    log_message: bool = True,
) -> Interview:
    """Move an interview to another stage, if the lifecycle allows it.

    `at` is when the move took effect (default now). Entering `scheduled` needs the
    meeting time; entering `deferred` needs a date to revisit. Entering `held` takes
    the scheduled time as the meeting, or, with none, a meeting that just ended at `at`.
    A move that means a message went out (the request, the follow-up, the thank-you)
    puts it on the timeline, which also resets keep-in-touch; `log_message=False` is for
    callers that log the message themselves.
    """
    _check_owner(actor, interview)
    check_moments(at=at, meeting_at=meeting_at, revisit_on=revisit_on)
    to_stage = Stage(to_stage)
    current = _lock_and_reload(interview)
    from_stage = Stage(current.stage)
    lifecycle.check_move(from_stage, to_stage)
    now = timezone.now()
    at = at or now
    if at > now + CLOCK_SKEW:
        raise ValidationError({"at": "A move can't happen in the future."})
    if at < current.stage_entered_at:
        when = timezone.localtime(current.stage_entered_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(
            {
                "at": f"The interview became {from_stage.label.lower()} on {when}; "
                "a move can't come before that."
            }
        )

    if to_stage == Stage.SCHEDULED:
        if meeting_at is None:
            raise ValidationError({"meeting_at": "When is the meeting? Give its date and time."})
        current.meeting_at = meeting_at
        current.prepared_at = None
    elif to_stage == Stage.DEFERRED:
        if revisit_on is None:
            raise ValidationError({"revisit_on": "A deferred interview needs a date to revisit."})
        current.revisit_on = revisit_on
    elif to_stage == Stage.HELD:
        if meeting_at is not None:
            if meeting_at > at:
                raise ValidationError(
                    {"meeting_at": "A held meeting can't start after the moment it was held."}
                )
            current.meeting_at = meeting_at
        elif from_stage != Stage.SCHEDULED or current.meeting_at is None or current.meeting_at > at:
            # Only a meeting that is on the calendar right now counts; a time left over
            # from before a deferral or a reschedule is not this conversation.
            current.meeting_at = at - timedelta(minutes=current.minutes)
    elif from_stage == Stage.SCHEDULED and to_stage == Stage.REQUESTED:
        # Rescheduling: the old time is void until a new one is agreed.
        current.meeting_at = None
        current.prepared_at = None

    current.stage = to_stage
    current.stage_entered_at = at
    refresh_next_action(current, actor=actor)
    current.save()
    StageChange.objects.create(interview=current, from_stage=from_stage, to_stage=to_stage, at=at)

    if to_stage == Stage.HELD:
        _record_meeting(actor, current)
    elif log_message and to_stage in MESSAGE_SENT and (from_stage, to_stage) not in NOT_A_MESSAGE:
        _record_message(actor, current, to_stage, at)
    return current


# Moves that mean the user sent a message: what it was, for the timeline.
MESSAGE_SENT = {
    Stage.REQUESTED: "request",
    Stage.FOLLOWED_UP: "follow_up",
    Stage.THANKED: "thank_you",
}
MESSAGE_SUMMARY = {
    Stage.REQUESTED: "Request sent",
    Stage.FOLLOWED_UP: "Follow-up sent",
    Stage.THANKED: "Thank-you sent",
}
# Back to requested from scheduled is a reschedule, not a new request.
NOT_A_MESSAGE = {(Stage.SCHEDULED, Stage.REQUESTED)}


def _record_message(actor, interview: Interview, to_stage: Stage, at: datetime) -> None:
    from coffeechat.network.services import interaction_log

    interaction_log(
        actor=actor,
        person=interview.person,
        interview=interview,
        kind=InteractionKind.EMAIL,
        purpose=MESSAGE_SENT[to_stage],
        summary=MESSAGE_SUMMARY[to_stage],
        occurred_at=min(at, timezone.now()),
    )


def _record_meeting(actor, interview: Interview) -> None:
    """A held conversation is contact: it goes on the timeline and starts keep-in-touch."""
    from coffeechat.network.services import interaction_log, person_update

    person = interview.person
    interaction_log(
        actor=actor,
        person=person,
        interview=interview,
        kind=MEETING_KIND[Format(interview.format)],
        occurred_at=min(interview.meeting_at, timezone.now()),
        summary=(
            f"Informational interview ({interview.minutes} min, "
            f"{interview.get_format_display().lower()})"
        ),
    )
    if not person.keep_in_touch:
        person.refresh_from_db()
        person_update(actor=actor, person=person, keep_in_touch=True)


@transaction.atomic
def interview_mark_prepared(
    *, actor, interview: Interview, at: datetime | None = None
) -> Interview:
    _check_owner(actor, interview)
    if interview.stage != Stage.SCHEDULED:
        raise ValidationError("Preparing is for a scheduled meeting; schedule it first.")
    interview.prepared_at = at or timezone.now()
    refresh_next_action(interview, actor=actor)
    interview.save(update_fields=["prepared_at", "next_action_at", "updated_at"])
    return interview


@transaction.atomic
def interview_delete(*, actor, interview: Interview) -> None:
    _check_owner(actor, interview)
    interview.delete()
