"""LinkedIn's Connections.csv."""

from __future__ import annotations

from datetime import date, datetime

from coffeechat.exchange.parsing.common import (
    Parsed,
    Problem,
    Row,
    UnreadableFile,
    _check_email,
    _check_url,
    _clean,
    _records,
    decode,
)

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
