"""Guess how senior someone is from their job title (DOMAIN.md: prefer mid-level).

A guess, always editable by the user. Words are matched whole, so "Vice" in a
surname or "chief" inside another word does not count.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Seniority(StrEnum):
    UNKNOWN = "unknown"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    EXECUTIVE = "executive"

    @property
    def label(self) -> str:
        return self.value.capitalize() if self != Seniority.MID else "Mid-level"


_EXECUTIVE = (
    r"chief",
    # The C-suite acronyms in use; a pattern like c.o would also catch "Cato".
    r"ceo|cto|cfo|coo|cmo|cio|cpo|cro|cso|cdo|cco|cxo|ciso|chro|caio",
    r"president",
    r"vice[ -]president",
    r"s?vp",
    r"evp",
    r"founder",
    r"co-?founder",
    r"managing partner",
    r"general partner",
    r"founding partner",
    r"business owner",
    r"managing director",
    r"executive director",
    r"general manager",
)
_SENIOR = (
    r"director",
    r"head of",
    r"head",
    r"principal",
    r"staff",
    r"senior",
    r"sr\.?",
    r"lead",
    r"architect",
    r"professor",
)
_JUNIOR = (
    r"intern",
    r"internship",
    r"trainee",
    r"apprentice",
    r"junior",
    r"jr\.?",
    r"associate",
    r"analyst",
    r"assistant",
    r"graduate",
    r"entry[ -]level",
    r"student",
    r"fellow",
)


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


_EXECUTIVE_RE = _pattern(_EXECUTIVE)
_SENIOR_RE = _pattern(_SENIOR)
_JUNIOR_RE = _pattern(_JUNIOR)


_BARE_OWNER_RE = re.compile(r"(?:(?:global|regional|national)\s+)*(?:co-?)?(?:owner|partner)", re.I)


def _core(title: str) -> str:
    """The title without decorations such as ", EMEA", " (Remote)" or " - Payments"."""
    return re.split(r"\s*(?:[,(|/]|\s-\s)", title.strip(), maxsplit=1)[0].strip()


def guess_seniority(title: str | None) -> Seniority:
    """Executive beats senior beats junior: "Senior Associate" is senior, "Associate
    Director" is senior, "Assistant Vice President" is an executive title."""
    if not title or not title.strip():
        return Seniority.UNKNOWN
    # "Owner" and "Partner" alone run the business; "Product Owner" and "Partner
    # Manager" are mid-level roles, so these two words count only on their own.
    if _EXECUTIVE_RE.search(title) or _BARE_OWNER_RE.fullmatch(_core(title)):
        return Seniority.EXECUTIVE
    if _SENIOR_RE.search(title):
        return Seniority.SENIOR
    if _JUNIOR_RE.search(title):
        return Seniority.JUNIOR
    return Seniority.MID
