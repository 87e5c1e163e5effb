"""Reads for the composer: what a draft says, what the coach knows, which times to offer.

Everything here is scoped to the actor; the rules themselves are pure, in
coffeechat.domain (drafting, coach, slots).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.domain import drafting, lifecycle, slots
from coffeechat.domain.coach import DraftFacts
from coffeechat.domain.lifecycle import MET_STAGES, Stage
from coffeechat.domain.messages import KeepInTouchReason, MessageKind
from coffeechat.interviews.models import Interview
from coffeechat.outreach.models import Message, MessageTemplate

# Which kinds make sense at which point of the lifecycle; the composer offers these.
BEFORE_ASKING = {Stage.PROSPECT, Stage.RESEARCHING, Stage.INTRO_REQUESTED, Stage.DEFERRED}


def their_zone(interview: Interview, my_tz: ZoneInfo) -> ZoneInfo:
    zone = interview.person.time_zone
    return ZoneInfo(zone) if zone else my_tz


def busy_for(*, actor, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The user's scheduled conversations between two moments, as (start, end)."""
    rows = Interview.objects.filter(
        owner=actor,
        stage=Stage.SCHEDULED,
        meeting_at__gte=start - timedelta(hours=2),
        meeting_at__lt=end,
    ).values_list("meeting_at", "minutes")
    return [(at, at + timedelta(minutes=minutes)) for at, minutes in rows]


def can_agree_time(interview: Interview) -> bool:
    """Whether a time can be agreed now: the interview may move to scheduled."""
    return lifecycle.is_allowed(interview.stage_enum, Stage.SCHEDULED)


def slots_for(*, actor, interview: Interview, count: int = 3, now: datetime | None = None):
    """Times to offer: inside both parties' hours, far enough out, around the calendar."""
    profile = profile_for(actor)
    now = now or timezone.now()
    mine, theirs = profile.tz, their_zone(interview, profile.tz)
    horizon = timedelta(days=profile.lead_days + 42)
    return slots.propose(
        now=now,
        minutes=interview.minutes,
        mine=slots.parse_windows(profile.availability),
        my_tz=mine,
        theirs=slots.parse_windows(interview.person.working_hours or slots.DEFAULT_WORKING_HOURS),
        their_tz=theirs,
        busy=busy_for(actor=actor, start=now, end=now + horizon),
        count=count,
        lead_days=profile.lead_days,
        horizon_days=profile.lead_days + 42,
    )


def describe_slot(*, actor, interview: Interview, slot) -> str:
    profile = profile_for(actor)
    return slots.describe(slot, my_tz=profile.tz, their_tz=their_zone(interview, profile.tz))


def template_for(*, actor, key: str) -> drafting.Template:
    """The user's version of a template, or the default."""
    mine = MessageTemplate.objects.filter(owner=actor, key=key).first()
    if mine is None:
        return drafting.default_template(key)
    return drafting.Template(subject=mine.subject, body=mine.body)


def templates_for(*, actor) -> list[dict]:
    """Every template with whether the user changed it, for the template editor."""
    mine = {t.key: t for t in MessageTemplate.objects.filter(owner=actor)}
    rows = []
    for key in drafting.TEMPLATE_KEYS:
        own = mine.get(key)
        default = drafting.default_template(key)
        kind, _, reason = key.partition(":")
        label = MessageKind(kind).label
        if reason:
            label = f"{label}: {KeepInTouchReason(reason).label}"
        rows.append(
            {
                "key": key,
                "label": label,
                "subject": own.subject if own else default.subject,
                "body": own.body if own else default.body,
                "changed": own is not None,
            }
        )
    return rows


def _background(lines_a: str, lines_b: str) -> drafting.Background:
    return drafting.Background(
        schools=drafting.split_list(lines_a), employers=drafting.split_list(lines_b)
    )


def common_ground_for(*, actor, interview: Interview) -> tuple[str, ...]:
    profile = profile_for(actor)
    person = interview.person
    employers = person.employers
    if person.organization_id:
        employers = f"{person.organization.name}\n{employers}"
    connector = ""
    if interview.connector_id and interview.connector_answer != "no":
        connector = interview.connector.name
    elif person.introduced_by_id:
        connector = person.introduced_by.name
    return drafting.common_ground(
        mine=_background(profile.schools, profile.employers),
        theirs=_background(person.schools, employers),
        connector_name=connector,
    )


