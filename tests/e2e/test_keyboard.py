"""The whole journey with the keyboard alone: Tab to move, type, Enter or Space to act."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.e2e.helpers import PASSWORD, stage_heading

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return [el.tagName, label || el.innerText || el.value || ""].join("|").trim();
}"""


def tab_to(page: Page, tag: str, text: str, limit: int = 120) -> None:
    """Press Tab until the focused element is a `tag` whose label or text starts with `text`."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        name, _, label = page.evaluate(FOCUSED).partition("|")
        seen.append(f"{name}:{label[:30]}")
        if name == tag.upper() and label.strip().lower().startswith(text.lower()):
            return
    raise AssertionError(f"never reached {tag} {text!r} with Tab; went through {seen}")


def follow(page: Page, key: str = "Enter") -> None:
    """Activate the focused link or plain form button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_it_completes_the_journey_with_the_keyboard_alone(page):
    page.goto("/accounts/signup/")
    tab_to(page, "input", "Username")
    page.keyboard.type("keyboarder")
    tab_to(page, "input", "Password:")
    page.keyboard.type(PASSWORD)
    tab_to(page, "input", "Password confirmation")
    page.keyboard.type(PASSWORD)
    tab_to(page, "button", "Create account")
    follow(page)
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()

    tab_to(page, "a", "Add someone you")
    follow(page)
    tab_to(page, "input", "Name")
    page.keyboard.type("Kai Moreno")
    tab_to(page, "input", "Organization")
    page.keyboard.type("Harbor Labs")
    tab_to(page, "button", "Add person")
    follow(page)
    expect(page.get_by_role("heading", name="Kai Moreno", level=1)).to_be_visible()

    tab_to(page, "a", "Open an interview")
    follow(page)
    tab_to(page, "button", "Open interview")
    follow(page)
    expect(stage_heading(page)).to_contain_text("Prospect")

    # The meeting time, typed into the date-time field segment by segment.
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    tab_to(page, "input", "Meeting time")
    page.keyboard.type(tomorrow.strftime("%m%d%Y"))
    page.keyboard.press("ArrowRight")
    page.keyboard.type("0300PM")
    tab_to(page, "button", "Scheduled")
    page.keyboard.press("Enter")
    expect(stage_heading(page)).to_contain_text("Scheduled")

    tab_to(page, "a", "Today")
    follow(page)
    expect(page.get_by_text("Prepare for the meeting: Kai Moreno")).to_be_visible()
    tab_to(page, "a", "Prepare for the meeting: Kai Moreno")
    follow(page)
    tab_to(page, "button", "Held")
    page.keyboard.press("Space")
    expect(stage_heading(page)).to_contain_text("Held")

    tab_to(page, "a", "Today")
    follow(page)
    expect(page.get_by_text("Send a thank-you: Kai Moreno")).to_be_visible()
    tab_to(page, "button", "Thank-you sent")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank-you sent: Kai Moreno.")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Send a thank-you: Kai Moreno")).to_have_count(0)
