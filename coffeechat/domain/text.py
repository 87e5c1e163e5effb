"""Reading a message as a person would: words, sentences, the minutes asked, the dates.

Pure functions, no Django; the coach (coffeechat.domain.coach) checks drafts with them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

# A date written without a year is read as its next occurrence, but one that fell
# a few days ago stays in the past: "1 December" written on 5 December is a slip
# the coach should point out, not a date next year.
PAST_GRACE = timedelta(days=7)

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033", '"'),
    }
)
_WORD = re.compile(r"[^\W_]+")


# The combining accents of Latin, Greek and Cyrillic text, as NFKD leaves them.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def plain(text: str) -> str:
    """Accents off, one kind of dash and quote, so "résumé" and "15–20 min" read simply."""
    if text.isascii():
        return text
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).translate(_TRANSLATE)


def folded(text: str) -> str:
    """Words only, lower case, padded: `" acme " in folded(body)` is a whole-word match."""
    return " " + " ".join(_WORD.findall(plain(text).casefold())) + " "


def word_count(text: str) -> int:
    """Words as a reader counts them: "10:00–10:20" is one, a lone dash is none."""
    return sum(1 for token in text.split() if _WORD.search(token))


_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n")


def sentences(plain: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(plain) if s.strip()]


# fmt: off
_NUMBER_WORDS = {
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30,
    "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90, "one": 1, "two": 2, "three": 3,
}
# fmt: on
_NUM = r"\d{1,3}(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_UNIT = r"minutes?|mins?|hours?|hrs?"
_DURATION = re.compile(
    rf"(?<![\w.:])(?=\w)(?:(?P<lo>{_NUM})\s*(?:-|to|or)\s*(?P<hi>{_NUM})"
    rf"\s*-?\s*(?P<range_unit>{_UNIT})"
    rf"|(?P<and_half>{_NUM}|an?)\s+(?:and\s+a\s+half\s+hours?|hours?\s+and\s+a\s+half)"
    rf"|(?P<n>{_NUM})\s*-?\s*(?P<unit>{_UNIT})"
    r"|(?P<half>half[\s-]+an[\s-]+hour|(?:a\s+)?half[\s-]hour)"
    r"|(?P<quarter>(?:a\s+)?quarter\s+of\s+an\s+hour)"
    r"|(?P<hour>an\s+hour))\b",
    re.IGNORECASE,
)
# Durations that are not the ask: "10 hours a week", "2 years ago", "an hour away".
_NOT_THE_ASK_AFTER = re.compile(
    r"\s*(?:(?:a|per|each|every)\s+(?:day|week|month|year)|ago|away|late|early"
    r"|(?:of\s+)?(?:commute|commuting|drive|driving|walk|walking|flight|travel|ride))\b",
    re.IGNORECASE,
)
_NOT_THE_ASK_BEFORE = re.compile(r"\b(?:spent|spend|spending|after|past|last)\s+$", re.IGNORECASE)


def _number(text: str) -> float:
    text = text.lower()
    return 1 if text in ("a", "an") else _NUMBER_WORDS.get(text) or float(text)


def _minutes(m: re.Match[str]) -> int:
    if m.group("lo"):
        top = max(_number(m.group("lo")), _number(m.group("hi")))
        return round(top * (60 if m.group("range_unit")[0] in "hH" else 1))
    if m.group("and_half"):
        return round((_number(m.group("and_half")) + 0.5) * 60)
    if m.group("n"):
        return round(_number(m.group("n")) * (60 if m.group("unit")[0] in "hH" else 1))
    return 30 if m.group("half") else 15 if m.group("quarter") else 60


def asked_minutes(text: str) -> int | None:
    """The longest time the text asks for, in minutes; a range counts by its upper end.

    None when no specific time is asked ("a quick chat" is not specific).
    """
    return asked_minutes_in_plain(plain(text))


def asked_minutes_in_plain(plain: str) -> int | None:
    found = [
        _minutes(m)
        for m in _DURATION.finditer(plain)
        if not _NOT_THE_ASK_AFTER.match(plain, m.end())
        and not _NOT_THE_ASK_BEFORE.search(plain[max(0, m.start() - 12) : m.start()])
    ]
    return max(found) if found else None


# -- Dates ------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)"
)
_YEAR = r"(?:19|20)\d{2}\b(?!:)"
_DATE = re.compile(
    rf"(?<!\w)(?=\w)(?:(?P<wd>{_WEEKDAY})\b\.?,?\s+(?:the\s+)?)?"
    r"(?:(?P<iy>\d{4})(?P<sep>[-/.])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})(?![\d])"
    rf"|(?<![\d:])(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{_MONTH})\b\.?"
    rf"(?:,?\s+(?P<y1>{_YEAR}))?"
    rf"|(?P<m2>{_MONTH})\b\.?\s+(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d)"
    # "May 20 minutes of your time" is a time ask, not 20 May.
    rf"(?!\s*-?\s*(?:{_UNIT})\b)(?:,?\s+(?P<y2>{_YEAR}))?)",
    re.IGNORECASE,
)
_MONTH_NUMBERS = {
    m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}
_WEEKDAY_NUMBERS = {d: i for i, d in enumerate("mon tue wed thu fri sat sun".split())}
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


class DateMention(NamedTuple):
    when: date
    weekday: int | None  # the weekday written with it, Monday = 0
    text: str


def _resolve(year: str | None, month: int, day: int, today: date) -> date | None:
    if year:
        try:
            return date(int(year), month, day)
        except ValueError:
            return None
    # Last year first (late December read in early January); eight years on finds a 29 February.
    for y in range(today.year - 1, today.year + 9):
        try:
            candidate = date(y, month, day)
        except ValueError:
            continue
        if candidate >= today - PAST_GRACE:
            return candidate
    return None


def date_mentions(plain: str, today: date) -> list[DateMention]:
    """Each concrete date written in the text, in order, with the weekday written beside it."""
    mentions = []
    for m in _DATE.finditer(plain):
        if m.group("iy"):
            year, month, day = m.group("iy"), int(m.group("im")), int(m.group("id"))
        elif m.group("m1"):
            year, month = m.group("y1"), _MONTH_NUMBERS[m.group("m1")[:3].lower()]
            day = int(m.group("d1"))
        else:
            written = m.group("m2")
            # "you may 2..." and "to march 5..." are verbs; a month starts with a capital.
            if written.lower() in ("may", "mar", "march") and written[0].islower():
                continue
            year, month = m.group("y2"), _MONTH_NUMBERS[written[:3].lower()]
            day = int(m.group("d2"))
        when = _resolve(year, month, day, today)
        if when is not None:
            wd = m.group("wd")
            weekday = _WEEKDAY_NUMBERS[wd[:3].lower()] if wd else None
            mentions.append(DateMention(when, weekday, m.group(0).strip()))
    return mentions


def find_dates(text: str, *, now: datetime, tz: ZoneInfo) -> list[date]:
    """The distinct concrete dates written in the text, in the order first written.

    Day and month in words ("Tue 8 Dec", "December 8th, 2026") or ISO ("2026-12-08").
    Not "8/12": which is the day depends on the country. Not "next Tuesday": not concrete.
    """
    today = now.astimezone(tz).date()
    return list(dict.fromkeys(m.when for m in date_mentions(plain(text), today)))


def format_date(when: date, *, today: date) -> str:
    text = f"{_WEEKDAY_NAMES[when.weekday()]} {when.day} {_MONTH_NAMES[when.month - 1]}"
    return text if when.year == today.year else f"{text} {when.year}"
