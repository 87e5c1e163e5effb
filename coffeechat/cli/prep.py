"""Placeholder: filled in by the issue 7 work."""

import typer

from coffeechat.cli.common import CliError


def brief(ctx: typer.Context):
    """Not built yet."""
    raise CliError("not built yet")
