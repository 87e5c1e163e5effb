"""Who knows whom, recorded by hand (link_people) or from a CSV of pairs (import_links)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coffeechat.exchange.parsing import UnreadableFile
from coffeechat.network.links import DEFAULT_STRENGTH, import_links, link_people
from coffeechat.network.models import Link, LinkKind
from coffeechat.network.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(owner):
    return person_create(actor=owner, name="Dana Whitfield", email="dana@example.org")


@pytest.fixture
def sam(owner):
    return person_create(
        actor=owner, name="Sam Rivera", linkedin_url="https://www.linkedin.com/in/sam-rivera"
    )


@pytest.fixture
def priya(owner):
    return person_create(actor=owner, name="Priya Raman")


def links(actor) -> set[tuple[str, str, str, float]]:
    return {
        (link.from_person.name, link.to_person.name, link.how, link.strength)
        for link in Link.objects.filter(owner=actor).select_related("from_person", "to_person")
    }


# link_people ---------------------------------------------------------------------------


def test_it_links_two_people_once(owner, dana, sam):
    link, outcome = link_people(actor=owner, a=dana, b=sam, how="  former   teammates ")

    assert outcome == "created"
    assert (link.kind, link.strength) == (LinkKind.KNOWS, DEFAULT_STRENGTH)
    assert links(owner) == {("Dana Whitfield", "Sam Rivera", "former teammates", 0.5)}


@pytest.mark.parametrize("swap", [False, True])
def test_saying_it_again_changes_nothing(owner, dana, sam, swap):
    link_people(actor=owner, a=dana, b=sam, how="former teammates")
    a, b = (sam, dana) if swap else (dana, sam)

    link, outcome = link_people(actor=owner, a=a, b=b)

    assert outcome == "unchanged"
    assert links(owner) == {("Dana Whitfield", "Sam Rivera", "former teammates", 0.5)}


def test_it_updates_how_they_know_each_other_and_the_strength(owner, dana, sam):
    link_people(actor=owner, a=dana, b=sam, how="former teammates")

    _, how_changed = link_people(actor=owner, a=sam, b=dana, how="run a meetup together")
    _, strength_changed = link_people(actor=owner, a=dana, b=sam, strength=0.9)
    _, same_again = link_people(actor=owner, a=dana, b=sam, strength=0.9)

    assert (how_changed, strength_changed, same_again) == ("updated", "updated", "unchanged")
    assert links(owner) == {("Dana Whitfield", "Sam Rivera", "run a meetup together", 0.9)}


def test_it_refuses_to_link_someone_to_themselves(owner, dana):
    with pytest.raises(ValidationError, match="themselves"):
        link_people(actor=owner, a=dana, b=dana)

    assert links(owner) == set()


def test_it_refuses_another_users_person(owner, outsider, dana):
    theirs = person_create(actor=outsider, name="Their Contact")

    for a, b in ((dana, theirs), (theirs, dana)):
        with pytest.raises(ValidationError) as refused:
            link_people(actor=owner, a=a, b=b)
        assert refused.value.messages == ["No such person."]
    with pytest.raises(ValidationError):
        link_people(actor=outsider, a=theirs, b=dana)

    assert Link.objects.count() == 0


@pytest.mark.parametrize("strength", [-0.01, 1.01, float("nan"), float("inf")])
def test_it_refuses_a_strength_outside_0_to_1(owner, dana, sam, strength):
    with pytest.raises(ValidationError) as refused:
        link_people(actor=owner, a=dana, b=sam, strength=strength)

    assert "strength" in refused.value.message_dict
    assert links(owner) == set()


def test_it_refuses_how_words_with_a_nul_or_too_long(owner, dana, sam):
    with pytest.raises(ValidationError, match="NUL"):
        link_people(actor=owner, a=dana, b=sam, how="old\x00friends")
    with pytest.raises(ValidationError, match="300 characters"):
        link_people(actor=owner, a=dana, b=sam, how="x" * 301)

    assert links(owner) == set()


def test_it_refuses_a_kind_of_link_it_does_not_know(owner, dana, sam):
    with pytest.raises(ValidationError, match="not a kind of link"):
        link_people(actor=owner, a=dana, b=sam, kind="enemies")


# import_links --------------------------------------------------------------------------


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_it_links_the_pairs_it_finds_and_reports_the_others_by_line_and_column(
    owner, dana, sam, priya
):
    data = csv(
        "person_a,person_b,how",
        "dana@example.org,linkedin.com/in/sam-rivera/,former teammates",  # line 2
        "Nobody Here,Priya Raman,",  # line 3
        f"{priya.pk},https://www.linkedin.com/in/someone-else,",  # line 4
        "",
        'DANA@example.org,priya raman,"book club, then a startup"',  # line 6
        "Sam Rivera,Sam Rivera,",  # line 7
        ",Sam Rivera,",  # line 8
    )

    summary = import_links(actor=owner, data=data)

    assert (summary["created"], summary["updated"], summary["unchanged"]) == (2, 0, 0)
    assert summary["rejected"] == 4
    problems = summary["problems"]
    assert [p.split(":")[0] for p in problems] == [
        "line 3, person_a",
        "line 4, person_b",
        "line 7, person_b",
        "line 8, person_a",
    ]
    assert "Nobody Here" in problems[0]
    assert "someone-else" in problems[1]
    assert "someone other than Sam Rivera" in problems[2]
    assert links(owner) == {
        ("Dana Whitfield", "Sam Rivera", "former teammates", 0.5),
        ("Dana Whitfield", "Priya Raman", "book club, then a startup", 0.5),
    }


def test_it_reports_both_unknown_people_on_one_line_as_one_rejected_line(owner):
    summary = import_links(actor=owner, data=csv("person_a,person_b", "Ann,Bob"))

    assert summary["rejected"] == 1
    assert [p.split(":")[0] for p in summary["problems"]] == [
        "line 2, person_a",
        "line 2, person_b",
    ]


def test_it_reports_a_name_shared_by_several_people(owner, dana):
    person_create(actor=owner, name="Dana Whitfield", email="other.dana@example.org")
    priya = person_create(actor=owner, name="Priya Raman")

    summary = import_links(actor=owner, data=csv("person_a,person_b", "Dana Whitfield,Priya Raman"))

    assert summary["created"] == 0
    assert "Several of your people match" in summary["problems"][0]
    assert not Link.objects.filter(to_person=priya).exists()


def test_it_reports_a_how_cell_it_cannot_keep(owner, dana, sam):
    data = csv("person_a,person_b,how", f"{dana.pk},{sam.pk},{'x' * 301}")

    summary = import_links(actor=owner, data=data)

    assert summary["rejected"] == 1
    assert summary["problems"][0].startswith("line 2, how: expected at most 300 characters")


def test_it_reads_the_columns_in_any_order_and_case(owner, dana, sam):
    data = csv("How , Person_B,PERSON_A", f"neighbours,{sam.pk},{dana.pk}")

    summary = import_links(actor=owner, data=data)

    assert summary["created"] == 1
    assert links(owner) == {("Dana Whitfield", "Sam Rivera", "neighbours", 0.5)}


def test_importing_the_same_file_again_changes_nothing(owner, dana, sam, priya):
    data = csv(
        "person_a,person_b,how",
        "dana@example.org,Sam Rivera,former teammates",
        "Sam Rivera,Priya Raman,",
    )
    import_links(actor=owner, data=data)
    before = links(owner)

    again = import_links(actor=owner, data=data)

    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert links(owner) == before


def test_a_later_line_with_new_words_updates_the_link(owner, dana, sam):
    data = csv(
        "person_a,person_b,how",
        "Dana Whitfield,Sam Rivera,former teammates",
        "Sam Rivera,Dana Whitfield,now run a meetup together",
    )

    summary = import_links(actor=owner, data=data)

    assert (summary["created"], summary["updated"]) == (1, 1)
    assert links(owner) == {("Dana Whitfield", "Sam Rivera", "now run a meetup together", 0.5)}


def test_it_never_finds_another_users_people(owner, outsider, dana):
    person_create(actor=outsider, name="Their Contact", email="their@example.org")

    summary = import_links(
        actor=owner, data=csv("person_a,person_b", "dana@example.org,their@example.org")
    )

    assert summary["rejected"] == 1
    assert Link.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n",
        b"a,b,how\ndana@example.org,Sam Rivera,x\n",
        b"dana@example.org,Sam Rivera,former teammates\n",
        b"person_a,how\ndana@example.org,x\n",
    ],
)
def test_it_refuses_a_file_without_the_header_whole(owner, dana, sam, data):
    with pytest.raises(UnreadableFile, match="person_a,person_b,how"):
        import_links(actor=owner, data=data)

    assert Link.objects.count() == 0


def test_it_refuses_a_file_that_is_not_utf8(owner):
    with pytest.raises(UnreadableFile, match="UTF-8"):
        import_links(actor=owner, data="person_a,person_b\nJosé,Zoë\n".encode("latin-1"))


def test_a_dry_run_counts_and_writes_nothing(owner, dana, sam, priya):
    data = csv(
        "person_a,person_b",
        "dana@example.org,Sam Rivera",
        "Nobody,Sam Rivera",
        "Sam Rivera,Priya Raman",
    )

    summary = import_links(actor=owner, data=data, dry_run=True)

    assert (summary["created"], summary["rejected"], summary["dry_run"]) == (2, 1, True)
    assert Link.objects.count() == 0


def test_a_nul_in_a_cell_is_reported_not_crashed_on(owner, dana, sam):
    data = csv(
        "person_a,person_b,how", "Dana\x00 Whitfield,Sam Rivera,", f"{dana.pk},{sam.pk},a\x00b"
    )

    summary = import_links(actor=owner, data=data)

    assert [p.split(":")[0] for p in summary["problems"]] == ["line 2, person_a", "line 3, how"]
    assert Link.objects.count() == 0
