"""The meeting view: the clock against the agreed minutes, ticking questions, quick notes."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.urls import reverse

from coffeechat.prep.models import MeetingNotes, PlannedQuestion
from coffeechat.prep.services import meeting_start, notes_save, question_plan_add
from tests.conftest import NOW

from .helpers import HTMX, text


def _meeting(client, interview) -> str:
    response = client.get(reverse("prep-meeting", args=[interview.pk]))
    assert response.status_code == 200
    return text(response)


def _clock(page: str) -> str:
    return re.search(r'<p class="clock" id="clock"[^>]*>([^<]*)</p>', page).group(1)


def _wrap_up(page: str) -> str:
    region = re.search(r'<div id="wrap-up"[^>]*aria-live="polite">(.*?)</div>', page, re.S)
    return re.sub(r"<[^>]+>", "", region.group(1))


def _notes(client, interview, text_, revision, json_=True):
    headers = {"HTTP_ACCEPT": "application/json"} if json_ else {}
    return client.post(
        reverse("prep-notes", args=[interview.pk]),
        {"text": text_, "revision": revision},
        **headers,
    )


def test_before_the_start_it_shows_the_agreed_minutes_and_a_start_button(owner_client, interview):
    page = _meeting(owner_client, interview)
    assert _clock(page) == "20:00"
    assert "20 minutes agreed" in page
    assert "Start the clock</button>" in page
    assert 'data-started=""' in page
    assert _wrap_up(page).strip() == ""
    assert "/static/coffeechat/meeting.js" in page


def test_start_records_the_time_once_and_the_clock_runs_from_it(owner_client, interview, clock):
    url = reverse("prep-meeting-start", args=[interview.pk])
    assert owner_client.post(url).status_code == 302
    clock.shift(timedelta(minutes=6, seconds=15))
    owner_client.post(url)  # a second press keeps the first start
    assert MeetingNotes.objects.get().started_at == NOW
    page = _meeting(owner_client, interview)
    assert _clock(page) == "13:45"
    assert "14 min left" in page
    assert "Start the clock" not in page
    assert 'data-started="2026-11-16T09:00:00+00:00"' in page


def test_at_the_limit_it_says_to_offer_to_wrap_up_and_counts_on(owner, owner_client, interview):
    # Started 23 minutes ago by the stored time, not by waiting.
    meeting_start(actor=owner, interview=interview, at=NOW - timedelta(minutes=23))
    page = _meeting(owner_client, interview)
    assert "Time to offer to wrap up" in _wrap_up(page)
    assert "3 min over" in _wrap_up(page)
    assert _clock(page) == "+03:00"
    assert 'class="card timer over"' in page


def test_exactly_at_the_limit_the_message_shows(owner, owner_client, interview):
    meeting_start(actor=owner, interview=interview, at=NOW - timedelta(minutes=20))
    region = _wrap_up(_meeting(owner_client, interview))
    assert "Time to offer to wrap up" in region
    assert "min over" not in region


def test_a_minute_before_the_limit_there_is_no_message(owner, owner_client, interview):
    meeting_start(actor=owner, interview=interview, at=NOW - timedelta(minutes=19))
    page = _meeting(owner_client, interview)
    assert _wrap_up(page).strip() == ""
    assert _clock(page) == "01:00"


def test_notes_save_as_typed_and_come_back(owner_client, interview):
    response = _notes(owner_client, interview, "She moved from engineering in 2015", 1)
    assert response.status_code == 200
    assert json.loads(response.content) == {"revision": 1, "saved": True}
    page = _meeting(owner_client, interview)
    assert "She moved from engineering in 2015</textarea>" in page
    assert 'data-revision="1"' in page
    assert '<p id="notes-status" class="save-status" role="status" aria-live="polite">Saved' in page


def test_a_late_older_save_is_ignored(owner, owner_client, interview):
    notes_save(actor=owner, interview=interview, text="Newest words", revision=5)
    response = _notes(owner_client, interview, "Older words", 4)
    assert json.loads(response.content) == {"revision": 5, "saved": False}
    assert MeetingNotes.objects.get().text == "Newest words"


def test_a_save_on_the_same_revision_as_another_window_is_not_kept(owner, owner_client, interview):
    notes_save(actor=owner, interview=interview, text="From the laptop", revision=1)
    response = _notes(owner_client, interview, "From the phone", 1)
    assert json.loads(response.content) == {"revision": 1, "saved": False}
    assert MeetingNotes.objects.get().text == "From the laptop"


def test_without_javascript_a_refused_save_shows_both_texts(owner, owner_client, interview):
    notes_save(actor=owner, interview=interview, text="From the laptop", revision=1)
    response = _notes(owner_client, interview, "From the phone", 1, json_=False)
    assert response.status_code == 409
    page = text(response)
    assert "From the laptop</textarea>" in page
    assert '<textarea id="notes-unsent" rows="6" readonly>From the phone</textarea>' in page
    assert "Not saved: newer notes were saved" in page
    assert '<input type="hidden" name="revision" value="2">' in page
    assert MeetingNotes.objects.get().text == "From the laptop"


def test_notes_save_without_javascript_through_the_button(owner_client, interview):
    page = _meeting(owner_client, interview)
    assert '<input type="hidden" name="revision" value="1">' in page
    response = _notes(owner_client, interview, "By hand", 1, json_=False)
    assert response.status_code == 302
    assert "Notes saved." in text(owner_client.get(response.url))


def test_a_bad_save_is_refused_with_its_reason(owner_client, interview):
    response = _notes(owner_client, interview, "x", "soon")
    assert response.status_code == 422
    assert "whole number" in json.loads(response.content)["error"]
    assert not MeetingNotes.objects.exists()


def test_ticking_a_question_marks_it_asked(owner, owner_client, interview):
    question = question_plan_add(actor=owner, interview=interview, text="What changed this year?")
    url = reverse("prep-question-tick", args=[question.pk])
    reply = owner_client.post(url, {"asked": "1"}, **HTMX)
    assert reply.status_code == 200
    assert f'id="asked-{question.pk}" name="asked" value="1" checked' in text(reply)
    assert PlannedQuestion.objects.get().asked_at == NOW
    assert "checked" in re.search(
        rf'<input type="checkbox" id="asked-{question.pk}"[^>]*>', _meeting(owner_client, interview)
    ).group(0)
    # Unticked: the box posts nothing.
    owner_client.post(url, {}, **HTMX)
    assert PlannedQuestion.objects.get().asked_at is None


def test_the_questions_are_listed_in_the_planned_order(owner, owner_client, interview):
    for line in ("First?", "Second?", "Third?"):
        question_plan_add(actor=owner, interview=interview, text=line)
    labels = re.findall(
        r'<label for="asked-\d+">([^<]*)</label>', _meeting(owner_client, interview)
    )
    assert labels == ["First?", "Second?", "Third?"]


def test_without_questions_it_points_to_planning(owner_client, interview):
    page = _meeting(owner_client, interview)
    assert "No questions planned." in page
    assert reverse("prep-prepare", args=[interview.pk]) in page


def test_an_outsider_cannot_save_notes_or_start_the_clock(owner, outsider_client, interview):
    notes_save(actor=owner, interview=interview, text="Mine", revision=1)
    assert _notes(outsider_client, interview, "Theirs", 9).status_code == 404
    start = reverse("prep-meeting-start", args=[interview.pk])
    assert outsider_client.post(start).status_code == 404
    notes = MeetingNotes.objects.get()
    assert (notes.text, notes.revision, notes.started_at) == ("Mine", 1, None)
