"""One interview's page: its plan, its stage with the moves allowed from there, deleting it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from coffeechat.domain.lifecycle import ALLOWED, Stage
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Interaction
from tests.conftest import NOW

from .helpers import make_interview, stage_buttons, text

# One stage on each branch of the lifecycle: start, waiting, scheduled, met, deferred, closed.
PATHS = {
    Stage.PROSPECT: (),
    Stage.REQUESTED: ("requested",),
    Stage.SCHEDULED: ("scheduled",),
    Stage.HELD: ("held",),
    Stage.DEFERRED: ("deferred",),
    Stage.DECLINED: ("declined",),
}


def _detail(client, interview):
    response = client.get(reverse("interview-detail", args=[interview.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("stage", PATHS, ids=str)
def test_it_offers_exactly_the_moves_the_lifecycle_allows(owner, owner_client, person, stage):
    interview = make_interview(
        owner,
        person,
        *PATHS[stage],
        at=NOW - timedelta(days=1),
        meeting_at=NOW + timedelta(days=3) if stage == Stage.SCHEDULED else None,
        revisit_on=(NOW + timedelta(days=30)).date() if stage == Stage.DEFERRED else None,
    )
    response = _detail(owner_client, interview)
    assert stage_buttons(response) == [s.label for s in ALLOWED[stage]]


def test_it_says_a_final_stage_is_final(owner, owner_client, person):
    interview = make_interview(owner, person, "declined", at=NOW)
    response = _detail(owner_client, interview)
    assert stage_buttons(response) == []
    assert "Declined is a final stage. Open a new interview with Dana Whitfield" in text(response)


def test_it_shows_the_plan_and_the_history(owner, owner_client, person):
    interview = make_interview(owner, person, "requested", at=NOW - timedelta(days=2))
    page = text(_detail(owner_client, interview))
    assert "Interview with <a href" in page and ">Dana Whitfield</a></h1>" in page
    assert "Explore a field, role or organization" in page
    assert "20 minutes" in page
    assert ">City Climate Office</a>" in page
    assert "14 Nov 2026, 09:00</time> Prospect → Requested" in page
    assert "14 Nov 2026, 09:00</time> Prospect</li>" in page


def test_it_shows_the_next_action_and_when_it_is_due(owner, owner_client, person):
    interview = make_interview(owner, person, "requested", at=NOW - timedelta(days=8))
    page = text(_detail(owner_client, interview))
    assert "Next: Follow up once</strong> (overdue, due Sun 15 Nov, 09:00)" in page


def test_it_asks_for_the_meeting_time_and_the_revisit_date_in_the_move_forms(
    owner, owner_client, person
):
    interview = make_interview(owner, person, at=NOW)
    page = text(_detail(owner_client, interview))
    assert f'<label for="meeting-at-{interview.pk}">Meeting time</label>' in page
    assert f'<label for="revisit-on-{interview.pk}">Revisit on</label>' in page
    assert 'name="revisit_on" value="2026-12-16"' in page  # 30 days on by default
    assert f'<label for="moved-at-{interview.pk}">When it happened</label>' in page


def test_enter_in_a_field_does_not_choose_a_move(owner, owner_client, person):
    # The form's default button (the first) is disabled: implicit submission does nothing.
    interview = make_interview(owner, person, at=NOW)
    page = text(_detail(owner_client, interview))
    form = page[page.index('class="move"') :]
    first_button = form[form.index("<button") : form.index(">", form.index("<button")) + 1]
    assert "disabled" in first_button and "to_stage" not in first_button


def test_it_lists_what_was_logged_for_this_interview(owner, owner_client, person):
    interview = make_interview(owner, person, "held", at=NOW - timedelta(hours=1))
    page = text(_detail(owner_client, interview))
    assert "Logged for this interview" in page
    assert "<strong>Call</strong>: Informational interview (20 min, video)" in page


def test_it_asks_before_deleting_an_interview(owner, owner_client, person):
    interview = make_interview(owner, person, at=NOW)
    page = text(owner_client.get(reverse("interview-delete", args=[interview.pk])))
    assert "Delete the interview with Dana Whitfield?" in page
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_it_deletes_the_interview_and_keeps_the_timeline(owner, owner_client, person):
    interview = make_interview(owner, person, "held", at=NOW - timedelta(hours=1))
    response = owner_client.post(reverse("interview-delete", args=[interview.pk]), follow=True)
    assert response.redirect_chain == [(reverse("person-detail", args=[person.pk]), 302)]
    assert "Deleted the interview with Dana Whitfield." in text(response)
    assert not Interview.objects.exists()
    assert Interaction.objects.filter(person=person).count() == 1
