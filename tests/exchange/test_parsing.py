"""Reading other tools' contact files: LinkedIn, Google Contacts and vCard (no database)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.exchange.parsing import (
    Problem,
    UnreadableFile,
    read_google,
    read_linkedin,
    read_vcard,
)

FIXTURES = Path(__file__).parent / "fixtures"

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PREAMBLES = {
    0: [],
    1: ["Notes:"],
    3: [
        "Notes:",
        '"Some connections keep their email private, so those cells are blank, by design."',
        "",
    ],
}
BODY = [
    "Priya,Raman,https://www.linkedin.com/in/priya-raman-4821,priya.raman@example.com,"
    '"Northwind Robotics, Inc.",Head of Platform,15 Mar 2024',
    'Hana,Okafor,,,Bluegate Studio,"Design Lead',
    '(Brand & Web)",29-Mar-21',
    "Jonas,Whitcombe,,jonas@example.org,Kestrel Labs,Data Scientist,not a date",
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def linkedin_bytes(preamble: int, newline: str = "\n", bom: bool = False) -> bytes:
    text = newline.join([*PREAMBLES[preamble], HEADER, *BODY, ",,,,,,"]) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def by_name(parsed):
    return {row.name: row for row in parsed.rows}


# --- LinkedIn -----------------------------------------------------------------------


def test_it_reads_every_good_row_of_a_linkedin_export():
    parsed = read_linkedin(fixture("linkedin_connections.csv"))

    assert [row.name for row in parsed.rows] == [
        "Priya Raman",
        "Tomás Ferreira-Lund",
        "Hana Okafor",
        "Léa Moreau",
    ]
    priya = parsed.rows[0]
    assert priya.line == 5
    assert priya.email == "priya.raman@example.com"
    assert priya.linkedin_url == "https://www.linkedin.com/in/priya-raman-4821"
    assert priya.organization == "Northwind Robotics, Inc."
    assert priya.title == "Head of Platform"
    assert priya.first_degree_since == date(2024, 3, 15)


def test_it_keeps_quoted_commas_and_folds_quoted_line_breaks():
    rows = by_name(read_linkedin(fixture("linkedin_connections.csv")))

    assert rows["Tomás Ferreira-Lund"].title == "Product Manager, Growth"
    assert rows["Hana Okafor"].title == "Design Lead (Brand & Web)"
    assert rows["Hana Okafor"].line == 7


def test_it_leaves_empty_emails_and_urls_empty():
    rows = by_name(read_linkedin(fixture("linkedin_connections.csv")))

    hana = rows["Hana Okafor"]
    assert (hana.email, hana.linkedin_url) == ("", "")
    assert rows["Tomás Ferreira-Lund"].email == ""
    lea = rows["Léa Moreau"]
    assert (lea.linkedin_url, lea.organization, lea.title) == ("", "", "")


def test_it_reads_both_linkedin_date_styles():
    rows = by_name(read_linkedin(fixture("linkedin_connections.csv")))

    assert rows["Priya Raman"].first_degree_since == date(2024, 3, 15)
    assert rows["Tomás Ferreira-Lund"].first_degree_since == date(2021, 3, 29)
    assert rows["Hana Okafor"].first_degree_since == date(2023, 1, 2)
    assert rows["Léa Moreau"].first_degree_since == date(2020, 7, 7)


def test_it_reports_a_bad_date_on_the_line_where_its_record_starts():
    parsed = read_linkedin(fixture("linkedin_connections.csv"))

    # Line 9: after a 3-line preamble, the header, and a record spanning lines 7-8.
    assert Problem(9, "Connected On", "a date such as 15 Mar 2024", "31 Feb 2022") in (
        parsed.problems
    )
    assert "Jonas Whitcombe" not in by_name(parsed)
    assert parsed.raw[9] == [
        "Jonas",
        "Whitcombe",
        "https://www.linkedin.com/in/jonas-whitcombe",
        "jonas.whitcombe@example.org",
        "Kestrel Labs",
        "Data Scientist",
        "31 Feb 2022",
    ]


def test_it_reports_a_bad_email_with_its_line_column_and_value():
    parsed = read_linkedin(fixture("linkedin_connections.csv"))

    problem = Problem(10, "Email Address", "an email address", "amara at example.com")
    assert problem in parsed.problems
    assert str(problem) == (
        "line 10, Email Address: expected an email address, found 'amara at example.com'"
    )
    assert "Amara Nwosu" not in by_name(parsed)
    assert parsed.raw[10][:4] == [
        "Amara",
        "Nwosu",
        "https://www.linkedin.com/in/amara-nwosu",
        "amara at example.com",
    ]


def test_it_reports_only_the_bad_rows():
    parsed = read_linkedin(fixture("linkedin_connections.csv"))

    assert sorted(p.line for p in parsed.problems) == [9, 10]
    assert sorted(parsed.raw) == [9, 10]


@pytest.mark.parametrize("preamble", [0, 1, 3])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_it_finds_the_header_whatever_the_preamble_line_endings_and_bom(preamble, newline, bom):
    parsed = read_linkedin(linkedin_bytes(preamble, newline, bom))

    assert [row.name for row in parsed.rows] == ["Priya Raman", "Hana Okafor"]
    header_line = preamble + 1
    assert [row.line for row in parsed.rows] == [header_line + 1, header_line + 2]
    assert parsed.rows[0].organization == "Northwind Robotics, Inc."
    assert parsed.rows[1].title == "Design Lead (Brand & Web)"
    assert parsed.rows[1].first_degree_since == date(2021, 3, 29)
    assert parsed.problems == [
        Problem(header_line + 4, "Connected On", "a date such as 15 Mar 2024", "not a date")
    ]


def test_it_skips_the_trailing_empty_rows_spreadsheets_leave():
    data = (HEADER + "\nPriya,Raman,,,Northwind,CTO,15 Mar 2024\n,,,,,,\n,,,,,,\n\n").encode()

    parsed = read_linkedin(data)

    assert [row.name for row in parsed.rows] == ["Priya Raman"]
    assert parsed.problems == []
    assert parsed.raw == {}


def test_it_reads_an_older_export_without_the_url_column():
    parsed = read_linkedin(fixture("linkedin_connections_old.csv"))

    assert parsed.problems == []
    wendell, sigrid = parsed.rows
    assert wendell.name == "Wendell Asante"
    assert wendell.email == "wendell.asante@example.net"
    assert wendell.linkedin_url == ""
    assert wendell.organization == "Copperleaf Energy"
    assert wendell.title == "Field Engineer"
    assert wendell.first_degree_since == date(2018, 6, 19)
    assert wendell.line == 3
    assert (sigrid.name, sigrid.email) == ("Sigrid Halvorsen", "")
    assert sigrid.first_degree_since == date(2017, 9, 3)


def test_it_refuses_a_file_without_a_linkedin_header():
    data = b"Notes:\nPriya,Raman,priya@example.com\nHana,Okafor,hana@example.com\n"

    with pytest.raises(UnreadableFile, match="LinkedIn"):
        read_linkedin(data)


def test_it_refuses_a_file_that_is_not_utf8():
    with pytest.raises(UnreadableFile, match="UTF-8"):
        read_linkedin(fixture("linkedin_connections_latin1.csv"))


# --- Google Contacts ----------------------------------------------------------------


def test_it_reads_the_current_google_header_style():
    parsed = read_google(fixture("google_current.csv"))

    keiko, dmitri = parsed.rows
    assert keiko.line == 2
    assert keiko.name == "Keiko Aiko Tanabe-Ruiz"
    assert keiko.organization == "Meridian Transit Authority"
    assert keiko.title == "Senior Transit Planner"
    assert keiko.notes == "Met at the civic-tech night.\nWants to talk about open timetable data."
    assert keiko.phone == "+1 415 555 0142"
    assert dmitri.line == 4
    assert dmitri.name == "Dmitri Volkov"
    assert (dmitri.organization, dmitri.title) == ("Stellwerk GmbH", "CTO")


def test_it_chooses_the_primary_of_several_values_in_one_cell():
    keiko = read_google(fixture("google_current.csv")).rows[0]

    assert keiko.email == "keiko@meridian.example"


def test_it_looks_through_numbered_groups_for_the_first_value():
    dmitri = read_google(fixture("google_current.csv")).rows[1]

    assert dmitri.email == "dmitri@stellwerk.example"


def test_it_reads_many_numbered_groups_in_any_length():
    names = ["First Name", "Last Name", "Organization Name"]
    groups = [f"E-mail {n} - Value" for n in range(1, 13)]
    data = (
        ",".join(names + groups) + "\n" + "Ada,Quill,Loom Works" + "," * 11 + ",ada@loom.example\n"
    )

    (row,) = read_google(data.encode()).rows

    assert (row.name, row.email) == ("Ada Quill", "ada@loom.example")


def test_it_turns_labels_into_tags_without_my_contacts():
    keiko, dmitri = read_google(fixture("google_current.csv")).rows

    assert keiko.tags == ["Mentors"]
    assert dmitri.tags == ["Former colleagues", "Berlin"]


def test_it_takes_a_linkedin_website_as_the_linkedin_url():
    keiko, dmitri = read_google(fixture("google_current.csv")).rows

    assert keiko.linkedin_url == "https://www.linkedin.com/in/keiko-tanabe-ruiz"
    assert dmitri.linkedin_url == ""


def test_it_reports_a_google_row_without_a_name():
    parsed = read_google(fixture("google_current.csv"))

    # The first record spans lines 2-3 (its note has a line break).
    assert parsed.problems == [Problem(5, "Name", "a name", "")]
    assert parsed.raw[5][10] == "Nameless Co"
    assert len(parsed.rows) == 2


def test_it_reads_the_legacy_google_header_style():
    parsed = read_google(fixture("google_legacy.csv"))

    assert parsed.problems == []
    rosalind, samuel = parsed.rows
    assert rosalind.name == "Rosalind Achterberg"
    assert rosalind.email == "rosalind@achterberg.example"
    assert rosalind.phone == "+31 20 555 0173"
    assert rosalind.organization == "Achterberg & Zonen"
    assert rosalind.title == "Managing Partner"
    assert rosalind.linkedin_url == "https://linkedin.com/in/rachterberg"
    assert rosalind.notes == "Introduced by Dmitri, over lunch"
    assert rosalind.tags == ["Book club"]
    assert samuel.name == "Samuel K. Oduya"
    assert samuel.email == "sam.oduya@example.org"
    assert (samuel.organization, samuel.title) == ("Baobab Ventures", "Associate")
    assert samuel.tags == []


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(fixture("linkedin_connections.csv"), id="linkedin"),
        pytest.param(b"name,email,phone\nPriya Raman,priya@example.com,555\n", id="generic"),
        pytest.param(b"", id="empty"),
    ],
)
def test_it_refuses_a_csv_that_is_not_from_google(data):
    with pytest.raises(UnreadableFile):
        read_google(data)


def test_it_names_the_email_column_the_bad_address_came_from():
    data = (
        b"First Name,Last Name,Organization Name,E-mail 1 - Value,E-mail 2 - Value\n"
        b"Ada,Quill,Loom Works,,ada(at)loom.example\n"
    )

    parsed = read_google(data)

    assert parsed.problems == [
        Problem(2, "E-mail 2 - Value", "an email address", "ada(at)loom.example")
    ]


# --- vCard --------------------------------------------------------------------------


def test_it_reads_a_full_vcard_3_with_folded_lines():
    parsed = read_vcard(fixture("contacts_v3.vcf"))

    mireille = parsed.rows[0]
    assert mireille.line == 1
    assert mireille.name == "Mireille Okonkwo-Vasquez"
    assert mireille.organization == "Lantern Freight Co"
    assert mireille.title == "Staff Engineer"
    assert mireille.email == "mireille.okonkwo-vasquez@lantern-freight.example"
    assert mireille.phone == "+1 555 0100"
    assert mireille.linkedin_url == "https://www.linkedin.com/in/mireille-okonkwo-vasquez"
    assert mireille.notes == (
        "Met at the freight-data meetup, Lisbon.\nAsk about her streaming pipeline talk."
    )
    assert mireille.tags == ["mentor", "data engineering"]


def test_it_reads_several_cards_with_any_mix_of_fields():
    parsed = read_vcard(fixture("contacts_v3.vcf"))

    assert [(row.line, row.name) for row in parsed.rows] == [
        (1, "Mireille Okonkwo-Vasquez"),
        (2, "Dr. Tobias J. Brandt"),
        (3, "Oluwaseun Adeyemi"),
    ]
    tobias, oluwaseun = parsed.rows[1:]
    assert (tobias.email, tobias.organization, tobias.tags) == ("", "", [])
    assert (oluwaseun.phone, oluwaseun.notes, oluwaseun.linkedin_url) == ("", "", "")


def test_it_reports_a_card_without_a_name():
    parsed = read_vcard(fixture("contacts_v3.vcf"))

    assert parsed.problems == [Problem(4, "FN", "a name", "")]
    assert 4 in parsed.raw
    assert "Nobody" not in [row.name for row in parsed.rows]
    assert len(parsed.rows) == 3


def test_it_reads_vcard_4():
    parsed = read_vcard(fixture("contacts_v4.vcf"))

    assert parsed.problems == []
    ines, marco = parsed.rows
    assert ines.name == "Ines Haraldsdóttir"
    assert ines.organization == "Fjord Analytics"
    assert ines.title == "Research Lead"
    assert ines.email == "ines@fjord-analytics.example"
    assert ines.linkedin_url == "https://www.linkedin.com/in/ines-haraldsdottir"
    assert ines.notes == "Coffee at the station, then a walk.\nNext: introduce her to Priya."
    assert ines.tags == ["nordics", "analytics"]
    assert (marco.line, marco.name) == (2, "Marco Bellandi")


def test_it_reads_a_vcard_4_telephone_uri_as_a_number():
    ines = read_vcard(fixture("contacts_v4.vcf")).rows[0]

    assert ines.phone == "+44-20-7946-0321"


def test_it_uses_the_first_of_several_emails():
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Yusuf Demir\r\n"
        b"EMAIL;TYPE=WORK:yusuf@atlas.example\r\nEMAIL;TYPE=HOME:yusuf.d@home.example\r\n"
        b"END:VCARD\r\n"
    )

    (row,) = read_vcard(data).rows

    assert row.email == "yusuf@atlas.example"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(fixture("google_legacy.csv"), id="csv"),
        pytest.param(b"Just some notes about people I met.\n", id="text"),
        pytest.param(b"", id="empty"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_vcard(data):
    with pytest.raises(UnreadableFile, match="vCard"):
        read_vcard(data)


def test_it_refuses_a_vcard_file_that_is_not_utf8():
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Brücke\r\nEND:VCARD\r\n".encode("latin-1")

    with pytest.raises(UnreadableFile, match="UTF-8"):
        read_vcard(data)


# --- Round trip through Python's csv module -----------------------------------------

# Line breaks inside cells come as LF or CRLF; a lone CR is left out because Python's csv
# writer does not quote it under an LF line terminator (no reader could tell it apart).
PIECES = st.text(
    alphabet=st.one_of(
        st.characters(categories=["L"]),
        st.sampled_from(list(" ,\"'-.&()\néñøŁü")),
    ),
    max_size=20,
).flatmap(lambda s: st.sampled_from([s, s.replace("\n", "\r\n")]))
NAMES = PIECES.filter(lambda s: s.strip())
EMAILS = st.from_regex(
    r"[a-z][a-z0-9]{0,9}(\.[a-z0-9]{1,6})?@[a-z]{2,10}\.(com|org|net|example)", fullmatch=True
)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
PEOPLE = st.fixed_dictionaries(
    {
        "first": NAMES,
        "last": NAMES,
        "email": st.one_of(st.just(""), EMAILS),
        "company": PIECES,
        "position": PIECES,
        "since": DATES,
        "style": st.sampled_from(["%d %b %Y", "%d-%b-%y"]),
    }
)


def clean(value: str) -> str:
    return " ".join(value.split())


@settings(max_examples=100, deadline=None)
@given(
    people=st.lists(PEOPLE, min_size=1, max_size=6),
    preamble=st.sampled_from([0, 1, 3]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_it_reads_back_every_field_of_random_rows(people, preamble, newline):
    out = io.StringIO(newline="")
    for line in PREAMBLES[preamble]:
        out.write(line + newline)
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(HEADER.split(","))
    for person in people:
        writer.writerow(
            [
                person["first"],
                person["last"],
                "",
                person["email"],
                person["company"],
                person["position"],
                person["since"].strftime(person["style"]),
            ]
        )

    parsed = read_linkedin(out.getvalue().encode())

    assert parsed.problems == []
    assert len(parsed.rows) == len(people)
    for row, person in zip(parsed.rows, people, strict=True):
        assert row.name == clean(person["first"] + " " + person["last"])
        assert row.email == person["email"]
        assert row.organization == clean(person["company"])
        assert row.title == clean(person["position"])
        assert row.first_degree_since == person["since"]
