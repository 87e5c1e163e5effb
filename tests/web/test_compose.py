"""The composer: a draft from the user's template, the coach beside it, and what to do with it."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta

from django.urls import reverse

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Interaction
from coffeechat.outreach.models import Message
from tests.conftest import NOW

from .helpers import HTMX, form_data, make_interview, make_person, text

NOT_A_JOB = "To be clear, this is not a job request: I'd simply value your perspective."


def _compose(client, interview, **params):
    response = client.get(reverse("outreach-compose", args=[interview.pk]), params)
    assert response.status_code == 200
    return response


def _post(client, interview, action="save", **fields):
    data = {"kind": "request", "subject": "A question", "body": "Hello", "action": action}
    return client.post(reverse("outreach-compose", args=[interview.pk]), {**data, **fields})


def _draft_of(response) -> dict:
    """What the draft form would send as it is on the page."""
    return form_data(response, "body")


def _codes(response) -> list[str]:
    return re.findall(r'data-code="([a-z_]+)"', response.content.decode())


def _scheduled(owner, person):
    return make_interview(
        owner,
        person,
        Stage.REQUESTED,
        Stage.SCHEDULED,
        at=NOW - timedelta(days=2),
        meeting_at=NOW + timedelta(days=15),
    )


def test_it_drafts_a_request_with_their_name_the_minutes_and_three_times(owner_client, interview):
    response = _compose(owner_client, interview)
    page = text(response)
    assert "<h1>Request to <a" in page and ">Dana Whitfield</a></h1>" in page
    assert "To Dana Whitfield <dana@example.org>." in page
    draft = _draft_of(response)
    assert draft["subject"] == "Informational interview request: City Climate Office"
    body = draft["body"]
    assert body.startswith("Hello Dana,")
    assert "Would you have 20 minutes for a conversation" in body
    options = [line for line in body.splitlines() if line.startswith("- ")]
    assert options == [
        "- Monday 30 November, 09:00–09:20",
        "- Wednesday 2 December, 09:00–09:20",
        "- Friday 4 December, 09:00–09:20",
    ]
    assert NOT_A_JOB in body
    assert "Nothing to flag" in page  # the default request passes its own coach


def test_it_links_every_kind_of_message_and_marks_the_current_one(owner_client, interview):
    page = text(_compose(owner_client, interview, kind="follow_up"))
    url = reverse("outreach-compose", args=[interview.pk])
    for kind in ("request", "thank_you", "keep_in_touch", "intro"):
        assert f'<a href="{url}?kind={kind}">' in page
    assert f'<a href="{url}?kind=follow_up" aria-current="page">Follow-up</a>' in page
    assert "<h1>Follow-up to <a" in page


def test_it_offers_the_thank_you_first_once_they_have_met(owner, owner_client, person):
    interview = make_interview(owner, person, Stage.HELD, at=NOW - timedelta(hours=3))
    response = _compose(owner_client, interview)
    assert "<h1>Thank-you to <a" in text(response)
    assert _draft_of(response)["subject"] == "Thank you for your time"


def test_it_asks_for_a_reason_to_keep_in_touch(owner_client, interview):
    page = text(_compose(owner_client, interview, kind="keep_in_touch", reason="greeting"))
    assert 'aria-current="page">A seasonal greeting</a>' in page
    assert "I acted on your advice</a>" in page


def test_a_reason_given_with_another_kind_is_ignored(owner_client, interview):
    # Only a keep-in-touch note has a reason; a stray one used to be a server error.
    response = _compose(owner_client, interview, kind="request", reason="advice")
    assert _draft_of(response)["subject"].startswith("Informational interview request")


def test_the_coach_flags_a_draft_that_asks_for_no_time(owner_client, interview):
    url = reverse("outreach-coach", args=[interview.pk])
    body = "Hello Dana, could we have a quick chat about your work at City Climate Office?"
    response = owner_client.post(
        url, {"kind": "request", "subject": "Informational interview request", "body": body}, **HTMX
    )
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith('<aside id="coach"')  # the fragment, not the page
    assert "no_time_ask" in _codes(response)
    assert "The message doesn't say how long you're asking for." in page

    body = body.replace("a quick chat", "20 minutes to talk")
    response = owner_client.post(
        url, {"kind": "request", "subject": "Informational interview request", "body": body}, **HTMX
    )
    assert "no_time_ask" not in _codes(response)


def test_the_coach_refuses_a_job_ask(owner_client, interview):
    response = owner_client.post(
        reverse("outreach-coach", args=[interview.pk]),
        {
            "kind": "request",
            "subject": "Hello",
            "body": "Would you have 20 minutes? Are you hiring analysts this year?",
        },
        **HTMX,
    )
    assert "job_seeking" in _codes(response)
    page = text(response)
    assert "“Are you hiring” reads as asking for a job." in page
    assert re.search(r"\d+ words? · 1 to fix before sending", page)


def test_it_saves_the_draft_as_edited(owner_client, interview):
    draft = _draft_of(_compose(owner_client, interview))
    draft["body"] = draft["body"].replace("Hello Dana,", "Dear Ms Whitfield,")
    response = owner_client.post(
        reverse("outreach-compose", args=[interview.pk]), {**draft, "action": "save"}
    )
    assert response.status_code == 302
    message = Message.objects.get(interview=interview)
    assert message.sent_at is None and message.body.startswith("Dear Ms Whitfield,")

    reloaded = owner_client.get(response.url)
    assert "Draft saved." in text(reloaded)
    assert "Your saved draft." in text(reloaded)
    assert _draft_of(reloaded)["body"].startswith("Dear Ms Whitfield,")
    # Coming back later without the address finds the same open draft.
    again = _draft_of(_compose(owner_client, interview, kind="request"))
    assert again["body"].startswith("Dear Ms Whitfield,") and again["message"] == str(message.pk)


def test_saving_again_keeps_one_draft(owner_client, interview):
    first = _post(owner_client, interview, body="Would you have 20 minutes?")
    draft = _draft_of(owner_client.get(first.url))
    owner_client.post(
        reverse("outreach-compose", args=[interview.pk]),
        {**draft, "body": "Would you have 15 minutes?", "action": "save"},
    )
    assert list(Message.objects.values_list("body", flat=True)) == ["Would you have 15 minutes?"]


def test_a_keep_in_touch_note_keeps_its_reason_when_saved_again(owner_client, interview):
    saved = _post(
        owner_client, interview, kind="keep_in_touch", reason="milestone", body="Some news"
    )
    reloaded = owner_client.get(saved.url)
    assert 'aria-current="page">A milestone</a>' in text(reloaded)
    draft = _draft_of(reloaded)
    owner_client.post(
        reverse("outreach-compose", args=[interview.pk]),
        {**draft, "body": "Some more news", "action": "save"},
    )
    message = Message.objects.get()
    assert (message.reason, message.body) == ("milestone", "Some more news")


def test_it_downloads_the_draft_as_an_email_file(owner_client, interview):
    response = _post(
        owner_client, interview, action="eml", subject="Informational interview request"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"] == f'attachment; filename="request-{interview.pk}.eml"'
    parsed = email.message_from_bytes(response.content, policy=email.policy.default)
    assert parsed["To"].addresses[0].addr_spec == "dana@example.org"
    assert parsed["To"].addresses[0].display_name == "Dana Whitfield"
    assert parsed["Subject"] == "Informational interview request"
    assert parsed.get_body(("plain",)).get_content().strip() == "Hello"
    assert not [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert Message.objects.get(interview=interview).subject == "Informational interview request"


def test_the_email_file_carries_the_invitation_once_it_is_issued(owner, owner_client, person):
    interview = _scheduled(owner, person)
    owner_client.get(reverse("outreach-invitation", args=[interview.pk]))

    response = _post(owner_client, interview, action="eml", kind="follow_up")

    parsed = email.message_from_bytes(response.content, policy=email.policy.default)
    calendars = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    assert calendars[0].get_param("method") == "REQUEST"
    ics = calendars[0].get_content()
    assert "METHOD:REQUEST" in ics and "BEGIN:VEVENT" in ics
    assert parsed.get_body(("plain",)).get_content().strip() == "Hello"


def test_it_marks_the_request_sent_logs_it_and_moves_the_interview(owner_client, interview):
    response = _post(
        owner_client,
        interview,
        action="sent",
        via="mail_app",
        subject="Informational interview request",
        body="Would you have 20 minutes?",
    )
    assert response.status_code == 302
    assert response.url == reverse("interview-detail", args=[interview.pk])
    interview.refresh_from_db()
    assert interview.stage == Stage.REQUESTED
    message = Message.objects.get(interview=interview)
    assert (message.sent_at, message.sent_via) == (NOW, "mail_app")

    page = text(owner_client.get(response.url))
    assert "Request marked sent: logged, and Today is updated." in page
    assert "Request sent: Informational interview request" in page
    assert "Prospect → Requested" in page
    logged = Interaction.objects.get(interview=interview)
    assert (logged.kind, logged.purpose) == ("email", "request")


def test_it_refuses_a_second_follow_up(owner, owner_client, person):
    interview = make_interview(
        owner, person, Stage.REQUESTED, Stage.FOLLOWED_UP, at=NOW - timedelta(days=8)
    )
    logged = Interaction.objects.count()

    response = _post(
        owner_client, interview, action="sent", kind="follow_up", body="Just checking in"
    )

    assert response.status_code == 422
    assert "You have followed up once already: one follow-up, then move on." in text(response)
    interview.refresh_from_db()
    assert interview.stage == Stage.FOLLOWED_UP
    assert not Message.objects.filter(sent_at__isnull=False).exists()
    assert Interaction.objects.count() == logged


def test_the_coach_warns_before_a_second_follow_up(owner, owner_client, person):
    interview = make_interview(
        owner, person, Stage.REQUESTED, Stage.FOLLOWED_UP, at=NOW - timedelta(days=8)
    )
    response = _compose(owner_client, interview, kind="follow_up")
    assert "second_follow_up" in _codes(response)


def test_it_refuses_a_nul_byte_and_keeps_the_stored_draft(owner_client, interview):
    saved = _post(owner_client, interview, body="The draft as it was")
    message = Message.objects.get()

    response = _post(
        owner_client, interview, message=message.pk, body="Hello\x00there", action="sent"
    )

    assert response.status_code == 422
    assert "This text contains a NUL character" in text(response)
    message.refresh_from_db()
    assert (message.body, message.sent_at) == ("The draft as it was", None)
    assert Interview.objects.get(pk=interview.pk).stage == Stage.PROSPECT
    assert saved.status_code == 302


def test_it_refuses_a_subject_on_two_lines(owner_client, interview):
    response = _post(owner_client, interview, subject="Hello\nBcc: everyone@example.org")
    assert response.status_code == 422
    assert "The subject must be one line." in text(response)
    assert not Message.objects.exists()


def test_it_deletes_a_draft(owner_client, interview):
    _post(owner_client, interview)
    message = Message.objects.get()
    page = text(_compose(owner_client, interview, message=message.pk))
    assert reverse("outreach-message-delete", args=[message.pk]) in page

    response = owner_client.post(reverse("outreach-message-delete", args=[message.pk]), follow=True)

    assert response.redirect_chain == [(reverse("interview-detail", args=[interview.pk]), 302)]
    assert "Draft deleted." in text(response)
    assert not Message.objects.exists()


def test_a_sent_message_stays_on_the_record(owner_client, interview):
    _post(owner_client, interview, action="sent", body="Would you have 20 minutes?")
    message = Message.objects.get()
    page = text(_compose(owner_client, interview, message=message.pk))
    assert reverse("outreach-message-delete", args=[message.pk]) not in page
    assert "Sent 16 Nov 2026, 09:00" in page

    response = owner_client.post(reverse("outreach-message-delete", args=[message.pk]), follow=True)

    assert "A sent message stays on the record." in text(response)
    assert Message.objects.filter(pk=message.pk, sent_at=NOW).exists()


def test_an_outsider_cannot_open_or_delete_the_draft(owner_client, outsider_client, interview):
    _post(owner_client, interview, body="Private words")
    message = Message.objects.get()
    url = reverse("outreach-compose", args=[interview.pk])
    assert outsider_client.get(url, {"message": message.pk}).status_code == 404
    delete = reverse("outreach-message-delete", args=[message.pk])
    assert outsider_client.post(delete).status_code == 404
    assert Message.objects.filter(pk=message.pk).exists()


def test_it_will_not_record_a_message_as_sent_by_coffeechat(owner_client, interview):
    response = _post(owner_client, interview, action="sent", via="smtp")
    assert response.status_code == 422
    assert "Choose how you sent it" in text(response)
    assert not Message.objects.filter(sent_at__isnull=False).exists()
    assert Interview.objects.get(pk=interview.pk).stage == Stage.PROSPECT


def test_the_email_file_spells_names_and_subjects_beyond_ascii(owner, owner_client):
    zoe = make_person(owner, "Zoë Ångström", email="zoe@example.org")
    interview = make_interview(owner, zoe, at=NOW)

    response = _post(
        owner_client, interview, action="eml", subject="Café à Lyon?", body="Grüße, Zoë"
    )

    parsed = email.message_from_bytes(response.content, policy=email.policy.default)
    assert parsed["To"].addresses[0].display_name == "Zoë Ångström"
    assert parsed["Subject"] == "Café à Lyon?"
    assert parsed.get_body(("plain",)).get_content().strip() == "Grüße, Zoë"
