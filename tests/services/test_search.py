"""Search: every source found once written, changed when edited, gone when deleted; accents,
prefixes, ranking, owner scoping, and input that must never break the query."""

from __future__ import annotations

import pytest
from django.db import connection

from coffeechat.debrief.models import Debrief
from coffeechat.interviews.services import interview_delete, interview_update
from coffeechat.network.models import Interaction, Organization, Person
from coffeechat.network.services import (
    interaction_log,
    organization_delete,
    organization_update,
    person_create,
    person_delete,
    person_update,
)
from coffeechat.outreach.services import message_delete, message_save
from coffeechat.prep.models import MeetingNotes, Research
from coffeechat.search import index
from coffeechat.search.selectors import search_counts, search_for
from coffeechat.search.sources import OWNERS

from .support import open_interview


def found(actor, query: str) -> list[tuple[str, str]]:
    """(kind, plain title) of every hit, best first."""
    return [(h.kind, _plain(h.title)) for h in search_for(actor=actor, query=query, limit=100)]


def kinds(actor, query: str) -> list[str]:
    return [h.kind for h in search_for(actor=actor, query=query, limit=100)]


def _plain(html: str) -> str:
    return str(html).replace("<mark>", "").replace("</mark>", "")


@pytest.fixture
def interview(owner, person):
    return open_interview(owner, person)


# --- each source: found after insert, changed after update, gone after delete --------


def test_it_finds_a_person_by_every_indexed_field_and_forgets_them_when_deleted(owner):
    dana = person_create(
        actor=owner,
        name="Dana Whitfield",
        email="dana@harbor.example",
        title="Policy Advisor",
        organization_name="Harbor Transit",
        how_met="Climbing gym",
        notes="Knows the zoning board",
    )
    for word in ("whitfield", "harbor", "advisor", "climbing", "zoning", "dana"):
        assert ("person", "Dana Whitfield") in found(owner, word), word

    person_update(actor=owner, person=dana, notes="Moved to the transit authority")
    assert "person" not in kinds(owner, "zoning")
    assert ("person", "Dana Whitfield") in found(owner, "authority")

    person_delete(actor=owner, person=dana)
    assert found(owner, "whitfield") == []
    assert "person" not in kinds(owner, "harbor")


def test_it_finds_an_organization_and_renaming_it_reindexes_its_people(owner):
    person_create(actor=owner, name="Ravi Okafor", organization_name="Quayside Health")
    org = Organization.objects.get(owner=owner, name="Quayside Health")
    organization_update(actor=owner, organization=org, notes="Runs the harbour clinics")
    assert ("organization", "Quayside Health") in found(owner, "clinics")
    assert set(kinds(owner, "quayside")) == {"organization", "person"}

    organization_update(actor=owner, organization=org, name="Tidewater Care")
    assert found(owner, "quayside") == []
    assert set(kinds(owner, "tidewater")) == {"organization", "person"}

    organization_delete(actor=owner, organization=org)
    assert found(owner, "tidewater") == []
    assert found(owner, "ravi") == [("person", "Ravi Okafor")]


def test_it_finds_a_timeline_note_under_the_persons_name(owner, person):
    note = interaction_log(actor=owner, person=person, kind="call", summary="Talked about grants")
    assert found(owner, "grants") == [("note", "Dana Whitfield")]
    # The note is about Dana: her name and a word of it find it together.
    assert found(owner, "dana grants") == [("note", "Dana Whitfield")]

    Interaction.objects.filter(pk=note.pk).update(summary="Talked about hiring")
    assert found(owner, "grants") == []
    assert found(owner, "hiring") == [("note", "Dana Whitfield")]

    person_update(actor=owner, person=person, name="Dana Whitfield-Osei")
    assert found(owner, "osei hiring") == [("note", "Dana Whitfield-Osei")]

    Interaction.objects.filter(pk=note.pk).delete()
    assert found(owner, "hiring") == []


def test_it_finds_a_message_by_subject_and_body(owner, interview):
    message = message_save(
        actor=owner,
        interview=interview,
        kind="request",
        subject="Twenty minutes on coastal resilience?",
        body="I admire your floodplain mapping work.",
    )
    assert found(owner, "coastal") == [("message", "Twenty minutes on coastal resilience?")]
    assert kinds(owner, "floodplain") == ["message"]

    message_save(
        actor=owner,
        interview=interview,
        kind="request",
        subject="A question about wetlands",
        body="",
        message=message,
    )
    assert found(owner, "floodplain") == []
    assert kinds(owner, "wetlands") == ["message"]

    message_delete(actor=owner, message=message)
    assert found(owner, "wetlands") == []


def test_it_finds_interview_notes(owner, interview):
    interview_update(actor=owner, interview=interview, quote_note="the mangrove project")
    assert found(owner, "mangrove") == [("interview", "Dana Whitfield")]
    interview_update(actor=owner, interview=interview, next_step="take the GIS course")
    assert kinds(owner, "gis") == ["interview"]
    interview_update(actor=owner, interview=interview, quote_note="", next_step="")
    assert found(owner, "mangrove") == [] and found(owner, "gis") == []


