"""Proposing times for the request: inside both people's hours, two weeks out, one a day."""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.domain.slots import (
    DEFAULT_WORKING_HOURS,
    Slot,
    Window,
    describe,
    format_windows,
    normalize_windows,
    openings,
    parse_windows,
    propose,
)

PARIS = ZoneInfo("Europe/Paris")
BERLIN = ZoneInfo("Europe/Berlin")
LA = ZoneInfo("America/Los_Angeles")
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
KOLKATA = ZoneInfo("Asia/Kolkata")
WORKING_HOURS = parse_windows(DEFAULT_WORKING_HOURS)
ALL_WEEK = parse_windows("Mon-Sun 00:00-24:00")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(slot: Slot, tz: ZoneInfo) -> tuple[date, str]:
    """The slot's day and hours on the wall clock of tz."""
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    return start.date(), f"{start:%H:%M}-{end:%H:%M}"


def days_and_times(slots: list[Slot], tz: ZoneInfo) -> list[tuple[str, str]]:
    return [(f"{d:%a %d %b}", hours) for d, hours in (local(s, tz) for s in slots)]


def utc_only(now: datetime, windows: str = DEFAULT_WORKING_HOURS, **kwargs) -> list[Slot]:
    """Both people in UTC, the same hours: what is left are the rules about days and times."""
    mine = parse_windows(windows)
    kwargs.setdefault("minutes", 20)
    return propose(now=now, mine=mine, my_tz=UTC, theirs=mine, their_tz=UTC, **kwargs)


# --- Reading and writing availability ---------------------------------------------------


def test_it_reads_day_ranges_lists_and_several_pieces():
    assert parse_windows("Mon-Fri 09:00-17:00; Sat 10:00-12:00") == [
        *(Window(d, time(9), time(17)) for d in range(5)),
        Window(5, time(10), time(12)),
    ]
    assert parse_windows("Tue,Thu 12:30-14:00") == [
        Window(1, time(12, 30), time(14)),
        Window(3, time(12, 30), time(14)),
    ]
    assert parse_windows("Mon 09:00-12:00\nWed 14:00-16:00") == parse_windows(
        "Mon 09:00-12:00, Wed 14:00-16:00"
    )


def test_it_reads_the_way_people_write_hours():
    assert parse_windows("mon–fri 9-17") == parse_windows(DEFAULT_WORKING_HOURS)
    assert parse_windows("Monday - Friday 9 - 5pm") == parse_windows(DEFAULT_WORKING_HOURS)
    assert parse_windows("Tues 9am-12pm, 1-3pm") == [
        Window(1, time(9), time(12)),
        Window(1, time(13), time(15)),
    ]
    assert parse_windows("Thu 11-1pm") == [Window(3, time(11), time(13))]
    assert parse_windows("Weekdays: 9-17") == parse_windows(DEFAULT_WORKING_HOURS)
    assert parse_windows("weekends 10-12") == parse_windows("Sat,Sun 10:00-12:00")


def test_it_reads_midnight_as_the_end_of_the_day():
    assert parse_windows("Sun 22:00-24:00") == [Window(6, time(22), time(0))]
    assert parse_windows("Sun 22-0") == [Window(6, time(22), time(0))]
    assert parse_windows("Sat 00:00-24:00")[0].end_minute == 1440


def test_it_wraps_a_day_range_over_the_weekend():
    assert [w.weekday for w in parse_windows("Fri-Mon 10-12")] == [0, 4, 5, 6]


def test_it_merges_overlapping_and_touching_windows_of_one_day():
    assert parse_windows("Mon 9-12; Mon 11-14; Mon 14-15; Mon 16-17") == [
        Window(0, time(9), time(15)),
        Window(0, time(16), time(17)),
    ]


