"""Agreeing a time, the invitation for it, and the private calendar feed
(coffeechat.outreach.invitations).

Every .ics is read back with vobject, an independent parser that builds its time zones
from the VTIMEZONE we wrote: what it reads is what a calendar app will show.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core.exceptions import ValidationError

from coffeechat.accounts.models import Profile
from coffeechat.accounts.services import profile_update
from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance, interview_update
from coffeechat.network.services import interaction_log, person_create
from coffeechat.outreach.invitations import (
    feed_for,
    feed_owner,
    feed_token_new,
    feed_token_revoke,
    invitation_cancel,
    invitation_current,
    invitation_issue,
    time_agree,
)
from tests.conftest import NOW
from tests.services.support import DAY, interview_row, open_interview, walk

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
WINTER = datetime(2026, 12, 3, 14, 0, tzinfo=PARIS)  # CET, UTC+1
SUMMER = datetime(2027, 6, 15, 10, 0, tzinfo=PARIS)  # CEST, UTC+2
LINK = "https://meet.example.com/abc-defg-hij"


@pytest.fixture
def me(owner):
    profile_update(
        actor=owner, time_zone="Europe/Paris", name="Alice Martin", email="alice@example.com"
    )
    return owner


@pytest.fixture
def asked(me, person):
    interview = walk(me, open_interview(me, person, minutes=25, place=LINK), Stage.REQUESTED)
    return Interview.objects.get(pk=interview.pk)


def read(ics: bytes):
    # vobject keeps the first VTIMEZONE it meets for a TZID for the rest of the process,
    # and ours cover only the years of their events: read each document on its own, and
    # leave the registry as other tests had it.
    registry = vars(vobject.icalendar)["__tzidMap"]
    kept = dict(registry)
    registry.clear()
    registry["UTC"] = kept["UTC"]
    try:
        return vobject.readOne(ics.decode("utf-8"))
    finally:
        registry.clear()
        registry.update(kept)


def event_of(ics: bytes):
    calendar = read(ics)
    [event] = calendar.vevent_list
    return calendar, event


def stored(interview) -> Interview:
    return Interview.objects.get(pk=interview.pk)


# --- agreeing a time -------------------------------------------------------------------------


def test_it_schedules_the_interview_for_the_agreed_time(me, asked):
    time_agree(actor=me, interview=asked, start=WINTER)

    row = stored(asked)
    assert (row.stage, row.meeting_at, row.stage_entered_at) == (Stage.SCHEDULED, WINTER, NOW)
    assert row.changes.first().to_stage == Stage.SCHEDULED


def test_it_moves_a_scheduled_meeting_and_keeps_the_stage(me, asked, clock):
    time_agree(actor=me, interview=asked, start=WINTER)
    clock.shift(DAY)
    changes = asked.changes.count()

    time_agree(actor=me, interview=stored(asked), start=SUMMER)

    row = stored(asked)
    assert (row.stage, row.meeting_at, row.stage_entered_at) == (Stage.SCHEDULED, SUMMER, NOW)
    assert row.changes.count() == changes


@pytest.mark.parametrize(
    "start",
    [NOW - timedelta(minutes=1), NOW, NOW - 30 * DAY],
    ids=["a-minute-ago", "now", "last-month"],
)
def test_it_refuses_a_time_that_has_passed(me, asked, start):
    before = interview_row(asked)

    with pytest.raises(ValidationError) as caught:
        time_agree(actor=me, interview=asked, start=start)

    assert caught.value.message_dict == {"start": ["That time has passed; pick one ahead."]}
    assert interview_row(asked) == before


def test_it_refuses_a_time_without_a_zone(me, asked):
    before = interview_row(asked)

    with pytest.raises(ValidationError) as caught:
        time_agree(actor=me, interview=asked, start=datetime(2026, 12, 3, 14, 0))

    assert "start" in caught.value.message_dict
    assert interview_row(asked) == before


def test_it_refuses_to_schedule_a_conversation_already_held(me, asked):
    interview_advance(actor=me, interview=asked, to_stage=Stage.HELD)
    before = interview_row(asked)

    with pytest.raises(ValidationError) as caught:
        time_agree(actor=me, interview=asked, start=WINTER)

    assert "Can't move from held to scheduled" in caught.value.messages[0]
    assert interview_row(asked) == before


def test_it_refuses_to_cancel_a_meeting_that_was_held(me, asked, clock):
    time_agree(actor=me, interview=asked, start=WINTER)
    invitation_issue(actor=me, interview=asked)
    clock.move_to(WINTER + timedelta(hours=1))
    interview_advance(actor=me, interview=stored(asked), to_stage=Stage.HELD)
    before = interview_row(asked)

    with pytest.raises(ValidationError) as caught:
        invitation_cancel(actor=me, interview=stored(asked))

    assert "no meeting to cancel" in caught.value.messages[0]
    assert interview_row(asked) == before


def test_it_cancels_the_invitation_of_a_meeting_they_declined(me, asked):
    time_agree(actor=me, interview=asked, start=WINTER)
    _, invited = event_of(invitation_issue(actor=me, interview=asked))
    interview_advance(actor=me, interview=stored(asked), to_stage=Stage.DECLINED)

    calendar, cancelled = event_of(invitation_cancel(actor=me, interview=stored(asked)))

    assert calendar.method.value == "CANCEL"
    assert cancelled.uid.value == invited.uid.value
    assert int(cancelled.sequence.value) == 1
    assert stored(asked).stage == Stage.DECLINED


# --- the invitation --------------------------------------------------------------------------


def test_it_needs_an_agreed_time_for_an_invitation(me, asked):
    before = interview_row(asked)

    with pytest.raises(ValidationError) as caught:
        invitation_issue(actor=me, interview=asked)

    assert "Agree on a time first" in caught.value.messages[0]
    assert interview_row(asked) == before
    assert invitation_current(actor=me, interview=asked) is None


@pytest.mark.parametrize(("start", "offset"), [(WINTER, 1), (SUMMER, 2)], ids=["winter", "summer"])
def test_it_issues_the_invitation_at_the_meeting_time_in_my_zone(me, asked, start, offset):
    time_agree(actor=me, interview=asked, start=start)

    calendar, event = event_of(invitation_issue(actor=me, interview=asked))

    assert calendar.method.value == "REQUEST"
    assert event.uid.value == stored(asked).ical_uid != ""
    assert int(event.sequence.value) == 0
    assert event.dtstart.value == start
    assert event.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/Paris"]
    assert event.dtstart.value.replace(tzinfo=None) == start.replace(tzinfo=None)
    assert event.dtstart.value.utcoffset() == timedelta(hours=offset)
    assert event.duration.value == timedelta(minutes=25)
    assert not hasattr(event, "dtend")
    assert event.location.value == LINK
    assert event.organizer.value.lower() == "mailto:alice@example.com"
    assert event.organizer.params["CN"] == ["Alice Martin"]
    assert event.attendee.value.lower() == "mailto:dana@example.org"
    assert event.attendee.params["CN"] == ["Dana Whitfield"]
    assert event.status.value == "CONFIRMED"
    assert event.summary.value == "Informational interview: Alice Martin / Dana Whitfield"
    assert "25 minutes" in event.description.value
    [alarm] = event.valarm_list
    assert alarm.trigger.value == timedelta(minutes=-30)


def test_it_leaves_out_addresses_it_does_not_know(owner, person):
    profile_update(actor=owner, time_zone="Europe/Paris", email="")
    nameless = person_create(actor=owner, name="Lee Chen")
    interview = walk(owner, open_interview(owner, nameless, place="Café Lumen"), Stage.REQUESTED)
    time_agree(actor=owner, interview=interview, start=WINTER)

    _, event = event_of(invitation_issue(actor=owner, interview=interview))

    assert not hasattr(event, "organizer")
    assert not hasattr(event, "attendee")
    assert event.location.value == "Café Lumen"
    assert event.summary.value == "Informational interview: alice / Lee Chen"


def test_it_gives_the_same_invitation_when_asked_again_for_the_same_time(me, asked, clock):
    time_agree(actor=me, interview=asked, start=WINTER)
    first = invitation_issue(actor=me, interview=asked)
    clock.shift(timedelta(hours=3))

    again = invitation_issue(actor=me, interview=stored(asked))

    _, one = event_of(first)
    _, two = event_of(again)
    assert (two.uid.value, two.sequence.value, two.dtstart.value) == (
        one.uid.value,
        one.sequence.value,
        one.dtstart.value,
    )
    assert stored(asked).ical_sequence == 0
    assert invitation_current(actor=me, interview=stored(asked)) is not None
    _, current = event_of(invitation_current(actor=me, interview=stored(asked)))
    assert (current.uid.value, int(current.sequence.value)) == (one.uid.value, 0)


def test_it_reissues_the_same_event_with_a_higher_sequence_for_a_new_time(me, asked, clock):
    time_agree(actor=me, interview=asked, start=WINTER)
    _, first = event_of(invitation_issue(actor=me, interview=asked))
    clock.shift(DAY)
    time_agree(actor=me, interview=stored(asked), start=SUMMER)
    assert invitation_current(actor=me, interview=stored(asked)) is None  # not sent yet

    _, moved = event_of(invitation_issue(actor=me, interview=stored(asked)))

    assert moved.uid.value == first.uid.value
    assert int(moved.sequence.value) == 1
    assert moved.dtstart.value == SUMMER
    assert moved.dtstart.value.utcoffset() == timedelta(hours=2)
    # Moving it twice raises the sequence each time, never reusing one.
    time_agree(actor=me, interview=stored(asked), start=SUMMER + DAY)
    _, twice = event_of(invitation_issue(actor=me, interview=stored(asked)))
    assert (twice.uid.value, int(twice.sequence.value)) == (first.uid.value, 2)


def test_it_cancels_the_same_event_and_goes_back_to_requested(me, asked, clock):
    time_agree(actor=me, interview=asked, start=WINTER)
    _, invited = event_of(invitation_issue(actor=me, interview=asked))
    clock.shift(DAY)

    calendar, cancelled = event_of(invitation_cancel(actor=me, interview=stored(asked)))

    assert calendar.method.value == "CANCEL"
    assert cancelled.uid.value == invited.uid.value
    assert int(cancelled.sequence.value) > int(invited.sequence.value)
    assert cancelled.status.value == "CANCELLED"
    assert cancelled.dtstart.value == WINTER
    assert cancelled.attendee.value.lower() == "mailto:dana@example.org"
    assert not hasattr(cancelled, "valarm")
    row = stored(asked)
    assert (row.stage, row.meeting_at, row.stage_entered_at) == (Stage.REQUESTED, None, NOW + DAY)
    assert invitation_current(actor=me, interview=row) is None


def test_it_reissues_after_a_cancellation_above_the_cancelled_sequence(me, asked, clock):
    time_agree(actor=me, interview=asked, start=WINTER)
    invitation_issue(actor=me, interview=asked)
    _, cancelled = event_of(invitation_cancel(actor=me, interview=stored(asked)))
    clock.shift(DAY)

    time_agree(actor=me, interview=stored(asked), start=SUMMER)
    _, again = event_of(invitation_issue(actor=me, interview=stored(asked)))

    assert again.uid.value == cancelled.uid.value
    assert int(again.sequence.value) > int(cancelled.sequence.value)
    assert again.dtstart.value == SUMMER


def test_it_refuses_to_cancel_without_an_invitation(me, asked):
    time_agree(actor=me, interview=asked, start=WINTER)
    before = interview_row(asked)

    with pytest.raises(ValidationError) as caught:
        invitation_cancel(actor=me, interview=stored(asked))

    assert "No invitation was sent" in caught.value.messages[0]
    assert interview_row(asked) == before


def test_it_refuses_to_cancel_twice(me, asked):
    time_agree(actor=me, interview=asked, start=WINTER)
    invitation_issue(actor=me, interview=asked)
    invitation_cancel(actor=me, interview=stored(asked))
    before = interview_row(asked)

    with pytest.raises(ValidationError):
        invitation_cancel(actor=me, interview=stored(asked))

    assert interview_row(asked) == before


def test_it_refuses_another_users_interview(me, asked, outsider):
    time_agree(actor=me, interview=asked, start=WINTER)
    invitation_issue(actor=me, interview=asked)
    before = interview_row(asked)

    for call in (
        lambda: time_agree(actor=outsider, interview=stored(asked), start=SUMMER),
        lambda: invitation_issue(actor=outsider, interview=stored(asked)),
        lambda: invitation_current(actor=outsider, interview=stored(asked)),
        lambda: invitation_cancel(actor=outsider, interview=stored(asked)),
    ):
        with pytest.raises(ValidationError):
            call()

    assert interview_row(asked) == before


# --- the private feed: its secret address ----------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "garbage", "x" * 43])
def test_it_opens_no_feed_without_a_valid_token(owner, outsider, token):
    assert feed_owner(token) is None


def test_it_opens_the_feed_with_the_new_token(owner, outsider):
    token = feed_token_new(actor=owner)

    assert feed_owner(token) == owner
    assert feed_owner(token[:-1]) is None
    assert feed_owner(token.upper() if token.upper() != token else token.lower()) is None
    assert Profile.objects.get(user=outsider).feed_token == ""


def test_it_stops_the_old_address_when_a_new_token_is_made(owner):
    old = feed_token_new(actor=owner)

    new = feed_token_new(actor=owner)

    assert new != old
    assert feed_owner(old) is None
    assert feed_owner(new) == owner


def test_it_stops_the_feed_when_revoked(owner):
    token = feed_token_new(actor=owner)

    feed_token_revoke(actor=owner)

    assert feed_owner(token) is None
    assert feed_owner("") is None
    assert Profile.objects.get(user=owner).feed_token == ""


def test_it_gives_each_user_their_own_token(owner, outsider):
    mine, theirs = feed_token_new(actor=owner), feed_token_new(actor=outsider)

    assert (feed_owner(mine), feed_owner(theirs)) == (owner, outsider)


# --- the private feed: what it lists ---------------------------------------------------------


def feed_events(actor) -> dict[str, object]:
    calendar = read(feed_for(actor=actor))
    assert calendar.method.value == "PUBLISH"
    return {event.summary.value: event for event in calendar.contents.get("vevent", [])}


def test_it_lists_a_scheduled_meeting_as_a_timed_event(me, asked):
    time_agree(actor=me, interview=asked, start=WINTER)
    invitation_issue(actor=me, interview=asked)

    event = feed_events(me)["Informational interview with Dana Whitfield"]

    assert event.dtstart.value == WINTER
    assert event.dtstart.value.utcoffset() == timedelta(hours=1)
    assert event.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/Paris"]
    assert event.duration.value == timedelta(minutes=25)
    assert event.location.value == LINK
    # The same UID as the invitation, so a calendar holding both shows one meeting.
    assert event.uid.value == stored(asked).ical_uid


def test_it_lists_a_meeting_within_six_months_only(me, asked):
    time_agree(actor=me, interview=asked, start=SUMMER)  # seven months ahead

    assert "Informational interview with Dana Whitfield" not in feed_events(me)


def test_it_puts_the_prep_reminder_on_the_day_before_the_meeting(me, asked):
    time_agree(actor=me, interview=asked, start=WINTER)

    event = feed_events(me)["Prepare for the meeting: Dana Whitfield"]

    assert event.dtstart.value == date(2026, 12, 2)


def test_it_lists_a_due_follow_up_on_its_day_in_my_zone(me, person, clock):
    # Asked on Thursday 12 November at 23:30 UTC, 00:30 on Friday in Paris: the follow-up
    # falls a week later, on Friday 20 November in Paris (Thursday 19 in UTC).
    interview = open_interview(me, person)
    interview_advance(
        actor=me,
        interview=interview,
        to_stage=Stage.REQUESTED,
        at=datetime(2026, 11, 12, 23, 30, tzinfo=UTC),
    )

    event = feed_events(me)["Follow up once: Dana Whitfield"]

    assert event.dtstart.value == date(2026, 11, 20)
    assert event.dtend.value == date(2026, 11, 21)
    assert event.transp.value == "TRANSPARENT"


def test_it_lists_a_due_thank_you_on_its_day_in_my_zone(me, asked):
    # The meeting ended at midnight in Paris (23:00 UTC); the thank-you is due 24 hours on.
    interview_advance(
        actor=me,
        interview=asked,
        to_stage=Stage.HELD,
        meeting_at=datetime(2026, 11, 15, 22, 35, tzinfo=UTC),
    )

    events = feed_events(me)

    assert events["Send a thank-you: Dana Whitfield"].dtstart.value == date(2026, 11, 17)
    # The meeting itself stays in the calendar once held.
    meeting = events["Informational interview with Dana Whitfield"]
    assert meeting.dtstart.value == datetime(2026, 11, 15, 22, 35, tzinfo=UTC)


def test_it_lists_a_due_keep_in_touch_on_its_day_in_my_zone(me):
    friend = person_create(actor=me, name="Lee Chen", keep_in_touch=True)
    # 90 days after 23:30 UTC on 17 September is 00:30 on 17 December in Paris.
    interaction_log(
        actor=me, person=friend, kind="email", occurred_at=datetime(2026, 9, 17, 23, 30, tzinfo=UTC)
    )

    event = feed_events(me)["Keep in touch: Lee Chen"]

    assert event.dtstart.value == date(2026, 12, 17)


def test_it_takes_a_done_action_off_the_feed(me, asked):
    assert "Follow up once: Dana Whitfield" in feed_events(me)

    interview_advance(actor=me, interview=asked, to_stage=Stage.FOLLOWED_UP)

    events = feed_events(me)
    assert "Follow up once: Dana Whitfield" not in events
    assert events["Close as no reply: Dana Whitfield"].dtstart.value == (NOW + 7 * DAY).date()


def test_it_lists_nothing_of_another_user(me, asked, outsider):
    time_agree(actor=me, interview=asked, start=WINTER)
    stranger = person_create(actor=outsider, name="Mallory's contact", keep_in_touch=True)
    interaction_log(actor=outsider, person=stranger, kind="email", occurred_at=NOW - 95 * DAY)
    theirs = walk(outsider, open_interview(outsider, stranger), Stage.REQUESTED)
    interview_update(actor=outsider, interview=theirs, place="Mallory's office")
    time_agree(actor=outsider, interview=theirs, start=SUMMER)

    mine = read(feed_for(actor=me)).serialize()
    outsiders = read(feed_for(actor=outsider)).serialize()

    assert "Mallory" not in mine
    assert "Dana Whitfield" in mine
    assert "Dana Whitfield" not in outsiders
    assert "Mallory's contact" in outsiders


def test_it_gives_an_empty_feed_to_a_new_user(owner):
    calendar = read(feed_for(actor=owner))

    assert calendar.method.value == "PUBLISH"
    assert "vevent" not in calendar.contents
