"""Reading other tools' contact files into rows coffeechat can import (no database).

Each reader takes the file's bytes and returns a Parsed: the rows it could read and
the problems of those it could not, each naming the line, the column, what was expected
and what was found. A file that can't be read at all raises UnreadableFile, and then
nothing is imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

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


# --- LinkedIn -----------------------------------------------------------------------

LINKEDIN_DATES = ("%d %b %Y", "%d-%b-%y", "%d %B %Y", "%Y-%m-%d")


def _linkedin_date(value: str) -> date | None:
    for pattern in LINKEDIN_DATES:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def read_linkedin(data: bytes) -> Parsed:
    """LinkedIn's Connections.csv, whatever its notes preamble and spreadsheet re-saves."""
    text = decode(data)
    records = _records(text)
    header = None
    for _, cells in records:
        names = [_clean(c).lower() for c in cells]
        # Found by content: the preamble's length varies from export to export.
        if "first name" in names and "last name" in names:
            header = names
            break
    if header is None:
        raise UnreadableFile(
            "no LinkedIn header found (a line with First Name, Last Name, Company, Position); "
            "is this LinkedIn's Connections.csv?"
        )
    column = {name: i for i, name in enumerate(header)}

    def cell(cells, name):
        i = column.get(name)
        return _clean(cells[i]) if i is not None and i < len(cells) else ""

    parsed = Parsed()
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue  # the blank rows spreadsheets leave at the end
        before = len(parsed.problems)
        name = _clean(f"{cell(cells, 'first name')} {cell(cells, 'last name')}")
        if not name:
            parsed.problems.append(Problem(line, "First Name / Last Name", "a name", ""))
        connected = cell(cells, "connected on")
        since = _linkedin_date(connected) if connected else None
        if connected and since is None:
            parsed.problems.append(
                Problem(line, "Connected On", "a date such as 15 Mar 2024", connected)
            )
        row = Row(
            line=line,
            name=name,
            email=_check_email(cell(cells, "email address"), line, "Email Address", parsed),
            linkedin_url=_check_url(cell(cells, "url"), line, "URL", parsed),
            organization=cell(cells, "company"),
            title=cell(cells, "position"),
            first_degree_since=since,
        )
        if len(parsed.problems) > before:
            parsed.raw[line] = cells
        else:
            parsed.rows.append(row)
    return parsed


# --- Google Contacts ----------------------------------------------------------------

_GROUP = re.compile(r"^(e-mail|phone|website|organization) (\d+) - (value|name|title|type)$")


def _values(cell: str) -> list[str]:
    """Google's " ::: "-separated values, the one marked "* " (primary) first."""
    values = [v.strip() for v in (cell or "").split(":::") if v.strip()]
    primary = [v[2:].strip() for v in values if v.startswith("* ")]
    rest = [v for v in values if not v.startswith("* ")]
    return primary + rest


