"""What every reader shares: rows, problems, decoding, and the checks of a cell."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email


class UnreadableFile(ValueError):
    """The whole file is refused: wrong encoding, no recognizable header, not this format."""


@dataclass
class Row:
    line: int
    name: str
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    organization: str = ""
    title: str = ""
    first_degree_since: date | None = None
    notes: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    expected: str
    found: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: expected {self.expected}, found {self.found!r}"


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    raw: dict[int, list[str]] = field(default_factory=dict)  # rejected lines, as read


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"the file is not UTF-8 text (byte {error.start} can't be read); "
            "save it again as UTF-8 and retry"
        ) from None


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


_url = URLValidator(schemes=["http", "https"])
# A plain LinkedIn profile address, which every address this pattern takes also passes
# URLValidator: a file holds thousands of them, and the full check costs 40 µs each.
_PROFILE_URL = re.compile(
    r"https?://(?:www\.|[a-z]{2}\.)?linkedin\.com/in/[A-Za-z0-9_%-]{1,200}/?", re.ASCII
)


# The plain addresses nearly every contact has, all of which validate_email accepts too
# (a dot-atom local part, host labels that don't start or end with "-", a letters-only
# top-level domain); anything else goes through the full check.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}",
    re.ASCII,
)


def _check_email(value: str, line: int, column: str, parsed: Parsed) -> str:
    if not value:
        return ""
    if len(value) <= 254 and _PLAIN_EMAIL.fullmatch(value):
        return value
    try:
        validate_email(value)
    except ValidationError:
        parsed.problems.append(Problem(line, column, "an email address", value))
        return ""
    return value


def _check_url(value: str, line: int, column: str, parsed: Parsed) -> str:
    if not value:
        return ""
    if not value.lower().startswith(("http://", "https://")):
        value = "https://" + value
    if _PROFILE_URL.fullmatch(value):
        return value
    try:
        _url(value)
    except ValidationError:
        parsed.problems.append(Problem(line, column, "a web address", value))
        return ""
    return value


def _records(text: str):
    """(line number, cells) for each CSV record; quoted cells may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def write_rejected(parsed_problems: list[Problem], raw: dict[int, list[str]], stream) -> int:
    """The rejected lines as a CSV, each with what was wrong, to fix and import again."""
    writer = csv.writer(stream)
    writer.writerow(["line", "problem", "cells"])
    by_line: dict[int, list[str]] = {}
    for problem in parsed_problems:
        by_line.setdefault(problem.line, []).append(
            f"{problem.column}: expected {problem.expected}, found {problem.found!r}"
        )
    for line in sorted(raw):
        writer.writerow([line, "; ".join(by_line.get(line, [])), *raw[line]])
    return len(raw)