def draft_context(
    *, actor, interview: Interview, time_options: tuple[str, ...] | None = None
) -> drafting.DraftContext:
    profile = profile_for(actor)
    person = interview.person
    if time_options is None:
        time_options = tuple(
            describe_slot(actor=actor, interview=interview, slot=slot)
            for slot in slots_for(actor=actor, interview=interview)
        )
    connector = interview.connector.name if interview.connector_id else ""
    meeting = ""
    if interview.meeting_at:
        meeting = timezone.localtime(interview.meeting_at, profile.tz).strftime("on %A %-d %B")
    return drafting.DraftContext(
        my_name=profile.name or actor.get_full_name() or actor.username,
        my_background=profile.background,
        my_pitch=profile.pitch,
        my_goals=profile.goals,
        sign_off=profile.sign_off,
        their_name=person.name,
        their_title=person.title,
        their_organization=person.organization.name if person.organization_id else "",
        purpose=interview.purpose,
        minutes=interview.minutes,
        formats=_formats(interview.format),
        time_options=time_options,
        common_ground=common_ground_for(actor=actor, interview=interview),
        connector_name=connector,
        marked_note=interview.quote_note,
        next_step=interview.next_step,
        the_ask=interview.ask,  # drafting words each ask as a sentence
        meeting_date=meeting,
    )


def _formats(preferred: str) -> tuple[str, ...]:
    rest = [f for f in ("video", "phone", "in_person") if f != preferred]
    return (preferred, *rest)


def kinds_for(interview: Interview) -> list[MessageKind]:
    """The messages that fit the interview now, most likely first."""
    stage = interview.stage_enum
    kinds: list[MessageKind] = []
    if stage in MET_STAGES:
        kinds = [MessageKind.THANK_YOU, MessageKind.KEEP_IN_TOUCH]
        if stage != Stage.HELD:
            kinds.reverse()
    elif stage in BEFORE_ASKING:
        kinds = [MessageKind.REQUEST]
    elif stage in (Stage.REQUESTED, Stage.FOLLOWED_UP):
        kinds = [MessageKind.FOLLOW_UP, MessageKind.REQUEST]
    else:
        kinds = [MessageKind.REQUEST, MessageKind.FOLLOW_UP]
    if interview.connector_id:
        kinds.append(MessageKind.INTRO)
    for kind in MessageKind:
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def messages_for(*, actor, interview: Interview) -> QuerySet[Message]:
    return Message.objects.filter(owner=actor, interview=interview)


def message_for(*, actor, pk: int) -> Message:
    """One of the user's messages; Message.DoesNotExist for anyone else's."""
    return (
        Message.objects.filter(owner=actor)
        .select_related("interview", "interview__person", "interview__person__organization")
        .get(pk=pk)
    )


def open_draft_for(
    *, actor, interview: Interview, kind: MessageKind, reason: KeepInTouchReason | None = None
) -> Message | None:
    """The draft of this kind the user is still writing, if any."""
    drafts = messages_for(actor=actor, interview=interview).filter(kind=kind, sent_at=None)
    if reason is not None:
        drafts = drafts.filter(reason=reason)
    return drafts.first()


def follow_ups_sent(*, actor, interview: Interview) -> int:
    """Follow-ups already out: sent from here, or the move to followed up by hand."""
    sent = messages_for(actor=actor, interview=interview).filter(
        kind=MessageKind.FOLLOW_UP, sent_at__isnull=False
    )
    count = sent.count()
    if count == 0 and interview.changes.filter(to_stage=Stage.FOLLOWED_UP).exists():
        return 1
    return count


def coach_facts(
    *, actor, interview: Interview, kind: MessageKind, subject: str, body: str, now=None
) -> DraftFacts:
    profile = profile_for(actor)
    person = interview.person
    ground = [person.name, *drafting.split_list(person.schools)]
    ground += drafting.split_list(person.employers)
    if person.organization_id:
        ground.append(person.organization.name)
    if interview.connector_id:
        ground.append(interview.connector.name)
    if person.introduced_by_id:
        ground.append(person.introduced_by.name)
    return DraftFacts(
        kind=kind,
        subject=subject,
        body=body,
        now=now or timezone.now(),
        time_zone=their_zone(interview, profile.tz),
        lead_days=profile.lead_days,
        meeting_at=interview.meeting_at if interview.stage_enum in MET_STAGES else None,
        follow_ups_sent=follow_ups_sent(actor=actor, interview=interview)
        if kind == MessageKind.FOLLOW_UP
        else 0,
        actively_applying=bool(interview.applying_for.strip()),
        common_ground=tuple(g for g in ground if g),
        marked_notes=(interview.quote_note,) if interview.quote_note.strip() else (),
    )
