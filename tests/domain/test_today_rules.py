"""DOMAIN.md's clock: when each next action shows on Today, falls due and becomes overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.domain.lifecycle import ALL_STAGES, Stage
from coffeechat.domain.today import (
    KEEP_IN_TOUCH_DAYS,
    Action,
    ActionKind,
    InterviewFacts,
    Status,
    action_item_action,
    earliest_show_from,
    interview_action_at,
    interview_actions,
    keep_in_touch_action,
    reason,
)

NY = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
TICK = timedelta(microseconds=1)


def at(*args: int) -> datetime:
    """A UTC moment, as the database hands it back."""
    return datetime(*args, tzinfo=UTC)


def facts(stage: Stage, entered: datetime | None = None, **kwargs) -> InterviewFacts:
    kwargs.setdefault("minutes", 30)
    return InterviewFacts(stage=stage, stage_entered_at=entered or at(2026, 3, 1, 9), **kwargs)


def assert_status_boundaries(action: Action) -> None:
    if action.show_from < action.due_at:
        assert action.status_at(action.show_from) == Status.UPCOMING
    assert action.status_at(action.due_at - TICK) == Status.UPCOMING
    assert action.status_at(action.due_at) == Status.DUE
    assert action.status_at(action.overdue_at - TICK) == Status.DUE
    assert action.status_at(action.overdue_at) == Status.OVERDUE


# --- thank-you: within 24 hours, 48 at the latest -----------------------------------------


def test_it_asks_for_a_thank_you_from_the_end_of_the_meeting():
    f = facts(Stage.HELD, at(2026, 3, 10, 15), meeting_at=at(2026, 3, 10, 14), minutes=30)
    end = at(2026, 3, 10, 14, 30)
    assert interview_actions(f, NY) == [
        Action(ActionKind.THANK_YOU, end, at(2026, 3, 11, 14, 30), at(2026, 3, 12, 14, 30))
    ]
    assert interview_action_at(f, end - TICK, NY) is None
    assert interview_action_at(f, end, NY).kind == ActionKind.THANK_YOU
    # No `until`: a late thank-you is still worth sending.
    assert interview_action_at(f, end + timedelta(days=30), NY).kind == ActionKind.THANK_YOU


def test_it_makes_the_thank_you_due_at_24_hours_and_overdue_at_48():
    f = facts(Stage.HELD, meeting_at=at(2026, 3, 10, 14), minutes=45)
    (action,) = interview_actions(f, NY)
    end = at(2026, 3, 10, 14, 45)
    assert action.due_at - end == timedelta(hours=24)
    assert action.overdue_at - end == timedelta(hours=48)
    assert action.status_at(end) == Status.UPCOMING
    assert action.status_at(end + timedelta(hours=24) - TICK) == Status.UPCOMING
    assert action.status_at(end + timedelta(hours=24)) == Status.DUE
    assert action.status_at(end + timedelta(hours=48) - TICK) == Status.DUE
    assert action.status_at(end + timedelta(hours=48)) == Status.OVERDUE


def test_it_starts_the_thank_you_clock_when_marked_held_if_no_meeting_time_was_kept():
    entered = at(2026, 3, 10, 18, 5)
    (action,) = interview_actions(facts(Stage.HELD, entered), NY)
    assert action.show_from == entered
    assert action.due_at == entered + timedelta(hours=24)
    assert action.overdue_at == entered + timedelta(hours=48)


def test_it_keeps_the_thank_you_at_24_real_hours_when_the_meeting_time_is_zoned():
    meeting = datetime(2026, 10, 31, 12, 0, tzinfo=NY)  # DST ends overnight
    (action,) = interview_actions(facts(Stage.HELD, meeting_at=meeting, minutes=30), NY)
    real_end = meeting.astimezone(UTC) + timedelta(minutes=30)
    assert action.due_at.astimezone(UTC) - real_end == timedelta(hours=24)


def test_it_ends_a_zoned_meeting_after_exactly_its_minutes_across_a_dst_change():
    meeting = datetime(2026, 11, 1, 1, 30, tzinfo=NY)  # first 01:30, still EDT
    (action,) = interview_actions(facts(Stage.HELD, meeting_at=meeting, minutes=60), NY)
    assert action.show_from.astimezone(UTC) == at(2026, 11, 1, 6, 30)


# --- no reply: one follow-up after 7 days, then close after 7 more ------------------------


def test_it_asks_for_one_follow_up_exactly_7_days_after_the_request():
    f = facts(Stage.REQUESTED, at(2026, 3, 2, 9, 15))
    (action,) = interview_actions(f, NY)
    assert action == Action(
        ActionKind.FOLLOW_UP, at(2026, 3, 9, 9, 15), at(2026, 3, 9, 9, 15), at(2026, 3, 10, 9, 15)
    )
    assert interview_action_at(f, at(2026, 3, 9, 9, 15) - TICK, NY) is None
    assert interview_action_at(f, at(2026, 3, 9, 9, 15), NY) == action
    assert action.status_at(action.show_from) == Status.DUE
    assert_status_boundaries(action)


def test_it_suggests_closing_as_no_reply_7_days_after_the_follow_up():
    f = facts(Stage.FOLLOWED_UP, at(2026, 3, 9, 20))
    (action,) = interview_actions(f, NY)
    assert action == Action(
        ActionKind.CLOSE_NO_REPLY, at(2026, 3, 16, 20), at(2026, 3, 16, 20), at(2026, 3, 17, 20)
    )
    assert interview_action_at(f, at(2026, 3, 16, 20) - TICK, NY) is None
    assert interview_action_at(f, at(2026, 3, 16, 20), NY) == action
    assert_status_boundaries(action)


# --- scheduled: prep the day before, then record the meeting ------------------------------


def test_it_shows_prep_from_the_start_of_the_day_before_in_the_users_zone():
    meeting = at(2026, 6, 10, 14)  # 10:00 in New York (EDT, UTC-4)
    f = facts(Stage.SCHEDULED, meeting_at=meeting, minutes=30)
    prep, record = interview_actions(f, NY)
    assert prep == Action(
        ActionKind.PREP, at(2026, 6, 9, 4), at(2026, 6, 10, 4), meeting, until=meeting
    )
    assert record == Action(
        ActionKind.RECORD_MEETING,
        at(2026, 6, 10, 14, 30),
        at(2026, 6, 10, 14, 30),
        at(2026, 6, 11, 14, 30),
    )
    assert interview_action_at(f, at(2026, 6, 9, 4) - TICK, NY) is None
    assert interview_action_at(f, at(2026, 6, 9, 4), NY) == prep


def test_it_counts_the_day_before_by_the_users_calendar_not_utcs():
    # 01:00 UTC on 10 June is still 9 June, 21:00 in New York.
    f = facts(Stage.SCHEDULED, meeting_at=at(2026, 6, 10, 1), minutes=30)
    prep = interview_actions(f, NY)[0]
    assert prep.show_from == at(2026, 6, 8, 4)  # 8 June, 00:00 EDT
    assert prep.due_at == at(2026, 6, 9, 4)  # 9 June, 00:00 EDT
    # The same meeting for someone in Tokyo is on 10 June there.
    prep_tokyo = interview_actions(f, TOKYO)[0]
    assert prep_tokyo.show_from == at(2026, 6, 8, 15)  # 9 June, 00:00 JST


def test_it_shows_prep_from_local_midnight_across_the_end_of_dst():
    # DST ends in New York on 1 Nov 2026; the meeting is 2 Nov, 10:00 EST (15:00 UTC).
    meeting = at(2026, 11, 2, 15)
    f = facts(Stage.SCHEDULED, meeting_at=meeting, minutes=30)
    prep = interview_actions(f, NY)[0]
    assert prep.show_from == at(2026, 11, 1, 4)  # 1 Nov, 00:00 EDT
    assert prep.due_at == at(2026, 11, 2, 5)  # 2 Nov, 00:00 EST
    elapsed = prep.due_at.astimezone(UTC) - prep.show_from.astimezone(UTC)
    assert elapsed == timedelta(hours=25)
    assert prep.show_from.astimezone(NY).replace(tzinfo=None) == datetime(2026, 11, 1)
    assert prep.due_at.astimezone(NY).replace(tzinfo=None) == datetime(2026, 11, 2)
    assert interview_action_at(f, at(2026, 11, 1, 4) - TICK, NY) is None
    assert interview_action_at(f, at(2026, 11, 1, 4), NY) == prep


def test_it_shows_prep_from_local_midnight_across_the_start_of_dst():
    # DST starts in New York on 8 Mar 2026; the meeting is 9 Mar, 10:00 EDT (14:00 UTC).
    f = facts(Stage.SCHEDULED, meeting_at=at(2026, 3, 9, 14), minutes=30)
    prep = interview_actions(f, NY)[0]
    assert prep.show_from == at(2026, 3, 8, 5)  # 8 Mar, 00:00 EST
    assert prep.due_at == at(2026, 3, 9, 4)  # 9 Mar, 00:00 EDT
    elapsed = prep.due_at.astimezone(UTC) - prep.show_from.astimezone(UTC)
    assert elapsed == timedelta(hours=23)


def test_it_gives_the_same_prep_window_whatever_zone_the_meeting_time_is_stored_in():
    utc = facts(Stage.SCHEDULED, meeting_at=at(2026, 11, 2, 15), minutes=30)
    local = facts(Stage.SCHEDULED, meeting_at=datetime(2026, 11, 2, 10, tzinfo=NY), minutes=30)
    (prep_utc, _), (prep_local, _) = interview_actions(utc, NY), interview_actions(local, NY)
    assert prep_utc.show_from == prep_local.show_from
    assert prep_utc.due_at == prep_local.due_at
    assert prep_utc.until == prep_local.until


def test_it_stops_prep_at_meeting_start_and_records_the_meeting_at_its_end():
    start, end = at(2026, 6, 10, 14), at(2026, 6, 10, 14, 30)
    f = facts(Stage.SCHEDULED, meeting_at=start, minutes=30)
    prep = interview_action_at(f, start - TICK, NY)
    assert prep.kind == ActionKind.PREP
    assert prep.status_at(start - TICK) == Status.DUE
    assert prep.status_at(at(2026, 6, 10, 4) - TICK) == Status.UPCOMING  # the day before
    assert prep.status_at(at(2026, 6, 10, 4)) == Status.DUE  # from the meeting day
    assert not prep.applies_at(start)
    assert interview_action_at(f, start, NY) is None
    assert interview_action_at(f, end - TICK, NY) is None
    record = interview_action_at(f, end, NY)
    assert record.kind == ActionKind.RECORD_MEETING
    assert_status_boundaries(record)
    assert record.overdue_at == end + timedelta(days=1)


def test_it_leaves_only_recording_the_meeting_once_prepared():
    start, end = at(2026, 6, 10, 14), at(2026, 6, 10, 14, 40)
    f = facts(Stage.SCHEDULED, meeting_at=start, minutes=40, prepared=True)
    assert interview_actions(f, NY) == [
        Action(ActionKind.RECORD_MEETING, end, end, end + timedelta(days=1))
    ]
    assert interview_action_at(f, at(2026, 6, 9, 12), NY) is None
    assert interview_action_at(f, start - TICK, NY) is None
    assert interview_action_at(f, end - TICK, NY) is None
    assert interview_action_at(f, end, NY).kind == ActionKind.RECORD_MEETING
    assert earliest_show_from(f, NY) == end


def test_it_has_nothing_to_do_for_a_scheduled_interview_without_a_time():
    f = facts(Stage.SCHEDULED)
    assert interview_actions(f, NY) == []
    assert earliest_show_from(f, NY) is None


# --- deferred: revisit on the chosen day ---------------------------------------------------


def test_it_asks_to_revisit_a_deferred_interview_at_the_start_of_its_day():
    f = facts(Stage.DEFERRED, revisit_on=date(2026, 11, 1))
    (action,) = interview_actions(f, NY)
    assert action.kind == ActionKind.REVISIT
    assert action.show_from == action.due_at == at(2026, 11, 1, 4)  # 00:00 EDT
    # Overdue once the whole local day has passed (a 25-hour day here).
    assert action.overdue_at == at(2026, 11, 2, 5)  # 00:00 EST
    assert interview_action_at(f, at(2026, 11, 1, 4) - TICK, NY) is None
    assert interview_action_at(f, at(2026, 11, 1, 4), NY) == action
    assert_status_boundaries(action)


def test_it_counts_the_revisit_day_in_the_users_zone():
    f = facts(Stage.DEFERRED, revisit_on=date(2026, 5, 1))
    (action,) = interview_actions(f, TOKYO)
    assert action.due_at == at(2026, 4, 30, 15)  # 1 May, 00:00 JST


def test_it_has_nothing_to_do_for_a_deferred_interview_without_a_date():
    assert interview_actions(facts(Stage.DEFERRED), NY) == []


# --- stages without an action --------------------------------------------------------------


@pytest.mark.parametrize(
    "stage",
    [
        Stage.PROSPECT,
        Stage.RESEARCHING,
        Stage.INTRO_REQUESTED,
        Stage.THANKED,
        Stage.KEEPING_IN_TOUCH,
        Stage.DECLINED,
        Stage.NO_REPLY,
    ],
)
def test_it_has_no_action_for_stages_without_a_clock(stage):
    f = facts(stage, meeting_at=at(2026, 3, 10, 14), revisit_on=date(2026, 4, 1))
    assert interview_actions(f, NY) == []
    assert earliest_show_from(f, NY) is None
    for now in (at(2026, 3, 1), at(2026, 3, 10, 15), at(2026, 4, 2), at(2027, 1, 1)):
        assert interview_action_at(f, now, NY) is None


def test_it_accepts_the_stage_as_a_plain_string():
    f = facts("requested", at(2026, 3, 2))
    assert [a.kind for a in interview_actions(f, NY)] == [ActionKind.FOLLOW_UP]


# --- earliest_show_from --------------------------------------------------------------------


@pytest.mark.parametrize(
    "f",
    [
        facts(Stage.REQUESTED, at(2026, 3, 2)),
        facts(Stage.FOLLOWED_UP, at(2026, 3, 2)),
        facts(Stage.SCHEDULED, meeting_at=at(2026, 11, 2, 15)),
        facts(Stage.SCHEDULED, meeting_at=at(2026, 11, 2, 15), prepared=True),
        facts(Stage.HELD, meeting_at=at(2026, 11, 2, 15)),
        facts(Stage.DEFERRED, revisit_on=date(2026, 11, 1)),
    ],
    ids=lambda f: f"{f.stage}{'-prepared' if f.prepared else ''}",
)
def test_it_stores_the_earliest_show_from_as_the_first_moment_on_today(f):
    actions = interview_actions(f, NY)
    earliest = earliest_show_from(f, NY)
    assert earliest == min(a.show_from for a in actions)
    assert interview_action_at(f, earliest - TICK, NY) is None
    assert interview_action_at(f, earliest, NY) is not None
    for a in actions:
        for now in (a.show_from, a.due_at, a.overdue_at, a.overdue_at + timedelta(days=9)):
            shown = interview_action_at(f, now, NY)
            assert shown is None or earliest <= shown.show_from


def test_it_puts_a_scheduled_interview_on_today_from_prep_not_from_the_meeting():
    f = facts(Stage.SCHEDULED, meeting_at=at(2026, 11, 2, 15))
    assert earliest_show_from(f, NY) == at(2026, 11, 1, 4)


# --- keeping in touch ----------------------------------------------------------------------


def test_it_asks_to_keep_in_touch_every_90_days_by_default():
    assert KEEP_IN_TOUCH_DAYS == 90
    last = at(2026, 1, 15, 12)
    action = keep_in_touch_action(last, KEEP_IN_TOUCH_DAYS)
    assert action == Action(
        ActionKind.KEEP_IN_TOUCH, at(2026, 4, 15, 12), at(2026, 4, 15, 12), at(2026, 4, 16, 12)
    )
    assert not action.applies_at(at(2026, 4, 15, 12) - TICK)
    assert action.applies_at(at(2026, 4, 15, 12))
    assert_status_boundaries(action)


@pytest.mark.parametrize("cadence", [1, 30, 180, 365])
def test_it_uses_the_cadence_the_user_set_per_person(cadence):
    last = at(2026, 1, 15, 12)
    action = keep_in_touch_action(last, cadence)
    assert action.show_from == action.due_at == last + timedelta(days=cadence)
    assert action.overdue_at == last + timedelta(days=cadence + 1)


def test_it_resets_the_keep_in_touch_clock_on_any_interaction():
    first = keep_in_touch_action(at(2026, 1, 15), 90)
    later = keep_in_touch_action(at(2026, 3, 1), 90)
    assert later.due_at - first.due_at == at(2026, 3, 1) - at(2026, 1, 15)


# --- Status at exact boundaries ------------------------------------------------------------


def test_it_moves_from_upcoming_to_due_to_overdue_at_the_exact_moments():
    action = Action(ActionKind.THANK_YOU, at(2026, 1, 1), at(2026, 1, 2), at(2026, 1, 3))
    assert action.status_at(at(2025, 12, 31)) == Status.UPCOMING
    assert action.status_at(at(2026, 1, 1)) == Status.UPCOMING
    assert action.status_at(at(2026, 1, 2) - TICK) == Status.UPCOMING
    assert action.status_at(at(2026, 1, 2)) == Status.DUE
    assert action.status_at(at(2026, 1, 3) - TICK) == Status.DUE
    assert action.status_at(at(2026, 1, 3)) == Status.OVERDUE
    assert action.status_at(at(2027, 1, 1)) == Status.OVERDUE


def test_it_applies_an_action_from_show_from_until_just_before_until():
    action = Action(ActionKind.PREP, at(2026, 1, 1), at(2026, 1, 2), at(2026, 1, 3), at(2026, 1, 3))
    assert not action.applies_at(at(2026, 1, 1) - TICK)
    assert action.applies_at(at(2026, 1, 1))
    assert action.applies_at(at(2026, 1, 3) - TICK)
    assert not action.applies_at(at(2026, 1, 3))


# --- reason(): plain words -------------------------------------------------------------


def _every_kind_with_its_reason() -> list[tuple[ActionKind, str]]:
    now = at(2026, 12, 1)
    person = "Ana Lima"
    out = []
    held = facts(Stage.HELD, meeting_at=at(2026, 3, 10, 14))
    requested = facts(Stage.REQUESTED, at(2026, 3, 2, 9, 15))
    followed = facts(Stage.FOLLOWED_UP, at(2026, 3, 9, 20))
    scheduled = facts(Stage.SCHEDULED, meeting_at=at(2026, 11, 2, 15))
    deferred = facts(Stage.DEFERRED, revisit_on=date(2026, 11, 1))
    intro = facts(Stage.INTRO_REQUESTED, at(2026, 3, 2, 9, 15), connector_waiting=True)
    for f in (held, requested, followed, scheduled, deferred, intro):
        for action in interview_actions(f, NY):
            text = reason(action, person=person, now=now, tz=NY, facts=f, connector="Dana Lee")
            out.append((action.kind, text))
    last = at(2026, 6, 1)
    kit = keep_in_touch_action(last, 90)
    out.append(
        (
            ActionKind.KEEP_IN_TOUCH,
            reason(kit, person=person, now=now, tz=NY, last_contacted_at=last, cadence_days=90),
        )
    )
    advice = action_item_action(date(2026, 12, 1), NY)
    out.append(
        (
            ActionKind.ACTION_ITEM,
            reason(advice, person=person, now=now, tz=NY, advice="Take the evening SQL course"),
        )
    )
    return out


REASONS = _every_kind_with_its_reason()


def test_it_has_a_reason_for_every_action_kind():
    assert {kind for kind, _ in REASONS} == set(ActionKind)


@pytest.mark.parametrize(("kind", "text"), REASONS, ids=[k.value for k, _ in REASONS])
def test_it_explains_each_action_in_plain_words_naming_the_person(kind, text):
    assert "Ana Lima" in text
    assert text.endswith(".")
    for leak in ("None", "_", "+00:00", "UTC", "2026-", "{", "}", "Action(", "tzinfo"):
        assert leak not in text, f"{kind}: {leak!r} leaked into {text!r}"


def test_it_explains_the_thank_you_with_its_24_and_48_hour_deadlines_in_local_time():
    f = facts(Stage.HELD, meeting_at=at(2026, 3, 10, 14), minutes=30)  # 10:00-10:30 EDT
    (action,) = interview_actions(f, NY)
    assert reason(action, person="Ana", now=at(2026, 3, 10, 15), tz=NY) == (
        "You met Ana on Tue 10 Mar. Thank them within 24 hours (by Wed 11 Mar, 10:30); "
        "48 hours is the latest (Thu 12 Mar, 10:30)."
    )


def test_it_explains_the_follow_up_as_the_one_polite_follow_up():
    (action,) = interview_actions(facts(Stage.REQUESTED, at(2026, 3, 2, 9, 15)), NY)
    text = reason(action, person="Ana", now=at(2026, 3, 9, 10), tz=NY)
    assert text == (
        "You asked Ana on Mon 2 Mar (7 days ago) and have no reply. "
        "Send one polite follow-up; one is the limit."
    )


def test_it_explains_closing_as_no_reply_without_a_second_follow_up():
    (action,) = interview_actions(facts(Stage.FOLLOWED_UP, at(2026, 3, 9, 20)), NY)
    text = reason(action, person="Ana", now=at(2026, 3, 17), tz=NY)
    assert text == (
        "Your follow-up to Ana on Mon 9 Mar has gone unanswered for 7 days. "
        "Close this as no reply and move on; no second follow-up."
    )


def test_it_explains_prep_with_the_local_meeting_time():
    prep = interview_actions(facts(Stage.SCHEDULED, meeting_at=at(2026, 11, 2, 15)), NY)[0]
    text = reason(prep, person="Ana", now=at(2026, 11, 1, 12), tz=NY)
    assert text.startswith("You meet Ana on Mon 2 Nov, 10:00. Prepare the day before:")
    assert "5 to 10 questions" in text
    assert "one ask" in text


def test_it_explains_recording_the_meeting_so_the_thank_you_clock_starts():
    f = facts(Stage.SCHEDULED, meeting_at=at(2026, 11, 2, 15), prepared=True)
    (record,) = interview_actions(f, NY)
    text = reason(record, person="Ana", now=at(2026, 11, 2, 16), tz=NY, facts=f)
    assert "Ana" in text
    assert "Record it as held so the thank-you clock starts, or reschedule." in text


def test_it_names_the_meeting_start_when_asking_to_record_it():
    f = facts(Stage.SCHEDULED, meeting_at=at(2026, 11, 2, 15), minutes=30, prepared=True)
    (record,) = interview_actions(f, NY)
    text = reason(record, person="Ana", now=at(2026, 11, 2, 16), tz=NY, facts=f)
    assert "Your meeting with Ana was on Mon 2 Nov, 10:00." in text


def test_it_explains_the_revisit_with_the_chosen_day():
    (action,) = interview_actions(facts(Stage.DEFERRED, revisit_on=date(2026, 11, 1)), NY)
    text = reason(action, person="Ana", now=at(2026, 11, 1, 12), tz=NY)
    assert text == "You deferred asking Ana until Sun 1 Nov. Time to revisit."


def test_it_explains_keeping_in_touch_with_the_last_contact_and_the_cadence():
    last = at(2026, 1, 15, 12)
    action = keep_in_touch_action(last, 90)
    text = reason(
        action, person="Ana", now=at(2026, 4, 16), tz=NY, last_contacted_at=last, cadence_days=90
    )
    assert text == (
        "Your last contact with Ana was 90 days ago (Thu 15 Jan); you keep in touch every "
        "90 days. A short note is enough."
    )


def test_it_says_yesterday_for_a_contact_one_day_ago():
    last = at(2026, 4, 15, 12)
    action = keep_in_touch_action(last, 1)
    text = reason(
        action, person="Ana", now=at(2026, 4, 16, 13), tz=NY, last_contacted_at=last, cadence_days=1
    )
    assert "was yesterday (Wed 15 Apr)" in text
    assert "every 1 days" in text or "every day" in text


def test_it_explains_keeping_in_touch_from_the_action_alone():
    last = at(2026, 1, 15, 12)
    action = keep_in_touch_action(last, KEEP_IN_TOUCH_DAYS)
    text = reason(action, person="Ana", now=at(2026, 4, 16), tz=NY)
    assert "None" not in text
    assert "Thu 15 Jan" in text


def test_it_refuses_to_explain_an_unknown_action_kind():
    bogus = Action("bogus", at(2026, 1, 1), at(2026, 1, 1), at(2026, 1, 2))
    with pytest.raises(ValueError):
        reason(bogus, person="Ana", now=at(2026, 1, 1), tz=NY)


# --- properties over random facts ------------------------------------------------------

# Inputs carry fixed offsets (UTC as the database returns them, and a few others) so that
# wall-clock and elapsed time agree; the user's zone, used for day rules, has DST.
FIXED_ZONES = [
    UTC,
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=13)),
    timezone(timedelta(hours=-9, minutes=-30)),
]
USER_ZONES = [
    ZoneInfo(key)
    for key in (
        "UTC",
        "America/New_York",
        "Europe/Berlin",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "Pacific/Apia",
        "America/Sao_Paulo",  # DST used to change at midnight
    )
]
CLOCKED_STAGES = [Stage.REQUESTED, Stage.FOLLOWED_UP, Stage.SCHEDULED, Stage.HELD, Stage.DEFERRED]
EXPECTED_KINDS = {
    Stage.REQUESTED: [ActionKind.FOLLOW_UP],
    Stage.FOLLOWED_UP: [ActionKind.CLOSE_NO_REPLY],
    Stage.HELD: [ActionKind.THANK_YOU],
}
moments = st.datetimes(
    min_value=datetime(2015, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.sampled_from(FIXED_ZONES),
)


@st.composite
def facts_tz_and_now(draw):
    f = InterviewFacts(
        stage=draw(st.sampled_from(ALL_STAGES) | st.sampled_from(CLOCKED_STAGES)),
        stage_entered_at=draw(moments),
        minutes=draw(st.integers(min_value=15, max_value=60)),
        meeting_at=draw(moments | st.none()),
        revisit_on=draw(st.none() | st.dates(date(2015, 1, 1), date(2035, 12, 31))),
        prepared=draw(st.booleans()),
        connector_waiting=draw(st.booleans()),
        connector_followed_up=draw(st.booleans()),
    )
    tz = draw(st.sampled_from(USER_ZONES))
    # Land `now` near the moments that matter, so the windows are actually exercised.
    anchors = [f.stage_entered_at]
    for a in interview_actions(f, tz):
        anchors += [a.show_from, a.due_at, a.overdue_at] + ([a.until] if a.until else [])
    if f.meeting_at is not None:
        anchors += [f.meeting_at, f.meeting_ends_at]
    near = st.builds(
        lambda anchor, delta: anchor + delta,
        st.sampled_from(anchors),
        st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=2))
        | st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=10)),
    )
    now = draw(st.one_of(moments, near, near, st.sampled_from(anchors)))
    return f, tz, now.astimezone(UTC)


@settings(max_examples=200, deadline=None)
@given(facts_tz_and_now())
def test_it_keeps_every_action_consistent_for_random_facts(case):
    f, tz, now = case
    actions = interview_actions(f, tz)
    shown = interview_action_at(f, now, tz)
    earliest = earliest_show_from(f, tz)

    for a in actions:
        assert a.show_from <= a.due_at <= a.overdue_at
        assert a.until is None or a.show_from < a.until
    assert [a.show_from for a in actions] == sorted(a.show_from for a in actions)
    assert earliest == (min(a.show_from for a in actions) if actions else None)

    if shown is None:
        assert not any(a.applies_at(now) for a in actions)
    else:
        assert shown in actions
        assert shown.show_from <= now
        assert shown.until is None or now < shown.until
        assert shown.show_from <= shown.due_at <= shown.overdue_at
        assert earliest <= shown.show_from
        assert shown == next(a for a in actions if a.applies_at(now))

    stage = Stage(f.stage)
    kinds = [a.kind for a in actions]
    if stage in EXPECTED_KINDS:
        assert kinds == EXPECTED_KINDS[stage]
    elif stage == Stage.SCHEDULED and f.meeting_at is not None:
        expected = [ActionKind.RECORD_MEETING]
        assert kinds == (expected if f.prepared else [ActionKind.PREP, *expected])
    elif stage == Stage.DEFERRED and f.revisit_on is not None:
        assert kinds == [ActionKind.REVISIT]
    elif stage == Stage.INTRO_REQUESTED and f.connector_waiting and not f.connector_followed_up:
        assert kinds == [ActionKind.FOLLOW_UP_CONNECTOR]
    else:
        assert kinds == []

    if stage == Stage.HELD:
        (thank_you,) = actions
        end = f.meeting_ends_at or f.stage_entered_at
        assert thank_you.show_from == end
        assert thank_you.due_at - end == timedelta(hours=24)
        assert thank_you.overdue_at - end == timedelta(hours=48)
    if stage in (Stage.REQUESTED, Stage.FOLLOWED_UP):
        assert actions[0].due_at - f.stage_entered_at == timedelta(days=7)
    if stage == Stage.SCHEDULED and f.meeting_at is not None:
        record = actions[-1]
        assert record.show_from == f.meeting_at + timedelta(minutes=f.minutes)
        if not f.prepared:
            prep = actions[0]
            assert prep.until == prep.overdue_at == f.meeting_at
            meeting_day = f.meeting_at.astimezone(tz).date()
            assert prep.show_from.astimezone(tz).date() <= meeting_day - timedelta(days=1)
            assert prep.due_at.astimezone(tz).date() == meeting_day


@settings(max_examples=200, deadline=None)
@given(
    last=moments,
    cadence=st.integers(min_value=1, max_value=730),
    now=moments,
)
def test_it_keeps_the_keep_in_touch_clock_consistent(last, cadence, now):
    action = keep_in_touch_action(last, cadence)
    assert action.due_at - last == timedelta(days=cadence)
    assert action.show_from == action.due_at < action.overdue_at
    assert action.applies_at(now) == (now >= action.due_at)
    expected = (
        Status.OVERDUE
        if now >= action.overdue_at
        else Status.DUE
        if now >= action.due_at
        else Status.UPCOMING
    )
    assert action.status_at(now) == expected


@settings(max_examples=200, deadline=None)
@given(
    meeting=moments,
    minutes=st.integers(min_value=15, max_value=60),
    prepared=st.booleans(),
    tz=st.sampled_from(USER_ZONES),
    delta=st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=2)),
)
def test_it_hands_over_from_prep_to_recording_for_random_meetings(
    meeting, minutes, prepared, tz, delta
):
    f = InterviewFacts(
        Stage.SCHEDULED, meeting - timedelta(days=20), minutes, meeting, None, prepared
    )
    now = (meeting + delta).astimezone(UTC)
    end = meeting + timedelta(minutes=minutes)
    meeting_day = meeting.astimezone(tz).date()
    actions = interview_actions(f, tz)
    shown = interview_action_at(f, now, tz)

    if prepared:
        assert [a.kind for a in actions] == [ActionKind.RECORD_MEETING]
    else:
        prep = actions[0]
        first_instant = prep.show_from.astimezone(UTC)
        # The first instant of the day before, on the user's calendar.
        assert first_instant.astimezone(tz).date() == meeting_day - timedelta(days=1)
        assert (first_instant - TICK).astimezone(tz).date() == meeting_day - timedelta(days=2)
        assert prep.due_at.astimezone(UTC).astimezone(tz).date() == meeting_day
        assert (prep.due_at.astimezone(UTC) - TICK).astimezone(tz).date() < meeting_day

    if now >= end:
        assert shown.kind == ActionKind.RECORD_MEETING
    elif not prepared and prep.show_from <= now < meeting:
        assert shown.kind == ActionKind.PREP
    else:
        assert shown is None
    assert earliest_show_from(f, tz) == (end if prepared else prep.show_from)


def test_a_silent_connector_gets_one_follow_up_after_7_days():
    asked = at(2026, 3, 2, 9, 15)
    (action,) = interview_actions(facts(Stage.INTRO_REQUESTED, asked, connector_waiting=True), NY)
    assert action.kind == ActionKind.FOLLOW_UP_CONNECTOR
    assert action.due_at == asked + timedelta(days=7)
    text = reason(action, person="Sam", now=at(2026, 3, 9, 10), tz=NY, connector="Dana")
    assert text == (
        "You asked Dana on Mon 2 Mar (7 days ago) whether they would introduce you to Sam, "
        "and have no answer. Follow up once; if they stay silent, ask Sam directly or find "
        "another path."
    )


@pytest.mark.parametrize(
    "state",
    [
        {"connector_waiting": False},  # answered, or no connector at all
        {"connector_waiting": True, "connector_followed_up": True},  # one follow-up is the limit
    ],
)
def test_no_reminder_once_the_connector_answered_or_was_followed_up(state):
    assert interview_actions(facts(Stage.INTRO_REQUESTED, at(2026, 3, 2), **state), NY) == []


# --- advice turned into action items -------------------------------------------------------


def test_it_shows_an_action_item_from_the_start_of_its_day_in_the_users_zone():
    action = action_item_action(date(2026, 12, 3), NY)
    # Midnight in New York is 05:00 UTC in December.
    assert action.show_from == action.due_at == at(2026, 12, 3, 5)
    assert not action.applies_at(at(2026, 12, 3, 5) - TICK)
    assert action.applies_at(at(2026, 12, 3, 5))
    assert action.status_at(at(2026, 12, 3, 23)) == Status.DUE


def test_it_makes_an_action_item_overdue_from_the_next_morning_even_across_a_dst_change():
    # New York falls back during Sun 1 Nov 2026: that day lasts 25 hours.
    action = action_item_action(date(2026, 11, 1), NY)
    assert action.overdue_at == datetime(2026, 11, 2, 0, 0, tzinfo=NY)
    assert action.overdue_at.astimezone(UTC) - action.due_at.astimezone(UTC) == timedelta(hours=25)
    assert action.status_at(action.overdue_at - TICK) == Status.DUE
    assert action.status_at(action.overdue_at) == Status.OVERDUE


def test_it_explains_an_action_item_naming_who_suggested_it_and_the_day():
    action = action_item_action(date(2026, 12, 1), NY)
    text = reason(
        action, person="Ana", now=at(2026, 12, 1, 15), tz=NY, advice="take the evening SQL course."
    )
    assert text == "Ana suggested: take the evening SQL course, due Tue 1 Dec."
