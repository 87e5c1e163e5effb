"""Guessing seniority from a job title (DOMAIN.md "Choosing whom to ask")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.domain.seniority import Seniority, guess_seniority

EXECUTIVE = [
    "CEO",
    "CTO",
    "cfo",
    "Chief Technology Officer",
    "Chief of Staff",
    "VP Engineering",
    "VP, Product",
    "SVP Sales",
    "EVP Operations",
    "Vice President",
    "Vice-President of Marketing",
    "President",
    "Founder",
    "Co-Founder & CTO",
    "Cofounder",
    "Owner",
    "Partner",
    "Managing Director",
    "Executive Director",
    "General Manager",
]
SENIOR = [
    "Director",
    "Director of Engineering",
    "Head of Design",
    "Head Chef",
    "Principal Engineer",
    "Senior Policy Advisor",
    "Sr. Software Engineer",
    "Sr Analyst",
    "Staff Engineer",
    "Tech Lead",
    "Lead Designer",
    "Solutions Architect",
    "Professor of History",
]
JUNIOR = [
    "Intern",
    "Summer Internship",
    "Analyst",
    "Associate",
    "Junior Developer",
    "Jr. Developer",
    "Assistant",
    "Trainee Accountant",
    "Apprentice Electrician",
    "Graduate Engineer",
    "Entry-level Designer",
    "Entry Level Designer",
    "Student",
    "Research Fellow",
]
MID = [
    "Software Engineer",
    "Product Manager",
    "Policy Advisor",
    "Nurse",
    "Account Executive",
    "Data Scientist",
]


@pytest.mark.parametrize(
    ("title", "expected"),
    [(t, Seniority.EXECUTIVE) for t in EXECUTIVE]
    + [(t, Seniority.SENIOR) for t in SENIOR]
    + [(t, Seniority.JUNIOR) for t in JUNIOR]
    + [(t, Seniority.MID) for t in MID],
)
def test_it_guesses_seniority_from_a_job_title(title, expected):
    assert guess_seniority(title) == expected


@pytest.mark.parametrize("title", [None, "", " ", "   \t\n"])
def test_it_does_not_guess_without_a_title(title):
    assert guess_seniority(title) == Seniority.UNKNOWN


@pytest.mark.parametrize(
    "title",
    [
        "Leadership Coach",  # "lead" only as a whole word
        "Mischief Manager",  # "chief" inside another word
        "Presidential Scholar Program Manager",
        "Staffing Coordinator",
        "Headhunter",
        "Internal Auditor",
        "Directory Services Engineer",
        "Principality Liaison",
        "Foundry Engineer",
        "Partnerships Manager",
        "Ownership Consultant",
    ],
)
def test_it_matches_whole_words_only(title):
    assert guess_seniority(title) == Seniority.MID


@pytest.mark.parametrize("title", ["Non-Lead Engineer", "Co-Lead"])
def test_it_treats_a_hyphen_as_part_of_the_word(title):
    # (?<![\w-]) and (?![\w-]): "lead" joined by a hyphen is not the word "lead".
    assert guess_seniority(title) == Seniority.MID


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Senior Associate", Seniority.SENIOR),
        ("Associate Director", Seniority.SENIOR),
        ("Assistant Vice President", Seniority.EXECUTIVE),
        ("Assistant Professor", Seniority.SENIOR),
        ("Senior Vice President", Seniority.EXECUTIVE),
        ("Lead Analyst", Seniority.SENIOR),
        ("Staff Intern", Seniority.SENIOR),
    ],
)
def test_it_lets_executive_beat_senior_beat_junior(title, expected):
    assert guess_seniority(title) == expected


@pytest.mark.parametrize("title", ["ceo", "Ceo", "HEAD OF DESIGN", "senior engineer", "iNtErN"])
def test_it_ignores_case(title):
    assert guess_seniority(title) != Seniority.MID


def test_it_reads_titles_with_surrounding_whitespace():
    assert guess_seniority("  Director  ") == Seniority.SENIOR


@pytest.mark.parametrize("title", ["Product Owner", "Partner Manager"])
def test_it_does_not_take_product_owners_and_partner_managers_for_executives(title):
    assert guess_seniority(title) == Seniority.MID


@pytest.mark.parametrize("title", ["CISO", "CHRO"])
def test_it_knows_longer_c_suite_acronyms(title):
    assert guess_seniority(title) == Seniority.EXECUTIVE


def test_it_labels_each_level_for_people():
    assert [s.label for s in Seniority] == ["Unknown", "Junior", "Mid-level", "Senior", "Executive"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60) | st.none())
def test_it_always_returns_a_level_for_any_text(title):
    level = guess_seniority(title)
    assert level in Seniority
    assert (level == Seniority.UNKNOWN) == (not title or not title.strip())


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from(["", "Global ", "Regional "]),
    title=st.sampled_from(EXECUTIVE + SENIOR + JUNIOR + MID),
    suffix=st.sampled_from(["", ", EMEA", " (Remote)", " - Payments"]),
)
def test_it_keeps_the_guess_when_a_title_is_decorated(prefix, title, suffix):
    assert guess_seniority(prefix + title + suffix) == guess_seniority(title)
