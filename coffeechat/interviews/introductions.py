"""Introductions through a connector: ask, record the answer, follow up once."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coffeechat.domain import introductions as drafts
from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview, Purpose
from coffeechat.interviews.services import (
    _check_owner,
    interview_advance,
    interview_open,
    refresh_next_action,
)
from coffeechat.network.models import InteractionKind, Person

# An interview still being prepared takes the connector; a later one is already asked.
NOT_YET_ASKED = (Stage.PROSPECT, Stage.RESEARCHING)


@transaction.atomic
def intro_request(
    *, actor, target: Person, connector: Person, purpose: str = Purpose.EXPLORE
) -> Interview:
    """Ask `connector` to introduce the user to `target`: the interview (the one being
    prepared, or a new one) moves to "intro requested" with the connector recorded."""
    from coffeechat.network.services import interaction_log

    _check_owner(actor, target, connector)
    if target.pk == connector.pk:
        raise ValidationError("The connector must be someone other than the person to meet.")
    if connector.do_not_ask:
        raise ValidationError(f"You marked {connector.name} as someone not to ask.")
    interview = (
        Interview.objects.filter(owner=actor, person=target, stage__in=NOT_YET_ASKED)
        .order_by("-created_at")
        .first()
    )
    if interview is None:
        interview = interview_open(actor=actor, person=target, purpose=purpose, connector=connector)
    else:
        interview.connector = connector
        interview.connector_answer = ""
        interview.connector_followed_up_at = None
        interview.save(update_fields=["connector", "connector_answer", "connector_followed_up_at"])
    interview = interview_advance(actor=actor, interview=interview, to_stage=Stage.INTRO_REQUESTED)
    interaction_log(
        actor=actor,
        person=connector,
        kind=InteractionKind.EMAIL,
        summary=f"Asked whether they would introduce you to {target.name}",
    )
    return interview


def intro_draft(*, actor, interview: Interview) -> drafts.Draft:
    target = interview.person
    role = target.title
    if target.organization_id:
        role = f"{role} at {target.organization.name}" if role else target.organization.name
    return drafts.intro_request(
        user_name=actor.get_full_name() or actor.get_username(),
        connector=interview.connector.name if interview.connector else "",
        target=target.name,
        target_role=role,
        purpose=interview.purpose,
        minutes=interview.minutes,
    )


def _waiting(actor, interview: Interview) -> Interview:
    _check_owner(actor, interview)
    # Lock the interview row only: PostgreSQL can't lock the nullable side of a join.
    current = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("connector", "person")
        .get(pk=interview.pk)
    )
    if current.connector is None or current.stage != Stage.INTRO_REQUESTED:
        raise ValidationError("No introduction is waiting for an answer on this interview.")
    return current


@transaction.atomic
def connector_answer_record(*, actor, interview: Interview, answer: str) -> Interview:
    """The connector said yes (they introduced the user) or no.

    Yes: the person is marked as introduced by the connector and the interview moves
    on to "requested", the introduction being the request. No: the interview waits for
    the user to ask directly or close it; no reminder about the connector any more.
    """
    from coffeechat.network.services import interaction_log, person_update

    current = _waiting(actor, interview)
    if answer not in ("yes", "no"):
        raise ValidationError("The connector's answer is yes or no.")
    if current.connector_answer:
        raise ValidationError("The connector's answer is already recorded.")
    connector, target = current.connector, current.person
    current.connector_answer = answer
    refresh_next_action(current, actor=actor)
    current.save(update_fields=["connector_answer", "next_action_at", "updated_at"])
    interaction_log(
        actor=actor,
        person=connector,
        kind=InteractionKind.NOTE,
        summary=(
            f"Agreed to introduce you to {target.name}"
            if answer == "yes"
            else f"Declined to introduce you to {target.name}"
        ),
    )
    if answer == "yes":
        person_update(actor=actor, person=target, introduced_by=connector)
        current = interview_advance(actor=actor, interview=current, to_stage=Stage.REQUESTED)
    return current


@transaction.atomic
def connector_followed_up(*, actor, interview: Interview, at: datetime | None = None) -> Interview:
    """The one follow-up to a connector who hasn't answered."""
    from coffeechat.network.services import interaction_log

    current = _waiting(actor, interview)
    if current.connector_answer:
        raise ValidationError("The connector has already answered.")
    if current.connector_followed_up_at is not None:
        raise ValidationError("You have followed up once already; one follow-up is the limit.")
    current.connector_followed_up_at = at or timezone.now()
    refresh_next_action(current, actor=actor)
    current.save(update_fields=["connector_followed_up_at", "next_action_at", "updated_at"])
    interaction_log(
        actor=actor,
        person=current.connector,
        kind=InteractionKind.EMAIL,
        summary=f"Followed up on the introduction to {current.person.name}",
        occurred_at=current.connector_followed_up_at,
    )
    return current
