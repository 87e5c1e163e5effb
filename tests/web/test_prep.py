"""The prepare page: research, the question plan (add, move, drag, remove), the ask."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from coffeechat.domain import questions
from coffeechat.domain.lifecycle import Stage
from coffeechat.prep.models import OwnQuestion, PlannedQuestion, Research
from coffeechat.prep.services import question_plan_add
from tests.conftest import NOW

from .helpers import HTMX, form_data, make_interview, make_person, text

BANK = [q for q in questions.BANK if "explore" in q.purposes]


def _page(client, interview):
    response = client.get(reverse("prep-prepare", args=[interview.pk]))
    assert response.status_code == 200
    return response


def _plan(owner, interview, count):
    return [
        question_plan_add(actor=owner, interview=interview, bank_key=q.key) for q in BANK[:count]
    ]


def _planned_texts(response) -> list[str]:
    """The plan as the page lists it, in order."""
    return re.findall(r'<span class="plan-text" id="pq-\d+">([^<]*)</span>', text(response))


def _count_warning(response) -> str | None:
    found = re.search(
        r'data-warning="count"><strong>Consider:</strong> ([^<]*)</p>', text(response)
    )
    return found.group(1) if found else None


def _status(response) -> str:
    """The live region htmx updates out of band: the count and its warning."""
    found = re.search(
        r'<div id="plan-status" hx-swap-oob="innerHTML">(.*?)</div>', text(response), re.S
    )
    assert found, "no out-of-band count in the reply"
    return found.group(1)


# --- the page ----------------------------------------------------------------------------


def test_it_shows_every_part_of_preparing(owner_client, interview):
    page = text(_page(owner_client, interview))
    assert "<h1>Prepare for <a" in page
    for legend in ("The field", "The organization", "The person"):
        assert f"<legend>{legend}</legend>" in page
    assert page.count("Not found online:</label>") == 3
    assert "What you could not find out about them online (ask about it)." in page
    assert "No questions planned yet." in page
    assert "Questions they may ask you" in page and "<dt>Tell me about yourself</dt>" in page
    assert "Add your 30-60 second story under Settings" in page
    assert '<select name="ask" id="id_ask">' in page
    assert reverse("prep-brief", args=[interview.pk]) in page
    assert reverse("prep-meeting", args=[interview.pk]) in page


def test_it_answers_their_questions_from_the_profile(owner, owner_client, interview):
    owner.profile.pitch = "I trained as a civil engineer and now want to work on climate policy."
    owner.profile.save()
    page = text(_page(owner_client, interview))
    assert "I trained as a civil engineer and now want to work on climate policy." in page
    assert "Add your 30-60 second story" not in page


def test_the_interview_page_links_to_preparing_with_a_summary(owner, owner_client, interview):
    _plan(owner, interview, 4)
    page = text(owner_client.get(reverse("interview-detail", args=[interview.pk])))
    assert '<p id="prep-summary">4 questions planned · research not started</p>' in page
    for name in ("prep-prepare", "prep-brief", "prep-meeting"):
        assert f'href="{reverse(name, args=[interview.pk])}"' in page


# --- research ----------------------------------------------------------------------------


def test_it_saves_the_research_and_shows_it_again(owner_client, interview):
    response = _page(owner_client, interview)
    data = form_data(response, "field_notes")
    data.update(person_notes="Led the heat plan.", links="https://example.org/heat\n")
    response = owner_client.post(reverse("prep-research", args=[interview.pk]), data)
    assert response.status_code == 302
    assert response.url.endswith("#research")
    page = text(_page(owner_client, interview))
    assert "Led the heat plan.</textarea>" in page
    assert "Research saved." in page
    detail = text(owner_client.get(reverse("interview-detail", args=[interview.pk])))
    assert "research started" in detail


def test_a_bad_link_is_named_and_everything_typed_stays(owner_client, interview):
    url = reverse("prep-research", args=[interview.pk])
    response = owner_client.post(
        url, {"field_notes": "Typed with care", "links": "https://ok.example\nintranet/team"}
    )
    assert response.status_code == 422
    page = text(response)
    assert "line 2 ('intranet/team') does not start with https://" in page
    assert "The research was not saved: see the box marked below." in page
    assert "Typed with care</textarea>" in page
    assert "intranet/team</textarea>" in page
    assert not Research.objects.exists()


def test_a_nul_character_in_one_box_saves_nothing_and_keeps_the_links(
    owner, owner_client, interview
):
    from coffeechat.prep.services import research_save

    research_save(actor=owner, interview=interview, links="https://example.org/team")
    url = reverse("prep-research", args=[interview.pk])
    response = owner_client.post(
        url, {"person_notes": "Led\x00 the plan", "links": "https://example.org/new\x00"}
    )
    assert response.status_code == 422
    assert "The research was not saved" in text(response)
    research = Research.objects.get()
    assert (research.links, research.person_notes) == ("https://example.org/team", "")


def test_a_written_question_added_with_a_family_open_keeps_the_keyboard_on_it(
    owner_client, interview
):
    url = reverse("prep-question-add", args=[interview.pk])
    response = owner_client.post(
        url, {"text": "What surprised you?", "family": "advice", "open_family": "advice"}, **HTMX
    )
    assert response.status_code == 200
    assert _planned_texts(response) == ["What surprised you?"]
    assert 'data-focus="remove-' in text(response)


# --- the plan ----------------------------------------------------------------------------


def test_adding_from_the_suggestions_puts_it_in_the_plan(owner_client, interview):
    page = _page(owner_client, interview)
    first = re.search(r'name="bank_key" value="([^"]+)"', text(page)).group(1)
    url = reverse("prep-question-add", args=[interview.pk])
    response = owner_client.post(url, {"bank_key": first}, **HTMX)
    assert response.status_code == 200
    assert _planned_texts(response) == [questions.by_key(first).text]
    assert "1 question planned." in _status(response)


def test_use_these_suggestions_fills_the_plan(owner_client, interview):
    response = owner_client.post(reverse("prep-question-suggest", args=[interview.pk]), **HTMX)
    planned = _planned_texts(response)
    assert questions.SUGGEST_MIN <= len(planned) <= questions.SUGGEST_MAX
    assert "Every suggested question is in your plan." in text(response)
    assert 'data-warning="count"' not in _status(response)


@pytest.mark.parametrize(
    "count, warned",
    [
        (2, "Only 2 questions: prepare at least 3"),
        (3, None),
        (10, None),
        (11, "11 questions are more"),
    ],
)
def test_the_count_warning_appears_outside_three_to_ten(
    owner, owner_client, interview, count, warned
):
    _plan(owner, interview, count - 1)
    # The last one added through the page, as htmx would: the reply carries the warning.
    reply = owner_client.post(
        reverse("prep-question-add", args=[interview.pk]), {"bank_key": BANK[count - 1].key}, **HTMX
    )
    status = _status(reply)
    assert f"{count} questions planned." in status
    page_warning = _count_warning(_page(owner_client, interview))
    if warned is None:
        assert 'data-warning="count"' not in status
        assert page_warning is None
    else:
        assert warned in status
        assert page_warning.startswith(warned)


def test_writing_your_own_question_and_keeping_it_in_the_bank(owner_client, interview):
    url = reverse("prep-question-add", args=[interview.pk])
    response = owner_client.post(
        url,
        {"text": "What did the heat plan teach you?", "family": "challenges", "keep": "1"},
        **HTMX,
    )
    assert _planned_texts(response) == ["What did the heat plan teach you?"]
    own = OwnQuestion.objects.get()
    assert own.family == "challenges"
    # In the bank under its family, marked as the user's, and already planned here.
    page = text(response)
    row = re.search(rf'<li id="bank-own-{own.pk}".*?</li>', page, re.S).group(0)
    assert '<span class="tag">yours</span>' in row and "In your plan" in row


def test_an_empty_question_is_refused_in_words(owner_client, interview):
    url = reverse("prep-question-add", args=[interview.pk])
    response = owner_client.post(url, {"text": "  ", "family": "advice"}, **HTMX)
    assert response.status_code == 422
    assert "Pick a question from the list, or write your own." in _status(response)
    assert not PlannedQuestion.objects.exists()


def test_move_up_and_move_down_change_the_order(owner, owner_client, interview):
    a, b, c = _plan(owner, interview, 3)
    response = owner_client.post(
        reverse("prep-question-move", args=[c.pk]), {"direction": "up"}, **HTMX
    )
    assert _planned_texts(response) == [a.text, c.text, b.text]
    assert f'data-focus="up-{c.pk}"' in text(response)  # the keyboard stays on it
    response = owner_client.post(reverse("prep-question-move", args=[a.pk]), {"direction": "down"})
    assert response.status_code == 302  # without JavaScript: back to the page
    assert _planned_texts(_page(owner_client, interview)) == [c.text, a.text, b.text]


def test_the_first_question_cannot_move_up(owner, owner_client, interview):
    a, b = _plan(owner, interview, 2)
    page = text(_page(owner_client, interview))
    assert re.search(rf'id="up-{a.pk}"[^>]*disabled', page)
    assert re.search(rf'id="down-{b.pk}"[^>]*disabled', page)
    assert not re.search(rf'id="down-{a.pk}"[^>]*disabled', page)


def test_a_drag_posts_the_whole_order(owner, owner_client, interview):
    a, b, c = _plan(owner, interview, 3)
    page = _page(owner_client, interview)
    # The page carries the current order for prep.js to rewrite after a drop.
    assert form_data(page, "ids")["ids"] == [str(a.pk), str(b.pk), str(c.pk)]
    url = reverse("prep-question-order", args=[interview.pk])
    response = owner_client.post(url, {"ids": [b.pk, c.pk, a.pk]}, **HTMX)
    assert _planned_texts(response) == [b.text, c.text, a.text]


def test_an_order_from_a_stale_page_is_refused_and_changes_nothing(owner, owner_client, interview):
    a, b, c = _plan(owner, interview, 3)
    url = reverse("prep-question-order", args=[interview.pk])
    response = owner_client.post(url, {"ids": [c.pk, a.pk]}, **HTMX)
    assert response.status_code == 422
    assert "reload the page" in _status(response)
    assert _planned_texts(response) == [a.text, b.text, c.text]


def test_remove_takes_it_out_of_the_plan(owner, owner_client, interview):
    a, b = _plan(owner, interview, 2)
    response = owner_client.post(reverse("prep-question-remove", args=[a.pk]), **HTMX)
    assert _planned_texts(response) == [b.text]
    assert "Only 1 question" in _status(response)


def test_deleting_your_own_question_from_the_bank(owner_client, interview):
    owner_client.post(
        reverse("prep-question-add", args=[interview.pk]),
        {"text": "Who shaped your path?", "family": "career_path", "keep": "1"},
    )
    own = OwnQuestion.objects.get()
    response = owner_client.post(
        reverse("prep-own-delete", args=[own.pk]), {"interview": interview.pk}, **HTMX
    )
    assert response.status_code == 200
    assert not OwnQuestion.objects.exists()
    assert _planned_texts(response) == ["Who shaped your path?"]  # the plan keeps its words


# --- the ask -----------------------------------------------------------------------------


def test_the_resume_warning_shows_and_goes_once_the_role_is_named(owner_client, interview):
    url = reverse("prep-ask", args=[interview.pk])
    reply = owner_client.post(url, {"ask": "pass_resume", "applying_for": ""}, **HTMX)
    assert reply.status_code == 200
    assert "actively applying for a specific role at City Climate Office" in text(reply)
    page = text(_page(owner_client, interview))
    assert 'data-warning="resume"' in page
    assert '<option value="pass_resume" selected>' in page

    reply = owner_client.post(
        url, {"ask": "pass_resume", "applying_for": "Policy Analyst (ref 4411)"}, **HTMX
    )
    assert "Ask saved." in text(reply) and 'data-warning="resume"' not in text(reply)
    page = text(_page(owner_client, interview))
    assert 'data-warning="resume"' not in page
    assert 'value="Policy Analyst (ref 4411)"' in page


def test_the_ask_saves_without_javascript_too(owner_client, interview):
    response = owner_client.post(
        reverse("prep-ask", args=[interview.pk]), {"ask": "someone_else", "applying_for": ""}
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.ask == "someone_else"


# --- prepared ----------------------------------------------------------------------------


def test_mark_prepared_on_a_scheduled_interview(owner, owner_client):
    interview = make_interview(
        owner,
        make_person(owner),
        Stage.REQUESTED,
        Stage.SCHEDULED,
        at=NOW,
        meeting_at=NOW + timedelta(days=3),
    )
    assert "Mark prepared</button>" in text(_page(owner_client, interview))
    response = owner_client.post(reverse("prep-prepared", args=[interview.pk]))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.prepared_at == NOW
    page = text(_page(owner_client, interview))
    assert "Marked prepared" in page and "Today will not remind you" in page


def test_an_unscheduled_interview_cannot_be_marked_prepared(owner_client, interview):
    assert "Mark prepared</button>" not in text(_page(owner_client, interview))
    owner_client.post(reverse("prep-prepared", args=[interview.pk]))
    interview.refresh_from_db()
    assert interview.prepared_at is None
    assert "schedule it first" in text(_page(owner_client, interview))


# --- someone else's ----------------------------------------------------------------------


def test_an_outsider_gets_404_for_a_planned_question_and_nothing_moves(
    owner, outsider_client, interview
):
    a, b = _plan(owner, interview, 2)
    for name, data in (
        ("prep-question-move", {"direction": "down"}),
        ("prep-question-remove", {}),
        ("prep-question-tick", {"asked": "1"}),
    ):
        response = outsider_client.post(reverse(name, args=[a.pk]), data, **HTMX)
        assert response.status_code == 404
    order = reverse("prep-question-order", args=[interview.pk])
    assert outsider_client.post(order, {"ids": [b.pk, a.pk]}).status_code == 404
    assert list(PlannedQuestion.objects.order_by("position").values_list("pk", "asked_at")) == [
        (a.pk, None),
        (b.pk, None),
    ]


def test_a_question_of_another_interview_cannot_be_ordered_into_this_one(
    owner, owner_client, interview, person
):
    (a,) = _plan(owner, interview, 1)
    other = make_interview(owner, person, at=NOW)
    (elsewhere,) = _plan(owner, other, 1)
    url = reverse("prep-question-order", args=[interview.pk])
    response = owner_client.post(url, {"ids": [elsewhere.pk]}, **HTMX)
    assert response.status_code == 422
    assert PlannedQuestion.objects.get(pk=elsewhere.pk).interview == other