def read_google(data: bytes) -> Parsed:
    """Google Contacts CSV, in either header style (current or legacy "Given Name")."""
    text = decode(data)
    records = _records(text)
    try:
        _, header_cells = next(records)
    except StopIteration:
        raise UnreadableFile("the file is empty") from None
    header = [_clean(c).lower() for c in header_cells]
    current = "first name" in header and "organization name" in header
    legacy = "given name" in header or "organization 1 - name" in header
    if not (current or legacy) or not any(h.startswith("e-mail 1") for h in header):
        raise UnreadableFile(
            "no Google Contacts header found (First Name ... E-mail 1 - Value, or Name, "
            "Given Name ...); is this a Google Contacts CSV export?"
        )
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        match = _GROUP.match(name)
        if match and match.group(3) in ("value", "name", "title"):
            groups.setdefault(f"{match.group(1)} {match.group(3)}", []).append(i)

    def first_with_column(cells, key) -> tuple[str, str]:
        for i in groups.get(key, []):
            if i < len(cells):
                values = _values(cells[i])
                if values:
                    return _clean(values[0]), _clean(header_cells[i])
        return "", ""

    def first(cells, key):
        return first_with_column(cells, key)[0]

    def cell(cells, name):
        i = header.index(name) if name in header else None
        return _clean(cells[i]) if i is not None and i < len(cells) else ""

    parsed = Parsed()
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        before = len(parsed.problems)
        name = cell(cells, "name") or _clean(
            " ".join(
                cell(cells, part)
                for part in (
                    "first name",
                    "middle name",
                    "last name",
                    "given name",
                    "additional name",
                    "family name",
                )
            )
        )
        if not name:
            parsed.problems.append(Problem(line, "Name", "a name", ""))
        websites = [
            v for i in groups.get("website value", []) if i < len(cells) for v in _values(cells[i])
        ]
        linkedin = next((w for w in websites if "linkedin.com" in w.lower()), "")
        labels = cell(cells, "labels") or cell(cells, "group membership")
        tags = [
            t.strip().lstrip("* ").strip()
            for t in labels.split(":::")
            if t.strip() and "mycontacts" not in t.lower().replace(" ", "")
        ]
        email, email_column = first_with_column(cells, "e-mail value")
        row = Row(
            line=line,
            name=name,
            email=_check_email(email, line, email_column, parsed),
            phone=first(cells, "phone value")[:40],
            linkedin_url=_check_url(linkedin, line, "Website", parsed),
            organization=cell(cells, "organization name") or first(cells, "organization name"),
            title=cell(cells, "organization title") or first(cells, "organization title"),
            notes=(
                cells[header.index("notes")]
                if "notes" in header and header.index("notes") < len(cells)
                else ""
            ).strip(),
            tags=tags,
        )
        if len(parsed.problems) > before:
            parsed.raw[line] = cells
        else:
            parsed.rows.append(row)
    return parsed


# --- vCard --------------------------------------------------------------------------


# RFC 6350 3.4: in a TEXT value, backslash-backslash, -comma, -semicolon and -n stand for
# a backslash, a comma, a semicolon and a line break; any other backslash is kept, as
# vobject keeps it.
_TEXT_ESCAPE = re.compile(r"\\([\\,;nN])")
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")


def _unescape(match: re.Match) -> str:
    return "\n" if match.group(1) in "nN" else match.group(1)


def _vcard_text(value: str) -> str:
    """A TEXT value with its backslash escapes undone."""
    return _TEXT_ESCAPE.sub(_unescape, value) if "\\" in value else value


def _vcard_fields(value: str) -> list[str]:
    """A structured value (N, ORG): its parts, each part's comma-separated values
    joined by a space, escapes undone."""
    if "\\;" in value or "\\\\" in value:
        # An escaped separator or backslash: vobject's splitter tells them apart.
        from vobject.vcard import splitFields

        return [" ".join(p) if isinstance(p, list) else p for p in splitFields(value)]
    # With neither, a backslash before a comma always escapes it.
    return [
        " ".join(_vcard_text(v) for v in _UNESCAPED_COMMA.split(part)) for part in value.split(";")
    ]


def _without_tel(value: str) -> str:
    return value[4:] if value[:4].lower() == "tel:" else value


def _vcard_row(number: int, card: dict[str, list[str]], parsed: Parsed) -> None:
    def first(name: str) -> str:
        values = card.get(name)
        if not values:
            return ""
        value = values[0]
        return _clean(value if "\\" not in value else _vcard_text(value))

    name = first("FN")
    if not name and "N" in card:
        parts = (_vcard_fields(card["N"][0]) + [""] * 5)[:5]
        family, given, additional, prefix, suffix = parts
        name = _clean(" ".join((prefix, given, additional, family, suffix)))
    before = len(parsed.problems)
    if not name:
        parsed.problems.append(Problem(number, "FN", "a name", ""))
    urls = [_clean(_vcard_text(u)) for u in card.get("URL", [])]
    linkedin = next((u for u in urls if "linkedin.com" in u.lower()), "")
    organization = _clean(_vcard_fields(card["ORG"][0])[0]) if "ORG" in card else ""
    tags = [
        _clean(tag)
        for value in card.get("CATEGORIES", [])
        for tag in (value.split(",") if "\\" not in value else _vcard_categories(value))
    ]
    row = Row(
        line=number,
        name=name,
        email=_check_email(first("EMAIL"), number, "EMAIL", parsed),
        # vCard 4.0 may write the number as a URI: "tel:+44-20-7946-0321".
        phone=_without_tel(first("TEL"))[:40],
        linkedin_url=_check_url(linkedin, number, "URL", parsed),
        organization=organization,
        title=first("TITLE"),
        notes=_vcard_text(card["NOTE"][0]).strip() if "NOTE" in card else "",
        tags=[t for t in tags if t],
    )
    if len(parsed.problems) > before:
        parsed.raw[number] = [name]
    else:
        parsed.rows.append(row)