def test_it_reads_blank_text_as_no_windows():
    assert parse_windows("") == []
    assert parse_windows(" ;\n ") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mon-Fry 09:00-17:00", "'Mon-Fry' is not a day: use Mon, Tue"),
        ("Mon,Tue,Xyz 9-17", "'Xyz' is not a day"),
        ("T 9-17", "'T' is not a day"),  # Tuesday or Thursday?
        ("Mon-Fri", "'Mon-Fri' has no hours: write e.g. 'Mon-Fri 09:00-17:00'"),
        ("Mon 9-17; whenever", "'whenever' has no hours"),
        ("9-17", "'9-17' has no days"),
        ("Mon 9 to 5", "'9' is not a time range: write it like 09:00-17:00"),
        ("Mon 25:00-26:00", "'25:00-26:00' is not a time of day: use 00:00 to 24:00"),
        ("Mon 9:60-10", "'9:60-10' is not a time of day"),
        ("Mon 13pm-2pm", "'13pm-2pm' is not a time of day"),
        ("Mon 24-24", "'24-24' is not a time of day"),
        ("Mon 22:00-02:00", "'22:00-02:00' ends before it starts: split a window across midnight"),
        ("Mon 9-5", "'9-5' ends before it starts: did you mean 09:00-17:00?"),
        ("Mon 9-9", "'9-9' is empty"),
    ],
)
def test_it_names_the_part_it_cannot_read(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_windows(text)


def test_it_refuses_a_window_that_is_not_a_stretch_of_one_day():
    with pytest.raises(ValueError, match="weekday 7"):
        Window(7, time(9), time(17))
    with pytest.raises(ValueError, match="empty"):
        Window(0, time(17), time(9))
    with pytest.raises(ValueError, match="whole minutes"):
        Window(0, time(9, 0, 30), time(17))


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("mon–fri 9-17", "Mon-Fri 09:00-17:00"),
        ("Sat 10-12; mon-fri 9-17", "Mon-Fri 09:00-17:00; Sat 10:00-12:00"),
        ("Mon,Tue,Thu 9-12", "Mon,Tue,Thu 09:00-12:00"),
        ("Mon-Wed,Fri 9-12, 13-17; Thu 9-12",
         "Mon-Wed,Fri 09:00-12:00, 13:00-17:00; Thu 09:00-12:00"),
        ("Fri-Mon 22-0", "Mon,Fri-Sun 22:00-24:00"),
        ("", ""),
    ],
)  # fmt: skip
def test_it_writes_availability_in_one_canonical_way(text, canonical):
    assert format_windows(parse_windows(text)) == canonical
    assert parse_windows(canonical) == parse_windows(text)


