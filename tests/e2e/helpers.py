"""Steps a person takes in the app, shared by the browser tests."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from playwright.sync_api import Page, expect

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a-long-passphrase-1"
_users = itertools.count(1)


def sign_up(page: Page, prefix: str = "user") -> str:
    username = f"{prefix}{next(_users)}"
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    return username


def add_person(page: Page, name: str, **fields: str) -> None:
    page.goto("/people/new/")
    page.get_by_label(re.compile(r"^Name:?$")).fill(name)
    labels = {"email": "Email", "organization": "Organization", "title": "Title"}
    for key, value in fields.items():
        page.get_by_label(re.compile(rf"^{labels[key]}:?$")).fill(value)
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def open_interview(page: Page) -> None:
    page.get_by_role("link", name="Open an interview").first.click()
    page.get_by_role("button", name="Open interview").click()
    expect(page.get_by_role("heading", name=re.compile("^Stage:"))).to_be_visible()


def stage_heading(page: Page):
    return page.get_by_role("heading", name=re.compile("^Stage:"))


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical accessibility violations on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"])}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
