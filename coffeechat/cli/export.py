from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from coffeechat.cli.common import CliError, acting_user, console


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    VCARD = "vcard"


def export(
    ctx: typer.Context,
    format: Annotated[
        ExportFormat, typer.Argument(help="csv, xlsx (the contacts spreadsheet) or vcard.")
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045 (Typer reads the annotation)
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    person: Annotated[
        Optional[list[int]],  # noqa: UP045
        typer.Option("--person", help="Only this person's id (repeat for several)."),
    ] = None,
):
    """Export your network: the contacts spreadsheet or vCard 4.0 cards."""
    from coffeechat.exchange.contacts import contact_rows, write_csv, write_xlsx
    from coffeechat.exchange.vcard import write_vcards
    from coffeechat.network.models import Person

    actor = acting_user(ctx)
    people = Person.objects.filter(owner=actor, pk__in=person) if person else None
    if person and people.count() != len(set(person)):
        missing = sorted(set(person) - set(people.values_list("pk", flat=True)))
        raise CliError(f"no person with id {', '.join(map(str, missing))}")
    if format == ExportFormat.XLSX and output is None:
        raise CliError("an Excel workbook is binary: name a file with -o contacts.xlsx")
    if output is not None and output.is_dir():
        raise CliError(f"{output} is a folder; name a file")
    if format == ExportFormat.XLSX:
        with output.open("wb") as stream:
            count = write_xlsx(contact_rows(actor=actor, people=people), stream)
    else:
        stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if format == ExportFormat.CSV:
                count = write_csv(contact_rows(actor=actor, people=people), stream)
            else:
                count = write_vcards(actor=actor, stream=stream, people=people)
        finally:
            if output:
                stream.close()
    if output:
        console.print(f"Wrote {count} {'person' if count == 1 else 'people'} to {output}.")
