"""Web imports as background jobs: create, choose columns, run, follow, commit, delete.

A job runs in a thread of the web process that received the upload, so a 30,000-row
file doesn't hold a request open. The import itself is one transaction (importing.py),
which on SQLite holds the only write lock until it ends: the live progress therefore
goes to the cache (files shared by every worker), and the job's row is written only
before and after. If the process dies mid-import, the transaction is rolled back by the
database and the job is found "running" with no recent heartbeat: it is then reported
as interrupted, with nothing imported.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from coffeechat.exchange.importing import import_people
from coffeechat.exchange.models import ImportJob, ImportSource, ImportStatus
from coffeechat.exchange.parsing import (
    CSV_FIELDS,
    READERS,
    UnreadableFile,
    read_csv,
    write_rejected,
)
from coffeechat.network.duplicates import count_likely_duplicates

logger = logging.getLogger(__name__)

# No heartbeat for this long while "running" means the process that ran it is gone.
STALE_AFTER = timedelta(minutes=5)
# The page lists this many problems; all of them are in the rejected-lines download.
PROBLEMS_KEPT = 200
INTERRUPTED = (
    "The import stopped before it finished (the server was restarted or stopped). "
    "Nothing was imported; you can start it again."
)


# --- live progress ------------------------------------------------------------------


def _key(job: ImportJob) -> str:
    return f"import-progress:{job.token}"


def report(job: ImportJob, *, phase: str, done: int = 0, total: int = 0) -> None:
    cache.set(_key(job), {"phase": phase, "done": done, "total": total, "beat": time.time()})


def progress_of(job: ImportJob) -> dict:
    return cache.get(_key(job)) or {"phase": "waiting", "done": 0, "total": 0, "beat": None}


# --- creating and configuring a job -------------------------------------------------


def import_job_create(
    *,
    actor,
    source: str,
    filename: str,
    data: bytes,
    all_or_nothing: bool = False,
    dry_run: bool = False,
) -> ImportJob:
    if source not in ImportSource.values:
        raise ValidationError({"source": "Choose one of the listed kinds of file."})
    if not data:
        raise ValidationError({"file": "The file is empty."})
    if len(data) > settings.COFFEECHAT_IMPORT_MAX_BYTES:
        limit = settings.COFFEECHAT_IMPORT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"file": f"The file is larger than {limit} MB."})
    return ImportJob.objects.create(
        owner=actor,
        source=source,
        filename=(filename or "upload")[:255],
        data=data,
        all_or_nothing=all_or_nothing,
        dry_run=dry_run,
        # Any other CSV waits for the user to say which column holds what.
        status=ImportStatus.MAPPING if source == ImportSource.CSV else ImportStatus.WAITING,
    )


def check_column_map(column_map: dict[str, str]) -> dict[str, str]:
    """{file column: field}, each field used once, with a name among them."""
    chosen = {column: field for column, field in column_map.items() if field}
    unknown = sorted(set(chosen.values()) - set(CSV_FIELDS))
    if unknown:
        raise ValidationError(f"{unknown[0]!r} is not a field coffeechat knows.")
    seen: dict[str, str] = {}
    for column, field in chosen.items():
        if field in seen:
            raise ValidationError(
                f"Both “{seen[field]}” and “{column}” are set to {FIELD_LABELS[field]}: "
                "choose one column for each field."
            )
        seen[field] = column
    if "name" not in seen and "first_name" not in seen:
        raise ValidationError("Choose the column that holds the name (or the first name).")
    return chosen


def import_job_set_columns(*, actor, job: ImportJob, column_map: dict[str, str]) -> ImportJob:
    _check_owner(actor, job)
    if job.status != ImportStatus.MAPPING:
        raise ValidationError("This import has already started; its columns can't change.")
    job.column_map = check_column_map(column_map)
    job.status = ImportStatus.WAITING
    job.save(update_fields=["column_map", "status"])
    return job


def import_job_start(*, actor, job: ImportJob) -> None:
    """Run the job now: in a thread of this process, or (tests) within this request."""
    _check_owner(actor, job)
    if job.status != ImportStatus.WAITING:
        raise ValidationError("This import is not waiting to start.")
    busy = (
        ImportJob.objects.filter(owner=actor, status=ImportStatus.RUNNING)
        .exclude(pk=job.pk)
        .first()
    )
    if busy is not None and not _is_stale(busy):
        raise ValidationError(
            f"Another import ({busy.filename}) is still running: wait for it to finish."
        )
    report(job, phase="waiting")
    if settings.COFFEECHAT_IMPORT_IN_BACKGROUND:
        # After commit, so the thread's own connection sees the job.
        transaction.on_commit(
            lambda: threading.Thread(
                target=run_import_job, args=(job.pk,), kwargs={"background": True}, daemon=True
            ).start()
        )
    else:
        run_import_job(job.pk)


def import_job_commit(*, actor, job: ImportJob) -> ImportJob:
    """Import for real what a dry run checked, from the file it kept."""
    _check_owner(actor, job)
    if not (job.status == ImportStatus.DONE and job.dry_run and job.data):
        raise ValidationError("Only a finished check (dry run) can be imported from here.")
    job.dry_run = False
    job.status = ImportStatus.WAITING
    job.summary = {}
    job.rejected_csv = ""
    job.save(update_fields=["dry_run", "status", "summary", "rejected_csv"])
    import_job_start(actor=actor, job=job)
    return job


def import_job_delete(*, actor, job: ImportJob) -> None:
    _check_owner(actor, job)
    if job.status == ImportStatus.RUNNING and not _is_stale(job):
        raise ValidationError("The import is still running: wait for it to finish.")
    cache.delete(_key(job))
    job.delete()


def import_job_refresh(job: ImportJob) -> ImportJob:
    """A job left "running" by a process that died is reported as interrupted."""
    if job.status == ImportStatus.RUNNING and _is_stale(job):
        job.status = ImportStatus.FAILED
        job.error = INTERRUPTED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
    return job


def interrupt_unfinished_jobs() -> int:
    """At server start: any job still running belonged to a process that is gone."""
    return ImportJob.objects.filter(status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED, error=INTERRUPTED, finished_at=timezone.now()
    )


def _is_stale(job: ImportJob) -> bool:
    beat = progress_of(job)["beat"]
    last = beat if beat is not None else (job.started_at or job.created_at).timestamp()
    return time.time() - last > STALE_AFTER.total_seconds()


def _check_owner(actor, job: ImportJob) -> None:
    if job.owner_id != actor.pk:
        raise ValueError("not this user's import")


# --- running ------------------------------------------------------------------------

FIELD_LABELS = {
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "linkedin_url": "LinkedIn URL",
    "organization": "Organization",
    "title": "Title",
    "notes": "Notes",
    "tags": "Tags",
    "first_degree_since": "Connected on (date)",
}


def parse_job_file(job: ImportJob):
    data = bytes(job.data)
    if job.source == ImportSource.CSV:
        return read_csv(data, job.column_map or None)
    return READERS[job.source](data)


def run_import_job(job_id: int, *, background: bool = False) -> None:
    if background:
        close_old_connections()
    try:
        _run(ImportJob.objects.select_related("owner").get(pk=job_id))
    finally:
        if background:
            connection.close()  # this thread's own connection


def _run(job: ImportJob) -> None:
    job.status = ImportStatus.RUNNING
    job.started_at = timezone.now()
    job.error = ""
    job.save(update_fields=["status", "started_at", "error"])
    report(job, phase="reading")
    try:
        parsed = parse_job_file(job)
        total = len(parsed.rows)
        report(job, phase="checking", total=total)

        def progress(done: int) -> None:
            report(job, phase="saving" if done >= total else "checking", done=done, total=total)

        summary = import_people(
            actor=job.owner,
            parsed=parsed,
            all_or_nothing=job.all_or_nothing,
            dry_run=job.dry_run,
            progress=progress,
        )
    except UnreadableFile as error:
        _finish(job, ImportStatus.REFUSED, error=f"{job.filename}: {error}. Nothing was imported.")
        return
    except Exception as error:  # noqa: BLE001 (the user sees a plain failure, not a traceback)
        # The type only: a database error's text can quote the person's details.
        logger.error("import job %s failed: %s", job.pk, type(error).__name__)
        _finish(
            job,
            ImportStatus.FAILED,
            error="Something went wrong, and nothing was imported. Try again; if it keeps "
            "failing, import the file with the command line (coffeechat import) to see why.",
        )
        return
    stream = io.StringIO()
    if parsed.raw:
        write_rejected(parsed.problems, parsed.raw, stream)
    data = summary.as_dict()
    data["problem_count"] = len(data["problems"])
    data["problems"] = [p["message"] for p in data["problems"][:PROBLEMS_KEPT]]
    job.summary = data
    job.rejected_csv = stream.getvalue()
    if summary.committed and not job.dry_run:
        job.data = b""  # imported: the upload has served its purpose
        if summary.person_ids:
            report(job, phase="duplicates", done=total, total=total)
            data["likely_duplicates"] = count_likely_duplicates(job.owner, among=summary.person_ids)
        if summary.created > 1000:
            from coffeechat.db import refresh_statistics

            refresh_statistics()
    _finish(job, ImportStatus.DONE)


def _finish(job: ImportJob, status: str, *, error: str = "") -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    job.save()
    report(job, phase="finished")
