"""`coffeechat interviews new | list | advance`."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from coffeechat.accounts.services import profile_update
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance, interview_open
from coffeechat.network.services import person_create
from tests.conftest import NOW

STAGES = (
    "prospect, researching, intro_requested, requested, followed_up, scheduled, held, "
    "thanked, keeping_in_touch, declined, no_reply, deferred"
)


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- new ---------------------------------------------------------------------------


def test_it_opens_an_interview_asking_for_twenty_minutes_by_default(cli, person):
    result = cli("interviews", "new", person.pk)

    assert result.code == 0, result.err
    interview = Interview.objects.get(person=person)
    assert result.out.strip() == (
        f"Opened interview #{interview.pk} with Dana Whitfield (20 min, explore)."
    )
    assert interview.minutes == 20
    assert interview.stage == "prospect"


def test_it_opens_an_interview_as_json(cli, clock, person):
    data = cli(
        "interviews",
        "new",
        person.pk,
        "--purpose",
        "advance",
        "--minutes",
        "30",
        "--format",
        "in_person",
        "--place",
        "Café on 3rd Street",
        "--json",
    ).json()

    interview = Interview.objects.get(person=person)
    assert data == {
        "id": interview.pk,
        "person": {"id": person.pk, "name": "Dana Whitfield"},
        "purpose": "advance",
        "minutes": 30,
        "format": "in_person",
        "place": "Café on 3rd Street",
        "stage": "prospect",
        "stage_entered_at": NOW.isoformat(),
        "meeting_at": None,
        "revisit_on": None,
    }


@pytest.mark.parametrize("minutes", [15, 60])
def test_it_accepts_the_ends_of_the_allowed_range(cli, person, minutes):
    data = cli("interviews", "new", person.pk, "--minutes", minutes, "--json").json()

    assert data["minutes"] == minutes


@pytest.mark.parametrize("minutes", [61, 14, 0])
def test_it_refuses_minutes_outside_the_range_in_one_line(cli, person, minutes):
    result = cli("interviews", "new", person.pk, "--minutes", minutes)

    assert result.code == 1
    assert "15 to 60" in result.error
    assert not Interview.objects.exists()


def test_it_refuses_an_unknown_person_id(cli, owner):
    result = cli("interviews", "new", 999999)

    assert result.code == 1
    assert result.error == "coffeechat: error: no person with id 999999"


def test_it_answers_another_users_person_id_as_if_it_did_not_exist(cli, person, outsider):
    result = cli("--user", "mallory", "interviews", "new", person.pk)

    assert result.error == f"coffeechat: error: no person with id {person.pk}"
    assert not Interview.objects.exists()


def test_it_refuses_an_unknown_purpose_in_one_line(cli, person):
    result = cli("interviews", "new", person.pk, "--purpose", "gossip")

    assert result.code == 1
    assert result.error.startswith("coffeechat: error: purpose:")


# --- list --------------------------------------------------------------------------


def test_it_lists_interviews_as_a_table(cli, interview):
    result = cli("interviews", "list")

    assert result.code == 0, result.err
    header = next(line for line in result.out.splitlines() if "purpose" in line)
    for column in ("id", "with", "purpose", "minutes", "stage", "since"):
        assert column in header
    row = next(line for line in result.out.splitlines() if "Dana Whitfield" in line)
    for cell in (str(interview.pk), "explore", "20", "Prospect"):
        assert cell in row
    assert interview.stage_entered_at.date().isoformat() in row


def test_it_lists_interviews_as_json(cli, clock, interview):
    data = cli("interviews", "list", "--json").json()

    assert data == [
        {
            "id": interview.pk,
            "person": {"id": interview.person_id, "name": "Dana Whitfield"},
            "purpose": "explore",
            "minutes": 20,
            "format": "video",
            "place": "",
            "stage": "prospect",
            "stage_entered_at": NOW.isoformat(),
            "meeting_at": None,
            "revisit_on": None,
        }
    ]


def test_it_says_how_to_open_one_when_there_are_no_interviews(cli, owner):
    result = cli("interviews", "list")

    assert result.code == 0
    assert "coffeechat interviews new PERSON_ID" in result.out
    assert cli("interviews", "list", "--json").json() == []


@pytest.mark.parametrize("spelling", ["requested", "Requested", " REQUESTED "])
def test_it_lists_only_the_stage_asked_for(cli, owner, interview, spelling):
    other = person_create(actor=owner, name="Ines Carvalho")
    asked = interview_open(actor=owner, person=other)
    interview_advance(actor=owner, interview=asked, to_stage="requested")

    data = cli("interviews", "list", "--stage", spelling, "--json").json()

    assert [(i["id"], i["stage"]) for i in data] == [(asked.pk, "requested")]


def test_it_accepts_stage_names_written_with_spaces_or_dashes(cli, interview):
    assert cli("interviews", "list", "--stage", "no reply", "--json").json() == []
    assert cli("interviews", "list", "--stage", "followed-up", "--json").json() == []


def test_it_lists_the_stages_when_the_stage_filter_is_unknown(cli, interview):
    result = cli("interviews", "list", "--stage", "bogus")

    assert result.code == 1
    assert result.error == (
        f"coffeechat: error: --stage: unknown stage 'bogus'; stages are: {STAGES}"
    )


def test_it_never_lists_another_users_interviews(cli, interview, outsider):
    assert cli("--user", "mallory", "interviews", "list", "--json").json() == []
    assert len(cli("--user", "alice", "interviews", "list", "--json").json()) == 1


# --- advance -----------------------------------------------------------------------


def test_it_moves_an_interview_along_a_legal_move(cli, clock, interview):
    clock.shift(timedelta(hours=1))

    data = cli("interviews", "advance", interview.pk, "requested", "--json").json()

    assert data["id"] == interview.pk
    assert data["stage"] == "requested"
    assert moment(data["stage_entered_at"]) == NOW + timedelta(hours=1)
    interview.refresh_from_db()
    assert interview.stage == "requested"


def test_it_says_where_the_interview_now_is(cli, interview):
    result = cli("interviews", "advance", interview.pk, "intro-requested")

    assert result.code == 0, result.err
    assert result.out.strip() == (
        f"Interview #{interview.pk} with Dana Whitfield is now intro requested."
    )


def test_it_refuses_an_illegal_move_saying_why_and_what_is_allowed(cli, interview):
    result = cli("interviews", "advance", interview.pk, "thanked")

    assert result.code == 1
    assert result.error == (
        "coffeechat: error: Can't move from prospect to thanked: a thank-you comes after the "
        "conversation was held. From prospect you can move to: researching, intro requested, "
        "requested, scheduled, held, declined, deferred."
    )
    interview.refresh_from_db()
    assert interview.stage == "prospect"


def test_it_says_a_closed_interview_is_final(cli, owner, interview):
    interview_advance(actor=owner, interview=interview, to_stage="declined")

    result = cli("interviews", "advance", interview.pk, "requested")

    assert result.code == 1
    assert "Declined is a final stage" in result.error


def test_it_lists_the_stages_when_the_stage_is_unknown(cli, interview):
    result = cli("interviews", "advance", interview.pk, "bogus")

    assert result.code == 1
    assert result.error == f"coffeechat: error: unknown stage 'bogus'; stages are: {STAGES}"


def test_it_refuses_an_unknown_interview_id(cli, owner):
    result = cli("interviews", "advance", 999999, "requested")

    assert result.error == "coffeechat: error: no interview with id 999999"


def test_it_answers_another_users_interview_as_if_it_did_not_exist(cli, interview, outsider):
    result = cli("--user", "mallory", "interviews", "advance", interview.pk, "requested")

    assert result.error == f"coffeechat: error: no interview with id {interview.pk}"
    interview.refresh_from_db()
    assert interview.stage == "prospect"


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T10:00", "16/11/2026 10:00", ""])
def test_it_names_the_at_option_when_its_value_is_not_a_date_time(cli, interview, value):
    result = cli("interviews", "advance", interview.pk, "requested", "--at", value)

    assert result.code == 1
    assert result.error.startswith("coffeechat: error: --at: expected an ISO date-time")
    interview.refresh_from_db()
    assert interview.stage == "prospect"


def test_it_reads_a_naive_at_in_the_users_time_zone(cli, clock, owner, interview):
    profile_update(actor=owner, time_zone="Europe/Paris")
    clock.shift(timedelta(hours=2))  # 11:00 UTC, 12:00 in Paris

    data = cli(
        "interviews", "advance", interview.pk, "requested", "--at", "2026-11-16T11:30", "--json"
    ).json()

    assert moment(data["stage_entered_at"]) == NOW + timedelta(hours=1, minutes=30)
    interview.refresh_from_db()
    assert interview.stage_entered_at == NOW + timedelta(hours=1, minutes=30)


def test_it_takes_an_at_with_an_offset_as_given(cli, clock, owner, interview):
    profile_update(actor=owner, time_zone="Europe/Paris")
    clock.shift(timedelta(hours=2))

    cli("interviews", "advance", interview.pk, "requested", "--at", "2026-11-16T10:15:00+00:00")

    interview.refresh_from_db()
    assert interview.stage_entered_at == NOW + timedelta(hours=1, minutes=15)


def test_it_refuses_a_move_in_the_future(cli, clock, interview):
    result = cli("interviews", "advance", interview.pk, "requested", "--at", "2026-11-16T12:00Z")

    assert result.code == 1
    assert "future" in result.error


def test_it_refuses_a_move_before_the_interview_entered_its_stage(cli, clock, interview):
    result = cli("interviews", "advance", interview.pk, "requested", "--at", "2026-11-15T09:00Z")

    assert result.code == 1
    assert "can't come before" in result.error


def test_it_needs_the_meeting_time_to_schedule(cli, interview):
    result = cli("interviews", "advance", interview.pk, "scheduled")

    assert result.code == 1
    assert "--at" in result.error
    interview.refresh_from_db()
    assert interview.stage == "prospect"


def test_it_schedules_the_meeting_at_the_time_given(cli, clock, owner, interview):
    profile_update(actor=owner, time_zone="Europe/Paris")

    data = cli(
        "interviews", "advance", interview.pk, "scheduled", "--at", "2026-11-20T15:00", "--json"
    ).json()

    assert data["stage"] == "scheduled"
    assert moment(data["meeting_at"]) == datetime.fromisoformat("2026-11-20T14:00:00+00:00")
    assert moment(data["stage_entered_at"]) == NOW


def test_it_defers_until_the_revisit_date_given(cli, interview):
    data = cli(
        "interviews", "advance", interview.pk, "deferred", "--revisit", "2027-01-15", "--json"
    ).json()

    assert data["stage"] == "deferred"
    assert data["revisit_on"] == "2027-01-15"
    interview.refresh_from_db()
    assert interview.revisit_on == date(2027, 1, 15)


def test_it_defers_for_thirty_days_without_a_revisit_date(cli, clock, interview):
    data = cli("interviews", "advance", interview.pk, "deferred", "--json").json()

    assert data["revisit_on"] == (NOW.date() + timedelta(days=30)).isoformat()


def test_it_names_the_revisit_option_when_its_value_is_not_a_date(cli, interview):
    result = cli("interviews", "advance", interview.pk, "deferred", "--revisit", "next month")

    assert result.code == 1
    assert result.error.startswith("coffeechat: error: --revisit: expected a date")
