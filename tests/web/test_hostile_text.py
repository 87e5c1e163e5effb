"""Whatever a user types is shown as text: markup in names and notes never runs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coffeechat.network.models import Person
from tests.conftest import NOW

from .helpers import HTMX, make_interview

NAME = "<script>alert(1)</script>"
NOTES = "<img src=x onerror=alert(1)>"
RAW = ("<script>alert", "<img src=x", "onerror=alert(1)>")


@pytest.fixture
def hostile(owner, owner_client):
    body = {
        "name": NAME,
        "notes": NOTES,
        "title": '"><svg onload=alert(1)>',
        "organization_name": "<b>Evil Corp</b>",
        "tags_text": "<i>tag</i>",
    }
    response = owner_client.post(reverse("person-create"), body)
    assert response.status_code == 302
    person = Person.objects.get(owner=owner)
    assert person.name == NAME  # stored as typed; escaping is the page's job
    make_interview(owner, person, "requested", at=NOW.replace(day=1))
    return person


def _assert_escaped(response, *expected):
    assert response.status_code == 200
    page = response.content.decode()
    for raw in RAW + ("<svg onload", "<b>Evil", "<i>tag"):
        assert raw not in page
    for text in expected:
        assert text in page


def test_it_escapes_the_person_page(owner_client, hostile):
    response = owner_client.get(reverse("person-detail", args=[hostile.pk]))
    _assert_escaped(
        response,
        "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&quot;&gt;&lt;svg onload=alert(1)&gt;",
        "&lt;b&gt;Evil Corp&lt;/b&gt;",
        "&lt;i&gt;tag&lt;/i&gt;",
    )


def test_it_escapes_the_message_after_adding(owner_client, hostile):
    response = owner_client.get(reverse("person-detail", args=[hostile.pk]))
    assert "Added &lt;script&gt;alert(1)&lt;/script&gt;." in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_it_escapes_the_people_list(owner_client, hostile, htmx):
    extra = HTMX if htmx else {}
    response = owner_client.get(reverse("people-list"), {"q": "script"}, **extra)
    _assert_escaped(response, "&lt;script&gt;alert(1)&lt;/script&gt;</a>")


ESCAPED_NAME = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("today", f"Follow up once: {ESCAPED_NAME}"),
        ("interview-board", f"{ESCAPED_NAME}</a>"),
        ("interview-list", f"{ESCAPED_NAME}</a>"),
        ("organization-list", "&lt;b&gt;Evil Corp&lt;/b&gt;</a>"),
    ],
)
def test_it_escapes_the_other_pages_that_show_names(owner_client, hostile, name, shown):
    _assert_escaped(owner_client.get(reverse(name)), shown)


def test_it_escapes_the_edit_form(owner_client, hostile):
    response = owner_client.get(reverse("person-edit", args=[hostile.pk]))
    _assert_escaped(response, 'value="&lt;script&gt;alert(1)&lt;/script&gt;"')


def test_it_escapes_the_search_echoed_back(owner_client):
    response = owner_client.get(reverse("people-list"), {"q": NAME})
    _assert_escaped(response, "No one matches “&lt;script&gt;alert(1)&lt;/script&gt;”.")
