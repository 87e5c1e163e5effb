"""Reading other tools' contact files into rows coffeechat can import (no database).

Each reader takes the file's bytes and returns a Parsed: the rows it could read and
the problems of those it could not, each naming the line, the column, what was expected
and what was found. A file that can't be read at all raises UnreadableFile, and then
nothing is imported.
"""

from coffeechat.exchange.parsing.common import (
    Parsed,
    Problem,
    Row,
    UnreadableFile,
    decode,
    write_rejected,
)
from coffeechat.exchange.parsing.google import read_google
from coffeechat.exchange.parsing.linkedin import read_linkedin
from coffeechat.exchange.parsing.spreadsheet import (
    CSV_FIELDS,
    CSV_GUESSES,
    csv_preview,
    parse_map,
    read_csv,
)
from coffeechat.exchange.parsing.vcard import read_vcard

READERS = {"linkedin": read_linkedin, "google": read_google, "vcard": read_vcard, "csv": read_csv}

__all__ = [
    "CSV_FIELDS",
    "CSV_GUESSES",
    "READERS",
    "Parsed",
    "Problem",
    "Row",
    "UnreadableFile",
    "csv_preview",
    "decode",
    "parse_map",
    "read_csv",
    "read_google",
    "read_linkedin",
    "read_vcard",
    "write_rejected",
]
