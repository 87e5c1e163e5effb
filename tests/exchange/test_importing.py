"""Importing parsed rows: created, updated, unchanged, rejected; no duplicates; one transaction."""

from __future__ import annotations

import json
from datetime import date

import pytest

from coffeechat.cli import main
from coffeechat.exchange.importing import import_people, normalize_name
from coffeechat.exchange.parsing import (
    UnreadableFile,
    parse_map,
    read_csv,
    read_linkedin,
    read_vcard,
)
from coffeechat.network.models import Organization, Person, Tag
from coffeechat.network.services import person_create

LINKEDIN = (
    "\ufeffNotes:\r\n"
    '"When exporting your connection data, you may notice, that some emails are missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Dana,Whitfield,https://www.linkedin.com/in/dana-w,dana@example.org,"
    '"City Climate Office, Policy",Senior Policy Advisor,15 Mar 2024\r\n'
    "Sam,Lee,,,Lumen Health,Product Designer,29-Mar-21\r\n"
    "Ravi,Okafor,,ravi@example.org,Northwind Transit,VP Operations,02 Jan 2025\r\n"
    ",,,,,,\r\n"
)
BAD_ROW = "Bad,Row,,not-an-email,X,Y,someday\r\n"


def _import(actor, text, **options):
    return import_people(actor=actor, parsed=read_linkedin(text.encode()), **options)


def test_it_creates_each_connection_with_its_organization_and_date(owner):
    summary = _import(owner, LINKEDIN)
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (3, 0, 0, 0)
    dana = Person.objects.get(owner=owner, name="Dana Whitfield")
    assert dana.organization.name == "City Climate Office, Policy"
    assert dana.first_degree_since == date(2024, 3, 15)
    assert dana.seniority == "senior"
    assert Person.objects.get(name="Ravi Okafor").seniority == "executive"
    assert Person.objects.get(name="Sam Lee").first_degree_since == date(2021, 3, 29)


def test_importing_the_same_file_again_changes_nothing(owner):
    _import(owner, LINKEDIN)
    before = list(Person.objects.order_by("pk").values_list())
    summary = _import(owner, LINKEDIN)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert list(Person.objects.order_by("pk").values_list()) == before
    assert Organization.objects.count() == 3


def test_it_matches_by_url_then_email_then_name_and_organization(owner):
    by_url = person_create(
        actor=owner, name="D. Whitfield", linkedin_url="http://linkedin.com/in/dana-w/"
    )
    by_email = person_create(actor=owner, name="Ravi O.", email="RAVI@example.org")
    by_name = person_create(actor=owner, name="Sám  Lee", organization_name="lumen health")
    summary = _import(owner, LINKEDIN)
    assert (summary.created, summary.updated) == (0, 3)
    by_url.refresh_from_db()
    by_name.refresh_from_db()
    # Blanks are filled; what the user typed is kept.
    assert by_url.name == "D. Whitfield"
    assert by_url.email == "dana@example.org"
    assert by_name.title == "Product Designer"
    assert Person.objects.count() == 3
    assert Person.objects.get(pk=by_email.pk).title == "VP Operations"


def test_it_imports_the_valid_rows_and_reports_the_others(owner):
    summary = _import(owner, LINKEDIN + BAD_ROW)
    assert (summary.created, summary.rejected) == (3, 1)
    assert {(p.line, p.column) for p in summary.problems} == {
        (9, "Connected On"),
        (9, "Email Address"),
    }
    assert not Person.objects.filter(name="Bad Row").exists()


def test_all_or_nothing_imports_nothing_when_a_row_is_wrong(owner):
    summary = _import(owner, LINKEDIN + BAD_ROW, all_or_nothing=True)
    assert not summary.committed
    assert summary.created == 0
    assert not Person.objects.exists()


def test_a_dry_run_counts_but_writes_nothing(owner):
    summary = _import(owner, LINKEDIN, dry_run=True)
    assert summary.created == 3 and not summary.committed
    assert not Person.objects.exists() and not Organization.objects.exists()


