"""Any other spreadsheet saved as CSV, read by the user's column map."""

from __future__ import annotations

import csv
import io

from coffeechat.exchange.parsing.common import (
    Parsed,
    Problem,
    Row,
    UnreadableFile,
    _check_email,
    _check_url,
    _clean,
    decode,
)
from coffeechat.exchange.parsing.linkedin import _linkedin_date

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
