"""Importing from the web: upload, columns for any CSV, progress, summary, rejected lines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coffeechat.exchange import jobs
from coffeechat.exchange.models import ImportJob, ImportStatus
from coffeechat.network.models import Person
from tests.web.helpers import HTMX, text

FIXTURES = Path(__file__).resolve().parents[1] / "exchange" / "fixtures"


def upload(client, name, *, source="linkedin", data=None, **options):
    data = data if data is not None else (FIXTURES / name).read_bytes()
    form = {"source": source, "file": SimpleUploadedFile(name, data), "mode": "valid"}
    form.update(options)
    return client.post(reverse("import-start"), form)


def people(owner):
    return sorted(Person.objects.filter(owner=owner).values_list("name", flat=True))


def test_the_import_page_explains_and_offers_every_kind_of_file(owner_client):
    page = text(owner_client.get(reverse("import-start")))
    assert "Import people" in page
    for kind in ("LinkedIn connections", "Google Contacts", "vCard", "Any other spreadsheet"):
        assert kind in page
    assert "No imports yet" in page


def test_a_linkedin_upload_imports_the_valid_lines_and_lists_the_others(owner_client, owner):
    response = upload(owner_client, "linkedin_connections.csv")
    job = ImportJob.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = text(owner_client.get(job.get_absolute_url()))
    assert "Imported" in page
    assert job_summary(job)["created"] == len(people(owner)) > 0
    assert "Priya Raman" in people(owner)
    # The impossible date and the broken email are named by line and column.
    assert "Connected On: expected a date such as 15 Mar 2024, found '31 Feb 2022'" in page
    assert "Email Address: expected an email address, found 'amara at example.com'" in page
    assert "Download the rejected lines" in page


def job_summary(job):
    job.refresh_from_db()
    return job.summary


def test_the_rejected_lines_download_names_each_problem(owner_client, owner):
    upload(owner_client, "linkedin_connections.csv")
    job = ImportJob.objects.get(owner=owner)
    response = owner_client.get(reverse("import-rejected", args=[job.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="linkedin_connections-rejected.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["line", "problem", "cells"]
    by_name = {row[2]: row for row in rows[1:]}
    assert "Connected On" in by_name["Jonas"][1]
    assert "Email Address" in by_name["Amara"][1]


def test_all_or_nothing_imports_nothing_when_a_line_is_wrong(owner_client, owner):
    upload(owner_client, "linkedin_connections.csv", mode="all")
    job = ImportJob.objects.get(owner=owner)
    page = text(owner_client.get(job.get_absolute_url()))
    assert "Nothing was imported" in page
    assert people(owner) == []
    assert "found '31 Feb 2022'" in page  # the problems are still listed, to fix


def test_a_check_writes_nothing_until_the_user_imports_it(owner_client, owner):
    upload(owner_client, "linkedin_connections.csv", dry_run="on")
    job = ImportJob.objects.get(owner=owner)
    page = text(owner_client.get(job.get_absolute_url()))
    assert "What this import would do" in page
    assert people(owner) == []
    would_create = job_summary(job)["created"]

    response = owner_client.post(reverse("import-commit", args=[job.pk]))
    assert response.status_code == 302
    assert len(people(owner)) == would_create
    job.refresh_from_db()
    assert not job.dry_run and job.data == b""  # the upload is dropped once imported


def test_importing_the_same_file_again_adds_no_one(owner_client, owner):
    upload(owner_client, "linkedin_connections.csv")
    before = people(owner)
    upload(owner_client, "linkedin_connections.csv")
    latest = ImportJob.objects.filter(owner=owner).first()
    assert people(owner) == before
    summary = job_summary(latest)
    assert summary["created"] == 0 and summary["updated"] == 0
    assert summary["unchanged"] == len(before)


def test_an_unreadable_file_is_refused_whole_with_the_reason(owner_client, owner):
    upload(owner_client, "contacts.csv", source="google", data=b"just,some\nwords,here\n")
    job = ImportJob.objects.get(owner=owner)
    assert job.status == ImportStatus.REFUSED
    page = text(owner_client.get(job.get_absolute_url()))
    assert "no Google Contacts header found" in page
    assert "Nothing was imported" in page
    assert people(owner) == []


def test_an_empty_upload_is_refused_on_the_form(owner_client, owner):
    response = upload(owner_client, "empty.csv", data=b"")
    assert response.status_code == 422
    assert "The submitted file is empty" in text(response)
    assert not ImportJob.objects.exists()


def test_any_csv_asks_for_the_columns_with_a_preview(owner_client, owner):
    data = "Full Name;Employer;Mail\nRosa Díaz;Acme;rosa@example.com\nKai Berg;Globex;kai@x\n"
    response = upload(owner_client, "team.csv", source="csv", data=data.encode())
    job = ImportJob.objects.get(owner=owner)
    assert response["Location"] == reverse("import-columns", args=[job.pk])
    page = text(owner_client.get(response["Location"]))
    assert "Which column holds what?" in page
    assert "For example: Rosa Díaz, Kai Berg" in page

    columns = {"col_0": "name", "col_1": "organization", "col_2": "email"}
    preview = owner_client.post(
        reverse("import-columns", args=[job.pk]), {**columns, "preview": "1"}, **HTMX
    )
    shown = text(preview)
    assert "<h1>" not in shown  # htmx gets the preview only
    assert "Rosa Díaz" in shown and "Acme" in shown
    assert "email: expected an email address, found 'kai@x'" in shown
    assert people(owner) == []  # a preview writes nothing

    started = owner_client.post(reverse("import-columns", args=[job.pk]), {**columns, "start": "1"})
    assert started["Location"] == job.get_absolute_url()
    assert people(owner) == ["Rosa Díaz"]
    assert Person.objects.get(owner=owner).organization.name == "Acme"


def test_the_columns_must_name_someone_and_not_repeat(owner_client, owner):
    data = b"A,B\nRosa,Acme\n"
    upload(owner_client, "x.csv", source="csv", data=data)
    job = ImportJob.objects.get(owner=owner)
    url = reverse("import-columns", args=[job.pk])
    no_name = owner_client.post(url, {"col_0": "organization", "start": "1"})
    assert no_name.status_code == 422
    assert "Choose the column that holds the name" in text(no_name)
    twice = owner_client.post(url, {"col_0": "name", "col_1": "name", "start": "1"})
    assert "Both “A” and “B” are set to Full name" in text(twice)
    job.refresh_from_db()
    assert job.status == ImportStatus.MAPPING and people(owner) == []


def test_htmx_polling_gets_the_status_and_a_refresh_when_finished(owner_client, owner):
    upload(owner_client, "linkedin_connections.csv")
    job = ImportJob.objects.get(owner=owner)
    response = owner_client.get(job.get_absolute_url(), **HTMX)
    assert response["HX-Refresh"] == "true"
    assert 'id="import-status"' in text(response) and "<h1>" not in text(response)


def test_a_running_import_shows_live_progress_and_keeps_polling(owner_client, owner):
    job = jobs.import_job_create(
        actor=owner, source="linkedin", filename="big.csv", data=b"First Name,Last Name\n"
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    jobs.report(job, phase="checking", done=1500, total=30000)
    page = text(owner_client.get(job.get_absolute_url(), **HTMX))
    assert "Checking line 1,500 of 30,000" in page
    assert 'hx-trigger="every 1s"' in page
    assert '<progress max="30000" value="1500"' in page


def test_an_import_whose_process_died_is_reported_as_interrupted(owner_client, owner, clock):
    job = jobs.import_job_create(
        actor=owner, source="linkedin", filename="big.csv", data=b"First Name,Last Name\n"
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    jobs.report(job, phase="checking", done=10, total=100)
    clock.shift(jobs.STALE_AFTER.total_seconds() + 1)
    page = text(owner_client.get(job.get_absolute_url()))
    assert "stopped before it finished" in page and "Nothing was imported" in page
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_a_second_import_waits_for_the_running_one(owner_client, owner):
    running = jobs.import_job_create(actor=owner, source="linkedin", filename="a.csv", data=b"x")
    ImportJob.objects.filter(pk=running.pk).update(status=ImportStatus.RUNNING)
    jobs.report(running, phase="checking", done=1, total=2)
    response = upload(owner_client, "linkedin_connections.csv")
    assert response.status_code == 422
    assert "Another import (a.csv) is still running" in text(response)
    assert people(owner) == []


def test_removing_a_record_drops_it_and_its_file(owner_client, owner):
    upload(owner_client, "linkedin_connections.csv", dry_run="on")
    job = ImportJob.objects.get(owner=owner)
    response = owner_client.post(reverse("import-delete", args=[job.pk]))
    assert response["Location"] == reverse("import-start")
    assert not ImportJob.objects.exists()


def test_recent_imports_are_listed_with_their_result(owner_client, owner):
    upload(owner_client, "contacts_v4.vcf", source="vcard")
    page = text(owner_client.get(reverse("import-start")))
    assert "contacts_v4.vcf" in page
    created = ImportJob.objects.get(owner=owner).summary["created"]
    assert f"{created} new, 0 updated" in page


def test_the_people_page_offers_the_import(owner_client):
    page = text(owner_client.get(reverse("people-list")))
    assert reverse("import-start") in page


def test_a_failure_while_saving_imports_nothing_and_says_so(owner_client, owner, monkeypatch):
    def broken_bulk_update(*args, **kwargs):
        raise RuntimeError("disk full")

    person = Person.objects.create(owner=owner, name="Priya Raman")  # to be updated
    monkeypatch.setattr(Person.objects, "bulk_update", broken_bulk_update)
    upload(owner_client, "linkedin_connections.csv")
    job = ImportJob.objects.get(owner=owner)
    assert job.status == ImportStatus.FAILED
    assert "nothing was imported" in text(owner_client.get(job.get_absolute_url()))
    assert people(owner) == ["Priya Raman"]
    person.refresh_from_db()
    assert person.email == ""  # not even the fill of the matched person survived


def test_the_summary_points_to_likely_duplicates_the_import_made(owner_client, owner):
    from coffeechat.network.services import person_create

    person_create(actor=owner, name="Jonathan Smith", organization_name="Acme")
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Jon,Smith,,,Acme,Engineer,15 Mar 2024\n"
        b"Priya,Raman,,,Globex,Analyst,15 Mar 2024\n"
    )
    upload(owner_client, "Connections.csv", data=data)
    job = ImportJob.objects.get(owner=owner)
    page = text(owner_client.get(job.get_absolute_url()))
    assert "1 likely duplicate to review" in page
    assert reverse("people-duplicates") in page
