"""Asking well, in a real browser: draft the request, heed the coach, agree a time, invite."""

from __future__ import annotations

import re
from datetime import datetime

import vobject
from playwright.sync_api import expect

from tests.e2e.helpers import add_person, axe_violations, open_interview, sign_up, stage_heading


def _fill_profile(page) -> None:
    page.goto("/accounts/settings/")
    page.get_by_label(re.compile(r"^Your name:?$")).fill("Alex Morgan")
    page.get_by_label(re.compile(r"^Your email:?$")).fill("alex@example.org")
    page.get_by_label(re.compile(r"^Who you are, in one line:?$")).fill(
        "I'm a librarian moving toward public-sector data work."
    )
    page.get_by_label(re.compile(r"^Schools:?$")).fill("Riverside University")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()


def test_it_drafts_a_request_coaches_it_and_sends_an_invitation_for_the_agreed_time(page, tmp_path):
    sign_up(page, "outreach")
    _fill_profile(page)
    add_person(
        page, "Sam Rivera", email="sam@example.org", organization="Lumen Health", title="Designer"
    )
    open_interview(page)

    # The draft: the request, in the user's voice, with three times to choose from.
    page.get_by_role("link", name="Request").first.click()
    body = page.get_by_label("Message", exact=True)
    expect(body).to_contain_text("Alex Morgan")
    expect(body).to_contain_text("20 minutes")
    expect(body).to_contain_text("not a job request")
    coach = page.locator("#coach")
    expect(coach.locator("[data-code=no_time_ask]")).to_have_count(0)
    assert axe_violations(page) == []

    # Taking out the time ask: the coach says so as the user types, without a reload.
    text = body.input_value()
    body.fill(text.replace("20 minutes", "a little time"))
    expect(coach.locator("[data-code=no_time_ask]")).to_be_visible()
    expect(coach).to_contain_text("Fix:")
    # Putting it back clears the finding.
    body.fill(text)
    expect(coach.locator("[data-code=no_time_ask]")).to_have_count(0)
    expect(page.locator("#mailto-link")).to_have_attribute("href", re.compile("^mailto:sam@"))

    page.get_by_label("How you sent it").select_option("mail_app")
    page.get_by_role("button", name="Mark as sent").click()
    expect(stage_heading(page)).to_contain_text("Requested")
    expect(page.get_by_text(re.compile("Request sent: Informational interview"))).to_be_visible()

    # They answered: pick one of the proposed times.
    page.get_by_role("link", name="Times to offer").click()
    expect(page.get_by_role("heading", name="Times to offer")).to_be_visible()
    assert axe_violations(page) == []
    first = page.locator(".slots li").first
    start = first.locator("input[name=start]").input_value()
    first.get_by_role("button", name=re.compile("^They agreed to")).click()
    expect(stage_heading(page)).to_contain_text("Scheduled")

    # The invitation: a calendar file for exactly that time, read by another parser.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the calendar invitation")).click()
    path = tmp_path / "invitation.ics"
    download.value.save_as(path)
    calendar = vobject.readOne(path.read_text())
    event = calendar.vevent
    assert calendar.method.value == "REQUEST"
    assert event.dtstart.value == datetime.fromisoformat(start)
    assert event.attendee.value.lower() == "mailto:sam@example.org"
    assert page.dialogs == []


def test_the_outreach_pages_have_no_serious_accessibility_violations(page):
    sign_up(page, "outreach-a11y")
    add_person(page, "Grace Lindqvist", organization="Fieldnote Labs")
    open_interview(page)
    interview_url = page.url
    found = {}
    for url in [
        f"{interview_url}compose/?kind=thank_you",
        f"{interview_url}compose/?kind=keep_in_touch",
        f"{interview_url}slots/",
        "/messages/templates/",
    ]:
        page.goto(url)
        if violations := axe_violations(page):
            found[url] = violations
    assert found == {}