def window(day: int, start: int, length: int) -> Window:
    end = min(start + length, 1440)
    return Window(day, time(start // 60, start % 60), time(end // 60 % 24, end % 60))


windows_strategy = st.lists(
    st.builds(
        window,
        st.integers(0, 6),
        st.integers(0, 287).map(lambda q: q * 5),
        st.integers(1, 288).map(lambda q: q * 5),
    ),
    max_size=8,
)


@given(windows_strategy)
def test_it_reads_back_what_it_writes(windows):
    text = format_windows(windows)
    assert parse_windows(text) == normalize_windows(windows)
    assert format_windows(parse_windows(text)) == text


# --- Inside both people's hours ------------------------------------------------------------


def test_it_proposes_only_the_band_where_paris_and_los_angeles_hours_meet():
    # 18:00 in Paris is 09:00 in Los Angeles: a user who stays until 19:00 has one hour.
    slots = propose(
        now=at(2026, 6, 1, 8), minutes=30, mine=parse_windows("Mon-Fri 09:00-19:00"),
        my_tz=PARIS, theirs=WORKING_HOURS, their_tz=LA,
    )  # fmt: skip
    assert days_and_times(slots, PARIS) == [
        ("Mon 15 Jun", "18:00-18:30"),
        ("Wed 17 Jun", "18:00-18:30"),
        ("Fri 19 Jun", "18:00-18:30"),
    ]
    assert {local(s, LA)[1] for s in slots} == {"09:00-09:30"}


def test_it_proposes_nothing_when_the_hours_never_meet():
    kwargs = dict(minutes=20, my_tz=PARIS, theirs=WORKING_HOURS, their_tz=LA)
    assert propose(now=at(2026, 6, 1), mine=WORKING_HOURS, **kwargs) == []
    # Meeting until 18:30 Paris time leaves 30 minutes: too short for a 45-minute talk.
    assert propose(now=at(2026, 6, 1), mine=parse_windows("Mon-Fri 9-18:30"), **kwargs)
    kwargs["minutes"] = 45
    assert propose(now=at(2026, 6, 1), mine=parse_windows("Mon-Fri 9-18:30"), **kwargs) == []


def test_it_aligns_starts_to_my_clock_even_on_a_half_hour_offset():
    # London 09:00 (winter) is 14:30 in Kolkata.
    kwargs = dict(
        now=at(2026, 1, 5), minutes=30, mine=parse_windows("Mon-Fri 10-19"), my_tz=KOLKATA,
        theirs=WORKING_HOURS, their_tz=LONDON, count=1,
    )  # fmt: skip
    [slot] = propose(**kwargs)
    assert local(slot, KOLKATA)[1] == "14:30-15:00"
    assert local(slot, LONDON)[1] == "09:00-09:30"
    [slot] = propose(**kwargs, step_minutes=60)
    assert local(slot, KOLKATA)[1] == "15:00-15:30"
    assert local(slot, LONDON)[1] == "09:30-10:00"


def test_it_keeps_to_their_weekdays_when_their_day_is_my_yesterday():
    # Sydney mornings are New York afternoons of the day before: a Monday morning in
    # Sydney is a Sunday in New York. As each side changes its clocks (New York forward
    # on 8 March, Sydney back on 5 April) the band narrows, then closes.
    slots = openings(
        now=at(2026, 2, 19), minutes=20, mine=parse_windows("Mon-Fri 07:00-10:00"),
        my_tz=SYDNEY, theirs=WORKING_HOURS, their_tz=NEW_YORK, horizon_days=56,
    )  # fmt: skip
    in_sydney = days_and_times(slots, SYDNEY)
    in_new_york = days_and_times(slots, NEW_YORK)
    assert in_sydney[:3] == [
        ("Fri 06 Mar", "07:00-07:20"),
        ("Tue 10 Mar", "07:00-07:20"),
        ("Wed 11 Mar", "07:00-07:20"),
    ]
    assert in_new_york[:3] == [
        ("Thu 05 Mar", "15:00-15:20"),
        ("Mon 09 Mar", "16:00-16:20"),
        ("Tue 10 Mar", "16:00-16:20"),
    ]
    assert {day[:3] for day, _ in in_sydney} == {"Tue", "Wed", "Thu", "Fri"}
    # From 5 April, 07:00 in Sydney is 17:00 in New York: no room until the horizon (17 April).
    assert in_sydney[-1] == ("Fri 03 Apr", "07:00-07:20")


# --- Two weeks out, within the horizon -----------------------------------------------------


def test_it_proposes_times_at_least_two_weeks_out():
    slots = utc_only(at(2026, 6, 1, 10, 5))
    assert slots[0].start == at(2026, 6, 15, 10, 30)
    assert utc_only(at(2026, 6, 1, 10, 5), lead_days=21)[0].start == at(2026, 6, 22, 10, 30)
    assert utc_only(at(2026, 6, 1, 10, 5), lead_days=0)[0].start == at(2026, 6, 1, 10, 30)


def test_it_proposes_fewer_times_when_the_horizon_has_no_more_room():
    assert len(utc_only(at(2026, 6, 1, 9), horizon_days=16)) == 2  # Mon 15 and Tue 16
    assert utc_only(at(2026, 6, 1, 9), horizon_days=14) == []
    assert utc_only(at(2026, 6, 1, 9), count=0) == []


def test_it_makes_each_slot_last_exactly_the_meeting():
    for slot in utc_only(at(2026, 6, 1), minutes=45):
        assert slot.end - slot.start == timedelta(minutes=45)
        assert slot.start.tzinfo is UTC


# --- Busy times ----------------------------------------------------------------------------


def test_it_keeps_a_buffer_around_busy_times():
    busy = [(at(2026, 6, 15, 9), at(2026, 6, 15, 10))]
    first = at(2026, 6, 1)
    assert utc_only(first, busy=busy)[0].start == at(2026, 6, 15, 10, 30)
    assert utc_only(first, busy=busy, step_minutes=15)[0].start == at(2026, 6, 15, 10, 15)
    assert utc_only(first, busy=busy, buffer_minutes=0)[0].start == at(2026, 6, 15, 10)
    # Ending at the buffer's edge is fine; one minute into it is not.
    busy = [(at(2026, 6, 15, 9, 35), at(2026, 6, 15, 12))]
    assert utc_only(first, busy=busy)[0].start == at(2026, 6, 15, 9)
    busy = [(at(2026, 6, 15, 9, 34), at(2026, 6, 15, 12))]
    assert utc_only(first, busy=busy)[0].start == at(2026, 6, 15, 12, 30)


def test_it_reads_busy_times_in_any_zone():
    busy = [
        (datetime(2026, 6, 15, 11, tzinfo=PARIS), datetime(2026, 6, 15, 12, tzinfo=PARIS)),
        (datetime(2026, 6, 15, 3, tzinfo=LA), datetime(2026, 6, 15, 5, tzinfo=LA)),
    ]  # 09:00-10:00 and 10:00-12:00 UTC
    assert utc_only(at(2026, 6, 1), busy=busy)[0].start == at(2026, 6, 15, 12, 30)


def test_it_moves_to_another_day_when_a_day_is_full():
    busy = [(at(2026, 6, 15, 8), at(2026, 6, 15, 17))]
    slots = utc_only(at(2026, 6, 1), busy=busy)
    assert [s.start.date() for s in slots] == [
        date(2026, 6, 16),
        date(2026, 6, 18),
        date(2026, 6, 22),
    ]


# --- One a day, spread out -----------------------------------------------------------------


def test_it_spreads_the_times_over_the_week():
    assert days_and_times(utc_only(at(2026, 6, 1)), UTC) == [
        ("Mon 15 Jun", "09:00-09:20"),
        ("Wed 17 Jun", "09:00-09:20"),
        ("Fri 19 Jun", "09:00-09:20"),
    ]
    # Then the weekdays not yet offered, in the following week.
    assert [d for d, _ in days_and_times(utc_only(at(2026, 6, 1), count=5), UTC)] == [
        "Mon 15 Jun", "Wed 17 Jun", "Fri 19 Jun", "Tue 23 Jun", "Thu 25 Jun",
    ]  # fmt: skip


def test_it_prefers_another_weekday_then_days_apart_then_any_day():
    # Only Tuesdays and Wednesdays: a Wednesday a week later, then the next Tuesday.
    slots = utc_only(at(2026, 6, 1), "Tue,Wed 9-17")
    assert [d for d, _ in days_and_times(slots, UTC)] == ["Tue 16 Jun", "Wed 24 Jun", "Tue 30 Jun"]
    # Three days in all: the days next to each other are what is left.
    slots = utc_only(at(2026, 6, 1), horizon_days=17)
    assert [d for d, _ in days_and_times(slots, UTC)] == ["Mon 15 Jun", "Tue 16 Jun", "Wed 17 Jun"]


def test_it_counts_days_on_my_calendar():
    # 08:00-12:00 in Sydney is 22:00-02:00 UTC: one opening on each of my days, though
    # each of them spans two days in UTC.
    slots = openings(
        now=at(2026, 6, 1, 1), minutes=20, mine=parse_windows("Mon-Fri 08:00-12:00"),
        my_tz=SYDNEY, theirs=ALL_WEEK, their_tz=UTC, horizon_days=21,
    )  # fmt: skip
    assert [local(s, SYDNEY) for s in slots] == [
        (date(2026, 6, 15), "11:00-11:20"),  # two weeks after 11:00 on 1 June, Sydney time
        (date(2026, 6, 16), "08:00-08:20"),
        (date(2026, 6, 17), "08:00-08:20"),
        (date(2026, 6, 18), "08:00-08:20"),
        (date(2026, 6, 19), "08:00-08:20"),
        (date(2026, 6, 22), "08:00-08:20"),
    ]
    assert slots[1].start == at(2026, 6, 15, 22)


# --- Daylight saving -----------------------------------------------------------------------


def paris_and_los_angeles(now: datetime) -> list[Slot]:
    return openings(
        now=now, minutes=20, mine=parse_windows("Mon-Fri 09:00-19:00"), my_tz=PARIS,
        theirs=WORKING_HOURS, their_tz=LA,
    )  # fmt: skip


def test_it_follows_the_band_when_the_us_springs_forward_three_weeks_before_europe():
    # Los Angeles moves on 8 March, Paris on 29 March: for three weeks the two are eight
    # hours apart instead of nine, and their 09:00 is 17:00 in Paris.
    in_paris = dict(days_and_times(paris_and_los_angeles(at(2026, 2, 20)), PARIS))
    assert in_paris["Fri 06 Mar"] == "18:00-18:20"
    assert in_paris["Mon 09 Mar"] == "17:00-17:20"
    assert in_paris["Fri 27 Mar"] == "17:00-17:20"
    assert in_paris["Mon 30 Mar"] == "18:00-18:20"
    assert len(in_paris) == 20


def test_it_follows_the_band_when_europe_falls_back_a_week_before_the_us():
    # Paris moves back on 25 October, Los Angeles on 1 November.
    in_paris = dict(days_and_times(paris_and_los_angeles(at(2026, 10, 5)), PARIS))
    assert in_paris["Fri 23 Oct"] == "18:00-18:20"
    assert in_paris["Mon 26 Oct"] == "17:00-17:20"
    assert in_paris["Fri 30 Oct"] == "17:00-17:20"
    assert in_paris["Mon 02 Nov"] == "18:00-18:20"
    slots = paris_and_los_angeles(at(2026, 10, 5))
    assert {local(s, LA)[1] for s in slots} == {"09:00-09:20"}


@pytest.mark.parametrize(("zone", "day"), [(PARIS, 29), (LA, 8)])
@pytest.mark.parametrize("whose", ["mine", "theirs"])
def test_it_counts_real_time_across_the_spring_forward_gap(zone, day, whose):
    # 01:30-03:30 on the night the clocks skip 02:00-03:00 is one hour of real time.
    night = parse_windows("Sun 01:30-03:30")
    # From midnight two weeks before, until the next midnight: that Sunday only.
    now = datetime.combine(date(2026, 3, day) - timedelta(days=14), time(0), tzinfo=zone)
    kwargs = dict(now=now, horizon_days=15)
    kwargs |= (
        dict(mine=night, my_tz=zone, theirs=ALL_WEEK, their_tz=UTC)
        if whose == "mine"
        else dict(mine=ALL_WEEK, my_tz=UTC, theirs=night, their_tz=zone)
    )
    [slot] = openings(minutes=60, **kwargs)
    assert local(slot, zone) == (date(2026, 3, day), "01:30-03:30")
    assert slot.end - slot.start == timedelta(hours=1)
    assert [local(s, zone)[0] for s in openings(minutes=90, **kwargs)] == []


def test_it_skips_start_times_the_clock_jumps_over():
    [slot] = openings(
        now=at(2026, 3, 15), horizon_days=15, minutes=30, mine=parse_windows("Sun 02:00-04:00"),
        my_tz=PARIS, theirs=ALL_WEEK, their_tz=UTC,
    )  # fmt: skip
    assert local(slot, PARIS) == (date(2026, 3, 29), "03:00-03:30")


def test_it_starts_in_the_first_pass_of_the_hour_the_clock_repeats():
    def night(hours: str, minutes: int) -> list[Slot]:
        return openings(
            now=at(2026, 10, 11), horizon_days=15, minutes=minutes, mine=parse_windows(hours),
            my_tz=PARIS, theirs=ALL_WEEK, their_tz=UTC,
        )  # fmt: skip

    # Paris reads 02:00-03:00 twice on 25 October: first at +02:00, then at +01:00.
    assert [s.start for s in night("Sun 02:00-02:30", 30)] == [at(2026, 10, 25, 0)]
    # So that night, 02:00-03:00 holds two hours.
    [slot] = night("Sun 02:00-03:00", 120)
    assert (slot.start, slot.end) == (at(2026, 10, 25, 0), at(2026, 10, 25, 2))
    # 02:30 (first pass) plus 30 minutes is when the clock goes back to 02:00: outside.
    assert night("Sun 02:30-03:00", 30) == []


# --- Describing a time to them -------------------------------------------------------------


def test_it_describes_a_time_in_their_zone_then_mine():
    slot = Slot(at(2026, 12, 8, 15), at(2026, 12, 8, 15, 20))
    assert describe(slot, my_tz=LONDON, their_tz=PARIS) == (
        "Tuesday 8 December, 16:00–16:20 your time (15:00–15:20 mine)"
    )
    assert describe(slot, my_tz=PARIS, their_tz=LA) == (
        "Tuesday 8 December, 07:00–07:20 your time (16:00–16:20 mine)"
    )


def test_it_names_both_days_when_the_date_differs():
    slot = Slot(at(2026, 2, 16, 20), at(2026, 2, 16, 20, 20))
    assert describe(slot, my_tz=SYDNEY, their_tz=NEW_YORK) == (
        "Monday 16 February, 15:00–15:20 your time (Tuesday 17 February, 07:00–07:20 mine)"
    )


def test_it_says_a_time_once_when_both_clocks_read_the_same():
    slot = Slot(at(2026, 12, 8, 9), at(2026, 12, 8, 9, 20))
    assert describe(slot, my_tz=PARIS, their_tz=PARIS) == "Tuesday 8 December, 10:00–10:20"
    assert describe(slot, my_tz=PARIS, their_tz=BERLIN) == "Tuesday 8 December, 10:00–10:20"


# --- Every proposal keeps every rule ---------------------------------------------------------

ZONES = [
    "UTC", "Asia/Kolkata", "Asia/Kathmandu", "Europe/Paris", "Europe/London", "Asia/Beirut",
    "America/Los_Angeles", "America/New_York", "America/St_Johns", "America/Santiago",
    "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Apia",
]  # fmt: skip
# The days some zones change their clocks: Beirut back into the day before, Santiago at
# midnight, Lord Howe by half an hour, Chatham at 02:45, Apia over a whole day.
CHANGES = {
    "Europe/Paris": [date(2026, 3, 29), date(2026, 10, 25)],
    "Europe/London": [date(2026, 3, 29), date(2026, 10, 25)],
    "Asia/Beirut": [date(2026, 3, 29), date(2026, 10, 25)],
    "America/Los_Angeles": [date(2026, 3, 8), date(2026, 11, 1)],
    "America/New_York": [date(2026, 3, 8), date(2026, 11, 1)],
    "America/St_Johns": [date(2026, 3, 8), date(2026, 11, 1)],
    "America/Santiago": [date(2026, 4, 5), date(2026, 9, 6)],
    "Australia/Sydney": [date(2026, 4, 5), date(2026, 10, 4)],
    "Australia/Lord_Howe": [date(2026, 4, 5), date(2026, 10, 4)],
    "Pacific/Chatham": [date(2026, 4, 5), date(2026, 9, 27)],
    "Pacific/Apia": [date(2011, 12, 29)],
}


def minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


@functools.cache
def stretches(windows: tuple[Window, ...], weekday: int) -> list[tuple[int, int]]:
    """The windows of one weekday merged where they meet, in seconds from midnight."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(
        (minutes_of(w.start) * 60, (minutes_of(w.end) or 1440) * 60)
        for w in windows
        if w.weekday == weekday
    ):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def fits(start: datetime, minutes: int, windows: list[Window], tz: ZoneInfo) -> bool:
    """Every instant of the slot shows a wall-clock time, counted from the start's local
    midnight, inside the windows of that day. The clock runs evenly unless the offset
    changes, so then both ends within one stretch of the windows tell; otherwise every
    minute is read (clocks change on whole minutes, the windows here are whole minutes)."""
    day = start.astimezone(tz).date()
    spans = stretches(tuple(windows), day.weekday())

    def second(minute: int) -> int:
        wall = (start + timedelta(minutes=minute)).astimezone(tz)
        return (wall.date() - day).days * 86400 + wall.hour * 3600 + wall.minute * 60 + wall.second

    end = start + timedelta(minutes=minutes)
    if start.astimezone(tz).utcoffset() == end.astimezone(tz).utcoffset():
        return any(a <= second(0) and second(minutes) <= b for a, b in spans)
    return all(any(a <= second(m) <= b for a, b in spans) for m in range(minutes + 1))


def brute_force_openings(*, now, minutes, mine, my_tz, theirs, their_tz, busy, lead_days,
                         step_minutes, buffer_minutes, horizon_days):  # fmt: skip
    """Every step of my clock on every day, tried one by one."""
    first, last = now + timedelta(days=lead_days), now + timedelta(days=horizon_days)
    gap = timedelta(minutes=buffer_minutes)
    found = []
    day = first.astimezone(my_tz).date()
    while day <= last.astimezone(my_tz).date():
        for minute in range(0, 1440, step_minutes):
            if not any(
                w.weekday == day.weekday()
                and minutes_of(w.start) <= minute < (minutes_of(w.end) or 1440)
                for w in mine
            ):
                continue  # no need to look closer: it does not start in my hours
            wall = datetime.combine(day, time(minute // 60, minute % 60))
            start = wall.replace(tzinfo=my_tz).astimezone(UTC)  # fold=0: the first occurrence
            if start.astimezone(my_tz).replace(tzinfo=None) != wall:
                continue  # in the gap
            end = start + timedelta(minutes=minutes)
            if not first <= start < last or any(start < b + gap and end > a - gap for a, b in busy):
                continue
            if fits(start, minutes, mine, my_tz) and fits(start, minutes, theirs, their_tz):
                found.append(Slot(start, end))
                break
        day += timedelta(days=1)
    return found


def assert_keeps_every_rule(data: st.DataObject, count: int, **kwargs) -> None:
    # Busy times anywhere rarely touch an opening: put most of them around the openings
    # there would be without them.
    anchors = [s.start for s in openings(**kwargs)] or [kwargs["now"]]
    busy = data.draw(
        st.lists(
            st.tuples(st.sampled_from(anchors), st.integers(-120, 120), st.integers(1, 240)),
            max_size=4,
        )
    )
    kwargs["busy"] = [(t + timedelta(minutes=a), t + timedelta(minutes=a + n)) for t, a, n in busy]
    found = openings(**kwargs)
    assert found == brute_force_openings(**kwargs)
    assert all(s.end - s.start == timedelta(minutes=kwargs["minutes"]) for s in found)

    proposed = propose(**kwargs, count=count)
    assert len(proposed) == min(count, len(found))
    assert set(proposed) <= set(found)
    assert proposed == sorted(proposed, key=lambda s: s.start)
    my_days = [s.start.astimezone(kwargs["my_tz"]).date() for s in proposed]
    assert len(set(my_days)) == len(my_days)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    now=st.datetimes(datetime(2000, 1, 1), datetime(2037, 12, 31), timezones=st.just(UTC)),
    my_tz=st.sampled_from(ZONES).map(ZoneInfo),
    their_tz=st.sampled_from(ZONES).map(ZoneInfo),
    mine=windows_strategy,
    theirs=windows_strategy,
    minutes=st.sampled_from([15, 20, 30, 45, 60]),
    step_minutes=st.sampled_from([15, 30, 45, 60]),
    buffer_minutes=st.sampled_from([0, 15]),
    lead_days=st.integers(0, 14),
    days=st.integers(0, 21),
    count=st.integers(0, 5),
)
def test_it_keeps_every_rule_for_any_hours_zones_and_busy_times(lead_days, days, **kwargs):
    assert_keeps_every_rule(lead_days=lead_days, horizon_days=lead_days + days, **kwargs)


night_windows = st.lists(
    st.builds(
        window,
        st.one_of(st.just(6), st.integers(0, 6)),  # most changes are on a Sunday
        st.one_of(st.integers(0, 48), st.integers(264, 287)).map(lambda q: q * 5),
        st.integers(3, 48).map(lambda q: q * 5),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    change=st.sampled_from([(zone, day) for zone, days in CHANGES.items() for day in days]),
    # Minutes from their local midnight that day; often within hours of the change.
    offset=st.integers(-2 * 24 * 60, 6 * 60) | st.integers(-90, 300),
    other_tz=st.sampled_from([None, *ZONES]),  # None: the same zone
    nights=night_windows,
    other_windows=st.sampled_from([ALL_WEEK, parse_windows("Sat-Mon 0-4")]) | night_windows,
    whose=st.sampled_from(["mine", "theirs"]),
    data=st.data(),
    minutes=st.sampled_from([15, 30, 60, 90, 120]),
    step_minutes=st.sampled_from([5, 15, 30]),
    buffer_minutes=st.sampled_from([0, 15]),
    count=st.integers(1, 3),
)
def test_it_keeps_every_rule_on_the_nights_clocks_change(
    change, offset, other_tz, nights, other_windows, whose, **kwargs
):
    zone, day = change
    other_tz = ZoneInfo(other_tz or zone)
    midnight = datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)
    now = midnight + timedelta(minutes=offset)
    if whose == "mine":
        kwargs |= dict(mine=nights, my_tz=ZoneInfo(zone), theirs=other_windows, their_tz=other_tz)
    else:
        kwargs |= dict(mine=other_windows, my_tz=other_tz, theirs=nights, their_tz=ZoneInfo(zone))
    assert_keeps_every_rule(now=now, lead_days=0, horizon_days=4, **kwargs)
