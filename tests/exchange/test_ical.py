"""The .ics documents, read back by vobject (an independent parser) and by a raw line reader.

Reading back with `icalendar` itself would only prove the library agrees with itself;
vobject builds its time zones from the VTIMEZONE we wrote (through dateutil), so an
offset checked here is the offset a calendar client will compute.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject

from coffeechat.exchange.ical import (
    FeedItem,
    Invitation,
    cancellation_ics,
    feed_ics,
    invitation_ics,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
STAMP = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
AWKWARD = "Zoë; Ünal, Ph.D.\nline 2"


def _invitation(**changes) -> Invitation:
    invitation = Invitation(
        uid="interview-0b7c@coffeechat",
        sequence=0,
        start=datetime(2026, 7, 7, 10, 0, tzinfo=PARIS),
        minutes=45,
        tzid="Europe/Paris",
        summary="Informational interview: Dana Lee / Priya Shah",
        description="Purpose: learn how Priya moved into design research.\n"
        "1. What does a week look like?\n2. Whom else should I ask?",
        location="https://meet.example.com/abc-defg-hij",
        organizer_name="Dana Lee",
        organizer_email="dana@example.com",
        attendee_name="Priya Shah",
        attendee_email="priya@example.org",
        stamp=STAMP,
    )
    return replace(invitation, **changes)


def _read(ics: bytes):
    return vobject.readOne(ics.decode("utf-8"))


def _end(vevent) -> datetime:
    # DTEND is never written: the length is a DURATION, added here as elapsed time.
    assert not hasattr(vevent, "dtend")
    return vevent.dtstart.value.astimezone(UTC) + vevent.duration.value


def _raw_lines(ics: bytes) -> list[tuple[str, dict[str, str], str]]:
    """(name, params, value) per content line: unfolded, split outside quoted params."""
    unfolded: list[bytes] = []
    for line in ics.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            unfolded[-1] += line[1:]
        elif line:
            unfolded.append(line)
    parsed = []
    for line in (raw.decode("utf-8") for raw in unfolded):
        pieces, current, quoted = [], "", False
        for position, char in enumerate(line):
            if char == '"':
                quoted = not quoted
            if not quoted and char in ";:":
                pieces.append(current)
                current = ""
                if char == ":":
                    value = line[position + 1 :]
                    break
            else:
                current += char
        name, *params = pieces
        parsed.append(
            (
                name.upper(),
                {k.upper(): v.strip('"') for k, _, v in (p.partition("=") for p in params)},
                value,
            )
        )
    return parsed


def _unescape(text: str) -> str:
    return (
        text.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";")
    ).replace("\\\\", "\\")


def test_it_writes_a_request_that_vobject_reads_back():
    calendar = _read(invitation_ics(_invitation()))

    assert calendar.version.value == "2.0"
    assert calendar.prodid.value == "-//coffeechat//coffeechat//EN"
    assert calendar.method.value == "REQUEST"
    event = calendar.vevent
    assert event.uid.value == "interview-0b7c@coffeechat"
    assert event.sequence.value == "0"
    assert event.status.value == "CONFIRMED"
    assert event.summary.value == "Informational interview: Dana Lee / Priya Shah"
    assert event.dtstamp.value == STAMP


@pytest.mark.parametrize(
    ("start", "tzid", "offset"),
    [
        (datetime(2026, 7, 7, 10, 0, tzinfo=PARIS), "Europe/Paris", timedelta(hours=2)),
        (datetime(2026, 1, 13, 10, 0, tzinfo=PARIS), "Europe/Paris", timedelta(hours=1)),
        # The day after the March switch: a zone without its DAYLIGHT part would say -05:00.
        (datetime(2026, 3, 9, 9, 0, tzinfo=NEW_YORK), "America/New_York", timedelta(hours=-4)),
        # Given in UTC, written in the organizer's zone.
        (datetime(2026, 12, 1, 14, 0, tzinfo=UTC), "America/New_York", timedelta(hours=-5)),
    ],
)
def test_it_writes_the_start_in_the_organizers_zone(start, tzid, offset):
    calendar = _read(invitation_ics(_invitation(start=start, tzid=tzid)))

    dtstart = calendar.vevent.dtstart
    assert dtstart.value == start
    assert dtstart.value.utcoffset() == offset
    assert dtstart.params["X-VOBJ-ORIGINAL-TZID"] == [tzid]
    assert calendar.vtimezone.tzid.value == tzid
    assert calendar.vtimezone.contents.keys() >= {"standard", "daylight"}


def test_it_needs_no_vtimezone_in_utc():
    ics = invitation_ics(_invitation(tzid="UTC"))

    assert b"DTSTART:20260707T080000Z\r\n" in ics
    assert b"VTIMEZONE" not in ics
    assert _read(ics).vevent.dtstart.value == datetime(2026, 7, 7, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("minutes", [1, 45, 90, 24 * 60 + 5])
def test_it_lasts_exactly_the_agreed_minutes(minutes):
    event = _read(invitation_ics(_invitation(minutes=minutes))).vevent

    assert _end(event) - event.dtstart.value == timedelta(minutes=minutes)


def test_it_keeps_an_hour_an_hour_on_the_night_clocks_fall_back():
    # 01:30 EDT on 1 November 2026; one hour later the clocks read 01:30 again (EST).
    start = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK)
    ics = invitation_ics(_invitation(start=start, tzid="America/New_York", minutes=60))
    event = _read(ics).vevent

    # PEP 495: an ambiguous wall time never compares equal across zones, so compare in UTC.
    assert event.dtstart.value.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert event.dtstart.value.utcoffset() == timedelta(hours=-4)
    assert _end(event) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert b"DTSTART;TZID=America/New_York:20261101T013000\r\n" in ics


def test_it_writes_the_repeated_hour_in_utc():
    # The second 01:30 (EST) cannot be told apart from the first in local time.
    start = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)
    ics = invitation_ics(_invitation(start=start, tzid="America/New_York", minutes=30))
    event = _read(ics).vevent

    assert b"DTSTART:20261101T063000Z\r\n" in ics
    assert event.dtstart.value == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert _end(event) == datetime(2026, 11, 1, 7, 0, tzinfo=UTC)


def test_it_names_the_organizer_and_invites_the_attendee():
    event = _read(invitation_ics(_invitation())).vevent

    assert event.organizer.value == "mailto:dana@example.com"
    assert event.organizer.params["CN"] == ["Dana Lee"]
    assert event.attendee.value == "mailto:priya@example.org"
    assert event.attendee.params["CN"] == ["Priya Shah"]
    assert event.attendee.params["ROLE"] == ["REQ-PARTICIPANT"]
    assert event.attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
    assert event.attendee.params["RSVP"] == ["TRUE"]


def test_it_leaves_out_people_without_an_email():
    invitation = _invitation(organizer_email="", attendee_email="", attendee_name="Priya")
    event = _read(invitation_ics(invitation)).vevent

    assert not hasattr(event, "organizer")
    assert not hasattr(event, "attendee")


def test_it_makes_a_video_link_a_url_too():
    event = _read(invitation_ics(_invitation())).vevent

    assert event.location.value == "https://meet.example.com/abc-defg-hij"
    assert event.url.value == "https://meet.example.com/abc-defg-hij"


def test_it_keeps_an_address_as_location_only():
    event = _read(invitation_ics(_invitation(location="12 Rue de Rivoli, Paris"))).vevent

    assert event.location.value == "12 Rue de Rivoli, Paris"
    assert not hasattr(event, "url")


def test_it_keeps_commas_semicolons_newlines_and_accents():
    invitation = _invitation(
        summary=AWKWARD,
        description=AWKWARD + "\n" + "Ünal's long agenda, point; " * 12,
        location=AWKWARD,
        attendee_name=AWKWARD,
    )
    event = _read(invitation_ics(invitation)).vevent

    assert event.summary.value == AWKWARD
    assert event.description.value == invitation.description
    assert event.location.value == AWKWARD
    # A parameter cannot hold a line break (vobject does not read RFC 6868's ^n), and a
    # name needs none: it arrives on one line.
    assert event.attendee.params["CN"] == ["Zoë; Ünal, Ph.D. line 2"]


def test_it_writes_a_nickname_in_quotes_so_every_client_shows_it():
    event = _read(invitation_ics(_invitation(organizer_name='Dana "DJ" Lee'))).vevent

    assert event.organizer.params["CN"] == ["Dana 'DJ' Lee"]


def test_it_reminds_before_the_meeting():
    event = _read(invitation_ics(_invitation(reminder_minutes=10))).vevent

    assert event.valarm.action.value == "DISPLAY"
    assert event.valarm.trigger.value == timedelta(minutes=-10)
    assert event.valarm.description.value == "Informational interview: Dana Lee / Priya Shah"
    assert b"TRIGGER:-PT10M\r\n" in invitation_ics(_invitation(reminder_minutes=10))


def test_it_cancels_the_same_event_with_a_higher_sequence():
    original = _read(invitation_ics(_invitation(sequence=1))).vevent
    calendar = _read(cancellation_ics(_invitation(sequence=2)))

    assert calendar.method.value == "CANCEL"
    cancelled = calendar.vevent
    assert cancelled.status.value == "CANCELLED"
    assert cancelled.uid.value == original.uid.value
    assert int(cancelled.sequence.value) > int(original.sequence.value)
    assert cancelled.dtstart.value == original.dtstart.value
    assert cancelled.attendee.value == "mailto:priya@example.org"
    assert not hasattr(cancelled, "valarm")


def test_it_re_issues_a_rescheduled_meeting_under_the_same_uid():
    later = datetime(2026, 7, 9, 15, 0, tzinfo=PARIS)
    event = _read(invitation_ics(_invitation(start=later, sequence=1))).vevent

    assert event.uid.value == "interview-0b7c@coffeechat"
    assert event.sequence.value == "1"
    assert event.dtstart.value == later


def _feed() -> bytes:
    return feed_ics(
        [
            FeedItem(
                uid="interview-1@coffeechat",
                summary="Informational interview: Dana Lee / Priya Shah",
                start=datetime(2026, 11, 17, 16, 0, tzinfo=UTC),
                minutes=30,
                location="https://meet.example.com/x",
            ),
            FeedItem(
                uid="action-7@coffeechat",
                summary="Send a thank-you to Priya",
                start=date(2026, 11, 18),
                description=AWKWARD,
                url="https://coffeechat.example/interviews/1",
            ),
        ],
        name="coffeechat: Dana",
        tzid="Europe/Paris",
        stamp=STAMP,
    )


def test_it_publishes_a_feed_with_meetings_and_due_actions():
    calendar = _read(_feed())

    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n" in _feed()
    assert calendar.method.value == "PUBLISH"
    assert calendar.contents["x-wr-calname"][0].value == "coffeechat: Dana"
    meeting, action = calendar.vevent_list
    assert meeting.dtstart.value == datetime(2026, 11, 17, 17, 0, tzinfo=PARIS)
    assert meeting.dtstart.value.utcoffset() == timedelta(hours=1)
    assert meeting.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/Paris"]
    assert calendar.vtimezone.tzid.value == "Europe/Paris"
    assert _end(meeting) - meeting.dtstart.value == timedelta(minutes=30)
    assert meeting.url.value == "https://meet.example.com/x"
    assert action.dtstart.value == date(2026, 11, 18)
    assert action.dtend.value == date(2026, 11, 19)
    assert action.description.value == AWKWARD
    assert action.url.value == "https://coffeechat.example/interviews/1"
    assert action.transp.value == "TRANSPARENT"


def test_it_publishes_a_feed_of_only_due_actions_without_a_vtimezone():
    ics = feed_ics(
        [FeedItem("a@coffeechat", "Plan prep", date(2026, 11, 19))], name="n", tzid="UTC"
    )

    assert b"VTIMEZONE" not in ics
    assert _read(ics).vevent.dtstart.value == date(2026, 11, 19)
    assert _read(feed_ics([], name="Empty", tzid="Europe/Paris")).method.value == "PUBLISH"


def test_it_writes_what_a_plain_line_reader_expects():
    lines = _raw_lines(invitation_ics(_invitation(description=AWKWARD, attendee_name=AWKWARD)))
    by_name = {}
    for name, params, value in lines:
        by_name.setdefault(name, []).append((params, value))

    assert by_name["METHOD"] == [({}, "REQUEST")]
    # The VTIMEZONE's own DTSTARTs come first; the event's is the last one.
    assert by_name["DTSTART"][-1] == ({"TZID": "Europe/Paris"}, "20260707T100000")
    assert by_name["DURATION"] == [({}, "PT45M")]
    assert "DTEND" not in by_name
    assert by_name["SEQUENCE"] == [({}, "0")]
    assert by_name["TZID"] == [({}, "Europe/Paris")]
    assert _unescape(by_name["DESCRIPTION"][0][1]) == AWKWARD
    attendee_params, attendee = by_name["ATTENDEE"][0]
    assert attendee == "mailto:priya@example.org"
    assert attendee_params["RSVP"] == "TRUE"
    assert attendee_params["CN"] == "Zoë; Ünal, Ph.D. line 2"
    assert by_name["TRIGGER"] == [({}, "-PT30M")]
    assert [value for _, value in by_name["BEGIN"]] == [
        "VCALENDAR",
        "VTIMEZONE",
        *["STANDARD", "DAYLIGHT", "STANDARD"],
        "VEVENT",
        "VALARM",
    ]


@pytest.mark.parametrize(
    "ics",
    [
        invitation_ics(_invitation(description=(AWKWARD + " é€ ") * 40, attendee_name=AWKWARD)),
        cancellation_ics(_invitation(sequence=3)),
        _feed(),
    ],
    ids=["invitation", "cancellation", "feed"],
)
def test_it_folds_lines_at_75_octets_with_crlf(ics):
    assert ics.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in ics.replace(b"\r\n", b"")
    assert b"\r" not in ics.replace(b"\r\n", b"")
    assert max(len(line) for line in ics.split(b"\r\n")) <= 75
    ics.decode("utf-8")  # folding never splits a multi-byte character


def test_it_gives_the_same_bytes_for_the_same_invitation():
    assert invitation_ics(_invitation()) == invitation_ics(_invitation())


def test_it_stamps_now_in_utc_by_default():
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = _read(invitation_ics(_invitation(stamp=None))).vevent.dtstamp.value

    assert before <= stamp <= datetime.now(UTC)
    assert stamp.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minutes": 0}, "minutes must be at least 1"),
        ({"start": datetime(2026, 7, 7, 10, 0)}, "must be time-zone aware"),
        ({"tzid": "Europe/Atlantis"}, "Unknown time zone 'Europe/Atlantis'"),
        ({"tzid": "../../etc/passwd"}, "Unknown time zone"),
        ({"uid": ""}, "uid must not be empty"),
        ({"sequence": -1}, "sequence must be 0 or more"),
        ({"reminder_minutes": -5}, "reminder_minutes must be 0 or more"),
    ],
)
def test_it_refuses_bad_input(changes, message):
    with pytest.raises(ValueError, match=message):
        invitation_ics(_invitation(**changes))
    with pytest.raises(ValueError, match=message):
        cancellation_ics(_invitation(**changes))


@pytest.mark.parametrize(
    ("item", "tzid", "message"),
    [
        (FeedItem("a", "x", datetime(2026, 1, 1, 9)), "UTC", "must be time-zone aware"),
        (FeedItem("a", "x", datetime(2026, 1, 1, 9, tzinfo=UTC), 0), "UTC", "at least 1"),
        (FeedItem("a", "x", date(2026, 1, 1), 30), "UTC", "takes no minutes"),
        (FeedItem("a", "x", date(2026, 1, 1)), "Mars/Olympus", "Unknown time zone"),
    ],
)
def test_it_refuses_a_bad_feed(item, tzid, message):
    with pytest.raises(ValueError, match=message):
        feed_ics([item], name="n", tzid=tzid)
