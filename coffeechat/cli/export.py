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
    JSON = "json"


def _open(output: Path, mode: str):
    """The output file, or a one-line refusal naming what is wrong with its path."""
    try:
        if "b" in mode:
            return output.open(mode)
        return output.open(mode, encoding="utf-8", newline="")
    except OSError as error:
        raise CliError(f"can't write {output}: {error.strerror or error}") from None


def export(
    ctx: typer.Context,
    format: Annotated[
        ExportFormat,
        typer.Argument(
            help="csv, xlsx (the contacts spreadsheet), vcard, or json (the whole workspace, "
            "the same versioned backup as 'coffeechat backup')."
        ),
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
    """Export your network: the contacts spreadsheet, vCard 4.0 cards, or a JSON backup."""
    from coffeechat.exchange.backup import write_backup
    from coffeechat.exchange.contacts import contact_rows, write_csv, write_xlsx
    from coffeechat.exchange.vcard import write_vcards
    from coffeechat.network.models import Person

    actor = acting_user(ctx)
    if person and format == ExportFormat.JSON:
        raise CliError("--person is for csv, xlsx and vcard; a json export is the whole workspace")
    people = Person.objects.filter(owner=actor, pk__in=person) if person else None
    if person and people.count() != len(set(person)):
        missing = sorted(set(person) - set(people.values_list("pk", flat=True)))
        raise CliError(f"no person with id {', '.join(map(str, missing))}")
    if format == ExportFormat.XLSX and output is None:
        raise CliError("an Excel workbook is binary: name a file with -o contacts.xlsx")
    if output is not None and output.is_dir():
        raise CliError(f"{output} is a folder; name a file")
    if format == ExportFormat.XLSX:
        with _open(output, "wb") as stream:
            count = write_xlsx(contact_rows(actor=actor, people=people), stream)
    else:
        stream = _open(output, "w") if output else sys.stdout
        try:
            if format == ExportFormat.JSON:
                counts = write_backup(actor=actor, stream=stream)
                stream.write("\n")
                count = counts.get("network.Person", 0)
            elif format == ExportFormat.CSV:
                count = write_csv(contact_rows(actor=actor, people=people), stream)
            else:
                count = write_vcards(actor=actor, stream=stream, people=people)
        finally:
            if output:
                stream.close()
    if output and format == ExportFormat.JSON:
        interviews = counts.get("interviews.Interview", 0)
        console.print(f"Wrote a backup of {count} people and {interviews} interviews to {output}.")
    elif output:
        console.print(f"Wrote {count} {'person' if count == 1 else 'people'} to {output}.")


def backup(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="File to write, e.g. coffeechat-backup.json.")],
    whole_database: Annotated[
        bool,
        typer.Option(
            "--whole-database",
            help="SQLite only: a consistent copy of the whole database file instead.",
        ),
    ] = False,
):
    """Back up your workspace to a JSON file (or copy the whole SQLite database)."""
    from coffeechat.exchange.backup import copy_database, write_backup

    if whole_database:
        copy_database(path)
        console.print(f"Copied the whole database to {path}.")
        return
    actor = acting_user(ctx)
    if path.exists():
        raise CliError(f"{path} exists; choose a new file name")
    with _open(path, "w") as stream:
        counts = write_backup(actor=actor, stream=stream)
    people = counts.get("network.Person", 0)
    interviews = counts.get("interviews.Interview", 0)
    console.print(f"Backed up {people} people and {interviews} interviews to {path}.")


def restore(path: Annotated[Path, typer.Argument(help="A backup written by 'coffeechat backup'.")]):
    """Restore a JSON backup into this (empty) database."""
    from coffeechat.exchange.backup import restore_backup

    if not path.is_file():
        raise CliError(f"{path}: no such file")
    with path.open(encoding="utf-8") as stream:
        counts = restore_backup(stream=stream)
    people = counts.get("network.Person", 0)
    console.print(
        f"Restored {people} people and {counts.get('interviews.Interview', 0)} interviews."
    )
