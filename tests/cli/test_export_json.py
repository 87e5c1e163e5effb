"""`coffeechat export json [-o PATH]`: the whole workspace, as `coffeechat backup` writes it."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory

from coffeechat.demo import demo_load
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Person
from coffeechat.network.services import person_create

User = get_user_model()


@pytest.fixture
def demo(db, outsider):
    demo_load()
    person_create(actor=outsider, name="Mallory's Secret Contact")
    return User.objects.get(username="demo")


def _without_timestamp(backup: dict) -> dict:
    return {key: value for key, value in backup.items() if key != "created_at"}


def test_it_writes_the_workspace_backup_to_a_file(cli, demo, tmp_path):
    path = tmp_path / "workspace.json"

    result = cli("--user", "demo", "export", "json", "-o", path)

    assert result.code == 0, result.err
    interviews = Interview.objects.filter(owner=demo).count()
    assert (
        result.out.strip() == f"Wrote a backup of 17 people and {interviews} interviews to {path}."
    )
    backup = json.loads(path.read_text(encoding="utf-8"))
    assert (backup["format"], backup["version"], backup["username"]) == (
        "coffeechat-backup",
        1,
        "demo",
    )
    people = [o for o in backup["objects"] if o["model"] == "network.person"]
    assert len(people) == Person.objects.filter(owner=demo).count() == 17
    assert "Mallory" not in path.read_text(encoding="utf-8")


def test_it_writes_the_backup_to_standard_output_and_nothing_else(cli, demo, tmp_path):
    path = tmp_path / "workspace.json"
    cli("--user", "demo", "export", "json", "-o", path)

    result = cli("--user", "demo", "export", "json")

    assert result.code == 0, result.err
    assert result.err == ""
    backup = json.loads(result.out)
    assert _without_timestamp(backup) == _without_timestamp(json.loads(path.read_text()))


def test_its_output_restores_into_an_empty_workspace_with_the_same_data(cli, demo, tmp_path):
    path = tmp_path / "workspace.json"
    cli("--user", "demo", "export", "json", "-o", path)
    before = json.loads(path.read_text(encoding="utf-8"))
    demo.delete()
    assert not Person.objects.filter(owner__username="demo").exists()

    restored = cli("restore", path)

    assert restored.code == 0, restored.err
    assert restored.out.startswith("Restored 17 people")
    after = json.loads(cli("--user", "demo", "export", "json").out)
    assert _without_timestamp(after) == _without_timestamp(before)
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="demo", password="demo") is not None


def test_it_refuses_a_path_it_cannot_write_in_one_line(cli, demo, tmp_path):
    missing = tmp_path / "no-such-folder" / "workspace.json"

    result = cli("--user", "demo", "export", "json", "-o", missing)

    assert result.code == 1
    assert result.error == (f"coffeechat: error: can't write {missing}: No such file or directory")
    assert "is a folder" in cli("--user", "demo", "export", "json", "-o", tmp_path).error


def test_it_refuses_to_export_some_people_as_a_workspace(cli, demo):
    some = Person.objects.filter(owner=demo).first()

    result = cli("--user", "demo", "export", "json", "--person", some.pk)

    assert "a json export is the whole workspace" in result.error
