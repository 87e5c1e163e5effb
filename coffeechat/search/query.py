"""What the user typed, as a full-text query that can not fail.

Only words are kept (letters and digits; everything else separates them), each one is
quoted, and all of them must match: the operators of either engine (AND, OR, NOT, NEAR,
quotes, *, parentheses, column filters, & | ! <->) are just words or separators here, so
no input is a syntax error. The last word matches as a prefix while the user is still
typing it ("whitf" finds Whitfield); a trailing space says the word is complete.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_WORDS = 12  # beyond this a query matches nothing more useful, and costs more
MAX_WORD = 64  # no real word is longer; a 500-character "word" is not one to look up
MIN_PREFIX = 2  # "a*" would expand to most of the index
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Terms:
    words: tuple[str, ...]
    prefix: bool  # whether the last word matches as a prefix

    def __bool__(self) -> bool:
        return bool(self.words)


def terms(text: str | None) -> Terms:
    """The words to look for, lowercased; empty when there is nothing to search for."""
    text = unicodedata.normalize("NFKC", text or "").replace("\x00", " ")
    words = tuple(w.casefold()[:MAX_WORD] for w in _WORD.findall(text))[:MAX_WORDS]
    if not words:
        return Terms((), False)
    complete = text[-1:].isspace() or len(words[-1]) < MIN_PREFIX
    return Terms(words, prefix=not complete)


def fts5_match(found: Terms) -> str:
    """An FTS5 MATCH expression: every word a quoted string, all required."""
    parts = ['"' + w.replace('"', '""') + '"' for w in found.words]
    if found.prefix:
        parts[-1] += "*"
    return " ".join(parts)


def tsquery(found: Terms) -> str:
    """A to_tsquery() expression: every word a quoted lexeme, joined with &."""
    parts = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in found.words]
    if found.prefix:
        parts[-1] += ":*"
    return " & ".join(parts)
