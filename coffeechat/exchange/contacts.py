"""The contacts spreadsheet: one row per person, the practice's "living spreadsheet".

Rows are read once for the whole network (people, their latest interview, their tags)
in a handful of queries and streamed, so a 30,000-person export stays flat in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.domain import today as rules
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Person

COLUMNS = (
    "Name",
    "Email",
    "Phone",
    "LinkedIn URL",
    "Organization",
    "Title",
    "Seniority",
    "How we met",
    "Introduced by",
    "First-degree since",
    "Last contacted",
    "Interview stage",
    "Next action",
    "Next action due",
    "Tags",
    "Notes",
)
# A cell starting with one of these runs as a formula in Excel, LibreOffice or Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    """Make a text cell inert: a leading apostrophe keeps it text in every spreadsheet."""
    return "'" + value if value.startswith(FORMULA_START) else value


@dataclass(frozen=True)
class NextStep:
    stage: str
    action: str
    due: datetime | None


def _latest_interviews(actor) -> dict[int, Interview]:
    latest: dict[int, Interview] = {}
    interviews = Interview.objects.filter(owner=actor).order_by("person_id", "-updated_at", "-id")
    for interview in interviews.only(
        "person_id",
        "stage",
        "stage_entered_at",
        "minutes",
        "meeting_at",
        "revisit_on",
        "prepared_at",
        "updated_at",
    ):
        latest.setdefault(interview.person_id, interview)
    return latest


def tags_by_person(actor) -> dict[int, list[str]]:
    """Every person's tag names, in one query over the link table."""
    names: dict[int, list[str]] = {}
    through = Person.tags.through.objects.filter(person__owner=actor).order_by("tag__name")
    for person_id, name in through.values_list("person_id", "tag__name"):
        names.setdefault(person_id, []).append(name)
    return names


def _next_step(person: Person, interview: Interview | None, tz) -> NextStep:
    if interview is not None:
        actions = rules.interview_actions(interview.facts, tz)
        if actions:
            return NextStep(interview.get_stage_display(), actions[0].kind.title, actions[0].due_at)
    if person.keep_in_touch and person.keep_in_touch_due_at:
        stage = interview.get_stage_display() if interview else ""
        return NextStep(stage, rules.ActionKind.KEEP_IN_TOUCH.title, person.keep_in_touch_due_at)
    return NextStep(interview.get_stage_display() if interview else "", "", None)


def contact_rows(*, actor, people=None) -> Iterator[list[str]]:
    """The spreadsheet's rows (as text, not yet neutralized), by name."""
    tz = profile_for(actor).tz
    interviews = _latest_interviews(actor)
    tags = tags_by_person(actor)
    people = people if people is not None else Person.objects.filter(owner=actor)
    people = people.filter(owner=actor).select_related("organization", "introduced_by")

    def when(moment) -> str:
        return timezone.localtime(moment, tz).strftime("%Y-%m-%d %H:%M") if moment else ""

    for person in people.order_by("name", "id").iterator(chunk_size=2000):
        step = _next_step(person, interviews.get(person.pk), tz)
        yield [
            person.name,
            person.email,
            person.phone,
            person.linkedin_url,
            person.organization.name if person.organization else "",
            person.title,
            person.get_seniority_display(),
            person.how_met,
            person.introduced_by.name if person.introduced_by else "",
            person.first_degree_since.isoformat() if person.first_degree_since else "",
            when(person.last_contacted_at),
            step.stage,
            step.action,
            when(step.due),
            ", ".join(tags.get(person.pk, [])),
            person.notes,
        ]


def write_csv(rows, stream) -> int:
    """Write the header and rows as CSV (UTF-8 with a byte-order mark, for Excel)."""
    stream.write("\ufeff")
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
        count += 1
    return count


def write_xlsx(rows, stream) -> int:
    """Write the header and rows as an Excel workbook, every cell stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=neutralize(value))
            # openpyxl would store "=..." as a formula; text is text.
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    book.save(stream)
    return count
