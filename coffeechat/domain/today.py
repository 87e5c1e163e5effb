"""When the next action on an interview or a person is due: DOMAIN.md's clock, as pure rules.

Each rule yields an Action with three moments:
- show_from: when it appears on Today,
- due_at: the deadline the practice sets (the thank-you within 24 hours),
- overdue_at: when it is late (the thank-you at 48 hours at the latest).
An action may also stop applying (`until`): preparing makes no sense once the
meeting has started; the next action (record the meeting) takes over.

All times are aware datetimes. Day-based rules ("the day before", "revisit on")
are counted in the user's own time zone, passed in as `tz`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from coffeechat.domain.lifecycle import Stage

THANK_YOU_DUE = timedelta(hours=24)
THANK_YOU_OVERDUE = timedelta(hours=48)
FOLLOW_UP_AFTER = timedelta(days=7)
NO_REPLY_AFTER = timedelta(days=7)
KEEP_IN_TOUCH_DAYS = 90
# Actions without a deadline of their own (a follow-up, a revisit) count as
# overdue once a whole day has passed since they fell due.
GRACE = timedelta(days=1)


class ActionKind(StrEnum):
    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    CLOSE_NO_REPLY = "close_no_reply"
    PREP = "prep"
    RECORD_MEETING = "record_meeting"
    REVISIT = "revisit"
    KEEP_IN_TOUCH = "keep_in_touch"
    FOLLOW_UP_CONNECTOR = "follow_up_connector"
    # Advice from a conversation, turned into something to do by a day (the debrief).
    ACTION_ITEM = "action_item"

    @property
    def title(self) -> str:
        return TITLES[self]

    @property
    def done_label(self) -> str:
        return DONE_LABELS[self]


TITLES = {
    ActionKind.THANK_YOU: "Send a thank-you",
    ActionKind.FOLLOW_UP: "Follow up once",
    ActionKind.CLOSE_NO_REPLY: "Close as no reply",
    ActionKind.PREP: "Prepare for the meeting",
    ActionKind.RECORD_MEETING: "Record the meeting",
    ActionKind.REVISIT: "Revisit the deferred ask",
    ActionKind.KEEP_IN_TOUCH: "Keep in touch",
    ActionKind.FOLLOW_UP_CONNECTOR: "Follow up once with the connector",
    ActionKind.ACTION_ITEM: "Do what they advised",
}
DONE_LABELS = {
    ActionKind.THANK_YOU: "Thank-you sent",
    ActionKind.FOLLOW_UP: "Follow-up sent",
    ActionKind.CLOSE_NO_REPLY: "Close as no reply",
    ActionKind.PREP: "Prepared",
    ActionKind.RECORD_MEETING: "Meeting held",
    ActionKind.REVISIT: "Pick it up again",
    ActionKind.KEEP_IN_TOUCH: "Got in touch",
    ActionKind.FOLLOW_UP_CONNECTOR: "Followed up",
    ActionKind.ACTION_ITEM: "Done",
}


class Status(StrEnum):
    UPCOMING = "upcoming"  # on Today, its deadline still ahead
    DUE = "due"  # past its deadline
    OVERDUE = "overdue"  # past the latest it should be done

    @property
    def label(self) -> str:
        return {"upcoming": "To do", "due": "Due now", "overdue": "Overdue"}[self.value]


@dataclass(frozen=True)
class Action:
    kind: ActionKind
    show_from: datetime
    due_at: datetime
    overdue_at: datetime
    until: datetime | None = None

    def applies_at(self, now: datetime) -> bool:
        return self.show_from <= now and (self.until is None or now < self.until)

    def status_at(self, now: datetime) -> Status:
        if now >= self.overdue_at:
            return Status.OVERDUE
        if now >= self.due_at:
            return Status.DUE
        return Status.UPCOMING


@dataclass(frozen=True)
class InterviewFacts:
    """What the clock needs to know about one interview."""

    stage: Stage
    stage_entered_at: datetime
    minutes: int
    meeting_at: datetime | None = None
    revisit_on: date | None = None
    prepared: bool = False
    # A connector was asked for an introduction and hasn't answered yet.
    connector_waiting: bool = False
    connector_followed_up: bool = False

    @property
    def meeting_ends_at(self) -> datetime | None:
        if self.meeting_at is None:
            return None
        return elapsed(self.meeting_at, timedelta(minutes=self.minutes))


def elapsed(moment: datetime, duration: timedelta) -> datetime:
    """`moment` plus a real duration. Arithmetic on a datetime in a DST zone moves the
    wall clock instead (24 hours after noon the day before a change is 25 real hours),
    so it is done in UTC."""
    return moment.astimezone(UTC) + duration


def start_of_day(day: date, tz: ZoneInfo) -> datetime:
    # Built from the wall-clock date, so a DST change in between does not shift it.
    return datetime.combine(day, time.min, tzinfo=tz)


def interview_actions(facts: InterviewFacts, tz: ZoneInfo) -> list[Action]:
    """Every action the interview will ask for in its current stage, in time order."""
    stage = Stage(facts.stage)
    entered = facts.stage_entered_at.astimezone(UTC)
    if stage == Stage.REQUESTED:
        due = entered + FOLLOW_UP_AFTER
        return [Action(ActionKind.FOLLOW_UP, due, due, due + GRACE)]
    if stage == Stage.INTRO_REQUESTED and facts.connector_waiting:
        if facts.connector_followed_up:
            return []  # one follow-up, then it is the user's call: ask directly or move on
        due = entered + FOLLOW_UP_AFTER
        return [Action(ActionKind.FOLLOW_UP_CONNECTOR, due, due, due + GRACE)]
    if stage == Stage.FOLLOWED_UP:
        due = entered + NO_REPLY_AFTER
        return [Action(ActionKind.CLOSE_NO_REPLY, due, due, due + GRACE)]
    if stage == Stage.SCHEDULED and facts.meeting_at is not None:
        start, end = facts.meeting_at.astimezone(UTC), facts.meeting_ends_at
        actions = []
        if not facts.prepared:
            meeting_day = start.astimezone(tz).date()
            day_before = start_of_day(meeting_day - timedelta(days=1), tz)
            # Prep is due by the end of the day before, and pointless once it starts.
            actions.append(
                Action(
                    ActionKind.PREP, day_before, start_of_day(meeting_day, tz), start, until=start
                )
            )
        actions.append(Action(ActionKind.RECORD_MEETING, end, end, end + GRACE))
        return actions
    if stage == Stage.HELD:
        end = facts.meeting_ends_at or entered
        return [Action(ActionKind.THANK_YOU, end, end + THANK_YOU_DUE, end + THANK_YOU_OVERDUE)]
    if stage == Stage.DEFERRED and facts.revisit_on is not None:
        due = start_of_day(facts.revisit_on, tz)
        return [Action(ActionKind.REVISIT, due, due, due + GRACE)]
    return []


def interview_action_at(facts: InterviewFacts, now: datetime, tz: ZoneInfo) -> Action | None:
    """The action Today shows for this interview at `now`, if any."""
    for action in interview_actions(facts, tz):
        if action.applies_at(now):
            return action
    return None


def earliest_show_from(facts: InterviewFacts, tz: ZoneInfo) -> datetime | None:
    """The first moment the interview can appear on Today: stored and indexed."""
    actions = interview_actions(facts, tz)
    return min((a.show_from for a in actions), default=None)


def keep_in_touch_action(last_contacted_at: datetime, cadence_days: int) -> Action:
    due = elapsed(last_contacted_at, timedelta(days=cadence_days))
    return Action(ActionKind.KEEP_IN_TOUCH, due, due, due + GRACE)


def action_item_action(due_on: date, tz: ZoneInfo) -> Action:
    """Advice turned into something to do by a day: on Today from the start of that day
    in the user's zone, overdue from the start of the next. The grace day is counted on
    the wall clock, so a DST change that night does not move it by an hour."""
    start = start_of_day(due_on, tz)
    return Action(
        ActionKind.ACTION_ITEM, start, start, start_of_day(due_on + timedelta(days=1), tz)
    )


# --- plain words ---------------------------------------------------------------------


def _when(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def _day(moment: datetime | date, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz) if isinstance(moment, datetime) else moment
    return f"{local:%a} {local.day} {local:%b}"


def _ago(moment: datetime, now: datetime) -> str:
    days = (now - moment).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def reason(
    action: Action,
    *,
    person: str,
    now: datetime,
    tz: ZoneInfo,
    facts: InterviewFacts | None = None,
    last_contacted_at: datetime | None = None,
    cadence_days: int | None = None,
    connector: str = "",
    advice: str = "",
) -> str:
    """Why this action is on Today, in plain words."""
    kind = action.kind
    if kind == ActionKind.ACTION_ITEM:
        what = " ".join(advice.split()).rstrip(".;, ") or "something to do"
        return f"{person} suggested: {what}, due {_day(action.due_at, tz)}."
    if kind == ActionKind.FOLLOW_UP_CONNECTOR:
        asked = action.due_at - FOLLOW_UP_AFTER
        return (
            f"You asked {connector or 'your connector'} on {_day(asked, tz)} "
            f"({_ago(asked, now)}) whether they would introduce you to {person}, and have no "
            f"answer. Follow up once; if they stay silent, ask {person} directly or find "
            "another path."
        )
    if kind == ActionKind.THANK_YOU:
        return (
            f"You met {person} on {_day(action.show_from, tz)}. Thank them within 24 hours "
            f"(by {_when(action.due_at, tz)}); 48 hours is the latest "
            f"({_when(action.overdue_at, tz)})."
        )
    if kind == ActionKind.FOLLOW_UP:
        sent = action.due_at - FOLLOW_UP_AFTER
        return (
            f"You asked {person} on {_day(sent, tz)} ({_ago(sent, now)}) and have no reply. "
            "Send one polite follow-up; one is the limit."
        )
    if kind == ActionKind.CLOSE_NO_REPLY:
        sent = action.due_at - NO_REPLY_AFTER
        return (
            f"Your follow-up to {person} on {_day(sent, tz)} has gone unanswered for 7 days. "
            "Close this as no reply and move on; no second follow-up."
        )
    if kind == ActionKind.PREP:
        return (
            f"You meet {person} on {_when(action.overdue_at, tz)}. Prepare the day before: "
            "research, 5 to 10 questions, your 30-60 second story and your one ask."
        )
    if kind == ActionKind.RECORD_MEETING:
        start = facts.meeting_at if facts and facts.meeting_at else action.show_from
        return (
            f"Your meeting with {person} was on {_when(start, tz)}. Record it as held "
            "so the thank-you clock starts, or reschedule."
        )
    if kind == ActionKind.REVISIT:
        return f"You deferred asking {person} until {_day(action.due_at, tz)}. Time to revisit."
    if kind == ActionKind.KEEP_IN_TOUCH:
        cadence_days = cadence_days or KEEP_IN_TOUCH_DAYS
        last = last_contacted_at or (action.due_at - timedelta(days=cadence_days))
        return (
            f"Your last contact with {person} was {_ago(last, now)} ({_day(last, tz)}); you keep "
            f"in touch every {cadence_days} days. A short note is enough."
        )
    raise ValueError(f"unknown action kind {kind!r}")