def test_it_finds_debriefs_research_and_meeting_notes_and_forgets_them_with_the_interview(
    owner, interview
):
    debrief = Debrief.objects.create(
        owner=owner, interview=interview, red_flags="constant reorganisations"
    )
    Research.objects.create(owner=owner, interview=interview, person_gaps="her thesis topic")
    MeetingNotes.objects.create(owner=owner, interview=interview, text="mentioned tidal sensors")
    assert kinds(owner, "reorganisations") == ["debrief"]
    assert kinds(owner, "thesis") == ["research"]
    assert kinds(owner, "tidal") == ["meeting"]

    debrief.advice = "learn hydrology"
    debrief.save()
    assert kinds(owner, "hydrology") == ["debrief"]
    assert kinds(owner, "reorganisations") == ["debrief"]  # still in another field

    interview_delete(actor=owner, interview=interview)
    for word in ("hydrology", "thesis", "tidal"):
        assert found(owner, word) == [], word


def test_deleting_a_person_removes_everything_about_them(owner, person, interview):
    interaction_log(actor=owner, person=person, kind="note", summary="prefers mornings")
    message_save(actor=owner, interview=interview, kind="request", subject="Hello", body="kelp")
    Debrief.objects.create(owner=owner, interview=interview, advice="kelp farming")
    person_delete(actor=owner, person=person)
    assert found(owner, "mornings") == [] and found(owner, "kelp") == []
    assert sum(search_counts(actor=owner, query="dana").values()) == 0


def test_a_bulk_update_and_a_bulk_insert_are_indexed(owner):
    Person.objects.bulk_create(
        [Person(owner=owner, name=f"Imported {n}", notes="from the spreadsheet") for n in range(5)]
    )
    assert len(found(owner, "spreadsheet")) == 5
    Person.objects.filter(owner=owner).update(notes="from the conference")
    assert found(owner, "spreadsheet") == []
    assert len(found(owner, "conference")) == 5


def test_a_rebuild_gives_the_same_results(owner, person, interview):
    interaction_log(actor=owner, person=person, kind="call", summary="budget season")
    before = found(owner, "dana")
    assert index.rebuild_search_index() == 3  # Dana, her organization, the note
    assert found(owner, "dana") == before


def test_the_triggers_come_back_and_the_index_refills_after_they_were_lost(owner, person):
    index.drop_triggers()
    person_update(actor=owner, person=person, notes="written while the triggers were gone")
    assert not index.triggers_current()
    assert index.ensure_search_index() is True
    assert kinds(owner, "triggers") == ["person"]
    assert index.ensure_search_index() is False  # nothing to do the second time


# --- matching -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("José Ruiz", "jose"), ("Jose Ruiz", "José"), ("Zoë Müller", "zoe muller"), ("ÅSA", "åsa")],
)
def test_accents_and_case_do_not_matter_either_way(owner, stored, typed):
    person_create(actor=owner, name=stored)
    assert found(owner, typed) == [("person", stored)]


def test_it_highlights_the_accented_word_for_an_unaccented_query(owner):
    person_create(actor=owner, name="José Ruiz", notes="José spoke first")
    [hit] = search_for(actor=owner, query="jose")
    assert "<mark>José</mark>" in hit.title
    assert "<mark>José</mark> spoke" in hit.snippet


def test_the_last_word_matches_as_a_prefix_until_a_space_ends_it(owner):
    person_create(actor=owner, name="Dana Whitfield")
    assert found(owner, "whitf") == [("person", "Dana Whitfield")]
    assert found(owner, "dana whi") == [("person", "Dana Whitfield")]
    assert found(owner, "whitf ") == []  # a finished word matches whole words only
    assert found(owner, "whi dana") == []  # only the last word is a prefix


def test_a_title_match_ranks_above_a_body_match(owner):
    person_create(actor=owner, name="Marisol Vega")
    person_create(actor=owner, name="Ken Ito", notes="Introduced me to Marisol once")
    assert [title for _, title in found(owner, "marisol")] == ["Marisol Vega", "Ken Ito"]
    hits = search_for(actor=owner, query="marisol")
    assert hits[0].rank > hits[1].rank


def test_the_person_ranks_above_notes_that_are_only_about_them(owner, person):
    interaction_log(actor=owner, person=person, kind="call", summary="talked shop")
    assert kinds(owner, "dana") == ["person", "note"]


def test_results_come_in_pages(owner):
    for n in range(7):
        person_create(actor=owner, name=f"Pat Lee {n}")
    first = search_for(actor=owner, query="pat", limit=5)
    second = search_for(actor=owner, query="pat", limit=5, offset=5)
    assert len(first) == 5 and len(second) == 2
    assert {h.object_id for h in first}.isdisjoint(h.object_id for h in second)


