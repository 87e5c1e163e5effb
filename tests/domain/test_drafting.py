"""Drafts from editable templates (DOMAIN.md "Asking for the conversation", "After",
"Keeping in touch"). No database: templates and contexts are plain values."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.domain.drafting import (
    PLACEHOLDERS,
    TEMPLATE_KEYS,
    Background,
    DraftContext,
    Template,
    check_template,
    common_ground,
    default_template,
    draft,
    render,
    split_list,
    template_key,
)
from coffeechat.domain.messages import KeepInTouchReason, MessageKind

TIMES = (
    "Tuesday 8 December, 16:00–16:20 your time (10:00–10:20 mine)",
    "Wednesday 9 December, 09:30–09:50 your time (03:30–03:50 mine)",
    "Thursday 10 December, 14:00–14:20 your time (08:00–08:20 mine)",
)
FULL = DraftContext(
    my_name="Ana Ruiz",
    my_background=(
        "I'm a final-year data science student at Université Lyon 2, drawn to public "
        "health analytics."
    ),
    my_pitch="I moved from chemistry to data after a summer of lab automation.",
    my_goals="An analyst role in public health.",
    their_name="Dana Lee",
    their_title="Data Engineer",
    their_organization="Santé Publique France",
    purpose="explore",
    minutes=20,
    formats=("video", "phone", "in_person"),
    time_options=TIMES,
    common_ground=("Marie Curie suggested I get in touch.", "We both studied at Lyon 2."),
    connector_name="Marie Curie",
    learn="how a surveillance dataset goes from raw feeds to a weekly bulletin",
    marked_note="Learn SQL before any dashboard tool.",
    next_step="take the open SQL course you mentioned",
    the_ask="stay_in_touch",
    milestone="I start as a junior analyst at Etalab in January.",
    article="Open data in 2026: https://example.org/open-data",
    meeting_date="in March",
)
MINIMAL = DraftContext(my_name="Ana Ruiz", their_name="Dana Lee", connector_name="Marie Curie")


def words(text: str) -> int:
    return len(text.split())


def assert_clean(message: Template) -> None:
    """What a reader would notice in a half-filled draft."""
    for text in (message.subject, message.body):
        assert "{" not in text and "}" not in text
        assert "None" not in text
        assert not re.search(r"\s[,.;:!?]", text), text
    assert message.subject.strip() and "\n" not in message.subject
    assert "\n\n\n" not in message.body
    assert message.body == message.body.strip()
    lines = message.body.split("\n")
    assert all(line == line.rstrip() for line in lines)
    assert not any(line.strip() in {"-", "*", "•"} for line in lines)
    # A lead-in never introduces nothing.
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        assert not (line.endswith(":") and not after.strip()), message.body


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_it_renders_every_template_with_a_full_context(key):
    assert_clean(draft(key, FULL))


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_it_renders_every_template_with_names_only(key):
    message = draft(key, MINIMAL)
    assert_clean(message)
    assert "Ana" in message.body


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_it_ships_valid_defaults(key):
    check_template(default_template(key))


def test_it_drafts_a_request_with_everything_the_practice_asks_for():
    message = draft("request", FULL)
    assert "Informational interview request" in message.subject
    assert "20 minutes" in message.body
    for option in TIMES:
        assert f"- {option}" in message.body
    assert "Marie Curie suggested I get in touch. We both studied at Lyon 2." in message.body
    assert "not a job request" in message.body
    assert FULL.my_background in message.body
    assert FULL.learn in message.body
    assert "by video call, by phone, or in person near you" in message.body
    assert message.body.startswith("Hello Dana,")
    assert message.body.endswith("Best wishes,\nAna Ruiz")
    assert 100 <= words(message.body) <= 200


def test_it_keeps_a_request_short_with_long_answers():
    context = replace(FULL, my_background=f"{FULL.my_background} {FULL.my_pitch}")
    assert words(draft("request", context).body) <= 200


def test_it_writes_about_their_work_without_common_ground():
    context = DraftContext(my_name="Ana", their_name="Dana Lee", their_organization="Acme")
    assert "your work at Acme" in draft("request", context).body


def test_it_leaves_out_the_times_and_their_lead_in_without_options():
    body = draft("request", MINIMAL).body
    assert "These times" not in body and "- " not in body


def test_it_offers_the_formats_preferred_first():
    one = DraftContext(my_name="Ana", formats=("phone",))
    two = DraftContext(my_name="Ana", formats=("in_person", "video", "fax"))
    assert "We could talk by phone, whichever" in draft("request", one).body
    assert "talk in person near you or by video call," in draft("request", two).body
    assert "by video call, by phone, or in person" in draft("request", FULL).body


def test_it_words_what_to_learn_from_the_purpose():
    onboard = draft("request", DraftContext(my_name="Ana", purpose="onboard")).body
    unknown = draft("request", DraftContext(my_name="Ana", purpose="")).body
    assert "how your team works" in onboard
    assert "what your work looks like day to day" in unknown


def test_it_drafts_a_short_follow_up_with_the_ask_and_a_way_out():
    body = draft("follow_up", FULL).body
    assert "20 minutes" in body and all(option in body for option in TIMES)
    assert "no worries" in body
    assert words(body) < words(draft("request", FULL).body)


def test_it_drafts_a_thank_you_that_quotes_them_and_restates_the_ask():
    body = draft("thank_you", FULL).body
    assert "Thank you for taking the time" in body
    assert "“Learn SQL before any dashboard tool.”" in body
    assert "I'm going to take the open SQL course you mentioned." in body
    assert "stay in touch" in body


def test_it_keeps_a_restated_ask_the_user_wrote():
    context = DraftContext(my_name="Ana", their_name="Dana", the_ask="May I come back later?")
    assert "May I come back later?" in draft("thank_you", context).body


def test_it_does_not_double_quotes_or_full_stops():
    context = DraftContext(my_name="Ana", marked_note='"Ship small."', next_step="to ship small.")
    body = draft("thank_you", context).body
    assert "“Ship small.”" in body
    assert "I'm going to ship small." in body and ".." not in body


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (KeepInTouchReason.ADVICE, "You suggested I take the open SQL course"),
        (KeepInTouchReason.MILESTONE, "I start as a junior analyst at Etalab"),
        (KeepInTouchReason.ARTICLE, "https://example.org/open-data"),
        (KeepInTouchReason.GREETING, "warm wishes for the season"),
    ],
)
def test_it_drafts_each_keep_in_touch_reason(reason, expected):
    key = template_key(MessageKind.KEEP_IN_TOUCH, reason)
    assert key == f"keep_in_touch:{reason.value}"
    assert expected in draft(key, FULL).body


def test_it_asks_the_connector_first_with_a_note_to_forward():
    message = draft("intro", FULL)
    assert message.subject == "Would you be comfortable introducing me to Dana Lee?"
    assert message.body.startswith("Hi Marie,")
    assert "say no" in message.body
    note = "\n".join(line for line in message.body.split("\n") if line.startswith("    "))
    assert FULL.my_background in note and "20 minutes" in note
    assert "not a job request" in note and note.endswith("Ana Ruiz")


def test_it_maps_kinds_to_template_keys():
    assert [template_key(kind) for kind in MessageKind if kind != "keep_in_touch"] == [
        "request",
        "follow_up",
        "thank_you",
        "intro",
    ]
    with pytest.raises(ValueError, match="needs a reason"):
        template_key(MessageKind.KEEP_IN_TOUCH)
    with pytest.raises(ValueError, match="Only a keep-in-touch"):
        template_key(MessageKind.REQUEST, KeepInTouchReason.ADVICE)
    with pytest.raises(ValueError, match="No template 'nope'"):
        default_template("nope")


def test_it_uses_the_users_template_over_the_default():
    mine = Template("Coffee, {their_first_name}?", "Hey {their_first_name}, {minutes} minutes?")
    message = draft("request", FULL, mine)
    assert message == Template("Coffee, Dana?", "Hey Dana, 20 minutes?")


def test_it_writes_literal_braces():
    template = Template("{{braces}}", "{{their_name}} is {{{their_name}}}; a }} and a {{.")
    assert render(template, FULL) == Template(
        "{braces}", "{their_name} is {Dana Lee}; a } and a {."
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            Template("Hi", "Hello\n\nThanks {their_nme}\nand more"),
            "Unknown placeholder {their_nme} in the body, line 3. Did you mean {their_name}?",
        ),
        (Template("About {orgs}", ""), "Unknown placeholder {orgs} in the subject."),
        (Template("", "Hi {their name}"), "Malformed placeholder {their name} in the body"),
        (Template("", "Hi {}"), "Malformed placeholder {} in the body, line 1"),
        (Template("", "Hi {their_name.__class__}"), "Malformed placeholder"),
        (Template("", "a\nHi {their_name"), "Unclosed brace in the body, line 2, column 4"),
        (Template("Hi }", ""), "Unmatched } in the subject, column 4"),
    ],
)
def test_it_refuses_unknown_and_malformed_placeholders(template, message):
    with pytest.raises(ValueError) as refused:
        check_template(template)
    assert str(refused.value).startswith(message)
    with pytest.raises(ValueError):
        render(template, FULL)


def test_it_lists_the_known_placeholders_when_refusing():
    with pytest.raises(ValueError, match=r"Known: \{my_name\}, .*\{meeting_date\}"):
        check_template(Template("", "{x}"))


def test_it_drops_lines_with_an_empty_value_and_keeps_blank_lines_single():
    template = Template("Note", "Hi {their_first_name},\n\n{milestone}\n\n\n\nBye\n\n{article}")
    body = render(template, DraftContext(my_name="Ana", their_name="Dana")).body
    assert body == "Hi Dana,\n\nBye"


def test_it_bullets_a_list_on_its_own_line_and_joins_it_inline():
    template = Template("{time_options}", "Times:\n  * {time_options}\nOr: {time_options}")
    context = DraftContext(my_name="Ana", time_options=("Mon 10:00", " ", "Tue 11:00"))
    message = render(template, context)
    assert message.subject == "Mon 10:00; Tue 11:00"
    assert message.body == "Times:\n  * Mon 10:00\n  * Tue 11:00\nOr: Mon 10:00; Tue 11:00"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (
            "Informational interview request: {their_organization}",
            "Informational interview request",
        ),
        ("Introducing me to {their_name}?", "Introducing me?"),
        ("Thank you, {their_first_name}!", "Thank you!"),
        ("{their_organization} – a question", "a question"),
        ("A question ({their_title})", "A question"),
    ],
)
def test_it_tidies_a_subject_around_an_empty_value(subject, expected):
    assert render(Template(subject, ""), DraftContext(my_name="Ana")).subject == expected


def test_it_keeps_a_subject_on_one_line():
    context = DraftContext(my_name="Ana", their_organization="Acme\nBcc: someone@example.org")
    assert render(Template("About {their_organization}", ""), context).subject == (
        "About Acme Bcc: someone@example.org"
    )


@pytest.mark.parametrize(
    ("name", "first"),
    [("Dana Lee", "Dana"), ("Dr. Dana Lee", "Dr. Lee"), ("Dana Lee, PhD", "Dana"), ("", "")],
)
def test_it_addresses_people_by_first_name(name, first):
    template = Template("", "Hi {their_first_name}!\nx")
    expected = f"Hi {first}!\nx" if first else "x"
    assert render(template, DraftContext(my_name="Ana", their_name=name)).body == expected


def test_it_finds_common_ground_without_case_or_accents_in_order():
    mine = Background(
        schools=("HEC", "Université Lyon 2"), employers=("Acme, Inc.", "Globex", "Initech")
    )
    theirs = Background(schools=("universite lyon 2",), employers=("INITECH", "ACME INC"))
    assert common_ground(mine=mine, theirs=theirs, connector_name=" Marie Curie ") == (
        "Marie Curie suggested I get in touch.",
        "We both studied at Université Lyon 2.",
        "We both worked at Acme, Inc. and Initech.",
    )


def test_it_finds_no_common_ground_in_different_or_empty_paths():
    mine = Background(schools=("HEC", ""), employers=("Acme",))
    theirs = Background(schools=("ESSEC", ""), employers=())
    assert common_ground(mine=mine, theirs=theirs) == ()


def test_it_splits_lists_on_semicolons_and_lines_only():
    assert split_list("Lyon 2; HEC\nAcme, Inc.\r\n\n ;") == ("Lyon 2", "HEC", "Acme, Inc.")
    assert split_list("") == ()


def test_it_explains_every_placeholder():
    assert all(help_text.strip() for help_text in PLACEHOLDERS.values())


# --- Properties ---------------------------------------------------------------------------

# One line of user text: a line break would be flattened to a space, so it is tested apart.
LINE = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40)
TEXT = st.text(max_size=40)
CONTEXTS = st.builds(
    DraftContext,
    my_name=TEXT,
    my_background=TEXT,
    sign_off=TEXT,
    their_name=TEXT,
    their_title=TEXT,
    their_organization=TEXT,
    purpose=st.sampled_from(["explore", "onboard", "advance"]) | TEXT,
    minutes=st.integers(0, 600),
    formats=st.lists(st.sampled_from(["video", "phone", "in_person"]) | TEXT).map(tuple),
    time_options=st.lists(TEXT, max_size=4).map(tuple),
    common_ground=st.lists(TEXT, max_size=3).map(tuple),
    connector_name=TEXT,
    learn=TEXT,
    marked_note=TEXT,
    next_step=TEXT,
    the_ask=TEXT,
    milestone=TEXT,
    article=TEXT,
    meeting_date=TEXT,
)
PIECES = st.lists(
    st.sampled_from([f"{{{name}}}" for name in PLACEHOLDERS])
    | st.text(st.characters(exclude_characters="{}"), max_size=12)
    | st.just("\n"),
    max_size=25,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(context=CONTEXTS, key=st.sampled_from(TEMPLATE_KEYS))
def test_it_never_raises_and_leaves_no_braces_from_a_default(context, key):
    message = draft(key, context)
    values = "".join(str(v) for v in vars(context).values())
    if "{" not in values and "}" not in values:
        assert "{" not in message.subject + message.body
        assert "}" not in message.subject + message.body
    assert "\n" not in message.subject and "\n\n\n" not in message.body


@settings(max_examples=200, deadline=None)
@given(subject=PIECES, body=PIECES, context=CONTEXTS)
def test_it_renders_any_valid_template(subject, body, context):
    template = Template(subject, body)
    check_template(template)
    message = render(template, context)
    values = "".join(str(v) for v in vars(context).values())
    if "{" not in values:
        assert "{" not in message.subject + message.body


@settings(max_examples=200, deadline=None)
@given(text=LINE.map(lambda s: "{" + s + "}"), key=st.sampled_from(["request", "intro"]))
def test_it_never_reads_user_text_as_a_template(text, key):
    context = DraftContext(my_name="Ana", their_name="Dana", my_background=text, learn=text)
    body = draft(key, context).body
    assert any(line.strip() == text for line in body.split("\n"))
    assert f"learn {text}" in body
