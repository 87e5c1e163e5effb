"""The debrief page: the notes beside the meeting notes, the thank-you quote, action items
(add, done, reopen, delete) and the people they suggested; action items on Today."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from coffeechat.debrief.models import ActionItem, Debrief
from coffeechat.debrief.services import action_item_add, action_item_done, debrief_save
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Person
from coffeechat.prep.models import MeetingNotes
from tests.conftest import NOW

from .helpers import HTMX, field_block, form_data, make_interview, make_person, text

TOMORROW = (NOW + timedelta(days=1)).date()


@pytest.fixture
def held(owner, person):
    return make_interview(owner, person, "held", at=NOW - timedelta(hours=2))


def _page(client, interview):
    return client.get(reverse("debrief", args=[interview.pk]))


def _item(owner, interview, text="Take the evening SQL course", due_on=None):
    return action_item_add(actor=owner, interview=interview, text=text, due_on=due_on or NOW.date())


# --- the notes ---------------------------------------------------------------------------


def test_it_shows_the_form_with_labelled_parts_and_the_meeting_notes(owner, owner_client, held):
    MeetingNotes.objects.create(owner=owner, interview=held, text="Team of six; SQL daily")

    response = _page(owner_client, held)

    assert response.status_code == 200
    page = text(response)
    for label in ("Day-to-day", "Skills that matter", "Red flags", "Advice", "Why that fit"):
        assert f">{label}</label>" in page
    for part in (
        "Team size",
        "How the team works",
        "Flexible work",
        "Office setting",
        "Management style",
    ):
        assert f">{part}</label>" in page
    assert "<legend>The culture</legend>" in page
    assert "<legend>How well you'd fit</legend>" in field_block(response, "fit")
    assert page.count('type="radio" name="fit"') == 6  # not sure yet, and 1 to 5
    assert re.search(
        r'<label for="id_fit_5"><input type="radio" name="fit" value="5"[^>]*>'
        r"\s*5: a very good fit</label>",
        page,
    )
    assert "Your notes from the meeting" in page and "Team of six; SQL daily" in page


def test_it_says_so_when_no_meeting_notes_were_taken(owner_client, held):
    assert "No notes were taken in the meeting view" in text(_page(owner_client, held))


def test_it_saves_the_debrief_and_shows_it_again(owner_client, held):
    response = _page(owner_client, held)
    body = form_data(response, "advice")
    body.update(
        advice="Learn SQL window functions",
        red_flags="A reorganization every year",
        fit="4",
        fit_reason="I like the pace",
        team_size="Six",
        quote_note="the broken tram data story",
        next_step="take the evening SQL course",
    )

    response = owner_client.post(reverse("debrief", args=[held.pk]), body, follow=True)

    page = text(response)
    assert "Debrief saved." in page
    saved = Debrief.objects.get(interview=held)
    assert (saved.advice, saved.fit, saved.team_size) == ("Learn SQL window functions", 4, "Six")
    assert re.search(r'<input type="radio" name="fit" value="4" id="id_fit_4" checked>', page)
    assert "A reorganization every year</textarea>" in page
    held.refresh_from_db()
    assert (held.quote_note, held.next_step) == (
        "the broken tram data story",
        "take the evening SQL course",
    )


def test_the_thank_you_draft_quotes_what_the_debrief_saved(owner_client, held):
    body = form_data(_page(owner_client, held), "advice")
    # (form_data reads the checked "Not sure yet" radio, value "", as "on": a browser sends "".)
    body.update(
        fit="", quote_note="the broken tram data story", next_step="take the evening SQL course"
    )
    assert owner_client.post(reverse("debrief", args=[held.pk]), body).status_code == 302

    draft = text(
        owner_client.get(reverse("outreach-compose", args=[held.pk]), {"kind": "thank_you"})
    )

    assert "the broken tram data story" in draft
    assert "take the evening SQL course" in draft


def test_it_refuses_a_fit_outside_1_to_5_and_keeps_what_was_typed(owner, owner_client, held):
    debrief_save(actor=owner, interview=held, advice="Kept")
    body = form_data(_page(owner_client, held), "advice")
    body.update(advice="Not saved", fit="7")

    response = owner_client.post(reverse("debrief", args=[held.pk]), body)

    assert response.status_code == 422
    assert "Select a valid choice" in field_block(response, "fit")
    assert "Not saved</textarea>" in text(response)
    assert Debrief.objects.get(interview=held).advice == "Kept"


def test_it_explains_why_there_is_nothing_to_debrief_before_the_meeting(
    owner, owner_client, person
):
    prospect = make_interview(owner, person, at=NOW)

    page = text(_page(owner_client, prospect))

    assert "Nothing to debrief yet." in page and "this interview is prospect" in page
    assert 'name="advice"' not in page and "Add who they suggested" not in page

    response = owner_client.post(reverse("debrief", args=[prospect.pk]), {"advice": "Too early"})
    assert response.status_code == 422
    assert "Record the meeting as held first" in text(response)
    assert not Debrief.objects.exists()


# --- action items -----------------------------------------------------------------------------


def test_it_adds_an_action_with_a_due_day(owner_client, held):
    body = {"text": "Take the evening SQL course", "due_on": TOMORROW.isoformat()}

    response = owner_client.post(reverse("debrief-action-add", args=[held.pk]), body, follow=True)

    page = text(response)
    assert "Added: Take the evening SQL course. On Today from Tue 17 Nov." in page
    assert '<time datetime="2026-11-17">Tue 17 Nov 2026</time>' in page
    assert ActionItem.objects.get().due_on == TOMORROW


def test_it_answers_htmx_with_the_action_list_and_says_what_changed(owner_client, held):
    body = {"text": "Go to the data meetup", "due_on": NOW.date().isoformat()}

    response = owner_client.post(reverse("debrief-action-add", args=[held.pk]), body, **HTMX)

    page = text(response)
    assert page.lstrip().startswith('<section class="card" id="actions"')
    assert "<html" not in page
    # Said in the page's live region (#messages), which htmx fills in place.
    assert re.search(
        r'<div id="messages" hx-swap-oob="innerHTML"><p class="message success">'
        r"Added: Go to the data meetup\. On Today from Mon 16 Nov\.</p></div>",
        page,
    )
    assert "Go to the data meetup</span>" in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": "Too late", "due_on": "2026-11-15"}, "2026-11-15 has passed"),
        ({"text": "", "due_on": "2026-11-20"}, "This field is required."),
        ({"text": "No day", "due_on": "next week"}, "Give the due day as a date"),
        ({"text": "x" * 301, "due_on": "2026-11-20"}, "at most 300 characters"),
    ],
)
def test_it_refuses_a_bad_action_and_says_why(owner_client, held, body, message):
    response = owner_client.post(reverse("debrief-action-add", args=[held.pk]), body, **HTMX)

    assert response.status_code == 422
    assert message in text(response)
    assert not ActionItem.objects.exists()


def test_it_marks_an_action_done_and_reopens_it(owner, owner_client, held):
    item = _item(owner, held)

    response = owner_client.post(reverse("debrief-action-done", args=[item.pk]), **HTMX)

    assert "Done: Take the evening SQL course." in text(response)
    assert 'aria-label="Reopen: Take the evening SQL course"' in text(response)
    item.refresh_from_db()
    assert item.done_at == NOW

    response = owner_client.post(reverse("debrief-action-reopen", args=[item.pk]), follow=True)

    assert "Open again: Take the evening SQL course." in text(response)
    item.refresh_from_db()
    assert item.done_at is None


def test_it_says_so_when_an_action_was_done_in_another_tab(owner, owner_client, held):
    item = _item(owner, held)
    action_item_done(actor=owner, item=item)

    response = owner_client.post(reverse("debrief-action-done", args=[item.pk]), **HTMX)

    assert response.status_code == 422
    assert "is marked done already" in text(response)


def test_it_asks_before_deleting_an_action(owner, owner_client, held):
    item = _item(owner, held)

    confirm = owner_client.get(reverse("debrief-action-delete", args=[item.pk]))
    assert "Delete this action?" in text(confirm) and "can't be undone" in text(confirm)
    assert ActionItem.objects.filter(pk=item.pk).exists()

    response = owner_client.post(reverse("debrief-action-delete", args=[item.pk]), follow=True)

    assert "Deleted: Take the evening SQL course." in text(response)
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(
    "name", ["debrief-action-done", "debrief-action-reopen", "debrief-action-delete"]
)
def test_an_outsider_can_not_touch_the_owners_action(owner, outsider_client, held, name):
    item = _item(owner, held)
    if name == "debrief-action-reopen":
        action_item_done(actor=owner, item=item)
    before = list(ActionItem.objects.values_list())

    response = outsider_client.post(reverse(name, args=[item.pk]), **HTMX)

    assert response.status_code == 404
    assert "SQL course" not in text(response)
    assert list(ActionItem.objects.values_list()) == before


def test_an_outsider_can_not_add_to_the_owners_debrief(outsider_client, held):
    body = {"text": "Planted", "due_on": TOMORROW.isoformat()}
    response = outsider_client.post(reverse("debrief-action-add", args=[held.pk]), body)
    assert response.status_code == 404
    assert not ActionItem.objects.exists()
    response = outsider_client.post(reverse("debrief", args=[held.pk]), {"advice": "Planted"})
    assert response.status_code == 404
    assert not Debrief.objects.exists()


# --- on Today -----------------------------------------------------------------------------------


def test_an_action_shows_on_today_with_its_reason_and_done_takes_it_off(owner, owner_client, held):
    item = _item(owner, held)

    page = text(owner_client.get(reverse("today")))
    assert ">Do what they advised: Dana Whitfield</a></h2>" in page
    assert "Dana Whitfield suggested: Take the evening SQL course, due Mon 16 Nov." in page
    body = form_data(owner_client.get(reverse("today")), "action_item")
    assert body["kind"] == "action_item" and body["action_item"] == str(item.pk)

    response = owner_client.post(reverse("today-done"), body, follow=True)

    page = text(response)
    assert "Done: Take the evening SQL course (Dana Whitfield)." in page
    assert "Do what they advised" not in page
    item.refresh_from_db()
    assert item.done_at == NOW


def test_today_answers_htmx_when_an_action_is_done(owner, owner_client, held):
    item = _item(owner, held)
    body = {"kind": "action_item", "action_item": item.pk}

    response = owner_client.post(reverse("today-done"), body, **HTMX)

    assert "Done: Take the evening SQL course (Dana Whitfield)." in text(response)
    response = owner_client.post(reverse("today-done"), body, **HTMX)
    assert response.status_code == 422
    assert "marked done already" in text(response)


def test_an_outsider_can_not_mark_the_owners_action_done_from_today(owner, outsider_client, held):
    item = _item(owner, held)

    response = outsider_client.post(
        reverse("today-done"), {"kind": "action_item", "action_item": item.pk}
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.done_at is None


# --- people they suggested ---------------------------------------------------------------------


def test_it_adds_who_they_suggested_with_links_to_the_person_and_the_prospect(owner_client, held):
    body = {
        "name": "Ravi Okafor",
        "organization": "Northwind Transit",
        "title": "Head of Data",
        "email": "ravi@example.org",
        "how": "they worked together",
    }

    response = owner_client.post(reverse("debrief-referral-add", args=[held.pk]), body, follow=True)

    ravi = Person.objects.get(name="Ravi Okafor")
    prospect = Interview.objects.get(person=ravi)
    page = text(response)
    assert "Added Ravi Okafor, suggested by Dana Whitfield, with a prospect interview." in page
    assert (
        f'<a href="/people/{ravi.pk}/">Ravi Okafor</a>, Head of Data at Northwind Transit' in page
    )
    assert f'<a href="/interviews/{prospect.pk}/">their interview</a>' in page
    assert ravi.introduced_by_id == held.person_id and prospect.referred_from_id == held.pk


def test_the_button_says_add_who_they_suggested(owner_client, held):
    assert '<button type="submit">Add who they suggested</button>' in text(
        _page(owner_client, held)
    )


def test_it_refuses_a_referral_without_a_name(owner_client, held):
    response = owner_client.post(
        reverse("debrief-referral-add", args=[held.pk]),
        {"name": "", "email": "x@example.org"},
        **HTMX,
    )

    assert response.status_code == 422
    assert "This field is required." in text(response)
    assert Person.objects.count() == 1


def test_the_prospect_page_says_who_suggested_them(owner, owner_client, held):
    owner_client.post(reverse("debrief-referral-add", args=[held.pk]), {"name": "Ravi Okafor"})
    prospect = Interview.objects.get(person__name="Ravi Okafor")

    page = text(owner_client.get(prospect.get_absolute_url()))

    assert "Suggested by Dana Whitfield in" in page
    assert f'<a href="/interviews/{held.pk}/debrief/">your conversation with them</a>' in page


# --- the interview page's panel ------------------------------------------------------------------


def test_the_interview_page_links_to_the_debrief_and_sums_it_up(owner, owner_client, held):
    url = held.get_absolute_url()
    assert "Debrief this conversation" in text(owner_client.get(url))

    debrief_save(actor=owner, interview=held, fit=4)
    _item(owner, held)
    owner_client.post(reverse("debrief-referral-add", args=[held.pk]), {"name": "Ravi Okafor"})

    page = text(owner_client.get(url))
    assert "<dt>How well you'd fit</dt><dd>4 of 5, a good fit</dd>" in page
    assert "<dt>Open actions</dt><dd>1</dd>" in page
    assert ">Ravi Okafor</a></dd>" in page
    assert f'<a href="/interviews/{held.pk}/debrief/">Open the debrief</a>' in page


def test_the_interview_page_says_the_debrief_waits_for_the_meeting(owner, owner_client, person):
    prospect = make_interview(owner, person, at=NOW)
    assert "The debrief opens once the conversation is held." in text(
        owner_client.get(prospect.get_absolute_url())
    )


def test_the_interview_list_links_to_the_comparison(owner_client):
    page = text(owner_client.get(reverse("interview-list")))
    assert f'<a href="{reverse("debrief-compare")}">Compare debriefs</a>' in page


def test_it_lists_only_the_owners_people_among_the_suggestions(owner, outsider, held):
    # A person of the outsider's with the same email is never reused or shown.
    make_person(outsider, "Ravi Okafor", email="ravi@example.org")
    from coffeechat.debrief.services import referral_add

    found = referral_add(actor=owner, interview=held, name="Ravi", email="ravi@example.org")
    assert found.person.owner == owner
