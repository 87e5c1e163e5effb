"""Exporting the network: the contacts spreadsheet (CSV, XLSX) and vCard 4.0 cards."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import vobject
from openpyxl import load_workbook

from coffeechat.cli import main
from coffeechat.domain.lifecycle import Stage
from coffeechat.exchange.contacts import (
    COLUMNS,
    contact_rows,
    neutralize,
    write_csv,
    write_xlsx,
)
from coffeechat.exchange.vcard import write_vcards
from coffeechat.interviews.services import interview_advance, interview_open
from coffeechat.network.models import Person
from coffeechat.network.services import person_create
from tests.conftest import NOW

pytestmark = pytest.mark.usefixtures("clock")

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


def _csv(actor, people=None) -> list[dict]:
    stream = io.StringIO()
    write_csv(contact_rows(actor=actor, people=people), stream)
    text = stream.getvalue()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def network(owner, outsider):
    intro = person_create(actor=owner, name="Ana Ruiz")
    dana = person_create(
        actor=owner,
        name="Dana Whitfield",
        email="dana@example.org",
        phone="+1 555 0100",
        title="Senior Policy Advisor",
        organization_name="City Climate Office",
        how_met="Library volunteers",
        introduced_by=intro,
        tags="policy, climate",
        linkedin_url="https://www.linkedin.com/in/dana",
        notes="Ask about, the transit study",
    )
    interview = interview_open(actor=owner, person=dana, at=NOW - timedelta(days=10))
    interview_advance(
        actor=owner, interview=interview, to_stage=Stage.REQUESTED, at=NOW - timedelta(days=2)
    )
    person_create(actor=outsider, name="Mallory's Secret Contact")
    return {"dana": dana, "intro": intro}


def test_the_spreadsheet_has_one_row_per_person_with_the_next_step(owner, network):
    rows = _csv(owner)
    assert [r["Name"] for r in rows] == ["Ana Ruiz", "Dana Whitfield"]
    dana = rows[1]
    assert list(dana) == list(COLUMNS)
    assert dana["Organization"] == "City Climate Office"
    assert dana["Introduced by"] == "Ana Ruiz"
    assert dana["Seniority"] == "Senior"
    assert dana["Interview stage"] == "Requested"
    assert dana["Next action"] == "Follow up once"
    # Due 7 days after the request, in the user's zone (UTC here).
    assert dana["Next action due"] == (NOW + timedelta(days=5)).strftime("%Y-%m-%d %H:%M")
    assert dana["Last contacted"] == (NOW - timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    assert dana["Tags"] == "climate, policy"
    assert dana["Notes"] == "Ask about, the transit study"


def test_the_spreadsheet_holds_only_the_users_own_people(outsider, network):
    assert [r["Name"] for r in _csv(outsider)] == ["Mallory's Secret Contact"]


@pytest.mark.parametrize("text", HOSTILE)
def test_cells_a_spreadsheet_would_run_are_neutralized_in_csv(owner, text):
    person_create(actor=owner, name=text, how_met=text)
    [row] = _csv(owner)
    assert row["Name"] == "'" + text
    assert row["How we met"] == "'" + text


@pytest.mark.parametrize("text", ["\tcmd", "\rcmd", "=1", "+1", "-1", "@a"])
def test_neutralize_prefixes_every_formula_start(text):
    # Services trim leading tabs and returns from names; imported text may still carry them.
    assert neutralize(text) == "'" + text
    assert neutralize("Dana") == "Dana"


def test_cells_are_stored_as_text_in_the_workbook(owner, network):
    person_create(actor=owner, name="=1+1", title="@cmd")
    stream = io.BytesIO()
    assert write_xlsx(contact_rows(actor=owner), stream) == 3
    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    formula_row = next(row for row in rows if row[0] == "'=1+1")
    assert formula_row[5] == "'@cmd"
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type == "s" for cell in row if cell.value is not None)
    assert [row[0] for row in rows[1:]] == ["'=1+1", "Ana Ruiz", "Dana Whitfield"]


def test_vcards_are_version_4_with_the_persons_fields(owner, network):
    stream = io.StringIO()
    assert write_vcards(actor=owner, stream=stream) == 2
    cards = {c.fn.value: c for c in vobject.readComponents(stream.getvalue())}
    dana = cards["Dana Whitfield"]
    assert dana.version.value == "4.0"
    assert (dana.n.value.given, dana.n.value.family) == ("Dana", "Whitfield")
    assert dana.email.value == "dana@example.org"
    assert dana.tel.value == "+1 555 0100"
    assert dana.org.value == ["City Climate Office"]
    assert dana.title.value == "Senior Policy Advisor"
    assert dana.url.value == "https://www.linkedin.com/in/dana"
    assert dana.note.value == "Ask about, the transit study"
    assert dana.categories.value == ["climate", "policy"]
    assert dana.uid.value.startswith("urn:uuid:")


def test_vcards_keep_the_same_uid_from_one_export_to_the_next(owner, network):
    first, second = io.StringIO(), io.StringIO()
    write_vcards(actor=owner, stream=first)
    write_vcards(actor=owner, stream=second)
    assert first.getvalue() == second.getvalue()


def test_vcards_of_selected_people_only(owner, network):
    stream = io.StringIO()
    chosen = Person.objects.filter(pk=network["intro"].pk)
    assert write_vcards(actor=owner, stream=stream, people=chosen) == 1
    assert [c.fn.value for c in vobject.readComponents(stream.getvalue())] == ["Ana Ruiz"]


def test_the_cli_writes_each_format(owner, network, tmp_path, capsys):
    assert main(["--user", "alice", "export", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].lstrip("\ufeff").startswith("Name,Email")
    assert main(["--user", "alice", "export", "xlsx", "-o", str(tmp_path / "c.xlsx")]) == 0
    assert load_workbook(tmp_path / "c.xlsx").active.max_row == 3
    assert (
        main(
            [
                "--user",
                "alice",
                "export",
                "vcard",
                "-o",
                str(tmp_path / "c.vcf"),
                "--person",
                str(network["dana"].pk),
            ]
        )
        == 0
    )
    assert (tmp_path / "c.vcf").read_text().count("BEGIN:VCARD") == 1


def test_the_cli_explains_what_it_cannot_do(owner, network, capsys):
    assert main(["--user", "alice", "export", "xlsx"]) == 1
    assert "name a file with -o" in capsys.readouterr().err
    assert main(["--user", "alice", "export", "vcard", "--person", "99999"]) == 1
    assert "no person with id 99999" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/people/export.csv", "text/csv"),
        ("/people/export.xlsx", "spreadsheetml"),
        ("/people/export.vcf", "text/vcard"),
    ],
)
def test_the_web_downloads_only_the_users_own_network(url, kind, outsider_client, client, network):
    response = outsider_client.get(url)
    assert response.status_code == 200
    assert kind in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
    assert b"Dana Whitfield" not in response.content
    assert client.get(url).status_code == 302  # anonymous: to the login page


def test_the_settings_page_offers_a_complete_backup(owner_client, network, outsider_client):
    response = owner_client.get("/accounts/backup.json")
    assert response.status_code == 200
    assert b'"coffeechat-backup"' in response.content and b"Dana Whitfield" in response.content
    assert b"Dana Whitfield" not in outsider_client.get("/accounts/backup.json").content
    assert "Download a complete backup" in owner_client.get("/accounts/settings/").content.decode()
