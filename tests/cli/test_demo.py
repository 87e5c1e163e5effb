"""`coffeechat demo`: the demo workspace, loaded once."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory

from coffeechat.demo import PEOPLE
from coffeechat.interviews.models import Interview, StageChange
from coffeechat.network.models import Interaction, Link, Person

User = get_user_model()


def log_in(username: str, password: str):
    """Authenticate through the configured backends, as the login page does."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password)


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "people": Person.objects.count(),
        "interviews": Interview.objects.count(),
        "stage_changes": StageChange.objects.count(),
        "interactions": Interaction.objects.count(),
        "links": Link.objects.count(),
    }


def test_it_loads_the_demo_workspace_for_user_demo(cli):
    result = cli("demo")

    assert result.code == 0, result.err
    demo = User.objects.get(username="demo")
    interviews = Interview.objects.filter(owner=demo).count()
    assert result.out.strip() == (
        f"Demo workspace ready: {len(PEOPLE) + 1} people, {interviews} interviews. "
        "Log in as demo / demo."
    )
    assert (
        Person.objects.filter(owner=demo).count() == len(PEOPLE) + 1
    )  # and the one Grace suggested
    assert interviews > 0
    assert log_in("demo", "demo") == demo


def test_it_changes_nothing_the_second_time(cli):
    cli("demo")
    before = counts()

    result = cli("demo")

    assert result.code == 0, result.err
    assert result.out.strip() == (
        "The demo workspace is already loaded (user demo); nothing changed."
    )
    assert counts() == before


def test_it_gives_the_demo_user_something_to_do_today(cli):
    cli("demo")

    data = cli("--user", "demo", "today", "--json").json()

    kinds = {item["action"] for item in data["items"]}
    assert {"follow_up", "thank_you", "prep", "close_no_reply"} <= kinds
    assert data["total"] == len(data["items"])


def test_it_leaves_other_accounts_alone(cli, person):
    before = Person.objects.filter(owner=person.owner).count()

    cli("demo")

    assert Person.objects.filter(owner=person.owner).count() == before
    # Two accounts now: commands need to be told which one.
    assert "--user" in cli("today").error
    assert cli("--user", "alice", "people", "list", "--json").json()[0]["name"] == "Dana Whitfield"


def test_it_refuses_to_load_over_an_account_named_demo_in_other_case(cli):
    assert cli("user", "add", "DEMO", "--password-stdin", stdin="correct-horse-7\n").code == 0

    result = cli("demo")

    assert "already takes the name" in result.error
    assert cli("--user", "DEMO", "people", "list", "--json").json() == []


def test_it_refuses_the_demo_in_production(cli, settings):
    settings.PRODUCTION = True
    assert "not loaded in production" in cli("demo").error
