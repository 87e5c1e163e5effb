from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from coffeechat.cli.common import (
    CliError,
    acting_user,
    console,
    iso,
    parse_day,
    parse_when,
    print_json,
)

app = typer.Typer(help="Informational interviews.", no_args_is_help=True)
Text = Optional[str]  # noqa: UP045 (Typer reads the annotation)


def interview_json(interview) -> dict:
    return {
        "id": interview.pk,
        "person": {"id": interview.person_id, "name": interview.person.name},
        "purpose": interview.purpose,
        "minutes": interview.minutes,
        "format": interview.format,
        "place": interview.place,
        "stage": interview.stage,
        "stage_entered_at": iso(interview.stage_entered_at),
        "meeting_at": iso(interview.meeting_at),
        "revisit_on": interview.revisit_on.isoformat() if interview.revisit_on else None,
    }


@app.command("list")
def interviews_list(
    ctx: typer.Context,
    stage: Annotated[Text, typer.Option(help="Only this stage, e.g. requested.")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many; 0 for all.", min=0)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """List interviews, most recently changed first."""
    from coffeechat.domain.lifecycle import parse_stage
    from coffeechat.interviews.selectors import interviews_for

    if stage:
        try:
            stage = parse_stage(stage).value
        except ValueError as error:
            raise CliError(f"--stage: {error}") from None
    interviews = interviews_for(actor=acting_user(ctx), stage=stage)
    shown = list(interviews[:limit] if limit else interviews)
    if as_json:
        print_json([interview_json(i) for i in shown])
        return
    if not shown:
        console.print("No interviews yet: open one with 'coffeechat interviews new PERSON_ID'.")
        return
    table = Table()
    for column in ("id", "with", "purpose", "minutes", "stage", "since"):
        table.add_column(column)
    for i in shown:
        table.add_row(
            str(i.pk),
            i.person.name,
            i.purpose,
            str(i.minutes),
            i.get_stage_display(),
            i.stage_entered_at.date().isoformat(),
        )
    console.print(table)


@app.command("new")
def interviews_new(
    ctx: typer.Context,
    person_id: Annotated[
        int, typer.Argument(help="The person's id (see 'coffeechat people list').")
    ],
    purpose: Annotated[str, typer.Option(help="explore, onboard or advance.")] = "explore",
    minutes: Annotated[int, typer.Option(help="Time to ask for: 15 to 60.")] = 20,
    format: Annotated[str, typer.Option(help="in_person, phone or video.")] = "video",
    place: Annotated[str, typer.Option(help="Address or video link.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """Open an informational interview with someone."""
    from coffeechat.interviews.services import interview_open
    from coffeechat.network.models import Person
    from coffeechat.network.selectors import person_for

    actor = acting_user(ctx)
    try:
        person = person_for(actor=actor, pk=person_id)
    except Person.DoesNotExist:
        raise CliError(f"no person with id {person_id}") from None
    interview = interview_open(
        actor=actor, person=person, purpose=purpose, minutes=minutes, format=format, place=place
    )
    if as_json:
        print_json(interview_json(interview))
    else:
        console.print(
            f"Opened interview #{interview.pk} with {person.name} ({minutes} min, {purpose})."
        )


@app.command("advance")
def interviews_advance(
    ctx: typer.Context,
    interview_id: Annotated[int, typer.Argument(help="The interview's id.")],
    stage: Annotated[
        str, typer.Argument(help="The stage to move to, e.g. requested, scheduled, held.")
    ],
    at: Annotated[
        Text,
        typer.Option(
            help="When it happened (ISO date-time; default now). "
            "For 'scheduled': when the meeting is."
        ),
    ] = None,
    revisit: Annotated[
        Text, typer.Option(help="For 'deferred': the date to revisit (default in 30 days).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """Move an interview through its lifecycle."""

    from django.utils import timezone

    from coffeechat.accounts.services import profile_for
    from coffeechat.domain.lifecycle import Stage, parse_stage
    from coffeechat.interviews.models import Interview
    from coffeechat.interviews.selectors import interview_for
    from coffeechat.interviews.services import DEFAULT_REVISIT, interview_advance

    actor = acting_user(ctx)
    try:
        to_stage = parse_stage(stage)
    except ValueError as error:
        raise CliError(str(error)) from None
    try:
        interview = interview_for(actor=actor, pk=interview_id)
    except Interview.DoesNotExist:
        raise CliError(f"no interview with id {interview_id}") from None
    tz = profile_for(actor).tz
    when = parse_when(at, option="--at", tz=tz)
    arguments = {"at": when}
    if to_stage == Stage.SCHEDULED:
        if when is None:
            raise CliError("scheduling needs the meeting time: --at 2026-12-03T15:00")
        arguments = {"meeting_at": when}
    elif to_stage == Stage.DEFERRED:
        revisit_on = parse_day(revisit, option="--revisit")
        arguments["revisit_on"] = revisit_on or timezone.localdate(timezone=tz) + DEFAULT_REVISIT
    interview = interview_advance(actor=actor, interview=interview, to_stage=to_stage, **arguments)
    if as_json:
        print_json(interview_json(interview))
    else:
        console.print(
            f"Interview #{interview.pk} with {interview.person.name} "
            f"is now {to_stage.label.lower()}."
        )
