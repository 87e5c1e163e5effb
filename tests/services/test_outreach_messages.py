"""Drafting, saving and sending the messages of an interview (coffeechat.outreach)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from coffeechat.accounts.services import profile_for, profile_update
from coffeechat.domain import coach, drafting
from coffeechat.domain.coach import Level
from coffeechat.domain.lifecycle import Stage
from coffeechat.domain.messages import KeepInTouchReason, MessageKind
from coffeechat.domain.text import find_dates
from coffeechat.domain.today import ActionKind
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance, interview_update
from coffeechat.network.models import Interaction, InteractionKind, InteractionPurpose, Person
from coffeechat.network.services import person_create, person_update
from coffeechat.outreach import selectors
from coffeechat.outreach.invitations import time_agree
from coffeechat.outreach.models import Message, MessageTemplate, SentVia
from coffeechat.outreach.services import (
    message_check_sendable,
    message_delete,
    message_mark_sent,
    message_save,
    template_reset,
    template_save,
)
from coffeechat.today.selectors import today_for
from tests.conftest import NOW
from tests.services.support import DAY, interview_row, open_interview, walk

pytestmark = pytest.mark.django_db

SUBJECT = {
    MessageKind.REQUEST: "Informational interview request",
    MessageKind.FOLLOW_UP: "Following up: informational interview request",
    MessageKind.THANK_YOU: "Thank you for your time",
    MessageKind.KEEP_IN_TOUCH: "I took your advice",
    MessageKind.INTRO: "Would you introduce me to Dana?",
}


def draft(actor, interview, kind, *, subject=None, body="Hello Dana,\n\nA short note.", **kw):
    kind = MessageKind(kind)
    if kind == MessageKind.KEEP_IN_TOUCH:
        kw.setdefault("reason", KeepInTouchReason.ADVICE)
    return message_save(
        actor=actor,
        interview=interview,
        kind=kind,
        subject=SUBJECT[kind] if subject is None else subject,
        body=body,
        **kw,
    )


def send(actor, message, **kw) -> Message:
    return message_mark_sent(actor=actor, message=message, **kw)


def stage_of(interview) -> Stage:
    return Stage(Interview.objects.get(pk=interview.pk).stage)


def last_interaction(actor) -> Interaction:
    return Interaction.objects.filter(owner=actor).order_by("-id").first()


def today_kinds(actor, interview, now=None) -> list[ActionKind]:
    page = today_for(actor=actor, now=now, limit=100)
    return [i.action.kind for i in page.items if i.interview and i.interview.pk == interview.pk]


def today_people(actor, now=None) -> list[tuple[ActionKind, str]]:
    page = today_for(actor=actor, now=now, limit=100)
    return [(i.action.kind, i.person.name) for i in page.items if i.interview is None]


def message_rows(actor) -> list[dict]:
    return [model_to_dict(m) for m in Message.objects.filter(owner=actor).order_by("pk")]


def everything(actor, interview) -> dict:
    return {
        "interview": interview_row(interview),
        "messages": message_rows(actor),
        "interactions": Interaction.objects.count(),
        "person": model_to_dict(Person.objects.get(pk=interview.person_id)),
    }


def full_profile(actor, **changes):
    voice = {
        "name": "Alice Martin",
        "email": "alice@example.com",
        "background": "I'm a final-year chemistry student at Lyon 2, moving toward climate policy.",
        "pitch": "I spent two summers measuring air quality and want to turn data into policy.",
        "goals": "A first role in city climate policy.",
        "sign_off": "Warm regards",
        "schools": "Université Lyon 2\nLycée du Parc",
        "employers": "AirLab",
        "lead_days": 14,
    }
    return profile_update(actor=actor, **(voice | changes))


# --- marking a message sent moves the interview on ------------------------------------------


@pytest.mark.parametrize(
    ("kind", "from_stage", "to_stage", "purpose"),
    [
        (MessageKind.REQUEST, Stage.PROSPECT, Stage.REQUESTED, InteractionPurpose.REQUEST),
        (MessageKind.REQUEST, Stage.RESEARCHING, Stage.REQUESTED, InteractionPurpose.REQUEST),
        (MessageKind.REQUEST, Stage.INTRO_REQUESTED, Stage.REQUESTED, InteractionPurpose.REQUEST),
        (MessageKind.FOLLOW_UP, Stage.REQUESTED, Stage.FOLLOWED_UP, InteractionPurpose.FOLLOW_UP),
        (MessageKind.THANK_YOU, Stage.HELD, Stage.THANKED, InteractionPurpose.THANK_YOU),
        (
            MessageKind.KEEP_IN_TOUCH,
            Stage.THANKED,
            Stage.KEEPING_IN_TOUCH,
            InteractionPurpose.KEEP_IN_TOUCH,
        ),
    ],
    ids=lambda v: str(v),
)
def test_it_logs_the_sent_message_and_moves_the_stage(
    owner, person, kind, from_stage, to_stage, purpose
):
    interview = walk(owner, open_interview(owner, person), from_stage)
    message = draft(owner, interview, kind)

    sent = send(owner, message, via=SentVia.MAIL_APP)

    assert stage_of(interview) == to_stage
    stored = Interview.objects.get(pk=interview.pk)
    assert stored.stage_entered_at == NOW
    logged = last_interaction(owner)
    assert (logged.person, logged.interview_id, logged.kind, logged.purpose) == (
        person,
        interview.pk,
        InteractionKind.EMAIL,
        purpose,
    )
    assert logged.summary == f"{kind.label} sent: {SUBJECT[kind]}"
    assert logged.occurred_at == NOW
    assert (sent.sent_at, sent.sent_via) == (NOW, SentVia.MAIL_APP)
    assert Message.objects.get(pk=message.pk).sent_at == NOW
    assert Person.objects.get(pk=person.pk).last_contacted_at == NOW


def test_it_logs_a_handwritten_thank_you_as_a_card(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.HELD)

    send(owner, draft(owner, interview, MessageKind.THANK_YOU), via=SentVia.CARD)

    assert stage_of(interview) == Stage.THANKED
    assert last_interaction(owner).kind == InteractionKind.CARD


def test_it_dates_the_message_when_it_was_sent(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.PROSPECT)
    yesterday = NOW - DAY

    sent = send(owner, draft(owner, interview, MessageKind.REQUEST), at=yesterday)

    assert sent.sent_at == yesterday
    assert last_interaction(owner).occurred_at == yesterday
    assert Interview.objects.get(pk=interview.pk).stage_entered_at == yesterday


def test_it_refuses_a_message_sent_in_the_future(owner, person):
    interview = open_interview(owner, person)
    message = draft(owner, interview, MessageKind.REQUEST)
    before = everything(owner, interview)

    with pytest.raises(ValidationError) as caught:
        send(owner, message, at=NOW + DAY)

    assert "at" in caught.value.message_dict
    assert everything(owner, interview) == before


@pytest.mark.parametrize(
    ("kind", "stage"),
    [
        (MessageKind.THANK_YOU, Stage.REQUESTED),
        (MessageKind.REQUEST, Stage.HELD),
        (MessageKind.KEEP_IN_TOUCH, Stage.SCHEDULED),
        (MessageKind.FOLLOW_UP, Stage.PROSPECT),
    ],
    ids=str,
)
def test_it_only_logs_a_message_that_does_not_fit_the_stage(owner, person, kind, stage):
    interview = walk(owner, open_interview(owner, person), stage)
    entered = Interview.objects.get(pk=interview.pk).stage_entered_at
    changes = interview.changes.count()

    send(owner, draft(owner, interview, kind))

    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.stage, stored.stage_entered_at) == (stage, entered)
    assert interview.changes.count() == changes
    logged = last_interaction(owner)
    assert (logged.interview_id, logged.purpose) == (interview.pk, kind.value)
    assert logged.summary == f"{kind.label} sent: {SUBJECT[kind]}"


# --- Today follows ---------------------------------------------------------------------------


def test_it_takes_the_due_follow_up_off_today(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.REQUESTED)
    assert today_kinds(owner, interview) == [ActionKind.FOLLOW_UP]

    send(owner, draft(owner, interview, MessageKind.FOLLOW_UP))

    assert today_kinds(owner, interview) == []
    # One follow-up, then move on: a week of silence later, Today says to close it.
    assert today_kinds(owner, interview, now=NOW + 7 * DAY) == [ActionKind.CLOSE_NO_REPLY]


def test_it_puts_the_follow_up_on_today_a_week_after_the_request(owner, person):
    interview = open_interview(owner, person)

    send(owner, draft(owner, interview, MessageKind.REQUEST))

    assert today_kinds(owner, interview, now=NOW + 7 * DAY - timedelta(minutes=1)) == []
    assert today_kinds(owner, interview, now=NOW + 7 * DAY) == [ActionKind.FOLLOW_UP]


def test_it_takes_the_due_thank_you_off_today(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.HELD)
    assert today_kinds(owner, interview) == [ActionKind.THANK_YOU]

    send(owner, draft(owner, interview, MessageKind.THANK_YOU))

    assert today_kinds(owner, interview) == []


def test_it_resets_keep_in_touch_when_the_note_is_sent(owner, person, clock):
    interview = walk(owner, open_interview(owner, person), Stage.THANKED)
    later = NOW + 70 * DAY  # 96 days after the thank-you
    clock.move_to(later)
    assert today_people(owner) == [(ActionKind.KEEP_IN_TOUCH, person.name)]

    send(owner, draft(owner, interview, MessageKind.KEEP_IN_TOUCH))

    assert stage_of(interview) == Stage.KEEPING_IN_TOUCH
    assert today_people(owner) == []
    assert today_people(owner, now=later + 90 * DAY) == [(ActionKind.KEEP_IN_TOUCH, person.name)]


# --- one follow-up, then move on -------------------------------------------------------------


ONE_FOLLOW_UP = "You have followed up once already: one follow-up, then move on."


def test_it_refuses_a_second_follow_up_and_changes_nothing(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.REQUESTED)
    send(owner, draft(owner, interview, MessageKind.FOLLOW_UP))
    second = draft(owner, interview, MessageKind.FOLLOW_UP, body="Hello again, Dana.")
    before = everything(owner, interview)

    with pytest.raises(ValidationError) as caught:
        send(owner, second)

    assert ONE_FOLLOW_UP in caught.value.messages[0]
    assert everything(owner, interview) == before
    with pytest.raises(ValidationError):
        message_check_sendable(actor=owner, message=second)


def test_it_refuses_a_follow_up_after_following_up_by_hand(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.FOLLOWED_UP)
    message = draft(owner, interview, MessageKind.FOLLOW_UP)
    before = everything(owner, interview)

    with pytest.raises(ValidationError) as caught:
        send(owner, message)

    assert ONE_FOLLOW_UP in caught.value.messages[0]
    assert everything(owner, interview) == before


def test_it_counts_follow_ups_sent_from_here_and_by_hand(owner, person):
    by_message = walk(owner, open_interview(owner, person), Stage.REQUESTED)
    by_hand = walk(owner, open_interview(owner, person), Stage.FOLLOWED_UP)
    assert selectors.follow_ups_sent(actor=owner, interview=by_message) == 0

    send(owner, draft(owner, by_message, MessageKind.FOLLOW_UP))

    assert selectors.follow_ups_sent(actor=owner, interview=by_message) == 1
    assert selectors.follow_ups_sent(actor=owner, interview=by_hand) == 1


# --- what can't be sent ----------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n\n  "])
def test_it_refuses_to_send_an_empty_message(owner, person, body):
    interview = open_interview(owner, person)
    message = draft(owner, interview, MessageKind.REQUEST, body=body)
    before = everything(owner, interview)

    with pytest.raises(ValidationError) as caught:
        send(owner, message)

    assert caught.value.message_dict == {"body": ["The message is empty: write it before sending."]}
    assert everything(owner, interview) == before


def test_it_refuses_to_mark_a_message_sent_twice(owner, person):
    interview = open_interview(owner, person)
    message = send(owner, draft(owner, interview, MessageKind.REQUEST))
    before = everything(owner, interview)

    with pytest.raises(ValidationError) as caught:
        send(owner, message, at=NOW - DAY)

    assert caught.value.messages == ["This message is marked sent already."]
    assert everything(owner, interview) == before


def test_it_keeps_a_sent_message_on_the_record(owner, person):
    interview = open_interview(owner, person)
    message = send(owner, draft(owner, interview, MessageKind.REQUEST))

    with pytest.raises(ValidationError):
        message_delete(actor=owner, message=message)

    assert Message.objects.filter(pk=message.pk).exists()


def test_it_deletes_a_draft(owner, person):
    interview = open_interview(owner, person)
    message = draft(owner, interview, MessageKind.REQUEST)

    message_delete(actor=owner, message=message)

    assert not Message.objects.exists()


# --- introductions ---------------------------------------------------------------------------


def test_it_asks_the_connector_when_the_intro_message_is_sent(owner, person):
    connector = person_create(actor=owner, name="Priya Raman", email="priya@example.org")
    interview = open_interview(owner, person, connector=connector)

    send(owner, draft(owner, interview, MessageKind.INTRO))

    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.stage, stored.connector, stored.connector_answer) == (
        Stage.INTRO_REQUESTED,
        connector,
        "",
    )
    asked = last_interaction(owner)
    assert (asked.person, asked.kind) == (connector, InteractionKind.EMAIL)
    assert asked.summary == f"Introduction request sent: {SUBJECT[MessageKind.INTRO]}"
    assert Person.objects.get(pk=connector.pk).last_contacted_at == NOW
    # A week without their answer, Today says to follow up once with the connector.
    assert today_kinds(owner, interview, now=NOW + 7 * DAY) == [ActionKind.FOLLOW_UP_CONNECTOR]


def test_it_moves_the_interview_the_intro_message_belongs_to(owner, person, clock):
    connector = person_create(actor=owner, name="Priya Raman")
    other_connector = person_create(actor=owner, name="Sam Okafor")
    interview = open_interview(owner, person, connector=connector)
    clock.shift(timedelta(minutes=5))  # another interview with them, opened since
    other = open_interview(owner, person, connector=other_connector)

    send(owner, draft(owner, interview, MessageKind.INTRO))

    assert stage_of(interview) == Stage.INTRO_REQUESTED
    assert Interview.objects.get(pk=interview.pk).connector == connector
    assert stage_of(other) == Stage.PROSPECT
    assert Interview.objects.get(pk=other.pk).connector == other_connector


def test_it_logs_an_intro_message_sent_later_on_the_connectors_timeline(owner, person):
    connector = person_create(actor=owner, name="Priya Raman")
    interview = walk(owner, open_interview(owner, person, connector=connector), Stage.REQUESTED)
    interactions = Interaction.objects.count()

    send(owner, draft(owner, interview, MessageKind.INTRO))

    assert stage_of(interview) == Stage.REQUESTED
    assert Interaction.objects.count() == interactions + 1
    asked = last_interaction(owner)
    assert (asked.person, asked.kind) == (connector, InteractionKind.EMAIL)
    assert SUBJECT[MessageKind.INTRO] in asked.summary
    assert Person.objects.get(pk=connector.pk).last_contacted_at == NOW


def test_it_refuses_an_intro_through_someone_marked_not_to_ask(owner, person):
    connector = person_create(actor=owner, name="Priya Raman", do_not_ask=True)
    interview = open_interview(owner, person, connector=connector)
    message = draft(owner, interview, MessageKind.INTRO)
    before = everything(owner, interview)

    with pytest.raises(ValidationError) as caught:
        send(owner, message)

    assert caught.value.messages == ["You marked Priya Raman as someone not to ask."]
    assert everything(owner, interview) == before


def test_it_refuses_an_intro_message_without_a_connector(owner, person):
    interview = open_interview(owner, person)
    message = draft(owner, interview, MessageKind.INTRO)
    before = everything(owner, interview)

    with pytest.raises(ValidationError) as caught:
        send(owner, message)

    assert "who introduces you" in caught.value.messages[0]
    assert everything(owner, interview) == before


# --- drafts ----------------------------------------------------------------------------------


def test_it_keeps_one_open_draft_per_kind(owner, person):
    interview = open_interview(owner, person)

    first = draft(owner, interview, MessageKind.REQUEST, body="First try.")
    again = draft(owner, interview, MessageKind.REQUEST, subject="Coffee?", body="Second try.")
    follow_up = draft(owner, interview, MessageKind.FOLLOW_UP, body="Later.")

    assert again.pk == first.pk
    rows = [
        (m.kind, m.subject, m.body, m.sent_at)
        for m in selectors.messages_for(actor=owner, interview=interview).order_by("pk")
    ]
    assert rows == [
        ("request", "Coffee?", "Second try.", None),
        ("follow_up", SUBJECT[MessageKind.FOLLOW_UP], "Later.", None),
    ]
    assert follow_up.pk != first.pk


def test_it_keeps_one_open_keep_in_touch_draft_per_reason(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.THANKED)

    advice = draft(owner, interview, MessageKind.KEEP_IN_TOUCH, reason="advice")
    again = draft(owner, interview, MessageKind.KEEP_IN_TOUCH, reason="advice", body="v2")
    news = draft(owner, interview, MessageKind.KEEP_IN_TOUCH, reason="milestone")

    assert again.pk == advice.pk and news.pk != advice.pk
    assert Message.objects.get(pk=advice.pk).body == "v2"
    assert Message.objects.get(pk=news.pk).reason == "milestone"


def test_it_starts_a_new_draft_once_the_last_one_was_sent(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.THANKED)
    sent = send(owner, draft(owner, interview, MessageKind.KEEP_IN_TOUCH))

    fresh = draft(owner, interview, MessageKind.KEEP_IN_TOUCH, body="Months later.")

    assert fresh.pk != sent.pk
    assert Message.objects.get(pk=sent.pk).body == "Hello Dana,\n\nA short note."


def test_it_keeps_the_text_as_written(owner, person):
    interview = open_interview(owner, person)

    message = draft(
        owner, interview, MessageKind.REQUEST, subject="  Coffee?  ", body="Hi,\r\n\r\nBye.\r\n"
    )

    stored = Message.objects.get(pk=message.pk)
    assert (stored.subject, stored.body) == ("Coffee?", "Hi,\n\nBye.")


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [
        ("Coffee\x00?", "Hello", "subject"),
        ("Coffee?", "Hel\x00lo", "body"),
        ("Coffee?\nBcc: everyone@example.org", "Hello", "subject"),
        ("Coffee?\r\nBcc: everyone@example.org", "Hello", "subject"),
    ],
    ids=["nul-subject", "nul-body", "two-line-subject", "crlf-subject"],
)
def test_it_refuses_text_that_cant_be_sent_and_keeps_the_draft(owner, person, subject, body, field):
    interview = open_interview(owner, person)
    message = draft(owner, interview, MessageKind.REQUEST, body="Kept.")
    before = message_rows(owner)

    with pytest.raises(ValidationError) as caught:
        message_save(
            actor=owner,
            interview=interview,
            kind=MessageKind.REQUEST,
            subject=subject,
            body=body,
            message=message,
        )
    with pytest.raises(ValidationError):
        draft(owner, interview, MessageKind.FOLLOW_UP, subject=subject, body=body)

    assert field in caught.value.message_dict
    assert message_rows(owner) == before


def test_it_refuses_to_edit_a_sent_message(owner, person):
    interview = open_interview(owner, person)
    message = send(owner, draft(owner, interview, MessageKind.REQUEST))
    before = message_rows(owner)

    with pytest.raises(ValidationError) as caught:
        draft(owner, interview, MessageKind.REQUEST, body="Rewritten.", message=message)

    assert "sent already" in caught.value.messages[0]
    assert message_rows(owner) == before


def test_it_refuses_a_message_of_another_interview(owner, person):
    interview = open_interview(owner, person)
    other = open_interview(owner, person_create(actor=owner, name="Lee Chen"))
    message = draft(owner, other, MessageKind.REQUEST, body="For Lee.")
    before = message_rows(owner)

    with pytest.raises(ValidationError):
        draft(owner, interview, MessageKind.REQUEST, body="For Dana.", message=message)

    assert message_rows(owner) == before


# --- another user's interview and messages ---------------------------------------------------


def test_it_refuses_a_draft_on_another_users_interview(owner, outsider, person):
    interview = open_interview(owner, person)

    with pytest.raises(ValidationError):
        draft(outsider, interview, MessageKind.REQUEST)

    assert not Message.objects.exists()


def test_it_refuses_another_users_message_everywhere(owner, outsider, person):
    interview = open_interview(owner, person)
    message = draft(owner, interview, MessageKind.REQUEST)
    theirs = open_interview(outsider, person_create(actor=outsider, name="Mallory's friend"))
    before = everything(owner, interview)

    with pytest.raises(ValidationError):
        send(outsider, message)
    with pytest.raises(ValidationError):
        message_check_sendable(actor=outsider, message=message)
    with pytest.raises(ValidationError):
        message_delete(actor=outsider, message=message)
    with pytest.raises(ValidationError):
        draft(outsider, theirs, MessageKind.REQUEST, body="Mine now.", message=message)
    with pytest.raises(Message.DoesNotExist):
        selectors.message_for(actor=outsider, pk=message.pk)

    assert everything(owner, interview) == before
    assert not Message.objects.filter(owner=outsider).exists()
    assert list(selectors.messages_for(actor=outsider, interview=interview)) == []


# --- templates -------------------------------------------------------------------------------


def test_it_refuses_a_template_with_an_unknown_placeholder(owner):
    with pytest.raises(ValidationError) as caught:
        template_save(
            actor=owner,
            key="request",
            subject="Coffee?",
            body="Hello {their_first_name},\nI love {favourite_colour}.",
        )

    assert "Unknown placeholder {favourite_colour}" in " ".join(caught.value.messages)
    assert not MessageTemplate.objects.exists()


def test_it_refuses_an_unknown_placeholder_in_the_subject(owner):
    with pytest.raises(ValidationError) as caught:
        template_save(actor=owner, key="request", subject="Hi {their_nmae}", body="Hello.")

    text = " ".join(caught.value.messages)
    assert "Unknown placeholder {their_nmae} in the subject" in text
    assert "Did you mean {their_name}?" in text
    assert not MessageTemplate.objects.exists()


def test_it_refuses_a_template_for_an_unknown_kind(owner):
    with pytest.raises(ValidationError):
        template_save(actor=owner, key="apology", subject="Sorry", body="Sorry.")

    assert not MessageTemplate.objects.exists()


def test_it_drafts_from_the_users_template_until_reset(owner, person):
    full_profile(owner)
    interview = open_interview(owner, person)
    context = selectors.draft_context(actor=owner, interview=interview, time_options=())

    template_save(
        actor=owner,
        key="request",
        subject="Coffee with {their_first_name}?",
        body="Dear {their_name},\n\nCould we talk for {minutes} minutes?\n\n{sign_off},\n{my_name}",
    )
    mine = drafting.draft("request", context, selectors.template_for(actor=owner, key="request"))

    assert mine.subject == "Coffee with Dana?"
    assert mine.body == (
        "Dear Dana Whitfield,\n\nCould we talk for 20 minutes?\n\nWarm regards,\nAlice Martin"
    )
    changed = {row["key"]: row["changed"] for row in selectors.templates_for(actor=owner)}
    assert changed["request"] is True and changed["follow_up"] is False

    template_reset(actor=owner, key="request")
    default = drafting.draft("request", context, selectors.template_for(actor=owner, key="request"))

    assert default.subject == "Informational interview request: City Climate Office"
    assert default.body.startswith("Hello Dana,\n\n")
    assert not any(row["changed"] for row in selectors.templates_for(actor=owner))


def test_it_keeps_each_users_templates_apart(owner, outsider):
    template_save(actor=outsider, key="thank_you", subject="Cheers", body="Cheers.")

    assert selectors.template_for(actor=owner, key="thank_you") == drafting.default_template(
        "thank_you"
    )
    template_reset(actor=owner, key="thank_you")
    assert selectors.template_for(actor=outsider, key="thank_you").subject == "Cheers"


def test_it_updates_a_template_saved_twice(owner):
    template_save(actor=owner, key="follow_up", subject="One", body="One.")
    template_save(actor=owner, key="follow_up", subject="Two", body="Two.")

    assert list(MessageTemplate.objects.values_list("key", "subject")) == [("follow_up", "Two")]


# --- what a draft says -----------------------------------------------------------------------


def test_it_drafts_in_the_users_voice_about_the_person(owner, person):
    full_profile(owner)
    interview = open_interview(owner, person, minutes=25)

    context = selectors.draft_context(actor=owner, interview=interview)

    assert context.my_name == "Alice Martin"
    assert context.my_background.startswith("I'm a final-year chemistry student")
    assert context.sign_off == "Warm regards"
    assert (context.their_name, context.their_title, context.their_organization) == (
        "Dana Whitfield",
        "Senior Policy Advisor",
        "City Climate Office",
    )
    assert context.minutes == 25
    assert context.formats[0] == "video"


def test_it_finds_common_ground_in_schools_and_the_connector(owner, person):
    full_profile(owner)
    connector = person_create(actor=owner, name="Priya Raman")
    person_update(actor=owner, person=person, schools="Sciences Po\nuniversite lyon 2")
    interview = open_interview(owner, person, connector=connector)

    ground = selectors.draft_context(actor=owner, interview=interview).common_ground

    assert ground == (
        "Priya Raman suggested I get in touch.",
        "We both studied at Université Lyon 2.",
    )


def test_it_finds_common_ground_in_employers_including_where_they_work_now(owner, person):
    full_profile(owner, employers="AirLab\nCity Climate Office")
    interview = open_interview(owner, person)

    ground = selectors.common_ground_for(actor=owner, interview=interview)

    assert ground == ("We both worked at City Climate Office.",)


def test_it_drops_a_connector_who_declined_from_common_ground(owner, person):
    full_profile(owner)
    connector = person_create(actor=owner, name="Priya Raman")
    interview = open_interview(owner, person, connector=connector)
    Interview.objects.filter(pk=interview.pk).update(connector_answer="no")
    interview.refresh_from_db()

    assert selectors.common_ground_for(actor=owner, interview=interview) == ()


def test_it_has_no_common_ground_with_a_stranger(owner, person):
    full_profile(owner)
    interview = open_interview(owner, person)

    assert selectors.draft_context(actor=owner, interview=interview).common_ground == ()


def test_it_offers_three_times_at_least_the_lead_days_ahead(owner, person):
    full_profile(owner, lead_days=21)
    interview = open_interview(owner, person)

    options = selectors.draft_context(actor=owner, interview=interview).time_options

    assert len(options) == 3
    days = find_dates(" ".join(options), now=NOW, tz=profile_for(owner).tz)
    assert len(days) == 3
    assert all(day >= (NOW + 21 * DAY).date() for day in days)
    assert all(day.weekday() < 5 for day in days)  # their working hours are Mon-Fri
    slots = selectors.slots_for(actor=owner, interview=interview)
    assert [s.end - s.start for s in slots] == [timedelta(minutes=20)] * 3
    assert all(s.start >= NOW + 21 * DAY for s in slots)


def test_it_offers_times_in_their_zone_and_hours(owner, person):
    full_profile(owner, time_zone="Europe/Paris", availability="Mon-Fri 09:00-19:00")
    person_update(
        actor=owner,
        person=person,
        time_zone="America/New_York",
        working_hours="Mon-Fri 09:00-12:00",
    )
    interview = open_interview(owner, person)

    options = selectors.draft_context(actor=owner, interview=interview).time_options

    assert len(options) == 3
    # 09:00 in New York is 15:00 in Paris in December.
    assert all(", 09:00–09:20 your time (15:00–15:20 mine)" in o for o in options), options


def test_it_does_not_offer_a_time_taken_by_a_meeting(owner, person):
    full_profile(owner, availability="Mon-Fri 09:00-10:00")
    interview = open_interview(owner, person)
    first = selectors.slots_for(actor=owner, interview=interview)[0]
    other = open_interview(owner, person_create(actor=owner, name="Lee Chen"))
    time_agree(actor=owner, interview=other, start=first.start)

    again = selectors.slots_for(actor=owner, interview=interview)

    assert first.start not in [s.start for s in again]
    assert all(not (s.start < first.end and first.start < s.end) for s in again)


def test_it_suggests_the_messages_that_fit_the_stage_first(owner, person):
    interview = open_interview(owner, person)
    assert selectors.kinds_for(interview)[0] == MessageKind.REQUEST

    walk(owner, interview, Stage.REQUESTED)
    assert selectors.kinds_for(interview)[0] == MessageKind.FOLLOW_UP

    interview_advance(actor=owner, interview=interview, to_stage=Stage.HELD)
    assert selectors.kinds_for(interview)[0] == MessageKind.THANK_YOU
    assert sorted(selectors.kinds_for(interview)) == sorted(MessageKind)


# --- what the coach knows --------------------------------------------------------------------


def facts(actor, interview, kind, subject="Hello", body="Hello."):
    return selectors.coach_facts(
        actor=actor, interview=interview, kind=kind, subject=subject, body=body
    )


def test_it_tells_the_coach_about_a_follow_up_already_sent(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.REQUESTED)
    assert facts(owner, interview, MessageKind.FOLLOW_UP).follow_ups_sent == 0

    send(owner, draft(owner, interview, MessageKind.FOLLOW_UP))
    second = facts(owner, interview, MessageKind.FOLLOW_UP, body="Just checking in again.")

    assert second.follow_ups_sent == 1
    assert "second_follow_up" in [f.code for f in coach.check(second)]


def test_it_tells_the_coach_whether_the_user_is_applying(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.HELD)
    body = "Thank you! You said to apply early. I've attached my resume, should you pass it on."
    assert facts(owner, interview, MessageKind.THANK_YOU).actively_applying is False
    codes = [f.code for f in coach.check(facts(owner, interview, MessageKind.THANK_YOU, body=body))]
    assert "resume_not_applying" in codes

    interview_update(actor=owner, interview=interview, applying_for="Policy Analyst (ref 42)")
    applying = facts(owner, interview, MessageKind.THANK_YOU, body=body)

    assert applying.actively_applying is True
    assert "resume_not_applying" not in [f.code for f in coach.check(applying)]


def test_it_tells_the_coach_the_note_marked_to_quote(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.HELD)
    assert facts(owner, interview, MessageKind.THANK_YOU).marked_notes == ()

    interview_update(
        actor=owner, interview=interview, quote_note="Read the council minutes before anything"
    )
    marked = facts(owner, interview, MessageKind.THANK_YOU, body="Thanks for your time.")

    assert marked.marked_notes == ("Read the council minutes before anything",)
    [finding] = [f for f in coach.check(marked) if f.code == "thank_you_not_specific"]
    assert "Read the council minutes before anything" in finding.fix


def test_it_gives_the_coach_common_ground_and_their_zone(owner, person):
    full_profile(owner, time_zone="Europe/Paris")
    person_update(actor=owner, person=person, time_zone="America/New_York", schools="MIT")
    interview = open_interview(owner, person)

    known = facts(owner, interview, MessageKind.REQUEST)

    assert {"Dana Whitfield", "MIT", "City Climate Office"} <= set(known.common_ground)
    assert str(known.time_zone) == "America/New_York"
    assert known.lead_days == 14
    assert known.meeting_at is None


def test_a_good_default_request_raises_no_coach_problems(owner, person):
    full_profile(owner, time_zone="Europe/Paris")
    person_update(actor=owner, person=person, schools="Université Lyon 2")
    interview = open_interview(owner, person)
    context = selectors.draft_context(actor=owner, interview=interview)
    request = drafting.draft("request", context, selectors.template_for(actor=owner, key="request"))

    findings = coach.check(
        facts(owner, interview, MessageKind.REQUEST, request.subject, request.body)
    )

    assert [f for f in findings if f.level == Level.PROBLEM] == []
    assert findings == []
    assert "We both studied at Université Lyon 2." in request.body
    assert request.subject == "Informational interview request: City Climate Office"


def test_a_good_default_thank_you_raises_nothing_the_morning_after(owner, person, clock):
    full_profile(owner)
    interview = open_interview(owner, person, quote_note="Policy is a team sport")
    time_agree(actor=owner, interview=interview, start=NOW + 2 * DAY)
    clock.move_to(NOW + 2 * DAY + timedelta(minutes=30))
    interview_advance(actor=owner, interview=interview, to_stage=Stage.HELD)
    context = selectors.draft_context(actor=owner, interview=interview)
    thanks = drafting.draft(
        "thank_you", context, selectors.template_for(actor=owner, key="thank_you")
    )
    clock.move_to(NOW + 3 * DAY)

    findings = coach.check(
        facts(owner, interview, MessageKind.THANK_YOU, thanks.subject, thanks.body)
    )

    assert findings == []
    assert "“Policy is a team sport”" in thanks.body
    send(owner, message_save(actor=owner, interview=interview, kind="thank_you", **vars(thanks)))
    assert stage_of(interview) == Stage.THANKED
