"""Drafts in the user's voice, from templates the user can edit (DOMAIN.md "Asking for the
conversation", "After", "Keeping in touch").

A template is plain text with placeholders such as {their_first_name}; {{ and }} are
literal braces. Two rules keep a draft from reading half-filled:
- in the body, a line that uses a placeholder with nothing to put in it is left out, and
  so is a line ending in a colon whose list below it was left out;
- in the subject, which can't be left out, the empty value goes with the little word and
  the punctuation that led to it ("Request: {their_organization}" becomes "Request").
Values are inserted as text and never read as templates: a name like "{x}" stays "{x}".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from coffeechat.domain.messages import KeepInTouchReason, MessageKind


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


TEMPLATE_KEYS: list[str] = [
    "request",
    "follow_up",
    "thank_you",
    "keep_in_touch:advice",
    "keep_in_touch:milestone",
    "keep_in_touch:article",
    "keep_in_touch:greeting",
    "intro",
]

PLACEHOLDERS: dict[str, str] = {
    "my_name": "Your name, as you sign your messages.",
    "my_first_name": "Your first name.",
    "my_background": "Who you are, in a sentence or two of your own.",
    "my_pitch": "Your 30 to 60 second story.",
    "my_goals": "Your goals.",
    "sign_off": 'How you close a message, e.g. "Best wishes".',
    "their_name": "Their full name.",
    "their_first_name": 'Their first name ("Dr. Lee" for "Dr. Dana Lee").',
    "their_title": "Their job title.",
    "their_organization": "Where they work.",
    "their_role": 'Their title and organization, as far as known: "Analyst at Acme".',
    "connector_name": "The mutual contact who introduces you.",
    "connector_first_name": "The mutual contact's first name.",
    "purpose": 'Why you are asking, after "I\'m": "exploring where my career could go next".',
    "learn": 'What you hope to learn, after "I\'m hoping to learn"; from the purpose if unset.',
    "minutes": "The minutes you ask for.",
    "formats": 'The ways to meet: "by video call, by phone, or in person near you".',
    "time_options": "The times you propose, in their time zone: a bulleted list on its own line.",
    "common_ground": 'What you share: "We both studied at Lyon 2."',
    "why_you": "The common ground, or without any, a line about their work at their organization.",
    "marked_note": "Something they said, quoted in the thank-you.",
    "next_step": 'What you will do with their advice, after "I\'m going to".',
    "the_ask": "The ask you made at the end, restated as a sentence.",
    "milestone": 'Your news, as a sentence: "I start as an analyst at Etalab in January."',
    "article": "The article or event, with its link.",
    "meeting_date": 'When you spoke, after "when we spoke": "in March", "on 3 March".',
}

# Derived wording, in our own words; the user overrides it through `learn` or a template.
PURPOSE_WORDS = {
    "explore": "exploring where my career could go next",
    "onboard": "new here and getting to know how our teams fit together",
    "advance": "thinking about how to grow in my role here",
}
LEARN_WORDS = {
    "explore": "what your work looks like day to day, and how people find their way into it",
    "onboard": "how your team works, and how my role can best fit with yours",
    "advance": "how you grew into your role, and what helped along the way",
}
FORMAT_WORDS = {"video": "by video call", "phone": "by phone", "in_person": "in person near you"}
# The interview's ask (interviews.models.Ask), restated after the conversation.
ASK_SENTENCES = {
    "stay_in_touch": "I'd like to stay in touch, if that's all right, and I'll let you know "
    "how things go.",
    "someone_else": "If anyone comes to mind who'd be good for me to talk to next, I'd be "
    "grateful for a name.",
    "come_back": "If it's all right with you, I may come back with a question or two as I go.",
    "pass_resume": "I've attached my resume, in case you're still happy to pass it on.",
}
_SIGNATURE = "{sign_off},\n{my_name}"
_KEEP_SIGNATURE = "{sign_off},\n{my_first_name}"

DEFAULTS: dict[str, Template] = {
    "request": Template(
        "Informational interview request: {their_organization}",
        "Hello {their_first_name},\n\n"
        "{my_background}\n\n"
        "{why_you}\n\n"
        "I'm hoping to learn {learn}. Would you have {minutes} minutes for a conversation "
        "in the coming weeks? We could talk {formats}, whichever suits you.\n\n"
        "These times would suit me, in your time zone, but I'm glad to work around your "
        "calendar:\n"
        "{time_options}\n\n"
        "To be clear, this is not a job request: I'd simply value your perspective.\n\n"
        f"Thank you for considering it.\n\n{_SIGNATURE}",
    ),
    "follow_up": Template(
        "Following up: informational interview request",
        "Hello {their_first_name},\n\n"
        "I'm following up once on my note from last week, in case it got buried: would you "
        "have {minutes} minutes to tell me about your work? We could talk {formats}.\n\n"
        "These times would still suit me, in your time zone:\n"
        "{time_options}\n\n"
        "If now isn't a good time, no worries at all, and thank you for reading.\n\n"
        f"{_SIGNATURE}",
    ),
    "thank_you": Template(
        "Thank you for your time",
        "Hi {their_first_name},\n\n"
        "Thank you for taking the time to talk with me. I came away with plenty to think "
        "about.\n\n"
        "I keep coming back to something you said: “{marked_note}”\n\n"
        "Your advice gave me a clear next step: I'm going to {next_step}.\n\n"
        "{the_ask}\n\n"
        f"{_SIGNATURE}",
    ),
    "keep_in_touch:advice": Template(
        "I took your advice",
        "Hi {their_first_name},\n\n"
        "I hope you've been well. I wanted to let you know that I acted on the advice you "
        "gave me, and to thank you again for it.\n\n"
        "You suggested I {next_step}, and I've done just that.\n\n"
        f"{_KEEP_SIGNATURE}",
    ),
    "keep_in_touch:milestone": Template(
        "Some news I wanted to share",
        "Hi {their_first_name},\n\n"
        "I hope you've been well since we spoke {meeting_date}.\n\n"
        "You were generous with your time when I was finding my way, so I wanted you to "
        "hear my news from me:\n"
        "{milestone}\n\n"
        "Thank you again, and I hope our paths cross soon.\n\n"
        f"{_KEEP_SIGNATURE}",
    ),
    "keep_in_touch:article": Template(
        "Thought of you",
        "Hi {their_first_name},\n\n"
        "I hope you've been well. I came across this and thought of you:\n"
        "{article}\n\n"
        "No need to reply; I just thought you might enjoy it.\n\n"
        f"{_KEEP_SIGNATURE}",
    ),
    "keep_in_touch:greeting": Template(
        "Warm wishes for the season",
        "Hi {their_first_name},\n\n"
        "I wanted to send you warm wishes for the season, and to thank you again for the "
        "time you gave me.\n\n"
        "A bit of news from me: {milestone}\n\n"
        "I hope the months ahead bring you good things.\n\n"
        f"{_KEEP_SIGNATURE}",
    ),
    "intro": Template(
        "Would you be comfortable introducing me to {their_name}?",
        "Hi {connector_first_name},\n\n"
        "I'm {purpose}, and I'd love to learn from {their_name}, who I think you know.\n\n"
        "Would you be comfortable introducing us? Please feel free to say no: I'll "
        "understand, and I won't contact them through you without your yes.\n\n"
        "If you're happy to, here is a short note you could forward as it is:\n"
        "    {my_background}\n"
        "    I'd be grateful for {minutes} minutes of your time, to learn {learn}. This is "
        "not a job request: I'd simply value your perspective. I can talk {formats}, "
        "whenever suits you.\n"
        "    {my_name}\n\n"
        "Thank you either way,\n{my_name}",
    ),
}


def template_key(kind: MessageKind | str, reason: KeepInTouchReason | str | None = None) -> str:
    kind = MessageKind(kind)
    if kind == MessageKind.KEEP_IN_TOUCH:
        if reason is None:
            reasons = ", ".join(r.value for r in KeepInTouchReason)
            raise ValueError(f"A keep-in-touch message needs a reason: {reasons}.")
        return f"{kind.value}:{KeepInTouchReason(reason).value}"
    if reason is not None:
        raise ValueError(f"Only a keep-in-touch message has a reason, not a {kind.label}.")
    return kind.value


def default_template(key: str) -> Template:
    try:
        return DEFAULTS[key]
    except KeyError:
        raise ValueError(f"No template {key!r}. Known: {', '.join(TEMPLATE_KEYS)}.") from None


# --- Parsing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    name: str


# "{{" and "}}" first, so "{{name}}" is the literal text "{name}" as in str.format.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_Line = list[str | _Slot]


def _known() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def _suggest(text: str) -> str:
    guess = "_".join(text.strip().lower().replace("-", " ").split())
    close = difflib.get_close_matches(guess, PLACEHOLDERS, n=1)
    return f" Did you mean {{{close[0]}}}?" if close else ""


def _parse(text: str, part: str) -> list[_Line]:
    lines: list[_Line] = []
    for number, line in enumerate(_lines(text), start=1):
        where = f"in the {part}" + (f", line {number}" if part == "body" else "")
        tokens: _Line = []
        pos = 0
        for match in _TOKEN.finditer(line):
            tokens.append(line[pos : match.start()])
            pos, found, name = match.end(), match.group(), match.group(1)
            column = match.start() + 1
            if found in ("{{", "}}"):
                tokens.append(found[0])
            elif found == "{":
                raise ValueError(
                    f"Unclosed brace {where}, column {column}: “{line[match.start() :][:20]}”. "
                    "Write {{ for a literal brace."
                )
            elif found == "}":
                raise ValueError(
                    f"Unmatched }} {where}, column {column}. Write }}}} for a literal brace."
                )
            elif not _NAME.fullmatch(name):
                raise ValueError(
                    f"Malformed placeholder {found} {where}: a placeholder is a name such as "
                    "{their_first_name}, and {{ }} write literal braces." + _suggest(name)
                )
            elif name not in PLACEHOLDERS:
                raise ValueError(
                    f"Unknown placeholder {found} {where}.{_suggest(name)} Known: {_known()}."
                )
            else:
                tokens.append(_Slot(name))
        tokens.append(line[pos:])
        lines.append([t for t in tokens if t != ""])
    return lines


def _lines(text: str) -> list[str]:
    # A template edited in a browser comes back with \r\n line ends.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def check_template(template: Template) -> None:
    """Refuse a template that would not render, naming the placeholder or brace and where."""
    _parse(_subject_text(template.subject), "subject")
    _parse(template.body, "body")


def _subject_text(subject: str) -> str:
    # A subject is one header line: a line break in it would start a new header.
    return " ".join(_lines(subject))


# --- Values -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftContext:
    my_name: str
    my_background: str = ""
    my_pitch: str = ""
    my_goals: str = ""
    sign_off: str = "Best wishes"
    their_name: str = ""
    their_title: str = ""
    their_organization: str = ""
    purpose: str = "explore"  # explore | onboard | advance
    minutes: int = 20
    formats: tuple[str, ...] = ("video", "phone", "in_person")  # preferred first
    time_options: tuple[str, ...] = ()  # already formatted, in their time zone
    common_ground: tuple[str, ...] = ()  # sentences from common_ground()
    connector_name: str = ""
    learn: str = ""
    marked_note: str = ""
    next_step: str = ""
    the_ask: str = ""
    milestone: str = ""
    article: str = ""
    meeting_date: str = ""


_TITLES = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame"}
_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'", "‘": "’", "„": "“"}


def _one_line(text: str) -> str:
    """User text as one line: a stray line break would split a sentence or a bullet."""
    return " ".join(part.strip() for part in str(text or "").splitlines() if part.strip())


def first_name(name: str) -> str:
    """ "Dana Lee, PhD" is Dana; "Dr. Dana Lee" is addressed as Dr. Lee."""
    words = _one_line(name).split(",")[0].split()
    if len(words) > 1 and words[0].rstrip(".").lower() in _TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0] if words else ""


def _unquote(text: str) -> str:
    # The template supplies the quotation marks; a note pasted with its own would double them.
    if len(text) > 1 and _QUOTES.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def _formats(formats: tuple[str, ...]) -> str:
    # No preference (or none we know) means any of them suits.
    chosen = [FORMAT_WORDS[f] for f in dict.fromkeys(formats) if f in FORMAT_WORDS]
    *rest, last = chosen or list(FORMAT_WORDS.values())
    return f"{', '.join(rest)}{',' if len(rest) > 1 else ''} or {last}" if rest else last


def _values(c: DraftContext) -> dict[str, str | tuple[str, ...]]:
    text = {n: _one_line(v) for n, v in vars(c).items() if isinstance(v, str)}
    purpose = c.purpose if c.purpose in PURPOSE_WORDS else "explore"
    title, org = text["their_title"], text["their_organization"]
    common = " ".join(s for s in map(_one_line, c.common_ground) if s)
    elsewhere = (
        f"I'm writing to you because of your work at {org}, and I'd value hearing how it "
        "looks from the inside."
    )
    next_step = text["next_step"]
    if next_step.lower().startswith("to "):
        next_step = next_step[3:].lstrip()
    ask = text["the_ask"]
    return text | {
        "my_first_name": first_name(c.my_name),
        "their_first_name": first_name(c.their_name),
        "connector_first_name": first_name(c.connector_name),
        "their_role": " at ".join(part for part in (title, org) if part),
        "purpose": PURPOSE_WORDS[purpose],
        "learn": text["learn"] or LEARN_WORDS[purpose],
        "minutes": str(c.minutes),
        "formats": _formats(tuple(c.formats)),
        "time_options": tuple(t for t in map(_one_line, c.time_options) if t),
        "common_ground": common,
        "why_you": common or (elsewhere if org else ""),
        "marked_note": _unquote(text["marked_note"]),
        "next_step": next_step,
        "the_ask": ASK_SENTENCES.get(ask, ask),
    }


# --- Rendering ----------------------------------------------------------------------------

_BULLET = re.compile(r"\s*(?:[-*•‣–]\s*)?")
_ENDS_SENTENCE = (".", "!", "?", "…")
_SEPARATORS = " \t,:;|/–—-"
_LINK_WORD = re.compile(r"(?i)(?:^|\s)(?:to|at|with|for|from|of|in|on|and|by)$")


def _render_line(tokens: _Line, values: dict) -> list[str] | None:
    """The rendered line (a list line gives one per item), or None when it is left out."""
    slots = [t for t in tokens if isinstance(t, _Slot)]
    if any(not values[s.name] for s in slots):
        return None
    if len(slots) == 1 and isinstance(values[slots[0].name], tuple):
        at = tokens.index(slots[0])
        before, after = "".join(tokens[:at]), "".join(tokens[at + 1 :])
        if _BULLET.fullmatch(before) and not after.strip():
            prefix = before if before.strip() else before + "- "
            return [prefix + item for item in values[slots[0].name]]
    out: list[str] = []
    for i, token in enumerate(tokens):
        if isinstance(token, _Slot):
            value = values[token.name]
            out.append(value if isinstance(value, str) else "; ".join(value))
        else:
            # "learn {learn}." with a value that already ends its sentence: no "..".
            if i and isinstance(tokens[i - 1], _Slot) and out[-1].endswith(_ENDS_SENTENCE):
                token = token[1:] if token.startswith(".") else token
            out.append(token)
    return ["".join(out)]


def _render_body(lines: list[_Line], values: dict) -> str:
    rendered = [_render_line(tokens, values) for tokens in lines]
    blank = [all(isinstance(t, str) and not t.strip() for t in tokens) for tokens in lines]
    for i, got in enumerate(rendered):
        # A lead-in such as "These times would suit me:" goes when its list went.
        if got and len(got) == 1 and got[0].rstrip().endswith(":"):
            start = next((j for j in range(i + 1, len(lines)) if not blank[j]), len(lines))
            end = next((j for j in range(start, len(lines)) if blank[j]), len(lines))
            if start < end and all(r is None for r in rendered[start:end]):
                rendered[i] = None
    out: list[str] = []
    for got in rendered:
        for line in got or []:
            line = line.rstrip()
            if line or (out and out[-1]):
                out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _render_subject(tokens: _Line, values: dict) -> str:
    out, emptied = "", False
    for token in tokens:
        if not isinstance(token, _Slot):
            out += token
            continue
        value = values[token.name]
        value = value if isinstance(value, str) else "; ".join(value)
        if value:
            out += value
        else:
            # The empty value takes what led to it: "request: ", "introducing me to ".
            emptied = True
            out = _LINK_WORD.sub("", out.rstrip(_SEPARATORS)).rstrip(_SEPARATORS)
    out = " ".join(out.split())
    if emptied:
        out = re.sub(r"\(\s*\)|\[\s*\]", "", out)
        out = re.sub(r"\s+([,.;:!?])", r"\1", out)
        out = " ".join(out.split()).strip(_SEPARATORS)
    return out


def render(template: Template, context: DraftContext) -> Template:
    """The template filled in from the context; ValueError if the template is malformed."""
    subject = _parse(_subject_text(template.subject), "subject")
    body = _parse(template.body, "body")
    values = _values(context)
    return Template(_render_subject(subject[0], values), _render_body(body, values))


def draft(key: str, context: DraftContext, template: Template | None = None) -> Template:
    """The message for `key`, from the user's own template if they wrote one."""
    return render(template or default_template(key), context)


