"""What search covers: SOURCES is the one list of what is searchable.

Each source says which table it reads, how to build an entry's text from a row (SQL over
the row, aliased `t`), whose entry it is, and which page a hit links to. The triggers and
the rebuild (coffeechat.search.index) are generated from it, so adding a source is
adding one entry here.

An entry has three searched parts, weighted for ranking:
- title: the row's own name or subject (a person's name, a message's subject), highest;
- body: the rest of its own text;
- about: whom it concerns (the person's name on a note about them), lowest, so that
  "dana budget" finds the debrief with Dana that mentions a budget, while "dana" still
  puts Dana herself first.
A row whose own text is blank has no entry: it would only repeat the person's name.

An entry's id packs the owner, the source and the row: (owner id * CODES + source code)
* ROWS + row id. One user's entries of one source are one range of ids: search asks for
that range, which both engines read from the key alone, rather than matching an owner
column as a word (on a one-user workspace that word is in every entry, and intersecting
with it was most of a search's time). Search ranks each of those ranges separately
(coffeechat.search.selectors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

# entry id = (owner id * CODES + source code) * ROWS + row id: 63 bits hold 2**21 users
# (a local workspace has one; a career office some thousands), 63 sources and 2**36 rows
# of each table. A row past those limits gets no entry: unsearchable, but saved.
CODES = 2**6
ROWS = 2**36
OWNERS = 2**63 // (CODES * ROWS)  # user ids below this have entries


@dataclass(frozen=True)
class Source:
    kind: str  # stored in the index and shown to scripts: "person"
    code: int  # 1..CODES - 1, unique: it is part of its entries' ids
    label: str  # shown on a hit: "Timeline note"
    plural: str  # in counts: "12 timeline notes"
    table: str
    title: tuple[str, ...]  # SQL expressions over `t` (and the joins)
    body: tuple[str, ...]
    about: str  # SQL: whom the entry concerns ('' for none)
    link: str  # SQL: the id the hit's page takes
    url: Callable[[int, int], str]  # (object id, link id) -> address
    joins: str = ""
    # The row's columns an entry depends on: an update that changes none of them
    # (a stage move, a keep-in-touch date) leaves the index alone.
    watch: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cascade:
    """When `columns` of a row of `table` change, re-index the `child` entries `where`
    (SQL over the child's row `t`; NEW is the changed row)."""

    table: str
    columns: tuple[str, ...]
    child: str
    where: str


PERSON_JOIN = "JOIN network_person p ON p.id = t.person_id"
VIA_INTERVIEW = (
    "JOIN interviews_interview i ON i.id = t.interview_id "
    "JOIN network_person p ON p.id = i.person_id"
)


def _columns(names: str) -> tuple[str, ...]:
    return tuple(f"t.{name}" for name in names.split())


def _compose(interview_id: int, message_id: int) -> str:
    return reverse("outreach-compose", args=[interview_id]) + f"?message={message_id}"


def _interview(_object_id: int, interview_id: int) -> str:
    return reverse("interview-detail", args=[interview_id])


SOURCES: tuple[Source, ...] = (
    Source(
        kind="person",
        code=1,
        label="Person",
        plural="people",
        table="network_person",
        title=("t.name",),
        body=("t.title", "o.name", "t.email", "t.how_met", "t.notes"),
        about="''",
        link="t.id",
        url=lambda _pk, link: reverse("person-detail", args=[link]),
        joins="LEFT JOIN network_organization o ON o.id = t.organization_id",
        watch=("owner_id", "name", "title", "organization_id", "email", "how_met", "notes"),
    ),
    Source(
        kind="organization",
        code=2,
        label="Organization",
        plural="organizations",
        table="network_organization",
        title=("t.name",),
        body=("t.notes",),
        about="''",
        link="t.id",
        url=lambda _pk, link: reverse("organization-detail", args=[link]),
        watch=("owner_id", "name", "notes"),
    ),
    Source(
        kind="note",
        code=3,
        label="Timeline note",
        plural="timeline notes",
        table="network_interaction",
        title=(),
        body=("t.summary",),
        about="p.name",
        link="t.person_id",
        url=lambda _pk, link: reverse("person-detail", args=[link]),
        joins=PERSON_JOIN,
        watch=("owner_id", "person_id", "summary"),
    ),
    Source(
        kind="message",
        code=4,
        label="Message",
        plural="messages",
        table="outreach_message",
        title=("t.subject",),
        body=("t.body",),
        about="p.name",
        link="t.interview_id",
        url=lambda pk, link: _compose(link, pk),
        joins=VIA_INTERVIEW,
        watch=("owner_id", "interview_id", "subject", "body"),
    ),
    Source(
        kind="interview",
        code=5,
        label="Interview notes",
        plural="interview notes",
        table="interviews_interview",
        title=(),
        body=("t.quote_note", "t.next_step"),
        about="p.name",
        link="t.id",
        url=_interview,
        joins=PERSON_JOIN,
        watch=("owner_id", "person_id", "quote_note", "next_step"),
    ),
    Source(
        kind="debrief",
        code=6,
        label="Debrief",
        plural="debriefs",
        table="debrief_debrief",
        title=(),
        # Every text field of the debrief.
        body=_columns(
            "day_to_day skills team_size team_ways flexible_work office_setting"
            " management_style red_flags fit_reason advice"
        ),
        about="p.name",
        link="t.interview_id",
        url=lambda _pk, link: reverse("debrief", args=[link]),
        joins=VIA_INTERVIEW,
    ),
    Source(
        kind="research",
        code=7,
        label="Research",
        plural="research notes",
        table="prep_research",
        title=(),
        # Every text field of the research, the links included.
        body=_columns(
            "field_notes field_gaps organization_notes organization_gaps"
            " person_notes person_gaps links"
        ),
        about="p.name",
        link="t.interview_id",
        url=lambda _pk, link: reverse("prep-prepare", args=[link]) + "#research",
        joins=VIA_INTERVIEW,
    ),
    Source(
        kind="meeting",
        code=8,
        label="Meeting notes",
        plural="meeting notes",
        table="prep_meetingnotes",
        title=(),
        body=("t.text",),
        about="p.name",
        link="t.interview_id",
        url=lambda _pk, link: reverse("prep-meeting", args=[link]) + "#notes",
        joins=VIA_INTERVIEW,
        watch=("owner_id", "interview_id", "text"),
    ),
)
BY_KIND = {source.kind: source for source in SOURCES}
if len({s.code for s in SOURCES}) != len(SOURCES) or not all(0 < s.code < CODES for s in SOURCES):
    raise ValueError(f"each search source needs its own code, from 1 to {CODES - 1}")

_OF_PERSON = "t.interview_id IN (SELECT id FROM interviews_interview WHERE person_id = NEW.id)"
CASCADES: tuple[Cascade, ...] = (
    # An organization's name is part of its people's text.
    Cascade("network_organization", ("name",), "person", "t.organization_id = NEW.id"),
    # A person's name is what every note about them is "about".
    *(
        Cascade("network_person", ("name",), kind, "t.person_id = NEW.id")
        for kind in ("note", "interview")
    ),
    *(
        Cascade("network_person", ("name",), kind, _OF_PERSON)
        for kind in ("message", "debrief", "research", "meeting")
    ),
    # An interview moved to another person (a merge) moves its notes with it.
    *(
        Cascade("interviews_interview", ("person_id",), kind, "t.interview_id = NEW.id")
        for kind in ("message", "debrief", "research", "meeting")
    ),
)


def watched(source: Source) -> tuple[str, ...]:
    """The debrief and research sources watch every text column they index."""
    if source.watch:
        return source.watch
    own = tuple(expr.removeprefix("t.") for expr in (*source.title, *source.body))
    return ("owner_id", "interview_id", *own)


def id_range(source: Source, owner: int) -> tuple[int, int]:
    """The lowest and highest entry id the owner's entries of the source can have."""
    low = (int(owner) * CODES + source.code) * ROWS
    return low, low + ROWS - 1


def owner_range(owner: int) -> tuple[int, int]:
    """The lowest and highest entry id the owner's entries can have."""
    low = int(owner) * CODES * ROWS
    return low, low + CODES * ROWS - 1
