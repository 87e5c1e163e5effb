"""Every refusal is one line on stderr, "coffeechat: error: ...", with a non-zero exit."""

from __future__ import annotations

import pytest
from django.db import OperationalError

USAGE_ERRORS = {
    "unknown root option": (["--bogus"], "No such option: --bogus"),
    "unknown command option": (["people", "list", "--bogus"], "No such option: --bogus"),
    "unknown command": (["frobnicate"], "No such command 'frobnicate'"),
    "missing argument": (["interviews", "new"], "Missing argument"),
    "missing stage": (["interviews", "advance", "1"], "Missing argument"),
    "missing user name": (["user", "add"], "Missing argument"),
    "not a number": (["interviews", "new", "abc"], "Invalid value"),
    "missing option value": (["--user"], "requires an argument"),
    "out of range": (["serve", "--port", "0"], "--port"),
}


@pytest.mark.parametrize(("args", "message"), list(USAGE_ERRORS.values()), ids=list(USAGE_ERRORS))
def test_it_answers_a_usage_error_with_exit_2_and_one_line(cli, owner, args, message):
    result = cli(*args)

    assert result.code == 2
    assert message in result.error
    assert "--help" in result.error  # says where to look


def test_it_points_a_usage_error_at_the_help_of_the_command_misused(cli, owner):
    result = cli("interviews", "new")

    assert result.error.endswith("(see 'coffeechat interviews new --help')")


REFUSALS = {
    "weak password": ["user", "add", "carol", "--password-stdin"],
    "unknown person": ["interviews", "new", "424242"],
    "minutes out of range": ["interviews", "new", "{person}", "--minutes", "61"],
    "unknown interview": ["interviews", "advance", "424242", "requested"],
    "illegal move": ["interviews", "advance", "{interview}", "keeping_in_touch"],
    "unknown stage": ["interviews", "advance", "{interview}", "bogus"],
    "bad --at": ["interviews", "advance", "{interview}", "requested", "--at", "soon"],
    "schedule without --at": ["interviews", "advance", "{interview}", "scheduled"],
    "unknown --stage": ["interviews", "list", "--stage", "bogus"],
    "unknown user": ["--user", "nobody", "today"],
    "bad email": ["people", "add", "X", "--email", "x@"],
}


@pytest.mark.parametrize("args", list(REFUSALS.values()), ids=list(REFUSALS))
def test_it_refuses_with_exit_1_and_exactly_one_line(cli, interview, args):
    args = [a.format(person=interview.person_id, interview=interview.pk) for a in args]

    result = cli(*args, stdin="short\n")

    assert result.code == 1
    assert result.err.strip().count("\n") == 0
    assert result.error.startswith("coffeechat: error: ")
    assert "Traceback" not in result.err


def test_it_turns_a_database_failure_into_one_line(cli, owner, monkeypatch):
    def unreachable(**kwargs):
        raise OperationalError("connection failed\nIs the server running?")

    monkeypatch.setattr("coffeechat.network.selectors.people_for", unreachable)

    result = cli("people", "list")

    assert result.code == 1
    assert result.error == (
        "coffeechat: error: the database refused the request: "
        "connection failed Is the server running?"
    )


def interrupt(monkeypatch):
    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("coffeechat.network.selectors.people_for", interrupted)


def test_it_exits_130_without_a_traceback_on_ctrl_c(cli, owner, monkeypatch):
    interrupt(monkeypatch)

    result = cli("people", "list")

    assert result.code == 130
    assert "Traceback" not in result.err
    assert result.out == ""


def test_it_says_interrupted_on_ctrl_c(cli, owner, monkeypatch):
    interrupt(monkeypatch)

    result = cli("people", "list")

    assert result.error == "coffeechat: error: interrupted"


@pytest.mark.parametrize(
    "args", [["--help"], ["interviews", "--help"], ["interviews", "advance", "--help"]]
)
def test_it_prints_help_to_stdout_and_exits_0(cli, args):
    result = cli(*args)

    assert result.code == 0
    assert result.err == ""
    assert result.out.startswith("Usage: coffeechat")
    assert result.out.count("\n") > 3


def test_it_documents_the_at_option_of_advance(cli):
    assert "--at" in cli("interviews", "advance", "--help").out


@pytest.mark.parametrize("args", [[], ["people"]])
def test_it_shows_readable_help_when_run_without_a_command(cli, args):
    result = cli(*args)

    output = result.out + result.err
    assert "coffeechat: error:" not in output
    assert any(line.strip().startswith("Commands:") for line in output.splitlines())


# --- errors before any command runs: a real process ---------------------------------


@pytest.mark.subprocess
def test_it_reports_missing_production_settings_in_one_line(program):
    result = program("today", env={"COFFEECHAT_ENV": "production"})

    assert result.code == 1
    assert result.error == (
        "coffeechat: error: COFFEECHAT_SECRET_KEY must be set when COFFEECHAT_ENV=production"
    )


@pytest.mark.subprocess
def test_it_reports_an_unreachable_database_in_one_line(program):
    result = program("today", env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"})

    assert result.code == 1
    assert result.error.startswith("coffeechat: error: the database refused the request:")


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "env",
    [{"DATABASE_URL": "foo://localhost/db"}, {"COFFEECHAT_PAGE_SIZE": "many"}],
    ids=["database-url", "page-size"],
)
def test_it_reports_a_malformed_setting_in_one_line(program, env):
    result = program("today", env=env)

    assert result.code == 1
    assert result.error.startswith("coffeechat: error: ")
