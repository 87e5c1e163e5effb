"""`coffeechat draft`, `coffeechat slots` and `coffeechat invite`."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime, timedelta

import vobject

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance, interview_open
from coffeechat.network.services import person_create
from coffeechat.outreach.models import Message
from coffeechat.outreach.services import template_save
from tests.conftest import NOW

TIMES = [
    "Monday 30 November, 09:00–09:20",
    "Wednesday 2 December, 09:00–09:20",
    "Friday 4 December, 09:00–09:20",
]


def _scheduled(owner, interview, meeting_at=NOW + timedelta(days=15)):
    interview = interview_advance(actor=owner, interview=interview, to_stage=Stage.REQUESTED)
    return interview_advance(
        actor=owner, interview=interview, to_stage=Stage.SCHEDULED, meeting_at=meeting_at
    )


# --- draft --------------------------------------------------------------------------


def test_it_drafts_a_request_with_the_coachs_word(cli, clock, interview):
    result = cli("draft", "request", interview.pk)

    assert result.code == 0, result.err
    assert result.out.startswith(
        "To: Dana Whitfield <dana@example.org>\n"
        "Subject: Informational interview request: City Climate Office\n\nHello Dana,\n"
    )
    assert "Would you have 20 minutes for a conversation" in result.out
    for time in TIMES:
        assert f"- {time}\n" in result.out
    assert "this is not a job request" in result.out
    assert result.out.rstrip().endswith("Coach: nothing to flag.")
    assert not Message.objects.exists()  # a draft on the terminal is not stored


def test_it_prints_what_the_coach_flags(cli, clock, owner, interview):
    template_save(
        actor=owner, key="request", subject="Quick chat?", body="Hi {their_first_name}, got a sec?"
    )

    result = cli("draft", "request", interview.pk)

    assert result.code == 0, result.err
    assert "Subject: Quick chat?\n\nHi Dana, got a sec?" in result.out
    assert (
        "Coach (Fix): The message doesn't say how long you're asking for. 20 minutes is the "
        "usual ask; never more than 60."
    ) in result.out
    assert "Coach (Consider): " in result.out


def test_it_drafts_as_json(cli, clock, owner, interview):
    template_save(actor=owner, key="request", subject="Hello", body="Got a sec?")

    data = cli("draft", "request", interview.pk, "--json").json()

    assert data["interview"] == interview.pk and data["kind"] == "request"
    assert data["to"] == {"name": "Dana Whitfield", "email": "dana@example.org"}
    assert (data["subject"], data["body"]) == ("Hello", "Got a sec?")
    codes = {f["code"]: f["level"] for f in data["findings"]}
    assert codes["no_time_ask"] == "problem"
    assert all(f["message"] for f in data["findings"])


def test_a_clean_draft_has_no_findings_in_json(cli, clock, interview):
    data = cli("draft", "request", interview.pk, "--json").json()
    assert data["findings"] == []
    assert data["reason"] is None
    assert [line for line in data["body"].splitlines() if line.startswith("- ")] == [
        f"- {time}" for time in TIMES
    ]


def test_it_drafts_a_keep_in_touch_note_for_a_reason(cli, clock, interview):
    data = cli("draft", "keep-in-touch", interview.pk, "--reason", "article", "--json").json()
    assert (data["kind"], data["reason"]) == ("keep_in_touch", "article")
    assert data["subject"] == "Thought of you"

    plain = cli("draft", "keep_in_touch", interview.pk)
    assert "Subject: I took your advice" in plain.out  # advice when no reason is given


def test_it_refuses_a_kind_it_does_not_know(cli, interview):
    result = cli("draft", "cover-letter", interview.pk)
    assert result.error == (
        "coffeechat: error: the kind is one of request, follow-up, thank-you, keep-in-touch, "
        "intro, not 'cover-letter'"
    )


def test_it_refuses_a_reason_it_does_not_know(cli, interview):
    result = cli("draft", "keep-in-touch", interview.pk, "--reason", "boredom")
    assert "--reason is one of advice, milestone, article, greeting, not 'boredom'" in result.error


def test_it_refuses_a_reason_for_a_message_that_has_none(cli, interview):
    # This used to end in a traceback.
    result = cli("draft", "request", interview.pk, "--reason", "advice")
    assert result.error == (
        "coffeechat: error: --reason is for a keep-in-touch message, not a request"
    )


def test_it_refuses_an_interview_that_is_not_there(cli, owner):
    assert cli("draft", "request", 999).error == "coffeechat: error: no interview with id 999"


def test_it_refuses_someone_elses_interview(cli, owner, outsider):
    theirs = interview_open(actor=outsider, person=person_create(actor=outsider, name="Ola Berg"))
    result = cli("--user", "alice", "draft", "request", theirs.pk)
    assert result.error == f"coffeechat: error: no interview with id {theirs.pk}"
    assert "Ola Berg" not in result.err


# --- slots --------------------------------------------------------------------------


def test_it_proposes_three_times(cli, clock, interview):
    result = cli("slots", interview.pk)

    assert result.code == 0, result.err
    lines = result.out.strip().splitlines()
    assert lines[:3] == [
        f"2026-11-30T09:00:00+00:00  {TIMES[0]}",
        f"2026-12-02T09:00:00+00:00  {TIMES[1]}",
        f"2026-12-04T09:00:00+00:00  {TIMES[2]}",
    ]


def test_the_hint_it_prints_schedules_the_meeting(cli, clock, interview):
    out = cli("slots", interview.pk).out
    hint = out.strip().splitlines()[-1].removeprefix("When they agree: coffeechat ")
    start = out.split()[0]

    result = cli(*shlex.split(hint.replace("START", start)))

    assert result.code == 0, result.err
    interview.refresh_from_db()
    assert interview.stage == Stage.SCHEDULED
    assert interview.meeting_at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_it_proposes_times_as_json(cli, clock, interview):
    data = cli("slots", interview.pk, "--count", "5", "--json").json()

    assert len(data) == 5
    assert data[0] == {
        "start": "2026-11-30T09:00:00+00:00",
        "end": "2026-11-30T09:20:00+00:00",
        "text": TIMES[0],
    }
    days = {datetime.fromisoformat(slot["start"]).date() for slot in data}
    assert len(days) == 5  # each on a different day


def test_it_refuses_a_count_out_of_range(cli, interview):
    result = cli("slots", interview.pk, "--count", "0")
    assert result.code == 2 and "--count" in result.error


# --- invite -------------------------------------------------------------------------


def test_it_has_no_invitation_before_a_time_is_agreed(cli, clock, interview):
    result = cli("invite", interview.pk)
    assert result.error == (
        "coffeechat: error: Agree on a time first: an invitation needs the meeting time."
    )


def test_it_writes_the_invitation_to_a_file(cli, clock, owner, interview, tmp_path):
    _scheduled(owner, interview)
    path = tmp_path / "meeting.ics"

    result = cli("invite", interview.pk, "-o", path)

    assert result.code == 0, result.err
    assert result.out.strip() == f"Invitation written to {path}."
    calendar = vobject.readOne(path.read_text())
    assert calendar.method.value == "REQUEST"
    assert calendar.vevent.dtstart.value == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert calendar.vevent.duration.value == timedelta(minutes=20)


def test_it_prints_the_invitation_without_a_file(cli, clock, owner, interview):
    _scheduled(owner, interview)
    result = cli("invite", interview.pk)
    assert result.code == 0, result.err
    assert vobject.readOne(result.out).vevent.uid.value.startswith("interview-")


def test_it_writes_the_cancellation(cli, clock, owner, interview, tmp_path):
    _scheduled(owner, interview)
    sent = tmp_path / "invite.ics"
    cli("invite", interview.pk, "-o", sent)
    path = tmp_path / "cancel.ics"

    result = cli("invite", interview.pk, "--cancel", "-o", path)

    assert result.code == 0, result.err
    assert result.out.strip() == f"Cancellation written to {path}."
    cancelled = vobject.readOne(path.read_text())
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.uid.value == vobject.readOne(sent.read_text()).vevent.uid.value
    assert Interview.objects.get(pk=interview.pk).stage == Stage.REQUESTED


def test_it_refuses_a_folder_that_is_not_there(cli, clock, owner, interview, tmp_path):
    _scheduled(owner, interview)
    path = tmp_path / "missing" / "meeting.ics"

    result = cli("invite", interview.pk, "-o", path)

    assert result.error == f"coffeechat: error: {path.parent} is not a folder"
    assert not path.parent.exists()
    assert Interview.objects.get(pk=interview.pk).ical_uid == ""  # nothing was issued


def test_it_refuses_an_invitation_for_an_interview_that_is_not_there(cli, owner):
    assert cli("invite", 42).error == "coffeechat: error: no interview with id 42"


def test_it_refuses_a_folder_as_the_file(cli, clock, owner, interview, tmp_path):
    # This used to end in a traceback, after issuing the invitation.
    _scheduled(owner, interview)
    result = cli("invite", interview.pk, "-o", tmp_path)
    assert result.error == (
        f"coffeechat: error: {tmp_path} is a folder: give a file name, e.g. "
        f"{tmp_path / 'meeting.ics'}"
    )
    assert Interview.objects.get(pk=interview.pk).ical_uid == ""


def test_it_refuses_to_cancel_what_was_never_sent(cli, clock, owner, interview, tmp_path):
    _scheduled(owner, interview)
    result = cli("invite", interview.pk, "--cancel", "-o", tmp_path / "cancel.ics")
    assert result.error == (
        "coffeechat: error: No invitation was sent for this interview, so none to cancel."
    )
    assert not (tmp_path / "cancel.ics").exists()
    assert Interview.objects.get(pk=interview.pk).stage == Stage.SCHEDULED
