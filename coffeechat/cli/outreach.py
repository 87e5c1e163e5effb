"""Drafts with the coach's findings, times to offer, and calendar invitations."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coffeechat.cli.common import CliError, acting_user, console, iso, print_json

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
InterviewId = Annotated[int, typer.Argument(metavar="INTERVIEW_ID")]
KINDS = {
    "request": "request",
    "follow-up": "follow_up",
    "thank-you": "thank_you",
    "keep-in-touch": "keep_in_touch",
    "intro": "intro",
}


def _interview(actor, pk: int):
    from coffeechat.interviews.models import Interview
    from coffeechat.interviews.selectors import interview_for

    try:
        return interview_for(actor=actor, pk=pk)
    except Interview.DoesNotExist:
        raise CliError(f"no interview with id {pk}") from None


def draft(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="request|follow-up|thank-you|keep-in-touch|intro")],
    interview_id: InterviewId,
    reason: Annotated[
        Optional[str],  # noqa: UP045 (Typer reads the annotation)
        typer.Option(help="For keep-in-touch: advice, milestone, article or greeting."),
    ] = None,
    as_json: JsonOption = False,
):
    """Draft a message from your template and profile, with the coach's findings."""
    from coffeechat.domain import coach, drafting
    from coffeechat.domain.messages import KeepInTouchReason, MessageKind
    from coffeechat.outreach import selectors

    actor = acting_user(ctx)
    value = KINDS.get(kind.strip().lower().replace("_", "-"))
    if value is None:
        raise CliError(f"the kind is one of {', '.join(KINDS)}, not {kind!r}")
    message_kind = MessageKind(value)
    why = None
    if reason is not None and message_kind != MessageKind.KEEP_IN_TOUCH:
        raise CliError(f"--reason is for a keep-in-touch message, not a {kind.strip()}")
    if reason is not None:
        try:
            why = KeepInTouchReason(reason.strip().lower())
        except ValueError:
            choices = ", ".join(r.value for r in KeepInTouchReason)
            raise CliError(f"--reason is one of {choices}, not {reason!r}") from None
    elif message_kind == MessageKind.KEEP_IN_TOUCH:
        why = KeepInTouchReason.ADVICE
    interview = _interview(actor, interview_id)
    key = drafting.template_key(message_kind, why)
    text = drafting.draft(
        key,
        selectors.draft_context(actor=actor, interview=interview),
        selectors.template_for(actor=actor, key=key),
    )
    facts = selectors.coach_facts(
        actor=actor, interview=interview, kind=message_kind, subject=text.subject, body=text.body
    )
    findings = coach.check(facts)
    if as_json:
        print_json(
            {
                "interview": interview.pk,
                "kind": message_kind.value,
                "reason": why.value if why else None,
                "to": {"name": interview.person.name, "email": interview.person.email},
                "subject": text.subject,
                "body": text.body,
                "findings": [
                    {"code": f.code, "level": f.level.value, "message": f.message, "fix": f.fix}
                    for f in findings
                ],
            }
        )
        return
    to = interview.person.name
    if interview.person.email:
        to = f"{to} <{interview.person.email}>"
    console.print(f"To: {to}\nSubject: {text.subject}\n\n{text.body}\n")
    if not findings:
        console.print("Coach: nothing to flag.")
    for finding in findings:
        label = "Fix" if finding.level == coach.Level.PROBLEM else "Consider"
        fix = f" {finding.fix}" if finding.fix else ""
        console.print(f"Coach ({label}): {finding.message}{fix}")


def slots(
    ctx: typer.Context,
    interview_id: InterviewId,
    count: Annotated[int, typer.Option(help="How many times to propose.", min=1, max=10)] = 3,
    as_json: JsonOption = False,
):
    """Propose times inside both parties' hours, far enough out, on different days."""
    from coffeechat.outreach import selectors

    actor = acting_user(ctx)
    interview = _interview(actor, interview_id)
    found = selectors.slots_for(actor=actor, interview=interview, count=count)
    described = [
        (slot, selectors.describe_slot(actor=actor, interview=interview, slot=slot))
        for slot in found
    ]
    if as_json:
        print_json(
            [{"start": iso(s.start), "end": iso(s.end), "text": text} for s, text in described]
        )
        return
    if not described:
        console.print(
            "No time fits both calendars in the coming weeks: widen your availability in "
            "Settings, or check their working hours and time zone."
        )
        return
    for slot, text in described:
        console.print(f"{slot.start.isoformat()}  {text}")
    console.print(
        f"\nWhen they agree: coffeechat interviews advance {interview.pk} scheduled --at START"
    )


def invite(
    ctx: typer.Context,
    interview_id: InterviewId,
    output: Annotated[
        Optional[Path],  # noqa: UP045 (Typer reads the annotation)
        typer.Option("-o", "--output", help="Write the .ics here (default: print it)."),
    ] = None,
    cancel: Annotated[
        bool, typer.Option("--cancel", help="Call the meeting off: write the cancellation.")
    ] = False,
):
    """The calendar invitation for the agreed time (or its cancellation), as .ics."""
    from coffeechat.outreach import invitations

    actor = acting_user(ctx)
    interview = _interview(actor, interview_id)
    if output is not None:
        # Checked before anything changes: a cancellation can't be issued twice.
        if output.is_dir():
            raise CliError(f"{output} is a folder: give a file name, e.g. {output / 'meeting.ics'}")
        if not output.parent.is_dir():
            raise CliError(f"{output.parent} is not a folder")
        if not os.access(output.parent, os.W_OK):
            raise CliError(f"can't write in {output.parent}")
    if cancel:
        body = invitations.invitation_cancel(actor=actor, interview=interview)
    else:
        body = invitations.invitation_issue(actor=actor, interview=interview)
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(body)
    except OSError as error:
        raise CliError(f"could not write {output}: {error.strerror or error}") from None
    what = "Cancellation" if cancel else "Invitation"
    console.print(f"{what} written to {output}.")
