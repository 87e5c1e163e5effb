"""vCard 3.0 and 4.0 files (RFC 2426, RFC 6350)."""

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
    decode,
)

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
