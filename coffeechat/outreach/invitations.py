"""Agreeing a time, the calendar invitation for it, and the user's private calendar feed.

The invitation keeps one UID for the life of the interview; every re-issue for a new
time, and the cancellation, carries a higher SEQUENCE, so calendar apps update the one
event instead of adding another (RFC 5545, DOMAIN.md "Scheduling").
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.accounts.services import profile_for
from coffeechat.debrief.models import ActionItem
from coffeechat.domain import today as rules
from coffeechat.domain.lifecycle import MET_STAGES, IllegalMove, Stage
from coffeechat.exchange import ical
from coffeechat.interviews.models import Format, Interview
from coffeechat.interviews.services import (
    _check_owner,
    _lock_and_reload,
    interview_advance,
    interview_update,
)
from coffeechat.network.models import Person

REMINDER_MINUTES = 30
FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=180)
# A meeting is an event of its own in the feed; the other actions are all-day reminders.
NOT_IN_FEED = {rules.ActionKind.RECORD_MEETING}
MEETING_STAGES = (Stage.SCHEDULED, Stage.HELD, Stage.THANKED, Stage.KEEPING_IN_TOUCH)


@transaction.atomic
def time_agree(*, actor, interview: Interview, start: datetime) -> Interview:
    """They agreed to a time: the interview is scheduled for it (or moved to it)."""
    _check_owner(actor, interview)
    if timezone.is_naive(start):
        raise ValidationError({"start": "The time needs its time zone."})
    if start <= timezone.now():
        raise ValidationError({"start": "That time has passed; pick one ahead."})
    if interview.stage == Stage.SCHEDULED:
        # A new time for the same meeting: the next invitation re-issues the same event.
        return interview_update(actor=actor, interview=interview, meeting_at=start)
    try:
        return interview_advance(
            actor=actor, interview=interview, to_stage=Stage.SCHEDULED, meeting_at=start
        )
    except IllegalMove as refused:
        # Held, closed or already in touch: the callers show a ValidationError, not a 500.
        raise ValidationError(str(refused)) from None


def _agenda(interview: Interview) -> str:
    lines = [
        f"An informational interview: {interview.minutes} minutes, "
        f"{interview.get_format_display().lower()}.",
        f"Purpose: {interview.get_purpose_display()}.",
        "Not a job request: a conversation to learn from your experience.",
    ]
    return "\n".join(lines)


def _invitation(actor, interview: Interview, profile: Profile) -> ical.Invitation:
    person = interview.person
    me = profile.name or actor.get_full_name() or actor.username
    return ical.Invitation(
        uid=interview.ical_uid,
        sequence=interview.ical_sequence,
        start=interview.invited_start or interview.meeting_at,
        minutes=interview.minutes,
        tzid=profile.time_zone,
        summary=f"Informational interview: {me} / {person.name}",
        description=_agenda(interview),
        location=interview.place,
        organizer_name=me,
        organizer_email=profile.email,
        attendee_name=person.name,
        attendee_email=person.email,
        reminder_minutes=REMINDER_MINUTES,
    )


@transaction.atomic
def invitation_issue(*, actor, interview: Interview) -> bytes:
    """The invitation for the agreed time, as .ics bytes (METHOD:REQUEST).

    Asking again for the same time gives the same invitation; a new time raises the
    sequence, so the event in their calendar moves.
    """
    _check_owner(actor, interview)
    interview = _lock_and_reload(interview)
    if interview.stage != Stage.SCHEDULED or interview.meeting_at is None:
        raise ValidationError("Agree on a time first: an invitation needs the meeting time.")
    changed = []
    if not interview.ical_uid:
        interview.ical_uid = f"interview-{uuid.uuid4()}@coffeechat"
        interview.ical_sequence = 0
        changed += ["ical_uid", "ical_sequence"]
    elif interview.invited_start != interview.meeting_at:
        interview.ical_sequence += 1
        changed.append("ical_sequence")
    if interview.invited_start != interview.meeting_at:
        interview.invited_start = interview.meeting_at
        changed.append("invited_start")
    if changed:
        interview.save(update_fields=changed)
    return ical.invitation_ics(_invitation(actor, interview, profile_for(actor)))


def invitation_current(*, actor, interview: Interview) -> bytes | None:
    """The invitation already issued for the current time, without issuing one."""
    _check_owner(actor, interview)
    if (
        interview.stage != Stage.SCHEDULED
        or not interview.ical_uid
        or interview.invited_start != interview.meeting_at
    ):
        return None
    return ical.invitation_ics(_invitation(actor, interview, profile_for(actor)))


@transaction.atomic
def invitation_cancel(*, actor, interview: Interview) -> bytes:
    """Call the meeting off: the cancellation (METHOD:CANCEL) of the invitation sent.

    The interview goes back to requested, waiting for a new time, as rescheduling does.
    """
    _check_owner(actor, interview)
    interview = _lock_and_reload(interview)
    if not interview.ical_uid or interview.invited_start is None:
        raise ValidationError("No invitation was sent for this interview, so none to cancel.")
    if interview.stage in MET_STAGES:
        raise ValidationError("The conversation was held, so there is no meeting to cancel.")
    interview.ical_sequence += 1
    cancelled = _invitation(actor, interview, profile_for(actor))
    interview.invited_start = None
    interview.save(update_fields=["ical_sequence", "invited_start"])
    if interview.stage == Stage.SCHEDULED:
        interview_advance(actor=actor, interview=interview, to_stage=Stage.REQUESTED)
    return ical.cancellation_ics(cancelled)


# --- the private feed -----------------------------------------------------------------


@transaction.atomic
def feed_token_new(*, actor) -> str:
    """A new secret address for the feed; the old one stops working at once."""
    profile = profile_for(actor)
    profile.feed_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["feed_token"])
    return profile.feed_token


@transaction.atomic
def feed_token_revoke(*, actor) -> None:
    profile = profile_for(actor)
    profile.feed_token = ""
    profile.save(update_fields=["feed_token"])


def feed_owner(token: str):
    """The user whose feed this secret opens, or None."""
    if not token or len(token) < 20:
        return None
    profile = Profile.objects.select_related("user").filter(feed_token=token).first()
    if profile is None or not secrets.compare_digest(profile.feed_token, token):
        return None
    return profile.user


def feed_items(*, actor, now: datetime | None = None) -> list[ical.FeedItem]:
    """Scheduled conversations as timed events, and due actions as all-day reminders."""
    now = now or timezone.now()
    tz = profile_for(actor).tz
    start, end = now - FEED_PAST, now + FEED_AHEAD
    items: list[ical.FeedItem] = []
    interviews = (
        Interview.objects.filter(owner=actor, next_action_at__lt=end)
        .exclude(next_action_at=None)
        .select_related("person")
        .order_by("next_action_at", "pk")
    )
    for interview in interviews.iterator(chunk_size=500):
        person = interview.person
        for action in rules.interview_actions(interview.facts, tz):
            if action.kind in NOT_IN_FEED or not start <= action.due_at < end:
                continue
            # Prep is due by the midnight the meeting day starts: its day is the one before.
            day = action.show_from if action.kind == rules.ActionKind.PREP else action.due_at
            items.append(
                ical.FeedItem(
                    uid=f"action-{interview.pk}-{action.kind}@coffeechat",
                    summary=f"{action.kind.title}: {person.name}",
                    start=day.astimezone(tz).date(),
                )
            )
    # Meetings stay in the calendar once held: a subscription shouldn't lose its past.
    meetings = (
        Interview.objects.filter(
            owner=actor, meeting_at__gte=start, meeting_at__lt=end, stage__in=MEETING_STAGES
        )
        .select_related("person")
        .order_by("meeting_at", "pk")
    )
    for interview in meetings.iterator(chunk_size=500):
        items.append(
            ical.FeedItem(
                uid=interview.ical_uid or f"meeting-{interview.pk}@coffeechat",
                summary=f"Informational interview with {interview.person.name}",
                start=interview.meeting_at,
                minutes=interview.minutes,
                location=interview.place if interview.format != Format.PHONE else "",
            )
        )
    due_people = Person.objects.filter(
        owner=actor, keep_in_touch_due_at__gte=start, keep_in_touch_due_at__lt=end
    ).order_by("keep_in_touch_due_at", "pk")
    for person in due_people.only("pk", "name", "keep_in_touch_due_at").iterator(chunk_size=500):
        items.append(
            ical.FeedItem(
                uid=f"keep-in-touch-{person.pk}@coffeechat",
                summary=f"Keep in touch: {person.name}",
                start=person.keep_in_touch_due_at.astimezone(tz).date(),
            )
        )
    # Advice turned into action items: open ones on their due day, read off the
    # (owner, done_at, due_on) index.
    advice = (
        ActionItem.objects.filter(
            owner=actor,
            done_at__isnull=True,
            due_on__gte=start.astimezone(tz).date(),
            due_on__lt=end.astimezone(tz).date(),
        )
        .select_related("interview__person")
        .order_by("due_on", "pk")
    )
    for item in advice.iterator(chunk_size=500):
        items.append(
            ical.FeedItem(
                uid=f"action-item-{item.pk}@coffeechat",
                summary=f"{item.text} ({item.interview.person.name})",
                start=item.due_on,
                description=f"{rules.ActionKind.ACTION_ITEM.title}: "
                f"{item.interview.person.name} suggested it.",
            )
        )
    return items


def feed_for(*, actor, now: datetime | None = None) -> bytes:
    profile = profile_for(actor)
    return ical.feed_ics(
        feed_items(actor=actor, now=now), name="coffeechat", tzid=profile.time_zone
    )
