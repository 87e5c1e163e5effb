"""Today: what is due across interviews and people, and doing it (coffeechat.today)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from coffeechat.accounts.services import profile_update
from coffeechat.domain.lifecycle import Stage
from coffeechat.domain.today import ActionKind, Status
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance, interview_mark_prepared
from coffeechat.network.models import Interaction, Person
from coffeechat.network.services import interaction_log, person_create, person_update
from coffeechat.today.selectors import today_for
from coffeechat.today.services import action_complete
from tests.conftest import NOW
from tests.services.support import DAY, interview_row, open_interview, walk

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
NEW_YORK = ZoneInfo("America/New_York")


def advance(actor, interview, to_stage, at, **kwargs) -> Interview:
    return interview_advance(actor=actor, interview=interview, to_stage=to_stage, at=at, **kwargs)


def requested(actor, name, at) -> Interview:
    person = person_create(actor=actor, name=name)
    interview = open_interview(actor, person, opened=at - DAY)
    return advance(actor, interview, Stage.REQUESTED, at=at)


def scheduled(actor, name, meeting_at) -> Interview:
    interview = requested(actor, name, NOW - 10 * DAY)
    return advance(actor, interview, Stage.SCHEDULED, at=NOW - 9 * DAY, meeting_at=meeting_at)


def held(actor, name, at) -> Interview:
    return advance(actor, requested(actor, name, NOW - 10 * DAY), Stage.HELD, at=at)


def kept_in_touch(actor, name, last_contact, **kwargs) -> Person:
    person = person_create(actor=actor, name=name, keep_in_touch=True, **kwargs)
    interaction_log(actor=actor, person=person, kind="email", occurred_at=last_contact)
    return person


def shown(page) -> list[tuple[str, str]]:
    return [(item.action.kind.value, item.person.name) for item in page.items]


def today(actor, **kwargs):
    return today_for(actor=actor, **kwargs)


# --- what shows, in what order ---------------------------------------------------------------


def test_it_lists_interviews_and_people_due_longest_waiting_first(owner):
    requested(owner, "Ada", NOW - 7 * DAY - 2 * HOUR)  # follow-up due 2 hours ago
    held(owner, "Bo", NOW - HOUR)  # thank-you from an hour ago
    kept_in_touch(owner, "Cy", NOW - 100 * DAY)  # due 10 days ago
    kept_in_touch(owner, "Dee", NOW - 35 * DAY, keep_in_touch_days=30)  # due 5 days ago
    kept_in_touch(owner, "Eve", NOW - 80 * DAY)  # due in 10 days: not yet

    page = today(owner)

    assert shown(page) == [
        ("keep_in_touch", "Cy"),
        ("keep_in_touch", "Dee"),
        ("follow_up", "Ada"),
        ("thank_you", "Bo"),
    ]
    assert [item.status for item in page.items] == [
        Status.OVERDUE,
        Status.OVERDUE,
        Status.DUE,
        Status.UPCOMING,
    ]
    assert (page.total, page.has_next, page.has_previous) == (4, False, False)
    assert "every 30 days" in page.items[1].reason
    assert "Send one polite follow-up" in page.items[2].reason


def test_it_shows_nothing_before_it_is_due(owner):
    requested(owner, "Ada", NOW - 6 * DAY)
    kept_in_touch(owner, "Cy", NOW - 89 * DAY)

    assert today(owner).items == []
    assert today(owner).total == 0

    page = today(owner, now=NOW + DAY)
    assert sorted(shown(page)) == [("follow_up", "Ada"), ("keep_in_touch", "Cy")]


def test_it_asks_to_close_as_no_reply_a_week_after_the_follow_up(owner):
    interview = requested(owner, "Ada", NOW - 20 * DAY)
    advance(owner, interview, Stage.FOLLOWED_UP, at=NOW - 7 * DAY + HOUR)

    assert today(owner).items == []
    assert shown(today(owner, now=NOW + HOUR)) == [("close_no_reply", "Ada")]


def test_it_asks_to_revisit_a_deferred_interview_on_its_day(owner, person):
    interview = open_interview(owner, person)
    advance(owner, interview, Stage.DEFERRED, at=NOW - DAY, revisit_on=(NOW + DAY).date())

    assert today(owner, now=datetime(2026, 11, 16, 23, 59, tzinfo=UTC)).items == []
    assert shown(today(owner, now=datetime(2026, 11, 17, tzinfo=UTC))) == [
        ("revisit", "Dana Whitfield")
    ]


def test_it_moves_a_thank_you_from_to_do_to_due_to_overdue(owner, clock):
    held(owner, "Bo", NOW)
    statuses = []
    for _ in range(3):
        [item] = today(owner).items
        statuses.append(item.status)
        clock.shift(24 * HOUR)

    assert statuses == [Status.UPCOMING, Status.DUE, Status.OVERDUE]


# --- meetings ---------------------------------------------------------------------------------


def test_it_shows_nothing_while_a_meeting_is_under_way(owner):
    scheduled(owner, "Ada", meeting_at=NOW - 10 * MINUTE)  # 20 minutes, unprepared

    assert shown(today(owner, now=NOW - 11 * MINUTE)) == [("prep", "Ada")]
    assert today(owner).items == []
    assert shown(today(owner, now=NOW + 10 * MINUTE)) == [("record_meeting", "Ada")]


def test_it_counts_only_what_it_shows_while_a_meeting_is_under_way(owner):
    scheduled(owner, "Ada", meeting_at=NOW - 10 * MINUTE)

    page = today(owner)

    # Counting it would read "1 thing to do" above an empty list.
    assert (page.items, page.total) == ([], 0)


def test_it_asks_to_prepare_from_the_day_before_the_meeting(owner):
    meeting = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)
    interview = scheduled(owner, "Ada", meeting_at=meeting)

    assert today(owner, now=datetime(2026, 11, 15, 23, 59, tzinfo=UTC)).items == []
    [item] = today(owner).items
    assert item.action.kind == ActionKind.PREP
    assert item.action.due_at == datetime(2026, 11, 17, tzinfo=UTC)
    assert interview.next_action_at == datetime(2026, 11, 16, tzinfo=UTC)


def test_it_asks_to_record_a_prepared_meeting_once_it_ends(owner):
    meeting = NOW + DAY
    interview = scheduled(owner, "Ada", meeting_at=meeting)

    interview_mark_prepared(actor=owner, interview=interview)

    assert Interview.objects.get(pk=interview.pk).next_action_at == meeting + 20 * MINUTE
    assert today(owner).items == []
    assert today(owner, now=meeting + 19 * MINUTE).items == []
    assert shown(today(owner, now=meeting + 20 * MINUTE)) == [("record_meeting", "Ada")]


def test_it_counts_the_day_before_in_the_users_time_zone(owner):
    # Wednesday 02:00 UTC is Tuesday 21:00 in New York: the day before is Monday there.
    meeting = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    interview = scheduled(owner, "Ada", meeting_at=meeting)
    deferred = open_interview(owner, person_create(actor=owner, name="Bo"))
    advance(owner, deferred, Stage.DEFERRED, at=NOW, revisit_on=(NOW + 3 * DAY).date())
    assert Interview.objects.get(pk=interview.pk).next_action_at == datetime(
        2026, 11, 17, tzinfo=UTC
    )
    assert today(owner).items == []

    profile_update(actor=owner, time_zone="America/New_York")

    assert Interview.objects.get(pk=interview.pk).next_action_at == datetime(
        2026, 11, 16, tzinfo=NEW_YORK
    )
    assert Interview.objects.get(pk=deferred.pk).next_action_at == datetime(
        2026, 11, 19, tzinfo=NEW_YORK
    )
    [item] = today(owner).items
    assert (item.action.kind, item.action.due_at) == (
        ActionKind.PREP,
        datetime(2026, 11, 17, tzinfo=NEW_YORK),
    )
    assert "Tue 17 Nov, 21:00" in item.reason  # the meeting, in the user's own time


# --- paging and ownership --------------------------------------------------------------------


def test_it_pages_through_everything_due(owner):
    for days in (50, 40, 30):
        kept_in_touch(owner, f"Person {days}", NOW - (90 + days) * DAY)
    requested(owner, "Interview 35", NOW - 42 * DAY)
    requested(owner, "Interview 10", NOW - 17 * DAY)
    everything = shown(today(owner))

    pages = [today(owner, offset=offset, limit=2) for offset in (0, 2, 4)]

    assert [name for _, name in everything] == [
        "Person 50",
        "Person 40",
        "Interview 35",
        "Person 30",
        "Interview 10",
    ]
    assert [shown(page) for page in pages] == [everything[0:2], everything[2:4], everything[4:]]
    assert [page.total for page in pages] == [5, 5, 5]
    assert [page.has_next for page in pages] == [True, True, False]
    assert [page.has_previous for page in pages] == [False, True, True]


def test_it_shows_every_item_once_when_paging_one_at_a_time(owner):
    # Met yesterday at 15:00 without preparing: stored from Saturday (the prep day),
    # shown from Sunday 15:20 (record the meeting).
    scheduled(owner, "Ada", meeting_at=datetime(2026, 11, 15, 15, 0, tzinfo=UTC))
    # Asked a week before Sunday 10:00: the follow-up has waited longer.
    requested(owner, "Bo", datetime(2026, 11, 8, 10, 0, tzinfo=UTC))
    assert shown(today(owner)) == [("follow_up", "Bo"), ("record_meeting", "Ada")]

    pages = [shown(today(owner, offset=offset, limit=1)) for offset in (0, 1)]

    assert pages == [[("follow_up", "Bo")], [("record_meeting", "Ada")]]


def test_it_never_shows_another_users_due_items(owner, outsider):
    requested(outsider, "Their Ada", NOW - 10 * DAY)
    kept_in_touch(outsider, "Their Cy", NOW - 100 * DAY)
    requested(owner, "My Bo", NOW - 8 * DAY)

    mine, theirs = today(owner), today(outsider)

    assert (shown(mine), mine.total) == ([("follow_up", "My Bo")], 1)
    assert sorted(shown(theirs)) == [("follow_up", "Their Ada"), ("keep_in_touch", "Their Cy")]
    assert theirs.total == 2


# --- doing what Today asks -------------------------------------------------------------------


def keys(actor) -> list[str]:
    return [item.key for item in today(actor).items]


def test_it_sends_the_thank_you_and_moves_to_thanked(owner):
    interview = held(owner, "Bo", NOW - HOUR)
    assert keys(owner) == [f"interview-{interview.pk}-thank_you"]

    action_complete(actor=owner, kind="thank_you", interview=interview)

    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.stage, stored.stage_entered_at) == (Stage.THANKED, NOW)
    thanks = Interaction.objects.get(interview=interview, purpose="thank_you")
    assert (thanks.kind, thanks.occurred_at) == ("email", NOW)
    assert keys(owner) == []


def test_it_sends_the_follow_up_and_moves_to_followed_up(owner):
    interview = requested(owner, "Ada", NOW - 8 * DAY)

    action_complete(actor=owner, kind="follow_up", interview=interview)

    assert Interview.objects.get(pk=interview.pk).stage == Stage.FOLLOWED_UP
    assert Interaction.objects.filter(interview=interview, purpose="follow_up").count() == 1
    assert keys(owner) == []
    # The week for a reply to the follow-up starts now.
    assert shown(today(owner, now=NOW + 7 * DAY)) == [("close_no_reply", "Ada")]


def test_it_closes_an_unanswered_interview_as_no_reply(owner):
    interview = requested(owner, "Ada", NOW - 20 * DAY)
    advance(owner, interview, Stage.FOLLOWED_UP, at=NOW - 8 * DAY)

    action_complete(actor=owner, kind="close_no_reply", interview=interview)

    assert Interview.objects.get(pk=interview.pk).stage == Stage.NO_REPLY
    assert keys(owner) == []


def test_it_marks_the_meeting_prepared(owner):
    interview = scheduled(owner, "Ada", meeting_at=NOW + DAY)
    assert keys(owner) == [f"interview-{interview.pk}-prep"]

    action_complete(actor=owner, kind="prep", interview=interview)

    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.stage, stored.prepared_at) == (Stage.SCHEDULED, NOW)
    assert keys(owner) == []


def test_it_records_the_meeting_as_held_and_asks_for_the_thank_you(owner):
    interview = scheduled(owner, "Ada", meeting_at=NOW - 2 * HOUR)
    assert keys(owner) == [f"interview-{interview.pk}-record_meeting"]

    action_complete(actor=owner, kind="record_meeting", interview=interview)

    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.stage, stored.meeting_at) == (Stage.HELD, NOW - 2 * HOUR)
    [item] = today(owner).items
    assert (item.action.kind, item.action.show_from) == (
        ActionKind.THANK_YOU,
        NOW - 2 * HOUR + 20 * MINUTE,
    )
    assert Person.objects.get(pk=interview.person_id).keep_in_touch


def test_it_picks_a_deferred_interview_up_again(owner, person):
    interview = open_interview(owner, person)
    advance(owner, interview, Stage.DEFERRED, at=NOW - 5 * DAY, revisit_on=NOW.date())

    action_complete(actor=owner, kind="revisit", interview=interview)

    assert Interview.objects.get(pk=interview.pk).stage == Stage.RESEARCHING
    assert keys(owner) == []


def test_it_logs_a_keep_in_touch_note_and_resets_the_clock(owner):
    cy = kept_in_touch(owner, "Cy", NOW - 100 * DAY)
    assert keys(owner) == [f"person-{cy.pk}-keep_in_touch"]

    action_complete(actor=owner, kind="keep_in_touch", person=cy)

    note = Interaction.objects.filter(person=cy).first()
    assert (note.kind, note.purpose, note.occurred_at) == ("note", "keep_in_touch", NOW)
    stored = Person.objects.get(pk=cy.pk)
    assert (stored.last_contacted_at, stored.keep_in_touch_due_at) == (NOW, NOW + 90 * DAY)
    assert keys(owner) == []


NO_LONGER = [
    (ActionKind.THANK_YOU, Stage.THANKED, "thanked"),
    (ActionKind.FOLLOW_UP, Stage.FOLLOWED_UP, "followed up"),
    (ActionKind.CLOSE_NO_REPLY, Stage.NO_REPLY, "no reply"),
    (ActionKind.PREP, Stage.HELD, "held"),
    (ActionKind.RECORD_MEETING, Stage.HELD, "held"),
    (ActionKind.REVISIT, Stage.DECLINED, "declined"),
]


@pytest.mark.parametrize(("kind", "stage", "label"), NO_LONGER, ids=[k for k, _, _ in NO_LONGER])
def test_it_says_when_an_action_no_longer_applies(owner, person, kind, stage, label):
    interview = walk(owner, open_interview(owner, person), stage)
    before = interview_row(interview)

    with pytest.raises(ValidationError) as caught:
        action_complete(actor=owner, kind=kind, interview=interview)

    assert caught.value.messages == [
        f"{kind.title} no longer applies: the interview is now {label}."
    ]
    assert interview_row(interview) == before


def test_it_says_a_thank_you_no_longer_applies_when_another_tab_sent_it(owner):
    interview = held(owner, "Bo", NOW - HOUR)
    first_tab = Interview.objects.get(pk=interview.pk)
    second_tab = Interview.objects.get(pk=interview.pk)
    action_complete(actor=owner, kind="thank_you", interview=first_tab)

    with pytest.raises(ValidationError, match="no longer applies"):
        action_complete(actor=owner, kind="thank_you", interview=second_tab)


def test_it_needs_the_right_kind_of_target(owner, person):
    interview = walk(owner, open_interview(owner, person), Stage.HELD)

    with pytest.raises(ValidationError, match="done with a person"):
        action_complete(actor=owner, kind="keep_in_touch", interview=interview)
    with pytest.raises(ValidationError, match="done on an interview"):
        action_complete(actor=owner, kind="thank_you", person=person)
    assert Interview.objects.get(pk=interview.pk).stage == Stage.HELD


@pytest.mark.parametrize("kind", ["thank_you", "keep_in_touch"])
def test_it_refuses_to_complete_another_users_action(owner, outsider, kind):
    interview = held(owner, "Bo", NOW - HOUR)
    person_update(actor=owner, person=interview.person, keep_in_touch=True)
    before = interview_row(interview)

    with pytest.raises(ValidationError):
        action_complete(actor=outsider, kind=kind, interview=interview, person=interview.person)

    assert interview_row(interview) == before
    assert Interaction.objects.filter(owner=outsider).count() == 0
