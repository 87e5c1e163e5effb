from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from coffeechat.cli.common import CliError, acting_user, console, print_json


class Source(StrEnum):
    LINKEDIN = "linkedin"
    GOOGLE = "google"
    VCARD = "vcard"
    CSV = "csv"
    LINKS = "links"


def import_file(
    ctx: typer.Context,
    source: Annotated[
        Source,
        typer.Argument(
            help="linkedin (Connections.csv), google, vcard, csv, or links "
            "(who knows whom: person_a,person_b,how)."
        ),
    ],
    path: Annotated[Path, typer.Argument(help="The exported file.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count; write nothing.")
    ] = False,
    all_or_nothing: Annotated[
        bool, typer.Option("--all-or-nothing", help="Import nothing if any row has a problem.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    column_map: Annotated[
        Optional[str],  # noqa: UP045 (Typer reads the annotation)
        typer.Option(
            "--map",
            help='For csv: which column holds what, e.g. "Full Name=name,Company=organization".',
        ),
    ] = None,
    rejected: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--rejected", help="Write the rejected lines, with their problems, to this CSV."
        ),
    ] = None,
):
    """Bring people in from LinkedIn, Google Contacts or vCard, without duplicates;
    or, from a links file, who knows whom among them."""
    from coffeechat.exchange.importing import import_people
    from coffeechat.exchange.parsing import READERS, UnreadableFile, parse_map, read_csv

    actor = acting_user(ctx)
    if not path.is_file():
        raise CliError(f"{path}: no such file")
    if source == Source.LINKS:
        if column_map or all_or_nothing or rejected:
            raise CliError("links files take only --dry-run and --json")
        return _import_links(actor, path, dry_run=dry_run, as_json=as_json)
    if column_map and source != Source.CSV:
        raise CliError("--map is for csv files; the other formats have known columns")
    try:
        if source == Source.CSV:
            parsed = read_csv(path.read_bytes(), parse_map(column_map) if column_map else None)
        else:
            parsed = READERS[source.value](path.read_bytes())
    except UnreadableFile as error:
        raise CliError(f"{path.name}: {error}; nothing was imported") from None
    total = len(parsed.rows)
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=as_json or total < 500,
    ) as bar:
        task = bar.add_task("import", total=total)
        summary = import_people(
            actor=actor,
            parsed=parsed,
            all_or_nothing=all_or_nothing,
            dry_run=dry_run,
            progress=lambda done: bar.update(task, completed=done),
        )
    if summary.committed and summary.created > 1000:
        from coffeechat.cli.common import tune_database

        tune_database()  # the network just grew a lot: refresh the planner's statistics
    if rejected is not None and parsed.raw:
        from coffeechat.exchange.parsing import write_rejected

        with rejected.open("w", encoding="utf-8", newline="") as stream:
            write_rejected(parsed.problems, parsed.raw, stream)
    likely = 0
    if summary.committed and not dry_run and summary.person_ids:
        from coffeechat.network.duplicates import count_likely_duplicates

        likely = count_likely_duplicates(actor, among=summary.person_ids)
    if as_json:
        print_json({**summary.as_dict(), "dry_run": dry_run, "likely_duplicates": likely})
    else:
        verb = "Would import" if dry_run else ("Imported" if summary.committed else "Refused")
        console.print(
            f"{verb}: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.rejected} rejected."
        )
        for problem in summary.problems[:20]:
            console.print(f"  {problem}")
        if len(summary.problems) > 20:
            console.print(f"  …and {len(summary.problems) - 20} more problems (see --json).")
        if likely:
            console.print(
                f"{likely} likely duplicate{'s' if likely > 1 else ''} to review: "
                "coffeechat people duplicates"
            )
        if all_or_nothing and not summary.committed and not dry_run:
            console.print("Nothing was imported (--all-or-nothing): fix the rows above and retry.")
    if summary.imported == 0:
        raise typer.Exit(1)


def _import_links(actor, path: Path, *, dry_run: bool, as_json: bool) -> None:
    from coffeechat.exchange.parsing import UnreadableFile
    from coffeechat.network.links import import_links

    try:
        summary = import_links(actor=actor, data=path.read_bytes(), dry_run=dry_run)
    except UnreadableFile as error:
        raise CliError(f"{path.name}: {error}; nothing was linked") from None
    linked = summary["created"] + summary["updated"] + summary["unchanged"]
    if as_json:
        print_json(summary)
    else:
        verb = "Would link" if dry_run else "Linked"
        console.print(
            f"{verb}: {summary['created']} created, {summary['updated']} updated, "
            f"{summary['unchanged']} unchanged, {summary['rejected']} rejected."
        )
        for problem in summary["problems"][:20]:
            console.print(f"  {problem}")
        if len(summary["problems"]) > 20:
            console.print(f"  …and {len(summary['problems']) - 20} more problems (see --json).")
        if not linked and not summary["problems"]:
            console.print("The file has no pairs under its person_a,person_b,how header.")
    if not linked:
        raise typer.Exit(1)
