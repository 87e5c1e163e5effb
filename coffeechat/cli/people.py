from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from coffeechat.cli.common import acting_user, console, iso, print_json

app = typer.Typer(help="People in your network.", no_args_is_help=True)
Text = Optional[str]  # noqa: UP045 (Typer reads the annotation)


def person_json(person) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "linkedin_url": person.linkedin_url,
        "title": person.title,
        "organization": person.organization.name if person.organization else None,
        "seniority": person.seniority,
        "last_contacted_at": iso(person.last_contacted_at),
    }


@app.command("list")
def people_list(
    ctx: typer.Context,
    search: Annotated[
        Text, typer.Option("--search", "-s", help="Match name, email, title or organization.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many; 0 for all.", min=0)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """List people, by name."""
    from coffeechat.network.selectors import people_for

    people = people_for(actor=acting_user(ctx), search=search)
    total = people.count()
    shown = list(people[:limit] if limit else people)
    if as_json:
        print_json([person_json(p) for p in shown])
        return
    if not shown:
        console.print(
            "No one matches."
            if search
            else "No people yet: add one with 'coffeechat people add NAME'."
        )
        return
    table = Table()
    for column in ("id", "name", "title", "organization", "last contacted"):
        table.add_column(column)
    for p in shown:
        last = p.last_contacted_at.date().isoformat() if p.last_contacted_at else "never"
        table.add_row(
            str(p.pk), p.name, p.title or "—", p.organization.name if p.organization else "—", last
        )
    console.print(table)
    if total > len(shown):
        console.print(
            f"Showing {len(shown)} of {total}; use --limit 0 for all or --search to narrow."
        )


@app.command("add")
def people_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Their full name.")],
    email: Annotated[Text, typer.Option(help="Email address.")] = None,
    org: Annotated[Text, typer.Option(help="Organization they work at.")] = None,
    title: Annotated[Text, typer.Option(help="Job title; seniority is guessed from it.")] = None,
    linkedin: Annotated[Text, typer.Option(help="LinkedIn profile URL.")] = None,
    phone: Annotated[Text, typer.Option(help="Phone number.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """Add someone to your network."""
    from coffeechat.network.services import person_create

    person = person_create(
        actor=acting_user(ctx),
        name=name,
        email=email or "",
        organization_name=org or "",
        title=title or "",
        linkedin_url=linkedin or "",
        phone=phone or "",
    )
    if as_json:
        print_json(person_json(person))
    else:
        console.print(
            f"Added {person.name} (#{person.pk}, "
            f"seniority: {person.get_seniority_display().lower()})."
        )
