"""Hostile text saved through every text field and shown on every page that shows it.

In a real browser: nothing may execute (no dialog fires) and no page may fail.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import open_interview, sign_up, stage_heading

HOSTILE = [
    '<script>alert("script-tag")</script>',
    '"><img src=x onerror=alert("event-handler")>',
    "' autofocus onfocus='alert(\"attribute-breakout\")' x='",
    'javascript:alert("js-link")',
    "\u202eevil\u202c <b>bold</b> {{ 7|add:7 }} {% now 'Y' %}",
    "x" * 5000,
    "nul\x00byte",
]


def _fill(page, label: str, value: str) -> None:
    page.get_by_label(re.compile(rf"^{label}:?$")).fill(value)


def _no_server_error(response) -> None:
    assert response is None or response.status < 500, response and response.url


@pytest.mark.parametrize("text", HOSTILE, ids=lambda s: repr(s[:18]))
def test_hostile_text_is_shown_inert_everywhere(page, text):
    sign_up(page, "hostile")
    # A person whose every text field holds the hostile string.
    page.goto("/people/new/")
    for label in ("Name", "Title", "Organization", "How we met", "Notes", "Tags", "Phone"):
        _fill(page, label, text)
    _fill(page, "LinkedIn URL", text)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Add person").click()
    _no_server_error(posted.value)
    if posted.value.status == 422:
        # Refused (too long, NUL, not a URL): the form says why and keeps the input.
        expect(page.locator(".errorlist").first).to_be_visible()
        # Save with only the fields that accept any text, so the rest of the pages show it.
        _fill(page, "Phone", "")
        _fill(page, "LinkedIn URL", "")
        _fill(page, "Tags", "")
        for label in ("Name", "Title", "Organization", "How we met", "Notes"):
            _fill(page, label, text[:150].replace("\x00", ""))
        page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("link", name="Open an interview")).to_be_visible()
    person_url = page.url

    open_interview(page)
    interview_url = page.url
    page.get_by_role("link", name=re.compile("^Edit$")).click()
    _fill(page, "Place or link", text)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save").click()
    _no_server_error(posted.value)

    page.goto(interview_url)
    page.get_by_label(re.compile("^What happened")).fill(text)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Log it").click()
    _no_server_error(posted.value)
    page.goto(interview_url)
    page.get_by_role("button", name="Held", exact=True).click()
    expect(stage_heading(page)).to_contain_text("Held")

    # The research, the meeting notes and the debrief hold it too; search shows it back.
    page.goto(f"{interview_url}prepare/")
    page.get_by_role("group", name="The person").get_by_label("What you found").fill(text)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save research").click()
    _no_server_error(posted.value)
    page.goto(f"{interview_url}meeting/")
    page.get_by_label(re.compile("^Short notes")).fill(text)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save notes").click()
    _no_server_error(posted.value)
    page.goto(f"{interview_url}debrief/")
    page.get_by_label("Advice", exact=True).fill(text)
    page.get_by_label("Red flags").fill(text)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save the debrief").click()
    _no_server_error(posted.value)
    interview_id = re.search(r"/interviews/(\d+)/", interview_url).group(1)

    pages = [
        "/",
        "/people/",
        f"/people/?q={text[:40]}",
        person_url,
        f"{person_url}edit/",
        f"{person_url}delete/",
        interview_url,
        f"{interview_url}edit/",
        "/interviews/",
        "/interviews/all/",
        "/organizations/",
        f"{interview_url}prepare/",
        f"{interview_url}brief/",
        f"{interview_url}meeting/",
        f"{interview_url}debrief/",
        f"/interviews/compare/?ids={interview_id}",
        "/search/?q=alert",
        f"/search/?q={text[:40]}",
    ]
    for url in pages:
        _no_server_error(page.goto(url))
        # Give any injected handler (onerror, autofocus/onfocus) its chance to run.
        page.wait_for_timeout(50)
    page.goto("/organizations/")
    organizations = page.locator("table.list a")
    if organizations.count():
        organizations.first.click()
        _no_server_error(page.goto(page.url))
    assert page.dialogs == []


def test_the_dialog_check_sees_a_script_that_runs(page):
    # Guards the test above against passing vacuously: unescaped markup does fire.
    page.set_content('<img src="data:," onerror="alert(\'ran\')">')
    page.wait_for_timeout(200)
    assert page.dialogs == ["ran"]
