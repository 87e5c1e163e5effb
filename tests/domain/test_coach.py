"""The outreach coach (DOMAIN.md "Asking for the conversation" and "After")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.domain.coach import CHECKS, DraftFacts, Finding, Level, check
from coffeechat.domain.messages import MessageKind
from coffeechat.domain.text import asked_minutes, find_dates, format_date, word_count

# A Monday morning; with the default 14-day lead, options from Monday 30 November are fine.
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")

GOOD_REQUEST = """Hi Dana,

I'm Sam, a data analyst moving into UX research. Priya Shah suggested I write to you: she \
said your work on accessible banking apps at Northwind changed how her team tests.

I'd love to learn how you moved into research and which skills matter most day to day. \
This is not a job request; I'm hoping to learn from your experience.

Would you have 20 minutes for a call or a video chat? Any of these would suit me:
- Tuesday 8 December, 10:00–10:20 (your time)
- Thursday 10 December, 15:00–15:20 (your time)
- Monday 14 December, 09:30–09:50 (your time)

Thank you for considering it,
Sam"""

GOOD_THANK_YOU = """Hi Dana,

Thank you for your time yesterday. You mentioned that usability testing with five people \
finds most problems, and I'm going to try that on my next project.

I'll keep you posted on how it goes.

Sam"""

DISCLAIMER = "This is not a job request; I'm hoping to learn from your experience."


def facts(body: str = GOOD_REQUEST, **kwargs) -> DraftFacts:
    kwargs.setdefault("kind", MessageKind.REQUEST)
    kwargs.setdefault("subject", "Informational interview request")
    kwargs.setdefault("now", NOW)
    kwargs.setdefault("time_zone", LONDON)
    kwargs.setdefault("common_ground", ("Dana Reyes", "Northwind", "Priya Shah"))
    return DraftFacts(body=body, **kwargs)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def finding(code: str, findings: list[Finding]) -> Finding:
    (found,) = [f for f in findings if f.code == code]
    return found


def request_saying(sentence: str) -> str:
    """The good request with its not-a-job line replaced by another sentence."""
    return GOOD_REQUEST.replace(DISCLAIMER, sentence)


def thank_you(body: str = GOOD_THANK_YOU, **kwargs) -> DraftFacts:
    kwargs.setdefault("subject", "Thank you")
    return facts(body, kind=MessageKind.THANK_YOU, **kwargs)


# -- A good message ----------------------------------------------------------------------


def test_it_finds_nothing_in_a_good_request():
    assert check(facts()) == []


def test_it_finds_nothing_in_a_good_thank_you():
    assert check(thank_you(meeting_at=NOW - timedelta(hours=20))) == []


def test_it_puts_problems_before_warnings():
    body = "Hi,\n\nAre you hiring? " + "word " * 160
    found = check(facts(body, subject=""))
    levels = [f.level for f in found]
    assert Level.PROBLEM in levels and Level.WARNING in levels
    assert levels == sorted(levels, key=lambda level: level != Level.PROBLEM)


def test_it_lists_every_code_it_can_emit_with_its_level():
    documented = {c.code: c.level for c in CHECKS}
    assert len(documented) == len(CHECKS)
    drafts = [
        facts(request_saying("Are you hiring? Could you pass on my CV?"), subject=""),
        facts("Hi Dana,\n\nI'd love to talk for 90 minutes. " + "word " * 210),
        facts("Would you have 45 minutes on Monday 8 December or 20 November?"),
        facts("Just following up.", kind=MessageKind.FOLLOW_UP, follow_ups_sent=1),
        thank_you("Thanks!", meeting_at=NOW - timedelta(hours=30)),
        thank_you("Thanks! Could you pass on my resume?", meeting_at=NOW - timedelta(days=4)),
        facts("Hi Dana,\n\n" + "word " * 160, kind=MessageKind.KEEP_IN_TOUCH),
    ]
    emitted = [f for draft in drafts for f in check(draft)]
    assert {f.code for f in emitted} == set(documented)
    assert all(f.level == documented[f.code] for f in emitted)
    assert all(f.message and f.fix for f in emitted)


def test_it_refuses_a_naive_clock():
    with pytest.raises(ValueError, match="aware"):
        facts(now=datetime(2026, 11, 16, 9, 0))


# -- Subject ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(MessageKind))
@pytest.mark.parametrize("subject", ["", "   ", "\n"])
def test_it_flags_a_missing_subject_on_every_kind(kind, subject):
    found = finding("no_subject", check(facts(kind=kind, subject=subject)))
    assert found.level == Level.PROBLEM
    assert "subject" in found.message


def test_it_suggests_a_subject_that_fits_the_kind():
    assert "Informational interview request" in finding("no_subject", check(facts(subject=""))).fix
    assert "Thank you" in finding("no_subject", check(thank_you(subject=""))).fix


# -- Time ask -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Would you have 20 minutes?", 20),
        ("a 20-minute call", 20),
        ("a 20 minute call", 20),
        ("15–20 min", 20),
        ("15-20 minutes", 20),
        ("15 to 20 minutes", 20),
        ("15 or 20 mins", 20),
        ("fifteen to twenty minutes", 20),
        ("twenty minutes", 20),
        ("half an hour", 30),
        ("a half-hour chat", 30),
        ("a quarter of an hour", 15),
        ("an hour", 60),
        ("an hour-long call", 60),
        ("1 hour", 60),
        ("one hour", 60),
        ("30 mins", 30),
        ("90 minutes", 90),
        ("an hour and a half", 90),
        ("1.5 hours", 90),
        ("2 hours", 120),
        ("20 minutes, or 45 minutes if you have more time", 45),
    ],
)
def test_it_reads_the_time_asked(text, minutes):
    assert asked_minutes(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "a quick chat",
        "a few minutes of your time",
        "some time",
        "Tuesday 8 December, 10:00–10:20 (your time)",
        "I spend 10 hours a week on research",
        "I moved here 2 years ago",
        "I live an hour away",
        "",
    ],
)
def test_it_finds_no_time_ask_in(text):
    assert asked_minutes(text) is None


@pytest.mark.parametrize("kind", [MessageKind.REQUEST, MessageKind.FOLLOW_UP])
def test_it_flags_a_request_without_a_time_ask(kind):
    body = GOOD_REQUEST.replace("20 minutes for a call", "a quick chat")
    found = finding("no_time_ask", check(facts(body, kind=kind)))
    assert found.level == Level.PROBLEM
    assert "how long" in found.message
    assert "20 minutes" in found.message and "60" in found.message


@pytest.mark.parametrize(
    ("ask", "code", "level"),
    [
        ("15 minutes", None, None),
        ("20 minutes", None, None),
        ("half an hour", None, None),
        ("15–30 min", None, None),
        ("45 minutes", "time_ask_long", Level.WARNING),
        ("30-45 minutes", "time_ask_long", Level.WARNING),
        ("an hour", "time_ask_long", Level.WARNING),
        ("90 minutes", "time_ask_too_long", Level.PROBLEM),
        ("an hour and a half", "time_ask_too_long", Level.PROBLEM),
        ("2 hours", "time_ask_too_long", Level.PROBLEM),
    ],
)
def test_it_weighs_how_long_the_ask_is(ask, code, level):
    body = GOOD_REQUEST.replace("20 minutes", ask)
    found = [f for f in check(facts(body)) if f.code.startswith("time_ask")]
    if code is None:
        assert found == []
    else:
        assert [(f.code, f.level) for f in found] == [(code, level)]


def test_it_leaves_the_time_ask_out_of_a_thank_you():
    assert "no_time_ask" not in codes(check(thank_you()))


# -- Job-seeking phrasing ------------------------------------------------------------------

JOB_ASKS = [
    "Are you hiring?",
    "Is your team hiring at the moment?",
    "Is Northwind hiring?",
    "I wonder if you're currently hiring.",
    "Are there any open positions on your team?",
    "Any open roles would interest me.",
    "Do you have any openings?",
    "I'm looking for a job in UX research.",
    "I'm looking for a new role.",
    "Could you help me find a job?",
    "Could you refer me?",
    "Would you give me a referral?",
    "Could you put in a good word for me?",
    "I'm applying for the UX researcher role at Northwind.",
    "I'd like to apply.",
    "I've attached my resume.",
    "Please find my CV attached.",
    "I would love to join your team.",
    "Any job openings there?",
    "I'm not sure if you're hiring.",
    "This is not a job request, but are you hiring?",
    "No pressure, but is your team hiring?",
    "This is not a job request — are you hiring, though?",
]
NOT_JOB_ASKS = [
    DISCLAIMER,
    "This is not a job request.",
    "I'm not asking for a job.",
    "I am not looking for a job; I want to learn.",
    "No job ask here: I'd just like to learn.",
    "I'm not, in any way, asking for a job.",
    "This isn't a job request.",
    "I'm not asking for a job or a referral.",
    "I'd love to hear how hiring works on your team.",
    "What is the hiring process like for researchers?",
    "What does your job involve day to day?",
    "How did you land your first role in research?",
    "I want to apply what I learn to my own projects.",
    "I know you're not hiring, and that's fine.",
]


@pytest.mark.parametrize("sentence", JOB_ASKS)
def test_it_flags_job_seeking_phrasing(sentence):
    found = finding("job_seeking", check(facts(request_saying(sentence))))
    assert found.level == Level.PROBLEM
    assert "job" in found.message
    assert "not a job request" in found.fix


@pytest.mark.parametrize("sentence", NOT_JOB_ASKS)
def test_it_reads_job_words_in_context(sentence):
    assert "job_seeking" not in codes(check(facts(request_saying(sentence))))


def test_it_quotes_the_job_phrase_it_found():
    found = finding("job_seeking", check(facts(request_saying("Are you hiring?"))))
    assert "“Are you hiring”" in found.message


def test_it_flags_job_seeking_in_a_follow_up_too():
    body = request_saying("Are you hiring?")
    assert "job_seeking" in codes(check(facts(body, kind=MessageKind.FOLLOW_UP)))


# -- Why this person -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "ground"),
    [
        ("We studied at the same school: Université de Montréal.", ("Universite de Montreal",)),
        ("We both studied at universite de montreal.", ()),
        ("I see you were at ACME before Northwind.", ("Acme",)),
        ("Priya Shah passed on your name.", ("Priya Shah",)),
        ("I read your article on dark patterns.", ()),
        ("I saw your talk at UXLondon.", ()),
        ("Your work on accessible forms is why I'm writing.", ()),
        ("We both started as analysts.", ()),
        ("I also studied statistics at Leeds.", ()),
        ("Priya suggested I get in touch.", ()),
        ("You were recommended to me by my manager.", ()),
        ("Priya introduced us last spring.", ()),
    ],
)
def test_it_accepts_a_personal_reason(sentence, ground):
    body = f"Hi Dana,\n\nI'm Sam, a data analyst. {sentence} Would you have 20 minutes?"
    assert "no_personal_reason" not in codes(check(facts(body, common_ground=ground)))


@pytest.mark.parametrize(
    ("sentence", "ground"),
    [
        ("I'd love to learn about UX research.", ("Northwind",)),
        ("I grew up in Acmeville.", ("Acme",)),  # whole words only
        ("I'd love to learn about UX research.", ()),
    ],
)
def test_it_flags_a_request_that_could_go_to_anyone(sentence, ground):
    body = f"Hi Dana,\n\nI'm Sam, a data analyst. {sentence} Would you have 20 minutes?"
    found = finding("no_personal_reason", check(facts(body, common_ground=ground)))
    assert found.level == Level.WARNING
    assert "why" in found.message


@pytest.mark.parametrize(
    "greeting", ["Hi Dana Reyes,\n\n", "Dear Dana Reyes, ", "Hello Dana Reyes!\n"]
)
def test_it_does_not_count_the_greeting_as_a_reason(greeting):
    body = f"{greeting}I'd love to learn about UX research. Would you have 20 minutes?"
    found = finding("no_personal_reason", check(facts(body, common_ground=("Dana Reyes", "Acme"))))
    assert "Acme" in found.fix


# -- Time options --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Tuesday 8 December",
        "Tue 8 Dec",
        "Tue. 8 Dec.",
        "8 December 2026",
        "8th December",
        "the 8th of December",
        "Tuesday the 8th of December",
        "December 8",
        "Dec 8th",
        "December 8, 2026",
        "Tuesday, December 8th",
        "2026-12-08",
        "2026/12/08",
        "Tuesday 8 December, 10:00–10:20 (your time)",
        "Tuesday 8 December at 10:00 your time (09:00 mine)",
        "TUESDAY 8 DECEMBER",
        "Tuesday\u00a08\u00a0December",
    ],
)
def test_it_finds_a_date_written_many_ways(text):
    assert find_dates(f"How about {text}?", now=NOW, tz=LONDON) == [date(2026, 12, 8)]


@pytest.mark.parametrize(
    "text",
    [
        "next Tuesday",
        "Tuesday",
        "in 2026",
        "2 minutes",
        "May 20 minutes of your time be possible?",
        "you may 2 of them",
        "10:00–10:20",
        "31 April",
        "2026-13-01",
        "December 2026",
        "sometime in December",
        "8/12",
    ],
)
def test_it_finds_no_date_in(text):
    assert find_dates(text, now=NOW, tz=LONDON) == []


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        # Written in late December: January is next year.
        (datetime(2026, 12, 28, 9, tzinfo=UTC), "Tuesday 5 January", date(2027, 1, 5)),
        (datetime(2026, 12, 28, 9, tzinfo=UTC), "Jan 12", date(2027, 1, 12)),
        # Written in early January: a date a few days back stays in the past year.
        (datetime(2027, 1, 3, 9, tzinfo=UTC), "29 December", date(2026, 12, 29)),
        # ...but one further back is next time round.
        (datetime(2027, 1, 20, 9, tzinfo=UTC), "29 December", date(2027, 12, 29)),
        (datetime(2026, 11, 30, 9, tzinfo=UTC), "1 December", date(2026, 12, 1)),
        (datetime(2026, 11, 30, 9, tzinfo=UTC), "Feb 29", date(2028, 2, 29)),
        # An explicit year is taken as written.
        (datetime(2026, 11, 30, 9, tzinfo=UTC), "5 January 2028", date(2028, 1, 5)),
    ],
)
def test_it_reads_dates_across_month_and_year_boundaries(now, text, expected):
    assert find_dates(text, now=now, tz=LONDON) == [expected]


def test_it_reads_today_in_the_recipients_zone():
    # 23:30 UTC on 16 November is already 17 November in Tokyo.
    late = datetime(2026, 11, 16, 23, 30, tzinfo=UTC)
    body = GOOD_REQUEST.replace("Tuesday 8 December", "Monday 30 November")
    tokyo = check(facts(body, now=late, time_zone=ZoneInfo("Asia/Tokyo")))
    la = check(facts(body, now=late, time_zone=ZoneInfo("America/Los_Angeles")))
    assert "in 13 days" in finding("time_option_too_soon", tokyo).message
    assert "time_option_too_soon" not in codes(la)


def test_it_lists_each_date_once_in_the_order_written():
    text = "Thursday 10 December or Tuesday 8 December, or again 10 Dec?"
    assert find_dates(text, now=NOW, tz=LONDON) == [date(2026, 12, 10), date(2026, 12, 8)]


@pytest.mark.parametrize(
    ("options", "flagged"),
    [
        ("", True),
        ("Tuesday 8 December", True),
        ("next Tuesday or Wednesday", True),
        ("Tuesday 8 December at 10:00 or 14:00", True),
        ("Tuesday 8 December or Thursday 10 December", False),
    ],
)
def test_it_asks_for_two_concrete_options(options, flagged):
    body = f"Hi Dana,\n\nPriya suggested I write. Would you have 20 minutes? {options}"
    found = [f for f in check(facts(body)) if f.code == "no_time_options"]
    assert bool(found) == flagged
    if found:
        assert found[0].level == Level.WARNING
        assert "Monday 30 November, 10:00–10:20 (your time)" in found[0].fix


def test_it_names_an_option_that_is_too_soon():
    body = GOOD_REQUEST.replace("Tuesday 8 December", "Tuesday 24 November")
    found = finding("time_option_too_soon", check(facts(body)))
    assert found.level == Level.WARNING
    assert "Tuesday 24 November (in 8 days)" in found.message
    assert "14 days" in found.message
    assert "December" not in found.message.split(".")[0]


def test_it_counts_the_lead_days_the_user_chose():
    body = GOOD_REQUEST.replace("Tuesday 8 December", "Tuesday 24 November")
    assert "time_option_too_soon" not in codes(check(facts(body, lead_days=7)))
    assert "time_option_too_soon" in codes(check(facts(body, lead_days=21)))


def test_it_says_when_an_option_has_passed():
    body = GOOD_REQUEST.replace("Tuesday 8 December", "Friday 13 November")
    assert "Friday 13 November (already passed)" in check(facts(body))[0].message


def test_it_notices_a_weekday_that_does_not_match_the_date():
    body = GOOD_REQUEST.replace("Tuesday 8 December", "Wednesday 8 December")
    found = finding("weekday_mismatch", check(facts(body)))
    assert "8 December is a Tuesday, not a Wednesday" in found.message


@given(st.dates(min_value=date(2026, 11, 16), max_value=date(2027, 11, 1)))
def test_it_reads_back_every_date_it_writes(when):
    assert find_dates(format_date(when, today=NOW.date()), now=NOW, tz=LONDON) == [when]
    assert find_dates(when.isoformat(), now=NOW, tz=LONDON) == [when]


# -- Length --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "code"),
    [(120, None), (150, None), (151, "long"), (200, "long"), (201, "too_long"), (400, "too_long")],
)
def test_it_keeps_the_message_short(words, code):
    body = "Hi Dana, Priya suggested I write; 20 minutes on Tuesday 8 or Thursday 10 December? "
    body += "word " * (words - word_count(body))
    found = [f for f in check(facts(body)) if f.code in ("long", "too_long")]
    assert codes(found) == ([code] if code else [])
    if code:
        assert f"{words} words" in found[0].message
        assert found[0].level == (Level.PROBLEM if code == "too_long" else Level.WARNING)


def test_it_counts_the_body_only():
    assert "long" not in codes(check(facts(subject="word " * 300)))


def test_it_counts_words_as_a_reader_does():
    assert word_count("Tuesday 8 December, 10:00–10:20 — your time") == 6
    assert word_count("") == 0


# -- Follow-up -----------------------------------------------------------------------------


def test_it_allows_one_follow_up():
    assert check(facts(kind=MessageKind.FOLLOW_UP, follow_ups_sent=0)) == []


@pytest.mark.parametrize("sent", [1, 2])
def test_it_stops_a_second_follow_up(sent):
    found = finding(
        "second_follow_up", check(facts(kind=MessageKind.FOLLOW_UP, follow_ups_sent=sent))
    )
    assert found.level == Level.PROBLEM
    assert "One follow-up, then move on" in found.message
    assert "no reply" in found.fix


# -- Thank-you -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "code", "words"),
    [
        (2, None, None),
        (24, None, None),
        (30, "thank_you_late", "30 hours"),
        (48, "thank_you_late", "48 hours"),
        (49, "thank_you_overdue", "49 hours"),
        (24 * 5, "thank_you_overdue", "5 days"),
    ],
)
def test_it_times_the_thank_you(hours, code, words):
    found = [
        f
        for f in check(thank_you(meeting_at=NOW - timedelta(hours=hours)))
        if f.code.startswith("thank_you_") and f.code != "thank_you_not_specific"
    ]
    assert codes(found) == ([code] if code else [])
    if code:
        assert words in found[0].message
        assert found[0].level == Level.WARNING


def test_it_still_says_a_late_thank_you_is_worth_sending():
    found = finding("thank_you_overdue", check(thank_you(meeting_at=NOW - timedelta(days=4))))
    assert "still worth sending" in found.message


def test_it_skips_the_timing_without_a_meeting_time():
    assert check(thank_you(meeting_at=None)) == []


@pytest.mark.parametrize(
    ("body", "notes"),
    [
        (
            "Thank you. I'll take testing with five people to my team.",
            ("Testing with five people finds most usability problems",),
        ),
        ("Thank you! Portfolio over résumé, noted.", ("portfolio over resume",)),
        ("Thank you. You said five testers find most problems; I'll try it.", ()),
        ("Thank you. Your advice on portfolios was just what I needed.", ()),
        ("Thank you. What you said about research ops stuck with me.", ()),
        ("Thank you. When you described your first study, it clicked.", ()),
        ("Thank you. “Ship the smallest study first” is on my wall now.", ()),
    ],
)
def test_it_accepts_a_thank_you_that_names_something_specific(body, notes):
    assert "thank_you_not_specific" not in codes(check(thank_you(body, marked_notes=notes)))


@pytest.mark.parametrize(
    ("body", "notes"),
    [
        ("Thank you so much for your time. It was great to talk.", ()),
        ("Thank you so much for your time. It was great to talk.", ("ship the smallest study",)),
        ("Thank you for the five minutes extra.", ("five people finds most problems",)),
    ],
)
def test_it_flags_a_thank_you_that_could_follow_any_conversation(body, notes):
    found = finding("thank_you_not_specific", check(thank_you(body, marked_notes=notes)))
    assert found.level == Level.WARNING
    assert "specific" in found.message
    if notes:
        assert notes[0] in found.fix


# -- Resume --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Would you pass on my resume?",
        "Could you forward my CV to the hiring manager?",
        "I've attached my resume.",
        "Would you look at my résumé?",
        "My CV is attached.",
    ],
)
@pytest.mark.parametrize("kind", [MessageKind.THANK_YOU, MessageKind.KEEP_IN_TOUCH])
def test_it_warns_about_a_resume_ask_when_not_applying(sentence, kind):
    found = check(facts(f"{GOOD_THANK_YOU}\n\n{sentence}", kind=kind))
    resume = finding("resume_not_applying", found)
    assert resume.level == Level.WARNING
    assert "resume" in resume.message
    assert resume.fix.startswith("Only ask this if you are applying for a specific role there")
    assert "resume_not_applying" not in codes(
        check(facts(f"{GOOD_THANK_YOU}\n\n{sentence}", kind=kind, actively_applying=True))
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "I'll update my resume with the skills you mentioned.",
        "I won't ask you to pass on my resume.",
        "When does the project resume?",
    ],
)
def test_it_lets_other_resume_talk_pass(sentence):
    assert "resume_not_applying" not in codes(check(thank_you(f"{GOOD_THANK_YOU} {sentence}")))


def test_it_calls_a_resume_in_a_request_a_job_ask_once():
    found = check(facts(request_saying("Could you pass on my resume?")))
    assert "job_seeking" in codes(found)
    assert "resume_not_applying" not in codes(found)


# -- Which checks apply -------------------------------------------------------------------


@pytest.mark.parametrize("kind", [MessageKind.KEEP_IN_TOUCH, MessageKind.INTRO])
def test_it_only_checks_what_fits_a_keep_in_touch_or_intro(kind):
    body = "Are you hiring? Could you pass on my CV? Next Tuesday? " + "word " * 210
    found = codes(check(facts(body, kind=kind, subject="")))
    assert found == ["no_subject", "too_long", "resume_not_applying"]


# -- Properties ----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(list(MessageKind)),
    subject=st.text(max_size=40),
    body=st.text(max_size=600),
    notes=st.lists(st.text(max_size=30), max_size=2),
    ground=st.lists(st.text(max_size=20), max_size=3),
)
def test_it_never_raises_on_any_text(kind, subject, body, notes, ground):
    found = check(
        facts(
            body,
            kind=kind,
            subject=subject,
            marked_notes=tuple(notes),
            common_ground=tuple(ground),
            meeting_at=NOW - timedelta(hours=30),
            follow_ups_sent=1,
        )
    )
    assert all(isinstance(f, Finding) and f.message for f in found)
    assert [f.level for f in found] == sorted(
        (f.level for f in found), key=lambda level: level != Level.PROBLEM
    )


_SENTENCES = st.sampled_from(
    [*JOB_ASKS, *NOT_JOB_ASKS, "I'm Sam.", "Would you have 20 minutes?", "Thanks!"]
)


@settings(max_examples=200)
@given(st.lists(_SENTENCES, max_size=6), st.text(max_size=80))
def test_it_never_counts_a_not_a_job_line_as_a_job_ask(sentences, noise):
    body = f"{GOOD_REQUEST}\n\n{' '.join(sentences)} {noise}"
    before = "job_seeking" in codes(check(facts(body)))
    after = "job_seeking" in codes(check(facts(f"{body}\n\nThis is not a job request.")))
    assert after == before


@given(st.integers(min_value=1, max_value=240), st.sampled_from(["minutes", "-minute", " min"]))
def test_it_reads_any_number_of_minutes(n, unit):
    assert asked_minutes(f"Would you have {n}{unit} for a call?") == n
