"""Merging two records of one person (coffeechat.network.merging): nothing is lost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from coffeechat.interviews.models import Interview, StageChange
from coffeechat.network.merging import (
    NOTES_SEPARATOR,
    duplicate_dismiss,
    merge_people,
    merge_preview,
)
from coffeechat.network.models import DuplicateDismissal, Interaction, Link, Person
from coffeechat.network.services import interaction_log, person_create
from tests.conftest import NOW
from tests.services.support import DAY, open_interview, walk

pytestmark = pytest.mark.django_db


def link(owner, a, b, kind="knows", strength=0.5, how=""):
    return Link.objects.create(
        owner=owner, from_person=a, to_person=b, kind=kind, strength=strength, how=how
    )


@pytest.fixture
def two_records(owner):
    """One person typed in twice, each record with its own history."""
    dana = person_create(
        actor=owner,
        name="Dana Whitfield",
        email="dana@example.org",
        title="Senior Policy Advisor",
        organization_name="City Climate Office",
        tags="climate, alumni",
        notes="Met at the climate summit.",
        is_mentor=True,
    )
    dana_w = person_create(
        actor=owner,
        name="Dana W.",
        phone="+1 555 0100",
        linkedin_url="https://www.linkedin.com/in/dana-whitfield",
        how_met="Alumni event",
        tags="policy, climate",
        notes="Prefers video calls.",
        keep_in_touch=True,
        keep_in_touch_days=60,
    )
    Person.objects.filter(pk=dana_w.pk).update(first_degree_since=date(2023, 4, 1))
    dana_w.refresh_from_db()
    ravi = person_create(actor=owner, name="Ravi Okafor")
    sam = person_create(actor=owner, name="Sam Lee", introduced_by=dana_w)
    interaction_log(actor=owner, person=dana, kind="email", occurred_at=NOW - 9 * DAY)
    interaction_log(actor=owner, person=dana_w, kind="call", occurred_at=NOW - 2 * DAY)
    interaction_log(actor=owner, person=dana_w, kind="note", occurred_at=NOW - 5 * DAY)
    world = {
        "interviews": [
            open_interview(owner, dana),
            walk(owner, open_interview(owner, dana_w), "requested"),
        ],
        # Ravi's interview, which Dana W. was asked to introduce.
        "connected": open_interview(owner, ravi, connector=dana_w),
        "links": {
            "dana knows ravi": link(owner, dana, ravi, strength=0.4),
            "dana w knows ravi": link(owner, dana_w, ravi, strength=0.9, how="Same team"),
            "ravi knows dana w": link(owner, ravi, dana_w, kind="colleague"),
            "sam knows dana w": link(owner, sam, dana_w),
            "between the two": link(owner, dana, dana_w),
        },
    }
    return dana, dana_w, ravi, sam, world


def test_it_keeps_every_interaction_interview_link_and_tag_of_both(owner, two_records):
    dana, dana_w, ravi, sam, world = two_records
    both = [dana, dana_w]
    interactions = set(Interaction.objects.filter(person__in=both).values_list("pk", flat=True))
    interviews = set(Interview.objects.filter(person__in=both).values_list("pk", flat=True))
    changes = set(StageChange.objects.values_list("pk", "interview_id"))
    assert len(interactions) == 4  # three logged, one the request sent to Dana W.
    assert interviews == {i.pk for i in world["interviews"]}

    merge_people(actor=owner, keep=dana, other=dana_w)

    assert not Person.objects.filter(pk=dana_w.pk).exists()
    assert set(Interaction.objects.filter(person=dana).values_list("pk", flat=True)) == (
        interactions
    )
    assert set(Interview.objects.filter(person=dana).values_list("pk", flat=True)) == interviews
    assert set(StageChange.objects.values_list("pk", "interview_id")) == changes
    assert Interview.objects.get(pk=world["connected"].pk).connector == dana
    links = {(k.from_person_id, k.to_person_id, k.kind): k for k in Link.objects.all()}
    assert set(links) == {
        (dana.pk, ravi.pk, "knows"),
        (ravi.pk, dana.pk, "colleague"),
        (sam.pk, dana.pk, "knows"),
    }
    # Both knew Ravi: one link stays, as strong as the stronger, with how they know him.
    kept_link = links[dana.pk, ravi.pk, "knows"]
    assert (kept_link.strength, kept_link.how) == (0.9, "Same team")
    assert sorted(dana.tags.values_list("name", flat=True)) == ["alumni", "climate", "policy"]
    assert Person.objects.get(pk=sam.pk).introduced_by == dana


def test_it_fills_what_the_kept_record_lacks_and_keeps_what_it_has(owner, two_records):
    dana, dana_w, _, _, _ = two_records

    merge_people(actor=owner, keep=dana, other=dana_w)

    kept = Person.objects.get(pk=dana.pk)
    assert kept.name == "Dana Whitfield"
    assert kept.email == "dana@example.org"
    assert kept.title == "Senior Policy Advisor"
    assert kept.organization.name == "City Climate Office"
    assert kept.phone == "+1 555 0100"
    assert kept.linkedin_url == "https://www.linkedin.com/in/dana-whitfield"
    assert kept.how_met == "Alumni event"
    assert kept.first_degree_since == date(2023, 4, 1)
    assert kept.notes == f"Met at the climate summit.{NOTES_SEPARATOR}Prefers video calls."
    assert (kept.is_mentor, kept.keep_in_touch, kept.keep_in_touch_days) == (True, True, 60)


def test_it_recomputes_when_to_keep_in_touch_from_the_latest_contact(owner, two_records):
    dana, dana_w, _, _, _ = two_records
    assert Person.objects.get(pk=dana.pk).keep_in_touch_due_at is None  # not kept in touch

    merge_people(actor=owner, keep=dana, other=dana_w)

    kept = Person.objects.get(pk=dana.pk)
    assert kept.last_contacted_at == NOW - 2 * DAY  # Dana W.'s call, the latest
    assert kept.keep_in_touch_due_at is not None
    assert kept.keep_in_touch_due_at.date() == (NOW - 2 * DAY + timedelta(days=60)).date()


def test_it_previews_exactly_what_the_merge_then_does(owner, two_records):
    dana, dana_w, _, _, _ = two_records

    preview = merge_preview(actor=owner, keep=dana, other=dana_w)
    done = merge_people(actor=owner, keep=dana, other=dana_w)

    assert preview.as_dict() == done.as_dict()
    assert preview.as_dict()["moved"] == {
        "interactions": 3,  # a call, a note and the request
        "interviews": 1,
        "interviews_as_connector": 1,
        "links": 2,
        "links_dropped": 2,
        "people_introduced": 1,
        "tags": ["policy"],
    }
    assert ("Phone", "+1 555 0100") in preview.changes


def test_it_gives_the_kept_person_the_other_introducer_but_never_themselves(owner):
    priya = person_create(actor=owner, name="Priya Raman")
    first = person_create(actor=owner, name="Lee Chen")
    second = person_create(actor=owner, name="Lee Chen", introduced_by=priya)
    first.introduced_by = second
    first.save()

    merge_people(actor=owner, keep=first, other=second)

    assert Person.objects.get(pk=first.pk).introduced_by == priya


def test_it_drops_the_connector_of_an_interview_with_the_other_half(owner):
    first = person_create(actor=owner, name="Lee Chen")
    second = person_create(actor=owner, name="Lee Chen")
    interview = open_interview(owner, first, connector=second)

    merge_people(actor=owner, keep=first, other=second)

    interview.refresh_from_db()
    assert (interview.person_id, interview.connector_id) == (first.pk, None)


def test_it_carries_not_the_same_person_over_to_the_kept_person(owner):
    first = person_create(actor=owner, name="Lee Chen")
    second = person_create(actor=owner, name="Lee Chen")
    stranger = person_create(actor=owner, name="Lee Chen")
    duplicate_dismiss(actor=owner, a=second, b=stranger)
    duplicate_dismiss(actor=owner, a=first, b=second)

    merge_people(actor=owner, keep=first, other=second)

    pairs = set(DuplicateDismissal.objects.values_list("person_a", "person_b"))
    assert pairs == {(first.pk, stranger.pk)}


def test_it_refuses_to_merge_someone_with_themselves(owner, person):
    with pytest.raises(ValidationError, match="can't be merged with themselves"):
        merge_people(actor=owner, keep=person, other=person)
    assert Person.objects.filter(pk=person.pk).exists()


def test_it_refuses_to_merge_another_users_person(owner, outsider, person):
    theirs = person_create(actor=outsider, name="Dana Whitfield")

    for keep, other in ((person, theirs), (theirs, person)):
        with pytest.raises(ValidationError, match="No such person"):
            merge_people(actor=owner, keep=keep, other=other)
    with pytest.raises(ValidationError, match="No such person"):
        merge_people(actor=outsider, keep=theirs, other=person)
    assert Person.objects.filter(pk__in=[person.pk, theirs.pk]).count() == 2


def test_it_refuses_a_person_merged_away_meanwhile(owner, person):
    twin = person_create(actor=owner, name="Dana Whitfield")
    stale = Person.objects.get(pk=twin.pk)
    merge_people(actor=owner, keep=person, other=twin)

    with pytest.raises(ValidationError, match="No such person"):
        merge_people(actor=owner, keep=person, other=stale)


def test_it_dismisses_a_pair_once_whichever_way_round(owner):
    a = person_create(actor=owner, name="Lee Chen")
    b = person_create(actor=owner, name="Lee Chen")

    first = duplicate_dismiss(actor=owner, a=b, b=a)
    again = duplicate_dismiss(actor=owner, a=a, b=b)

    assert first.pk == again.pk
    assert (first.person_a_id, first.person_b_id) == (a.pk, b.pk)


def test_it_refuses_to_dismiss_another_users_person_or_one_person(owner, outsider, person):
    theirs = person_create(actor=outsider, name="Dana Whitfield")
    with pytest.raises(ValidationError, match="No such person"):
        duplicate_dismiss(actor=owner, a=person, b=theirs)
    with pytest.raises(ValidationError, match="one person"):
        duplicate_dismiss(actor=owner, a=person, b=person)
    assert not DuplicateDismissal.objects.exists()
