"""The command tree. Each command is a few lines around a service or selector."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from rich.table import Table

from coffeechat.cli import (
    debrief,
    export,
    importing,
    interviews,
    intro,
    outreach,
    paths,
    people,
    prep,
    search,
)
from coffeechat.cli.common import (
    CliError,
    acting_user,
    console,
    ensure_schema,
    iso,
    print_json,
    tune_database,
)

app = typer.Typer(
    help="coffeechat: informational interviews, from whom to ask to keeping in touch.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
user_app = typer.Typer(help="Accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(people.app, name="people")
app.add_typer(interviews.app, name="interviews")
app.add_typer(intro.app, name="intro")
app.command("export")(export.export)
app.command("backup")(export.backup)
app.command("restore")(export.restore)
app.command("import")(importing.import_file)
app.command("knows")(paths.knows)
app.command("paths")(paths.paths)
app.command("draft")(outreach.draft)
app.command("slots")(outreach.slots)
app.command("invite")(outreach.invite)
app.command("brief")(prep.brief)
app.command("debrief")(debrief.debrief)
app.command("search")(search.search)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.callback()
def root(
    ctx: typer.Context,
    user: Annotated[
        Optional[str],  # noqa: UP045 (Typer reads the annotation)
        typer.Option("--user", "-u", help="Act as this user (or set COFFEECHAT_USER)."),
    ] = None,
):
    ctx.obj = {"user": user}
    ensure_schema()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        Optional[int],  # noqa: UP045 (Typer reads the annotation)
        typer.Option(help="Worker processes (default: 2 per core + 1, at most 8).", min=1, max=32),
    ] = None,
    demo: Annotated[
        bool, typer.Option(help="Load the demo workspace first when the database is empty.")
    ] = False,
):
    """Serve the web app (gunicorn) until interrupted."""
    from coffeechat.demo import DEMO_PASSWORD, DEMO_USER, demo_load, workspace_is_empty
    from coffeechat.server import serve as run_server

    if demo and workspace_is_empty():
        demo_load()
        console.print(
            f"Loaded the demo workspace: log in as [b]{DEMO_USER}[/b] / [b]{DEMO_PASSWORD}[/b]",
            markup=True,
        )
    elif demo:
        console.print(f"Demo login (if you kept it): {DEMO_USER} / {DEMO_PASSWORD}")
    tune_database()  # fresh planner statistics for the server's queries
    from coffeechat.exchange.jobs import interrupt_unfinished_jobs

    # A web import still "running" belonged to a server that is gone: its transaction was
    # rolled back, so say so rather than show progress that never comes.
    interrupt_unfinished_jobs()
    console.print(
        f"coffeechat is running at [b]http://{host}:{port}/[/b]  (Ctrl-C stops it)", markup=True
    )
    run_server(host=host, port=port, workers=workers)


@app.command()
def demo():
    """Load the demo workspace (user 'demo'); running it again changes nothing."""
    from coffeechat.demo import DEMO_PASSWORD, DEMO_USER, demo_load

    summary = demo_load()
    if summary["created"]:
        console.print(
            f"Demo workspace ready: {summary['people']} people, "
            f"{summary['interviews']} interviews. "
            f"Log in as {DEMO_USER} / {DEMO_PASSWORD}."
        )
    else:
        console.print(f"The demo workspace is already loaded (user {DEMO_USER}); nothing changed.")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name to log in with.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    time_zone: Annotated[str, typer.Option(help="Time zone such as Europe/Paris.")] = "UTC",
):
    """Create an account."""
    from coffeechat.accounts.services import user_create

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        raise CliError("no password: pass --password-stdin and write it to standard input")
    if not password:
        raise CliError("the password is empty")
    user = user_create(username=name, password=password, time_zone=time_zone)
    console.print(f"Created user {user.username}.")


@app.command()
def today(
    ctx: typer.Context,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(help="Show at most this many.", min=1)] = 50,
):
    """Every due and overdue next action, the longest-waiting first."""
    from coffeechat.today.selectors import today_for

    actor = acting_user(ctx)
    page = today_for(actor=actor, limit=limit)
    rows = [
        {
            "action": item.action.kind.value,
            "title": item.action.kind.title,
            "status": item.status.value,
            "person": {"id": item.person.pk, "name": item.person.name},
            "interview_id": item.interview.pk if item.interview else None,
            "due_at": iso(item.action.due_at),
            "overdue_at": iso(item.action.overdue_at),
            "reason": item.reason,
        }
        for item in page.items
    ]
    if as_json:
        print_json({"total": page.total, "items": rows})
        return
    if not rows:
        console.print(
            "Nothing is due. Add people and open interviews; Today fills as things fall due."
        )
        return
    table = Table(title=f"Today: {page.total} to do", show_lines=True)
    for column in ("status", "action", "who", "interview", "why"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["status"],
            row["title"],
            f"{row['person']['name']} (#{row['person']['id']})",
            str(row["interview_id"] or "—"),
            row["reason"],
        )
    console.print(table)
    if page.total > len(rows):
        console.print(f"…and {page.total - len(rows)} more (use --limit).")
