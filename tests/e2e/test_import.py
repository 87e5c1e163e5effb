"""Importing connections in a real browser, against the real server's background import."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import expect

from tests.e2e.helpers import axe_violations, sign_up

ROWS = 12_000


def linkedin_export(rows: int) -> bytes:
    """A Connections.csv as LinkedIn writes it, with one line it can't import."""
    out = io.StringIO()
    out.write('Notes:\n"Some connections chose not to share their email address."\n\n')
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i in range(rows):
        writer.writerow(
            [
                f"Person{i}",
                f"Surname{i % 997}",
                f"https://www.linkedin.com/in/person-{i}",
                f"person{i}@example.org" if i % 3 else "",
                f"Company {i % 400}, Inc.",
                "Product Manager" if i % 2 else "Research Engineer",
                "15 Mar 2024",
            ]
        )
    writer.writerow(["Broken", "Date", "", "", "Acme", "Analyst", "31 Feb 2022"])
    return ("\ufeff" + out.getvalue()).encode()


def test_it_imports_connections_with_live_progress_and_a_summary(page):
    sign_up(page, "importer")
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Import people").click()
    expect(page.get_by_role("heading", name="Import people", level=1)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("LinkedIn connections (Connections.csv)").check()
    page.get_by_label("The file").set_input_files(
        files=[{"name": "Connections.csv", "mimeType": "text/csv", "buffer": linkedin_export(ROWS)}]
    )
    page.get_by_role("button", name="Upload and import").click()

    # The page answers at once and follows the import while it runs.
    expect(page.get_by_role("heading", name="Importing Connections.csv")).to_be_visible()
    status = page.locator("#import-status")
    expect(status.locator("progress")).to_be_visible()
    expect(status).to_contain_text(re.compile(r"Starting|Reading|Checking line|Saving"))

    # When it is done the page shows the summary without a reload by hand.
    expect(page.get_by_role("heading", name="Imported", level=2)).to_be_visible(timeout=60_000)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(f"New people{ROWS:,}")
    expect(facts).to_contain_text("Rejected lines1")
    expect(page.get_by_text("Connected On: expected a date such as 15 Mar 2024")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the rejected lines (CSV)").click()
    assert "31 Feb 2022" in download.value.path().read_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name="See your people").click()
    expect(page.get_by_text(f"{ROWS + 0:,} people")).to_be_visible()
    assert page.dialogs == []