# --- Common ground ------------------------------------------------------------------------


@dataclass(frozen=True)
class Background:
    schools: tuple[str, ...] = ()
    employers: tuple[str, ...] = ()  # past and present


def _fold(name: str) -> str:
    """ "Université Lyon 2", "universite lyon 2" and "Universite  Lyon-2" are one school."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def _shared(mine: tuple[str, ...], theirs: tuple[str, ...]) -> list[str]:
    """The user's spelling of what both lists hold, in the user's order, once each."""
    theirs_folded = {_fold(t) for t in theirs} - {""}
    shared: dict[str, str] = {}
    for name in mine:
        key = _fold(name)
        if key in theirs_folded and key not in shared:
            shared[key] = _one_line(name)
    return list(shared.values())


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def common_ground(
    *, mine: Background, theirs: Background, connector_name: str = ""
) -> tuple[str, ...]:
    """Sentences for the request, strongest first: a mutual contact, a school, an employer."""
    sentences = []
    if _one_line(connector_name):
        sentences.append(f"{_one_line(connector_name)} suggested I get in touch.")
    if schools := _shared(mine.schools, theirs.schools):
        sentences.append(f"We both studied at {_and(schools)}.")
    if employers := _shared(mine.employers, theirs.employers):
        sentences.append(f"We both worked at {_and(employers)}.")
    return tuple(sentences)


def split_list(text: str) -> tuple[str, ...]:
    """A list typed one per line or with semicolons; commas stay ("Acme, Inc.")."""
    return tuple(p.strip() for p in re.split(r"[;\r\n]", text or "") if p.strip())
