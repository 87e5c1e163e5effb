"""Google Contacts CSV exports, current and legacy."""

from __future__ import annotations

import re

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
