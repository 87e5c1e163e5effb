"""The user's message templates: every kind listed, a broken one refused by name, and new
drafts written from the user's own wording until they reset it."""

from __future__ import annotations

import re

from django.urls import reverse

from coffeechat.outreach.models import MessageTemplate

from .helpers import form_data, text

LABELS = [
    "Request",
    "Follow-up",
    "Thank-you",
    "Keep in touch: I acted on your advice",
    "Keep in touch: a milestone",
    "Keep in touch: an article or event for you",
    "Keep in touch: a seasonal greeting",
    "Introduction request",
]
MINE = "Hello {their_first_name},\n\nWould you spare {minutes} minutes?\n\n{sign_off},\n{my_name}"


def _page(client):
    response = client.get(reverse("outreach-templates"))
    assert response.status_code == 200
    return response


def _save(client, key="request", action="save", **fields):
    data = {"key": key, "action": action, "subject": "Could we talk?", "body": MINE, **fields}
    return client.post(reverse("outreach-templates"), data)


def _headings(response) -> list[str]:
    return re.findall(r'<h2 id="template-[a-z_-]+-h">([^<]+)</h2>', text(response))


def _compose_body(client, interview, **params) -> dict:
    url = reverse("outreach-compose", args=[interview.pk])
    return form_data(client.get(url, params), "body")


def test_it_lists_all_eight_templates(owner_client):
    response = _page(owner_client)
    # Case aside: the selector lower-cases "I acted on your advice" (reported).
    assert [h.casefold() for h in _headings(response)] == [label.casefold() for label in LABELS]
    page = text(response)
    assert "Informational interview request: {their_organization}" in page
    assert "<code>{their_first_name}</code>" in page  # the placeholders are explained


def test_it_names_an_unknown_placeholder_and_stores_nothing(owner_client):
    body = "Hello {their_nme},\n\nWould you spare {minutes} minutes?"
    response = _save(owner_client, body=body)

    assert response.status_code == 422
    page = text(response)
    assert "Unknown placeholder {their_nme} in the body, line 1. Did you mean {their_name}?" in page
    assert not MessageTemplate.objects.exists()
    # What the user typed is still in the box, to correct.
    assert form_data(response, "key")["body"] == body


def test_it_names_a_stray_brace_in_the_subject(owner_client):
    response = _save(owner_client, key="follow_up", subject="Following up {")
    assert response.status_code == 422
    assert "Unclosed brace in the subject, column 14" in text(response)
    assert not MessageTemplate.objects.exists()


def test_it_refuses_an_empty_template(owner_client):
    response = _save(owner_client, subject="", body="")
    assert response.status_code == 422
    assert "A template needs a subject and a body." in text(response)
    assert not MessageTemplate.objects.exists()


def test_a_saved_template_writes_the_next_draft(owner, owner_client, interview):
    response = _save(owner_client)
    assert response.status_code == 302
    assert response.url == reverse("outreach-templates") + "#template-request"
    page = _page(owner_client)
    assert "Request · yours" in _headings(page)
    assert "Back to coffeechat's wording" in text(page)

    draft = _compose_body(owner_client, interview, kind="request")

    assert draft["subject"] == "Could we talk?"
    assert draft["body"] == "Hello Dana,\n\nWould you spare 20 minutes?\n\nBest wishes,\nalice"


def test_it_keeps_one_template_of_each_kind(owner_client):
    _save(owner_client, subject="First")
    _save(owner_client, subject="Second")
    assert list(MessageTemplate.objects.values_list("key", "subject")) == [("request", "Second")]


def test_a_keep_in_touch_template_is_its_reasons_own(owner_client, interview):
    _save(owner_client, key="keep_in_touch:greeting", subject="Season's greetings")
    greeting = _compose_body(owner_client, interview, kind="keep_in_touch", reason="greeting")
    advice = _compose_body(owner_client, interview, kind="keep_in_touch", reason="advice")
    assert greeting["subject"] == "Season's greetings"
    assert advice["subject"] == "I took your advice"


def test_reset_goes_back_to_coffeechats_wording(owner_client, interview):
    _save(owner_client)

    response = _save(owner_client, action="reset")

    assert response.status_code == 302
    assert not MessageTemplate.objects.exists()
    assert "Back to coffeechat's wording." in text(owner_client.get(response.url))
    draft = _compose_body(owner_client, interview, kind="request")
    assert draft["subject"] == "Informational interview request: City Climate Office"


def test_it_refuses_a_template_that_does_not_exist(owner_client):
    assert _save(owner_client, key="ransom_note").status_code == 404


def test_each_user_has_their_own_templates(owner_client, outsider, outsider_client):
    _save(owner_client, subject="Alice's own")
    assert "Alice's own" not in text(_page(outsider_client))
    assert not MessageTemplate.objects.filter(owner=outsider).exists()