def test_a_failure_midway_leaves_the_database_as_it_was(owner, monkeypatch):
    person_create(actor=owner, name="Already There")
    before = list(Person.objects.values_list())

    def explode(done):
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        rows = LINKEDIN.replace(",,,,,,\r\n", "") + "".join(
            f"P{i},Q,,,Org {i % 7},Analyst,01 Jan 2024\r\n" for i in range(600)
        )
        import_people(actor=owner, parsed=read_linkedin(rows.encode()), progress=explode)
    assert list(Person.objects.values_list()) == before
    assert not Organization.objects.exists()


def test_a_vcard_export_imports_back_as_the_same_people(owner, outsider, tmp_path):
    import io

    from coffeechat.exchange.vcard import write_vcards

    person_create(
        actor=owner,
        name="Dana Whitfield",
        email="dana@example.org",
        phone="+1 555 0100",
        title="Policy Advisor",
        organization_name="City Office",
        linkedin_url="https://www.linkedin.com/in/dana",
        tags="policy, climate",
        notes="Met at the library",
    )
    stream = io.StringIO()
    write_vcards(actor=owner, stream=stream)
    summary = import_people(actor=outsider, parsed=read_vcard(stream.getvalue().encode()))
    assert summary.created == 1
    fields = ("name", "email", "phone", "title", "linkedin_url", "notes", "organization__name")
    assert list(Person.objects.filter(owner=outsider).values_list(*fields)) == list(
        Person.objects.filter(owner=owner).values_list(*fields)
    )
    assert set(Tag.objects.filter(owner=outsider).values_list("name", flat=True)) == {
        "policy",
        "climate",
    }
    # And the owner importing their own export changes nothing.
    again = import_people(actor=owner, parsed=read_vcard(stream.getvalue().encode()))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_names_match_whatever_their_case_accents_and_spacing():
    assert normalize_name("  José   RUIZ ") == normalize_name("jose ruiz")


