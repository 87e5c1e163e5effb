"""Consent-first introductions: ask a connector, then record what they said."""

from __future__ import annotations

from typing import Annotated

import typer

from coffeechat.cli.common import CliError, acting_user, console, print_json
from coffeechat.cli.interviews import interview_json

app = typer.Typer(help="Introductions through someone you know.", no_args_is_help=True)
PERSON = "An id, email, LinkedIn URL or exact name."
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.command("ask")
def ask(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="PERSON", help=f"Whom to meet. {PERSON}")],
    via: Annotated[str, typer.Option("--via", help=f"The connector to ask. {PERSON}")],
    as_json: JsonOption = False,
):
    """Ask a connector whether they would introduce you: prints the message to send."""
    from coffeechat.interviews.introductions import intro_draft, intro_request
    from coffeechat.network.services import person_find

    actor = acting_user(ctx)
    person = person_find(actor=actor, ref=target)
    connector = person_find(actor=actor, ref=via)
    interview = intro_request(actor=actor, target=person, connector=connector)
    draft = intro_draft(actor=actor, interview=interview)
    if as_json:
        data = interview_json(interview)
        data["connector"] = {"id": connector.pk, "name": connector.name}
        print_json({"interview": data, "subject": draft.subject, "body": draft.body})
        return
    console.print(
        f"Interview #{interview.pk} with {person.name} is waiting for {connector.name}'s answer."
        f"\n\nSubject: {draft.subject}\n\n{draft.body}\n\n"
        f"When they answer: coffeechat intro answer {interview.pk} yes|no"
    )


@app.command("answer")
def answer(
    ctx: typer.Context,
    interview_id: Annotated[int, typer.Argument(metavar="INTERVIEW_ID")],
    said: Annotated[str, typer.Argument(metavar="yes|no", help="What the connector said.")],
    as_json: JsonOption = False,
):
    """Record the connector's answer: yes (they introduced you) or no."""
    from coffeechat.interviews.introductions import connector_answer_record
    from coffeechat.interviews.models import Interview
    from coffeechat.interviews.selectors import interview_for

    actor = acting_user(ctx)
    said = said.strip().lower()
    if said not in ("yes", "no"):
        raise CliError(f"the answer is yes or no, not {said!r}")
    try:
        interview = interview_for(actor=actor, pk=interview_id)
    except Interview.DoesNotExist:
        raise CliError(f"no interview with id {interview_id}") from None
    interview = connector_answer_record(actor=actor, interview=interview, answer=said)
    if as_json:
        print_json(interview_json(interview))
        return
    connector, person = interview.connector.name, interview.person.name
    if said == "yes":
        console.print(
            f"{connector} introduced you to {person}: the request counts as sent "
            f"(interview #{interview.pk} is now requested)."
        )
    else:
        console.print(
            f"Recorded that {connector} declined. Ask {person} directly "
            f"(coffeechat interviews advance {interview.pk} requested) or find another path."
        )
