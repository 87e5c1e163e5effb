"""The question bank and the suggestions for one conversation (DOMAIN.md "Preparing")."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.domain.questions import (
    BANK,
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    PURPOSES,
    SUGGEST_MAX,
    SUGGEST_MIN,
    Family,
    Question,
    bank_for,
    by_key,
    count_warning,
    own_question,
    questions_they_may_ask,
    suggest,
)
from coffeechat.domain.seniority import Seniority
from coffeechat.domain.text import folded

YES_NO_OPENERS = {
    "is", "are", "do", "does", "did", "can", "could", "would", "will", "have", "has",
    "should", "was", "were", "may", "might", "shall", "must", "am",
}  # fmt: skip
# Asking for work turns a conversation into an interview the person never agreed to.
JOB_ASK = re.compile(
    r"\b(jobs?|hire|hiring|openings?|vacanc(y|ies)|refer|referrals?|resumes?|résumés?|cv"
    r"|recruit\w*|apply|application|positions? (open|available))\b",
    re.IGNORECASE,
)
ROLE_TITLES = [
    "Software Engineer",
    "Product Designer",
    "Engineering Manager",
    "Data Analyst",
    "Registered Nurse",
    "Secondary School Teacher",
    "Research Scientist",
    "Product Manager",
    "Sales Executive",
    "Policy Advisor",
    "Corporate Lawyer",
]


def keys(questions: list[Question]) -> list[str]:
    return [q.key for q in questions]


def families(questions: list[Question]) -> Counter[Family]:
    return Counter(q.family for q in questions)


# The bank itself


def test_it_holds_at_least_60_questions():
    assert len(BANK) >= 60


def test_it_gives_every_question_a_unique_key_named_after_its_family():
    assert len({q.key for q in BANK}) == len(BANK)
    for question in BANK:
        prefix = question.family.value.replace("_", "-")
        assert re.fullmatch(rf"{prefix}-\d{{2}}", question.key), question.key
        assert by_key(question.key) is question


def test_it_keeps_keys_stable_because_planned_questions_remember_them():
    assert by_key("career-path-01").text == "How did you come to be doing the work you do now?"
    assert by_key("whom-else-01").text == "Who else would you suggest I speak with to learn more?"
    assert by_key("advice-01").text == "What advice would you give someone at my stage?"
    assert by_key("own-3") is None
    assert by_key("nonsense") is None


def test_it_never_repeats_a_question():
    texts = Counter(folded(q.text) for q in BANK)
    assert [text for text, n in texts.items() if n > 1] == []


@pytest.mark.parametrize("purpose", PURPOSES)
@pytest.mark.parametrize("family", list(Family))
def test_it_covers_every_family_for_every_purpose(family, purpose):
    fitting = [q for q in BANK if q.family == family and purpose in q.purposes]
    assert len(fitting) >= 2, f"{family.label} has {len(fitting)} {purpose} question(s)"


def test_it_labels_every_family_in_plain_words():
    assert Family.CAREER_PATH.label == "Career path and story"
    assert Family.WHOM_ELSE.label == "Whom else to talk to"
    assert all(family.label and "_" not in family.label for family in Family)


@pytest.mark.parametrize("question", BANK, ids=lambda q: q.key)
def test_it_asks_only_open_questions(question):
    first_word = re.match(r"[A-Za-z']+", question.text).group(0).lower()
    assert first_word not in YES_NO_OPENERS, question.text
    assert question.text.endswith("?")


@pytest.mark.parametrize("question", BANK, ids=lambda q: q.key)
def test_it_never_asks_for_a_job(question):
    assert not JOB_ASK.search(question.text), question.text


def test_the_job_ask_check_catches_a_job_ask():
    # Guards the check above against a regex that can never match.
    assert JOB_ASK.search("Which openings does your team have?")
    assert JOB_ASK.search("Who could pass on my resume?")


@pytest.mark.parametrize("title", ROLE_TITLES)
def test_it_has_questions_tailored_to_common_kinds_of_work(title):
    words = set(folded(title).split())
    tailored = [q for q in BANK if q.role_words & words]
    assert tailored, f"nothing tailored to {title}"


def test_its_purposes_are_the_interview_purposes():
    from coffeechat.interviews.models import Purpose

    assert set(PURPOSES) == set(Purpose.values)
    assert all(q.purposes <= set(PURPOSES) for q in BANK)


# The bank as offered for picking


def test_bank_for_a_purpose_offers_only_questions_suiting_it():
    onboard = bank_for("onboard")
    assert onboard and all("onboard" in q.purposes for q in onboard)
    assert len(onboard) < len(BANK)
    assert len(bank_for()) == len(BANK)


def test_bank_for_groups_by_family_with_the_users_own_first():
    own = own_question(
        pk=7, text="How do you pick which clients to take on?", family="skills", purposes="explore"
    )
    offered = bank_for("explore", [own])
    order = [q.family for q in offered]
    assert order == sorted(order, key=list(Family).index)
    skills = [q for q in offered if q.family == Family.SKILLS]
    assert skills[0] == own


def test_bank_for_keeps_one_copy_of_a_text_the_user_also_wrote():
    copy = own_question(
        pk=1, text="what advice would you give someone at MY stage", family="advice", purposes=""
    )
    offered = bank_for("explore", [copy])
    matching = [q for q in offered if folded(q.text) == folded(copy.text)]
    assert keys(matching) == ["own-1"]


def test_an_unknown_purpose_is_named():
    with pytest.raises(ValueError, match="'network'.*explore, onboard, advance"):
        bank_for("network")
    with pytest.raises(ValueError, match="'network'"):
        suggest(purpose="network")


# The user's own questions


def test_own_question_with_no_purposes_suits_every_purpose():
    question = own_question(
        pk=12, text="  Which meetings matter most?  ", family="culture", purposes=""
    )
    assert question.key == "own-12"
    assert question.text == "Which meetings matter most?"
    assert question.family is Family.CULTURE
    assert question.purposes == frozenset(PURPOSES)
    assert question.own


def test_own_question_reads_the_stored_comma_separated_purposes():
    question = own_question(pk=2, text="Which?", family="trends", purposes="explore,advance")
    assert question.purposes == {"explore", "advance"}


def test_own_question_with_an_unknown_family_or_purpose_says_which():
    with pytest.raises(ValueError, match="'gossip' is not a question family"):
        own_question(pk=3, text="Which?", family="gossip", purposes="")
    with pytest.raises(ValueError, match="purposes must be some of explore, onboard, advance"):
        own_question(pk=4, text="Which?", family="skills", purposes="explore,party")
    with pytest.raises(ValueError, match="no text"):
        own_question(pk=5, text="   ", family="skills", purposes="")


# Suggestions


@pytest.mark.parametrize("purpose", PURPOSES)
def test_it_suggests_questions_fitting_the_purpose(purpose):
    suggested = suggest(purpose=purpose, title="Operations Coordinator")
    assert SUGGEST_MIN <= len(suggested) <= SUGGEST_MAX
    assert len(suggested) == 7
    assert all(purpose in q.purposes for q in suggested)
    present = families(suggested)
    assert present[Family.CAREER_PATH] and present[Family.ADVICE] and present[Family.WHOM_ELSE]
    assert max(present.values()) <= 2


@pytest.mark.parametrize("purpose", PURPOSES)
def test_it_orders_suggestions_as_a_conversation_runs(purpose):
    suggested = suggest(purpose=purpose, count=10)
    order = [list(Family).index(q.family) for q in suggested]
    assert order == sorted(order)
    assert suggested[0].family is Family.CAREER_PATH
    assert suggested[-1].family is Family.WHOM_ELSE


def test_it_onboards_with_questions_about_working_together():
    suggested = suggest(purpose="onboard", count=5)
    assert families(suggested)[Family.DAY_TO_DAY] == 1
    assert not any(q.family is Family.TRENDS for q in suggested)
    assert by_key("day-to-day-01") in suggested


def test_it_spreads_ten_questions_over_all_nine_families():
    suggested = suggest(purpose="explore", count=10)
    assert set(families(suggested)) == set(Family)
    assert max(families(suggested).values()) == 2


def test_it_is_deterministic():
    own = [
        own_question(
            pk=1, text="Which client surprised you most?", family="challenges", purposes=""
        )
    ]
    first = suggest(purpose="advance", title="Staff Engineer", extra=own, count=8)
    again = suggest(purpose="advance", title="Staff Engineer", extra=own, count=8)
    assert keys(first) == keys(again)


@pytest.mark.parametrize(
    ("asked", "given"), [(-3, 5), (0, 5), (1, 5), (5, 5), (8, 8), (10, 10), (11, 10), (99, 10)]
)
def test_it_clamps_the_count_to_five_through_ten(asked, given):
    assert len(suggest(purpose="explore", count=asked)) == given


def test_it_tailors_to_an_engineers_title():
    engineer = suggest(purpose="explore", title="Senior Software Engineer")
    nurse = suggest(purpose="explore", title="Registered Nurse")
    for_engineers = [q for q in engineer if "engineer" in q.role_words]
    assert for_engineers
    assert not any("engineer" in q.role_words for q in nurse)
    assert any("nurse" in q.role_words for q in nurse)
    assert not any("nurse" in q.role_words for q in engineer)


def test_it_matches_plural_and_ing_forms_but_not_lookalike_words():
    engineering = suggest(purpose="explore", title="Head of Engineering")
    assert any("engineer" in q.role_words for q in engineering)
    production = suggest(purpose="explore", title="Production Coordinator")
    assert not any("product" in q.role_words for q in production)


def test_it_leaves_out_questions_tailored_to_other_work_when_general_ones_remain():
    for title in ("", "Operations Coordinator"):
        for purpose in PURPOSES:
            assert all(not q.role_words for q in suggest(purpose=purpose, title=title, count=10))


def test_it_asks_an_executive_about_the_path_to_leadership():
    leadership = by_key("career-path-07")
    assert "leading" in leadership.text
    for purpose in PURPOSES:
        assert leadership in suggest(purpose=purpose, seniority=Seniority.EXECUTIVE)
        assert leadership in suggest(purpose=purpose, title="Chief Operating Officer")
        assert leadership not in suggest(purpose=purpose, title="Operations Coordinator")
        assert leadership not in suggest(purpose=purpose, seniority=Seniority.MID)


def test_an_unknown_level_is_guessed_from_the_title():
    suggested = suggest(purpose="explore", title="CEO", seniority=Seniority.UNKNOWN)
    assert by_key("career-path-07") in suggested


def test_it_asks_a_junior_about_their_first_steps():
    suggested = suggest(purpose="explore", seniority=Seniority.JUNIOR)
    assert by_key("career-path-13") in suggested
    assert "first year" in by_key("career-path-13").text


def test_the_given_seniority_wins_over_the_title():
    # A user who corrected the level guessed from the title sees their correction used.
    assert by_key("career-path-07") in suggest(purpose="explore", title="CEO")
    suggested = suggest(purpose="explore", title="CEO", seniority=Seniority.JUNIOR)
    assert by_key("career-path-07") not in suggested
    assert by_key("career-path-13") in suggested


def test_it_prefers_the_users_own_question_in_a_family():
    own = own_question(
        pk=5,
        text="What would you change about how your team plans?",
        family="challenges",
        purposes="explore",
    )
    suggested = suggest(purpose="explore", extra=[own], count=5)
    assert own in suggested
    assert families(suggested)[Family.CHALLENGES] == 1
    assert not any(q.family is Family.CHALLENGES and not q.own for q in suggested)


def test_it_makes_room_for_the_family_of_the_users_own_question():
    # Culture is not among explore's first picks, but the user wrote a culture question.
    own = own_question(
        pk=6, text="How are meetings run on your team?", family="culture", purposes=""
    )
    assert not any(q.family is Family.CULTURE for q in suggest(purpose="explore", count=5))
    assert own in suggest(purpose="explore", extra=[own], count=5)


def test_it_leaves_out_own_questions_meant_for_another_purpose():
    own = own_question(
        pk=8, text="Whom should I thank for my onboarding?", family="whom_else", purposes="onboard"
    )
    assert own not in suggest(purpose="explore", extra=[own])
    assert own in suggest(purpose="onboard", extra=[own])


def test_it_takes_at_most_two_own_questions_from_one_family_while_others_remain():
    own = [
        own_question(pk=n, text=f"Which skill number {n} matters?", family="skills", purposes="")
        for n in range(1, 5)
    ]
    suggested = suggest(purpose="explore", extra=own, count=10)
    assert families(suggested)[Family.SKILLS] == 2
    assert keys([q for q in suggested if q.own]) == ["own-1", "own-2"]


def test_it_never_suggests_a_text_twice():
    copy = own_question(
        pk=9, text="What advice would you give someone at my stage?", family="advice", purposes=""
    )
    suggested = suggest(purpose="explore", extra=[copy, copy], count=10)
    texts = [folded(q.text) for q in suggested]
    assert len(texts) == len(set(texts))
    assert copy in suggested and by_key("advice-01") not in suggested


@st.composite
def own_questions(draw):
    words = draw(
        st.lists(
            st.sampled_from(["how", "team", "plan", "work", "which", "grow"]),
            min_size=1,
            max_size=4,
        )
    )
    return own_question(
        pk=draw(st.integers(1, 50)),
        text=" ".join(words) + "?",
        family=draw(st.sampled_from(list(Family))),
        purposes=draw(st.lists(st.sampled_from(PURPOSES), max_size=3)),
    )


@settings(max_examples=300, deadline=None)
@given(
    purpose=st.sampled_from(PURPOSES),
    title=st.one_of(st.sampled_from(ROLE_TITLES), st.text(max_size=40)),
    seniority=st.sampled_from(["", *Seniority]),
    count=st.integers(-10, 40),
    extra=st.lists(own_questions(), max_size=8),
)
def test_suggestions_always_fit(purpose, title, seniority, count, extra):
    suggested = suggest(purpose=purpose, title=title, seniority=seniority, extra=extra, count=count)
    assert len(suggested) == max(SUGGEST_MIN, min(SUGGEST_MAX, count))
    assert all(purpose in q.purposes for q in suggested)
    texts = [folded(q.text) for q in suggested]
    assert len(texts) == len(set(texts))
    present = families(suggested)
    assert {Family.CAREER_PATH, Family.ADVICE, Family.WHOM_ELSE} <= set(present)
    assert max(present.values()) <= 2


# How many questions to plan


@pytest.mark.parametrize("count", [0, 1, 2])
def test_it_warns_when_there_are_fewer_than_three(count):
    warning = count_warning(count)
    assert warning and f"at least {MIN_QUESTIONS}" in warning and "5 to 10" in warning


@pytest.mark.parametrize("count", [3, 5, 7, 10])
def test_it_is_quiet_from_three_to_ten(count):
    assert count_warning(count) is None


@pytest.mark.parametrize("count", [11, 25])
def test_it_warns_when_there_are_more_than_ten(count):
    warning = count_warning(count)
    assert warning and f"{count} questions" in warning
    assert "20-30 minute" in warning and f"best {MAX_QUESTIONS}" in warning


def test_it_words_the_warning_for_none_and_one():
    assert count_warning(0).startswith("No questions yet")
    assert count_warning(1).startswith("Only 1 question:")


# Questions they may ask the user

STORY = (
    "I'm Sam, a chemistry graduate who spent two years in a lab and found I liked the "
    "data more than the experiments."
)


def by_question(answers):
    return {a.question: a for a in answers}


def test_it_answers_their_questions_from_the_profile():
    answers = questions_they_may_ask(
        pitch=STORY,
        goals="I want to move into data analysis for public health.",
        background="a chemistry graduate learning Python",
        field="public health data",
    )
    questions = [a.question for a in answers]
    assert questions == [
        "Tell me about yourself",
        "What interests you in public health data?",
        "What are you hoping to do next?",
    ]
    story, interest, next_step = answers
    assert story.answer == STORY and story.missing == "" and story.note == ""
    assert interest.answer == (
        "I'm a chemistry graduate learning Python. "
        "I want to move into data analysis for public health."
    )
    assert next_step.answer == "I want to move into data analysis for public health."
    assert all(a.missing == "" for a in answers)


def test_it_names_the_settings_field_to_fill_when_the_profile_is_empty():
    from coffeechat.accounts.models import Profile

    def label(name):
        return str(Profile._meta.get_field(name).verbose_name)

    story, interest, next_step = questions_they_may_ask(pitch=" ", goals="", background="")
    assert (story.answer, interest.answer, next_step.answer) == ("", "", "")
    assert f"Settings → {label('pitch')}" in story.missing
    assert "30-60 second" in story.missing
    assert f"Settings → {label('background')}" in interest.missing
    assert f"Settings → {label('goals')}" in interest.missing
    assert f"Settings → {label('goals')}" in next_step.missing
    assert interest.question == "What interests you in this field?"


def test_it_answers_the_interest_question_from_whichever_part_is_there():
    only_goals = by_question(
        questions_they_may_ask(pitch=STORY, goals="to teach data skills", background="")
    )
    interest = only_goals["What interests you in this field?"]
    assert interest.answer == "To teach data skills."
    assert "Who you are, in one line" in interest.missing
    only_background = questions_they_may_ask(pitch=STORY, goals="", background="Nurse, 6 years")
    assert only_background[1].answer == "Nurse, 6 years."
    assert "Your goals" in only_background[1].missing
    assert only_background[2].answer == "" and "Your goals" in only_background[2].missing


def test_it_names_the_organization_when_no_field_is_known():
    answers = questions_they_may_ask(pitch="", goals="", background="", organization="Northwind")
    assert answers[1].question == "What interests you in the work at Northwind?"


def test_it_notes_a_story_too_long_to_tell_in_a_minute():
    long_story = " ".join(["word"] * 151)
    story = questions_they_may_ask(pitch=long_story, goals="", background="")[0]
    assert story.answer == long_story and story.missing == ""
    assert "151 words" in story.note and "60 seconds" in story.note
    just_right = " ".join(["word"] * 150)
    assert questions_they_may_ask(pitch=just_right, goals="", background="")[0].note == ""
