"""A user's workspace backed up to JSON and restored: identical tables, or nothing at all."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from coffeechat.accounts.models import Profile
from coffeechat.demo import demo_load
from coffeechat.exchange.backup import restore_backup, write_backup
from coffeechat.interviews.models import Interview, StageChange
from coffeechat.network.merging import duplicate_dismiss
from coffeechat.network.models import (
    DuplicateDismissal,
    Interaction,
    Link,
    Organization,
    Person,
    Tag,
)
from coffeechat.network.services import person_create

User = get_user_model()
TABLES = [
    User,
    Profile,
    Organization,
    Tag,
    Person,
    Interview,
    StageChange,
    Interaction,
    Link,
    DuplicateDismissal,
]


def _tables() -> dict[str, list[tuple]]:
    """Every row of every table a workspace lives in, as stored."""
    tables = {
        model._meta.db_table: list(model.objects.order_by("pk").values_list()) for model in TABLES
    }
    # The tag links' own ids are bookkeeping; which person has which tag is the data.
    tags = Person.tags.through.objects.order_by("person_id", "tag_id")
    tables["network_person_tags"] = list(tags.values_list("person_id", "tag_id"))
    return tables


def _backup(user) -> bytes:
    stream = io.StringIO()
    write_backup(actor=user, stream=stream)
    return stream.getvalue().encode()


@pytest.fixture
def demo(db):
    demo_load()
    user = User.objects.get(username="demo")
    # Someone introduced by someone else, to exercise the second pass.
    people = list(user.people.order_by("pk")[:3])
    people[2].introduced_by = people[0]
    people[2].save()
    duplicate_dismiss(actor=user, a=people[0], b=people[1])  # "not the same person"
    return user


def test_a_restore_into_an_empty_database_gives_identical_tables(demo):
    before = _tables()
    assert all(before.values()), "the demo must fill every table for this test to mean much"
    data = _backup(demo)
    demo.delete()
    assert not Person.objects.exists() and not Interview.objects.exists()

    counts = restore_backup(stream=io.StringIO(data.decode()))

    assert _tables() == before
    assert counts["network.Person"] == 17
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="demo", password="demo") is not None


def test_new_rows_after_a_restore_get_fresh_ids(demo):
    data = _backup(demo)
    demo.delete()
    restore_backup(stream=io.StringIO(data.decode()))
    highest = Person.objects.order_by("-pk").first().pk
    added = person_create(actor=User.objects.get(username="demo"), name="Someone New")
    assert added.pk > highest


def test_it_restores_nothing_over_an_existing_account(demo):
    data = _backup(demo)
    before = _tables()
    with pytest.raises(ValidationError, match="already exists here; nothing restored"):
        restore_backup(stream=io.StringIO(data.decode()))
    assert _tables() == before


def test_it_restores_nothing_when_an_id_is_taken(demo, outsider):
    data = _backup(demo)
    taken = demo.people.order_by("pk").last().pk
    demo.delete()
    clash = Person.objects.create(pk=taken, owner=outsider, name="Already here")
    before = _tables()
    with pytest.raises(ValidationError, match="restore into an empty database"):
        restore_backup(stream=io.StringIO(data.decode()))
    assert _tables() == before
    assert Person.objects.get(pk=taken) == clash


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "not JSON"),
        ('{"format": "something-else"}', "no coffeechat-backup header"),
        ('{"format": "coffeechat-backup", "version": 99, "objects": []}', "version 99"),
        (
            '{"format": "coffeechat-backup", "version": 1, "username": "x", '
            '"objects": [{"model": "network.person", "pk": 1, "fields": {"owner": 99}}]}',
            "t be read \\(",
        ),
    ],
)
def test_it_refuses_a_file_that_is_not_a_backup(db, content, message):
    with pytest.raises(ValidationError, match=message):
        restore_backup(stream=io.StringIO(content))
    assert not User.objects.exists()


def test_the_backup_holds_only_the_users_own_rows(demo, outsider):
    person_create(actor=outsider, name="Mallory's Secret Contact")
    data = json.loads(_backup(demo))
    assert data["format"] == "coffeechat-backup" and data["version"] == 1
    assert "Mallory" not in json.dumps(data)
    owners = {o["fields"].get("owner") for o in data["objects"] if "owner" in o["fields"]}
    assert owners == {demo.pk}


def test_the_whole_database_copy_is_consistent(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["COFFEECHAT_HOME"] = str(tmp_path / "home")
    program = str(Path(sys.executable).with_name("coffeechat"))
    subprocess.run([program, "demo"], env=env, check=True, capture_output=True, timeout=120)
    copy = tmp_path / "copy.sqlite3"
    result = subprocess.run(
        [program, "backup", "--whole-database", str(copy)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM network_person").fetchone() == (17,)
    again = subprocess.run(
        [program, "backup", "--whole-database", str(copy)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 1
    assert "exists; choose a new file name" in again.stderr
