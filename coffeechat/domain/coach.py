"""The outreach coach: checks a message draft against the practice (DOMAIN.md).

Pure functions, no Django. Each finding names what is wrong in plain words and,
where it can, how to fix it. A problem means "do not send this as it is"; a
warning means "this would land better if...".

Reading free text is heuristic. Phrases are read in context, sentence by sentence
(a "not" just before "a job request" clears it), and where the coach cannot tell,
it stays quiet rather than nag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from coffeechat.domain.messages import MessageKind
from coffeechat.domain.text import (
    _MONTH_NAMES,
    _WEEKDAY_NAMES,
    asked_minutes_in_plain,
    date_mentions,
    folded,
    format_date,
    plain,
    sentences,
    word_count,
)

TIME_ASK_USUAL = 20
TIME_ASK_AIM = 30  # 15 to 30 minutes is the sweet spot
TIME_ASK_MAX = 60
WORDS_AIM = 150
WORDS_MAX = 200
MIN_TIME_OPTIONS = 2
THANK_YOU_AIM = timedelta(hours=24)
THANK_YOU_LATEST = timedelta(hours=48)


class Level(StrEnum):
    PROBLEM = "problem"  # should not send as is
    WARNING = "warning"  # fine to send; better with a change


@dataclass(frozen=True)
class Finding:
    code: str
    level: Level
    message: str
    fix: str = ""


@dataclass(frozen=True)
class DraftFacts:
    kind: MessageKind
    subject: str
    body: str
    now: datetime  # aware
    time_zone: ZoneInfo  # zone used to read dates written in the text (the recipient's)
    lead_days: int = 14  # time options must be at least this far out
    meeting_at: datetime | None = None  # for a thank-you: when the conversation was
    follow_ups_sent: int = 0  # follow-ups already sent for this interview
    actively_applying: bool = False  # applying for a role at their organization
    common_ground: tuple[str, ...] = ()  # organization, shared school, connector, name
    marked_notes: tuple[str, ...] = ()  # notes from the conversation marked to quote

    def __post_init__(self) -> None:
        for name in ("now", "meeting_at"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be an aware datetime")


class Check(NamedTuple):
    code: str
    applies_to: str
    level: Level
    rule: str


_P, _W = Level.PROBLEM, Level.WARNING
_ALL, _ASK = "all messages", "request, follow-up"
# The rules as a reader sees them (the README table); each finding takes its level from here.
CHECKS: list[Check] = [
    Check("no_subject", _ALL, _P, "The message has a subject line."),
    Check(
        "no_time_ask",
        _ASK,
        _P,
        'It says how long you ask for ("20 minutes", "a 15-20 minute call", "half an hour"); '
        '"a quick chat" is not specific.',
    ),
    Check(
        "time_ask_too_long", _ASK, _P, "It asks for 60 minutes at most; a range counts by its top."
    ),
    Check("time_ask_long", _ASK, _W, "It asks for 30 minutes or less; 15 to 30 is the sweet spot."),
    Check(
        "job_seeking",
        _ASK,
        _P,
        "It does not ask whether they are hiring, for an open role, a referral or to pass on "
        'a resume. Read in context: "this is not a job request" is fine.',
    ),
    Check(
        "no_personal_reason",
        "request",
        _W,
        "It says why this person: common ground (their organization, a shared school or "
        'employer, the connector) or a reason such as "I read your article".',
    ),
    Check(
        "no_time_options",
        "request",
        _W,
        'It offers at least two concrete dates ("Tuesday 8 December"), not "next week".',
    ),
    Check(
        "time_option_too_soon",
        _ASK,
        _W,
        "Every date offered is at least the lead time away (14 days by default), counted "
        "in their time zone.",
    ),
    Check("weekday_mismatch", _ASK, _W, "A weekday written with a date is that date's weekday."),
    Check("too_long", _ALL, _P, "The body is 200 words at most."),
    Check("long", _ALL, _W, "The body is about 150 words."),
    Check(
        "second_follow_up",
        "follow-up",
        _P,
        "One follow-up, then move on: after it, close the interview as no reply.",
    ),
    Check("thank_you_late", "thank-you", _W, "Sent within 24 hours of the conversation."),
    Check(
        "thank_you_overdue",
        "thank-you",
        _W,
        "Sent within 48 hours at the latest; later it is still worth sending, so a warning.",
    ),
    Check(
        "thank_you_not_specific",
        "thank-you",
        _W,
        "It names something specific from the conversation: a marked note (or four words "
        'of it in a row), "you mentioned...", "your advice...", or a quotation.',
    ),
    Check(
        "resume_not_applying",
        _ALL,
        _W,
        "It asks them to look at or pass on your resume only if you are applying for a "
        "specific role there. (In a request or follow-up, job_seeking covers it.)",
    ),
]
_LEVELS = {c.code: c.level for c in CHECKS}
_NEVER_MORE = f"{TIME_ASK_USUAL} minutes is the usual ask; never more than {TIME_ASK_MAX}."
_SHORTER = f"Ask for {TIME_ASK_USUAL} minutes; they can always choose to talk longer."
# What each finding says (message, fix), in one place so the voice stays the same.
_WORDING = {
    "no_subject": (
        "The message has no subject line; many people skip or never see those.",
        "Add a plain subject, e.g. “{example}”.",
    ),
    "no_time_ask": (
        "The message doesn't say how long you're asking for. " + _NEVER_MORE,
        f"Add a line like “Would you have {TIME_ASK_USUAL} minutes for a call?”",
    ),
    "time_ask_too_long": ("You ask for {minutes} minutes. " + _NEVER_MORE, _SHORTER),
    "time_ask_long": (
        "You ask for {minutes} minutes; 15 to 30 is the sweet spot and easier to say yes to.",
        _SHORTER,
    ),
    "job_seeking": (
        "“{phrase}” reads as asking for a job. An informational interview asks to learn; "
        "a job ask makes people wary and less candid.",
        "Take it out, and say plainly that this is not a job request. If you are applying "
        "there, that can come at the end of the conversation.",
    ),
    "no_personal_reason": (
        "The message doesn't say why you're writing to this person in particular.",
        "Add one sentence on what you have in common or what drew you to them: a shared "
        "school, a mutual contact, something they wrote or said.{hint}",
    ),
    "no_time_options": (
        "{what} offered. Two or three options in their time zone make it easy to say yes.",
        "Offer two or three times at least {lead} days out, e.g. “{example}”.",
    ),
    "time_option_too_soon": (
        "Too soon: {dates}. Calendars fill early, so offer times at least {lead} days out.",
        "Move the options later, e.g. “{example}”.",
    ),
    "weekday_mismatch": (
        "“{text}”: {day_month} is a {actual}, not a {written}.",
        "Write “{correct}”, or pick the day you meant.",
    ),
    "too_long": (
        "The message is {words} words; busy people stop reading a cold message past "
        f"{WORDS_MAX}. About {WORDS_AIM} is the aim.",
        "Keep who you are, why them, what you hope to learn, and the ask; cut the rest.",
    ),
    "long": (
        f"The message is {{words}} words; about {WORDS_AIM} is the aim.",
        "Cut a sentence or two: one line on who you are is enough.",
    ),
    "second_follow_up": (
        "You have already followed up once. One follow-up, then move on.",
        "Don't send this: close the interview as no reply and ask someone else.",
    ),
    "thank_you_late": (
        "It has been {since} since your conversation; within 24 hours is the aim.",
        "Send it today.",
    ),
    "thank_you_overdue": (
        "It has been {since} since your conversation, past the 48 hours at the latest. "
        "It is late, but still worth sending.",
        "Send it now: no long apology, a short thank-you and one specific thing.",
    ),
    "thank_you_not_specific": (
        "The thank-you doesn't mention anything specific from your conversation.",
        "Name one thing they said and what you will do with it.{hint}",
    ),
    "resume_not_applying": (
        "The message asks them to look at or pass on your resume, but you are not applying "
        "for a role there.",
        "Only ask this if you are applying for a specific role there; otherwise ask whom "
        "else you could talk to.",
    ),
}


def _finding(code: str, **values: object) -> list[Finding]:
    message, fix = _WORDING[code]
    return [Finding(code, _LEVELS[code], message.format(**values), fix.format(**values))]


# -- Reading the draft: coffeechat.domain.text

_NEGATION = re.compile(r"\b(?:not|no|never|nor|without|neither)\b|n't\b", re.IGNORECASE)
# A "not" in these does not negate what follows ("I'm not sure if you're hiring").
_NOT_A_NEGATION = re.compile(
    r"\b(?:not\s+sure|not\s+certain|no\s+idea|no\s+worries|no\s+pressure|if\s+not)\b"
    r"|\b(?:do|does|did)(?:n't|\s+not)\s+know\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"\b(?:but|however|though|although|yet|except)\b|\s-+\s|[()]", re.IGNORECASE
)
_NEGATION_REACH = 6  # words: "I'm not, in any way, asking for a job"


def _negated(before: str) -> bool:
    """Whether the words just before a phrase, in the same clause, negate it."""
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    before = _NOT_A_NEGATION.sub(" ", before)
    return bool(_NEGATION.search(" ".join(before.split()[-_NEGATION_REACH:])))


def _phrases(pattern: re.Pattern[str], sentences: list[str]) -> list[str]:
    """The phrases the pattern finds that no nearby negation takes back."""
    return [
        m.group(0)
        for sentence in sentences
        for m in pattern.finditer(sentence)
        if not _negated(sentence[: m.start()])
    ]


def _alternatives(*patterns: str) -> re.Pattern[str]:
    # Tried at word starts only: a bare \b also stops at every word's end, twice the work.
    return re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


_JOB_NOUN = r"(?:jobs?|positions?|roles?|work|employment|internships?|openings?|placements?)"
_RESUME = r"(?:resume|cv)"
_RESUME_ASK = _alternatives(
    r"(?:pass(?:ing)?\s+(?:it\s+)?(?:on|along)|forward(?:ing)?|send(?:ing)?|shar(?:e|ing)"
    r"|look(?:ing)?\s+(?:at|over)|glance\s+(?:at|over)|review(?:ing)?|attach(?:ed|ing)?"
    rf"|enclos(?:e|ed|ing))\s+(?:\w+\s+){{0,3}}?{_RESUME}",
    rf"{_RESUME}\s+(?:is\s+)?(?:attached|enclosed|below)",
)
_JOB_SEEKING = _alternatives(
    # Asking whether they are hiring; "how is hiring done" is a fine question.
    r"(?:are|is)\s+(?:you|they|your\s+\w+|(?-i:[A-Z][\w&.-]*))\s+"
    r"(?:currently\s+|still\s+|actively\s+)?hiring",
    r"(?:you|they|we)(?:'re|\s+are)\s+(?:currently\s+|still\s+|actively\s+)?hiring",
    r"(?:team|company|group|department|firm)\s+is\s+(?:currently\s+|still\s+)?hiring",
    r"(?:currently|still|actively)\s+hiring|hiring\s+(?:right\s+)?now",
    r"(?:open|available|vacant)\s+(?:positions?|roles?|jobs?|vacanc(?:y|ies)|openings?|spots?)",
    r"(?:any|an)\s+(?:openings?|vacanc(?:y|ies))|positions?\s+(?:available|open)",
    r"job\s+(?:openings?|opportunit(?:y|ies)|postings?|offers?|requests?|asks?|hunt(?:ing)?"
    r"|search(?:ing)?|seek(?:er|ing)|applications?)",
    rf"(?:looking|searching|hunting|asking|hoping|applying)\s+for\s+(?:a\s+|an\s+|any\s+)?"
    rf"(?:new\s+|full-time\s+|part-time\s+)?{_JOB_NOUN}",
    r"(?:help\s+me|me\s+to|trying\s+to|hoping\s+to|want\s+to|need\s+to)\s+"
    r"(?:find|get|land|secure)\s+(?:a|an)\s+(?:new\s+)?(?:job|position|role|internship)",
    r"(?:refer|referring|recommend|recommending)\s+me|(?:a|your|internal)\s+referral",
    r"put\s+in\s+a\s+(?:good\s+)?word",
    rf"appl(?:y|ying|ied)\s+(?:for|to)\s+(?:\S+\s+){{0,4}}?(?:{_JOB_NOUN}|team|company|program)",
    r"(?:to|will|I'll)\s+apply(?=\s*(?:[.!?,]|$))|my\s+application",
    rf"(?:my|attached|attaching|enclosed)\s+(?:\w+\s+)?{_RESUME}",
    r"join(?:ing)?\s+your\s+(?:team|company)",
    r"(?:love|like|want|hope|keen)\s+to\s+(?:join|work\s+(?:for|at))\s+(?:you|your)",
)
_PERSONAL_REASON = _alternatives(
    r"your\s+(?:work|talk|article|post|blog|book|podcast|paper|research|presentation|interview"
    r"|newsletter|project|panel|keynote|essay|thread)",
    r"i\s+(?:read|saw|heard|watched|listened|noticed|came\s+across|follow)",
    r"we\s+both|we\s+(?:met|share)|(?:also|both)\s+(?:studied|worked|went|graduated)",
    r"fellow|alumn(?:us|a|i|ae)|mutual|in\s+common",
    r"suggested\s+(?:that\s+)?i|recommended|introduced|referred\s+me|gave\s+me\s+your\s+name",
)
_SPECIFIC_MENTION = _alternatives(
    r"you\s+(?:said|mentioned|suggested|recommended|told\s+me|shared|explained|described"
    r"|pointed\s+out|talked\s+about)",
    r"your\s+(?:advice|suggestions?|points?|story|tips?|recommendations?|ideas?|insights?)",
    r"when\s+you|what\s+you\s+said",
)
_QUOTATION = re.compile(r'"[^"\n]*?\w+\s+\w+[^"\n]*"')
# The greeting alone ("Hi Dana Reyes,"), not the line it starts.
_SALUTATION = re.compile(
    r"\A\s*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening))\b[^,\n!:]{0,60}[,\n!:]",
    re.IGNORECASE,
)

# -- Time asked -----------------------------------------------------------------------

# -- The checks -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    facts: DraftFacts
    plain: str
    sentences: list[str]
    today: date


_SUBJECTS = {
    MessageKind.REQUEST: "Informational interview request",
    MessageKind.FOLLOW_UP: "Following up: informational interview request",
    MessageKind.THANK_YOU: "Thank you for your time",
    MessageKind.KEEP_IN_TOUCH: "A quick update",
    MessageKind.INTRO: "Would you introduce me?",
}


def _subject(d: _Draft) -> list[Finding]:
    if d.facts.subject.strip():
        return []
    return _finding("no_subject", example=_SUBJECTS[d.facts.kind])


def _time_ask(d: _Draft) -> list[Finding]:
    minutes = asked_minutes_in_plain(d.plain)
    if minutes is None:
        return _finding("no_time_ask")
    if minutes > TIME_ASK_MAX:
        return _finding("time_ask_too_long", minutes=minutes)
    if minutes > TIME_ASK_AIM:
        return _finding("time_ask_long", minutes=minutes)
    return []


def _job_seeking(d: _Draft) -> list[Finding]:
    found = _phrases(_JOB_SEEKING, d.sentences)
    return _finding("job_seeking", phrase=found[0]) if found else []


def _personal_reason(d: _Draft) -> list[Finding]:
    # "Hi Jane," names the person in every message; it says nothing about why them.
    body = _SALUTATION.sub("", d.plain, count=1)
    body_words = folded(body)
    ground = [g for g in (folded(g) for g in d.facts.common_ground) if g.strip()]
    if any(g in body_words for g in ground) or _PERSONAL_REASON.search(body):
        return []
    shown = ", ".join(g.strip() for g in d.facts.common_ground if g.strip())
    return _finding("no_personal_reason", hint=f" What you share: {shown}." if shown else "")


def _example_option(d: _Draft) -> str:
    when = d.today + timedelta(days=d.facts.lead_days)
    while when.weekday() >= 5:  # a working day is the safer offer
        when += timedelta(days=1)
    return f"{format_date(when, today=d.today)}, 10:00–10:20 (your time)"


def _from_today(when: date, today: date) -> str:
    days = (when - today).days
    if days < 0:
        return "already passed"
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def _time_options(d: _Draft) -> list[Finding]:
    mentions = date_mentions(d.plain, d.today)
    lead, example = d.facts.lead_days, _example_option(d)
    findings = []
    count = len({m.when for m in mentions})
    if d.facts.kind == MessageKind.REQUEST and count < MIN_TIME_OPTIONS:
        what = "No concrete dates are" if count == 0 else "Only one concrete date is"
        findings += _finding("no_time_options", what=what, lead=lead, example=example)
    if soon := sorted({m.when for m in mentions if (m.when - d.today).days < lead}):
        dates = "; ".join(
            f"{format_date(w, today=d.today)} ({_from_today(w, d.today)})" for w in soon
        )
        findings += _finding("time_option_too_soon", dates=dates, lead=lead, example=example)
    for m in mentions:
        if m.weekday is not None and m.weekday != m.when.weekday():
            findings += _finding(
                "weekday_mismatch",
                text=m.text,
                day_month=f"{m.when.day} {_MONTH_NAMES[m.when.month - 1]}",
                actual=_WEEKDAY_NAMES[m.when.weekday()],
                written=_WEEKDAY_NAMES[m.weekday],
                correct=format_date(m.when, today=d.today),
            )
    return findings


def _length(d: _Draft) -> list[Finding]:
    words = word_count(d.facts.body)
    if words > WORDS_MAX:
        return _finding("too_long", words=words)
    return _finding("long", words=words) if words > WORDS_AIM else []


def _second_follow_up(d: _Draft) -> list[Finding]:
    return _finding("second_follow_up") if d.facts.follow_ups_sent >= 1 else []


def _thank_you_timing(d: _Draft) -> list[Finding]:
    if d.facts.meeting_at is None:
        return []
    elapsed = d.facts.now - d.facts.meeting_at
    hours = int(elapsed.total_seconds() // 3600)
    since = f"{elapsed.days} days" if elapsed.days >= 3 else f"{hours} hours"
    if elapsed <= THANK_YOU_AIM:
        return []
    if elapsed <= THANK_YOU_LATEST:
        return _finding("thank_you_late", since=since)
    # Late is still far better than never, so this stays a warning: a problem would say
    # "don't send as is", and no edit makes a late thank-you on time.
    return _finding("thank_you_overdue", since=since)


def _has_note_fragment(folded_body: str, note: str) -> bool:
    """The whole note, or for a longer note any four words of it in a row."""
    words = folded(note).split()
    span = min(4, len(words))
    return bool(words) and any(
        f" {' '.join(words[i : i + span])} " in folded_body for i in range(len(words) - span + 1)
    )


def _thank_you_specific(d: _Draft) -> list[Finding]:
    body_words = folded(d.plain)
    if (
        any(_has_note_fragment(body_words, note) for note in d.facts.marked_notes)
        or _SPECIFIC_MENTION.search(d.plain)
        or _QUOTATION.search(d.plain)
    ):
        return []
    notes = [n.strip() for n in d.facts.marked_notes if n.strip()]
    hint = f" You marked this note to quote: “{notes[0]}”." if notes else ""
    return _finding("thank_you_not_specific", hint=hint)


def _resume(d: _Draft) -> list[Finding]:
    if d.facts.actively_applying or not _phrases(_RESUME_ASK, d.sentences):
        return []
    return _finding("resume_not_applying")


_ANY = tuple(MessageKind)
_RULES = (
    (_subject, _ANY),
    (_time_ask, (MessageKind.REQUEST, MessageKind.FOLLOW_UP)),
    (_job_seeking, (MessageKind.REQUEST, MessageKind.FOLLOW_UP)),
    (_personal_reason, (MessageKind.REQUEST,)),
    (_time_options, (MessageKind.REQUEST, MessageKind.FOLLOW_UP)),
    (_length, _ANY),
    (_second_follow_up, (MessageKind.FOLLOW_UP,)),
    (_thank_you_timing, (MessageKind.THANK_YOU,)),
    (_thank_you_specific, (MessageKind.THANK_YOU,)),
    (_resume, _ANY),
)


def check(facts: DraftFacts) -> list[Finding]:
    """Everything the coach would point out in this draft: problems first, then warnings."""
    body = plain(facts.body)
    draft = _Draft(facts, body, sentences(body), facts.now.astimezone(facts.time_zone).date())
    findings = [f for rule, kinds in _RULES if facts.kind in kinds for f in rule(draft)]
    if any(f.code == "job_seeking" for f in findings):
        # The job finding already says to take the resume out; saying it twice is nagging.
        findings = [f for f in findings if f.code != "resume_not_applying"]
    return sorted(findings, key=lambda f: f.level != Level.PROBLEM)
