"""Times to propose for an informational interview: DOMAIN.md "Asking for the conversation".

The request offers two or three concrete times, at least two weeks out, in the other
person's time zone. Availability on both sides is a list of weekly windows of wall-clock
time ("Mon-Fri 09:00-17:00"), each read in its owner's zone: mine in `my_tz`, theirs in
`their_tz`. Pure rules, no database.

Daylight saving. A window on a given date covers every instant whose wall clock, on that
date, reads inside it: a window across a spring-forward gap is an hour shorter in real
time, one across a fall-back overlap an hour longer. A slot is `minutes` of elapsed time,
and every instant of it (both ends included) reads inside one of my windows and one of
theirs. Starts are wall-clock steps in my zone: a step that does not exist (in the gap) is
skipped, an ambiguous one (in the overlap) means its first occurrence. Everything is
computed on integer UTC seconds; local times are only read through zoneinfo, never made
by adding a timedelta to an aware local datetime (that arithmetic ignores the change).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import groupby
from operator import itemgetter
from zoneinfo import ZoneInfo

DEFAULT_WORKING_HOURS = "Mon-Fri 09:00-17:00"

_DAY = 86_400  # seconds
_SAMPLE = 6 * 3600  # seconds between readings of a zone's offset (see _Clock)
_FAR = 1 << 62  # an instant beyond any horizon, in seconds
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Window:
    """A weekly stretch of wall-clock time: weekday 0 is Monday; an end of 00:00 is midnight
    at the end of the day (written 24:00). Whole minutes, no time zone of its own."""

    weekday: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday {self.weekday} is not 0 (Monday) to 6 (Sunday)")
        if any(t.second or t.microsecond or t.tzinfo for t in (self.start, self.end)):
            raise ValueError("a window is in whole minutes of wall-clock time, without a zone")
        if self.end_minute <= self.start_minute:
            raise ValueError(
                f"the window {_hhmm(self.start_minute)}-{_hhmm(self.end_minute)} is empty"
            )

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        return self.end.hour * 60 + self.end.minute or 1440


@dataclass(frozen=True)
class Slot:
    """A proposed time: aware UTC datetimes, exactly the meeting's length apart."""

    start: datetime
    end: datetime


# --- Reading and writing windows --------------------------------------------------------

_DAY_WORDS = tuple(name.lower() for name in _DAY_NAMES)
_DAY_GROUPS = {"weekday": "mon-fri", "weekend": "sat-sun", "daily": "mon-sun"}
# One "days hours" piece; pieces follow each other ("Mon 9-12, Tue 14-16") or are
# separated by ";" or new lines.
_PIECE = re.compile(r"\s*(?P<days>\D*?)\s*(?P<hours>\d(?:[\d:.,\s-]|[ap]m\b)*)", re.I)
_TIME = r"(\d{1,2})(?:[:.](\d\d))?([ap]m)?"
_RANGE = re.compile(rf"{_TIME}-{_TIME}", re.I)
_EXAMPLE = "write e.g. 'Mon-Fri 09:00-17:00'"


def parse_windows(text: str) -> list[Window]:
    """Windows from text such as "Mon-Fri 09:00-17:00; Sat 10:00-12:00", "Tue,Thu 12:30-14:00",
    "mon–fri 9-17" or "Mon 9am-12pm, 1-5pm", one piece per line or separated by ";".

    Returns them sorted, with overlapping or touching windows of one day merged; blank text
    gives no windows. Raises ValueError naming the part it cannot read.
    """
    windows = []
    for chunk in re.split(r"[;\n]", text.replace("–", "-").replace("—", "-")):
        chunk, pos = chunk.strip(), 0
        while pos < len(chunk):
            piece = _PIECE.match(chunk, pos)
            if piece is None:
                raise ValueError(f"'{chunk[pos:].strip(' ,')}' has no hours: {_EXAMPLE}")
            days = _parse_days(piece["days"], piece[0].strip(" ,"))
            windows += [Window(d, s, e) for s, e in _parse_hours(piece["hours"]) for d in days]
            pos = piece.end()
    return normalize_windows(windows)


def _parse_days(text: str, piece: str) -> list[int]:
    text = re.sub(r"\s*-\s*", "-", text)
    for word, days in _DAY_GROUPS.items():
        text = re.sub(rf"\b{word}s?\b", days, text, flags=re.I)
    items = re.split(r"[\s,:]+", text.strip(" ,:"))
    if items == [""]:
        raise ValueError(f"'{piece}' has no days: {_EXAMPLE}")
    days = []
    for item in items:
        first, dash, last = item.partition("-")
        a, b = _day(first), _day(last if dash else first)
        if a is None or b is None:
            raise ValueError(f"'{item}' is not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun")
        days += [(a + i) % 7 for i in range((b - a) % 7 + 1)]  # "Fri-Mon" wraps the weekend
    return days


