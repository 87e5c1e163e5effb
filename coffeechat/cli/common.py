"""What every command shares: the acting user, the schema check, output helpers."""

from __future__ import annotations

import json
import os
from datetime import date, datetime

import typer
from django.utils import timezone
from rich.console import Console

# No markup: names, notes and file cells are printed as they are ("Dana [/x] Lee" is a
# name, not a closing tag). The few fixed bold words ask for markup where they're printed.
console = Console(highlight=False, soft_wrap=True, markup=False)


class CliError(Exception):
    """A refusal to report as one line, without a traceback."""


def ensure_schema() -> None:
    """Bring the database up to date, so nobody ever sees "no such table"."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if executor.migration_plan(targets):
        call_command("migrate", interactive=False, verbosity=0)


def tune_database() -> None:
    from coffeechat.db import refresh_statistics

    refresh_statistics()


def acting_user(ctx: typer.Context):
    """--user, else COFFEECHAT_USER, else the only account there is."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    name = (ctx.find_root().obj or {}).get("user") or os.environ.get("COFFEECHAT_USER")
    if name:
        user = User.objects.filter(username__iexact=name.strip()).first()
        if user is None:
            raise CliError(f"no user named {name!r}; create one with 'coffeechat user add {name}'")
        return user
    users = list(User.objects.order_by("id")[:2])
    if not users:
        raise CliError("there is no user yet; create one with 'coffeechat user add NAME'")
    if len(users) > 1:
        raise CliError(
            "several users exist; choose one with --user NAME or the COFFEECHAT_USER variable"
        )
    return users[0]


def parse_when(value: str | None, *, option: str, tz) -> datetime | None:
    """An ISO date-time from the command line; without an offset it is in the user's zone."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CliError(
            f"{option}: expected an ISO date-time such as 2026-11-21T15:00, got {value!r}"
        ) from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=tz)
    return moment


def parse_day(value: str | None, *, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CliError(f"{option}: expected a date such as 2026-12-24, got {value!r}") from None


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def print_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
