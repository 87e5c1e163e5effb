"""iCalendar (RFC 5545) documents for interviews: the invitation, its cancellation, a feed.

Plain dataclasses in, bytes out, through the `icalendar` library, so the web views, the
mailer and the CLI wrap the same functions and no Django model is needed to test them.

The length of a meeting is written as DURATION, not DTEND. A duration in hours and
minutes is exact elapsed time (RFC 5545 3.3.6), while a local DTEND can name a wall time
that happens twice: a meeting from 01:30 to 02:30 EDT on the night clocks fall back ends
at "01:30" local, which a reader takes as the first 01:30, the start itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event, vCalAddress

PRODID = "-//coffeechat//coffeechat//EN"


@dataclass(frozen=True)
class Invitation:
    uid: str  # stable per interview, e.g. "interview-<uuid>@coffeechat"
    sequence: int  # 0 first; rescheduling re-issues with a higher one
    start: datetime  # aware
    minutes: int
    tzid: str  # IANA zone DTSTART is written in (the organizer's)
    summary: str
    description: str  # the agenda, plain text
    location: str = ""  # an address, or a video link
    organizer_name: str = ""
    organizer_email: str = ""
    attendee_name: str = ""
    attendee_email: str = ""
    reminder_minutes: int = 30
    stamp: datetime | None = None  # DTSTAMP; now (UTC) when None


@dataclass(frozen=True)
class FeedItem:
    uid: str
    summary: str
    start: datetime | date  # a datetime for a meeting, a date for an all-day due action
    minutes: int | None = None
    description: str = ""
    location: str = ""
    url: str = ""


def invitation_ics(invitation: Invitation) -> bytes:
    """The REQUEST a user sends once a time is agreed, or re-sends when rescheduling."""
    return _scheduling_message(invitation, method="REQUEST", status="CONFIRMED")


def cancellation_ics(invitation: Invitation) -> bytes:
    """The CANCEL for the same event; the caller passes a sequence above the last one sent."""
    return _scheduling_message(invitation, method="CANCEL", status="CANCELLED")


def feed_ics(
    items: Iterable[FeedItem], *, name: str, tzid: str, stamp: datetime | None = None
) -> bytes:
    """A calendar to subscribe to: meetings at their time, due actions as all-day events."""
    zone = _zone(tzid)
    stamp = _stamp(stamp)
    calendar = _calendar(method="PUBLISH", name=name)
    # Without a hint, subscribing clients poll on their own schedule (up to a day).
    calendar.add("REFRESH-INTERVAL", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    # Unknown X- properties are written with str(), so a timedelta would come out "1:00:00".
    calendar.add("X-PUBLISHED-TTL", "PT1H")
    years = set()
    for item in items:
        _require(item.uid, "uid")
        event = Event.new(
            uid=item.uid,
            stamp=stamp,
            summary=item.summary,
            description=item.description or None,
            location=item.location or None,
            url=item.url or _url_in(item.location),
        )
        if isinstance(item.start, datetime):
            start = _in_zone(_aware(item.start, "start"), zone)
            event.start = start
            if item.minutes is not None:
                event.DURATION = _duration(item.minutes)
        else:
            if item.minutes is not None:
                raise ValueError(f"{item.uid}: an all-day item (a date) takes no minutes.")
            start = item.start
            event.start = start
            event.end = start + timedelta(days=1)
            # A due action is a note on the day, not time the user is busy.
            event.add("TRANSP", "TRANSPARENT")
        years.add(start.year)
        calendar.add_component(event)
    return _finish(calendar, years)


def _scheduling_message(invitation: Invitation, *, method: str, status: str) -> bytes:
    zone = _zone(invitation.tzid)
    _require(invitation.uid, "uid")
    if invitation.sequence < 0:
        raise ValueError(f"sequence must be 0 or more, not {invitation.sequence}.")
    if invitation.reminder_minutes < 0:
        raise ValueError(f"reminder_minutes must be 0 or more, not {invitation.reminder_minutes}.")
    start = _in_zone(_aware(invitation.start, "start"), zone)
    event = Event.new(
        uid=invitation.uid,
        sequence=invitation.sequence,
        stamp=_stamp(invitation.stamp),
        start=start,
        summary=invitation.summary,
        description=invitation.description,
        location=invitation.location or None,
        # A video link in LOCATION alone is plain text to most clients; URL makes it a link.
        url=_url_in(invitation.location),
        status=status,
        organizer=_address(invitation.organizer_email, invitation.organizer_name),
    )
    event.DURATION = _duration(invitation.minutes)
    if invitation.attendee_email:
        event.add(
            "ATTENDEE",
            _address(
                invitation.attendee_email,
                invitation.attendee_name,
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp=True,
            ),
        )
    if method == "REQUEST":
        # A cancelled meeting must not still pop up a reminder.
        event.add_component(
            Alarm.new_display(
                description=invitation.summary or "Informational interview",
                trigger=timedelta(minutes=-invitation.reminder_minutes),
            )
        )
    calendar = _calendar(method=method)
    calendar.add_component(event)
    return _finish(calendar, {start.year})


def _calendar(*, method: str, name: str | None = None) -> Calendar:
    calendar = Calendar.new(prodid=PRODID, method=method, name=name)
    # Calendar.new adds a random RFC 7986 UID; without it the same input gives the same bytes.
    del calendar["UID"]
    return calendar


def _finish(calendar: Calendar, years: set[int]) -> bytes:
    if years:
        # The library's default span is 1970-2038, hundreds of RDATE lines per zone; the
        # whole years around the events still carry both the standard and daylight parts.
        calendar.add_missing_timezones(
            first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 1, 1)
        )
    return calendar.to_ical()


def _zone(tzid: str) -> tzinfo:
    try:
        return ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"Unknown time zone {tzid!r}; expected an IANA name.") from None


def _aware(moment: datetime, field: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{field} must be time-zone aware, not naive ({moment.isoformat()}).")
    return moment


def _in_zone(moment: datetime, zone: tzinfo) -> datetime:
    local = moment.astimezone(zone)
    # RFC 5545 reads a wall time that happens twice as its first occurrence, so an instant
    # in the repeated hour after clocks fall back can only be written exactly in UTC.
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local


def _stamp(stamp: datetime | None) -> datetime:
    return datetime.now(UTC) if stamp is None else _aware(stamp, "stamp").astimezone(UTC)


def _duration(minutes: int) -> timedelta:
    if minutes < 1:
        raise ValueError(f"minutes must be at least 1, not {minutes}.")
    return timedelta(minutes=minutes)


def _require(value: str, field: str) -> None:
    if not value:
        raise ValueError(f"{field} must not be empty.")


def _url_in(location: str) -> str | None:
    parts = urlsplit(location.strip())
    return location.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _address(email: str, name: str, **params) -> vCalAddress | None:
    if not email:
        return None
    # A parameter can hold neither a line break nor a double quote except as RFC 6868's
    # ^n and ^', which many readers (vobject, Outlook) show literally; a name needs neither.
    name = " ".join(name.replace('"', "'").split())
    return vCalAddress.new(email.strip(), cn=name or None, **params)