def _day(word: str) -> int | None:
    word = word.lower()
    matches = [i for i, name in enumerate(_DAY_WORDS) if len(word) >= 2 and name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _parse_hours(text: str) -> Iterator[tuple[time, time]]:
    text = re.sub(r"\s+([ap]m)", r"\1", re.sub(r"\s*-\s*", "-", text), flags=re.I)
    for item in re.split(r"[\s,]+", text.strip(" ,")):
        found = _RANGE.fullmatch(item)
        if found is None:
            raise ValueError(f"'{item}' is not a time range: write it like 09:00-17:00")
        h1, m1, half1, h2, m2, half2 = found.groups()
        start, end = _minute(h1, m1, half1), _minute(h2, m2, half2)
        if start is None or end is None or start >= 1440:
            raise ValueError(f"'{item}' is not a time of day: use 00:00 to 24:00")
        end = end or 1440  # "22:00-00:00" runs to midnight
        if half2 and not half1:  # "1-3pm" is 13:00-15:00, but "9-5pm" is 09:00-17:00
            inherited = _minute(h1, m1, half2)
            start = inherited if inherited is not None and inherited < end else start
        if end == start:
            raise ValueError(f"'{item}' is empty")
        if end < start:
            hint = (
                f"did you mean {_hhmm(start)}-{_hhmm(end + 720)}?"
                if start < 720  # "9-5": from a morning, the end is in the afternoon
                else "split a window across midnight, e.g. 'Mon 22:00-24:00; Tue 00:00-02:00'"
            )
            raise ValueError(f"'{item}' ends before it starts: {hint}")
        yield time(start // 60, start % 60), time(end // 60 % 24, end % 60)


def _minute(hour: str, minute: str | None, half: str | None) -> int | None:
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    return h * 60 + m if m < 60 and (h < 24 or (h == 24 and m == 0)) else None


def normalize_windows(windows: Iterable[Window]) -> list[Window]:
    """Sorted by day and time, with overlapping or touching windows of one day merged."""
    merged: list[Window] = []
    for w in sorted(windows, key=lambda w: (w.weekday, w.start_minute, w.end_minute)):
        last = merged[-1] if merged else None
        if last and last.weekday == w.weekday and w.start_minute <= last.end_minute:
            if w.end_minute > last.end_minute:
                merged[-1] = Window(w.weekday, last.start, w.end)
        else:
            merged.append(w)
    return merged


def format_windows(windows: Iterable[Window]) -> str:
    """The canonical text parse_windows reads back: "Mon-Fri 09:00-12:00, 13:00-17:00; Sat
    10:00-12:00" (days sharing the same hours grouped, runs of three days or more as ranges)."""
    hours_by_day: dict[int, list[str]] = {}
    for w in normalize_windows(windows):
        hours_by_day.setdefault(w.weekday, []).append(
            f"{_hhmm(w.start_minute)}-{_hhmm(w.end_minute)}"
        )
    groups: dict[tuple[str, ...], list[int]] = {}
    for day, hours in sorted(hours_by_day.items()):
        groups.setdefault(tuple(hours), []).append(day)
    return "; ".join(f"{_day_list(days)} {', '.join(hours)}" for hours, days in groups.items())


def _day_list(days: list[int]) -> str:
    names: list[str] = []
    for _, run in groupby(enumerate(days), lambda pair: pair[1] - pair[0]):  # consecutive days
        run_names = [_DAY_NAMES[day][:3] for _, day in run]
        names += [f"{run_names[0]}-{run_names[-1]}"] if len(run_names) >= 3 else run_names
    return ",".join(names)


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


# --- Wall clocks --------------------------------------------------------------------------


class _Clock:
    """One zone's wall clock over a stretch of instants, in integer seconds: UTC seconds
    since the epoch in, "local seconds" (wall time read as if it were UTC) out.

    zoneinfo does not list its transitions, so they are found by reading the offset every
    six hours and bisecting to the second where it changed. That assumes no zone changes
    its offset twice within six hours: since 1900 no zone in the tz database has done so
    within a week.
    """

    def __init__(self, tz: ZoneInfo, lo: int, hi: int) -> None:
        self.starts, self.offsets = [-_FAR], [self._offset(tz, lo)]
        for t in range(lo, hi, _SAMPLE):
            if (after := self._offset(tz, t + _SAMPLE)) != self.offsets[-1]:
                a, b = t, t + _SAMPLE  # the offset at a is the old one, at b the new one
                while b - a > 1:
                    mid = (a + b) // 2
                    a, b = (mid, b) if self._offset(tz, mid) == self.offsets[-1] else (a, mid)
                self.starts.append(b)
                self.offsets.append(after)
        self.ends = [s - 1 for s in self.starts[1:]] + [_FAR]

    @staticmethod
    def _offset(tz: ZoneInfo, t: int) -> int:
        return int(datetime.fromtimestamp(t, tz).utcoffset().total_seconds())

    def wall(self, t: int) -> int:
        return t + self.offsets[bisect_right(self.starts, t) - 1]

    def instants(self, a: int, b: int) -> list[tuple[int, int]]:
        """The instants whose wall clock reads from a to b, as closed intervals: one, or two
        when a fall-back overlap repeats the start of the range but not all of it."""
        found: list[tuple[int, int]] = []
        for seg_lo, seg_hi, offset in zip(self.starts, self.ends, self.offsets, strict=True):
            lo, hi = max(a - offset, seg_lo), min(b - offset, seg_hi)
            if lo > hi:
                continue
            if found and lo <= found[-1][1] + 1:
                found[-1] = (found[-1][0], hi)
            else:
                found.append((lo, hi))
        return found

    def first_instant(self, w: int) -> int | None:
        """When the wall clock first reads w; None when it never does (a spring-forward gap)."""
        for seg_lo, seg_hi, offset in zip(self.starts, self.ends, self.offsets, strict=True):
            if seg_lo <= w - offset <= seg_hi:
                return w - offset
        return None


# --- Proposing times ---------------------------------------------------------------------


def openings(
    *,
    now: datetime,
    minutes: int,
    mine: Sequence[Window],
    my_tz: ZoneInfo,
    theirs: Sequence[Window],
    their_tz: ZoneInfo,
    busy: Sequence[tuple[datetime, datetime]] = (),
    lead_days: int = 14,
    step_minutes: int = 30,
    buffer_minutes: int = 15,
    horizon_days: int = 42,
) -> list[Slot]:
    """The earliest slot that fits on each of my local days, in order: it starts from
    `lead_days` to `horizon_days` days (of elapsed time) after `now`, on a multiple of
    `step_minutes` after my local midnight; it lies inside my windows and theirs; it keeps
    `buffer_minutes` away from every busy interval (touching the buffer is fine)."""
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    if minutes < 1 or step_minutes < 1 or min(lead_days, buffer_minutes, horizon_days) < 0:
        raise ValueError("minutes and steps must be positive, days and buffers not negative")
    first = math.ceil(now.timestamp()) + lead_days * _DAY
    last = math.ceil(now.timestamp()) + horizon_days * _DAY  # starts come before it
    length, step, buffer = minutes * 60, step_minutes * 60, buffer_minutes * 60
    lo, hi = first - 2 * _DAY, max(first, last) + length + 2 * _DAY
    my_clock = _Clock(my_tz, lo, hi)
    their_clock = my_clock if their_tz == my_tz else _Clock(their_tz, lo, hi)

    theirs_open = sorted(
        piece
        for a, b in _days(their_clock, theirs, first, last + length)
        for piece in their_clock.instants(a, b)
    )
    blocked = _blocked(busy, buffer)
    found: dict[int, Slot] = {}
    for a, b in _days(my_clock, mine, first, last):
        if a // _DAY in found:
            continue  # one a day, the earliest: windows come in order
        for x, y in _common(my_clock.instants(a, b), theirs_open, blocked):
            start = _first_start(my_clock, max(x, first), y, length, step, last)
            if start is not None:
                found[a // _DAY] = Slot(_utc(start), _utc(start + length))
                break
    return list(found.values())


def _days(clock: _Clock, windows: Sequence[Window], lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """Each window on each local day around lo..hi, as local seconds from and to."""
    by_day: dict[int, list[Window]] = {}
    for w in normalize_windows(windows):
        by_day.setdefault(w.weekday, []).append(w)
    for day in range(clock.wall(lo) // _DAY - 1, clock.wall(hi) // _DAY + 2):
        for w in by_day.get((day + 3) % 7, ()):  # local day 0 was a Thursday
            yield day * _DAY + w.start_minute * 60, day * _DAY + w.end_minute * 60


def _blocked(busy: Sequence[tuple[datetime, datetime]], buffer: int) -> list[tuple[int, int]]:
    """Busy intervals widened by the buffer, merged: open intervals a slot may touch only."""
    widened = []
    for start, end in busy:
        if start.utcoffset() is None or end.utcoffset() is None or end < start:
            raise ValueError("busy intervals are aware datetimes, each ending after it starts")
        widened.append(
            (math.floor(start.timestamp()) - buffer, math.ceil(end.timestamp()) + buffer)
        )
    merged: list[tuple[int, int]] = []
    for a, b in sorted(widened):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _common(
    mine: list[tuple[int, int]], theirs: list[tuple[int, int]], blocked: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """The closed intervals inside one of mine and one of theirs (each list sorted and
    disjoint) and outside every blocked one, in order."""
    for lo, hi in mine:
        for their_lo, their_hi in theirs[bisect_left(theirs, lo, key=itemgetter(1)) :]:
            if their_lo > hi:
                break
            x, y = max(lo, their_lo), min(hi, their_hi)
            for a, b in blocked[max(0, bisect_right(blocked, x, key=itemgetter(0)) - 1) :]:
                if a >= y:
                    break
                if a > x:
                    yield x, a
                x = max(x, b)
            if x <= y:
                yield x, y


def _first_start(clock: _Clock, x: int, y: int, length: int, step: int, last: int) -> int | None:
    """The first step of my wall clock whose first occurrence starts a slot within x..y."""
    wall = clock.wall(x)
    day, into = divmod(wall, _DAY)
    wall = day * _DAY + math.ceil(into / step) * step
    while True:
        if wall >= (day + 1) * _DAY:  # the steps start again at each midnight
            day, wall = day + 1, (day + 1) * _DAY
        start = clock.first_instant(wall)
        if start is not None:
            if start + length > y or start >= last:
                return None
            if start >= x:
                return start
        wall += step


def _utc(t: int) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def propose(
    *,
    now: datetime,
    minutes: int,
    mine: Sequence[Window],
    my_tz: ZoneInfo,
    theirs: Sequence[Window],
    their_tz: ZoneInfo,
    busy: Sequence[tuple[datetime, datetime]] = (),
    count: int = 3,
    lead_days: int = 14,
    step_minutes: int = 30,
    buffer_minutes: int = 15,
    horizon_days: int = 42,
) -> list[Slot]:
    """Up to `count` slots on different days, in order; fewer (or none) when the horizon
    has no more room. Each is the earliest opening of its day (see `openings`).

    The days are picked in three passes over the days with an opening, earliest first, each
    taking a day that keeps the rule of its pass with every day already picked:
    1. not the day before or after it, and not the same weekday;
    2. not the day before or after it;
    3. any day.
    So the other person gets a choice of weekdays and weeks before two close days.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    days = [
        (slot.start.astimezone(my_tz).date(), slot)
        for slot in openings(
            now=now, minutes=minutes, mine=mine, my_tz=my_tz, theirs=theirs,
            their_tz=their_tz, busy=busy, lead_days=lead_days, step_minutes=step_minutes,
            buffer_minutes=buffer_minutes, horizon_days=horizon_days,
        )
    ]  # fmt: skip
    rules = (
        lambda d, p: abs((d - p).days) > 1 and d.weekday() != p.weekday(),
        lambda d, p: abs((d - p).days) > 1,
        lambda d, p: d != p,
    )
    picked: list[tuple[date, Slot]] = []
    for rule in rules:
        for day, slot in days:
            if len(picked) < count and all(rule(day, p) for p, _ in picked):
                picked.append((day, slot))
    return [slot for _, slot in sorted(picked, key=lambda pair: pair[0])]


def describe(slot: Slot, *, my_tz: ZoneInfo, their_tz: ZoneInfo) -> str:
    """The slot for a message to the other person, their time first: "Tuesday 8 December,
    16:00–16:20 your time (10:00–10:20 mine)"; both days when they differ; once when the
    two clocks read the same."""
    their_day, their_hours = _read(slot, their_tz)
    my_day, my_hours = _read(slot, my_tz)
    if (their_day, their_hours) == (my_day, my_hours):
        return f"{their_day}, {their_hours}"
    mine = my_hours if my_day == their_day else f"{my_day}, {my_hours}"
    return f"{their_day}, {their_hours} your time ({mine} mine)"


def _read(slot: Slot, tz: ZoneInfo) -> tuple[str, str]:
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    day = f"{_DAY_NAMES[start.weekday()]} {start.day} {_MONTH_NAMES[start.month - 1]}"
    return day, f"{start:%H:%M}–{end:%H:%M}"
