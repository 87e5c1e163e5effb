"""The `coffeechat` command: a thin layer over the same services as the web app.

main() boots Django, runs one command, and turns every refusal into one line on
stderr with a non-zero exit: no tracebacks for things a user can fix.
"""

from __future__ import annotations

import os
import sys

import typer
from typer.exceptions import Abort, Exit, TyperException

EXIT_ERROR = 1
EXIT_USAGE = 2


def _boot() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
    import django

    django.setup()


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    message = " ".join(str(message).split())
    print(f"coffeechat: error: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
    from django.db import DatabaseError

    try:
        _boot()
    except ImproperlyConfigured as error:
        return _fail(error)
    except Exception as error:  # noqa: BLE001 (a bad setting must not print a traceback)
        return _fail(f"could not start: {error}")
    from coffeechat.cli.app import app
    from coffeechat.cli.common import CliError
    from coffeechat.domain.lifecycle import IllegalMove

    command = typer.main.get_command(app)
    args = sys.argv[1:] if argv is None else argv
    try:
        result = command.main(args=args, prog_name="coffeechat", standalone_mode=False)
    except Exit as done:
        return _fail("interrupted", 130) if done.exit_code == 130 else done.exit_code
    except Abort:
        return _fail("aborted")
    except TyperException as error:
        # Usage errors (exit code 2) point at the help of the command that was misused.
        ctx = getattr(error, "ctx", None)
        if ctx is not None and error.format_message() == ctx.get_help():
            # A group run without a command: show its help as help, not as one error line.
            print(ctx.get_help(), file=sys.stderr)
            return EXIT_USAGE
        if error.exit_code == EXIT_USAGE:
            where = ctx.command_path if ctx else "coffeechat"
            return _fail(f"{error.format_message()} (see '{where} --help')", EXIT_USAGE)
        return _fail(error.format_message(), error.exit_code)
    except CliError as error:
        return _fail(error)
    except IllegalMove as error:
        return _fail(error)
    except ValidationError as error:
        return _fail(_validation_text(error))
    except ObjectDoesNotExist as error:
        return _fail(error)
    except DatabaseError as error:
        return _fail(f"the database refused the request: {error}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    if result == 130:
        # Typer turns Ctrl-C into exit code 130 before we see the KeyboardInterrupt.
        return _fail("interrupted", 130)
    return result if isinstance(result, int) else 0


def _validation_text(error) -> str:
    if hasattr(error, "error_dict"):
        parts = []
        for field, errors in error.error_dict.items():
            label = "" if field == "__all__" else f"{field.replace('_', ' ')}: "
            parts.extend(f"{label}{message}" for e in errors for message in e.messages)
        return "; ".join(parts)
    return " ".join(error.messages)
