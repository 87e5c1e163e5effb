"""Shared fixtures: the owner, an outsider who must never see the owner's data, a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from coffeechat.accounts.services import user_create
from coffeechat.interviews.services import interview_open
from coffeechat.network.services import person_create

# A Monday morning; tests move the clock from here.
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _imports_within_the_request(settings):
    # A web import runs in a thread of the server process; the browser tests exercise
    # that against the real server. Elsewhere it runs inside the request, so a test
    # reads the result at once and no thread outlives its test.
    settings.COFFEECHAT_IMPORT_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def _no_graph_from_another_test():
    # The who-knows-whom graph is kept per process; a test's database is new each time.
    from coffeechat.network import graph

    graph._cache.clear()


@pytest.fixture
def clock():
    """Time stands still at NOW until the test moves it (clock.move_to / clock.shift)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def owner(db):
    return user_create(username="alice", password="a-long-passphrase-1")


@pytest.fixture
def outsider(db):
    return user_create(username="mallory", password="another-passphrase-2")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def outsider_client(outsider):
    # Its own client, so a test can hold the owner's and the outsider's sessions at once.
    from django.test import Client

    client = Client()
    client.force_login(outsider)
    return client


@pytest.fixture
def person(owner):
    return person_create(
        actor=owner,
        name="Dana Whitfield",
        email="dana@example.org",
        title="Senior Policy Advisor",
        organization_name="City Climate Office",
    )


@pytest.fixture
def interview(owner, person):
    return interview_open(actor=owner, person=person)


@pytest.fixture(autouse=True)
def _fresh_vobject_time_zones():
    # vobject, the second parser the invitation tests read our .ics files with, keeps the
    # first VTIMEZONE it meets for a zone name for the rest of the process; ours cover
    # only the years of their events. Each test starts from vobject's own registry.
    import vobject.icalendar

    registry = vars(vobject.icalendar)["__tzidMap"]
    kept = dict(registry)
    registry.clear()
    registry.update({name: zone for name, zone in kept.items() if name == "UTC"})
    yield
    registry.clear()
    registry.update(kept)
