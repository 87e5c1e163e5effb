"""`coffeechat brief INTERVIEW_ID [-o FILE.html] [--json]`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.services import interview_advance, interview_open
from coffeechat.prep.services import ask_save, question_plan_add, research_save
from tests.conftest import NOW


@pytest.fixture
def briefed(clock, owner, person):
    interview = interview_open(actor=owner, person=person)
    owner.profile.pitch = "I model floods and want to work on climate policy."
    owner.profile.time_zone = "America/New_York"
    owner.profile.save()
    interview_advance(actor=owner, interview=interview, to_stage=Stage.REQUESTED)
    interview_advance(
        actor=owner,
        interview=interview,
        to_stage=Stage.SCHEDULED,
        meeting_at=NOW + timedelta(days=1, hours=6),  # Tuesday 15:00 UTC, 10:00 in New York
    )
    research_save(
        actor=owner,
        interview=interview,
        organization_notes="Forty staff across three teams.",
        person_gaps="Why did she leave engineering?",
        links="https://example.org/heat-plan",
    )
    for line in ("How did you get into policy work?", "Who else should I talk to?"):
        question_plan_add(actor=owner, interview=interview, text=line)
    ask_save(actor=owner, interview=interview, ask="pass_resume")
    return interview


def test_it_prints_the_brief_as_text(cli, briefed):
    result = cli("brief", briefed.pk)
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("Brief: Dana Whitfield\nSenior Policy Advisor, City Climate Office\n")
    assert "  When: Tuesday 17 November 2026, 10:00 (America/New_York)\n" in out
    assert "  Agreed: 20 minutes\n" in out
    assert "  Explore a field, role or organization.\n" in out
    assert "  The organization:\n    Forty staff across three teams.\n" in out
    assert "    Not found online:\n      Why did she leave engineering?\n" in out
    assert "    https://example.org/heat-plan\n" in out
    assert (
        "QUESTIONS\n  1. How did you get into policy work?\n  2. Who else should I talk to?\n"
        in out
    )
    assert "YOUR PITCH\n  I model floods and want to work on climate policy.\n" in out
    assert (
        "THE ASK\n  Would you pass on my resume?\n  Consider: Ask them to pass on your resume"
        in out
    )


def test_it_writes_the_printable_page_that_works_offline(cli, briefed, tmp_path):
    target = tmp_path / "brief.html"
    result = cli("brief", briefed.pk, "-o", target)
    assert result.code == 0, result.err
    assert f"Brief written to {target}" in result.out
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "<h1>Dana Whitfield</h1>" in page
    assert "<li>How did you get into policy work?</li>" in page
    # The print stylesheet is inside the file; nothing is fetched from a server.
    assert "<style>" in page and "@page" in page and "@media print" in page
    assert "<link" not in page and "<script" not in page
    assert "Back to preparing" not in page


def test_it_prints_json_for_scripts(cli, briefed):
    data = cli("brief", briefed.pk, "--json").json()
    assert data["interview_id"] == briefed.pk
    assert data["who"]["name"] == "Dana Whitfield"
    assert data["questions"] == ["How did you get into policy work?", "Who else should I talk to?"]
    assert data["ask"]["key"] == "pass_resume"
    assert "actively applying" in data["ask"]["warning"]
    assert data["minutes"] == 20
    assert data["time"] == "Tuesday 17 November 2026, 10:00"
    parts = {part["key"]: part for part in data["research"]["parts"]}
    assert parts["person"]["gaps"] == "Why did she leave engineering?"
    assert data["research"]["links"] == ["https://example.org/heat-plan"]


def test_an_empty_brief_says_what_is_missing(cli, clock, interview):
    out = cli("brief", interview.pk).out
    assert "  When: not agreed yet\n" in out
    assert "(no research noted yet)" in out
    assert "(no questions planned yet)" in out
    assert "(no story yet: see Settings)" in out


def test_it_refuses_an_interview_that_is_not_there(cli, owner):
    assert cli("brief", 999).error == "coffeechat: error: no interview with id 999"


def test_it_refuses_someone_elses_interview(cli, briefed, outsider):
    result = cli("--user", "mallory", "brief", briefed.pk)
    assert result.error == f"coffeechat: error: no interview with id {briefed.pk}"


def test_it_refuses_a_folder_as_the_output_file(cli, briefed, tmp_path):
    result = cli("brief", briefed.pk, "-o", tmp_path)
    assert result.error.startswith(f"coffeechat: error: {tmp_path} is a folder")
