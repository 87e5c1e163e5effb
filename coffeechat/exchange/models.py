"""A web import: the uploaded file, its options, and what became of it.

The upload is kept until the import has been committed (a dry run can then be committed
without uploading again); the summary and the rejected lines stay for the user to read
and download until they delete the record.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportSource(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn connections (Connections.csv)"
    GOOGLE = "google", "Google Contacts (CSV export)"
    VCARD = "vcard", "Contact cards (vCard .vcf)"
    CSV = "csv", "Any other spreadsheet saved as CSV (you choose the columns)"


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", "Waiting for you to choose the columns"
    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    REFUSED = "refused", "Refused: the file can't be read"
    FAILED = "failed", "Failed: nothing was imported"


class ImportJob(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    # Names the job's live progress, which lives outside the database (see jobs.py).
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    source = models.CharField(max_length=10, choices=ImportSource.choices)
    filename = models.CharField(max_length=255)
    data = models.BinaryField(blank=True, default=b"")
    column_map = models.JSONField(default=dict, blank=True)
    all_or_nothing = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    summary = models.JSONField(default=dict, blank=True)
    rejected_csv = models.TextField(blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="importjob_owner_recent")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("import-detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)
