"""Doing what Today asks: one call per action, the same for the web page and the CLI."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coffeechat.debrief.models import ActionItem
from coffeechat.debrief.services import action_item_done
from coffeechat.domain.lifecycle import Stage
from coffeechat.domain.today import ActionKind
from coffeechat.interviews.introductions import connector_followed_up
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance, interview_mark_prepared
from coffeechat.network.models import InteractionKind, InteractionPurpose, Person
from coffeechat.network.services import interaction_log

# What "done" means for each action, in the user's terms.
EXPECTED_STAGE = {
    ActionKind.THANK_YOU: Stage.HELD,
    ActionKind.FOLLOW_UP: Stage.REQUESTED,
    ActionKind.CLOSE_NO_REPLY: Stage.FOLLOWED_UP,
    ActionKind.PREP: Stage.SCHEDULED,
    ActionKind.RECORD_MEETING: Stage.SCHEDULED,
    ActionKind.REVISIT: Stage.DEFERRED,
    ActionKind.FOLLOW_UP_CONNECTOR: Stage.INTRO_REQUESTED,
}


@transaction.atomic
def action_complete(
    *,
    actor,
    kind: str,
    interview: Interview | None = None,
    person: Person | None = None,
    action_item: ActionItem | None = None,
) -> None:
    kind = ActionKind(kind)
    now = timezone.now()
    if kind == ActionKind.ACTION_ITEM:
        if action_item is None:
            raise ValidationError("Doing what they advised is done on one of your action items.")
        action_item_done(actor=actor, item=action_item, at=now)
        return
    if kind == ActionKind.KEEP_IN_TOUCH:
        if person is None:
            raise ValidationError("Keeping in touch is done with a person.")
        interaction_log(
            actor=actor,
            person=person,
            kind=InteractionKind.NOTE,
            purpose=InteractionPurpose.KEEP_IN_TOUCH,
            summary="Kept in touch",
            occurred_at=now,
        )
        return
    if interview is None:
        raise ValidationError(f"{kind.title} is done on an interview.")
    # Another tab (or a double click) may have done it already: decide on the stored row.
    Interview.objects.select_for_update().only("pk").get(pk=interview.pk)
    interview.refresh_from_db()
    if interview.stage != EXPECTED_STAGE[kind]:
        raise ValidationError(
            f"{kind.title} no longer applies: "
            f"the interview is now {interview.stage_enum.label.lower()}."
        )
    if kind in (ActionKind.THANK_YOU, ActionKind.FOLLOW_UP):
        interaction_log(
            actor=actor,
            person=interview.person,
            interview=interview,
            kind=InteractionKind.EMAIL,
            purpose=kind.value,
            summary=kind.done_label,
            occurred_at=now,
        )
    elif kind == ActionKind.CLOSE_NO_REPLY:
        interview_advance(actor=actor, interview=interview, to_stage=Stage.NO_REPLY, at=now)
    elif kind == ActionKind.PREP:
        interview_mark_prepared(actor=actor, interview=interview, at=now)
    elif kind == ActionKind.RECORD_MEETING:
        interview_advance(actor=actor, interview=interview, to_stage=Stage.HELD, at=now)
    elif kind == ActionKind.FOLLOW_UP_CONNECTOR:
        connector_followed_up(actor=actor, interview=interview, at=now)
    elif kind == ActionKind.REVISIT:
        interview_advance(actor=actor, interview=interview, to_stage=Stage.RESEARCHING, at=now)
