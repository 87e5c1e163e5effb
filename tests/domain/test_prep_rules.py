"""The pure rules of preparing and of the meeting: the resume ask, the clock, links, order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.domain.prep import (
    WRAP_UP,
    checked_order,
    moved,
    research_links,
    resume_ask_warning,
    timer_state,
)

START = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


# --- the resume ask --------------------------------------------------------------------


def test_it_warns_when_asking_to_pass_on_a_resume_without_a_role():
    warning = resume_ask_warning(
        ask="pass_resume", applying_for="", organization="City Climate Office"
    )
    assert warning is not None
    assert "only if you are actively applying for a specific role at City Climate Office" in warning


def test_it_says_their_organization_when_none_is_known():
    warning = resume_ask_warning(ask="pass_resume", applying_for="   ", organization="")
    assert "a specific role at their organization" in warning


def test_it_does_not_warn_once_the_role_is_named():
    assert (
        resume_ask_warning(
            ask="pass_resume", applying_for="Policy Analyst (job 4411)", organization="X"
        )
        is None
    )


@pytest.mark.parametrize("ask", ["stay_in_touch", "someone_else", "come_back"])
def test_it_does_not_warn_about_the_other_asks(ask):
    assert resume_ask_warning(ask=ask, applying_for="", organization="X") is None


# --- the meeting clock -----------------------------------------------------------------


def test_it_shows_the_full_time_before_the_start():
    state = timer_state(started_at=None, now=START, minutes=20)
    assert not state.started and not state.over
    assert state.clock == "20:00"
    assert state.remaining == timedelta(minutes=20)
    assert "Press Start" in state.message


def test_it_counts_down_while_time_is_left():
    state = timer_state(started_at=START, now=START + timedelta(minutes=7, seconds=30), minutes=20)
    assert state.started and not state.over
    assert state.clock == "12:30"
    assert state.message == "13 min left"
    assert state.over_by == ""


def test_it_says_to_offer_to_wrap_up_at_the_limit():
    state = timer_state(started_at=START, now=START + timedelta(minutes=20), minutes=20)
    assert state.over
    assert state.message == WRAP_UP == "Time to offer to wrap up"
    assert state.clock == "+00:00"
    assert state.remaining == timedelta(0)


def test_it_keeps_counting_past_the_limit():
    state = timer_state(started_at=START, now=START + timedelta(minutes=23, seconds=10), minutes=20)
    assert state.over
    assert state.message == "Time to offer to wrap up"
    assert state.over_by == "3 min over"
    assert state.clock == "+03:10"
    assert state.seconds_left == -190


def test_it_is_not_over_one_second_before_the_limit():
    state = timer_state(started_at=START, now=START + timedelta(minutes=15) - timedelta(seconds=1),
                        minutes=15)  # fmt: skip
    assert not state.over
    assert state.message == "1 min left"
    assert state.clock == "00:01"


def test_it_never_shows_more_than_agreed_when_the_clock_runs_behind():
    state = timer_state(started_at=START, now=START - timedelta(seconds=40), minutes=30)
    assert state.clock == "30:00"
    assert not state.over


@given(
    minutes=st.integers(min_value=15, max_value=60),
    seconds=st.integers(min_value=0, max_value=4 * 3600),
)
def test_it_is_over_exactly_when_the_agreed_minutes_have_passed(minutes, seconds):
    state = timer_state(started_at=START, now=START + timedelta(seconds=seconds), minutes=minutes)
    assert state.over == (seconds >= minutes * 60)
    assert state.seconds_left == minutes * 60 - seconds
    assert (state.message == WRAP_UP) == state.over


# --- research links --------------------------------------------------------------------


def test_it_keeps_one_address_a_line_and_skips_blank_lines_and_repeats():
    text = (
        "https://example.org/team\n\n  http://news.example.com/a?b=1  \r\n"
        "https://example.org/team\n"
    )
    assert research_links(text) == ["https://example.org/team", "http://news.example.com/a?b=1"]


def test_it_names_the_line_of_each_address_it_refuses():
    text = "https://example.org\nexample.org/people\nftp://files.example.org\nhttps://ok.example"
    with pytest.raises(ValueError) as refused:
        research_links(text)
    message = str(refused.value)
    assert "line 2 ('example.org/people') does not start with https://" in message
    assert "line 3 ('ftp://files.example.org') does not start with https://" in message
    assert "line 1" not in message and "line 4" not in message


def test_it_refuses_two_addresses_on_one_line():
    with pytest.raises(ValueError, match="line 1 .* has a space in it"):
        research_links("https://a.example https://b.example")


def test_it_refuses_an_address_without_a_site():
    with pytest.raises(ValueError, match="line 1 .* no site name"):
        research_links("https://")


def test_it_accepts_no_links_at_all():
    assert research_links("") == []
    assert research_links("\n \n") == []


# --- the order of the plan -------------------------------------------------------------


def test_it_moves_a_question_up_and_down_by_one():
    assert moved([1, 2, 3], 3, -1) == [1, 3, 2]
    assert moved([1, 2, 3], 1, 1) == [2, 1, 3]


def test_it_leaves_the_order_alone_at_either_end():
    assert moved([1, 2, 3], 1, -1) == [1, 2, 3]
    assert moved([1, 2, 3], 3, 1) == [1, 2, 3]


def test_it_refuses_a_question_from_another_plan():
    with pytest.raises(ValueError, match="not in this plan"):
        moved([1, 2], 9, 1)


def test_it_takes_a_full_new_order():
    assert checked_order([1, 2, 3], [3, 1, 2]) == [3, 1, 2]


@pytest.mark.parametrize("proposed", [[1, 2], [1, 2, 3, 4], [1, 1, 2, 3], [1, 2, 9]])
def test_it_refuses_an_order_that_misses_or_repeats_a_question(proposed):
    with pytest.raises(ValueError, match="each planned question once"):
        checked_order([1, 2, 3], proposed)


@given(st.lists(st.integers(), unique=True, min_size=1), st.data())
def test_moving_keeps_every_question_exactly_once(order, data):
    item = data.draw(st.sampled_from(order))
    step = data.draw(st.sampled_from([-1, 1]))
    assert sorted(moved(order, item, step)) == sorted(order)
