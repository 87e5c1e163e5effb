"""The one-page brief: who, why, research, questions, pitch, the ask, time and place."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.services import interview_update
from coffeechat.network.services import person_update
from coffeechat.prep.services import ask_save, question_plan_add, research_save
from tests.conftest import NOW

from .helpers import make_interview, make_person, text


@pytest.fixture
def prepared(owner, person):
    """A scheduled interview with everything a brief holds filled in."""
    owner.profile.time_zone = "Europe/Paris"
    owner.profile.pitch = "I build flood models and want to move into climate policy."
    owner.profile.save()
    connector = make_person(owner, "Ravi Okafor")
    person_update(
        actor=owner, person=person, how_met="Spoke at the river forum", introduced_by=connector,
        notes="She wrote the city's heat plan; ask how it was funded.",
    )  # fmt: skip
    interview = make_interview(
        owner,
        person,
        Stage.REQUESTED,
        Stage.SCHEDULED,
        at=NOW,
        meeting_at=NOW + timedelta(days=2, hours=5),  # Wednesday 14:00 UTC, 15:00 in Paris
    )
    interview_update(
        actor=owner, interview=interview, minutes=25, place="https://meet.example.org/dana"
    )
    research_save(
        actor=owner,
        interview=interview,
        field_notes="Adaptation money is moving to cities.",
        organization_gaps="How big is the policy team?",
        person_notes="Ten years at the water board first.",
        links="https://example.org/heat-plan",
    )
    for line in ("What does a typical week look like?", "Whom else should I talk to?"):
        question_plan_add(actor=owner, interview=interview, text=line)
    ask_save(actor=owner, interview=interview, ask="pass_resume")
    return interview


def _brief(client, interview):
    response = client.get(reverse("prep-brief", args=[interview.pk]))
    assert response.status_code == 200
    return text(response)


def test_it_holds_every_part_of_the_brief(owner_client, prepared):
    page = _brief(owner_client, prepared)
    # Who, and how the user knows them.
    assert "<h1>Dana Whitfield</h1>" in page
    assert "Senior Policy Advisor at City Climate Office" in page
    assert "How you know them: Spoke at the river forum" in page
    assert "Suggested by Ravi Okafor." in page
    # Why.
    assert "Explore a field, role or organization." in page
    assert "She wrote the city's heat plan; ask how it was funded." in page
    # Research: the parts with notes, the gap, the links.
    assert "Adaptation money is moving to cities." in page
    assert "<em>Not found online:</em> How big is the policy team?" in page
    assert "Ten years at the water board first." in page
    assert 'href="https://example.org/heat-plan"' in page
    # Questions, in order.
    assert re.search(
        r"<li>What does a typical week look like\?</li><li>Whom else should I talk to\?</li>", page
    )
    # The pitch, the ask with its warning.
    assert "I build flood models and want to move into climate policy." in page
    assert "Would you pass on my resume?" in page
    assert "actively applying for a specific role at City Climate Office" in page
    # Time in the user's zone, the link, the agreed minutes.
    assert "Wednesday 18 November 2026, 15:00 (Europe/Paris)" in page
    assert "https://meet.example.org/dana" in page
    assert "25 minutes" in page


def test_it_links_the_print_stylesheet_and_offers_print_and_pdf(owner_client, prepared):
    page = _brief(owner_client, prepared)
    assert '<link rel="stylesheet" href="/static/coffeechat/brief.css">' in page
    assert '<button type="button" data-print hidden>Print</button>' in page
    assert 'choose "Save as PDF"' in page
    assert '<nav class="screen-only' in page  # hidden on paper by brief.css
    assert '<header class="top">' not in page  # not the app's navigation


def test_the_print_stylesheet_sets_page_margins_and_hides_navigation(owner_client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("coffeechat/brief.css"), encoding="utf-8").read()
    assert re.search(r"@page\s*{\s*margin:", css)
    print_rules = css[css.index("@media print") :]
    assert ".screen-only { display: none" in print_rules


def test_an_unprepared_brief_says_what_is_missing(owner_client, interview):
    page = _brief(owner_client, interview)
    assert "No research noted yet." in page
    assert "No questions planned yet." in page
    assert "No story yet" in page
    assert "Not agreed yet" in page
    assert "May I stay in touch?" in page
    assert "Consider:" not in page


def test_the_warning_leaves_the_brief_once_the_role_is_named(owner, owner_client, prepared):
    ask_save(actor=owner, interview=prepared, ask="pass_resume", applying_for="Policy Analyst")
    page = _brief(owner_client, prepared)
    assert "Would you pass on my resume? (for the role: Policy Analyst)" in page
    assert "actively applying" not in page
