"""Preparing and the meeting: research, the question plan, own questions, the ask, notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from coffeechat.domain import questions
from coffeechat.prep import selectors
from coffeechat.prep.models import MeetingNotes, OwnQuestion, PlannedQuestion, Research
from coffeechat.prep.services import (
    ask_save,
    meeting_start,
    notes_save,
    own_question_delete,
    own_question_save,
    question_plan_add,
    question_plan_move,
    question_plan_order,
    question_plan_remove,
    question_plan_suggest,
    question_tick,
    research_save,
)
from tests.conftest import NOW

from .support import open_interview

BANK = [q for q in questions.BANK if "explore" in q.purposes]


def _texts(interview) -> list[str]:
    return list(
        PlannedQuestion.objects.filter(interview=interview)
        .order_by("position")
        .values_list("text", flat=True)
    )


def _positions(interview) -> list[int]:
    return list(
        PlannedQuestion.objects.filter(interview=interview)
        .order_by("position")
        .values_list("position", flat=True)
    )


def _plan(owner, interview, count: int) -> list[PlannedQuestion]:
    return [
        question_plan_add(actor=owner, interview=interview, bank_key=q.key) for q in BANK[:count]
    ]


# --- research ----------------------------------------------------------------------------


def test_it_keeps_research_in_six_boxes_and_links_once_per_interview(owner, interview):
    research_save(
        actor=owner,
        interview=interview,
        field_notes="Climate adaptation is moving into city budgets.",
        field_gaps="How do cities pay for it?",
        organization_notes="The office has 40 staff.",
        organization_gaps="",
        person_notes="Wrote the heat plan.",
        person_gaps="How did she move from engineering to policy?",
        links="https://example.org/heat-plan\r\n\nhttps://example.org/team\n",
    )
    research_save(actor=owner, interview=interview, field_notes="Rewritten.", links="")

    research = Research.objects.get(interview=interview)
    assert Research.objects.filter(interview=interview).count() == 1
    assert research.field_notes == "Rewritten."
    assert research.person_gaps == "How did she move from engineering to policy?"
    assert research.links == ""


def test_it_stores_links_one_per_line(owner, interview):
    research_save(
        actor=owner, interview=interview, links=" https://example.org/a \n\nhttps://example.org/b"
    )
    assert Research.objects.get().links == "https://example.org/a\nhttps://example.org/b"


def test_it_refuses_a_line_that_is_not_a_link_and_keeps_what_was_there(owner, interview):
    research_save(actor=owner, interview=interview, field_notes="Before", links="https://a.example")

    with pytest.raises(ValidationError) as refused:
        research_save(
            actor=owner,
            interview=interview,
            field_notes="After",
            links="https://a.example\nthe city site",
        )

    assert "line 2" in refused.value.message_dict["links"][0]
    research = Research.objects.get()
    assert (research.field_notes, research.links) == ("Before", "https://a.example")


def test_it_refuses_research_on_someone_elses_interview(outsider, interview):
    with pytest.raises(ValidationError):
        research_save(actor=outsider, interview=interview, field_notes="Snooping")
    assert not Research.objects.exists()


# --- the plan --------------------------------------------------------------------------


def test_it_adds_bank_questions_in_order(owner, interview):
    _plan(owner, interview, 3)
    assert _texts(interview) == [q.text for q in BANK[:3]]
    assert _positions(interview) == [0, 1, 2]


def test_it_refuses_a_question_twice(owner, interview):
    first = BANK[0]
    question_plan_add(actor=owner, interview=interview, bank_key=first.key)
    with pytest.raises(ValidationError, match="in your plan already"):
        question_plan_add(actor=owner, interview=interview, bank_key=first.key)
    with pytest.raises(ValidationError, match="in your plan already"):
        question_plan_add(actor=owner, interview=interview, text=first.text.upper())
    assert _texts(interview) == [first.text]


def test_it_refuses_a_key_the_bank_does_not_have(owner, interview):
    with pytest.raises(ValidationError, match="no question 'made-up-99'"):
        question_plan_add(actor=owner, interview=interview, bank_key="made-up-99")
    assert not PlannedQuestion.objects.exists()


def test_it_adds_typed_text_without_keeping_it(owner, interview):
    question_plan_add(actor=owner, interview=interview, text="  What surprised you   in year one? ")
    assert _texts(interview) == ["What surprised you in year one?"]
    assert not OwnQuestion.objects.exists()


def test_typed_text_kept_joins_the_bank_for_other_interviews(owner, interview, person):
    question_plan_add(
        actor=owner,
        interview=interview,
        text="Which heat-plan decision would you revisit?",
        family="challenges",
        keep=True,
    )
    own = OwnQuestion.objects.get()
    assert (own.text, own.family) == ("Which heat-plan decision would you revisit?", "challenges")
    planned = PlannedQuestion.objects.get()
    assert planned.own == own

    other = open_interview(owner, person)
    section = selectors.question_section(actor=owner, interview=other)
    challenges = next(g for g in section["families"] if g["family"] == "challenges")
    assert challenges["items"][0]["question"].text == own.text
    assert challenges["items"][0]["own_pk"] == own.pk
    # ...and can be planned there by its key.
    question_plan_add(actor=owner, interview=other, bank_key=f"own-{own.pk}")
    assert _texts(other) == [own.text]


def test_it_refuses_to_keep_a_question_without_a_family(owner, interview):
    with pytest.raises(ValidationError) as refused:
        question_plan_add(actor=owner, interview=interview, text="Why?", family="", keep=True)
    assert "Choose a family" in refused.value.message_dict["family"][0]
    assert not OwnQuestion.objects.exists() and not PlannedQuestion.objects.exists()


def test_it_refuses_an_empty_question(owner, interview):
    with pytest.raises(ValidationError, match="Pick a question from the list, or write your own"):
        question_plan_add(actor=owner, interview=interview, text="   ")


def test_removing_closes_the_gap(owner, interview):
    planned = _plan(owner, interview, 3)
    question_plan_remove(actor=owner, question=planned[0])
    assert _texts(interview) == [q.text for q in BANK[1:3]]
    assert _positions(interview) == [0, 1]


def test_it_moves_a_question_up_and_down(owner, interview):
    planned = _plan(owner, interview, 3)
    question_plan_move(actor=owner, question=planned[2], step=-1)
    assert _texts(interview) == [BANK[0].text, BANK[2].text, BANK[1].text]
    question_plan_move(actor=owner, question=planned[0], step=1)
    assert _texts(interview) == [BANK[2].text, BANK[0].text, BANK[1].text]
    # At the top already: nothing moves.
    question_plan_move(actor=owner, question=planned[2], step=-1)
    assert _texts(interview) == [BANK[2].text, BANK[0].text, BANK[1].text]


def test_it_takes_a_full_order_from_a_drag(owner, interview):
    a, b, c = _plan(owner, interview, 3)
    question_plan_order(actor=owner, interview=interview, ids=[c.pk, a.pk, b.pk])
    assert _texts(interview) == [BANK[2].text, BANK[0].text, BANK[1].text]


def test_it_refuses_an_order_from_a_stale_tab(owner, interview):
    a, b, c = _plan(owner, interview, 3)
    with pytest.raises(ValidationError, match="reload the page"):
        question_plan_order(actor=owner, interview=interview, ids=[b.pk, a.pk])
    assert _texts(interview) == [q.text for q in BANK[:3]]


def test_it_refuses_to_order_with_another_plans_question(owner, interview, person):
    a, b = _plan(owner, interview, 2)
    elsewhere = question_plan_add(
        actor=owner, interview=open_interview(owner, person), bank_key=BANK[0].key
    )
    with pytest.raises(ValidationError):
        question_plan_order(actor=owner, interview=interview, ids=[b.pk, elsewhere.pk])


def test_it_fills_an_empty_plan_with_the_suggestions(owner, interview):
    added = question_plan_suggest(actor=owner, interview=interview)
    texts = _texts(interview)
    assert questions.SUGGEST_MIN <= len(added) <= questions.SUGGEST_MAX
    assert len(set(texts)) == len(texts)
    assert _positions(interview) == list(range(len(texts)))
    assert texts == [q.text for q in selectors.suggestions_for(actor=owner, interview=interview)]


def test_suggesting_twice_adds_nothing_the_second_time(owner, interview):
    first = question_plan_suggest(actor=owner, interview=interview)
    again = question_plan_suggest(actor=owner, interview=interview)
    assert again == []
    assert len(_texts(interview)) == len(first)


def test_it_leaves_a_started_plan_alone_when_asked_to_suggest(owner, interview):
    question_plan_add(actor=owner, interview=interview, text="My own first question?")
    assert question_plan_suggest(actor=owner, interview=interview) == []
    assert _texts(interview) == ["My own first question?"]


def test_suggestions_include_own_questions_without_doubling_them(owner, interview):
    own = own_question_save(
        actor=owner, text="Whose career here do you admire?", family="career_path"
    )
    question_plan_suggest(actor=owner, interview=interview)
    planned = PlannedQuestion.objects.filter(interview=interview)
    assert planned.filter(own=own).count() == 1
    assert planned.count() == len(set(planned.values_list("text", flat=True)))


# --- own questions ---------------------------------------------------------------------


def test_it_refuses_an_own_question_already_in_the_bank(owner):
    own_question_save(actor=owner, text="What keeps you here?", family="culture")
    with pytest.raises(ValidationError, match="in your bank already"):
        own_question_save(actor=owner, text="what keeps you here?", family="advice")
    assert OwnQuestion.objects.count() == 1


def test_it_refuses_an_unknown_purpose(owner):
    with pytest.raises(ValidationError, match="one of explore, onboard, advance"):
        own_question_save(actor=owner, text="Why?", family="advice", purposes=["hiring"])


def test_deleting_an_own_question_keeps_it_in_plans_made_with_it(owner, interview):
    own = own_question_save(actor=owner, text="What would you do differently?", family="advice")
    question_plan_add(actor=owner, interview=interview, own=own)
    own_question_delete(actor=owner, question=own)
    assert _texts(interview) == ["What would you do differently?"]
    assert PlannedQuestion.objects.get().own is None


def test_an_outsider_cannot_use_or_delete_someone_elses_own_question(owner, outsider, interview):
    own = own_question_save(actor=owner, text="What would you do differently?", family="advice")
    theirs = own_question_save(actor=outsider, text="Who hires here?", family="whom_else")
    with pytest.raises(ValidationError):
        own_question_delete(actor=outsider, question=own)
    with pytest.raises(ValidationError, match="no longer exists"):
        question_plan_add(actor=owner, interview=interview, bank_key=f"own-{theirs.pk}")
    with pytest.raises(ValidationError):
        question_plan_add(actor=owner, interview=interview, own=theirs)
    assert OwnQuestion.objects.filter(pk=own.pk).exists()
    assert not PlannedQuestion.objects.exists()


# --- the ask -----------------------------------------------------------------------------


def test_the_resume_ask_warns_until_a_role_is_named(owner, interview):
    warning = ask_save(actor=owner, interview=interview, ask="pass_resume")
    assert "actively applying for a specific role at City Climate Office" in warning
    interview.refresh_from_db()
    assert interview.ask == "pass_resume"

    assert (
        ask_save(actor=owner, interview=interview, ask="pass_resume", applying_for="Policy Analyst")
        is None
    )
    interview.refresh_from_db()
    assert interview.applying_for == "Policy Analyst"


def test_it_refuses_an_ask_that_is_not_one_of_the_usual(owner, interview):
    with pytest.raises(ValidationError, match="Choose one of the usual asks"):
        ask_save(actor=owner, interview=interview, ask="a_job")
    interview.refresh_from_db()
    assert interview.ask == "stay_in_touch"


# --- the meeting -------------------------------------------------------------------------


def test_it_saves_newer_notes_and_ignores_a_late_older_save(owner, interview):
    saved = notes_save(actor=owner, interview=interview, text="Met at the café", revision=1)
    assert saved == (1, True)
    saved = notes_save(actor=owner, interview=interview, text="Met at the café; she", revision=3)
    assert saved == (3, True)
    # Revision 2 was sent before 3 but arrived after it: the newer text stays.
    saved = notes_save(actor=owner, interview=interview, text="Met at the", revision=2)
    assert saved == (3, False)
    notes = MeetingNotes.objects.get(interview=interview)
    assert (notes.text, notes.revision) == ("Met at the café; she", 3)


def test_a_second_window_on_the_same_notes_is_told_it_did_not_save(owner, interview):
    # Both started from revision 0 and send 1: the first wins, the second must not think
    # its words were kept.
    assert notes_save(actor=owner, interview=interview, text="From the laptop", revision=1) == (
        1,
        True,
    )
    assert notes_save(actor=owner, interview=interview, text="From the phone", revision=1) == (
        1,
        False,
    )
    assert MeetingNotes.objects.get(interview=interview).text == "From the laptop"


@pytest.mark.parametrize("revision", [-1, 2**31, "3"])
def test_it_refuses_a_revision_that_is_not_a_count(owner, interview, revision):
    with pytest.raises(ValidationError, match="whole number"):
        notes_save(actor=owner, interview=interview, text="x", revision=revision)


def test_it_refuses_notes_on_someone_elses_interview(outsider, interview):
    with pytest.raises(ValidationError):
        notes_save(actor=outsider, interview=interview, text="x", revision=1)
    assert not MeetingNotes.objects.exists()


def test_the_meeting_starts_once(owner, interview, clock):
    meeting_start(actor=owner, interview=interview)
    clock.shift(timedelta(minutes=5))
    notes = meeting_start(actor=owner, interview=interview)
    assert notes.started_at == NOW


def test_ticking_marks_a_question_asked_and_unticking_clears_it(owner, interview, clock):
    (planned,) = _plan(owner, interview, 1)
    question_tick(actor=owner, question=planned, asked=True)
    clock.shift(timedelta(minutes=3))
    question_tick(actor=owner, question=planned, asked=True)  # a repeat keeps the first time
    planned.refresh_from_db()
    assert planned.asked_at == NOW
    question_tick(actor=owner, question=planned, asked=False)
    planned.refresh_from_db()
    assert planned.asked_at is None


def test_an_outsider_cannot_change_the_plan(owner, outsider, interview):
    (planned,) = _plan(owner, interview, 1)
    for attempt in (
        lambda: question_plan_add(actor=outsider, interview=interview, text="Hi?"),
        lambda: question_plan_remove(actor=outsider, question=planned),
        lambda: question_plan_move(actor=outsider, question=planned, step=1),
        lambda: question_plan_order(actor=outsider, interview=interview, ids=[planned.pk]),
        lambda: question_plan_suggest(actor=outsider, interview=interview),
        lambda: question_tick(actor=outsider, question=planned, asked=True),
        lambda: meeting_start(actor=outsider, interview=interview),
        lambda: ask_save(actor=outsider, interview=interview, ask="pass_resume"),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert _texts(interview) == [BANK[0].text]
    planned.refresh_from_db()
    assert planned.asked_at is None
    interview.refresh_from_db()
    assert interview.ask == "stay_in_touch"
