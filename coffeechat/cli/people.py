from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from coffeechat.cli.common import CliError, acting_user, console, iso, print_json

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


def _pair_json(pair, keep) -> dict:
    def side(person) -> dict:
        return {
            **person_json(person),
            "interviews": person.interview_count,
            "interactions": person.interaction_count,
        }

    return {
        "score": pair.score,
        "reason": pair.reason,
        "a": side(pair.a),
        "b": side(pair.b),
        "suggested_keep_id": keep.pk,
    }


@app.command("duplicates")
def people_duplicates(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="Show at most this many; 0 for all.", min=0)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """Pairs of people who may be one person recorded twice, most likely first."""
    from coffeechat.network.duplicates import likely_duplicates, more_history_first

    found = likely_duplicates(acting_user(ctx))
    shown = [(pair, *more_history_first(pair.a, pair.b)) for pair in found[: limit or None]]
    if as_json:
        print_json({"total": len(found), "pairs": [_pair_json(p, keep) for p, keep, _ in shown]})
        return
    if not shown:
        console.print("No likely duplicates.")
        return
    table = Table()
    for column in ("score", "keep", "merge into it", "why"):
        table.add_column(column)
    for pair, keep, other in shown:
        table.add_row(str(pair.score), _who(keep), _who(other), pair.reason)
    console.print(table)
    console.print(
        "Merge with 'coffeechat people merge KEEP_ID OTHER_ID' (keep: the one with more history)."
    )
    if len(found) > len(shown):
        console.print(f"Showing {len(shown)} of {len(found)}; use --limit 0 for all.")


def _who(person) -> str:
    where = f", {person.organization.name}" if person.organization else ""
    interviews, entries = person.interview_count, person.interaction_count
    history = (
        f"{interviews} interview{'' if interviews == 1 else 's'}, "
        f"{entries} timeline entr{'y' if entries == 1 else 'ies'}"
    )
    return f"{person.name} (#{person.pk}{where}; {history})"


@app.command("merge")
def people_merge(
    ctx: typer.Context,
    keep_id: Annotated[int, typer.Argument(help="The id of the person to keep.")],
    other_id: Annotated[int, typer.Argument(help="The id of the person merged into them.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Merge without asking.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """Merge OTHER_ID into KEEP_ID: everything of theirs moves over, then OTHER_ID is deleted."""
    from typer.exceptions import Abort

    from coffeechat.network.duplicates import person_with_history
    from coffeechat.network.merging import merge_people, merge_preview
    from coffeechat.network.models import Person

    actor = acting_user(ctx)
    people = []
    for pk in (keep_id, other_id):
        try:
            people.append(person_with_history(actor=actor, pk=pk))
        except Person.DoesNotExist:
            raise CliError(f"no person with id {pk}") from None
    keep, other = people
    if as_json and not yes:
        raise CliError("--json needs --yes: a script can't answer the confirmation question")
    if not yes:
        plan = merge_preview(actor=actor, keep=keep, other=other)
        lines = [
            f"Merge {other.name} (#{other.pk}) into {keep.name} (#{keep.pk})?",
            f"  Moves: {', '.join(plan.moved) or 'nothing'}.",
            *(f"  {keep.name} gains {label}: {' '.join(v.split())}" for label, v in plan.changes),
            f"  Then {other.name} (#{other.pk}) is deleted. This can't be undone.",
        ]
        console.print("\n".join(lines))
        try:
            confirmed = typer.confirm("Merge?", default=False)
        except Abort:  # no answer: standard input closed
            confirmed = False
        if not confirmed:
            raise CliError("nothing merged (answer y, or pass --yes)")
    plan = merge_people(actor=actor, keep=keep, other=other)
    if as_json:
        print_json({**plan.as_dict(), "kept": person_json(Person.objects.get(pk=keep.pk))})
        return
    moved = f": moved {', '.join(plan.moved)}" if plan.moved else ""
    console.print(f"Merged {other.name} (#{other.pk}) into {keep.name} (#{keep.pk}){moved}.")


def _marks(person) -> str:
    known = {True: "you know them", False: "you don't know them"}.get(
        person.known, "whether you know them is worked out (connected or in touch)"
    )
    strength = (
        f"tie strength {person.tie_strength:g}"
        if person.tie_strength is not None
        else "tie strength worked out from how often and how lately you talk"
    )
    ask = "never asked for introductions" if person.do_not_ask else "may be asked for introductions"
    return f"{known}; {strength}; {ask}"


@app.command("mark")
def people_mark(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Their id, email, LinkedIn URL or exact name.")],
    known: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--known/--not-known", help="You know them, or not (yet).", show_default=False
        ),
    ] = None,
    known_auto: Annotated[
        bool,
        typer.Option("--known-auto", help="Work it out again: known once connected or in touch."),
    ] = False,
    do_not_ask: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--do-not-ask/--may-ask",
            help="Never route an introduction through or to them, or allow it again.",
            show_default=False,
        ),
    ] = None,
    strength: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(help="How well you know them, 0 to 1.", min=0, max=1),
    ] = None,
    strength_auto: Annotated[
        bool,
        typer.Option(
            "--strength-auto", help="Work it out again from how often and lately you talk."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """Say whether you know someone, how well, and whether they may be asked for introductions."""
    from coffeechat.network.services import person_find, person_update

    if known is not None and known_auto:
        raise CliError("--known-auto can't go with --known or --not-known: choose one")
    if strength is not None and strength_auto:
        raise CliError("--strength-auto can't go with --strength: choose one")
    fields = {}
    if known is not None or known_auto:
        fields["known"] = known
    if strength is not None or strength_auto:
        fields["tie_strength"] = strength
    if do_not_ask is not None:
        fields["do_not_ask"] = do_not_ask
    if not fields:
        raise CliError(
            "nothing to mark: give --known, --not-known, --known-auto, --strength, "
            "--strength-auto, --do-not-ask or --may-ask"
        )
    actor = acting_user(ctx)
    person = person_update(actor=actor, person=person_find(actor=actor, ref=ref), **fields)
    if as_json:
        print_json(
            {
                **person_json(person),
                "known": person.known,
                "tie_strength": person.tie_strength,
                "do_not_ask": person.do_not_ask,
            }
        )
        return
    console.print(f"{person.name} (#{person.pk}): {_marks(person)}.")
