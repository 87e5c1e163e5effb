"""The journey every release must keep working, in a real browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.e2e.helpers import add_person, axe_violations, open_interview, sign_up, stage_heading


def test_it_carries_an_interview_from_first_ask_to_thank_you(page):
    sign_up(page, "journey")
    expect(page.get_by_text("Nothing is due.")).to_be_visible()

    add_person(
        page,
        "Sam Rivera",
        email="sam@example.org",
        organization="Lumen Health",
        title="Product Designer",
    )
    open_interview(page)
    expect(stage_heading(page)).to_contain_text("Prospect")
    interview_url = page.url

    # Schedule it for tomorrow afternoon (the new account's zone is UTC).
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=15, minute=0)
    page.get_by_label("Meeting time").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Scheduled", exact=True).click()
    expect(stage_heading(page)).to_contain_text("Scheduled")

    page.get_by_role("link", name="Today").click()
    prep = page.get_by_role("listitem").filter(has_text="Prepare for the meeting: Sam Rivera")
    expect(prep).to_be_visible()
    expect(prep).to_contain_text("Prepare the day before")

    page.goto(interview_url)
    page.get_by_role("button", name="Held", exact=True).click()
    expect(stage_heading(page)).to_contain_text("Held")

    page.get_by_role("link", name="Today").click()
    thanks = page.get_by_role("listitem").filter(has_text="Send a thank-you: Sam Rivera")
    expect(thanks).to_be_visible()
    expect(thanks).to_contain_text("within 24 hours")

    # Log the thank-you on the interview: an email whose purpose is the thank-you.
    page.goto(interview_url)
    page.get_by_label("Kind").select_option("email")
    page.get_by_label("Purpose").select_option("thank_you")
    page.get_by_label("What happened").fill("Thanked Sam; mentioned the research-ops tip")
    page.get_by_role("button", name="Log it").click()
    expect(stage_heading(page)).to_contain_text("Thanked")

    page.get_by_role("link", name="Today").click()
    expect(page.get_by_text("Send a thank-you: Sam Rivera")).to_have_count(0)
    expect(page.get_by_text("Nothing is due.")).to_be_visible()
    assert page.dialogs == []


def test_it_marks_an_action_done_from_today_without_reloading(page):
    sign_up(page, "today")
    add_person(page, "Ines Carvalho", organization="Fieldnote Labs", title="Data Analyst")
    open_interview(page)
    page.get_by_role("button", name="Held", exact=True).click()
    expect(stage_heading(page)).to_contain_text("Held")
    page.get_by_role("link", name="Today").click()
    item = page.get_by_role("listitem").filter(has_text="Send a thank-you: Ines Carvalho")
    item.get_by_role("button", name="Thank-you sent").click()
    # HTMX swaps the item for a confirmation in place.
    expect(page.get_by_text("Thank-you sent: Ines Carvalho.")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Send a thank-you: Ines Carvalho")).to_have_count(0)


def test_it_refuses_an_illegal_move_with_the_reason(page):
    sign_up(page, "refuse")
    add_person(page, "Oren Katz")
    open_interview(page)
    page.get_by_role("button", name="Held", exact=True).click()
    expect(stage_heading(page)).to_contain_text("Held")
    # Only the moves the lifecycle allows are offered.
    moves = page.locator("#stage-panel .moves button")
    expect(moves).to_have_text(["Thanked", "Keeping in touch"])


def test_main_pages_have_no_serious_accessibility_violations(page):
    sign_up(page, "a11y")
    add_person(page, "Grace Lindqvist", organization="Fieldnote Labs", title="UX Researcher")
    person_url = page.url
    open_interview(page)
    interview_url = page.url
    page.get_by_role("link", name="Fieldnote Labs").click()
    organization_url = page.url
    pages = [
        "/",
        "/people/",
        "/people/new/",
        person_url,
        f"{person_url}edit/",
        interview_url,
        f"{interview_url}edit/",
        "/interviews/",
        "/interviews/all/",
        "/organizations/",
        organization_url,
        "/accounts/settings/",
        "/import/",
        "/people/duplicates/",
        "/paths/",
    ]
    found = {}
    for url in pages:
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    page.get_by_role("button", name=re.compile("^Log out")).click()
    for url in ["/accounts/login/", "/accounts/signup/"]:
        page.goto(url)
        if violations := axe_violations(page):
            found[url] = violations
    assert found == {}


def test_the_accessibility_check_catches_a_real_violation(page):
    # Guards the check above against passing vacuously (axe not loaded, wrong filter).
    sign_up(page, "axecheck")
    page.evaluate(
        "() => { const i = document.createElement('img'); i.src = '/x.png';"
        " document.querySelector('main').append(i); }"
    )
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
