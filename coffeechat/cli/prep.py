"""`coffeechat brief`: the one-page brief for an interview, as text, HTML or JSON."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from coffeechat.cli.common import CliError, acting_user, console, print_json

InterviewId = Annotated[int, typer.Argument(metavar="INTERVIEW_ID")]


def brief(
    ctx: typer.Context,
    interview_id: InterviewId,
    output: Annotated[
        Optional[Path],  # noqa: UP045 (Typer reads the annotation)
        typer.Option(
            "-o", "--output", help="Also write the printable page here (.html, works offline)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """The brief: who, why, research, questions, your pitch, the ask, time and place."""
    from coffeechat.cli.outreach import _interview
    from coffeechat.prep.brief import brief_html, brief_text
    from coffeechat.prep.selectors import brief_context

    actor = acting_user(ctx)
    interview = _interview(actor, interview_id)
    if output is not None:
        if output.is_dir():
            raise CliError(f"{output} is a folder: give a file name, e.g. {output / 'brief.html'}")
        if not output.parent.is_dir():
            raise CliError(f"{output.parent} is not a folder")
        if not os.access(output.parent, os.W_OK):
            raise CliError(f"can't write in {output.parent}")
    data = brief_context(actor=actor, interview=interview)
    if output is not None:
        try:
            output.write_text(brief_html(data), encoding="utf-8")
        except OSError as error:
            raise CliError(f"could not write {output}: {error.strerror or error}") from None
    if as_json:
        print_json(data)
        return
    console.print(brief_text(data), end="")
    if output is not None:
        console.print(f"\nBrief written to {output}: open it in a browser to print or save as PDF.")
