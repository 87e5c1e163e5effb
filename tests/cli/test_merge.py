"""`coffeechat people duplicates` and `coffeechat people merge`."""

from __future__ import annotations

import pytest

from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_open
from coffeechat.network.models import Interaction, Person
from coffeechat.network.services import interaction_log, person_create


@pytest.fixture
def twins(owner):
    """Dana typed in twice: once with an interview and a call, once from a business card."""
    busy = person_create(
        actor=owner, name="Dana Whitfield", email="dana@example.org", organization_name="Acme"
    )
    interview_open(actor=owner, person=busy)
    interaction_log(actor=owner, person=busy, kind="call")
    bare = person_create(
        actor=owner, name="Dana Whitfeld", phone="+1 555 0100", organization_name="Acme"
    )
    return busy, bare


def test_it_lists_likely_duplicates_with_the_one_to_keep_first(cli, twins):
    busy, bare = twins

    result = cli("people", "duplicates")

    assert result.code == 0, result.err
    assert f"Dana Whitfield (#{busy.pk}, Acme; 1 interview, 1 timeline entry)" in result.out
    assert f"Dana Whitfeld (#{bare.pk}, Acme; 0 interviews, 0 timeline entries)" in result.out
    assert result.out.index("Dana Whitfield (#") < result.out.index("Dana Whitfeld (#")
    assert "similar names at Acme (Dana Whitfield / Dana Whitfeld)" in result.out
    assert "coffeechat people merge KEEP_ID OTHER_ID" in result.out


def test_it_lists_likely_duplicates_as_json(cli, twins):
    busy, bare = twins

    data = cli("people", "duplicates", "--json").json()

    assert data["total"] == 1
    (pair,) = data["pairs"]
    assert (pair["score"], pair["suggested_keep_id"]) == (92, busy.pk)
    assert pair["reason"] == "similar names at Acme (Dana Whitfield / Dana Whitfeld)"
    assert (pair["a"]["id"], pair["a"]["interviews"], pair["a"]["interactions"]) == (busy.pk, 1, 1)
    assert (pair["b"]["id"], pair["b"]["phone"]) == (bare.pk, "+1 555 0100")


def test_it_says_when_there_is_nothing_to_review(cli, owner, person):
    assert cli("people", "duplicates").out.strip() == "No likely duplicates."
    assert cli("people", "duplicates", "--json").json() == {"total": 0, "pairs": []}


def test_it_shows_what_a_merge_does_and_merges_once_confirmed(cli, twins):
    busy, bare = twins

    result = cli("people", "merge", busy.pk, bare.pk, stdin="y\n")

    assert result.code == 0, result.err
    assert f"Merge Dana Whitfeld (#{bare.pk}) into Dana Whitfield (#{busy.pk})?" in result.out
    assert "Dana Whitfield gains Phone: +1 555 0100" in result.out
    assert "can't be undone" in result.out
    assert result.out.rstrip().endswith(
        f"Merged Dana Whitfeld (#{bare.pk}) into Dana Whitfield (#{busy.pk})."
    )
    assert list(Person.objects.values_list("pk", "phone")) == [(busy.pk, "+1 555 0100")]


@pytest.mark.parametrize("answer", ["n\n", "\n", ""], ids=["no", "default", "no answer"])
def test_it_merges_nothing_unless_the_answer_is_yes(cli, twins, answer):
    result = cli("people", "merge", twins[0].pk, twins[1].pk, stdin=answer)

    assert result.code == 1
    assert result.err.strip() == "coffeechat: error: nothing merged (answer y, or pass --yes)"
    assert Person.objects.count() == 2


def test_it_merges_without_asking_with_yes_and_reports_what_moved(cli, owner, twins):
    busy, bare = twins
    interaction_log(actor=owner, person=bare, kind="note")
    interview_open(actor=owner, person=bare)

    result = cli("people", "merge", bare.pk, busy.pk, "--yes")

    assert result.code == 0, result.err
    assert result.out.strip() == (
        f"Merged Dana Whitfield (#{busy.pk}) into Dana Whitfeld (#{bare.pk}): "
        "moved 1 timeline entry, 1 interview."
    )
    assert Interview.objects.filter(person=bare).count() == 2
    assert Interaction.objects.filter(person=bare).count() == 2


def test_it_merges_as_json(cli, twins):
    busy, bare = twins

    data = cli("people", "merge", busy.pk, bare.pk, "--yes", "--json").json()

    assert data["kept"]["id"] == busy.pk and data["kept"]["phone"] == "+1 555 0100"
    assert data["merged"] == {"id": bare.pk, "name": "Dana Whitfeld"}
    assert data["moved"]["interactions"] == 0
    assert data["filled"] == ["phone"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["424242", "{busy}"], "no person with id 424242"),
        (["{busy}", "424242"], "no person with id 424242"),
        (["{busy}", "{busy}", "--yes"], "person: Someone can't be merged with themselves."),
        (["{busy}", "{bare}", "--json"], "--json needs --yes"),
        (["{busy}", "{theirs}", "--yes"], "no person with id {theirs}"),
    ],
    ids=["keep unknown", "other unknown", "themselves", "json without yes", "another user's"],
)
def test_it_refuses_in_one_line_and_merges_nothing(cli, outsider, twins, args, message):
    busy, bare = twins
    theirs = person_create(actor=outsider, name="Dana Whitfield")
    ids = {"busy": busy.pk, "bare": bare.pk, "theirs": theirs.pk}

    result = cli("--user", "alice", "people", "merge", *(a.format(**ids) for a in args))

    assert message.format(**ids) in result.error
    assert Person.objects.count() == 3