def test_snippets_escape_the_users_text_and_mark_only_matches(owner):
    person_create(actor=owner, name="Eve", notes='<script>alert("x")</script> said the budget')
    [hit] = search_for(actor=owner, query="budget")
    assert "<script" not in hit.snippet and "</script" not in hit.snippet
    assert "&lt;/script&gt;" in hit.snippet
    assert "<mark>budget</mark>" in hit.snippet
    assert str(hit.snippet).count("<mark>") == 1


def test_a_hit_links_to_the_page_where_the_text_lives(owner, person, interview):
    interaction_log(actor=owner, person=person, kind="call", summary="estuary")
    Debrief.objects.create(owner=owner, interview=interview, skills="estuary modelling")
    Research.objects.create(owner=owner, interview=interview, field_notes="estuary ports")
    MeetingNotes.objects.create(owner=owner, interview=interview, text="estuary data")
    urls = {h.kind: h.url for h in search_for(actor=owner, query="estuary")}
    assert urls == {
        "note": f"/people/{person.pk}/",
        "debrief": f"/interviews/{interview.pk}/debrief/",
        "research": f"/interviews/{interview.pk}/prepare/#research",
        "meeting": f"/interviews/{interview.pk}/meeting/#notes",
    }


# --- owner scoping ---------------------------------------------------------------------


def test_another_users_matching_notes_never_appear(owner, outsider):
    theirs = person_create(actor=outsider, name="Secret Sam", notes="the acquisition plan")
    interaction_log(actor=outsider, person=theirs, kind="note", summary="acquisition talks")
    person_create(actor=owner, name="Open Olga", notes="no plans")
    assert found(owner, "acquisition") == []
    assert found(owner, "sam") == []
    assert sum(search_counts(actor=owner, query="acquisition").values()) == 0
    assert len(found(outsider, "acquisition")) == 2


def test_an_anonymous_visitor_finds_nothing(owner):
    from django.contrib.auth.models import AnonymousUser

    person_create(actor=owner, name="Dana Whitfield")
    assert search_for(actor=AnonymousUser(), query="dana") == []


def test_a_user_past_the_ids_the_index_holds_can_still_write_and_finds_nothing(db):
    from django.contrib.auth import get_user_model

    huge = get_user_model().objects.create_user("far", pk=OWNERS, password="x")
    person = person_create(actor=huge, name="Dana Whitfield", notes="estuary")
    assert Person.objects.get(pk=person.pk).notes == "estuary"
    assert search_for(actor=huge, query="estuary") == []
    assert sum(search_counts(actor=huge, query="estuary").values()) == 0


# --- odd input --------------------------------------------------------------------------

ODD = [
    "",
    "   ",
    '"',
    '"dana',
    "dana\"'",
    "*",
    "dana*",
    "AND",
    "OR",
    "NOT dana",
    "dana OR whitfield",
    "NEAR(dana whitfield)",
    "(dana",
    "dana)",
    "title:dana",
    "owner_id:1",
    "^dana",
    "dana & whitfield | !x <-> y",
    "':*",
    "\\",
    "%_",
    "-dana",
    "+dana",
    "日本語",
    "emoji 🎉",
    "\u0301",
    "\x00dana",
    "x" * 500,
    "dana " * 100,
]


@pytest.mark.parametrize("text", ODD)
def test_odd_input_never_breaks_the_query(owner, text):
    person_create(actor=owner, name="Dana Whitfield")
    hits = search_for(actor=owner, query=text)
    counts = search_counts(actor=owner, query=text)
    assert len(hits) == sum(counts.values())


@pytest.mark.parametrize("text", ["NOT dana", "dana OR whitfield", "(dana", '"dana', "title:dana"])
def test_operators_are_plain_words(owner, text):
    person_create(actor=owner, name="Dana Whitfield", notes="title not or near")
    person_create(actor=owner, name="Whitfield Only")
    # Every word must be in the entry: "OR" is a word here, not an operator.
    results = found(owner, text)
    assert ("person", "Whitfield Only") not in results


def test_an_empty_query_has_no_results_and_no_error(owner):
    person_create(actor=owner, name="Dana Whitfield")
    assert search_for(actor=owner, query="") == []
    assert search_for(actor=owner, query="?!") == []


def test_unicode_words_are_found(owner):
    person_create(actor=owner, name="山田 太郎", notes="Grüße aus Köln")
    assert found(owner, "山田") == [("person", "山田 太郎")]
    assert kinds(owner, "koln") == ["person"]


def _entries() -> int:
    table = index.FTS_TABLE if connection.vendor == "sqlite" else index.ENTRY_TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_flushing_the_tables_empties_the_index_too(owner):
    # Django's flush (the test runner's, between transactional tests) truncates the
    # tables on PostgreSQL, which fires no row triggers.
    from django.core.management import call_command

    person_create(actor=owner, name="Dana Whitfield", organization_name="City Climate Office")
    assert _entries() == 2
    call_command("flush", interactive=False, verbosity=0)
    assert _entries() == 0


def test_the_index_and_its_triggers_are_in_place_after_migrating(db):
    assert connection.vendor in ("sqlite", "postgresql")
    assert index.storage_exists()
    assert index.triggers_current()
