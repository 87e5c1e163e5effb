"""The lifecycle of one interview (DOMAIN.md "The lifecycle of one interview")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.domain.lifecycle import (
    ALL_STAGES,
    ALLOWED,
    CLOSED_STAGES,
    EXITS,
    MAIN_LINE,
    IllegalMove,
    Stage,
    allowed_moves,
    check_move,
    is_allowed,
    parse_stage,
)

LEGAL_MOVES = [(a, b) for a in ALL_STAGES for b in ALLOWED[a]]
ILLEGAL_MOVES = [(a, b) for a in ALL_STAGES for b in ALL_STAGES if b not in ALLOWED[a]]
FINAL_STAGES = (Stage.KEEPING_IN_TOUCH, Stage.DECLINED, Stage.NO_REPLY)


def _refusal(from_stage: Stage, to_stage: Stage) -> IllegalMove:
    with pytest.raises(IllegalMove) as caught:
        check_move(from_stage, to_stage)
    return caught.value


# --- the table ------------------------------------------------------------------------


def test_it_has_a_row_for_every_stage_and_only_known_targets():
    assert set(ALLOWED) == set(ALL_STAGES)
    assert len(ALL_STAGES) == len(set(ALL_STAGES)) == 12
    for targets in ALLOWED.values():
        assert set(targets) <= set(ALL_STAGES)


@pytest.mark.parametrize(("from_stage", "to_stage"), LEGAL_MOVES, ids=str)
def test_it_accepts_every_move_in_the_table(from_stage, to_stage):
    check_move(from_stage, to_stage)
    assert is_allowed(from_stage, to_stage)


@pytest.mark.parametrize(("from_stage", "to_stage"), ILLEGAL_MOVES, ids=str)
def test_it_refuses_every_move_outside_the_table_saying_why_and_what_is_allowed(
    from_stage, to_stage
):
    err = _refusal(from_stage, to_stage)
    message = str(err)
    assert not is_allowed(from_stage, to_stage)
    assert (err.from_stage, err.to_stage) == (from_stage, to_stage)
    assert err.allowed == ALLOWED[from_stage]
    assert err.reason and err.reason in message
    assert message.startswith(
        f"Can't move from {from_stage.label.lower()} to {to_stage.label.lower()}: "
    )
    if ALLOWED[from_stage]:
        allowed = ", ".join(s.label.lower() for s in ALLOWED[from_stage])
        assert f"From {from_stage.label.lower()} you can move to: {allowed}." in message
    else:
        assert "is a final stage; open a new interview instead." in message


def test_it_accepts_stage_values_as_plain_strings():
    check_move("scheduled", "requested")
    with pytest.raises(IllegalMove):
        check_move("held", "requested")


def test_it_rejects_an_unknown_stage_value_as_a_value_error():
    with pytest.raises(ValueError):
        check_move("prospect", "ghosted")


def test_it_lists_allowed_moves_from_the_table():
    for stage in ALL_STAGES:
        assert allowed_moves(stage) == ALLOWED[stage]
        assert allowed_moves(stage.value) == ALLOWED[stage]


def test_it_allows_rescheduling_as_the_one_backward_move():
    backward = [
        (a, b)
        for a, b in LEGAL_MOVES
        if a in MAIN_LINE and b in MAIN_LINE and MAIN_LINE.index(b) < MAIN_LINE.index(a)
    ]
    assert backward == [(Stage.SCHEDULED, Stage.REQUESTED)]


def test_it_lets_stages_be_skipped_where_they_do_not_apply():
    # Someone met at an event: straight from prospect to scheduled, or even held.
    check_move(Stage.PROSPECT, Stage.SCHEDULED)
    check_move(Stage.PROSPECT, Stage.HELD)
    check_move(Stage.RESEARCHING, Stage.REQUESTED)
    check_move(Stage.HELD, Stage.KEEPING_IN_TOUCH)


def test_it_allows_declining_or_deferring_before_the_meeting_only():
    for stage in MAIN_LINE[: MAIN_LINE.index(Stage.SCHEDULED) + 1]:
        assert is_allowed(stage, Stage.DECLINED)
        assert is_allowed(stage, Stage.DEFERRED)
    for stage in (Stage.HELD, Stage.THANKED, Stage.KEEPING_IN_TOUCH):
        assert not is_allowed(stage, Stage.DECLINED)
        assert not is_allowed(stage, Stage.DEFERRED)


def test_it_allows_closing_as_no_reply_only_once_something_was_sent():
    senders = {Stage.INTRO_REQUESTED, Stage.REQUESTED, Stage.FOLLOWED_UP}
    for stage in ALL_STAGES:
        assert is_allowed(stage, Stage.NO_REPLY) == (stage in senders)


def test_it_allows_a_follow_up_only_right_after_the_request():
    assert [s for s in ALL_STAGES if is_allowed(s, Stage.FOLLOWED_UP)] == [Stage.REQUESTED]


@pytest.mark.parametrize("target", [Stage.PROSPECT, Stage.RESEARCHING, Stage.REQUESTED])
def test_it_picks_a_deferred_interview_up_again_from_the_asking(target):
    check_move(Stage.DEFERRED, target)


def test_it_allows_a_deferred_interview_to_be_declined():
    check_move(Stage.DEFERRED, Stage.DECLINED)


@pytest.mark.parametrize("stage", FINAL_STAGES)
def test_it_treats_keeping_in_touch_and_the_closing_exits_as_final(stage):
    assert allowed_moves(stage) == ()
    for target in ALL_STAGES:
        err = _refusal(stage, target)
        assert f"{stage.label} is a final stage; open a new interview instead." in str(err)


# --- representative refusals and their reasons ------------------------------------------


def test_it_refuses_held_to_requested_because_the_conversation_happened():
    err = _refusal(Stage.HELD, Stage.REQUESTED)
    assert str(err) == (
        "Can't move from held to requested: the conversation already happened. "
        "From held you can move to: thanked, keeping in touch."
    )


def test_it_refuses_prospect_to_followed_up_because_nothing_was_sent():
    err = _refusal(Stage.PROSPECT, Stage.FOLLOWED_UP)
    assert "a follow-up only comes after the request was sent" in err.reason
    assert "one follow-up" in err.reason
    assert str(err).endswith(
        "From prospect you can move to: researching, intro requested, requested, "
        "scheduled, held, declined, deferred."
    )


@pytest.mark.parametrize("closed", sorted(CLOSED_STAGES))
@pytest.mark.parametrize("target", ALL_STAGES)
def test_it_refuses_any_move_out_of_a_closed_interview(closed, target):
    err = _refusal(closed, target)
    if target == closed:
        assert err.reason == f"the interview is already {closed.label.lower()}."
    else:
        assert err.reason == f"the interview was closed as {closed.label.lower()}."


def test_it_refuses_keeping_in_touch_to_anything_because_the_relationship_is_running():
    err = _refusal(Stage.KEEPING_IN_TOUCH, Stage.SCHEDULED)
    assert err.reason == "the conversation is done and the relationship is being kept up."


@pytest.mark.parametrize(
    ("from_stage", "to_stage"),
    [
        (Stage.RESEARCHING, Stage.PROSPECT),
        (Stage.REQUESTED, Stage.RESEARCHING),
        (Stage.FOLLOWED_UP, Stage.REQUESTED),
        (Stage.SCHEDULED, Stage.PROSPECT),
        (Stage.SCHEDULED, Stage.INTRO_REQUESTED),
    ],
)
def test_it_refuses_other_backward_moves_pointing_at_rescheduling(from_stage, to_stage):
    err = _refusal(from_stage, to_stage)
    assert err.reason == (
        "moving backwards is only allowed to reschedule (scheduled back to requested)."
    )


@pytest.mark.parametrize("stage", ALL_STAGES)
def test_it_refuses_a_move_to_the_same_stage(stage):
    err = _refusal(stage, stage)
    assert err.reason == f"the interview is already {stage.label.lower()}."


@pytest.mark.parametrize("target", [Stage.THANKED, Stage.KEEPING_IN_TOUCH])
def test_it_refuses_thanks_and_keeping_in_touch_before_the_conversation(target):
    err = _refusal(Stage.SCHEDULED, target)
    assert "after the conversation was held" in err.reason


@pytest.mark.parametrize("from_stage", [Stage.PROSPECT, Stage.RESEARCHING])
def test_it_refuses_no_reply_when_nothing_was_sent(from_stage):
    err = _refusal(from_stage, Stage.NO_REPLY)
    assert err.reason == "nothing was sent yet, so there is no reply to wait for."


@pytest.mark.parametrize("target", [Stage.INTRO_REQUESTED, Stage.SCHEDULED, Stage.HELD])
def test_it_refuses_to_skip_the_asking_when_a_deferred_interview_is_picked_up(target):
    err = _refusal(Stage.DEFERRED, target)
    assert err.reason == "a deferred interview is picked up again from the start of the asking."
    assert str(err).endswith(
        "From deferred you can move to: prospect, researching, requested, declined."
    )


@pytest.mark.parametrize("target", [Stage.DECLINED, Stage.NO_REPLY, Stage.DEFERRED])
def test_it_refuses_to_close_an_interview_after_the_conversation(target):
    err = _refusal(Stage.HELD, target)
    assert err.reason == "the conversation already happened."


@pytest.mark.parametrize("from_stage", [Stage.HELD, Stage.THANKED])
def test_it_explains_a_follow_up_after_the_meeting_as_too_late(from_stage):
    err = _refusal(from_stage, Stage.FOLLOWED_UP)
    assert err.reason == "the conversation already happened."


# --- parse_stage ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no reply", Stage.NO_REPLY),
        ("No_Reply", Stage.NO_REPLY),
        ("no-reply", Stage.NO_REPLY),
        ("  Keeping in touch ", Stage.KEEPING_IN_TOUCH),
        ("INTRO-REQUESTED", Stage.INTRO_REQUESTED),
        ("followed up", Stage.FOLLOWED_UP),
        ("held", Stage.HELD),
    ],
)
def test_it_parses_stages_the_way_people_type_them(text, expected):
    assert parse_stage(text) is expected


@pytest.mark.parametrize("stage", ALL_STAGES)
def test_it_parses_every_stage_from_its_value_and_its_label(stage):
    assert parse_stage(stage.value) is stage
    assert parse_stage(stage.label) is stage


@pytest.mark.parametrize("text", ["", "ghosted", "meeting", "no  reply"])
def test_it_refuses_an_unknown_stage_listing_the_known_ones(text):
    with pytest.raises(ValueError) as caught:
        parse_stage(text)
    message = str(caught.value)
    assert repr(text) in message
    for stage in ALL_STAGES:
        assert stage.value in message


# --- a property over random walks ------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ALL_STAGES), max_size=40))
def test_it_keeps_every_walk_of_attempted_moves_inside_the_lifecycle(attempts):
    stage = Stage.PROSPECT
    for target in attempts:
        before = stage
        try:
            check_move(stage, target)
        except IllegalMove as err:
            # A refused move changes nothing and says where one could go instead.
            assert target not in ALLOWED[before]
            assert (err.from_stage, err.to_stage, err.allowed) == (before, target, ALLOWED[before])
        else:
            assert target in ALLOWED[before]
            stage = target
        assert stage in ALL_STAGES
        if before in FINAL_STAGES:
            assert stage == before, f"{before} should be final"
        if before == Stage.DEFERRED and stage != before:
            assert stage in (Stage.PROSPECT, Stage.RESEARCHING, Stage.REQUESTED, Stage.DECLINED)
        if before in MAIN_LINE and stage in MAIN_LINE:
            backwards = MAIN_LINE.index(stage) < MAIN_LINE.index(before)
            assert not backwards or (before, stage) == (Stage.SCHEDULED, Stage.REQUESTED)


def test_it_only_counts_declined_no_reply_and_deferred_as_exits():
    assert set(EXITS) == {Stage.DECLINED, Stage.NO_REPLY, Stage.DEFERRED}
    assert set(ALL_STAGES) == set(MAIN_LINE) | set(EXITS)
