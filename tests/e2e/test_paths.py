"""A warm path in a real browser: find it, ask the connector, record their yes."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import add_person, axe_violations, sign_up, stage_heading


def test_it_finds_a_warm_path_and_records_the_connectors_yes(page):
    sign_up(page, "paths")
    # Dana is someone the user knows; Sam works where the user wants to learn.
    page.goto("/people/new/")
    page.get_by_label(re.compile(r"^Name:?$")).fill("Dana Whitfield")
    page.get_by_label(re.compile(r"^How we met:?$")).fill("former teammate")
    page.get_by_label(re.compile(r"^You know them:?$")).select_option("yes")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("heading", name="Dana Whitfield", level=1)).to_be_visible()
    dana_url = page.url
    add_person(page, "Sam Rivera", organization="Lumen Health", title="Product Designer")

    page.goto(dana_url)
    page.get_by_label("Dana Whitfield knows:").fill("Sam Rivera")
    page.get_by_label("How (optional):").fill("design meetup")
    page.get_by_role("button", name="Record that they know each other").click()
    expect(page.get_by_text("Dana Whitfield and Sam Rivera now know each other.")).to_be_visible()

    page.get_by_role("link", name="Warm paths", exact=True).click()
    page.get_by_label(re.compile(r"^Organization:?$")).fill("Lumen Health")
    page.get_by_role("button", name="Find paths").click()
    expect(page.get_by_role("heading", name="1 path, best first")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Dana Whitfield, former teammate, .* knows Sam Rivera"))
    ).to_be_visible()
    expect(page.locator("svg[role=img]")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Ask Dana Whitfield for an introduction to Sam Rivera").click()
    expect(stage_heading(page)).to_contain_text("Intro requested")
    expect(
        page.get_by_text("Would you be comfortable introducing me to Sam Rivera?")
    ).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="They agreed and introduced you").click()
    expect(page.get_by_text("Dana Whitfield introduced you")).to_be_visible()
    expect(stage_heading(page)).to_contain_text("Requested")
    page.get_by_role("link", name="Sam Rivera").first.click()
    expect(page.get_by_text("Dana Whitfield").first).to_be_visible()
    assert page.dialogs == []