def _vcard_categories(value: str) -> list[str]:
    from vobject.icalendar import stringToTextValues

    return stringToTextValues(value)


_VCARD_READ = {
    "BEGIN",
    "END",
    "FN",
    "N",
    "EMAIL",
    "TEL",
    "URL",
    "ORG",
    "TITLE",
    "CATEGORIES",
    "NOTE",
}
_FOLD = re.compile(r"(?:\r\n|\r|\n)[\t ]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_vcard(data: bytes) -> Parsed:
    """vCard 3.0 and 4.0 files, one or many cards.

    vobject reads the grammar: each content line's name, parameters and value, and the
    unescaping of text. Its object model on top (a behavior and a native
    value for every property) costs a millisecond a card, 30 s for a 30,000-card address
    book, so the few properties an import takes are read from the parsed lines here.
    """
    from vobject.base import ParseError, parseLine

    text = decode(data)
    if "BEGIN:VCARD" not in text.upper():
        raise UnreadableFile("no vCard found (no BEGIN:VCARD line); is this a .vcf file?")
    parsed = Parsed()
    number = depth = 0
    card: dict[str, list[str]] | None = None
    # Unfolding (RFC 6350 3.2: a line break followed by one space or tab continues the
    # line) in one pass over the text: vobject's line-by-line reader spent 2 s on it.
    for line_number, line in enumerate(_LINE_BREAK.split(_FOLD.sub("", text)), start=1):
        # The name ends at the first ";" or ":" (after an optional "group."): lines an
        # import doesn't read (PHOTO's kilobytes of base64, ADR, VERSION…) skip the parser.
        head, colon, value = line.partition(":")
        name = head.split(";", 1)[0].rpartition(".")[2].strip().upper()
        if name not in _VCARD_READ or not colon:
            continue
        if ";" in head or '"' in head:  # parameters: vobject reads their quoting
            try:
                name, _params, value, _group = parseLine(line, line_number)
            except ParseError:
                continue  # an unreadable line is skipped, as vobject's ignoreUnreadable does
            name = name.upper()
        if name == "BEGIN":
            depth += 1
            if depth == 1:
                card = {} if value.strip().upper() == "VCARD" else None
        elif name == "END":
            depth -= 1
            if depth == 0 and card is not None:
                number += 1
                _vcard_row(number, card, parsed)
                card = None
            depth = max(depth, 0)
        elif depth == 1 and card is not None:
            card.setdefault(name, []).append(value)
    if number == 0:
        raise UnreadableFile("the file holds no complete vCard (BEGIN:VCARD … END:VCARD)")
    return parsed


# --- any other CSV, with the user's column map --------------------------------------

CSV_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "linkedin_url",
    "organization",
    "title",
    "notes",
    "tags",
    "first_degree_since",
)
# Headers recognized without a map (lower case), for the common spreadsheet.
CSV_GUESSES = {
    "name": "name",
    "full name": "name",
    "first name": "first_name",
    "last name": "last_name",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "phone": "phone",
    "linkedin": "linkedin_url",
    "linkedin url": "linkedin_url",
    "organization": "organization",
    "company": "organization",
    "title": "title",
    "position": "title",
    "job title": "title",
    "notes": "notes",
    "tags": "tags",
    "linkedin profile": "linkedin_url",
    "first-degree since": "first_degree_since",
    "connected on": "first_degree_since",
}


