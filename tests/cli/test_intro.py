"""`coffeechat intro ask` and `coffeechat intro answer`."""

from __future__ import annotations

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview
from coffeechat.network.services import person_create


def test_it_asks_the_connector_and_records_the_yes(cli, owner):
    dana = person_create(actor=owner, name="Dana Whitfield")
    sam = person_create(actor=owner, name="Sam Rivera", email="sam@example.org")

    asked = cli("intro", "ask", "sam@example.org", "--via", "Dana Whitfield")

    assert asked.code == 0, asked.err
    interview = Interview.objects.get(owner=owner, person=sam)
    assert interview.stage == Stage.INTRO_REQUESTED and interview.connector == dana
    assert "Subject: Would you be comfortable introducing me to Sam Rivera?" in asked.out
    assert f"coffeechat intro answer {interview.pk} yes|no" in asked.out

    said = cli("intro", "answer", str(interview.pk), "yes", "--json")
    assert said.json()["stage"] == Stage.REQUESTED
    sam.refresh_from_db()
    assert sam.introduced_by == dana


def test_a_no_keeps_the_interview_for_a_direct_ask(cli, owner):
    person_create(actor=owner, name="Dana Whitfield")
    sam = person_create(actor=owner, name="Sam Rivera")
    cli("intro", "ask", "Sam Rivera", "--via", "Dana Whitfield")
    interview = Interview.objects.get(owner=owner, person=sam)

    said = cli("intro", "answer", str(interview.pk), "no")

    assert said.code == 0 and "Recorded that Dana Whitfield declined" in said.out
    interview.refresh_from_db()
    assert interview.stage == Stage.INTRO_REQUESTED and interview.connector_answer == "no"


def test_it_refuses_a_muddled_answer_and_someone_elses_interview(cli, owner, outsider):
    from coffeechat.interviews.services import interview_open

    theirs = interview_open(actor=outsider, person=person_create(actor=outsider, name="Ola Berg"))
    muddled = cli("--user", "alice", "intro", "answer", str(theirs.pk), "maybe")
    assert muddled.code != 0 and "the answer is yes or no" in muddled.err
    other = cli("--user", "alice", "intro", "answer", str(theirs.pk), "yes")
    assert other.code != 0 and f"no interview with id {theirs.pk}" in other.err
    theirs.refresh_from_db()
    assert theirs.connector_answer == ""
