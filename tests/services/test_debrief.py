"""The debrief (coffeechat.debrief.services): what was learned, the actions advice became,
and the people they suggested, with their effects on people, interviews, Today and the graph."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from coffeechat.accounts.services import profile_update
from coffeechat.debrief import selectors
from coffeechat.debrief.models import ActionItem, Debrief
from coffeechat.debrief.services import (
    action_item_add,
    action_item_delete,
    action_item_done,
    action_item_reopen,
    debrief_save,
    referral_add,
)
from coffeechat.domain.lifecycle import Stage
from coffeechat.domain.today import ActionKind, Status
from coffeechat.interviews.models import Interview
from coffeechat.network.graph import load_graph
from coffeechat.network.models import Person
from coffeechat.network.services import person_create
from coffeechat.today.selectors import today_for
from coffeechat.today.services import action_complete
from tests.conftest import NOW
from tests.services.support import DAY, interview_row, open_interview, walk

pytestmark = pytest.mark.django_db

TODAY = NOW.date()  # Mon 16 Nov 2026; the owner's zone is UTC unless a test changes it


@pytest.fixture
def held(owner):
    ana = person_create(
        actor=owner, name="Ana Lima", title="Data Lead", organization_name="Harbor Analytics"
    )
    return walk(owner, open_interview(owner, ana), Stage.HELD)


def advice_on_today(actor, now=None):
    page = today_for(actor=actor, now=now)
    return [item for item in page.items if item.action.kind == ActionKind.ACTION_ITEM]


# --- the notes ---------------------------------------------------------------------------------


def test_it_saves_the_structured_notes_and_the_thank_you_quote(owner, held):
    debrief_save(
        actor=owner,
        interview=held,
        day_to_day="  Dashboards in the morning, stakeholder calls after lunch.  ",
        team_size="Six analysts",
        management_style="Hands-off, weekly one-to-ones",
        red_flags="A reorganization every year",
        fit=4,
        fit_reason="I like the pace",
        advice="Learn SQL window functions",
        quote_note="the story about the broken tram data",
        next_step="take the evening SQL course",
    )

    saved = Debrief.objects.get(interview=held)
    assert saved.day_to_day == "Dashboards in the morning, stakeholder calls after lunch."
    assert (saved.team_size, saved.fit, saved.advice) == (
        "Six analysts",
        4,
        "Learn SQL window functions",
    )
    held.refresh_from_db()
    # Where the thank-you draft reads them.
    assert held.quote_note == "the story about the broken tram data"
    assert held.next_step == "take the evening SQL course"


def test_it_changes_only_the_parts_given(owner, held):
    debrief_save(actor=owner, interview=held, advice="Learn SQL", fit=3)
    debrief_save(actor=owner, interview=held, red_flags="High turnover")

    saved = Debrief.objects.get(interview=held)
    assert (saved.advice, saved.fit, saved.red_flags) == ("Learn SQL", 3, "High turnover")
    assert Debrief.objects.count() == 1


@pytest.mark.parametrize("fit", [0, 6, -1, "five", "3.5", 99])
def test_it_refuses_a_fit_outside_1_to_5_naming_the_field(owner, held, fit):
    debrief_save(actor=owner, interview=held, advice="Keep this", fit=2)

    with pytest.raises(ValidationError) as refused:
        debrief_save(actor=owner, interview=held, advice="Not saved", fit=fit)

    assert "fit" in refused.value.message_dict
    assert "1 to 5" in refused.value.message_dict["fit"][0]
    saved = Debrief.objects.get(interview=held)
    assert (saved.advice, saved.fit) == ("Keep this", 2)


@pytest.mark.parametrize("fit", [1, 5, "4", None, ""])
def test_it_takes_a_fit_from_1_to_5_or_none(owner, held, fit):
    debrief_save(actor=owner, interview=held, fit=fit)

    expected = int(fit) if fit not in (None, "") else None
    assert Debrief.objects.get(interview=held).fit == expected


def test_it_leaves_the_quote_as_it_was_when_the_debrief_is_refused(owner, held):
    debrief_save(actor=owner, interview=held, quote_note="the tram story")
    before = interview_row(held)

    with pytest.raises(ValidationError):
        debrief_save(actor=owner, interview=held, quote_note="changed", fit=9)

    assert interview_row(held) == before


@pytest.mark.parametrize(
    "stage", [Stage.PROSPECT, Stage.REQUESTED, Stage.SCHEDULED, Stage.DECLINED, Stage.DEFERRED]
)
def test_it_refuses_a_debrief_before_the_conversation_happened(owner, person, stage):
    interview = walk(owner, open_interview(owner, person), stage)

    for attempt in (
        lambda: debrief_save(actor=owner, interview=interview, advice="Too early"),
        lambda: action_item_add(actor=owner, interview=interview, text="x", due_on=TODAY),
        lambda: referral_add(actor=owner, interview=interview, name="Ravi Okafor"),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "Record the meeting as held first" in refused.value.messages[0]
    assert not Debrief.objects.exists() and not ActionItem.objects.exists()
    assert Person.objects.count() == 1


@pytest.mark.parametrize("stage", [Stage.HELD, Stage.THANKED, Stage.KEEPING_IN_TOUCH])
def test_it_debriefs_a_held_thanked_or_kept_up_conversation(owner, person, stage):
    interview = walk(owner, open_interview(owner, person), stage)

    debrief_save(actor=owner, interview=interview, advice="Go to the meetup")

    assert selectors.debrief_for(actor=owner, interview=interview).advice == "Go to the meetup"


def test_it_refuses_another_users_interview(owner, outsider, held):
    with pytest.raises(ValidationError):
        debrief_save(actor=outsider, interview=held, advice="Not mine")
    with pytest.raises(ValidationError):
        action_item_add(actor=outsider, interview=held, text="Not mine", due_on=TODAY)
    with pytest.raises(ValidationError):
        referral_add(actor=outsider, interview=held, name="Not Mine")
    assert selectors.debrief_for(actor=outsider, interview=held) is None
    assert not Debrief.objects.exists() and not ActionItem.objects.exists()


# --- action items ----------------------------------------------------------------------------


def test_it_puts_an_action_on_today_from_its_due_day_with_the_reason(owner, held, clock):
    action_item_add(
        actor=owner, interview=held, text="Take the evening SQL course", due_on=date(2026, 12, 3)
    )
    assert advice_on_today(owner) == []

    clock.move_to(NOW.replace(day=3, month=12, hour=8))
    [item] = advice_on_today(owner)

    assert item.reason == "Ana Lima suggested: Take the evening SQL course, due Thu 3 Dec."
    assert item.action.kind.title == "Do what they advised"
    assert item.status == Status.DUE
    assert item.person.name == "Ana Lima" and item.interview == held


def test_it_shows_an_action_as_overdue_from_the_day_after(owner, held, clock):
    action_item_add(actor=owner, interview=held, text="Email the data team", due_on=TODAY)
    [item] = advice_on_today(owner)
    assert item.status == Status.DUE

    clock.move_to(NOW.replace(hour=23, minute=59))
    assert advice_on_today(owner)[0].status == Status.DUE
    clock.move_to(NOW.replace(day=17, hour=0))
    assert advice_on_today(owner)[0].status == Status.OVERDUE


def test_it_counts_the_due_day_in_the_users_time_zone(owner, held, clock):
    profile_update(actor=owner, time_zone="Pacific/Auckland")  # UTC+13 in November
    action_item_add(actor=owner, interview=held, text="Read the book", due_on=date(2026, 11, 17))

    # 09:00 UTC Monday is 22:00 Monday in Auckland: not yet.
    assert advice_on_today(owner) == []
    clock.move_to(NOW.replace(hour=11))  # midnight Tuesday in Auckland
    assert [i.action_item.text for i in advice_on_today(owner)] == ["Read the book"]


def test_marking_it_done_from_today_takes_it_off(owner, held):
    item = action_item_add(actor=owner, interview=held, text="Sign up", due_on=TODAY)
    assert today_for(actor=owner).total == 2  # the thank-you, and the action

    action_complete(actor=owner, kind=ActionKind.ACTION_ITEM, action_item=item)

    item.refresh_from_db()
    assert item.done_at == NOW
    assert advice_on_today(owner) == []
    assert today_for(actor=owner).total == 1


def test_it_refuses_to_mark_an_action_done_twice(owner, held):
    item = action_item_add(actor=owner, interview=held, text="Sign up", due_on=TODAY)
    action_item_done(actor=owner, item=item)

    with pytest.raises(ValidationError, match="marked done already"):
        action_complete(actor=owner, kind=ActionKind.ACTION_ITEM, action_item=item)


def test_reopening_an_action_puts_it_back_on_today(owner, held):
    item = action_item_add(actor=owner, interview=held, text="Sign up", due_on=TODAY)
    action_item_done(actor=owner, item=item)

    action_item_reopen(actor=owner, item=item)

    assert [i.action_item.pk for i in advice_on_today(owner)] == [item.pk]
    with pytest.raises(ValidationError, match="still open"):
        action_item_reopen(actor=owner, item=item)


def test_deleting_an_action_takes_it_off_today(owner, held):
    item = action_item_add(actor=owner, interview=held, text="Sign up", due_on=TODAY)

    action_item_delete(actor=owner, item=item)

    assert not ActionItem.objects.exists()
    assert advice_on_today(owner) == []


def test_it_refuses_a_due_day_in_the_past(owner, held):
    with pytest.raises(ValidationError) as refused:
        action_item_add(actor=owner, interview=held, text="Too late", due_on=TODAY - DAY)

    assert "has passed" in refused.value.message_dict["due_on"][0]
    assert not ActionItem.objects.exists()


def test_it_takes_today_in_the_users_zone_as_the_earliest_due_day(owner, held, clock):
    profile_update(actor=owner, time_zone="Pacific/Auckland")
    clock.move_to(NOW.replace(hour=12))  # Monday in UTC, 01:00 Tuesday in Auckland

    with pytest.raises(ValidationError) as refused:
        action_item_add(actor=owner, interview=held, text="x", due_on=TODAY)
    assert refused.value.message_dict["due_on"] == [
        "2026-11-16 has passed; pick today (2026-11-17) or later."
    ]
    item = action_item_add(actor=owner, interview=held, text="x", due_on=TODAY + DAY)
    assert item.due_on == date(2026, 11, 17)


@pytest.mark.parametrize(
    ("text", "due_on", "field"),
    [
        ("", TODAY, "text"),
        ("   ", TODAY, "text"),
        ("x" * 301, TODAY, "text"),
        ("Read the book", None, "due_on"),
    ],
)
def test_it_refuses_an_action_without_text_or_day_naming_the_field(
    owner, held, text, due_on, field
):
    with pytest.raises(ValidationError) as refused:
        action_item_add(actor=owner, interview=held, text=text, due_on=due_on)
    assert field in refused.value.message_dict
    assert not ActionItem.objects.exists()


def test_it_takes_an_action_of_exactly_300_characters(owner, held):
    item = action_item_add(actor=owner, interview=held, text="x" * 300, due_on=TODAY)
    assert len(item.text) == 300


def test_it_never_shows_another_users_actions(owner, outsider, held):
    item = action_item_add(actor=owner, interview=held, text="Mine", due_on=TODAY)

    assert advice_on_today(outsider) == []
    with pytest.raises(ActionItem.DoesNotExist):
        selectors.action_item_for(actor=outsider, pk=item.pk)
    for change in (action_item_done, action_item_reopen, action_item_delete):
        with pytest.raises(ValidationError):
            change(actor=outsider, item=item)
    item.refresh_from_db()
    assert item.done_at is None


# --- people they suggested ---------------------------------------------------------------------


def test_a_referral_becomes_a_person_introduced_by_the_interviewee(owner, held):
    found = referral_add(
        actor=owner,
        interview=held,
        name="Ravi Okafor",
        organization="Northwind Transit",
        title="Head of Data",
        email="ravi@example.org",
        how="they ran a project together",
    )

    ravi = Person.objects.get(owner=owner, name="Ravi Okafor")
    assert found.person == ravi and found.new_person and found.new_interview
    assert ravi.introduced_by == held.person
    assert ravi.organization.name == "Northwind Transit"
    assert (ravi.title, ravi.email) == ("Head of Data", "ravi@example.org")
    assert ravi.how_met == "Suggested by Ana Lima: they ran a project together"


def test_a_referral_opens_a_prospect_interview_referred_from_this_one(owner, held):
    found = referral_add(actor=owner, interview=held, name="Ravi Okafor")

    prospect = Interview.objects.get(person__name="Ravi Okafor")
    assert found.interview == prospect
    assert prospect.stage == Stage.PROSPECT
    assert prospect.referred_from == held
    assert prospect.purpose == held.purpose
    assert list(selectors.referrals_for(actor=owner, interview=held)) == [prospect]


def test_a_referral_is_an_introduced_tie_in_the_graph(owner, held):
    referral_add(actor=owner, interview=held, name="Ravi Okafor")
    ravi = Person.objects.get(name="Ravi Okafor")

    graph = load_graph(owner, now=NOW, all_ties=True)

    tie = graph.neighbours(held.person.pk)[ravi.pk]
    assert (tie.kind, tie.how) == ("introduced", "Ana Lima introduced you to Ravi Okafor")


def test_it_reuses_someone_already_known_by_email(owner, held):
    ravi = person_create(actor=owner, name="Ravi O.", email="Ravi@Example.org")

    found = referral_add(actor=owner, interview=held, name="Ravi Okafor", email="ravi@example.org")

    assert found.person == ravi and not found.new_person and found.new_interview
    assert Person.objects.filter(owner=owner).count() == 2  # Ana and Ravi, no third
    ravi.refresh_from_db()
    assert ravi.name == "Ravi O."  # the user's own record is not renamed
    assert ravi.introduced_by == held.person
    assert Interview.objects.get(person=ravi).referred_from == held


def test_it_keeps_an_introducer_the_user_already_recorded(owner, held):
    dana = person_create(actor=owner, name="Dana Whitfield")
    ravi = person_create(actor=owner, name="Ravi", email="ravi@example.org", introduced_by=dana)

    referral_add(actor=owner, interview=held, name="Ravi", email="ravi@example.org")

    ravi.refresh_from_db()
    assert ravi.introduced_by == dana


def test_it_adds_no_second_prospect_while_one_is_open(owner, held):
    first = referral_add(actor=owner, interview=held, name="Ravi", email="ravi@example.org")

    again = referral_add(actor=owner, interview=held, name="Ravi", email="ravi@example.org")

    assert again.interview == first.interview
    assert not again.new_person and not again.new_interview
    assert Interview.objects.filter(person=first.person).count() == 1


def test_it_opens_a_new_prospect_when_the_earlier_one_was_closed(owner, held):
    ravi = person_create(actor=owner, name="Ravi", email="ravi@example.org")
    old = walk(owner, open_interview(owner, ravi), Stage.DECLINED)

    found = referral_add(actor=owner, interview=held, name="Ravi", email="ravi@example.org")

    assert found.new_interview and found.interview != old
    assert found.interview.referred_from == held


def test_it_refuses_a_referral_without_a_name_or_to_the_interviewee(owner, held):
    with pytest.raises(ValidationError) as refused:
        referral_add(actor=owner, interview=held, name="  ")
    assert "name" in refused.value.message_dict

    held.person.email = "ana@example.org"
    held.person.save()
    with pytest.raises(ValidationError) as refused:
        referral_add(actor=owner, interview=held, name="Ana", email="ana@example.org")
    assert "own address" in refused.value.message_dict["email"][0]
    assert Person.objects.filter(owner=owner).count() == 1
    assert Interview.objects.count() == 1


def test_a_refused_referral_leaves_nothing_behind(owner, held):
    with pytest.raises(ValidationError):
        referral_add(actor=owner, interview=held, name="Ravi", email="not-an-email")

    assert Person.objects.filter(owner=owner).count() == 1
    assert Interview.objects.count() == 1


def test_it_never_reuses_another_users_person(owner, outsider, held):
    theirs = person_create(actor=outsider, name="Ravi", email="ravi@example.org")

    found = referral_add(actor=owner, interview=held, name="Ravi", email="ravi@example.org")

    assert found.new_person and found.person != theirs
    assert found.person.owner == owner
    theirs.refresh_from_db()
    assert theirs.introduced_by is None


# --- the comparison ---------------------------------------------------------------------------


def test_it_compares_in_the_order_asked_and_refuses_foreign_or_unknown_ids(
    owner, outsider, held, person
):
    other = walk(owner, open_interview(owner, person), Stage.HELD)
    debrief_save(actor=owner, interview=held, fit=4)
    debrief_save(actor=owner, interview=other, fit=2)
    theirs = walk(
        outsider, open_interview(outsider, person_create(actor=outsider, name="X")), "held"
    )

    columns = selectors.compare_rows(actor=owner, ids=[str(other.pk), str(held.pk), other.pk])

    assert [(c.interview, c.debrief.fit) for c in columns] == [(other, 2), (held, 4)]
    assert columns[1].fit_words == "4 of 5, a good fit"
    for ids in ([held.pk, theirs.pk], [held.pk, 999_999]):
        with pytest.raises(Interview.DoesNotExist):
            selectors.compare_rows(actor=owner, ids=ids)
    with pytest.raises(ValueError):
        selectors.compare_rows(actor=owner, ids=["1; drop table"])
    assert list(selectors.debriefed_for(actor=outsider)) == []


def test_it_counts_open_actions_for_the_interview_page(owner, held):
    a = action_item_add(actor=owner, interview=held, text="a", due_on=TODAY)
    action_item_add(actor=owner, interview=held, text="b", due_on=TODAY + timedelta(days=9))
    action_item_done(actor=owner, item=a)

    assert selectors.open_action_count(actor=owner, interview=held) == 1


# --- the calendar feed -------------------------------------------------------------------------


def test_the_calendar_feed_lists_open_actions_on_their_due_day(owner, outsider, held):
    from coffeechat.outreach.invitations import feed_for, feed_items

    course = action_item_add(
        actor=owner, interview=held, text="Take the SQL course", due_on=date(2026, 12, 3)
    )
    done = action_item_add(actor=owner, interview=held, text="Already done", due_on=TODAY)
    action_item_done(actor=owner, item=done)
    action_item_add(actor=owner, interview=held, text="Far off", due_on=date(2027, 9, 1))

    entries = {item.uid: item for item in feed_items(actor=owner)}

    entry = entries[f"action-item-{course.pk}@coffeechat"]
    assert entry.start == date(2026, 12, 3)  # a date: an all-day entry
    assert entry.summary == "Take the SQL course (Ana Lima)"
    assert entry.description == "Do what they advised: Ana Lima suggested it."
    assert f"action-item-{done.pk}@coffeechat" not in entries
    assert not any("Far off" in item.summary for item in entries.values())  # past 180 days
    assert b"DTSTART;VALUE=DATE:20261203" in feed_for(actor=owner)
    assert not any(
        uid.startswith("action-item") for uid in (i.uid for i in feed_items(actor=outsider))
    )
