"""Writes for outreach: drafts, marking a message sent, the user's templates."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coffeechat.domain import drafting
from coffeechat.domain.lifecycle import Stage
from coffeechat.domain.messages import KeepInTouchReason, MessageKind
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import CLOCK_SKEW, _check_owner, interview_advance
from coffeechat.network.models import InteractionKind, InteractionPurpose
from coffeechat.outreach import selectors
from coffeechat.outreach.models import Message, MessageTemplate, SentVia
from coffeechat.validation import refuse_control_characters

PURPOSE = {
    MessageKind.REQUEST: InteractionPurpose.REQUEST,
    MessageKind.FOLLOW_UP: InteractionPurpose.FOLLOW_UP,
    MessageKind.THANK_YOU: InteractionPurpose.THANK_YOU,
    MessageKind.KEEP_IN_TOUCH: InteractionPurpose.KEEP_IN_TOUCH,
    MessageKind.INTRO: InteractionPurpose.GENERAL,
}
SUMMARY_LIMIT = 300


def _checked_text(subject: str, body: str) -> tuple[str, str]:
    refuse_control_characters(subject=subject, body=body)
    subject = (subject or "").strip()
    if "\n" in subject or "\r" in subject:
        raise ValidationError({"subject": "The subject must be one line."})
    if len(subject) > 300:
        raise ValidationError({"subject": "Keep the subject under 300 characters."})
    return subject, (body or "").replace("\r\n", "\n").strip("\n")


@transaction.atomic
def message_save(
    *,
    actor,
    interview: Interview,
    kind: MessageKind | str,
    subject: str,
    body: str,
    reason: KeepInTouchReason | str | None = None,
    message: Message | None = None,
) -> Message:
    """Keep the user's draft as they wrote it: the open draft of this kind, or a new one."""
    _check_owner(actor, interview, message)
    kind = MessageKind(kind)
    reason = KeepInTouchReason(reason) if reason else None
    subject, body = _checked_text(subject, body)
    if message is None:
        message = selectors.open_draft_for(
            actor=actor, interview=interview, kind=kind, reason=reason
        )
    if message is not None and message.sent_at is not None:
        raise ValidationError("This message was sent already; start a new draft instead.")
    if message is not None and message.interview_id != interview.pk:
        raise ValidationError("No such message.")
    if message is None:
        message = Message(owner=actor, interview=interview, kind=kind)
    message.reason = reason.value if reason and kind == MessageKind.KEEP_IN_TOUCH else ""
    message.subject, message.body = subject, body
    message.save()
    return message


def _refuse_second_follow_up(actor, interview: Interview) -> None:
    if selectors.follow_ups_sent(actor=actor, interview=interview) >= 1:
        raise ValidationError(
            "You have followed up once already: one follow-up, then move on. "
            "Close the interview as no reply, or wait for their answer."
        )


def message_check_sendable(*, actor, message: Message) -> None:
    """What would stop the message going out, raised before anything is sent."""
    _check_owner(actor, message)
    if message.sent_at is not None:
        raise ValidationError("This message is marked sent already.")
    if not message.body.strip():
        raise ValidationError({"body": "The message is empty: write it before sending."})
    if message.kind == MessageKind.FOLLOW_UP:
        _refuse_second_follow_up(actor, message.interview)
    if message.kind == MessageKind.INTRO:
        connector = message.interview.connector
        if connector is None:
            raise ValidationError("Choose who introduces you first (from Warm paths).")
        if connector.do_not_ask:
            raise ValidationError(f"You marked {connector.name} as someone not to ask.")


@transaction.atomic
def message_mark_sent(
    *, actor, message: Message, via: str = SentVia.OTHER, at: datetime | None = None
) -> Message:
    """The message went out: it joins the timeline and moves the interview on.

    A request moves the interview to requested, a follow-up to followed up, a thank-you
    to thanked, a keep-in-touch note to keeping in touch, from the stage that waits for
    it; otherwise the message is only logged. An intro request asks the connector.
    """
    from coffeechat.network.services import interaction_log

    _check_owner(actor, message)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if via not in SentVia.values:
        raise ValidationError({"via": f"{via!r} is not a way of sending."})
    now = timezone.now()
    at = at or now
    if at > now + CLOCK_SKEW:
        raise ValidationError({"at": "A message can't be sent in the future."})
    message_check_sendable(actor=actor, message=message)
    interview = message.interview
    kind = message.kind_enum
    logged = {
        "kind": InteractionKind.CARD if via == SentVia.CARD else InteractionKind.EMAIL,
        "summary": f"{kind.label} sent: {message.subject}"[:SUMMARY_LIMIT],
        "occurred_at": min(at, now),
    }

    if kind == MessageKind.INTRO:
        # The ask goes to the connector, and moves this interview (not intro_request's
        # pick among the person's interviews) to "intro requested" while still unasked.
        if interview.stage_enum in (Stage.PROSPECT, Stage.RESEARCHING):
            interview.connector_answer = ""
            interview.connector_followed_up_at = None
            interview.save(update_fields=["connector_answer", "connector_followed_up_at"])
            interview_advance(
                actor=actor,
                interview=interview,
                to_stage=Stage.INTRO_REQUESTED,
                at=max(logged["occurred_at"], interview.stage_entered_at),
            )
        interaction_log(actor=actor, person=interview.connector, **logged)
    else:
        # Logging it with its purpose moves the interview on where the lifecycle allows,
        # the same rule as logging the message by hand.
        interaction_log(
            actor=actor,
            person=interview.person,
            interview=interview,
            purpose=PURPOSE[kind],
            **logged,
        )
    message.sent_at = min(at, now)
    message.sent_via = via
    message.save(update_fields=["sent_at", "sent_via", "updated_at"])
    return message


@transaction.atomic
def message_delete(*, actor, message: Message) -> None:
    _check_owner(actor, message)
    if message.sent_at is not None:
        raise ValidationError("A sent message stays on the record.")
    message.delete()


@transaction.atomic
def template_save(*, actor, key: str, subject: str, body: str) -> MessageTemplate:
    """The user's own wording for one kind of message."""
    if key not in drafting.TEMPLATE_KEYS:
        raise ValidationError({"key": f"{key!r} is not a kind of message."})
    subject, body = _checked_text(subject, body)
    if not subject or not body.strip():
        raise ValidationError("A template needs a subject and a body.")
    try:
        drafting.check_template(drafting.Template(subject=subject, body=body))
    except ValueError as error:
        raise ValidationError({"body": str(error)}) from None
    template, _ = MessageTemplate.objects.update_or_create(
        owner=actor, key=key, defaults={"subject": subject, "body": body}
    )
    return template


@transaction.atomic
def template_reset(*, actor, key: str) -> None:
    """Back to coffeechat's wording."""
    MessageTemplate.objects.filter(owner=actor, key=key).delete()
