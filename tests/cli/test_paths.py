"""Warm paths from the command line: `coffeechat knows`, `coffeechat import links`,
`coffeechat paths` and `coffeechat people mark`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coffeechat.network.links import link_people
from coffeechat.network.models import Link, Person
from coffeechat.network.services import interaction_log, person_create
from tests.conftest import NOW

ORG = "Northwind Transit"
NO_PATH = (
    "No path to Northwind Transit within 3 hops. "
    "Record who knows whom with 'coffeechat knows A B' or import your connections."
)


@pytest.fixture(autouse=True)
def _frozen(clock):
    return clock


@pytest.fixture
def dana(owner):
    """Someone the user knows: a former teammate they talked to three weeks ago."""
    dana = person_create(
        actor=owner,
        name="Dana Whitfield",
        email="dana@example.org",
        how_met="your former teammate",
    )
    interaction_log(actor=owner, person=dana, kind="call", occurred_at=NOW - timedelta(days=21))
    return dana


@pytest.fixture
def sam(owner):
    """A prospect at Northwind Transit."""
    return person_create(
        actor=owner,
        name="Sam Rivera",
        title="Senior Policy Advisor",
        organization_name=ORG,
        linkedin_url="https://www.linkedin.com/in/sam-rivera",
    )


def stored(person) -> Person:
    return Person.objects.get(pk=person.pk)


# coffeechat knows ----------------------------------------------------------------------


def test_it_records_that_two_people_know_each_other(cli, dana, sam):
    result = cli("knows", "dana@example.org", "linkedin.com/in/sam-rivera/", "--how", "old friends")

    assert result.code == 0, result.err
    assert result.out.strip() == "Dana Whitfield and Sam Rivera know each other (new link)."
    link = Link.objects.get()
    assert (link.from_person, link.to_person, link.how) == (dana, sam, "old friends")


def test_saying_it_again_changes_nothing_and_says_so(cli, dana, sam):
    cli("knows", dana.pk, sam.pk, "--how", "old friends")

    again = cli("knows", "Sam Rivera", "Dana Whitfield")
    changed = cli("knows", "Sam Rivera", "Dana Whitfield", "--how", "board members")

    assert again.out.strip() == "Sam Rivera and Dana Whitfield know each other (already linked)."
    assert changed.out.strip() == "Sam Rivera and Dana Whitfield know each other (link updated)."
    assert Link.objects.get().how == "board members"


def test_it_records_a_link_as_json(cli, dana, sam):
    data = cli("knows", dana.pk, sam.pk, "--strength", "0.8", "--json").json()

    assert data == {
        "outcome": "created",
        "link": {
            "id": Link.objects.get().pk,
            "a": {"id": dana.pk, "name": "Dana Whitfield"},
            "b": {"id": sam.pk, "name": "Sam Rivera"},
            "kind": "knows",
            "how": "",
            "strength": 0.8,
        },
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Nobody", "Sam Rivera"), "No one among your people matches 'Nobody'."),
        (("Sam Rivera", "nobody@example.org"), "No one among your people matches"),
        (("Sam Rivera", "Sam Rivera"), "can't be linked to themselves"),
        (("Sam Rivera", ""), "Name someone"),
    ],
)
def test_it_refuses_what_it_cannot_link_in_one_line(cli, dana, sam, args, message):
    result = cli("knows", *args)

    assert message in result.error
    assert Link.objects.count() == 0


def test_it_refuses_a_strength_outside_0_to_1(cli, dana, sam):
    result = cli("knows", dana.pk, sam.pk, "--strength", "1.5")

    assert result.code == 2
    assert "--strength" in result.error
    assert Link.objects.count() == 0


def test_it_never_links_another_users_person(cli, owner, outsider, dana):
    theirs = person_create(actor=outsider, name="Their Contact")

    result = cli("--user", "alice", "knows", dana.pk, theirs.pk)

    assert f"No one among your people matches '{theirs.pk}'" in result.error
    assert Link.objects.count() == 0


# coffeechat import links ---------------------------------------------------------------


def write(tmp_path, *lines: str):
    path = tmp_path / "links.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_it_imports_links_and_reports_the_rest_by_line(cli, tmp_path, dana, sam):
    path = write(
        tmp_path,
        "person_a,person_b,how",
        "dana@example.org,Sam Rivera,former teammates",
        "Nobody Here,Sam Rivera,",
    )

    result = cli("import", "links", path)

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Linked: 1 created, 0 updated, 0 unchanged, 1 rejected."
    assert lines[1].startswith("  line 3, person_a: expected one of your people")
    assert "Nobody Here" in lines[1]
    assert Link.objects.get().how == "former teammates"


def test_it_imports_links_as_json(cli, tmp_path, dana, sam):
    path = write(tmp_path, "person_a,person_b", f"{dana.pk},{sam.pk}", "Ann,Bob")

    data = cli("import", "links", path, "--json").json()

    assert {k: data[k] for k in ("created", "updated", "unchanged", "rejected", "dry_run")} == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "dry_run": False,
    }
    assert [p.split(":")[0] for p in data["problems"]] == ["line 3, person_a", "line 3, person_b"]


def test_importing_the_same_links_again_changes_nothing(cli, tmp_path, dana, sam):
    path = write(tmp_path, "person_a,person_b", f"{dana.pk},{sam.pk}")
    cli("import", "links", path)

    again = cli("import", "links", path)

    assert again.code == 0, again.err
    assert again.out.splitlines()[0] == "Linked: 0 created, 0 updated, 1 unchanged, 0 rejected."
    assert Link.objects.count() == 1


def test_a_dry_run_of_links_writes_nothing(cli, tmp_path, dana, sam):
    path = write(tmp_path, "person_a,person_b", f"{dana.pk},{sam.pk}")

    result = cli("import", "links", path, "--dry-run")

    assert result.code == 0, result.err
    assert (
        result.out.splitlines()[0] == "Would link: 1 created, 0 updated, 0 unchanged, 0 rejected."
    )
    assert Link.objects.count() == 0


def test_it_exits_non_zero_when_nothing_was_linked(cli, tmp_path, dana):
    path = write(tmp_path, "person_a,person_b", "Ann,Bob", "Dana Whitfield,Dana Whitfield")

    result = cli("import", "links", path)

    assert result.code == 1
    assert result.out.splitlines()[0] == "Linked: 0 created, 0 updated, 0 unchanged, 2 rejected."


def test_it_says_when_a_links_file_has_no_pairs(cli, tmp_path, owner):
    result = cli("import", "links", write(tmp_path, "person_a,person_b,how"))

    assert result.code == 1
    assert "The file has no pairs" in result.out


def test_it_refuses_a_links_file_without_the_header_in_one_line(cli, tmp_path, dana, sam):
    path = write(tmp_path, f"{dana.pk},{sam.pk},old friends")

    result = cli("import", "links", path)

    assert result.error.startswith("coffeechat: error: links.csv: no header with person_a")
    assert result.error.endswith("nothing was linked")
    assert Link.objects.count() == 0


def test_it_refuses_people_import_options_for_a_links_file(cli, tmp_path, owner):
    path = write(tmp_path, "person_a,person_b")

    result = cli("import", "links", path, "--map", "A=person_a")

    assert "links files take only --dry-run and --json" in result.error


# coffeechat paths ----------------------------------------------------------------------


@pytest.fixture
def network(owner, dana, sam):
    """Dana knows Sam at Northwind; Omar, met at a meetup, knows Lee, who knows Ivy there;
    the user knows Ray, an analyst at Northwind, directly."""
    link_people(actor=owner, a=dana, b=sam)
    omar = person_create(actor=owner, name="Omar Haddad", how_met="a meetup")
    interaction_log(actor=owner, person=omar, kind="meeting", occurred_at=NOW - timedelta(days=3))
    lee = person_create(actor=owner, name="Lee Park")
    ivy = person_create(actor=owner, name="Ivy Chen", title="Software Engineer")
    ivy.organization = sam.organization
    ivy.save()
    link_people(actor=owner, a=omar, b=lee, how="climbing partners")
    link_people(actor=owner, a=lee, b=ivy)
    ray = person_create(
        actor=owner, name="Ray Moss", title="Policy Analyst", organization_name=ORG, known=True
    )
    return {"dana": dana, "sam": sam, "omar": omar, "lee": lee, "ivy": ivy, "ray": ray}


def test_it_shows_ranked_paths_to_an_organization(cli, network):
    result = cli("paths", "--org", "northwind transit")

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Whom to ask, to reach Northwind Transit:",
        "1. Ray Moss",
        "   You know Ray Moss, Policy Analyst at Northwind Transit; never talked",
        "2. Dana Whitfield → Sam Rivera",
        "   Dana Whitfield, your former teammate, last talked 3 weeks ago, "
        "knows Sam Rivera, Senior Policy Advisor at Northwind Transit",
        "3. Omar Haddad → Lee Park → Ivy Chen",
        "   Omar Haddad, a meetup, last talked 3 days ago, knows Lee Park (climbing partners), "
        "who knows Ivy Chen, Software Engineer at Northwind Transit",
    ]


def test_it_shows_paths_as_json(cli, network):
    data = cli("paths", "--org", ORG, "--json").json()

    sam, dana = network["sam"], network["dana"]
    assert [len(p["hops"]) for p in data] == [1, 2, 3]
    second = data[1]
    assert second["hops"] == [
        {"id": dana.pk, "name": "Dana Whitfield", "title": "", "organization": None},
        {"id": sam.pk, "name": "Sam Rivera", "title": "Senior Policy Advisor", "organization": ORG},
    ]
    assert (second["connector_id"], second["target_id"]) == (dana.pk, sam.pk)
    assert second["reason"].startswith("Dana Whitfield, your former teammate")
    assert 0 < second["score"] <= 1
    assert data[0]["connector_id"] is None
    assert [p["score"] > 0 for p in data] == [True, True, True]


def test_role_words_narrow_the_people_at_the_organization(cli, network):
    data = cli("paths", "--org", ORG, "--role", "policy", "--json").json()

    assert [p["target_id"] for p in data] == [network["ray"].pk, network["sam"].pk]


def test_it_says_when_no_one_there_has_the_role(cli, network):
    result = cli("paths", "--org", ORG, "--role", "chief dreamer")

    assert result.code == 0
    assert result.out.strip() == (
        "No one at Northwind Transit has 'chief dreamer' in their title; try fewer words."
    )


def test_it_shows_paths_to_one_person(cli, network):
    result = cli("paths", "--person", "linkedin.com/in/sam-rivera")

    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == [
        "Whom to ask, to reach Sam Rivera:",
        "1. Dana Whitfield → Sam Rivera",
    ]
    assert "Ivy Chen" not in result.out


def test_it_shows_at_most_limit_paths(cli, network):
    data = cli("paths", "--org", ORG, "--limit", "2", "--json").json()

    assert [len(p["hops"]) for p in data] == [1, 2]


def test_it_helps_when_there_is_no_path(cli, dana, sam):
    result = cli("paths", "--org", ORG)

    assert result.code == 0
    assert result.out.strip() == NO_PATH
    assert cli("paths", "--org", ORG, "--json").json() == []


def test_it_says_the_person_is_marked_do_not_ask(cli, owner, dana, sam):
    link_people(actor=owner, a=dana, b=sam)
    cli("people", "mark", sam.pk, "--do-not-ask")

    result = cli("paths", "--person", sam.pk)

    assert result.out.strip() == (
        f"No path to Sam Rivera: you marked them 'do not ask' "
        f"(undo with 'coffeechat people mark {sam.pk} --may-ask')."
    )


@pytest.mark.parametrize(
    ("org", "message"),
    [
        ("north", "no organization named 'north'; did you mean Northwind Transit?"),
        ("Nortwind Transit", "no organization named 'Nortwind Transit'; did you mean Northwind"),
        ("Acme", "no organization named 'Acme' among your people"),
    ],
)
def test_it_names_close_matches_for_an_unknown_organization(cli, sam, org, message):
    person_create(actor=sam.owner, name="Ann", organization_name="City Climate Office")

    result = cli("paths", "--org", org)

    assert message in result.error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "name whom to reach: --org NAME or --person ID"),
        (("--org", ORG, "--person", "Sam Rivera"), "(one of the two)"),
        (("--person", "Sam Rivera", "--role", "policy"), "use it with --org"),
        (("--person", "Nobody"), "No one among your people matches 'Nobody'."),
    ],
)
def test_it_refuses_an_unclear_question_in_one_line(cli, sam, args, message):
    assert message in cli("paths", *args).error


def test_it_never_shows_another_users_people(cli, owner, outsider, sam):
    theirs = person_create(actor=outsider, name="Their Friend", known=True)
    their_target = person_create(actor=outsider, name="Their Target", organization_name=ORG)
    link_people(actor=outsider, a=theirs, b=their_target)

    mine = cli("--user", "alice", "paths", "--org", ORG)
    asking_for_theirs = cli("--user", "alice", "paths", "--person", their_target.pk)

    assert mine.out.strip() == NO_PATH
    assert "No one among your people matches" in asking_for_theirs.error


# coffeechat people mark ----------------------------------------------------------------


def test_it_marks_a_prospect_as_someone_the_user_knows(cli, sam):
    result = cli("people", "mark", "Sam Rivera", "--known")

    assert result.code == 0, result.err
    assert result.out.strip() == (
        f"Sam Rivera (#{sam.pk}): you know them; "
        "tie strength worked out from how often and how lately you talk; "
        "may be asked for introductions."
    )
    assert stored(sam).known is True
    assert cli("paths", "--org", ORG, "--json").json()[0]["hops"][0]["id"] == sam.pk


def test_it_marks_known_not_known_and_back_to_working_it_out(cli, dana):
    assert "you don't know them" in cli("people", "mark", dana.pk, "--not-known").out
    assert stored(dana).known is False

    result = cli("people", "mark", dana.pk, "--known-auto")

    assert "whether you know them is worked out" in result.out
    assert stored(dana).known is None


def test_it_sets_and_clears_the_tie_strength(cli, dana):
    assert "tie strength 0.7;" in cli("people", "mark", dana.pk, "--strength", "0.7").out
    assert stored(dana).tie_strength == 0.7

    cli("people", "mark", dana.pk, "--strength-auto")

    assert stored(dana).tie_strength is None


def test_do_not_ask_takes_someone_off_every_path_and_may_ask_puts_them_back(
    cli, clock, owner, dana, sam
):
    link_people(actor=owner, a=dana, b=sam)

    marked = cli("people", "mark", "dana@example.org", "--do-not-ask")
    without = cli("paths", "--org", ORG)
    clock.shift(timedelta(seconds=1))  # a new moment, as a later command would run at
    cli("people", "mark", "dana@example.org", "--may-ask")
    again = cli("paths", "--org", ORG)

    assert "never asked for introductions" in marked.out
    assert without.out.strip() == NO_PATH
    assert "1. Dana Whitfield → Sam Rivera" in again.out


def test_it_marks_as_json(cli, dana):
    data = cli("people", "mark", dana.pk, "--known", "--strength", "0.4", "--do-not-ask", "--json")

    assert {k: data.json()[k] for k in ("id", "name", "known", "tie_strength", "do_not_ask")} == {
        "id": dana.pk,
        "name": "Dana Whitfield",
        "known": True,
        "tie_strength": 0.4,
        "do_not_ask": True,
    }


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        ((), "nothing to mark", 1),
        (("--known", "--known-auto"), "--known-auto can't go with --known", 1),
        (("--strength", "0.5", "--strength-auto"), "--strength-auto can't go with", 1),
        (("--strength", "1.5"), "--strength", 2),
        (("--strength", "nan"), "--strength", 2),
    ],
)
def test_it_refuses_an_unclear_mark_in_one_line(cli, dana, args, message, code):
    result = cli("people", "mark", dana.pk, *args)

    assert message in result.error
    assert result.code == code
    assert (stored(dana).known, stored(dana).tie_strength) == (None, None)


def test_it_refuses_to_mark_someone_it_cannot_find(cli, dana):
    assert (
        "No one among your people matches 'Nobody'."
        in cli("people", "mark", "Nobody", "--known").error
    )
