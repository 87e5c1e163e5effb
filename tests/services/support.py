"""Small helpers shared by the service tests: walking an interview to a stage, row snapshots."""

from __future__ import annotations

from datetime import timedelta

from django.forms.models import model_to_dict

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview, StageChange
from coffeechat.interviews.services import interview_advance, interview_open
from coffeechat.network.models import Interaction, Organization, Person, Tag
from tests.conftest import NOW

DAY = timedelta(days=1)

# A legal path from prospect to every stage; each move happens one day after the last.
PATH_TO: dict[Stage, tuple[Stage, ...]] = {
    Stage.PROSPECT: (),
    Stage.RESEARCHING: (Stage.RESEARCHING,),
    Stage.INTRO_REQUESTED: (Stage.INTRO_REQUESTED,),
    Stage.REQUESTED: (Stage.REQUESTED,),
    Stage.FOLLOWED_UP: (Stage.REQUESTED, Stage.FOLLOWED_UP),
    Stage.SCHEDULED: (Stage.REQUESTED, Stage.SCHEDULED),
    Stage.HELD: (Stage.REQUESTED, Stage.SCHEDULED, Stage.HELD),
    Stage.THANKED: (Stage.REQUESTED, Stage.SCHEDULED, Stage.HELD, Stage.THANKED),
    Stage.KEEPING_IN_TOUCH: (Stage.REQUESTED, Stage.SCHEDULED, Stage.HELD, Stage.KEEPING_IN_TOUCH),
    Stage.DECLINED: (Stage.DECLINED,),
    Stage.NO_REPLY: (Stage.REQUESTED, Stage.NO_REPLY),
    Stage.DEFERRED: (Stage.DEFERRED,),
}


def open_interview(actor, person, *, opened=NOW - 30 * DAY, **kwargs) -> Interview:
    return interview_open(actor=actor, person=person, at=opened, **kwargs)


def walk(actor, interview: Interview, stage: Stage, *, start=None) -> Interview:
    """Move the interview along PATH_TO[stage], one day per move, starting after it opened.

    A scheduled meeting is set for the day after scheduling (before the next move),
    and a deferral is revisited ten days after NOW.
    """
    at = start or interview.stage_entered_at
    for step in PATH_TO[Stage(stage)]:
        at += DAY
        extra = {}
        if step == Stage.SCHEDULED:
            extra["meeting_at"] = at + timedelta(hours=20)
        elif step == Stage.DEFERRED:
            extra["revisit_on"] = (NOW + 10 * DAY).date()
        interview_advance(actor=actor, interview=interview, to_stage=step, at=at, **extra)
    return interview


def interview_row(interview: Interview) -> dict:
    """Everything stored about one interview, with its history and timeline sizes."""
    fresh = Interview.objects.get(pk=interview.pk)
    row = model_to_dict(fresh)
    row.update(
        stage_entered_at=fresh.stage_entered_at,
        next_action_at=fresh.next_action_at,
        updated_at=fresh.updated_at,
        changes=StageChange.objects.filter(interview=fresh).count(),
        interactions=Interaction.objects.filter(interview=fresh).count(),
    )
    return row


def network_counts() -> dict[str, int]:
    return {
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "tags": Tag.objects.count(),
        "interactions": Interaction.objects.count(),
    }