def parse_map(text: str) -> dict[str, str]:
    """ "Full Name=name, Company=organization" into {column: field}."""
    mapping = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        column, _, target = part.partition("=")
        column, target = column.strip(), target.strip().lower()
        if not column or target not in CSV_FIELDS:
            raise UnreadableFile(
                f"in the column map, {part.strip()!r} should be COLUMN=FIELD with FIELD one of "
                + ", ".join(CSV_FIELDS)
            )
        mapping[column] = target
    return mapping


# A leading apostrophe before one of these is how a spreadsheet export (ours included)
# keeps a cell from running as a formula.
_NEUTRALIZED = ("=", "+", "-", "@", "\t", "\r")


def _csv_reader(data: bytes):
    """A reader positioned after the header line, and the header's cells."""
    text = decode(data)
    # Only the delimiter is guessed, from the first line that holds anything: csv.Sniffer
    # also guesses the quoting, and a note such as "goes by 'Annie'" made it take the
    # apostrophe for the quote character and run lines together.
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    header = next((cells for cells in reader if any(c.strip() for c in cells)), None)
    if header is None:
        raise UnreadableFile("the file is empty")
    return reader, header


def csv_preview(data: bytes, limit: int = 5) -> tuple[list[str], list[list[str]]]:
    """The header's column names and the first few lines, for choosing the columns."""
    reader, header = _csv_reader(data)
    rows = []
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append([_clean(c) for c in cells])
            if len(rows) == limit:
                break
    return [_clean(c) for c in header], rows


def read_csv(
    data: bytes, mapping: dict[str, str] | None = None, limit: int | None = None
) -> Parsed:
    """A CSV with a header line; columns map to fields by `mapping` or by common names.

    `limit` stops after that many lines (a preview of the mapping).
    """
    reader, header = _csv_reader(data)
    columns = {_clean(c): i for i, c in enumerate(header)}
    if mapping:
        unknown = [c for c in mapping if c not in columns]
        if unknown:
            raise UnreadableFile(
                f"column {unknown[0]!r} is not in the file; its columns are: " + ", ".join(columns)
            )
        fields = {target: columns[column] for column, target in mapping.items()}
    else:
        fields = {CSV_GUESSES[c.lower()]: i for c, i in columns.items() if c.lower() in CSV_GUESSES}
    if "name" not in fields and "first_name" not in fields:
        raise UnreadableFile(
            "no name column found; say which columns hold what with --map "
            '(e.g. "Full Name=name,Company=organization"); the file\'s columns are: '
            + ", ".join(columns)
        )
    parsed = Parsed()
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if limit is not None and len(parsed.rows) + len(parsed.raw) >= limit:
            break

        def get(name, cells=cells, lines=False):
            i = fields.get(name)
            if i is None or i >= len(cells):
                return ""
            value = cells[i]
            if value[:1] == "'" and value[1:2] in _NEUTRALIZED:
                value = value[1:]  # our own export's formula guard, undone
            return value.strip() if lines else _clean(value)

        before = len(parsed.problems)
        name = get("name") or _clean(f"{get('first_name')} {get('last_name')}")
        if not name:
            parsed.problems.append(Problem(line, "name", "a name", ""))
        since_text = get("first_degree_since")
        since = None
        if since_text:
            since = _linkedin_date(since_text)
            if since is None:
                parsed.problems.append(
                    Problem(line, "first_degree_since", "a date such as 2024-03-15", since_text)
                )
        row = Row(
            line=line,
            name=name,
            email=_check_email(get("email"), line, "email", parsed),
            phone=get("phone")[:40],
            linkedin_url=_check_url(get("linkedin_url"), line, "linkedin_url", parsed),
            organization=get("organization"),
            title=get("title"),
            notes=get("notes", lines=True),
            tags=[t.strip() for t in get("tags").replace(";", ",").split(",") if t.strip()],
            first_degree_since=since,
        )
        if len(parsed.problems) > before:
            parsed.raw[line] = cells
        else:
            parsed.rows.append(row)
    return parsed


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


READERS = {"linkedin": read_linkedin, "google": read_google, "vcard": read_vcard, "csv": read_csv}
