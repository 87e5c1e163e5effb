"""Today: what is due, why, and marking it done (plain form and htmx)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from coffeechat.domain.today import ActionKind
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance
from coffeechat.network.models import Interaction
from coffeechat.network.services import interaction_log
from tests.conftest import NOW

from .helpers import HTMX, make_interview, make_person, text

EIGHT_DAYS_AGO = NOW - timedelta(days=8)  # Sun 8 Nov 2026, 09:00 UTC


@pytest.fixture
def requested(owner, person):
    """Asked 8 days ago, no reply: the one follow-up is due."""
    return make_interview(owner, person, "requested", at=EIGHT_DAYS_AGO)


def _done(client, interview, kind="follow_up", **extra):
    return client.post(reverse("today-done"), {"kind": kind, "interview": interview.pk}, **extra)


def test_it_greets_a_new_user_with_the_empty_state(owner_client):
    response = owner_client.get(reverse("today"))
    assert response.status_code == 200
    page = text(response)
    assert "Nothing is due." in page
    assert "Add someone you'd like to learn from" in page


def test_it_shows_the_follow_up_with_its_reason(owner_client, requested):
    page = text(owner_client.get(reverse("today")))
    assert "1 thing to do" in page
    assert "Follow up once: Dana Whitfield" in page
    assert (
        "You asked Dana Whitfield on Sun 8 Nov (8 days ago) and have no reply. "
        "Send one polite follow-up; one is the limit."
    ) in page
    assert "Overdue" in page  # due a day ago, a whole day of grace has passed
    assert "Nothing is due." not in page


def test_it_does_not_show_a_request_sent_yesterday(owner, person, owner_client):
    make_interview(owner, person, "requested", at=NOW - timedelta(days=1))
    assert "Nothing is due." in text(owner_client.get(reverse("today")))


def test_it_marks_the_follow_up_done_and_redirects(owner_client, requested):
    response = _done(owner_client, requested)
    assert response.status_code == 302
    assert response.url == reverse("today")
    requested.refresh_from_db()
    assert requested.stage == "followed_up"
    page = text(owner_client.get(response.url))
    assert "Follow-up sent: Dana Whitfield." in page
    assert "Follow up once: Dana Whitfield" not in page
    assert "Nothing is due." in page
    assert list(
        Interaction.objects.filter(interview=requested).values_list("purpose", flat=True)
    ) == ["follow_up", "request"]


def test_it_answers_htmx_with_a_fragment_saying_done(owner_client, requested):
    response = _done(owner_client, requested, **HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert page.startswith('<li class="action done"')
    assert "Follow-up sent: Dana Whitfield." in page
    requested.refresh_from_db()
    assert requested.stage == "followed_up"


def test_it_refuses_an_action_that_no_longer_applies(owner_client, requested):
    _done(owner_client, requested)
    response = _done(owner_client, requested, **HTMX)
    assert response.status_code == 422
    assert "Follow up once no longer applies: the interview is now followed up." in text(response)
    assert Interaction.objects.filter(interview=requested, purpose="follow_up").count() == 1


def test_it_says_so_on_the_page_when_a_plain_form_is_stale(owner_client, requested):
    _done(owner_client, requested)
    response = _done(owner_client, requested, follow=True)
    assert response.redirect_chain == [(reverse("today"), 302)]
    assert "no longer applies" in text(response)


def test_it_asks_for_a_thank_you_after_the_meeting_and_records_it(owner, person, owner_client):
    meeting = NOW - timedelta(hours=3)
    held = make_interview(owner, person, "held", at=meeting + timedelta(minutes=20))
    page = text(owner_client.get(reverse("today")))
    assert "Send a thank-you: Dana Whitfield" in page
    assert "You met Dana Whitfield on Mon 16 Nov. Thank them within 24 hours" in page

    response = _done(owner_client, held, kind="thank_you", follow=True)
    assert "Thank-you sent: Dana Whitfield." in text(response)
    held.refresh_from_db()
    assert held.stage == "thanked"
    assert "Send a thank-you" not in text(response)


TOMORROW_10 = NOW.replace(day=17, hour=10)
ACTIONS = {
    # kind: (how the interview got here, the stage after "done")
    "follow_up": ((("requested",), {}), "followed_up"),
    "close_no_reply": ((("requested", "followed_up"), {}), "no_reply"),
    "prep": ((("scheduled",), {"meeting_at": TOMORROW_10}), "scheduled"),
    "record_meeting": ((("scheduled",), {"meeting_at": NOW - timedelta(hours=2)}), "held"),
    "thank_you": ((("held",), {}), "thanked"),
    "revisit": ((("deferred",), {"revisit_on": NOW.date()}), "researching"),
}


@pytest.mark.parametrize("kind", ACTIONS)
def test_it_lists_each_kind_of_action_and_does_it(owner, owner_client, person, kind):
    (path, move), stage_after = ACTIONS[kind]
    interview = make_interview(owner, person, *path, at=EIGHT_DAYS_AGO, **move)
    action = ActionKind(kind)
    listed = f">{action.title}: Dana Whitfield</a></h2>"
    assert listed in text(owner_client.get(reverse("today")))

    response = _done(owner_client, interview, kind=kind, follow=True)
    page = text(response)
    assert f"{action.done_label}: Dana Whitfield." in page
    assert listed not in page
    interview.refresh_from_db()
    assert interview.stage == stage_after
    if kind == "prep":
        assert interview.prepared_at == NOW


def test_it_logs_a_keep_in_touch_note_for_a_person(owner, owner_client):
    old_friend = make_person(owner, "Ines Moreau", keep_in_touch=True)
    interaction_log(
        actor=owner, person=old_friend, kind="email", occurred_at=NOW - timedelta(days=91)
    )
    assert "Keep in touch: Ines Moreau" in text(owner_client.get(reverse("today")))

    body = {"kind": "keep_in_touch", "person": old_friend.pk}
    response = owner_client.post(reverse("today-done"), body, **HTMX)
    assert "Got in touch: Ines Moreau." in text(response)
    old_friend.refresh_from_db()
    assert old_friend.last_contacted_at == NOW
    assert "Nothing is due." in text(owner_client.get(reverse("today")))


def test_it_refuses_an_unknown_action(owner_client, requested):
    response = owner_client.post(
        reverse("today-done"), {"kind": "dance", "interview": requested.pk}
    )
    assert response.status_code == 400
    requested.refresh_from_db()
    assert requested.stage == "requested"


def test_it_refuses_get_on_done(owner_client):
    assert owner_client.get(reverse("today-done")).status_code == 405


def test_it_pages_through_more_than_25_due_items(owner, owner_client):
    for n in range(30):
        # Asked a minute apart, so the longest-waiting order is known: Person 00 first.
        person = make_person(owner, f"Person {n:02}")
        make_interview(owner, person, "requested", at=EIGHT_DAYS_AGO + timedelta(minutes=n))

    first = text(owner_client.get(reverse("today")))
    assert "30 things to do" in first
    assert first.count("Follow up once: Person") == 25
    assert "Follow up once: Person 00" in first and "Follow up once: Person 24" in first
    assert "Page 1" in first and 'href="?page=2" rel="next"' in first

    second = text(owner_client.get(reverse("today"), {"page": 2}))
    assert second.count("Follow up once: Person") == 5
    assert "Follow up once: Person 25" in second and "Follow up once: Person 29" in second
    assert "Follow up once: Person 24" not in second
    assert "Page 2" in second and 'href="?page=1" rel="prev"' in second
    assert 'rel="next"' not in second


def test_it_shows_page_one_for_a_nonsense_page_number(owner_client, requested):
    response = owner_client.get(reverse("today"), {"page": "last"})
    assert response.status_code == 200
    assert "Follow up once: Dana Whitfield" in text(response)


def test_it_survives_a_huge_page_number(owner_client, requested):
    response = owner_client.get(reverse("today"), {"page": "99999999999999999999"})
    assert response.status_code in (200, 404)


def test_it_does_not_count_a_meeting_under_way_as_something_to_do(owner, person, owner_client):
    interview = make_interview(owner, person, at=NOW - timedelta(days=2))
    interview_advance(
        actor=owner,
        interview=interview,
        to_stage="scheduled",
        meeting_at=NOW - timedelta(minutes=5),  # 20 minutes booked: still talking
        at=NOW - timedelta(days=1),
    )
    assert Interview.objects.get().stage == "scheduled"
    page = text(owner_client.get(reverse("today")))
    assert "1 thing to do" not in page
    assert "Nothing is due." in page