def test_the_cli_prints_the_summary_and_fails_when_nothing_was_imported(owner, tmp_path, capsys):
    path = tmp_path / "Connections.csv"
    path.write_bytes((LINKEDIN + BAD_ROW).encode())
    assert main(["import", "linkedin", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Imported: 3 created, 0 updated, 0 unchanged, 1 rejected." in out
    assert "line 9, Email Address: expected an email address, found 'not-an-email'" in out
    assert main(["import", "linkedin", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["created"], data["unchanged"], data["rejected"]) == (0, 3, 1)
    assert data["problems"][0]["line"] == 9


def test_the_cli_refuses_an_unreadable_file_whole(owner, tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_bytes("just some words\nnothing else\n".encode("latin-1"))
    assert main(["import", "linkedin", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no LinkedIn header found" in err and "nothing was imported" in err
    assert not Person.objects.exists()


def test_it_imports_a_file_naming_over_a_thousand_organizations(owner):
    # Guards against building one giant query with a term per organization.
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    rows = "".join(f"P{i},Q,,,Org {i},Analyst,01 Jan 2024\r\n" for i in range(1100))
    summary = _import(owner, header + rows)
    assert summary.created == 1100
    assert Organization.objects.filter(owner=owner).count() == 1100


OTHER_CSV = (
    "Full Name;Mail;Firm;Job\r\n"
    "Ana Ruiz;ana@example.org;Harbor Labs;Analyst\r\n"
    "Bad Mail;nope;X;Y\r\n"
)
MAP = "Full Name=name,Mail=email,Firm=organization,Job=title"


def test_any_csv_imports_with_the_users_column_map(owner):
    parsed = read_csv(OTHER_CSV.encode(), parse_map(MAP))
    summary = import_people(actor=owner, parsed=parsed)
    assert (summary.created, summary.rejected) == (1, 1)
    ana = Person.objects.get(owner=owner)
    assert (ana.name, ana.email, ana.organization.name, ana.title) == (
        "Ana Ruiz",
        "ana@example.org",
        "Harbor Labs",
        "Analyst",
    )


@pytest.mark.parametrize(
    ("mapping", "message"),
    [("Nope=name", "column 'Nope' is not in the file"), ("Mail=colour", "COLUMN=FIELD")],
)
def test_a_wrong_column_map_refuses_the_file_whole(mapping, message):
    with pytest.raises(UnreadableFile, match=message):
        read_csv(OTHER_CSV.encode(), parse_map(mapping))


def test_a_csv_without_a_name_column_asks_for_a_map():
    with pytest.raises(UnreadableFile, match="--map"):
        read_csv(b"Mail,Firm\r\na@example.org,X\r\n")


def test_the_cli_writes_the_rejected_lines_with_their_problems(owner, tmp_path, capsys):
    source, rejected = tmp_path / "other.csv", tmp_path / "rejected.csv"
    source.write_text(OTHER_CSV)
    assert main(["import", "csv", str(source), "--map", MAP, "--rejected", str(rejected)]) == 0
    lines = rejected.read_text().splitlines()
    assert lines[0] == "line,problem,cells"
    assert lines[1] == "3,\"email: expected an email address, found 'nope'\",Bad Mail,nope,X,Y"


def test_two_lines_filling_the_same_person_count_as_one_update(owner):
    person_create(actor=owner, name="Dana Whitfield", organization_name="City Office")
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    rows = (
        "Dana,Whitfield,,dana@example.org,City Office,,\r\n"
        "Dana,Whitfield,,,City Office,Policy Advisor,\r\n"
    )
    summary = _import(owner, header + rows)
    assert (summary.created, summary.updated) == (0, 1)
    dana = Person.objects.get(owner=owner)
    assert (dana.email, dana.title) == ("dana@example.org", "Policy Advisor")


HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def test_two_profiles_with_the_same_name_and_employer_stay_two_people(owner):
    text = (
        HEADER
        + "Wei,Zhang,https://www.linkedin.com/in/wei-zhang-1,,Initech,Engineer,15 Mar 2024\r\n"
        + "Wei,Zhang,https://www.linkedin.com/in/wei-zhang-2,,Initech,Designer,15 Mar 2024\r\n"
    )
    summary = _import(owner, text)
    assert summary.created == 2
    titles = sorted(Person.objects.filter(owner=owner).values_list("title", flat=True))
    assert titles == ["Designer", "Engineer"]


def test_a_nul_character_rejects_its_line_not_the_file(owner):
    text = HEADER + "Ana,Ruiz,,,Acme,Analyst,\r\nBo,Ch\x00en,,,Acme,Analyst,\r\n"
    summary = _import(owner, text)
    assert (summary.created, summary.rejected) == (1, 1)
    assert [str(p) for p in summary.problems] == [
        "line 3, name: expected text without a NUL character, found '\\\\x00'"
    ]
    assert list(Person.objects.filter(owner=owner).values_list("name", flat=True)) == ["Ana Ruiz"]


def test_organizations_keep_the_files_first_spelling_whatever_the_case(owner):
    text = (
        HEADER
        + "Ana,Ruiz,,,Northwind,Analyst,\r\n"
        + "Bo,Chen,,,NORTHWIND,Analyst,\r\n"
        + "Cy,Dole,,,ΟΔΟΣ,Analyst,\r\n"
        + "Di,Eve,,,οδος,Analyst,\r\n"
    )
    _import(owner, text)
    names = sorted(Organization.objects.filter(owner=owner).values_list("name", flat=True))
    assert names == ["Northwind", "ΟΔΟΣ"]


def test_a_long_tag_is_shortened_and_still_attached(owner):
    data = ("Name,Tags\nAna Ruiz," + "x" * 60 + "\n").encode()
    import_people(actor=owner, parsed=read_csv(data))
    person = Person.objects.get(owner=owner)
    assert [t.name for t in person.tags.all()] == ["x" * 50]


def test_our_own_spreadsheet_imports_back_without_a_column_map(owner, outsider):
    import io

    from coffeechat.exchange.contacts import contact_rows, write_csv

    _import(owner, LINKEDIN)
    Person.objects.filter(owner=owner, name="Sam Lee").update(phone="+44 20 7946 0321")
    stream = io.StringIO()
    write_csv(contact_rows(actor=owner), stream)
    summary = import_people(actor=outsider, parsed=read_csv(stream.getvalue().encode()))
    assert summary.created == 3 and summary.problems == []
    fields = ("name", "email", "phone", "title", "first_degree_since", "organization__name")
    mine = sorted(Person.objects.filter(owner=owner).values_list(*fields))
    theirs = sorted(Person.objects.filter(owner=outsider).values_list(*fields))
    assert theirs == mine  # the phone's formula guard came off again
