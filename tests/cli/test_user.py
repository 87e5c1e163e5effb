"""`coffeechat user add`, and which account every other command acts as."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory

from coffeechat.accounts.models import Profile

User = get_user_model()


def log_in(username: str, password: str):
    """Authenticate through the configured backends, as the login page does."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password)


PASSWORD = "correct-horse-battery-7"


# --- user add ----------------------------------------------------------------------


def test_it_creates_a_user_who_can_log_in_with_the_password_from_stdin(cli):
    result = cli("user", "add", "carol", "--password-stdin", stdin=PASSWORD + "\n")

    assert result.code == 0, result.err
    assert result.out.strip() == "Created user carol."
    assert result.err == ""
    user = log_in("carol", PASSWORD)
    assert user is not None and user.username == "carol"
    assert Profile.objects.get(user=user).time_zone == "UTC"


def test_it_keeps_the_time_zone_given_with_the_new_user(cli):
    result = cli(
        "user", "add", "carol", "--password-stdin", "--time-zone", "Europe/Paris", stdin=PASSWORD
    )

    assert result.code == 0, result.err
    assert Profile.objects.get(user__username="carol").time_zone == "Europe/Paris"


def test_it_refuses_a_weak_password_in_one_line(cli):
    result = cli("user", "add", "carol", "--password-stdin", stdin="abc\n")

    assert result.code == 1
    assert "too short" in result.error
    assert not User.objects.filter(username="carol").exists()


def test_it_refuses_a_password_like_the_user_name(cli):
    result = cli("user", "add", "carolinesmith", "--password-stdin", stdin="carolinesmith\n")

    assert result.code == 1
    assert "too similar" in result.error
    assert not User.objects.exists()


def test_it_refuses_an_empty_password(cli):
    result = cli("user", "add", "carol", "--password-stdin", stdin="\n")

    assert result.error == "coffeechat: error: the password is empty"
    assert not User.objects.exists()


def test_it_refuses_to_guess_a_password_when_stdin_is_not_a_terminal(cli):
    result = cli("user", "add", "carol", stdin=PASSWORD + "\n")

    assert result.code == 1
    assert "--password-stdin" in result.error
    assert not User.objects.exists()


def test_it_refuses_a_duplicate_user_name_whatever_its_case(cli, owner):
    result = cli("user", "add", "ALICE", "--password-stdin", stdin=PASSWORD)

    assert result.code == 1
    assert "taken" in result.error
    assert User.objects.filter(username__iexact="alice").count() == 1


def test_it_refuses_an_unknown_time_zone_and_creates_nobody(cli):
    result = cli(
        "user", "add", "carol", "--password-stdin", "--time-zone", "Mars/Olympus", stdin=PASSWORD
    )

    assert result.code == 1
    assert "Mars/Olympus" in result.error and "time zone" in result.error
    assert not User.objects.exists()


def test_it_refuses_an_invalid_user_name(cli):
    result = cli("user", "add", "carol smith!", "--password-stdin", stdin=PASSWORD)

    assert result.code == 1
    assert result.error.startswith("coffeechat: error: username:")
    assert not User.objects.exists()


# --- which user a command acts as ---------------------------------------------------


def names(result) -> list[str]:
    return [p["name"] for p in result.json()]


def test_it_acts_as_the_only_account_without_being_told(cli, person):
    result = cli("people", "list", "--json")

    assert names(result) == ["Dana Whitfield"]


def test_it_says_how_to_create_the_first_user_when_there_is_none(cli):
    result = cli("people", "list")

    assert result.code == 1
    assert "no user yet" in result.error
    assert "coffeechat user add" in result.error


def test_it_asks_which_user_when_there_are_several(cli, person, outsider):
    result = cli("people", "list", "--json")

    assert result.code == 1
    assert "--user" in result.error
    assert "COFFEECHAT_USER" in result.error


def test_it_acts_as_the_user_named_with_the_user_option(cli, person, outsider):
    assert names(cli("--user", "alice", "people", "list", "--json")) == ["Dana Whitfield"]
    assert names(cli("--user", "mallory", "people", "list", "--json")) == []
    assert names(cli("-u", "ALICE", "people", "list", "--json")) == ["Dana Whitfield"]


def test_it_refuses_an_unknown_user_option(cli, person, outsider):
    result = cli("--user", "nobody", "people", "list")

    assert result.code == 1
    assert "no user named 'nobody'" in result.error
    assert "coffeechat user add nobody" in result.error


def test_it_refuses_an_unknown_user_even_when_only_one_account_exists(cli, person):
    result = cli("--user", "nobody", "people", "list", "--json")

    assert "no user named 'nobody'" in result.error


def test_it_reads_the_user_from_coffeechat_user(cli, monkeypatch, person, outsider):
    monkeypatch.setenv("COFFEECHAT_USER", "alice")
    assert names(cli("people", "list", "--json")) == ["Dana Whitfield"]

    monkeypatch.setenv("COFFEECHAT_USER", "mallory")
    assert names(cli("people", "list", "--json")) == []


def test_it_prefers_the_user_option_to_coffeechat_user(cli, monkeypatch, person, outsider):
    monkeypatch.setenv("COFFEECHAT_USER", "mallory")

    assert names(cli("--user", "alice", "people", "list", "--json")) == ["Dana Whitfield"]


def test_it_refuses_an_unknown_coffeechat_user(cli, monkeypatch, person):
    monkeypatch.setenv("COFFEECHAT_USER", "nobody")

    result = cli("people", "list")

    assert "no user named 'nobody'" in result.error


@pytest.mark.parametrize("command", [["today"], ["people", "list"], ["interviews", "list"]])
def test_it_takes_the_user_option_only_before_the_subcommand(cli, owner, command):
    result = cli(*command, "--user", "alice")

    assert result.code == 2
    assert "No such option: --user" in result.error
