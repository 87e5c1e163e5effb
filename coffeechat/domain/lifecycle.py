"""The lifecycle of one informational interview, as pure rules (no database).

Stages run in order, and a stage may be skipped where it does not apply
(someone met at an event can go straight from prospect to scheduled). Three exits
close an interview early. Moving backwards is allowed only to reschedule.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    PROSPECT = "prospect"
    RESEARCHING = "researching"
    INTRO_REQUESTED = "intro_requested"
    REQUESTED = "requested"
    FOLLOWED_UP = "followed_up"
    SCHEDULED = "scheduled"
    HELD = "held"
    THANKED = "thanked"
    KEEPING_IN_TOUCH = "keeping_in_touch"
    DECLINED = "declined"
    NO_REPLY = "no_reply"
    DEFERRED = "deferred"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Stage.PROSPECT: "Prospect",
    Stage.RESEARCHING: "Researching",
    Stage.INTRO_REQUESTED: "Intro requested",
    Stage.REQUESTED: "Requested",
    Stage.FOLLOWED_UP: "Followed up",
    Stage.SCHEDULED: "Scheduled",
    Stage.HELD: "Held",
    Stage.THANKED: "Thanked",
    Stage.KEEPING_IN_TOUCH: "Keeping in touch",
    Stage.DECLINED: "Declined",
    Stage.NO_REPLY: "No reply",
    Stage.DEFERRED: "Deferred",
}

MAIN_LINE = (
    Stage.PROSPECT,
    Stage.RESEARCHING,
    Stage.INTRO_REQUESTED,
    Stage.REQUESTED,
    Stage.FOLLOWED_UP,
    Stage.SCHEDULED,
    Stage.HELD,
    Stage.THANKED,
    Stage.KEEPING_IN_TOUCH,
)
EXITS = (Stage.DECLINED, Stage.NO_REPLY, Stage.DEFERRED)
ALL_STAGES = MAIN_LINE + EXITS
# Stages where the conversation has happened: the relationship is now about
# thanks and keeping in touch, not about getting a meeting.
MET_STAGES = frozenset({Stage.HELD, Stage.THANKED, Stage.KEEPING_IN_TOUCH})
CLOSED_STAGES = frozenset({Stage.DECLINED, Stage.NO_REPLY})

# Every legal move, written out: a table a reader can check against DOMAIN.md
# beats a clever rule nobody can.
_BEFORE_MEETING_EXITS = (Stage.DECLINED, Stage.DEFERRED)
ALLOWED: dict[Stage, tuple[Stage, ...]] = {
    Stage.PROSPECT: (
        Stage.RESEARCHING,
        Stage.INTRO_REQUESTED,
        Stage.REQUESTED,
        Stage.SCHEDULED,
        Stage.HELD,
        *_BEFORE_MEETING_EXITS,
    ),
    Stage.RESEARCHING: (
        Stage.INTRO_REQUESTED,
        Stage.REQUESTED,
        Stage.SCHEDULED,
        Stage.HELD,
        *_BEFORE_MEETING_EXITS,
    ),
    Stage.INTRO_REQUESTED: (
        Stage.REQUESTED,
        Stage.SCHEDULED,
        Stage.HELD,
        Stage.NO_REPLY,
        *_BEFORE_MEETING_EXITS,
    ),
    Stage.REQUESTED: (
        Stage.FOLLOWED_UP,
        Stage.SCHEDULED,
        Stage.HELD,
        Stage.NO_REPLY,
        *_BEFORE_MEETING_EXITS,
    ),
    Stage.FOLLOWED_UP: (Stage.SCHEDULED, Stage.HELD, Stage.NO_REPLY, *_BEFORE_MEETING_EXITS),
    # Back to requested is the one backward move: the meeting is being rescheduled.
    Stage.SCHEDULED: (Stage.HELD, Stage.REQUESTED, *_BEFORE_MEETING_EXITS),
    Stage.HELD: (Stage.THANKED, Stage.KEEPING_IN_TOUCH),
    Stage.THANKED: (Stage.KEEPING_IN_TOUCH,),
    Stage.KEEPING_IN_TOUCH: (),
    Stage.DECLINED: (),
    Stage.NO_REPLY: (),
    # A deferred interview is picked up again when its revisit date comes.
    Stage.DEFERRED: (Stage.PROSPECT, Stage.RESEARCHING, Stage.REQUESTED, Stage.DECLINED),
}


class IllegalMove(ValueError):
    """A move the lifecycle does not allow; the message says why and what is allowed."""

    def __init__(self, from_stage: Stage, to_stage: Stage, reason: str):
        self.from_stage = from_stage
        self.to_stage = to_stage
        self.reason = reason
        allowed = allowed_moves(from_stage)
        if allowed:
            options = "From {} you can move to: {}.".format(
                from_stage.label.lower(), ", ".join(s.label.lower() for s in allowed)
            )
        else:
            options = f"{from_stage.label} is a final stage; open a new interview instead."
        self.allowed = allowed
        super().__init__(
            f"Can't move from {from_stage.label.lower()} to {to_stage.label.lower()}: "
            f"{reason} {options}"
        )


def parse_stage(value: str) -> Stage:
    """Turn user input ("no reply", "No_Reply", "no-reply") into a Stage."""
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Stage(key)
    except ValueError:
        names = ", ".join(s.value for s in ALL_STAGES)
        raise ValueError(f"unknown stage {value!r}; stages are: {names}") from None


def allowed_moves(from_stage: Stage) -> tuple[Stage, ...]:
    return ALLOWED[Stage(from_stage)]


def is_allowed(from_stage: Stage, to_stage: Stage) -> bool:
    return Stage(to_stage) in ALLOWED[Stage(from_stage)]


def _reason(from_stage: Stage, to_stage: Stage) -> str:
    if from_stage == to_stage:
        return f"the interview is already {from_stage.label.lower()}."
    if from_stage in CLOSED_STAGES:
        return f"the interview was closed as {from_stage.label.lower()}."
    if from_stage == Stage.KEEPING_IN_TOUCH:
        return "the conversation is done and the relationship is being kept up."
    if from_stage in MET_STAGES:
        return "the conversation already happened."
    if to_stage == Stage.FOLLOWED_UP:
        if from_stage == Stage.SCHEDULED:
            return "a follow-up is for an unanswered request, and this meeting is agreed."
        return "a follow-up only comes after the request was sent (one follow-up, then move on)."
    if to_stage == Stage.THANKED:
        return "a thank-you comes after the conversation was held."
    if to_stage == Stage.KEEPING_IN_TOUCH:
        return "keeping in touch starts after the conversation was held."
    if to_stage == Stage.NO_REPLY and from_stage in (Stage.PROSPECT, Stage.RESEARCHING):
        return "nothing was sent yet, so there is no reply to wait for."
    if from_stage == Stage.DEFERRED:
        return "a deferred interview is picked up again from the start of the asking."
    if to_stage in MAIN_LINE and MAIN_LINE.index(to_stage) < MAIN_LINE.index(from_stage):
        return "moving backwards is only allowed to reschedule (scheduled back to requested)."
    return "that move is not part of the lifecycle."


def check_move(from_stage: Stage, to_stage: Stage) -> None:
    """Raise IllegalMove, with the reason and the allowed moves, unless the move is legal."""
    from_stage, to_stage = Stage(from_stage), Stage(to_stage)
    if not is_allowed(from_stage, to_stage):
        raise IllegalMove(from_stage, to_stage, _reason(from_stage, to_stage))
