"""`coffeechat debrief`: show a debrief, record its parts, actions and a referral."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coffeechat.debrief.models import ActionItem, Debrief
from coffeechat.debrief.services import debrief_save
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance
from coffeechat.network.models import Person
from tests.conftest import NOW


@pytest.fixture
def held(owner, interview):
    return interview_advance(actor=owner, interview=interview, to_stage="held", at=NOW)


def test_it_records_notes_actions_and_a_referral_in_one_go(cli, clock, owner, held):
    result = cli(
        "debrief",
        held.pk,
        "--advice",
        "Learn SQL window functions",
        "--red-flags",
        "A reorganization every year",
        "--fit",
        "4",
        "--fit-reason",
        "I like the pace",
        "--day-to-day",
        "Dashboards and calls",
        "--skills",
        "SQL, storytelling",
        "--action",
        "Take the evening SQL course",
        "--due",
        "2026-12-03",
        "--action",
        "Email Ravi",
        "--due",
        "2026-11-20",
        "--referral",
        "Ravi Okafor",
        "--referral-org",
        "Northwind Transit",
    )

    assert result.code == 0, result.err
    out = result.out
    assert "Debrief saved." in out
    assert "Action added, due 2026-12-03: Take the evening SQL course" in out
    ravi = Person.objects.get(name="Ravi Okafor")
    prospect = Interview.objects.get(person=ravi)
    assert f"Ravi Okafor (person #{ravi.pk}) added, prospect interview #{prospect.pk}." in out
    assert f"Debrief of interview #{held.pk} with Dana Whitfield" in out
    assert "Advice: Learn SQL window functions" in out
    assert "How well you'd fit: 4" in out
    assert "Action #" in out and "(due 2026-11-20): Email Ravi" in out
    assert f"Suggested: Ravi Okafor (person #{ravi.pk}), interview #{prospect.pk} prospect" in out
    assert ravi.introduced_by == held.person and ravi.organization.name == "Northwind Transit"
    assert prospect.referred_from == held
    saved = Debrief.objects.get(interview=held)
    assert (saved.fit, saved.skills) == (4, "SQL, storytelling")


def test_it_prints_the_debrief_as_json(cli, clock, owner, held):
    debrief_save(actor=owner, interview=held, advice="Learn SQL", fit=3, team_size="Six")
    cli("debrief", held.pk, "--action", "Read the book", "--due", "2026-11-16")

    data = cli("debrief", held.pk, "--json").json()

    assert data["interview"] == held.pk
    assert data["person"] == {"id": held.person_id, "name": "Dana Whitfield"}
    assert (data["advice"], data["fit"], data["team_size"]) == ("Learn SQL", 3, "Six")
    assert data["red_flags"] == "" and data["debriefed"] is True
    [action] = data["actions"]
    assert (action["text"], action["due_on"], action["done_at"]) == (
        "Read the book",
        "2026-11-16",
        None,
    )
    assert data["referrals"] == []


def test_one_due_day_serves_every_action(cli, clock, held):
    result = cli("debrief", held.pk, "--action", "A", "--action", "B", "--due", "2026-11-30")

    assert result.code == 0, result.err
    assert sorted(ActionItem.objects.values_list("text", "due_on__day")) == [("A", 30), ("B", 30)]


def test_it_says_not_debriefed_yet_with_how_to(cli, clock, held):
    result = cli("debrief", held.pk)
    assert result.code == 0, result.err
    assert "Not debriefed yet." in result.out and "--advice" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--fit", "7"), "fit: How well you'd fit is a whole number from 1 to 5, not '7'."),
        (("--fit", "good"), "fit: How well you'd fit is a whole number from 1 to 5"),
        (("--action", "Read"), "--action needs --due YYYY-MM-DD"),
        (("--due", "2026-12-01"), "--due goes with --action"),
        (
            (
                "--action",
                "A",
                "--action",
                "B",
                "--action",
                "C",
                "--due",
                "2026-12-01",
                "--due",
                "2026-12-02",
            ),
            "give one --due for all the actions, or one per --action (3 actions, 2 due dates)",
        ),
        (("--action", "A", "--due", "3 Dec"), "--due: expected a date such as 2026-12-24"),
        (("--action", "A", "--due", "2026-11-01"), "due on: 2026-11-01 has passed"),
        (("--referral-org", "Acme"), "go with --referral NAME"),
    ],
)
def test_it_refuses_bad_options_in_one_line_and_saves_nothing(cli, clock, held, args, message):
    result = cli("debrief", held.pk, "--advice", "Not saved", *args)

    assert message in result.error
    assert not Debrief.objects.exists() and not ActionItem.objects.exists()


def test_a_refused_referral_undoes_the_rest(cli, clock, held):
    result = cli(
        "debrief",
        held.pk,
        "--advice",
        "Not saved",
        "--referral",
        "Ravi",
        "--referral-email",
        "nope",
    )

    assert "email" in result.error
    assert not Debrief.objects.exists()
    assert Person.objects.count() == 1


def test_it_refuses_before_the_meeting_was_held(cli, clock, interview):
    result = cli("debrief", interview.pk, "--advice", "Too early")

    assert "Record the meeting as held first" in result.error
    assert "Nothing to debrief yet" in cli("debrief", interview.pk).out


def test_it_refuses_an_unknown_or_foreign_interview(cli, clock, owner, outsider, held):
    assert cli("--user", "mallory", "debrief", held.pk).error == (
        f"coffeechat: error: no interview with id {held.pk}"
    )
    assert cli("--user", "alice", "debrief", 999999).error == (
        "coffeechat: error: no interview with id 999999"
    )


def test_it_shows_a_done_action_as_done(cli, clock, owner, held):
    cli("debrief", held.pk, "--action", "Read", "--due", "2026-11-16")
    item = ActionItem.objects.get()
    item.done_at = NOW + timedelta(hours=1)
    item.save()

    assert f"Action #{item.pk} (done 2026-11-16): Read" in cli("debrief", held.pk).out
