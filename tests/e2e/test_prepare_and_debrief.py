"""Prepared, present and learning, in a real browser: plan the questions, read the brief,
run the meeting view past its time, debrief with a referral, and find it again by search."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.e2e.helpers import (
    PASSWORD,
    add_person,
    axe_violations,
    open_interview,
    sign_up,
    stage_heading,
)

PHRASE = "write plainly about uncertainty"


def _schedule_tomorrow(page) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=15, minute=0)
    page.get_by_label("Meeting time").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Scheduled", exact=True).click()
    expect(stage_heading(page)).to_contain_text("Scheduled")


def _plan(page):
    return page.locator("#plan-list .plan-text")


def test_it_prepares_runs_the_meeting_debriefs_and_finds_the_advice_by_search(page):
    sign_up(page, "prep")
    add_person(
        page,
        "Lena Okoye",
        email="lena@example.org",
        organization="Harbor Analytics",
        title="Data Analyst",
    )
    open_interview(page)
    interview_url = page.url
    _schedule_tomorrow(page)

    # Research, in three parts.
    page.get_by_role("link", name="Prepare", exact=True).click()
    expect(page.get_by_role("heading", name="Prepare for Lena Okoye")).to_be_visible()
    person = page.get_by_role("group", name="The person")
    person.get_by_label("What you found").fill("Leads the analysts who forecast port traffic.")
    person.get_by_label("Not found online").fill("How she learned to present forecasts.")
    page.get_by_role("button", name="Save research").click()
    expect(page.get_by_text("Research saved.")).to_be_visible()

    # The suggested questions, taken in one go, then reordered with the keyboard only.
    page.get_by_role("button", name=re.compile(r"^Use these \d+ questions$")).click()
    expect(_plan(page).first).to_be_visible()
    planned = _plan(page).all_inner_texts()
    assert 5 <= len(planned) <= 10, planned
    page.locator("#plan-list li").first.get_by_role("button", name="Move down").focus()
    page.keyboard.press("Enter")
    expect(_plan(page).first).to_have_text(planned[1])
    expect(_plan(page).nth(1)).to_have_text(planned[0])
    # The focus stays on the question that moved, so it can go on moving.
    expect(page.locator(":focus")).to_have_attribute("id", re.compile(r"^down-"))

    # Asking for a resume pass-on without a role draws a warning; another ask clears it.
    ask = page.get_by_label("Your ask at the end")
    ask.select_option(label="Would you pass on my resume?")
    expect(page.locator("#ask-status")).to_contain_text("only if you are actively applying")
    ask.select_option(label="Is there someone else I should talk to?")
    expect(page.locator("#ask-status")).not_to_contain_text("only if you are actively applying")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Mark prepared").click()
    expect(page.get_by_text(re.compile("Marked prepared"))).to_be_visible()

    # The brief: one page with who, why, research, the questions in order and the ask.
    page.get_by_role("link", name="The brief", exact=True).click()
    brief = page.locator("main")
    expect(brief).to_contain_text("Lena Okoye")
    expect(brief).to_contain_text("Harbor Analytics")
    expect(brief).to_contain_text("Leads the analysts who forecast port traffic.")
    expect(brief).to_contain_text("How she learned to present forecasts.")
    expect(brief).to_contain_text("20 minutes")
    expect(brief).to_contain_text("Is there someone else I should talk to?")
    expect(brief.locator("ol li").first).to_contain_text(planned[1])
    assert axe_violations(page) == []

    # The meeting view, on a browser clock that can be moved on.
    page.clock.install(time=datetime.now(UTC))
    page.goto(interview_url + "meeting/")
    page.get_by_role("button", name="Start the clock").click()
    clock = page.get_by_role("timer")
    expect(clock).to_have_text(re.compile(r"^(20:00|19:5\d)$"))
    expect(page.locator("#wrap-up")).not_to_contain_text("wrap up")
    page.clock.fast_forward("20:05")
    expect(page.locator("#wrap-up")).to_contain_text("Time to offer to wrap up")
    expect(clock).to_have_text(re.compile(r"^\+00:0\d$"))  # and it keeps counting
    page.get_by_label(planned[1]).check()
    notes = page.get_by_label(re.compile("^Short notes"))
    notes.press_sequentially(f"Advice: {PHRASE}. Ask Ravi about forecasting.", delay=5)
    expect(page.locator("#notes-status")).to_have_text("Saved", timeout=10_000)
    assert axe_violations(page) == []
    page.reload()
    expect(page.get_by_label(re.compile("^Short notes"))).to_have_value(re.compile(PHRASE))
    expect(page.get_by_label(planned[1])).to_be_checked()

    # Held: the debrief, with the advice, an action from it and the person they suggested.
    page.goto(interview_url)
    page.get_by_role("button", name="Held", exact=True).click()
    expect(stage_heading(page)).to_contain_text("Held")
    page.get_by_role("link", name="Debrief this conversation").click()
    expect(page.locator(".meeting-notes")).to_contain_text(PHRASE)
    page.get_by_label("Advice", exact=True).fill(f"Learn to {PHRASE}.")
    page.get_by_role("group", name="How well you'd fit").get_by_role(
        "radio", name="4: a good fit"
    ).check()
    page.get_by_label("Why that fit").fill("Forecasting is close to my library statistics.")
    page.get_by_label("Red flags").fill("Long hours before each quarterly forecast.")
    page.get_by_role("button", name="Save the debrief").click()
    expect(page.get_by_text(re.compile(r"^Last saved"))).to_be_visible()
    expect(page.get_by_label("Advice", exact=True)).to_have_value(f"Learn to {PHRASE}.")

    actions = page.locator("#actions")
    actions.get_by_label("What you will do").fill("Write one forecast memo")
    actions.get_by_label("Due").fill((datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d"))
    actions.get_by_role("button", name="Add the action").click()
    expect(page.locator("#actions")).to_contain_text("Write one forecast memo")

    referrals = page.locator("#referrals")
    referrals.get_by_label("Name").fill("Ravi Menon")
    referrals.get_by_label("Organization").fill("Harbor Analytics")
    referrals.get_by_label("How they know them, or why talk to them").fill("Runs forecasting")
    referrals.get_by_role("button", name="Add who they suggested").click()
    suggested = page.locator("#referrals li").filter(has_text="Ravi Menon")
    expect(suggested).to_contain_text("Prospect")
    assert axe_violations(page) == []
    suggested.get_by_role("link", name="their interview").click()
    expect(stage_heading(page)).to_contain_text("Prospect")
    expect(page.get_by_text("Suggested by Lena Okoye")).to_be_visible()

    # Search: the advice, found from the box on every page, its words marked.
    page.get_by_role("search").get_by_role("searchbox").fill("plainly uncertain")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Search", level=1)).to_be_visible()
    debrief_hit = page.locator("li").filter(has=page.get_by_text("Debrief", exact=True))
    expect(debrief_hit.first).to_contain_text("Lena Okoye")
    expect(debrief_hit.first.locator("mark").first).to_have_text(re.compile("plainly", re.I))
    assert axe_violations(page) == []
    debrief_hit.first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(interview_url)))
    assert page.dialogs == []


def _log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def _kept_in_browser(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('coffeechat:'))")


def test_notes_typed_offline_never_overwrite_newer_notes_saved_elsewhere(page, browser, base_url):
    username = sign_up(page, "notes")
    add_person(page, "Omar Haddad")
    open_interview(page)
    meeting = page.url + "meeting/"
    # The same user on a phone: another browser, with its own storage.
    phone_context = browser.new_context(base_url=base_url, bypass_csp=True)  # for axe
    phone_context.set_default_timeout(10_000)
    phone = phone_context.new_page()
    _log_in(phone, username)
    phone.goto(meeting)
    page.goto(meeting)

    # The phone loses its connection while its notes are typed: they are kept there.
    phone_context.set_offline(True)
    phone.get_by_label(re.compile("^Short notes")).fill("Typed on the phone")
    expect(phone.locator("#notes-status")).to_contain_text("Offline")
    # The laptop saves its own notes; once saved, nothing stays in its browser.
    page.get_by_label(re.compile("^Short notes")).fill("Typed on the laptop")
    expect(page.locator("#notes-status")).to_have_text("Saved")
    assert _kept_in_browser(page) == []

    # Back online, the phone does not overwrite them, and says so.
    phone_context.set_offline(False)
    expect(phone.locator("#notes-status")).to_contain_text("newer notes were saved")
    page.reload()
    expect(page.get_by_label(re.compile("^Short notes"))).to_have_value("Typed on the laptop")

    # Opened again, the phone shows the saved notes, and its own words beside them.
    phone.reload()
    expect(phone.get_by_label(re.compile("^Short notes"))).to_have_value("Typed on the laptop")
    expect(phone.get_by_label("Typed here, not saved")).to_have_value("Typed on the phone")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Discard this copy").click()
    expect(phone.locator("#notes-conflict")).to_be_hidden()
    assert _kept_in_browser(phone) == []
    phone_context.close()
