"""Sending a message from coffeechat: only with an SMTP server configured, and only once
the server took it is the message marked sent."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail as outbox
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from coffeechat.accounts.services import profile_update
from coffeechat.domain.lifecycle import Stage
from coffeechat.network.models import Interaction
from coffeechat.network.services import person_update
from coffeechat.outreach.models import Message
from coffeechat.settings import _smtp
from tests.conftest import NOW

from .helpers import make_interview, text

SUBJECT = "Informational interview request"
BODY = "Hello Dana,\n\nWould you have 20 minutes for a call?\n\nBest wishes,\nAlice"


def _send(client, interview, **fields):
    data = {"kind": "request", "subject": SUBJECT, "body": BODY, "action": "send", **fields}
    return client.post(reverse("outreach-compose", args=[interview.pk]), data)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _parsed(envelope):
    # What went over the wire, with SMTP's CRLF line ends read back as Python's.
    raw = envelope.content.replace(b"\r\n", b"\n")
    return email.message_from_bytes(raw, policy=email.policy.default)


class _Collect:
    """An SMTP handler that keeps every envelope it is given."""

    def __init__(self):
        self.envelopes = []
        self.refuse = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def alice_email(owner):
    """Where Dana's reply goes: the user's own address, from Settings."""
    profile_update(actor=owner, name="Alice Martin", email="alice@example.net")
    return "alice@example.net"


@pytest.fixture
def smtp_on(settings, alice_email):
    settings.COFFEECHAT_SMTP_URL = "smtp://127.0.0.1:1025"
    return settings


@pytest.fixture
def smtp_server(settings, alice_email):
    """A real SMTP server on loopback, and coffeechat configured to send through it."""
    handler = _Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.COFFEECHAT_SMTP_URL = f"smtp://127.0.0.1:{port}"
    yield handler
    controller.stop()


def test_it_sends_the_message_to_the_person_and_marks_it_sent(smtp_on, owner_client, interview):
    page = text(owner_client.get(reverse("outreach-compose", args=[interview.pk])))
    assert '<button type="submit" name="action" value="send">Send now</button>' in page

    response = _send(owner_client, interview)

    assert response.status_code == 302
    assert response.url == reverse("interview-detail", args=[interview.pk])
    assert len(outbox.outbox) == 1
    sent = outbox.outbox[0]
    assert sent.to == ["Dana Whitfield <dana@example.org>"]
    assert (sent.subject, sent.body) == (SUBJECT, BODY)
    message = Message.objects.get(interview=interview)
    assert (message.sent_at, message.sent_via) == (NOW, "smtp")
    interview.refresh_from_db()
    assert interview.stage == Stage.REQUESTED
    assert "Sent to Dana Whitfield; logged and moved on." in text(owner_client.get(response.url))


def test_it_sends_from_the_user_and_lets_them_get_the_reply(smtp_on, owner_client, interview):
    _send(owner_client, interview)
    sent = outbox.outbox[0]
    assert sent.from_email == "Alice Martin <alice@example.net>"
    assert sent.reply_to == ["Alice Martin <alice@example.net>"]


def test_it_refuses_to_send_when_a_reply_could_not_reach_the_user(
    smtp_on, owner, owner_client, interview
):
    profile_update(actor=owner, email="")

    response = _send(owner_client, interview)

    assert response.status_code == 422
    assert "Add your email address in Settings first, so their reply reaches you." in (
        text(response)
    )
    assert outbox.outbox == []
    assert Message.objects.get().sent_at is None


def test_a_configured_sender_address_is_enough(smtp_on, owner, owner_client, interview):
    smtp_on.DEFAULT_FROM_EMAIL = "coffeechat@career-office.example.edu"
    profile_update(actor=owner, email="")

    _send(owner_client, interview)

    [sent] = outbox.outbox
    assert sent.from_email == "Alice Martin <coffeechat@career-office.example.edu>"


def test_without_an_smtp_server_there_is_no_send_button(settings, owner_client, interview):
    settings.COFFEECHAT_SMTP_URL = ""
    page = text(owner_client.get(reverse("outreach-compose", args=[interview.pk])))
    assert 'value="send"' not in page

    response = _send(owner_client, interview)

    assert response.status_code == 422
    assert "Sending from coffeechat is off: set COFFEECHAT_SMTP_URL" in text(response)
    assert outbox.outbox == []
    assert not Message.objects.filter(sent_at__isnull=False).exists()
    interview.refresh_from_db()
    assert interview.stage == Stage.PROSPECT


def test_it_refuses_to_send_to_someone_without_an_email_address(
    smtp_on, owner, owner_client, person, interview
):
    person_update(actor=owner, person=person, email="")
    page = text(owner_client.get(reverse("outreach-compose", args=[interview.pk])))
    assert 'value="send"' not in page
    assert "There's no email address for Dana Whitfield yet" in page

    response = _send(owner_client, interview)

    assert response.status_code == 422
    assert "There's no email address for Dana Whitfield: add one first." in text(response)
    assert outbox.outbox == []
    assert not Message.objects.filter(sent_at__isnull=False).exists()


def test_it_refuses_to_send_a_second_follow_up(smtp_on, owner, owner_client, person):
    interview = make_interview(
        owner, person, Stage.REQUESTED, Stage.FOLLOWED_UP, at=NOW - timedelta(days=8)
    )
    response = _send(owner_client, interview, kind="follow_up")
    assert response.status_code == 422
    assert "You have followed up once already" in text(response)
    assert outbox.outbox == []


def test_it_sends_through_a_real_smtp_server(smtp_server, owner_client, interview):
    response = _send(owner_client, interview)

    assert response.status_code == 302
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["dana@example.org"]
    received = _parsed(envelope)
    assert received["Subject"] == SUBJECT
    assert received["To"] == "Dana Whitfield <dana@example.org>"
    assert received.get_body(("plain",)).get_content().rstrip("\n") == BODY
    assert Message.objects.get().sent_via == "smtp"


def test_the_real_server_gets_the_invitation_when_a_time_is_agreed(
    smtp_server, owner, owner_client, person
):
    interview = make_interview(
        owner,
        person,
        Stage.REQUESTED,
        Stage.SCHEDULED,
        at=NOW - timedelta(days=1),
        meeting_at=NOW + timedelta(days=15),
    )
    owner_client.get(reverse("outreach-invitation", args=[interview.pk]))

    _send(owner_client, interview, kind="follow_up", body="Looking forward to it.")

    [envelope] = smtp_server.envelopes
    received = _parsed(envelope)
    [calendar] = [p for p in received.walk() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "REQUEST"
    ics = calendar.get_content()
    assert "METHOD:REQUEST" in ics
    assert "DTSTART" in ics and "20261201T090000" in ics
    assert received.get_body(("plain",)).get_content().strip() == "Looking forward to it."


def test_a_server_that_refuses_the_address_leaves_the_message_unsent(
    smtp_server, owner_client, interview
):
    smtp_server.refuse = True

    response = _send(owner_client, interview)

    assert response.status_code == 422
    assert "The mail server didn't take the message (SMTPRecipientsRefused)" in text(response)
    assert "dana@example.org>" not in text(response).split("To Dana Whitfield")[0]
    assert smtp_server.envelopes == []
    assert Message.objects.get().sent_at is None
    interview.refresh_from_db()
    assert interview.stage == Stage.PROSPECT


def test_a_server_that_does_not_answer_leaves_the_message_unsent(
    settings, alice_email, owner_client, interview
):
    port = _free_port()  # nothing listens there
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.COFFEECHAT_SMTP_URL = f"smtp://127.0.0.1:{port}"

    response = _send(owner_client, interview)

    assert response.status_code == 422
    refusal = "The mail server didn't take the message (ConnectionRefusedError); nothing was sent."
    assert refusal in text(response)
    message = Message.objects.get()
    assert message.sent_at is None and message.body == BODY  # the draft is kept
    interview.refresh_from_db()
    assert interview.stage == Stage.PROSPECT
    assert not Interaction.objects.exists()


def test_the_smtp_address_gives_starttls_and_decodes_the_password():
    config = _smtp("smtp://user:pa%40ss@mail.example.org:587")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.example.org", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("user", "pa@ss")
    assert (config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (True, False)


def test_smtps_means_tls_from_the_start_on_port_465():
    config = _smtp("smtps://mail.example.org")
    assert config["EMAIL_PORT"] == 465
    assert (config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (False, True)


def test_a_relay_on_this_machine_is_plain_smtp():
    config = _smtp("smtp://127.0.0.1:1025")
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("127.0.0.1", 1025)
    assert (config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (False, False)
    assert config["EMAIL_HOST_USER"] == config["EMAIL_HOST_PASSWORD"] == ""


@pytest.mark.parametrize("url", ["http://mail.example.org", "mail.example.org:587", "smtp://"])
def test_it_refuses_an_smtp_address_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured, match="COFFEECHAT_SMTP_URL must look like smtp://"):
        _smtp(url)


@pytest.mark.parametrize(
    "url", ["smtp://mail.example.org:notaport", "smtp://mail.example.org:99999"]
)
def test_it_names_the_setting_when_the_port_is_wrong(url):
    with pytest.raises(ImproperlyConfigured, match="COFFEECHAT_SMTP_URL has a port"):
        _smtp(url)
