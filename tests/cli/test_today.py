"""`coffeechat today`: every due and overdue next action."""

from __future__ import annotations

from datetime import datetime, timedelta

from coffeechat.interviews.services import interview_advance, interview_open
from coffeechat.network.services import person_create
from tests.conftest import NOW


def request(owner, interview):
    return interview_advance(actor=owner, interview=interview, to_stage="requested")


def test_it_shows_a_follow_up_due_eight_days_after_the_request(cli, clock, owner, interview):
    assert cli("interviews", "advance", interview.pk, "requested").code == 0
    clock.shift(timedelta(days=8))

    data = cli("today", "--json").json()

    assert data["total"] == 1
    [item] = data["items"]
    assert item["action"] == "follow_up"
    assert item["title"] == "Follow up once"
    assert item["status"] == "overdue"
    assert item["person"] == {"id": interview.person_id, "name": "Dana Whitfield"}
    assert item["interview_id"] == interview.pk
    assert datetime.fromisoformat(item["due_at"]) == NOW + timedelta(days=7)
    assert datetime.fromisoformat(item["overdue_at"]) == NOW + timedelta(days=8)
    assert "Dana Whitfield" in item["reason"] and "8 days ago" in item["reason"]


def test_it_shows_the_follow_up_as_due_before_it_is_overdue(cli, clock, owner, interview):
    request(owner, interview)
    clock.shift(timedelta(days=7, hours=12))

    [item] = cli("today", "--json").json()["items"]

    assert (item["action"], item["status"]) == ("follow_up", "due")


def test_it_shows_nothing_before_a_week_has_passed(cli, clock, owner, interview):
    request(owner, interview)
    clock.shift(timedelta(days=6))

    assert cli("today", "--json").json() == {"total": 0, "items": []}


def test_it_shows_due_actions_as_a_table(cli, clock, owner, interview):
    request(owner, interview)
    clock.shift(timedelta(days=8))

    result = cli("today")

    assert result.code == 0, result.err
    assert "Today: 1 to do" in result.out
    row = next(line for line in result.out.splitlines() if "Follow up once" in line)
    assert "overdue" in row
    assert f"Dana Whitfield (#{interview.person_id})" in row
    assert str(interview.pk) in row


def test_it_says_nothing_is_due_on_a_quiet_day(cli, owner, person):
    result = cli("today")

    assert result.code == 0
    assert result.out.startswith("Nothing is due.")
    assert cli("today", "--json").json() == {"total": 0, "items": []}


def test_it_shows_the_longest_waiting_first_and_says_how_many_more(cli, clock, owner, interview):
    request(owner, interview)
    clock.shift(timedelta(days=1))
    ines = person_create(actor=owner, name="Ines Carvalho")
    request(owner, interview_open(actor=owner, person=ines))
    clock.shift(timedelta(days=8))

    full = cli("today", "--json").json()
    short = cli("today", "--json", "--limit", "1").json()
    human = cli("today", "--limit", "1")

    assert [i["person"]["name"] for i in full["items"]] == ["Dana Whitfield", "Ines Carvalho"]
    assert short["total"] == 2
    assert [i["person"]["name"] for i in short["items"]] == ["Dana Whitfield"]
    assert "…and 1 more (use --limit)." in human.out


def test_it_never_shows_another_users_actions(cli, clock, owner, interview, outsider):
    request(owner, interview)
    clock.shift(timedelta(days=8))

    assert cli("--user", "mallory", "today", "--json").json() == {"total": 0, "items": []}
    assert cli("--user", "alice", "today", "--json").json()["total"] == 1


def test_it_refuses_a_limit_below_one(cli, owner):
    result = cli("today", "--limit", "0")

    assert result.code == 2
    assert "--limit" in result.error
