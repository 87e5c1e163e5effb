"""Action items on Today: merged with interviews and people in show_from order, paged the
same way, and read as one index range no longer than the page (coffeechat.today.selectors)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.debrief.models import ActionItem
from coffeechat.debrief.services import action_item_add, action_item_done
from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.services import interview_advance
from coffeechat.network.services import interaction_log, person_create
from coffeechat.today.selectors import today_for
from tests.conftest import NOW
from tests.services.support import DAY, open_interview, walk

pytestmark = pytest.mark.django_db


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@pytest.fixture
def held(owner):
    ana = person_create(actor=owner, name="Ana Lima")
    interview = walk(owner, open_interview(owner, ana, opened=NOW - 60 * DAY), Stage.HELD)
    # Thanked, so the only things on Today are the ones each test makes.
    return interview_advance(
        actor=owner, interview=interview, to_stage=Stage.THANKED, at=NOW - 50 * DAY
    )


def advice(owner, interview, text: str, due_on: date, clock) -> ActionItem:
    """An action item written on its due day (the past can't be chosen), then back to NOW."""
    clock.move_to(midnight(due_on))
    item = action_item_add(actor=owner, interview=interview, text=text, due_on=due_on)
    clock.move_to(NOW)
    return item


def requested(owner, name: str, at: datetime):
    person = person_create(actor=owner, name=name)
    interview = open_interview(owner, person, opened=at - DAY)
    return interview_advance(actor=owner, interview=interview, to_stage=Stage.REQUESTED, at=at)


def kept_in_touch(owner, name: str, last_contact: datetime):
    person = person_create(actor=owner, name=name, keep_in_touch=True)
    interaction_log(actor=owner, person=person, kind="email", occurred_at=last_contact)
    return person


def shown(page) -> list[str]:
    out = []
    for item in page.items:
        label = item.action_item.text if item.action_item else item.person.name
        out.append(f"{item.action.kind.value}:{label}")
    return out


def test_it_merges_actions_with_interviews_and_people_longest_waiting_first(owner, held, clock):
    kept_in_touch(owner, "Cy", NOW - 100 * DAY)  # due 10 days ago
    advice(owner, held, "Read the book", (NOW - 8 * DAY).date(), clock)
    requested(owner, "Bo", NOW - 12 * DAY)  # follow-up due 5 days ago
    advice(owner, held, "Join the meetup", NOW.date(), clock)
    advice(owner, held, "Take the course", (NOW + DAY).date(), clock)  # tomorrow: not yet

    page = today_for(actor=owner)

    assert shown(page) == [
        "keep_in_touch:Cy",
        "action_item:Read the book",
        "follow_up:Bo",
        "action_item:Join the meetup",
    ]
    assert page.total == 4
    assert [item.status.value for item in page.items if item.action_item] == ["overdue", "due"]


def test_it_pages_through_actions_interviews_and_people_without_gaps_or_repeats(owner, held, clock):
    for days in (20, 11, 3):
        advice(owner, held, f"Action {days}", (NOW - days * DAY).date(), clock)
    for days in (15, 5):
        kept_in_touch(owner, f"Person {days}", NOW - (90 + days) * DAY)
    for days in (17, 9):
        requested(owner, f"Interview {days}", NOW - (7 + days) * DAY)
    everything = shown(today_for(actor=owner))
    assert len(everything) == 7

    for limit in (1, 2, 3):
        pages = [
            today_for(actor=owner, offset=offset, limit=limit) for offset in range(0, 7, limit)
        ]
        assert [entry for page in pages for entry in shown(page)] == everything
        assert {page.total for page in pages} == {7}
        assert pages[-1].has_next is False and pages[0].has_previous is False


def test_on_the_same_morning_the_interview_comes_before_the_action(owner, held, person, clock):
    deferred = walk(owner, open_interview(owner, person), Stage.DEFERRED)  # revisit in 10 days
    day = deferred.revisit_on
    advice(owner, held, "Call the recruiter", day, clock)
    clock.move_to(midnight(day) + timedelta(hours=9))

    pages = [shown(today_for(actor=owner, offset=offset, limit=1)) for offset in (0, 1)]

    assert pages == [["revisit:Dana Whitfield"], ["action_item:Call the recruiter"]]


def test_it_counts_only_open_actions_that_are_due(owner, held, clock):
    done = advice(owner, held, "Done already", (NOW - 2 * DAY).date(), clock)
    action_item_done(actor=owner, item=done)
    advice(owner, held, "Still to do", (NOW - 2 * DAY).date(), clock)
    advice(owner, held, "Next week", (NOW + 7 * DAY).date(), clock)

    page = today_for(actor=owner)

    assert (shown(page), page.total) == (["action_item:Still to do"], 1)


def test_a_page_past_the_end_shows_the_last_page(owner, held, clock):
    for n in range(3):
        advice(owner, held, f"Action {n}", (NOW - (5 - n) * DAY).date(), clock)

    page = today_for(actor=owner, offset=50, limit=2)

    assert (page.offset, shown(page)) == (2, ["action_item:Action 2"])


def test_it_reads_no_more_actions_than_the_page_needs(owner, held, clock):
    due = (NOW - 30 * DAY).date()
    clock.move_to(midnight(due))
    ActionItem.objects.bulk_create(
        ActionItem(owner=owner, interview=held, text=f"Action {n}", due_on=due + n * DAY)
        for n in range(120)
    )
    clock.move_to(NOW)

    with CaptureQueriesContext(connection) as queries:
        page = today_for(actor=owner, offset=5, limit=5)

    reads = [q["sql"] for q in queries if "debrief_actionitem" in q["sql"]]
    listing = [sql for sql in reads if "COUNT(" not in sql.upper()]
    assert len(listing) == 1 and "LIMIT 11" in listing[0]  # offset + limit + 1
    assert [item.action_item.text for item in page.items] == [f"Action {n}" for n in range(5, 10)]
    assert page.total == 31  # due from 30 days ago up to today


def test_it_never_shows_another_users_actions(owner, outsider, held, clock):
    advice(owner, held, "Mine", NOW.date(), clock)

    page = today_for(actor=outsider)

    assert (page.items, page.total) == ([], 0)
