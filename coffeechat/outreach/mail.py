"""A message as an email: downloaded as .eml, or sent through the configured SMTP server.

Sending goes through Django's email backend (COFFEECHAT_SMTP_URL configures it). Nothing
about the message is logged: it is about a real person.
"""

from __future__ import annotations

import logging
import smtplib
from email.mime.text import MIMEText
from email.utils import formataddr, parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage

from coffeechat.accounts.services import profile_for
from coffeechat.outreach import invitations
from coffeechat.outreach.models import Message, SentVia
from coffeechat.outreach.services import message_check_sendable, message_mark_sent

log = logging.getLogger(__name__)


def can_send() -> bool:
    return bool(settings.COFFEECHAT_SMTP_URL)


def _unreachable(address: str) -> bool:
    """An address nobody can write back to: the default sender on this machine."""
    domain = parseaddr(address)[1].rpartition("@")[2].lower()
    return domain in {"", "localhost", "localhost.localdomain"}


def _invitation_part(ics: bytes) -> MIMEText:
    # A text/calendar part with METHOD, as mail programs expect to offer "Accept".
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part


def email_for(*, actor, message: Message) -> EmailMessage:
    """The message as an email from the user to the person, with the invitation when a
    time is agreed (the one already issued: building an email never re-issues it)."""
    profile = profile_for(actor)
    person = message.interview.person
    sender = profile.email or settings.DEFAULT_FROM_EMAIL
    me = profile.name or actor.get_full_name() or actor.username
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=formataddr((me, sender)),
        to=[formataddr((person.name, person.email))] if person.email else [],
        reply_to=[formataddr((me, profile.email))] if profile.email else None,
    )
    ics = invitations.invitation_current(actor=actor, interview=message.interview)
    if ics is not None:
        email.attach(_invitation_part(ics))
    return email


def eml_bytes(*, actor, message: Message) -> bytes:
    return email_for(actor=actor, message=message).message().as_bytes()


def mailto_url(*, actor, message: Message) -> str:
    """Opens the user's mail program with the message filled in."""
    person = message.interview.person
    query = f"subject={quote(message.subject)}&body={quote(message.body)}"
    return f"mailto:{quote(person.email, safe='@')}?{query}"


def message_send(*, actor, message: Message) -> Message:
    """Send through the SMTP server, then mark it sent (only if the server took it)."""
    if not can_send():
        raise ValidationError(
            "Sending from coffeechat is off: set COFFEECHAT_SMTP_URL, or copy the message "
            "into your mail program."
        )
    person = message.interview.person
    if not person.email:
        raise ValidationError(f"There's no email address for {person.name}: add one first.")
    if not profile_for(actor).email and _unreachable(settings.DEFAULT_FROM_EMAIL):
        # Sent from coffeechat@localhost with no Reply-To, their answer would be lost.
        raise ValidationError(
            "Add your email address in Settings first, so their reply reaches you."
        )
    # Refuse before sending what couldn't be marked sent (a second follow-up, say).
    message_check_sendable(actor=actor, message=message)
    email = email_for(actor=actor, message=message)
    try:
        email.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        # The type only: the server's reply can quote the recipient.
        log.warning("SMTP send failed: %s", type(error).__name__)
        raise ValidationError(
            f"The mail server didn't take the message ({type(error).__name__}); "
            "nothing was sent. Check COFFEECHAT_SMTP_URL, or copy the message instead."
        ) from None
    return message_mark_sent(actor=actor, message=message, via=SentVia.SMTP)
